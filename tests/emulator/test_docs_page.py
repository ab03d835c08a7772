"""The page of a Google Doc (its webViewLink, docs.google.com/document/d/ID/edit, served on
the emulator's host), checked without a browser: what it shows to whom. Requests carry
the "signed in as" cookie the switch sets."""

from __future__ import annotations

import pytest
import requests
from googleapiclient.http import MediaInMemoryUpload

DOC = "application/vnd.google-apps.document"
OWNER = "coordinator@school.example"
STUDENT, STRANGER = "zoe@school.example", "ben@school.example"
RECORD = ("<h1>CAS record: Zoë Łukasz</h1><p>Approved: <b>Beach clean-up</b></p>"
          "<img src=\"https://tracker.example/pixel.png\" alt=\"\"><script>steal()</script>")


def as_person(email=None) -> requests.Session:
    session = requests.Session()
    if email:
        session.cookies.set("emulator_user", email)
    return session


@pytest.fixture
def record(drive):
    """A student's record Doc, owned by the coordinator and shared with the student to read."""
    doc = drive.files().create(body={"name": "Record of Zoë", "mimeType": DOC},
                               media_body=MediaInMemoryUpload(RECORD.encode(), "text/html"),
                               fields="id,webViewLink").execute()
    drive.permissions().create(fileId=doc["id"], sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    return doc


def test_the_docs_link_opens_its_content_read_only_for_a_reader(record, emulator):
    assert record["webViewLink"] == f"{emulator.url}/document/d/{record['id']}/edit"
    page = as_person(STUDENT).get(record["webViewLink"])
    assert page.status_code == 200
    assert "Record of Zoë" in page.text and "View only" in page.text and "Can edit" not in page.text
    # The content, in a frame that runs no script and fetches nothing.
    assert "CAS record: Zoë Łukasz" in page.text and "Beach clean-up" in page.text
    assert "steal" not in page.text
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.text
    assert "default-src &#39;none&#39;" in page.text and "img-src data:" in page.text
    assert "<form" not in page.text.split("</header>", 1)[1]   # nothing to edit or submit


def test_a_writer_is_told_the_doc_changes_by_upload(record, emulator):
    page = as_person(OWNER).get(record["webViewLink"])
    assert page.status_code == 200 and "Can edit" in page.text and "files.update" in page.text


def test_someone_who_may_not_read_it_gets_googles_you_need_access_and_nothing_of_it(record):
    page = as_person(STRANGER).get(record["webViewLink"])
    assert page.status_code == 403
    assert "You need access" in page.text and "Ask for access, or switch to an account with access." in page.text
    assert "Zoë" not in page.text and "Beach" not in page.text


def test_an_anonymous_visitor_is_asked_to_sign_in(record):
    page = as_person(None).get(record["webViewLink"])
    assert page.status_code == 401 and "Beach" not in page.text


def test_a_doc_that_does_not_exist_is_not_found(emulator):
    assert as_person(STUDENT).get(f"{emulator.url}/document/d/1nothing/edit").status_code == 404


def test_new_content_uploaded_to_the_doc_shows_at_the_same_link(record, drive):
    drive.files().update(fileId=record["id"], media_body=MediaInMemoryUpload(
        "<p>Term 2: interview done</p>".encode(), "text/html")).execute()
    page = as_person(STUDENT).get(record["webViewLink"])
    assert "Term 2: interview done" in page.text and "Beach clean-up" not in page.text


def test_a_spreadsheet_id_under_the_document_path_goes_to_the_spreadsheet(drive, emulator):
    sheet = drive.files().create(body={"name": "Master", "mimeType": "application/vnd.google-apps.spreadsheet"},
                                 fields="id,webViewLink").execute()
    page = as_person(OWNER).get(f"{emulator.url}/document/d/{sheet['id']}/edit", allow_redirects=False)
    assert page.status_code == 302 and page.headers["Location"] == sheet["webViewLink"]
