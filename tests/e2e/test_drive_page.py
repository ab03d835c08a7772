"""Drive folders in a browser: each person sees what Drive's sharing lets them see.
The coordinator shares an advisor's folder with the advisor and each student's
folder (inside it) with that student, as the service provisions them."""

from __future__ import annotations

from playwright.sync_api import expect

from _browser import sign_in

COORDINATOR = "coordinator@school.example"
ADVISOR = "amara.okafor@school.example"
ANA, BEN = "ana.lopez@school.example", "ben.smith@school.example"
FOLDER = "application/vnd.google-apps.folder"


def test_students_see_their_own_folder_and_the_advisor_sees_both(page, emulator, drive_as):
    emulator.world.classroom.load_school({"users": [  # whom the "signed in as" switch offers
        {"email": e, "name": {"givenName": e.split(".")[0].capitalize(), "familyName": "Test"}}
        for e in (COORDINATOR, ADVISOR, ANA, BEN)], "courses": []})
    drive = drive_as(COORDINATOR)

    def folder(name, parent, share):
        made = drive.files().create(body={"name": name, "mimeType": FOLDER, "parents": [parent]}).execute()
        drive.permissions().create(fileId=made["id"], sendNotificationEmail=False, body={
            "type": "user", "role": "writer", "emailAddress": share}).execute()
        return made
    root = drive.files().create(body={"name": "CAS 2026", "mimeType": FOLDER}).execute()
    advisor = folder("Amara Okafor", root["id"], ADVISOR)
    ana, ben = folder("Ana López (001)", advisor["id"], ANA), folder("Ben Smith (002)", advisor["id"], BEN)
    drive.files().create(body={"name": "Beach clean-up plan", "parents": [ana["id"]],
                               "mimeType": "application/vnd.google-apps.document"}).execute()
    ana_link = drive.files().get(fileId=ana["id"], fields="webViewLink").execute()["webViewLink"]

    sign_in(page, ANA, ana_link)
    expect(page.get_by_role("link", name="Beach clean-up plan")).to_be_visible()
    expect(page.locator(".crumbs")).to_contain_text("Shared with me")
    expect(page.locator(".crumbs")).not_to_contain_text("Amara Okafor")  # the folder above is not hers
    page.goto(f"/drive/folders/{ben['id']}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    sign_in(page, ADVISOR, f"/drive/folders/{advisor['id']}")
    expect(page.get_by_role("link", name="Ana López (001)")).to_be_visible()
    page.get_by_role("link", name="Ben Smith (002)").click()
    expect(page.locator(".crumbs .here")).to_have_text("Ben Smith (002)")
    expect(page.get_by_text("This folder is empty")).to_be_visible()
    page.get_by_role("link", name="Amara Okafor").click()  # back up through the breadcrumbs
    expect(page.get_by_role("link", name="Ana López (001)")).to_be_visible()
