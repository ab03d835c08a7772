"""Drive v3 files.update, delete, copy, emptyTrash and the trash: patch semantics,
properties merged with null deleting a key, moving with addParents/removeParents,
owner-only deletion and trashing.
https://developers.google.com/drive/api/reference/rest/v3/files/update"""

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

FOLDER = "application/vnd.google-apps.folder"
OWNER = "coordinator@school.example"
TEACHER = "teacher@school.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def make(drive, name, parent=None, folder=False, **extra):
    body = {"name": name, **extra}
    if folder:
        body["mimeType"] = FOLDER
    if parent:
        body["parents"] = [parent]
    return drive.files().create(body=body, fields="id").execute()["id"]


def share(drive, file_id, email, role):
    drive.permissions().create(fileId=file_id, body={"type": "user", "role": role,
                                                     "emailAddress": email}).execute()


def names(drive, q):
    return sorted(f["name"] for f in drive.files().list(q=q).execute()["files"])


def test_app_properties_merge_and_a_null_value_deletes_the_key(drive):
    fid = make(drive, "x", appProperties={"casKind": "student", "casId": "7"})
    updated = drive.files().update(fileId=fid, body={"appProperties": {"casId": None, "casCohort": "2026"}},
                                   fields="appProperties").execute()
    assert updated["appProperties"] == {"casKind": "student", "casCohort": "2026"}


def test_properties_left_out_of_an_update_are_kept(drive):
    fid = make(drive, "x", properties={"a": "1"})
    updated = drive.files().update(fileId=fid, body={"name": "y"}, fields="name,properties").execute()
    assert updated == {"name": "y", "properties": {"a": "1"}}


def test_a_rename_moves_modified_time_and_version_forward(drive):
    fid = make(drive, "x")
    before = drive.files().get(fileId=fid, fields="modifiedTime,version").execute()
    after = drive.files().update(fileId=fid, body={"name": "y"}, fields="modifiedTime,version").execute()
    assert after["modifiedTime"] > before["modifiedTime"]
    assert int(after["version"]) > int(before["version"])


def test_parents_are_changed_with_add_and_remove_parents(drive):
    a, b = make(drive, "A", folder=True), make(drive, "B", folder=True)
    fid = make(drive, "x", parent=a)
    moved = drive.files().update(fileId=fid, addParents=b, removeParents=a, fields="parents").execute()
    assert moved["parents"] == [b]
    assert names(drive, f"'{a}' in parents") == [] and names(drive, f"'{b}' in parents") == ["x"]


def test_parents_in_an_update_body_are_not_writable(drive):
    a = make(drive, "A", folder=True)
    fid = make(drive, "x")
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=fid, body={"parents": [a]}).execute()
    assert error_of(caught) == (403, "fieldNotWritable")


def test_a_file_cannot_get_a_second_parent(drive):
    a = make(drive, "A", folder=True)
    fid = make(drive, "x")
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=fid, addParents=a).execute()
    assert error_of(caught) == (403, "cannotAddParent")


