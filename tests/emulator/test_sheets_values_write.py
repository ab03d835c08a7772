"""values.update and batchUpdate: where values land, what the response counts, and
when Google refuses (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/update)."""

import pytest
from _sheets import refused

WRITER = "advisor@school.example"


@pytest.fixture
def book(sheets):
    return sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": "Students", "gridProperties": {"rowCount": 5, "columnCount": 4}}},
        {"properties": {"title": "Log"}}]}).execute()["spreadsheetId"]


def update(sheets, book, rng, rows, option="RAW", **kw):
    return sheets.spreadsheets().values().update(spreadsheetId=book, range=rng, valueInputOption=option,
                                                 body={"values": rows, **kw.pop("body", {})}, **kw).execute()


def read(sheets, book, rng, render="UNFORMATTED_VALUE"):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=rng,
                                              valueRenderOption=render).execute().get("values")


def test_update_from_a_single_cell_writes_the_whole_block_and_counts_it(sheets, book):
    answer = update(sheets, book, "Students!B2", [["a", "b"], ["c"]])
    assert answer == {"spreadsheetId": book, "updatedRange": "Students!B2:C3", "updatedRows": 2,
                      "updatedColumns": 2, "updatedCells": 3}
    assert read(sheets, book, "Students!A1:D3") == [[], ["", "a", "b"], ["", "c"]]


def test_null_values_are_skipped_and_empty_strings_clear_the_cell(sheets, book):
    update(sheets, book, "Students!A1", [["keep", "drop", "x"]])
    answer = update(sheets, book, "Students!A1", [[None, "", "y"]])
    assert answer["updatedCells"] == 2
    assert read(sheets, book, "Students!A1:C1") == [["keep", "", "y"]]


def test_major_dimension_columns_writes_down_the_columns(sheets, book):
    update(sheets, book, "Students!A1:B2", [[1, 2], [3, 4]], body={"majorDimension": "COLUMNS"})
    assert read(sheets, book, "Students!A1:B2") == [[1, 3], [2, 4]]


def test_values_that_overflow_a_bounded_range_are_refused(sheets, book):
    err = refused(lambda: update(sheets, book, "Students!A1:B2", [["1"], ["2"], ["3"]]))
    assert err.status_code == 400
    assert err.reason == "Requested writing within range [Students!A1:B2], but tried writing to row [3]"
    err = refused(lambda: update(sheets, book, "Students!A1:B1", [["1", "2", "3"]]))
    assert err.reason == "Requested writing within range [Students!A1:B1], but tried writing to column [C]"


def test_a_range_starting_past_the_grid_is_refused(sheets, book):
    err = refused(lambda: update(sheets, book, "Students!A6", [["x"]]))
    assert err.reason == "Range ('Students'!A6) exceeds grid limits. Max rows: 5, max columns: 4"


def test_values_running_past_the_grid_from_inside_it_add_rows_and_columns(sheets, book):
    update(sheets, book, "Students!D5", [["a", "b"], ["c", "d"]])
    props = sheets.spreadsheets().get(spreadsheetId=book, ranges=["Students"]).execute()["sheets"][0]["properties"]
    assert props["gridProperties"] == {"rowCount": 6, "columnCount": 5}
    assert read(sheets, book, "Students!D5:E6") == [["a", "b"], ["c", "d"]]


def test_value_input_option_is_required(sheets, book):
    err = refused(lambda: sheets.spreadsheets().values().update(
        spreadsheetId=book, range="A1", body={"values": [["x"]]}).execute())
    assert err.status_code == 400
    assert err.reason == "'valueInputOption' is required but not specified"


def test_include_values_in_response_reads_back_the_written_range(sheets, book):
    answer = update(sheets, book, "Students!A1", [["=1+1", "5"]], option="USER_ENTERED",
                    includeValuesInResponse=True, responseValueRenderOption="UNFORMATTED_VALUE")
    assert answer["updatedData"] == {"range": "Students!A1:B1", "majorDimension": "ROWS",
                                     "values": [[2, 5]]}


