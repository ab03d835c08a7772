"""Drive's trash and its restore (files.update ``trashed`` true, then false),
through google-api-python-client: what a retention run relies on.

File.trashed: "Whether the file has been trashed, either explicitly or from a
trashed parent folder. Only the owner may trash a file, but other users can still
access the file in the owner's trash until it's permanently deleted";
File.explicitlyTrashed: "Whether the file has been explicitly trashed, as opposed
to recursively trashed from a parent folder" (drive v3 discovery document)."""

import pytest
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
STUDENT = "student@school.example"


def make(drive, name, parent=None, folder=False):
    body = {"name": name, **({"mimeType": FOLDER} if folder else {}),
            **({"parents": [parent]} if parent else {})}
    return drive.files().create(body=body, fields="id").execute()["id"]


def state(drive, file_id):
    return drive.files().get(fileId=file_id, fields="trashed,explicitlyTrashed").execute()


def test_a_folders_children_are_trashed_with_it_but_not_explicitly(drive):
    root = make(drive, "CAS 2026-2028", folder=True)
    sub = make(drive, "Advisors", parent=root, folder=True)
    doc = make(drive, "notes", parent=sub)
    drive.files().update(fileId=root, body={"trashed": True}).execute()
    assert state(drive, root) == {"trashed": True, "explicitlyTrashed": True}
    assert state(drive, sub) == state(drive, doc) == {"trashed": True, "explicitlyTrashed": False}
    # still listed below their folder, as trashed
    listed = drive.files().list(q=f"'{sub}' in parents", fields="files(name,trashed)").execute()
    assert listed["files"] == [{"name": "notes", "trashed": True}]
    assert drive.files().list(q=f"'{sub}' in parents and trashed = false").execute()["files"] == []


def test_restoring_the_folder_restores_what_was_trashed_with_it(drive):
    root = make(drive, "CAS", folder=True)
    doc = make(drive, "notes", parent=root)
    drive.files().update(fileId=root, body={"trashed": True}).execute()
    drive.files().update(fileId=root, body={"trashed": False}).execute()
    assert state(drive, root) == state(drive, doc) == {"trashed": False, "explicitlyTrashed": False}


def test_a_file_trashed_on_its_own_stays_trashed_when_its_folder_is_restored(drive):
    root = make(drive, "CAS", folder=True)
    doc = make(drive, "notes", parent=root)
    drive.files().update(fileId=doc, body={"trashed": True}).execute()
    drive.files().update(fileId=root, body={"trashed": True}).execute()
    drive.files().update(fileId=root, body={"trashed": False}).execute()
    assert state(drive, doc) == {"trashed": True, "explicitlyTrashed": True}


def test_others_can_still_open_a_file_in_the_owners_trash(drive, drive_as):
    root = make(drive, "CAS", folder=True)
    doc = make(drive, "evidence", parent=root)
    drive.permissions().create(fileId=root, body={"type": "user", "role": "writer",
                                                  "emailAddress": STUDENT}).execute()
    drive.files().update(fileId=root, body={"trashed": True}).execute()
    seen = drive_as(STUDENT).files().get(fileId=doc, fields="name,trashed").execute()
    assert seen == {"name": "evidence", "trashed": True}


def test_only_the_owner_restores(drive, drive_as):
    root = make(drive, "CAS", folder=True)
    drive.permissions().create(fileId=root, body={"type": "user", "role": "writer",
                                                  "emailAddress": STUDENT}).execute()
    drive.files().update(fileId=root, body={"trashed": True}).execute()
    with pytest.raises(HttpError) as caught:
        drive_as(STUDENT).files().update(fileId=root, body={"trashed": False}).execute()
    assert caught.value.status_code == 403