def test_a_reader_cannot_update_and_gets_403(drive, drive_as):
    fid = make(drive, "x")
    share(drive, fid, TEACHER, "reader")
    with pytest.raises(HttpError) as caught:
        drive_as(TEACHER).files().update(fileId=fid, body={"name": "mine"}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_starring_is_personal(drive, drive_as):
    fid = make(drive, "x")
    share(drive, fid, TEACHER, "reader")
    drive_as(TEACHER).files().update(fileId=fid, body={"starred": True}).execute()
    assert drive_as(TEACHER).files().get(fileId=fid, fields="starred").execute()["starred"] is True
    assert drive.files().get(fileId=fid, fields="starred").execute()["starred"] is False


def test_trashing_a_folder_trashes_what_is_inside_for_listing(drive):
    folder = make(drive, "F", folder=True)
    inner = make(drive, "inner", parent=folder)
    drive.files().update(fileId=folder, body={"trashed": True}).execute()
    got = drive.files().get(fileId=inner, fields="trashed,explicitlyTrashed").execute()
    assert got == {"trashed": True, "explicitlyTrashed": False}
    assert names(drive, "trashed = false") == []
    assert names(drive, "trashed = true") == ["F", "inner"]
    drive.files().update(fileId=folder, body={"trashed": False}).execute()
    assert names(drive, "trashed = false") == ["F", "inner"]


def test_files_list_includes_trashed_files_unless_the_query_excludes_them(drive):
    # "This method returns all files by default, including trashed files" (files.list).
    make(drive, "kept")
    drive.files().update(fileId=make(drive, "binned"), body={"trashed": True}).execute()
    assert sorted(f["name"] for f in drive.files().list().execute()["files"]) == ["binned", "kept"]


def test_only_the_owner_may_trash(drive, drive_as):
    fid = make(drive, "x")
    share(drive, fid, TEACHER, "writer")
    with pytest.raises(HttpError) as caught:
        drive_as(TEACHER).files().update(fileId=fid, body={"trashed": True}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_only_the_owner_may_delete(drive, drive_as):
    fid = make(drive, "x")
    share(drive, fid, TEACHER, "writer")
    with pytest.raises(HttpError) as caught:
        drive_as(TEACHER).files().delete(fileId=fid).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    drive.files().delete(fileId=fid).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=fid).execute()
    assert caught.value.status_code == 404


def test_deleting_a_folder_deletes_what_its_owner_owns_below_it(drive, drive_as):
    # "If the target is a folder, all descendants owned by the user are also deleted."
    folder = make(drive, "F", folder=True)
    sub = make(drive, "sub", parent=folder, folder=True)
    mine = make(drive, "mine", parent=sub)
    share(drive, folder, TEACHER, "writer")
    theirs = make(drive_as(TEACHER), "theirs", parent=sub)
    drive.files().delete(fileId=folder).execute()
    for gone in (folder, sub, mine):
        with pytest.raises(HttpError):
            drive.files().get(fileId=gone).execute()
    assert drive_as(TEACHER).files().get(fileId=theirs, fields="name").execute() == {"name": "theirs"}


def test_empty_trash_deletes_only_the_callers_trashed_files(drive, drive_as):
    binned, kept = make(drive, "binned"), make(drive, "kept")
    drive.files().update(fileId=binned, body={"trashed": True}).execute()
    other = make(drive_as(TEACHER), "other")
    drive_as(TEACHER).files().update(fileId=other, body={"trashed": True}).execute()
    drive.files().emptyTrash().execute()
    assert names(drive, "trashed = true or trashed = false") == ["kept"]
    assert drive_as(TEACHER).files().get(fileId=other, fields="trashed").execute() == {"trashed": True}


def test_a_copy_is_named_copy_of_sits_beside_the_original_and_keeps_its_content(drive):
    folder = make(drive, "F", folder=True)
    src = drive.files().create(body={"name": "plan.txt", "parents": [folder], "properties": {"a": "1", "b": "2"}},
                               media_body=MediaInMemoryUpload(b"plan", "text/plain"), fields="id").execute()["id"]
    copied = drive.files().copy(fileId=src, body={"properties": {"b": None}},
                                fields="id,name,parents,properties,owners(emailAddress)").execute()
    assert copied["name"] == "Copy of plan.txt" and copied["parents"] == [folder]
    assert copied["properties"] == {"a": "1"}
    assert drive.files().get_media(fileId=copied["id"]).execute() == b"plan"


def test_a_reader_copies_into_their_own_drive_and_owns_the_copy(drive, drive_as):
    src = make(drive, "plan")
    share(drive, src, TEACHER, "reader")
    teacher = drive_as(TEACHER)
    copied = teacher.files().copy(fileId=src, body={"name": "my plan"},
                                  fields="parents,ownedByMe").execute()
    root = teacher.files().get(fileId="root", fields="id").execute()["id"]
    assert copied == {"parents": [root], "ownedByMe": True}


def test_readers_cannot_copy_when_copying_requires_writer_permission(drive, drive_as):
    src = make(drive, "plan")
    share(drive, src, TEACHER, "reader")
    drive.files().update(fileId=src, body={"viewersCanCopyContent": False}).execute()
    assert drive.files().get(fileId=src, fields="copyRequiresWriterPermission").execute() == {
        "copyRequiresWriterPermission": True}
    with pytest.raises(HttpError) as caught:
        drive_as(TEACHER).files().copy(fileId=src, body={}).execute()
    assert caught.value.status_code == 403
