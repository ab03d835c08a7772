"""Drive v3 ignores a query parameter its method does not declare and a body field its
resource does not have, where Sheets refuses both (emulator/core/validate.py).

Recorded against Google: gspread's ``files.get?includeItemsFromAllDrives=True`` (a
parameter of files.list, not of files.get) is answered 200
(gspread tests/cassettes/SpreadsheetTest.test_creationTime_prop.json, 2023), and
gspread's ``share`` sends Drive v2's ``withLink`` in a v3 permissions body and works
(burnash/gspread#1115)."""

import pytest
from googleapiclient.errors import HttpError

SPREADSHEET = "application/vnd.google-apps.spreadsheet"


def with_query(request, extra: str):
    """The request google-api-python-client built, with a parameter it would refuse to add."""
    request.uri += ("&" if "?" in request.uri else "?") + extra
    return request


@pytest.mark.parametrize("method", ["get", "update", "copy"])
def test_include_items_from_all_drives_is_accepted_where_google_accepts_it(drive, method):
    made = drive.files().create(body={"name": "Plan"}).execute()
    call = {"get": lambda: drive.files().get(fileId=made["id"], fields="id,name"),
            "update": lambda: drive.files().update(fileId=made["id"], body={}, fields="id,name"),
            "copy": lambda: drive.files().copy(fileId=made["id"], body={"name": "Plan"},
                                               fields="id,name")}[method]()
    answer = with_query(call, "includeItemsFromAllDrives=true&supportsAllDrives=true").execute()
    assert answer["name"] == "Plan"


def test_a_made_up_parameter_is_ignored_by_drive(drive):
    made = drive.files().create(body={"name": "Plan"}).execute()
    got = with_query(drive.files().get(fileId=made["id"]), "colour=red&convert=true").execute()
    assert got == made


def test_a_declared_parameter_is_still_type_checked(drive):
    with pytest.raises(HttpError) as caught:
        with_query(drive.files().list(), "pageSize=many").execute()
    assert caught.value.status_code == 400


def test_gspread_reads_the_drive_times_of_a_spreadsheet(gspread_as):
    # gspread's lastUpdateTime is files.get with includeItemsFromAllDrives=True.
    spreadsheet = gspread_as().create("Master")
    assert spreadsheet.get_lastUpdateTime().endswith("Z")


def test_copy_with_a_v2_title_ignores_it_and_names_the_copy_copy_of(drive):
    # Drive v3 has no `title` (v2's name for `name`): ignored, as unknown fields are.
    made = drive.files().create(body={"name": "Plan"}).execute()
    copied = drive.files().copy(fileId=made["id"], body={"title": "Old style"},
                                fields="name").execute()
    assert copied == {"name": "Copy of Plan"}


def test_an_unknown_field_beside_known_ones_leaves_the_known_ones_applied(drive):
    made = drive.files().create(body={"name": "Plan", "title": "ignored",
                                      "description": "kept"}, fields="id,name,description").execute()
    assert made["name"] == "Plan" and made["description"] == "kept"


def test_an_output_only_field_is_still_not_writable(drive):
    # Known fields keep their rules: `size` is output only (fieldNotWritable, 403).
    made = drive.files().create(body={"name": "Plan"}).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().copy(fileId=made["id"], body={"size": "10"}).execute()
    assert caught.value.status_code == 403


def test_gspread_share_with_its_v2_with_link_field_shares(gspread_as, drive_as):
    spreadsheet = gspread_as().create("Master")
    spreadsheet.share("teacher@school.example", perm_type="user", role="reader", notify=False)
    seen = drive_as("teacher@school.example").files().get(fileId=spreadsheet.id).execute()
    assert seen["mimeType"] == SPREADSHEET
