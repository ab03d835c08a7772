"""values.append: the table the range touches, and rows after it
(https://developers.google.com/sheets/api/guides/values#append_values)."""

import pytest

from emulator.sheets import append as appending


@pytest.fixture
def guide(sheets):
    """The guide's example: tables A1:C2 and B4:D6 on Sheet1 (row 3 empty)."""
    book = sheets.spreadsheets().create(body={"properties": {"title": "Append"}}).execute()["spreadsheetId"]
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=book, body={"valueInputOption": "RAW", "data": [
        {"range": "Sheet1!A1", "values": [["x", "y", "z"], ["x", "y", "z"]]},
        {"range": "Sheet1!B4", "values": [["x", "y"], [None, "y", "z"], ["x", "y", "z"]]}]}).execute()
    return book


def append(sheets, book, rng, rows, **options):
    options.setdefault("valueInputOption", "RAW")
    return sheets.spreadsheets().values().append(spreadsheetId=book, range=rng, body={"values": rows},
                                                 **options).execute()


@pytest.mark.parametrize("rng", ["Sheet1", "B4", "C5:D5", "B2:D4", "A3:G10"])
def test_values_go_after_the_last_table_the_range_touches(sheets, guide, rng):
    answer = append(sheets, guide, rng, [["new"]])
    assert answer["tableRange"] == "Sheet1!B4:D6"
    assert answer["updates"]["updatedRange"] == "Sheet1!B7"


def test_a_range_inside_the_first_table_appends_below_it(sheets, guide):
    answer = append(sheets, guide, "A1", [["new"]])
    assert answer["tableRange"] == "Sheet1!A1:C2"
    assert answer["updates"]["updatedRange"] == "Sheet1!A3"


@pytest.mark.parametrize("rng, at", [("E4", "Sheet1!E4"), ("A4", "Sheet1!A4")])
def test_a_range_in_no_table_is_written_where_it_starts_without_a_table_range(sheets, guide, rng, at):
    answer = append(sheets, guide, rng, [["new"]])
    assert "tableRange" not in answer
    assert answer["updates"]["updatedRange"] == at


def test_the_response_counts_what_was_appended(sheets, guide):
    answer = append(sheets, guide, "Sheet1", [["a", "b"], ["c", "d"]], includeValuesInResponse=True)
    assert answer["spreadsheetId"] == guide
    assert answer["updates"] == {"spreadsheetId": guide, "updatedRange": "Sheet1!B7:C8", "updatedRows": 2,
                                 "updatedColumns": 2, "updatedCells": 4,
                                 "updatedData": {"range": "Sheet1!B7:C8", "majorDimension": "ROWS",
                                                 "values": [["a", "b"], ["c", "d"]]}}


def test_overwrite_writes_over_rows_below_the_table(sheets, guide):
    sheets.spreadsheets().values().update(spreadsheetId=guide, range="Sheet1!H8", valueInputOption="RAW",
                                          body={"values": [["below"]]}).execute()
    append(sheets, guide, "B4", [["a"], ["b"]], insertDataOption="OVERWRITE")
    got = sheets.spreadsheets().values().get(spreadsheetId=guide, range="Sheet1!B7:H8").execute()
    assert got["values"] == [["a"], ["b", "", "", "", "", "", "below"]]


def test_insert_rows_pushes_what_follows_down(sheets, guide):
    sheets.spreadsheets().values().update(spreadsheetId=guide, range="Sheet1!A8", valueInputOption="RAW",
                                          body={"values": [["below"]]}).execute()
    append(sheets, guide, "B4", [["a"], ["b"]], insertDataOption="INSERT_ROWS")
    got = sheets.spreadsheets().values().get(spreadsheetId=guide, range="Sheet1!A7:B10").execute()
    assert got["values"] == [["", "a"], ["", "b"], [], ["below"]]
    rows = sheets.spreadsheets().get(spreadsheetId=guide).execute()["sheets"][0]["properties"]["gridProperties"]
    assert rows["rowCount"] == 1002


def test_appending_at_the_end_of_the_grid_adds_rows(sheets):
    book = sheets.spreadsheets().create(body={"sheets": [{"properties": {
        "gridProperties": {"rowCount": 2, "columnCount": 2}}}]}).execute()["spreadsheetId"]
    append(sheets, book, "Sheet1", [["h1", "h2"], ["a", "b"]])
    answer = append(sheets, book, "Sheet1", [["c", "d", "e"]])
    assert answer["tableRange"] == "Sheet1!A1:B2"
    assert answer["updates"]["updatedRange"] == "Sheet1!A3:C3"
    grid = sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"][0]["properties"]["gridProperties"]
    assert grid == {"rowCount": 3, "columnCount": 3}


def test_an_empty_sheet_appends_at_a1(sheets):
    book = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    answer = append(sheets, book, "Sheet1!A:C", [["first"]], valueInputOption="USER_ENTERED")
    assert "tableRange" not in answer
    assert answer["updates"]["updatedRange"] == "Sheet1!A1"


def test_cells_touching_at_a_corner_belong_to_one_table():
    def cell(text):
        return {"userEnteredValue": {"stringValue": text}}
    sheet = {"rows": [{"cells": [cell("a")]}, {"cells": [None, cell("b")]}, {"cells": []},
                      {"cells": [None, None, None, cell("far")]}]}
    assert sorted(appending.tables(sheet)) == [(0, 2, 0, 2), (3, 4, 3, 4)]


def test_insert_rows_moves_row_metadata_below_down_with_its_row(sheets, guide):
    sheets.spreadsheets().batchUpdate(spreadsheetId=guide, body={"requests": [{"createDeveloperMetadata": {
        "developerMetadata": {"metadataId": 9, "metadataKey": "below", "visibility": "DOCUMENT", "location": {
            "dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 6, "endIndex": 7}}}}}]}).execute()
    append(sheets, guide, "B4", [["a"], ["b"]], insertDataOption="INSERT_ROWS")
    meta = sheets.spreadsheets().developerMetadata().get(spreadsheetId=guide, metadataId=9).execute()
    assert meta["location"]["dimensionRange"]["startIndex"] == 8
