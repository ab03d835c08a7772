"""Drive v3 changes: start page tokens, listing what changed since, removals and
what each user may see of them.
https://developers.google.com/drive/api/guides/manage-changes"""

import pytest
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
STUDENT = "student@school.example"


def make(drive, name, **body):
    return drive.files().create(body={"name": name, **body}, fields="id").execute()["id"]


def start(drive):
    return drive.changes().getStartPageToken().execute()["startPageToken"]


def since(drive, token, **kw):
    """Every change after ``token``, following pages; and the next start token."""
    changes = []
    while True:
        page = drive.changes().list(pageToken=token, **kw).execute()
        changes += page["changes"]
        if "newStartPageToken" in page:
            assert "nextPageToken" not in page
            return changes, page["newStartPageToken"]
        token = page["nextPageToken"]


def test_the_start_token_lists_what_changes_afterwards_and_nothing_before(drive):
    make(drive, "before")
    token = start(drive)
    fid = make(drive, "after")
    changes, new_token = since(drive, token)
    assert [(c["fileId"], c["removed"], c["file"]["name"]) for c in changes] == [(fid, False, "after")]
    assert changes[0]["kind"] == "drive#change" and changes[0]["changeType"] == "file"
    assert since(drive, new_token) == ([], new_token)


def test_a_file_changed_twice_is_listed_once_with_its_latest_state(drive):
    token = start(drive)
    fid = make(drive, "draft")
    drive.files().update(fileId=fid, body={"name": "final"}).execute()
    changes, _ = since(drive, token)
    assert [(c["fileId"], c["file"]["name"]) for c in changes] == [(fid, "final")]


def test_pages_carry_next_page_token_and_the_last_new_start_page_token(drive):
    token = start(drive)
    ids = [make(drive, f"f{i}") for i in range(5)]
    first = drive.changes().list(pageToken=token, pageSize=2).execute()
    assert len(first["changes"]) == 2 and "nextPageToken" in first and "newStartPageToken" not in first
    changes, _ = since(drive, token, pageSize=2)
    assert [c["fileId"] for c in changes] == ids


def test_a_deleted_file_is_listed_as_removed(drive):
    fid = make(drive, "gone")
    token = start(drive)
    drive.files().delete(fileId=fid).execute()
    changes, _ = since(drive, token)
    assert [(c["fileId"], c["removed"], "file" in c) for c in changes] == [(fid, True, False)]
    assert since(drive, token, includeRemoved=False)[0] == []


def test_only_changes_to_files_the_caller_can_see_are_listed(drive, drive_as):
    token = start(drive_as(STUDENT))
    make(drive, "private")
    assert since(drive_as(STUDENT), token)[0] == []


def test_sharing_a_folder_brings_its_contents_into_the_grantees_changes(drive, drive_as):
    folder = make(drive, "Ada", mimeType=FOLDER)
    plan = make(drive, "plan", parents=[folder])
    token = start(drive_as(STUDENT))
    drive.permissions().create(fileId=folder, body={"type": "user", "role": "reader",
                                                    "emailAddress": STUDENT}).execute()
    changes, _ = since(drive_as(STUDENT), token)
    assert sorted(c["file"]["name"] for c in changes) == ["Ada", "plan"]
    assert plan in {c["fileId"] for c in changes}


def test_losing_access_is_a_removal_for_the_one_who_lost_it(drive, drive_as):
    fid = make(drive, "plan")
    pid = drive.permissions().create(fileId=fid, body={"type": "user", "role": "reader",
                                                       "emailAddress": STUDENT}).execute()["id"]
    token = start(drive)
    drive.permissions().delete(fileId=fid, permissionId=pid).execute()
    theirs, _ = since(drive_as(STUDENT), token)
    mine, _ = since(drive, token)
    assert [(c["fileId"], c["removed"]) for c in theirs] == [(fid, True)]
    assert [(c["fileId"], c["removed"]) for c in mine] == [(fid, False)]


def test_a_sheets_write_is_a_drive_change(drive, sheets):
    fid = make(drive, "Master", mimeType=SPREADSHEET)
    token = start(drive)
    sheets.spreadsheets().values().update(spreadsheetId=fid, range="A1", valueInputOption="RAW",
                                          body={"values": [["x"]]}).execute()
    changes, _ = since(drive, token)
    assert [c["fileId"] for c in changes] == [fid]


def test_fields_selects_parts_of_changes_and_their_files(drive):
    token = start(drive)
    make(drive, "x", appProperties={"casKind": "student"})
    page = drive.changes().list(pageToken=token, fields="changes(removed,file(name,appProperties))").execute()
    assert page == {"changes": [{"removed": False, "file": {"name": "x", "appProperties": {"casKind": "student"}}}]}


def test_shared_drive_and_my_drive_flags_are_accepted(drive, drive_as):
    token = start(drive)
    make(drive, "x")
    changes, _ = since(drive, token, restrictToMyDrive=True, supportsAllDrives=True,
                       includeItemsFromAllDrives=True, spaces="drive")
    assert [c["file"]["name"] for c in changes] == ["x"]


@pytest.mark.parametrize("token", ["abc", "0", "999999"])
def test_a_bad_page_token_is_400(drive, token):
    with pytest.raises(HttpError) as caught:
        drive.changes().list(pageToken=token).execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["location"] == "pageToken"
