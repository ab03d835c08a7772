"""Drive v3 files: create (metadata, folders, Google types, uploads), get with partial
responses and downloads, the fields Drive computes on read, generateIds and about.get.
https://developers.google.com/drive/api/reference/rest/v3/files"""

import hashlib

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
OTHER = "teacher@school.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def test_without_fields_drive_v3_answers_kind_id_name_and_mimetype(drive):
    made = drive.files().create(body={"name": "Plan"}).execute()
    assert set(made) == {"kind", "id", "name", "mimeType"}
    assert made["kind"] == "drive#file" and made["mimeType"] == "application/octet-stream"
    assert drive.files().get(fileId=made["id"]).execute() == made


def test_fields_selects_nested_parts_of_the_file(drive):
    made = drive.files().create(body={"name": "Plan", "description": "d"}, fields="id").execute()
    got = drive.files().get(fileId=made["id"],
                            fields="name,capabilities(canEdit),owners(emailAddress)").execute()
    assert got == {"name": "Plan", "capabilities": {"canEdit": True},
                   "owners": [{"emailAddress": "coordinator@school.example"}]}


def test_a_new_file_goes_to_my_drive_which_answers_to_root(drive):
    made = drive.files().create(body={"name": "Plan"}, fields="parents").execute()
    root = drive.files().get(fileId="root", fields="id,name,mimeType").execute()
    assert made["parents"] == [root["id"]]
    assert root["name"] == "My Drive" and root["mimeType"] == FOLDER


@pytest.mark.parametrize("mime_type, link", [
    (FOLDER, "https://drive.google.com/drive/folders/{id}"),
    (SPREADSHEET, "https://docs.google.com/spreadsheets/d/{id}/edit"),
    ("application/vnd.google-apps.form", "https://docs.google.com/forms/d/{id}/edit"),
    ("application/vnd.google-apps.document", "https://docs.google.com/document/d/{id}/edit"),
    ("application/pdf", "https://drive.google.com/file/d/{id}/view"),
])
def test_web_view_links_open_the_right_google_page(drive, people_url, mime_type, link):
    made = drive.files().create(body={"name": "x", "mimeType": mime_type},
                                fields="id,mimeType,webViewLink").execute()
    assert made["mimeType"] == mime_type
    assert made["webViewLink"] == people_url(link.format(id=made["id"]))


def test_a_spreadsheet_created_through_drive_opens_in_the_sheets_api(drive, sheets):
    made = drive.files().create(body={"name": "Master", "mimeType": SPREADSHEET}).execute()
    got = sheets.spreadsheets().get(spreadsheetId=made["id"]).execute()
    assert got["spreadsheetId"] == made["id"]
    assert got["properties"]["title"] == "Master"


def test_multipart_upload_round_trips_the_content_with_size_and_md5(drive):
    content = "Reflection: week 3 — gardening\n".encode()
    made = drive.files().create(
        body={"name": "reflection.txt"}, media_body=MediaInMemoryUpload(content, "text/plain"),
        fields="id,mimeType,size,md5Checksum,originalFilename,fileExtension").execute()
    assert made["mimeType"] == "text/plain"
    assert made["size"] == str(len(content))
    assert made["md5Checksum"] == hashlib.md5(content).hexdigest()
    assert made["originalFilename"] == "reflection.txt" and made["fileExtension"] == "txt"
    assert drive.files().get_media(fileId=made["id"]).execute() == content


def test_a_media_only_upload_makes_an_untitled_file_of_the_uploaded_type(drive):
    made = drive.files().create(media_body=MediaInMemoryUpload(b"%PDF-1.4", "application/pdf"),
                                fields="id,name,mimeType,size").execute()
    assert made["name"] == "Untitled" and made["mimeType"] == "application/pdf"
    assert made["size"] == "8"