def test_batch_update_writes_every_range_and_totals_rows_columns_cells_and_sheets(sheets, book):
    answer = sheets.spreadsheets().values().batchUpdate(spreadsheetId=book, body={
        "valueInputOption": "RAW",
        "data": [{"range": "Students!A1:B1", "values": [["ID", "Name"]]},
                 {"range": "Students!A2", "values": [["s-1"]]},
                 {"range": "Log!A1", "values": [["started"]]}]}).execute()
    assert (answer["totalUpdatedRows"], answer["totalUpdatedColumns"],
            answer["totalUpdatedCells"], answer["totalUpdatedSheets"]) == (3, 3, 4, 2)
    assert [r["updatedRange"] for r in answer["responses"]] == ["Students!A1:B1", "Students!A2", "Log!A1"]


def test_batch_update_is_all_or_nothing(sheets, book):
    err = refused(lambda: sheets.spreadsheets().values().batchUpdate(spreadsheetId=book, body={
        "valueInputOption": "RAW",
        "data": [{"range": "Students!A1", "values": [["written?"]]},
                 {"range": "Nowhere!A1", "values": [["x"]]}]}).execute())
    assert err.reason == "Unable to parse range: Nowhere!A1"
    assert read(sheets, book, "Students!A1") is None


def test_a_write_is_a_drive_change_of_the_spreadsheet(sheets, drive, book):
    before = drive.files().get(fileId=book, fields="modifiedTime,version").execute()
    update(sheets, book, "Students!A1", [["x"]])
    after = drive.files().get(fileId=book, fields="modifiedTime,version").execute()
    assert after["modifiedTime"] > before["modifiedTime"]
    assert int(after["version"]) > int(before["version"])


def test_protected_cells_refuse_writers_who_are_not_editors_of_the_range(sheets, sheets_as, drive):
    book = sheets.spreadsheets().create(body={"sheets": [{"properties": {"title": "Students", "sheetId": 3},
        "protectedRanges": [{"range": {"sheetId": 3, "startColumnIndex": 2, "endColumnIndex": 3},
                             "description": "Status (service)"}]}]}).execute()["spreadsheetId"]
    drive.permissions().create(fileId=book, sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": WRITER}).execute()
    advisor = sheets_as(WRITER)
    update(advisor, book, "Students!A1:B1", [["decision", "comment"]])     # unprotected: fine
    err = refused(lambda: update(advisor, book, "Students!B2", [["x", "overwrite status"]]))
    assert err.status_code == 400
    assert "protected cell" in err.reason
    assert read(sheets, book, "Students!B2") is None   # nothing of the refused write landed
    update(sheets, book, "Students!C2", [["owner may"]])
    assert read(sheets, book, "Students!C2") == [["owner may"]]


def test_values_must_be_strings_numbers_or_booleans(sheets, book):
    # "For input, supported value types are: bool, string, and double."
    err = refused(lambda: update(sheets, book, "Students!A1", [["ok", {"nested": 1}]]))
    assert err.status_code == 400
    assert err.reason.startswith("Invalid values[0][1]")


def test_a_cell_holds_at_most_50000_characters_and_a_longer_write_changes_nothing(sheets, book):
    # "You can have up to 50,000 characters in a single cell" (Sheets' limits).
    update(sheets, book, "Students!A1", [["x" * 50_000]])
    assert len(read(sheets, book, "Students!A1")[0][0]) == 50_000
    err = refused(lambda: update(sheets, book, "Students!A2:B2", [["ok", "y" * 50_001]]))
    assert err.resp.status == 400
    assert "more than the maximum of 50000 characters in a single cell" in str(err)
    assert read(sheets, book, "Students!A2:B2") is None
    err = refused(lambda: sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={
        "requests": [{"updateCells": {"start": {"sheetId": 0, "rowIndex": 2},
                                      "rows": [{"values": [{"userEnteredValue": {
                                          "stringValue": "z" * 50_001}}]}],
                                      "fields": "userEnteredValue"}}]}).execute())
    assert err.resp.status == 400 and "more than the maximum of 50000 characters" in str(err)
