"""A student opens their "My CAS record" from their Drive folder in a browser: the
record the service made there (service/records/publish.py, through the real client
libraries) reads as the student's status, outcomes and experiences, and is view
only for them although the folder is theirs to edit."""

from __future__ import annotations

from playwright.sync_api import expect

from _browser import DESKTOP, PHONE, sign_in
from service import cas
from service.config import EmulatorConfig
from service.records import publish, to_write, views_from_rows
from service.workspace import Workspace

COORDINATOR = "coordinator@school.example"
ANA = "ana.lopez@school.example"
FOLDER = "application/vnd.google-apps.folder"


def test_the_student_opens_her_record_from_her_folder_and_reads_it_view_only(
        page, emulator, drive_as, screenshots):
    emulator.world.classroom.load_school({"users": [  # whom the "signed in as" switch offers
        {"email": e, "name": {"givenName": e.split("@")[0].split(".")[0].capitalize(),
                              "familyName": "Test"}} for e in (COORDINATOR, ANA)], "courses": []})
    drive = drive_as(COORDINATOR)
    folder = drive.files().create(body={"name": "Ana López (S1234)", "mimeType": FOLDER},
                                  fields="id,webViewLink").execute()
    drive.permissions().create(fileId=folder["id"], sendNotificationEmail=False, body={
        "type": "user", "role": "writer", "emailAddress": ANA}).execute()
    student = {"student_id": "S1234", "name": "Ana López", "email": ANA}
    experience = {"experience_id": "K7M-3QX", "student_id": "S1234", "title": "Beach clean-up",
                  "strands": "Service", "advisor_decision": "Approved",
                  "advisor_comment": "Great <b>start</b>", "experience_status": "Approved",
                  "targeted_outcomes": "Collaboration"}
    assessed = {"S1234": cas.Assessment(
        student_id="S1234", status="On track", computed_status="On track", reasons=(),
        to_do=("Write a reflection on 'Beach clean-up'.",), notes=(), outcomes_evidenced=0,
        outcomes_total=7, outcomes_missing=tuple(cas.outcomes.framework(None).labels()),
        strand_counts=(("Creativity", 0), ("Activity", 0), ("Service", 1)), project="",
        interviews_done=0, last_reflection=None)}
    views = views_from_rows([student], assessed, cohort="2026-2028", settings={},
                            experiences=[experience], reflections=[], interviews=[])
    workspace = Workspace.from_config(EmulatorConfig(
        emulator_url=emulator.url, subject=COORDINATOR, school_domain="school.example",
        cohort="2026-2028", drive_writes_per_second="0"))
    done = publish(workspace.drive, to_write(views, {"S1234": folder["id"]}), cohort="2026-2028")
    assert done.made == ["S1234"]

    sign_in(page, ANA, folder["webViewLink"])
    page.get_by_role("link", name="My CAS record").click()
    expect(page.get_by_role("heading", name="My CAS record")).to_be_visible()
    expect(page.get_by_text("View only")).to_be_visible()
    expect(page.get_by_text("Locked: nobody can edit this file")).to_be_visible()
    content = page.frame_locator("iframe.doc-page")
    expect(content.get_by_text("Status: On track")).to_be_visible()
    expect(content.get_by_text("Write a reflection on 'Beach clean-up'.")).to_be_visible()
    expect(content.get_by_role("heading", name="Beach clean-up (K7M-3QX)")).to_be_visible()
    expect(content.get_by_text("Advisor's comment: Great <b>start</b>")).to_be_visible()
    expect(content.get_by_role("cell", name="5. Collaboration")).to_be_visible()
    for viewport in (DESKTOP, PHONE):   # as the student sees it, for a person to look at
        page.set_viewport_size(viewport)
        page.screenshot(path=str(screenshots / f"student-record-{viewport['width']}.png"),
                        full_page=True)
