"""The ``q`` language of files.list, term by term, as Google documents it:
https://developers.google.com/drive/api/guides/ref-search-terms and
https://developers.google.com/drive/api/guides/search-files"""

import time

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
TEACHER = "teacher@school.example"


def make(drive, name, **body):
    return drive.files().create(body={"name": name, **body}, fields="id").execute()["id"]


def found(drive, q):
    return sorted(f["name"] for f in drive.files().list(q=q, pageSize=1000).execute()["files"])


@pytest.fixture
def names(drive):
    for name in ("HelloWorld", "Hello World", "hello there", "Report 2024"):
        make(drive, name)
    return drive


def test_name_equals_and_not_equals(names):
    assert found(names, "name = 'Hello World'") == ["Hello World"]
    assert found(names, "name != 'Hello World'") == ["HelloWorld", "Report 2024", "hello there"]


def test_name_contains_matches_prefixes_of_the_name_and_its_words(names):
    # "name contains 'Hello'" finds HelloWorld, "name contains 'World'" does not.
    assert found(names, "name contains 'hello'") == ["Hello World", "HelloWorld", "hello there"]
    assert found(names, "name contains 'World'") == ["Hello World"]
    assert found(names, "name contains 'orld'") == []


def test_full_text_matches_whole_words_of_name_description_and_content(drive):
    drive.files().create(body={"name": "notes.txt"},
                         media_body=MediaInMemoryUpload(b"Beach clean-up with the eco club", "text/plain")).execute()
    make(drive, "other", description="club meeting minutes")
    assert found(drive, "fullText contains 'club'") == ["notes.txt", "other"]
    assert found(drive, "fullText contains 'clu'") == []
    assert found(drive, "fullText contains '\"eco club\"'") == ["notes.txt"]
    assert found(drive, "fullText contains '\"club eco\"'") == []


def test_mime_type_equals_not_equals_and_contains(drive):
    make(drive, "folder", mimeType=FOLDER)
    make(drive, "sheet", mimeType=SPREADSHEET)
    make(drive, "pdf", mimeType="application/pdf")
    assert found(drive, f"mimeType = '{FOLDER}'") == ["folder"]
    assert found(drive, f"mimeType != '{FOLDER}'") == ["pdf", "sheet"]
    assert found(drive, "mimeType contains 'google-apps'") == ["folder", "sheet"]


def test_in_parents_lists_the_children_of_a_folder_and_root_is_my_drive(drive):
    folder = make(drive, "F", mimeType=FOLDER)
    make(drive, "inside", parents=[folder])
    assert found(drive, f"'{folder}' in parents") == ["inside"]
    assert found(drive, "'root' in parents") == ["F"]


def test_parents_combined_with_and_or_and_not_select_as_boolean_logic_says(drive):
    # ref-search-terms: terms combine with and, or, not and parentheses. A listing
    # answers a query naming folders from those folders' files (emulator/drive/listing.py),
    # so each way of naming them is checked against the files elsewhere.
    a, b = make(drive, "A", mimeType=FOLDER), make(drive, "B", mimeType=FOLDER)
    make(drive, "in A", parents=[a])
    make(drive, "in B", parents=[b], description="x")
    make(drive, "loose")
    assert found(drive, f"'{a}' in parents or '{b}' in parents") == ["in A", "in B"]
    assert found(drive, f"('{a}' in parents or '{b}' in parents) and name contains 'in'") == [
        "in A", "in B"]
    assert found(drive, f"'{a}' in parents and name = 'in A'") == ["in A"]
    assert found(drive, f"'{a}' in parents or name = 'loose'") == ["in A", "loose"]
    assert found(drive, f"not '{a}' in parents and name contains 'in'") == ["in B"]
    assert found(drive, f"'{a}' in parents and '{b}' in parents") == []
    assert found(drive, "'root' in parents or 'nothing' in parents") == ["A", "B", "loose"]


def test_starred(drive):
    fid = make(drive, "fav")
    make(drive, "plain")
    drive.files().update(fileId=fid, body={"starred": True}).execute()
    assert found(drive, "starred = true") == ["fav"]
    assert found(drive, "starred != true") == ["plain"]


def test_app_properties_and_properties_has_a_key_with_a_value(drive):
    make(drive, "student", appProperties={"casKind": "student"}, properties={"term": "1"})
    make(drive, "advisor", appProperties={"casKind": "advisor"})
    assert found(drive, "appProperties has { key='casKind' and value='student' }") == ["student"]
    assert found(drive, "properties has {key='term' and value='1'}") == ["student"]
    assert found(drive, "properties has { key='casKind' and value='student' }") == []


def test_modified_and_created_time_compare_with_rfc3339_dates(drive):
    make(drive, "old", modifiedTime="2020-01-01T00:00:00Z")
    make(drive, "new", modifiedTime="2030-01-01T00:00:00Z")
    assert found(drive, "modifiedTime > '2025-01-01T00:00:00'") == ["new"]
    assert found(drive, "modifiedTime <= '2020-01-01T02:00:00+02:00'") == ["old"]
    assert found(drive, "modifiedTime = '2020-01-01T00:00:00.000Z'") == ["old"]
    assert found(drive, "modifiedTime != '2020-01-01T00:00:00Z'") == ["new"]
    now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 3600))
    assert found(drive, f"createdTime >= '{now}'") == ["new", "old"]
    assert found(drive, f"createdTime < '{now}'") == []


