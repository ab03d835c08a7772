"""The application data folder (https://developers.google.com/workspace/drive/api/guides/appdata):
``parents: ['appDataFolder']``, ``spaces=appDataFolder``, the ``appDataFolder`` alias,
hidden from the drive space and from everyone else, and the guide's constraints
(no sharing, no moving between spaces, no trashing: 403 notSupportedForAppDataFolderFiles)."""

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

TEACHER = "teacher@school.example"


@pytest.fixture
def config(drive):
    """A file the app keeps in its data folder (the guide's example: config.json)."""
    return drive.files().create(body={"name": "config.json", "parents": ["appDataFolder"]},
                                media_body=MediaInMemoryUpload(b'{"v": 1}', "application/json"),
                                fields="id,parents,spaces").execute()


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def test_the_folder_is_made_on_first_use_and_answers_to_its_alias(drive, config):
    folder = drive.files().get(fileId="appDataFolder", fields="id,mimeType").execute()
    assert folder["mimeType"] == "application/vnd.google-apps.folder"
    assert config["parents"] == [folder["id"]]
    assert config["spaces"] == ["appDataFolder"]


def test_spaces_app_data_folder_lists_its_files_and_the_drive_space_does_not(drive, config):
    drive.files().create(body={"name": "Plan"}).execute()
    in_app = drive.files().list(spaces="appDataFolder", fields="files(id,name)").execute()["files"]
    assert in_app == [{"id": config["id"], "name": "config.json"}]
    assert [f["name"] for f in drive.files().list().execute()["files"]] == ["Plan"]
    both = drive.files().list(spaces="drive,appDataFolder", fields="files(name)").execute()["files"]
    assert sorted(f["name"] for f in both) == ["Plan", "config.json"]


def test_in_parents_takes_the_alias(drive, config):
    listed = drive.files().list(spaces="appDataFolder", q="'appDataFolder' in parents",
                                fields="files(id)").execute()["files"]
    assert listed == [{"id": config["id"]}]


def test_the_files_are_private_to_the_user(drive_as, config):
    teacher = drive_as(TEACHER)
    with pytest.raises(HttpError) as caught:
        teacher.files().get(fileId=config["id"]).execute()
    assert caught.value.status_code == 404
    assert teacher.files().list(spaces="appDataFolder").execute()["files"] == []


def test_content_is_read_back(drive, config):
    assert drive.files().get_media(fileId=config["id"]).execute() == b'{"v": 1}'


def test_a_file_there_cannot_be_shared(drive, config):
    with pytest.raises(HttpError) as caught:
        drive.permissions().create(fileId=config["id"], body={
            "type": "user", "role": "reader", "emailAddress": TEACHER}).execute()
    assert error_of(caught) == (403, "notSupportedForAppDataFolderFiles")
    assert caught.value.reason == "Method not supported for files within the Application Data folder."


def test_a_file_there_cannot_be_trashed(drive, config):
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=config["id"], body={"trashed": True}).execute()
    assert error_of(caught) == (403, "notSupportedForAppDataFolderFiles")
    assert caught.value.reason == "Files within the Application Data folder cannot be trashed."


def test_files_do_not_move_between_spaces(drive, config):
    root = drive.files().get(fileId="root", fields="id").execute()["id"]
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=config["id"], addParents=root,
                             removeParents=config["parents"][0]).execute()
    assert error_of(caught) == (403, "notSupportedForAppDataFolderFiles")
    plan = drive.files().create(body={"name": "Plan"}, fields="id,parents").execute()
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=plan["id"], addParents="appDataFolder",
                             removeParents=plan["parents"][0]).execute()
    assert error_of(caught) == (403, "notSupportedForAppDataFolderFiles")


def test_a_file_there_is_deleted_for_good_and_renamed_as_any_other(drive, config):
    drive.files().update(fileId=config["id"], body={"name": "settings.json"}).execute()
    assert drive.files().get(fileId=config["id"]).execute()["name"] == "settings.json"
    drive.files().delete(fileId=config["id"]).execute()
    assert drive.files().list(spaces="appDataFolder").execute()["files"] == []


def test_changes_in_the_folder_are_listed_only_for_its_space(drive):
    token = drive.changes().getStartPageToken().execute()["startPageToken"]
    made = drive.files().create(body={"name": "config.json", "parents": ["appDataFolder"]}).execute()
    assert drive.changes().list(pageToken=token).execute()["changes"] == []
    in_app = drive.changes().list(pageToken=token, spaces="appDataFolder").execute()["changes"]
    assert [c["fileId"] for c in in_app] == [made["id"]]
