"""values.clear and batchClear: values go, formatting and notes stay
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/clear)."""

import pytest
from googleapiclient.errors import HttpError

WRITER = "advisor@school.example"


@pytest.fixture
def book(sheets):
    bold = {"textFormat": {"bold": True}}
    return sheets.spreadsheets().create(body={"sheets": [{"properties": {
        "title": "Students", "sheetId": 4, "gridProperties": {"rowCount": 20, "columnCount": 5}},
        "data": [{"rowData": [
            {"values": [{"userEnteredValue": {"stringValue": "ID"}, "userEnteredFormat": bold, "note": "key"},
                        {"userEnteredValue": {"stringValue": "Name"}}]},
            {"values": [{"userEnteredValue": {"stringValue": "s-1"}},
                        {"userEnteredValue": {"stringValue": "Ada"}}]}]}],
        "protectedRanges": [{"range": {"sheetId": 4, "startRowIndex": 0, "endRowIndex": 1}}]}]}
    ).execute()["spreadsheetId"]


def values(sheets, book, rng="Students!A1:B2"):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=rng).execute().get("values")


def test_clear_empties_the_values_and_answers_the_range_bounded_to_the_grid(sheets, book):
    answer = sheets.spreadsheets().values().clear(spreadsheetId=book, range="Students!A2:B", body={}).execute()
    assert answer == {"spreadsheetId": book, "clearedRange": "Students!A2:B20"}
    assert values(sheets, book) == [["ID", "Name"]]


def test_clear_keeps_formatting_and_notes(sheets, book):
    sheets.spreadsheets().values().clear(spreadsheetId=book, range="Students!A1", body={}).execute()
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=["Students!A1"], includeGridData=True).execute()
    [first] = got["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert "userEnteredValue" not in first and "formattedValue" not in first
    assert first["userEnteredFormat"] == {"textFormat": {"bold": True}}
    assert first["note"] == "key"


def test_batch_clear_clears_every_range_and_lists_them(sheets, book):
    answer = sheets.spreadsheets().values().batchClear(
        spreadsheetId=book, body={"ranges": ["Students!B1:B2", "Students!A2"]}).execute()
    assert answer["clearedRanges"] == ["Students!B1:B2", "Students!A2"]
    assert values(sheets, book) == [["ID"]]


def test_clearing_a_protected_row_is_refused_for_other_writers_and_nothing_is_cleared(sheets, sheets_as, drive, book):
    drive.permissions().create(fileId=book, sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": WRITER}).execute()
    with pytest.raises(HttpError) as caught:
        sheets_as(WRITER).spreadsheets().values().batchClear(
            spreadsheetId=book, body={"ranges": ["Students!A2:B2", "Students!A1"]}).execute()
    assert caught.value.status_code == 400
    assert values(sheets, book) == [["ID", "Name"], ["s-1", "Ada"]]


def test_gspread_clear_empties_the_worksheet(gspread_as, sheets, book):
    gspread_as("coordinator@school.example").open_by_key(book).worksheet("Students").clear()
    assert values(sheets, book) is None
