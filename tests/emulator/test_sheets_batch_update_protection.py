"""Protected ranges: addProtectedRange, updateProtectedRange, deleteProtectedRange,
and their enforcement. A writer of the spreadsheet who is not an editor of a
protected range may not change its cells, delete or move its rows, or change the
protection itself; the owner and the range's editors may; warning-only ranges
and unprotected holes block no one."""

import gspread
import pytest
from _sheets import batch, refused

ADVISOR = "advisor@school.example"     # a writer of the spreadsheet
SERVICE = "service@school.example"     # another writer, made an editor of the ranges
PROTECTED = ("You are trying to edit a protected cell or object. Please contact the "
             "spreadsheet owner to remove protection if you need to edit.")


@pytest.fixture
def sid(sheets, drive):
    """A spreadsheet of the coordinator's, shared for writing with the advisor and the service."""
    spreadsheet_id = sheets.spreadsheets().create(body={"properties": {"title": "Master"}}).execute()["spreadsheetId"]
    for email in (ADVISOR, SERVICE):
        drive.permissions().create(fileId=spreadsheet_id, sendNotificationEmail=False, body={
            "type": "user", "role": "writer", "emailAddress": email}).execute()
    return spreadsheet_id


def protect(sheets, sid, **protected_range):
    reply = batch(sheets, sid, {"addProtectedRange": {"protectedRange": protected_range}})
    return reply["replies"][0]["addProtectedRange"]["protectedRange"]


def write(sheets, sid, rng, value="x"):
    return sheets.spreadsheets().values().update(spreadsheetId=sid, range=rng, valueInputOption="RAW",
                                                 body={"values": [[value]]}).execute()


def set_cell(sheets, sid, row, col, value="x"):
    return batch(sheets, sid, {"updateCells": {
        "start": {"sheetId": 0, "rowIndex": row, "columnIndex": col}, "fields": "userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"stringValue": value}}]}]}})


STATUS_COLUMN = {"sheetId": 0, "startColumnIndex": 3, "endColumnIndex": 4}


def test_add_protected_range_replies_with_its_id_and_the_owner_as_editor(sheets, sid):
    reply = protect(sheets, sid, range=STATUS_COLUMN, description="Computed by the service")
    assert isinstance(reply["protectedRangeId"], int)
    assert reply["editors"]["users"] == ["coordinator@school.example"]
    assert reply["requestingUserCanEdit"] is True
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    [stored] = got["sheets"][0]["protectedRanges"]
    assert stored["protectedRangeId"] == reply["protectedRangeId"]
    assert stored["description"] == "Computed by the service"


def test_a_writer_who_is_not_an_editor_may_not_change_protected_cells(sheets, sheets_as, sid):
    protect(sheets, sid, range=STATUS_COLUMN)
    advisor = sheets_as(ADVISOR)
    error = refused(lambda: set_cell(advisor, sid, 4, 3))
    assert error.status_code == 400 and error.reason == PROTECTED
    error = refused(lambda: advisor.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
        {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1}, "cell": {}, "fields": "userEnteredFormat"}}]}
    ).execute())
    assert error.reason == PROTECTED
    set_cell(advisor, sid, 4, 2, "outside the protection")   # the column beside it is free


def test_the_owner_and_the_ranges_editors_may_edit_it(sheets, sheets_as, sid):
    protect(sheets, sid, range=STATUS_COLUMN, editors={"users": [SERVICE]})
    set_cell(sheets, sid, 1, 3, "by the owner")
    set_cell(sheets_as(SERVICE), sid, 2, 3, "by the service")
    got = sheets.spreadsheets().values().get(spreadsheetId=sid, range="D2:D3").execute()
    assert got["values"] == [["by the owner"], ["by the service"]]


def test_a_protected_whole_sheet_blocks_values_writes_too(sheets, sheets_as, sid):
    protect(sheets, sid, range={"sheetId": 0})
    assert refused(lambda: write(sheets_as(ADVISOR), sid, "A1")).reason == PROTECTED
    write(sheets, sid, "A1")


