"""Drive v3 content restrictions: a file's content made read-only without changing
who may open it, as the guides "Protect file content" (content-restrictions) and
"Protect file content from modification" (file-locking) describe, through
google-api-python-client: files.update with ``contentRestrictions.readOnly``.

A read-only file may not be renamed, given a new revision or commented on, by
anyone; a writer adds or removes a plain restriction, and only the owner an
``ownerRestricted`` one ("you must own the file or have role=organizer")."""

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

FOLDER = "application/vnd.google-apps.folder"
DOC = "application/vnd.google-apps.document"
OWNER = "coordinator@school.example"
TEACHER = "teacher@school.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def html(text):
    return MediaInMemoryUpload(f"<p>{text}</p>".encode(), mimetype="text/html")


@pytest.fixture
def doc(drive):
    """A Doc in a folder the teacher may edit (so the teacher is a writer of the Doc)."""
    folder = drive.files().create(body={"name": "Shared", "mimeType": FOLDER},
                                  fields="id").execute()["id"]
    drive.permissions().create(fileId=folder, body={"type": "user", "role": "writer",
                                                    "emailAddress": TEACHER}).execute()
    return drive.files().create(body={"name": "Record", "mimeType": DOC, "parents": [folder]},
                                media_body=html("first"), fields="id").execute()["id"]


def lock(drive, file_id, **extra):
    # The guide's own sample: files.update(body={"contentRestrictions": [{"readOnly": ...}]})
    return drive.files().update(fileId=file_id, fields="contentRestrictions", body={
        "contentRestrictions": [{"readOnly": True, "reason": "Kept by the service.", **extra}]
    }).execute()


def unlock(drive, file_id):
    return drive.files().update(fileId=file_id, fields="contentRestrictions", body={
        "contentRestrictions": [{"readOnly": False}]}).execute()


def text_of(drive, file_id):
    return drive.files().export(fileId=file_id, mimeType="text/plain").execute().decode("utf-8-sig")


def test_a_lock_is_read_back_with_its_reason_who_set_it_and_when(drive, doc):
    lock(drive, doc)
    found = drive.files().get(fileId=doc, fields="contentRestrictions").execute()
    [restriction] = found["contentRestrictions"]
    assert restriction["readOnly"] is True and restriction["reason"] == "Kept by the service."
    assert restriction["type"] == "globalContentRestriction"
    assert restriction["restrictingUser"]["emailAddress"] == OWNER
    assert restriction["restrictionTime"]


def test_a_file_without_a_restriction_has_no_content_restrictions_field(drive, doc):
    # "Only populated if such a restriction exists."
    assert "contentRestrictions" not in drive.files().get(
        fileId=doc, fields="id,contentRestrictions").execute()


def test_nobody_uploads_a_revision_of_a_read_only_file_not_even_its_owner(drive, drive_as, doc):
    lock(drive, doc)
    for who in (drive, drive_as(TEACHER)):
        with pytest.raises(HttpError) as caught:
            who.files().update(fileId=doc, media_body=html("changed")).execute()
        assert error_of(caught) == (403, "insufficientFilePermissions")
    assert text_of(drive, doc).strip() == "first"


def test_a_read_only_file_cannot_be_renamed_or_commented_on(drive, doc):
    lock(drive, doc)
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=doc, body={"name": "Renamed"}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    with pytest.raises(HttpError) as caught:
        drive.comments().create(fileId=doc, fields="id", body={"content": "Hi"}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_a_content_restriction_is_not_an_access_restriction(drive, drive_as, doc):
    """Properties and the like still change as the caller's role allows."""
    lock(drive, doc)
    drive.files().update(fileId=doc, body={"appProperties": {"casHash": "x"}}).execute()
    assert drive_as(TEACHER).files().get(fileId=doc, fields="appProperties").execute()[
        "appProperties"] == {"casHash": "x"}


def test_once_unlocked_the_owner_uploads_a_revision_and_locks_it_again(drive, doc):
    lock(drive, doc, ownerRestricted=True)
    assert "contentRestrictions" not in unlock(drive, doc)
    drive.files().update(fileId=doc, media_body=html("second")).execute()
    lock(drive, doc, ownerRestricted=True)
    assert text_of(drive, doc).strip() == "second"


def test_a_writer_removes_a_plain_restriction(drive, drive_as, doc):
    lock(drive, doc)
    unlock(drive_as(TEACHER), doc)
    drive_as(TEACHER).files().update(fileId=doc, media_body=html("by the teacher")).execute()


def test_only_the_owner_removes_an_owner_restricted_lock(drive, drive_as, doc):
    lock(drive, doc, ownerRestricted=True)
    teacher = drive_as(TEACHER)
    with pytest.raises(HttpError) as caught:
        unlock(teacher, doc)
    assert error_of(caught) == (403, "insufficientFilePermissions")
    with pytest.raises(HttpError) as caught:
        teacher.files().update(fileId=doc, media_body=html("changed")).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    capabilities = teacher.files().get(fileId=doc, fields="capabilities").execute()["capabilities"]
    assert capabilities["canModifyContent"] is False and capabilities["canRename"] is False
    assert capabilities["canRemoveContentRestriction"] is False
    assert capabilities["canModifyOwnerContentRestriction"] is False
    mine = drive.files().get(fileId=doc, fields="capabilities").execute()["capabilities"]
    assert mine["canRemoveContentRestriction"] is True and mine["canModifyContent"] is False


def test_only_the_owner_sets_an_owner_restricted_lock(drive, drive_as, doc):
    with pytest.raises(HttpError) as caught:
        lock(drive_as(TEACHER), doc, ownerRestricted=True)
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_a_file_made_with_a_restriction_is_read_only_from_the_start(drive, drive_as, doc):
    made = drive.files().create(fields="id,contentRestrictions", body={
        "name": "Locked", "mimeType": DOC,
        "contentRestrictions": [{"readOnly": True, "ownerRestricted": True}]},
        media_body=html("made")).execute()
    assert made["contentRestrictions"][0]["ownerRestricted"] is True
    with pytest.raises(HttpError):
        drive.files().update(fileId=made["id"], media_body=html("changed")).execute()
