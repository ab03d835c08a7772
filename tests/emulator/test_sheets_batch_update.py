"""spreadsheets.batchUpdate as a whole: requests applied in order and all or nothing,
replies one per request, Google's wording for a bad request, who may call it, and
the spreadsheet in the response.

The request kinds themselves are specified in test_sheets_batch_update_<family>.py.
"""

from _sheets import batch, refused

WRITER = "advisor@school.example"
READER = "student@school.example"


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()


def titles(sheets, spreadsheet_id):
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet_id).execute()
    return [s["properties"]["title"] for s in got["sheets"]]


def share(drive, file_id, email, role):
    drive.permissions().create(fileId=file_id, sendNotificationEmail=False,
                               body={"type": "user", "role": role, "emailAddress": email}).execute()


def test_replies_come_back_in_request_order_with_empty_ones_for_requests_without_a_reply(sheets):
    book = create(sheets)
    answer = batch(sheets, book["spreadsheetId"],
                   {"addSheet": {"properties": {"title": "Students"}}},
                   {"updateSpreadsheetProperties": {"properties": {"locale": "en_GB"},
                                                    "fields": "locale"}},
                   {"addNamedRange": {"namedRange": {"name": "roster",
                                                     "range": {"sheetId": 0, "endRowIndex": 5}}}})
    assert answer["spreadsheetId"] == book["spreadsheetId"]
    first, second, third = answer["replies"]
    assert first["addSheet"]["properties"]["title"] == "Students"
    assert second == {}
    assert third["addNamedRange"]["namedRange"]["name"] == "roster"


def test_later_requests_see_what_earlier_ones_did(sheets):
    book = create(sheets)
    answer = batch(sheets, book["spreadsheetId"],
                   {"addSheet": {"properties": {"sheetId": 77, "title": "Draft"}}},
                   {"updateSheetProperties": {"properties": {"sheetId": 77, "title": "Final"},
                                              "fields": "title"}})
    assert len(answer["replies"]) == 2
    assert titles(sheets, book["spreadsheetId"]) == ["Sheet1", "Final"]


def test_one_invalid_request_applies_nothing_and_names_the_request_as_google_does(sheets):
    book = create(sheets)
    error = refused(lambda: batch(sheets, book["spreadsheetId"],
                                  {"addSheet": {"properties": {"title": "Kept?"}}},
                                  {"deleteSheet": {"sheetId": 5}}))
    assert error.status_code == 400
    assert error.reason == "Invalid requests[1].deleteSheet: No sheet with id: 5."
    assert titles(sheets, book["spreadsheetId"]) == ["Sheet1"]


def test_a_failed_batch_leaves_cells_and_the_drive_version_as_they_were(sheets, drive):
    book = create(sheets)
    sid = book["spreadsheetId"]
    before = drive.files().get(fileId=sid, fields="version").execute()["version"]
    refused(lambda: batch(sheets, sid,
                          {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                           "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}]}},
                          {"repeatCell": {"range": {"sheetId": 9}, "cell": {}, "fields": "*"}}))
    values = sheets.spreadsheets().values().get(spreadsheetId=sid, range="A1").execute()
    assert "values" not in values
    assert drive.files().get(fileId=sid, fields="version").execute()["version"] == before


def test_a_successful_batch_is_one_new_drive_version(sheets, drive):
    sid = create(sheets)["spreadsheetId"]
    before = int(drive.files().get(fileId=sid, fields="version").execute()["version"])
    batch(sheets, sid, {"addSheet": {}}, {"addSheet": {}}, {"addSheet": {}})
    assert int(drive.files().get(fileId=sid, fields="version").execute()["version"]) == before + 1


def test_a_range_past_the_grid_is_refused_with_googles_grid_limits_message(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"repeatCell": {
        "range": {"sheetId": 0, "startRowIndex": 1000, "endRowIndex": 1001},
        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}}, "fields": "userEnteredFormat"}}))
    assert error.reason == ("Invalid requests[0].repeatCell: Range (Sheet1!A1001:Z1001) exceeds "
                            "grid limits. Max rows: 1000, max columns: 26")


def test_a_range_on_a_sheet_that_does_not_exist_says_no_grid_with_that_id(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"mergeCells": {
        "range": {"sheetId": 123, "endRowIndex": 2, "endColumnIndex": 2}, "mergeType": "MERGE_ALL"}}))
    assert error.reason == "Invalid requests[0].mergeCells: No grid with id: 123"


def test_an_empty_list_of_requests_is_refused(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid))
    assert error.status_code == 400 and error.reason == "Must specify at least one request."


