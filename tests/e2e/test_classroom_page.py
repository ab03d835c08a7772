"""A Classroom stream in a browser, as a given person sees it: an announcement posted
to one student (INDIVIDUAL_STUDENTS) reaches that student only."""

from __future__ import annotations

from playwright.sync_api import expect

from _browser import sign_in
from service.workspace import clients

COORDINATOR = "coordinator@school.example"
ANA, BEN = "ana.lopez@school.example", "ben.smith@school.example"
SCHOOL = {"users": [{"email": COORDINATOR, "name": {"givenName": "Morgan", "familyName": "Ashdown"}},
                    {"email": ANA, "name": {"givenName": "Ana", "familyName": "López"}},
                    {"email": BEN, "name": {"givenName": "Ben", "familyName": "Smith"}}],
          "courses": [{"name": "CAS 2026-2028", "owner": COORDINATOR, "students": [ANA, BEN]}]}


def test_a_student_sees_only_the_announcements_addressed_to_them(page, emulator):
    emulator.world.classroom.load_school(SCHOOL)
    classroom = clients.build("classroom", "v1", clients.EmulatorCredentials(COORDINATOR), emulator.url)
    [course] = classroom.courses().list().execute()["courses"]
    post = classroom.courses().announcements().create
    post(courseId=course["id"], body={"text": "Welcome to CAS!", "state": "PUBLISHED"}).execute()
    post(courseId=course["id"], body={"text": "Ana: please book your interview.", "state": "PUBLISHED",
                                      "assigneeMode": "INDIVIDUAL_STUDENTS",
                                      "individualStudentsOptions": {"studentIds": [ANA]}}).execute()

    sign_in(page, BEN, "/h")
    page.get_by_role("link", name="CAS 2026-2028").click()
    expect(page.get_by_text("Welcome to CAS!")).to_be_visible()
    expect(page.get_by_text("please book your interview")).to_have_count(0)

    sign_in(page, ANA, course["alternateLink"])
    expect(page.get_by_text("Ana: please book your interview.")).to_be_visible()

    sign_in(page, COORDINATOR, course["alternateLink"])
    expect(page.locator(".post", has_text="book your interview").locator(".audience")).to_have_text("to 1 student")
