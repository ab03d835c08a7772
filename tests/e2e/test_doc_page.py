"""A Google Doc in a browser: the student it is shared with reads it from its link,
its script does not run; someone else gets "You need access"."""

from __future__ import annotations

from googleapiclient.http import MediaInMemoryUpload
from playwright.sync_api import expect

from _browser import sign_in

COORDINATOR = "coordinator@school.example"
ZOE, BEN = "zoe.lukasz@school.example", "ben.smith@school.example"


def test_the_student_reads_her_record_and_another_student_may_not(page, emulator, drive_as):
    emulator.world.classroom.load_school({"users": [  # whom the "signed in as" switch offers
        {"email": e, "name": {"givenName": e.split(".")[0].capitalize(), "familyName": "Test"}}
        for e in (COORDINATOR, ZOE, BEN)], "courses": []})
    drive = drive_as(COORDINATOR)
    record = drive.files().create(
        body={"name": "CAS record – Zoë Łukasz", "mimeType": "application/vnd.google-apps.document"},
        media_body=MediaInMemoryUpload(
            "<h1>CAS record</h1><p>Beach clean-up: <b>approved</b></p>"
            "<script>document.body.innerHTML = 'hijacked'</script>".encode(), "text/html"),
        fields="id,webViewLink").execute()
    drive.permissions().create(fileId=record["id"], sendNotificationEmail=False, body={
        "type": "user", "role": "reader", "emailAddress": ZOE}).execute()

    sign_in(page, ZOE, record["webViewLink"])
    expect(page.get_by_role("heading", name="CAS record – Zoë Łukasz")).to_be_visible()
    expect(page.get_by_text("View only")).to_be_visible()
    content = page.frame_locator("iframe.doc-page")
    expect(content.get_by_role("heading", name="CAS record")).to_be_visible()
    expect(content.get_by_text("Beach clean-up: approved")).to_be_visible()
    expect(content.get_by_text("hijacked")).to_have_count(0)

    sign_in(page, BEN, record["webViewLink"])
    expect(page.get_by_role("heading", name="You need access")).to_be_visible()
    expect(page.get_by_text("Beach clean-up")).to_have_count(0)