def test_a_request_with_no_kind_or_two_kinds_is_400(sheets):
    sid = create(sheets)["spreadsheetId"]
    assert refused(lambda: batch(sheets, sid, {})).status_code == 400
    error = refused(lambda: batch(sheets, sid, {"addSheet": {}, "deleteSheet": {"sheetId": 0}}))
    assert error.status_code == 400
    assert "oneof field 'kind' is already set" in error.reason


def test_a_request_kind_the_emulator_lacks_is_a_400_that_says_so(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"addBanding": {"bandedRange": {}}}))
    assert error.status_code == 400
    assert error.reason == "Invalid requests[0]: addBanding is not supported by the emulator."


def test_an_unknown_request_kind_is_refused_by_discovery_validation(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"paintItBlack": {}}))
    assert error.status_code == 400 and 'Unknown name "paintItBlack"' in error.reason


def test_a_reader_may_not_batch_update_and_a_stranger_is_denied_permission(sheets, sheets_as, drive):
    sid = create(sheets)["spreadsheetId"]
    share(drive, sid, READER, "reader")
    assert refused(lambda: batch(sheets_as(READER), sid, {"addSheet": {}})).status_code == 403
    # Google answers 403 PERMISSION_DENIED for a spreadsheet that exists but is not shared.
    assert refused(lambda: batch(sheets_as("stranger@else.example"), sid,
                                 {"addSheet": {}})).status_code == 403
    assert refused(lambda: batch(sheets, "1NoSuchSpreadsheetAtAllxxxxxxxxxxxxxxxxxxxx",
                                 {"addSheet": {}})).status_code == 404


def test_a_writer_may_batch_update(sheets, sheets_as, drive):
    sid = create(sheets)["spreadsheetId"]
    share(drive, sid, WRITER, "writer")
    batch(sheets_as(WRITER), sid, {"addSheet": {"properties": {"title": "Advisor notes"}}})
    assert titles(sheets, sid) == ["Sheet1", "Advisor notes"]


def test_the_updated_spreadsheet_comes_back_when_asked(sheets):
    sid = create(sheets)["spreadsheetId"]
    answer = batch(sheets, sid, {"addSheet": {"properties": {"title": "Log"}}},
                   includeSpreadsheetInResponse=True)
    shown = answer["updatedSpreadsheet"]
    assert [s["properties"]["title"] for s in shown["sheets"]] == ["Sheet1", "Log"]
    assert "data" not in shown["sheets"][0]
    assert "updatedSpreadsheet" not in batch(sheets, sid, {"addSheet": {}})


def test_response_ranges_and_grid_data_limit_the_spreadsheet_in_the_response(sheets):
    sid = create(sheets)["spreadsheetId"]
    answer = batch(sheets, sid,
                   {"addSheet": {"properties": {"title": "Log"}}},
                   {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                    "rows": [{"values": [{"userEnteredValue": {"stringValue": "Name"}}]}]}},
                   includeSpreadsheetInResponse=True, responseRanges=["Sheet1!A1:B2"],
                   responseIncludeGridData=True)
    shown = answer["updatedSpreadsheet"]["sheets"]
    assert [s["properties"]["title"] for s in shown] == ["Sheet1"]
    [grid] = shown[0]["data"]
    assert grid["rowData"][0]["values"][0]["formattedValue"] == "Name"


def test_a_failed_batch_leaves_existing_cells_their_values_formats_and_borders(sheets):
    sid = create(sheets)["spreadsheetId"]
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="A1:B1", valueInputOption="RAW",
                                          body={"values": [["Ann", "Google"]]}).execute()
    before = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:B1"], includeGridData=True).execute()
    whole = {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 2}
    refused(lambda: batch(sheets, sid,
                          {"repeatCell": {"range": whole, "fields": "userEnteredFormat.textFormat.bold",
                                          "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}}}},
                          {"updateBorders": {"range": whole, "top": {"style": "SOLID"}}},
                          {"findReplace": {"find": "o", "replacement": "0", "allSheets": True}},
                          {"sortRange": {"range": whole, "sortSpecs": [{"dimensionIndex": 1,
                                                                        "sortOrder": "DESCENDING"}]}},
                          {"deleteSheet": {"sheetId": 99}}))
    after = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:B1"], includeGridData=True).execute()
    assert after == before


def test_a_response_range_that_names_nothing_refuses_the_call_and_applies_nothing(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"addSheet": {"properties": {"title": "Log"}}},
                                  includeSpreadsheetInResponse=True, responseRanges=["Nowhere!A1"]))
    assert error.status_code == 400
    assert titles(sheets, sid) == ["Sheet1"]
