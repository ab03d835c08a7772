"""gspread's ``import_csv``: ``PUT /upload/drive/v2/files/{id}?uploadType=media&convert=True``
with ``text/csv`` (Drive v2, served only for this: emulator/drive/v2.py).

Recorded against Google (gspread tests/cassettes/ClientTest.test_import_csv.json, 2023):
the answer is a v2 File (``title``, not ``name``); afterwards the spreadsheet has one
sheet, titled as the file, with a new sheet ID, holding the CSV's rows. gspread:
"removes all other worksheets and then entirely replaces the contents of the first
worksheet"."""

import gspread
import pytest
import requests

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
CSV = "test_import_csv 1,test_import_csv 2\ntest_import_csv 3,test_import_csv 4\n"


@pytest.fixture
def gc(gspread_as):
    return gspread_as()


def test_import_replaces_every_sheet_by_one_holding_the_csv(gc):
    spreadsheet = gc.create("TestImportSpreadsheet")
    spreadsheet.add_worksheet("Extra", rows=10, cols=5)
    spreadsheet.sheet1.update([["old", "data", "gone"]], "A1")
    before = spreadsheet.sheet1.id
    answer = gc.import_csv(spreadsheet.id, CSV)
    assert answer["kind"] == "drive#file" and answer["id"] == spreadsheet.id
    assert answer["title"] == "TestImportSpreadsheet" and answer["mimeType"] == SPREADSHEET
    reopened = gc.open_by_key(spreadsheet.id)
    [only] = reopened.worksheets()
    assert only.title == "TestImportSpreadsheet" and only.id != before
    assert only.get_all_values() == [["test_import_csv 1", "test_import_csv 2"],
                                     ["test_import_csv 3", "test_import_csv 4"]]


def test_values_are_read_as_typed_into_sheets(gc):
    spreadsheet = gc.create("Hours")
    gc.import_csv(spreadsheet.id, 'name,hours,when\nAda,"1,250",2024-09-01\nBo,=2*3,TRUE\n')
    sheet = gc.open_by_key(spreadsheet.id).sheet1
    # A formula is evaluated for UNFORMATTED_VALUE, as Google evaluates every formula read.
    assert sheet.get("B2:C3", value_render_option="UNFORMATTED_VALUE") == [[1250, 45536], [6, True]]
    assert sheet.get("B3", value_render_option="FORMULA") == [["=2*3"]]


def test_a_reader_cannot_import(gc, gspread_as, drive):
    spreadsheet = gc.create("Master")
    drive.permissions().create(fileId=spreadsheet.id, body={
        "type": "user", "role": "reader", "emailAddress": "teacher@school.example"}).execute()
    with pytest.raises(gspread.exceptions.APIError) as caught:
        gspread_as("teacher@school.example").import_csv(spreadsheet.id, CSV)
    assert caught.value.response.status_code == 403


def test_the_import_is_a_new_version_of_the_drive_file(gc, drive):
    spreadsheet = gc.create("Master")
    version = drive.files().get(fileId=spreadsheet.id, fields="version").execute()["version"]
    gc.import_csv(spreadsheet.id, CSV)
    after = drive.files().get(fileId=spreadsheet.id, fields="version").execute()["version"]
    assert int(after) > int(version)


def test_anything_else_of_drive_v2_is_not_served(emulator, gc):
    spreadsheet = gc.create("Master")
    answer = requests.put(f"{emulator.url}/upload/drive/v2/files/{spreadsheet.id}",
                          params={"uploadType": "media"}, data=b"a,b",
                          headers={"Authorization": "Bearer emulator:coordinator@school.example",
                                   "Content-Type": "text/csv"})
    assert answer.status_code == 501
    answer = requests.get(f"{emulator.url}/drive/v2/files/{spreadsheet.id}",
                          headers={"Authorization": "Bearer emulator:coordinator@school.example"})
    assert answer.status_code == 404