def test_uploading_through_update_replaces_the_content_and_raises_the_version(drive):
    made = drive.files().create(body={"name": "log.txt"}, media_body=MediaInMemoryUpload(b"v1", "text/plain"),
                                fields="id,version").execute()
    updated = drive.files().update(fileId=made["id"], media_body=MediaInMemoryUpload(b"second", "text/plain"),
                                   fields="size,version").execute()
    assert updated["size"] == "6" and int(updated["version"]) > int(made["version"])
    assert drive.files().get_media(fileId=made["id"]).execute() == b"second"


def test_google_documents_answer_403_file_not_downloadable_to_alt_media(drive):
    made = drive.files().create(body={"name": "Master", "mimeType": SPREADSHEET}).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().get_media(fileId=made["id"]).execute()
    assert error_of(caught) == (403, "fileNotDownloadable")


def test_a_missing_file_is_404_naming_the_file(drive):
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId="nope").execute()
    assert error_of(caught) == (404, "notFound")
    assert caught.value.reason == "File not found: nope."


def test_output_only_fields_are_not_writable(drive):
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"name": "x", "size": "10"}).execute()
    assert error_of(caught) == (403, "fieldNotWritable")


def test_the_file_tells_the_caller_what_they_may_do(drive, drive_as):
    made = drive.files().create(body={"name": "Plan"}, fields="id").execute()
    drive.permissions().create(fileId=made["id"], body={"type": "user", "role": "reader",
                                                        "emailAddress": OTHER}).execute()
    mine = drive.files().get(fileId=made["id"], fields="ownedByMe,capabilities,permissions,shared").execute()
    theirs = drive_as(OTHER).files().get(fileId=made["id"], fields="*").execute()
    assert mine["ownedByMe"] and mine["shared"] and mine["capabilities"]["canShare"]
    assert {p["role"] for p in mine["permissions"]} == {"owner", "reader"}
    assert theirs["ownedByMe"] is False
    assert theirs["owners"][0]["emailAddress"] == "coordinator@school.example"
    assert theirs["capabilities"]["canEdit"] is False and theirs["capabilities"]["canDelete"] is False
    assert "permissions" not in theirs  # only those who may share see the full list


def test_properties_and_times_come_back_as_set(drive):
    made = drive.files().create(body={"name": "x", "appProperties": {"casKind": "student"},
                                      "properties": {"term": "1"},
                                      "modifiedTime": "2024-03-01T10:00:00+02:00"},
                                fields="appProperties,properties,modifiedTime,createdTime").execute()
    assert made["appProperties"] == {"casKind": "student"} and made["properties"] == {"term": "1"}
    assert made["modifiedTime"] == "2024-03-01T08:00:00.000Z"
    assert made["createdTime"].endswith("Z")


def test_generated_ids_can_be_used_to_create_files(drive):
    ids = drive.files().generateIds(count=3).execute()
    assert ids["kind"] == "drive#generatedIds" and ids["space"] == "drive" and len(ids["ids"]) == 3
    made = drive.files().create(body={"id": ids["ids"][0], "name": "x"}).execute()
    assert made["id"] == ids["ids"][0]


def test_an_id_drive_did_not_generate_is_refused(drive):
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"id": "1" + "a" * 32, "name": "x"}).execute()
    assert caught.value.status_code == 400


def test_about_requires_fields_as_google_does(drive):
    with pytest.raises(HttpError) as caught:
        drive.about().get().execute()
    assert error_of(caught) == (400, "required")
    assert caught.value.reason == "The 'fields' parameter is required for this method."


def test_about_names_the_user_and_counts_their_storage_in_strings(drive):
    drive.files().create(body={"name": "a.txt"}, media_body=MediaInMemoryUpload(b"12345", "text/plain")).execute()
    about = drive.about().get(fields="user,storageQuota").execute()
    assert about["user"]["emailAddress"] == "coordinator@school.example"
    assert about["user"]["kind"] == "drive#user" and about["user"]["me"] is True
    assert about["storageQuota"]["usage"] == "5" and about["storageQuota"]["limit"].isdigit()