def test_owners_writers_and_readers(drive, drive_as):
    shared = make(drive, "shared")
    drive.permissions().create(fileId=shared, body={"type": "user", "role": "writer",
                                                    "emailAddress": TEACHER}).execute()
    make(drive, "private")
    make(drive_as(TEACHER), "theirs")
    assert found(drive, "'coordinator@school.example' in owners") == ["private", "shared"]
    assert found(drive, f"'{TEACHER}' in writers") == ["shared"]
    assert found(drive, f"'{TEACHER}' in readers") == ["shared"]
    assert found(drive_as(TEACHER), f"'{TEACHER}' in owners") == ["theirs"]


def test_shared_with_me_lists_what_others_shared_with_the_caller(drive, drive_as):
    shared = make(drive, "shared")
    drive.permissions().create(fileId=shared, body={"type": "user", "role": "reader",
                                                    "emailAddress": TEACHER}).execute()
    make(drive_as(TEACHER), "own")
    assert found(drive_as(TEACHER), "sharedWithMe = true") == ["shared"]
    assert found(drive_as(TEACHER), "sharedWithMe = false") == ["own"]
    assert found(drive_as(TEACHER), "sharedWithMe and name contains 'sh'") == ["shared"]  # the guide's form


def test_and_binds_tighter_than_or_and_parentheses_regroup(names):
    names.files().update(fileId=names.files().list(q="name = 'HelloWorld'").execute()["files"][0]["id"],
                         body={"starred": True}).execute()
    q = "name = 'Report 2024' or name contains 'Hello' and starred = true"
    assert found(names, q) == ["HelloWorld", "Report 2024"]
    q = "(name = 'Report 2024' or name contains 'Hello') and starred = true"
    assert found(names, q) == ["HelloWorld"]


def test_not_negates_a_term_or_a_group(names):
    assert found(names, "not name contains 'hello'") == ["Report 2024"]
    assert found(names, "not (name contains 'hello' or name = 'Report 2024')") == []
    assert found(names, "NOT name contains 'hello' AND name contains 'report'") == ["Report 2024"]


def test_quotes_and_backslashes_are_escaped_with_a_backslash(drive):
    make(drive, "Valentine's Day")
    make(drive, "C:\\cas\\plan")
    assert found(drive, r"name = 'Valentine\'s Day'") == ["Valentine's Day"]
    assert found(drive, r"name = 'C:\\cas\\plan'") == ["C:\\cas\\plan"]


@pytest.mark.parametrize("q", [
    "name = ",                                   # no value
    "name = 'unterminated",
    "title = 'x'",                               # Drive v2's term, not v3's
    "name > 'x'",                                # operator not valid for the term
    "trashed = 'true'",                          # a boolean is not a string
    "fullText = 'x'",
    "(name = 'a'",
    "name = 'a' and",
    "name = 'a' name = 'b'",
    "'x' in nowhere",
    "appProperties has { key='k' }",
    "modifiedTime > 'yesterday'",
])
def test_a_malformed_query_is_400_invalid_value_on_q(drive, q):
    with pytest.raises(HttpError) as caught:
        drive.files().list(q=q).execute()
    assert caught.value.status_code == 400
    assert caught.value.reason == "Invalid Value"
    detail = caught.value.error_details[0]
    assert (detail["reason"], detail["location"], detail["locationType"]) == ("invalid", "q", "parameter")


# -- double quotes ------------------------------------------------------------------
# gspread sends q='mimeType="application/vnd.google-apps.spreadsheet" and name = "x"'
# and Google answers 200 with the spreadsheets (gspread's
# tests/cassettes/ClientTest.test_list_spreadsheet_files.json, 2023).

def test_a_double_quoted_string_is_accepted_as_a_single_quoted_one(names):
    make(names, "Master", mimeType=SPREADSHEET)
    assert found(names, 'mimeType="application/vnd.google-apps.spreadsheet"') == ["Master"]
    assert found(names, 'mimeType="application/vnd.google-apps.spreadsheet" and name = "Master"') \
        == ["Master"]
    assert found(names, 'name = "Hello World"') == found(names, "name = 'Hello World'")


def test_inside_double_quotes_a_single_quote_is_plain_and_a_backslash_escapes(drive):
    make(drive, "Valentine's Day")
    make(drive, 'The "best" plan')
    assert found(drive, 'name = "Valentine\'s Day"') == ["Valentine's Day"]
    assert found(drive, r'name = "The \"best\" plan"') == ['The "best" plan']
    assert found(drive, r"name = 'Valentine\'s Day'") == ["Valentine's Day"]


def test_an_unterminated_double_quoted_string_is_400_invalid(drive):
    with pytest.raises(HttpError) as caught:
        drive.files().list(q='name = "open').execute()
    assert caught.value.status_code == 400 and caught.value.reason == "Invalid Value"
