"""files.list beyond ``q``: who sees what, orderBy, pages and the accepted parameters.
https://developers.google.com/drive/api/reference/rest/v3/files/list"""

import pytest
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
TEACHER = "teacher@school.example"


def make(drive, name, **body):
    return drive.files().create(body={"name": name, **body}, fields="id").execute()["id"]


def listed(drive, **kw):
    return [f["name"] for f in drive.files().list(**kw).execute()["files"]]


def all_pages(drive, **kw):
    names, token, pages = [], None, 0
    while True:
        answer = drive.files().list(pageToken=token, **kw).execute()
        names += [f["name"] for f in answer["files"]]
        pages += 1
        token = answer.get("nextPageToken")
        if not token:
            return names, pages


def test_a_list_shows_only_files_the_caller_can_see(drive, drive_as):
    make(drive, "mine")
    shared = make(drive, "shared")
    drive.permissions().create(fileId=shared, body={"type": "user", "role": "reader",
                                                    "emailAddress": TEACHER}).execute()
    assert sorted(listed(drive)) == ["mine", "shared"]
    assert listed(drive_as(TEACHER)) == ["shared"]
    assert listed(drive_as("stranger@elsewhere.example")) == []


def test_a_link_only_share_does_not_put_the_file_in_others_lists(drive, drive_as):
    fid = make(drive, "link")
    drive.permissions().create(fileId=fid, body={"type": "anyone", "role": "reader"}).execute()
    stranger = drive_as("stranger@elsewhere.example")
    assert listed(stranger) == []
    assert stranger.files().get(fileId=fid).execute()["name"] == "link"  # but the link opens it


def test_the_default_answer_has_kind_incomplete_search_and_minimal_files(drive):
    make(drive, "a")
    answer = drive.files().list().execute()
    assert answer["kind"] == "drive#fileList" and answer["incompleteSearch"] is False
    assert set(answer["files"][0]) == {"kind", "id", "name", "mimeType"}


def test_fields_selects_parts_of_each_file(drive):
    make(drive, "a", appProperties={"k": "v"})
    answer = drive.files().list(fields="files(name,appProperties)").execute()
    assert answer == {"files": [{"name": "a", "appProperties": {"k": "v"}}]}


def test_order_by_name_ignores_case(drive):
    for name in ("beta", "Alpha", "gamma", "Delta"):
        make(drive, name)
    assert listed(drive, orderBy="name") == ["Alpha", "beta", "Delta", "gamma"]
    assert listed(drive, orderBy="name desc") == ["gamma", "Delta", "beta", "Alpha"]


def test_order_by_folder_puts_folders_first_then_the_next_key(drive):
    make(drive, "b file")
    make(drive, "z folder", mimeType=FOLDER)
    make(drive, "a file")
    make(drive, "c folder", mimeType=FOLDER)
    assert listed(drive, orderBy="folder,name") == ["c folder", "z folder", "a file", "b file"]


def test_order_by_modified_time_and_created_time(drive):
    first = make(drive, "first")
    make(drive, "second")
    drive.files().update(fileId=first, body={"description": "touched"}).execute()
    assert listed(drive, orderBy="modifiedTime desc") == ["first", "second"]
    assert listed(drive, orderBy="createdTime") == ["first", "second"]
    assert listed(drive, orderBy="createdTime desc") == ["second", "first"]


@pytest.mark.parametrize("order_by", ["size", "name sideways", "name desc extra"])
def test_an_unknown_sort_key_is_400_invalid(drive, order_by):
    with pytest.raises(HttpError) as caught:
        drive.files().list(orderBy=order_by).execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["location"] == "orderBy"


def test_pages_follow_one_another_without_repeats_and_the_last_has_no_token(drive):
    for i in range(7):
        make(drive, f"f{i}")
    names, pages = all_pages(drive, pageSize=3, orderBy="name")
    assert names == [f"f{i}" for i in range(7)] and pages == 3


def test_the_default_page_is_100_files(drive):
    ids = drive.files().generateIds(count=101).execute()["ids"]
    for i, fid in enumerate(ids):
        drive.files().create(body={"id": fid, "name": f"f{i:03d}"}).execute()
    first = drive.files().list().execute()
    assert len(first["files"]) == 100 and "nextPageToken" in first


def test_a_page_size_over_1000_is_coerced_not_refused(drive):
    make(drive, "a")
    assert listed(drive, pageSize=5000) == ["a"]


def test_files_added_before_the_cursor_do_not_shift_the_next_page(drive):
    for name in ("b", "d", "f", "h"):
        make(drive, name)
    first = drive.files().list(pageSize=2, orderBy="name").execute()
    make(drive, "a")  # sorts before everything already returned
    make(drive, "e")
    rest = drive.files().list(pageSize=10, orderBy="name", pageToken=first["nextPageToken"]).execute()
    assert [f["name"] for f in first["files"]] == ["b", "d"]
    assert [f["name"] for f in rest["files"]] == ["e", "f", "h"]


@pytest.mark.parametrize("token", ["garbage", "eyJzIjoieCIsImsiOltdfQ"])
def test_a_bad_page_token_is_400(drive, token):
    with pytest.raises(HttpError) as caught:
        drive.files().list(pageToken=token).execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["location"] == "pageToken"


def test_a_token_only_continues_the_query_it_came_from(drive):
    for name in ("a", "b", "c"):
        make(drive, name)
    token = drive.files().list(pageSize=1, q="name != 'z'").execute()["nextPageToken"]
    with pytest.raises(HttpError) as caught:
        drive.files().list(pageSize=1, q="name != 'y'", pageToken=token).execute()
    assert caught.value.status_code == 400


def test_shared_drive_flags_spaces_and_corpora_are_accepted(drive):
    make(drive, "a")
    assert listed(drive, spaces="drive", corpora="user", supportsAllDrives=True,
                  includeItemsFromAllDrives=True) == ["a"]
    assert listed(drive, corpora="allDrives", includeItemsFromAllDrives=True,
                  supportsAllDrives=True) == ["a"]
    assert listed(drive, spaces="appDataFolder") == []


def test_corpora_drive_needs_a_drive_id(drive):
    with pytest.raises(HttpError) as caught:
        drive.files().list(corpora="drive").execute()
    assert caught.value.status_code == 400


def test_a_list_whose_url_passes_2048_characters_is_answered_like_any_other(drive):
    """google-api-python-client sends such a GET as a POST with
    X-HTTP-Method-Override: GET and the query string as a form-encoded body."""
    folders = [drive.files().create(body={"name": f"F{i}", "mimeType": FOLDER},
                                    fields="id").execute()["id"] for i in range(3)]
    inside = drive.files().create(body={"name": "photo.jpg", "parents": [folders[2]]},
                                  fields="id").execute()["id"]
    padding = [f"'{'x' * 30}{i}' in parents" for i in range(60)]
    query = " or ".join(padding + [f"'{f}' in parents" for f in folders])
    request = drive.files().list(q=f"({query}) and trashed = false", fields="files(id)")
    assert len(request.uri) > 2048   # so execute() sends it as a POST (MAX_URI_LENGTH)
    assert request.execute()["files"] == [{"id": inside}]