def test_rows_through_a_protected_range_may_not_be_deleted_moved_or_inserted_into(sheets, sheets_as, sid):
    protect(sheets, sid, range={"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1})  # the header
    advisor = sheets_as(ADVISOR)

    def rows(start, end):
        return {"sheetId": 0, "dimension": "ROWS", "startIndex": start, "endIndex": end}

    assert refused(lambda: batch(advisor, sid, {"deleteDimension": {"range": rows(0, 2)}})).reason == PROTECTED
    assert refused(lambda: batch(advisor, sid, {"moveDimension": {
        "source": rows(0, 1), "destinationIndex": 5}})).reason == PROTECTED
    assert refused(lambda: batch(advisor, sid, {"deleteDimension": {
        "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}})).reason == PROTECTED
    batch(advisor, sid, {"deleteDimension": {"range": rows(3, 5)}})     # rows below are free
    batch(advisor, sid, {"insertDimension": {"range": rows(0, 1)}})     # above it: it only moves
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert got["sheets"][0]["protectedRanges"][0]["range"]["startRowIndex"] == 1


def test_a_sort_through_a_protected_range_is_refused(sheets, sheets_as, sid):
    protect(sheets, sid, range=STATUS_COLUMN)
    error = refused(lambda: batch(sheets_as(ADVISOR), sid, {"sortRange": {
        "range": {"sheetId": 0, "startRowIndex": 1}, "sortSpecs": [{"dimensionIndex": 0}]}}))
    assert error.reason == PROTECTED


def test_a_refused_request_undoes_the_whole_batch(sheets, sheets_as, sid):
    protect(sheets, sid, range=STATUS_COLUMN)
    advisor = sheets_as(ADVISOR)
    refused(lambda: batch(advisor, sid,
                          {"addSheet": {"properties": {"title": "Scratch"}}},
                          {"updateCells": {"start": {"sheetId": 0, "columnIndex": 3}, "fields": "note",
                                           "rows": [{"values": [{"note": "sneaky"}]}]}}))
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert [s["properties"]["title"] for s in got["sheets"]] == ["Sheet1"]


def test_warning_only_ranges_do_not_block_api_writes(sheets, sheets_as, sid):
    reply = protect(sheets, sid, range=STATUS_COLUMN, warningOnly=True)
    assert "editors" not in reply
    set_cell(sheets_as(ADVISOR), sid, 0, 3, "allowed")


def test_editors_and_warning_only_do_not_go_together(sheets, sid):
    error = refused(lambda: protect(sheets, sid, range=STATUS_COLUMN, warningOnly=True,
                                    editors={"users": [SERVICE]}))
    assert error.status_code == 400


def test_unprotected_ranges_are_holes_anyone_may_edit(sheets, sheets_as, sid):
    protect(sheets, sid, range={"sheetId": 0}, unprotectedRanges=[
        {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 4, "endColumnIndex": 6}])
    advisor = sheets_as(ADVISOR)
    set_cell(advisor, sid, 5, 4, "comment")
    assert refused(lambda: set_cell(advisor, sid, 0, 4)).reason == PROTECTED


def test_a_non_editor_may_not_change_or_remove_the_protection(sheets, sheets_as, sid):
    pr = protect(sheets, sid, range=STATUS_COLUMN)
    advisor = sheets_as(ADVISOR)
    assert refused(lambda: batch(advisor, sid, {"deleteProtectedRange": {
        "protectedRangeId": pr["protectedRangeId"]}})).reason == PROTECTED
    assert refused(lambda: batch(advisor, sid, {"updateProtectedRange": {
        "protectedRange": {"protectedRangeId": pr["protectedRangeId"], "editors": {"users": [ADVISOR]}},
        "fields": "editors"}})).reason == PROTECTED


def test_the_owner_updates_and_deletes_a_protection(sheets, sheets_as, sid):
    pr = protect(sheets, sid, range=STATUS_COLUMN)
    batch(sheets, sid, {"updateProtectedRange": {
        "protectedRange": {"protectedRangeId": pr["protectedRangeId"], "editors": {"users": [ADVISOR]},
                           "description": "advisors too"},
        "fields": "editors,description"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]["protectedRanges"][0]
    assert got["description"] == "advisors too"
    assert got["editors"]["users"] == [ADVISOR, "coordinator@school.example"]
    set_cell(sheets_as(ADVISOR), sid, 0, 3, "now allowed")
    batch(sheets, sid, {"deleteProtectedRange": {"protectedRangeId": pr["protectedRangeId"]}})
    assert "protectedRanges" not in sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]
    set_cell(sheets_as(SERVICE), sid, 0, 3, "anyone")


def test_a_missing_protected_range_is_named_in_the_error(sheets, sid):
    error = refused(lambda: batch(sheets, sid, {"deleteProtectedRange": {"protectedRangeId": 99}}))
    assert error.reason == "Invalid requests[0].deleteProtectedRange: No protected range with id: 99"


def test_a_non_editor_may_not_delete_a_protected_sheet(sheets, sheets_as, sid):
    batch(sheets, sid, {"addSheet": {"properties": {"sheetId": 7, "title": "Settings"}}})
    protect(sheets, sid, range={"sheetId": 7})
    assert refused(lambda: batch(sheets_as(ADVISOR), sid, {"deleteSheet": {"sheetId": 7}})).reason == PROTECTED
    batch(sheets, sid, {"deleteSheet": {"sheetId": 7}})


def test_gspread_protects_a_column_and_a_non_editor_cannot_write_it(sheets, gspread_as, sid):
    gspread_as().open_by_key(sid).sheet1.add_protected_range(
        "D:D", editor_users_emails=["coordinator@school.example", SERVICE],
        description="service-owned")  # gspread also sends nulls and false flags
    stored = sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]["protectedRanges"][0]
    assert stored["description"] == "service-owned" and "warningOnly" not in stored
    with pytest.raises(gspread.exceptions.APIError):
        gspread_as(ADVISOR).open_by_key(sid).sheet1.update_acell("D2", "overwritten")
    gspread_as(SERVICE).open_by_key(sid).sheet1.update_acell("D2", "computed")
