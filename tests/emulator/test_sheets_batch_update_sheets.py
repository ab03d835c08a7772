"""batchUpdate on tabs and the spreadsheet: addSheet, deleteSheet, duplicateSheet,
updateSheetProperties and updateSpreadsheetProperties, through
google-api-python-client and through gspread's worksheet calls that use them."""

from _sheets import batch, refused


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()


def tabs(sheets, spreadsheet_id):
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet_id).execute()
    return [s["properties"] for s in got["sheets"]]


def update_properties(sheets, sid, fields, **properties):
    return batch(sheets, sid, {"updateSheetProperties": {"properties": {"sheetId": 0, **properties},
                                                         "fields": fields}})


# -- addSheet ------------------------------------------------------------------------
def test_add_sheet_replies_with_the_new_sheets_properties(sheets):
    sid = create(sheets)["spreadsheetId"]
    reply = batch(sheets, sid, {"addSheet": {"properties": {
        "title": "Students", "gridProperties": {"rowCount": 50, "columnCount": 8, "frozenRowCount": 1},
        "tabColor": {"red": 1}}}})["replies"][0]["addSheet"]["properties"]
    assert reply["title"] == "Students" and reply["index"] == 1 and reply["sheetType"] == "GRID"
    assert reply["gridProperties"] == {"rowCount": 50, "columnCount": 8, "frozenRowCount": 1}
    assert reply["tabColorStyle"] == {"rgbColor": {"red": 1}}
    assert isinstance(reply["sheetId"], int) and reply["sheetId"] > 0
    assert tabs(sheets, sid)[1] == reply


def test_add_sheet_without_a_title_is_named_like_the_next_sheet(sheets):
    sid = create(sheets)["spreadsheetId"]
    reply = batch(sheets, sid, {"addSheet": {}})["replies"][0]
    assert reply["addSheet"]["properties"]["title"] == "Sheet2"


def test_add_sheet_at_an_index_puts_it_there(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"addSheet": {"properties": {"title": "First", "index": 0}}})
    assert [t["title"] for t in tabs(sheets, sid)] == ["First", "Sheet1"]
    assert [t["index"] for t in tabs(sheets, sid)] == [0, 1]


def test_sheet_names_are_unique_ignoring_case(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"addSheet": {"properties": {"title": "sheet1"}}}))
    assert error.reason == ('Invalid requests[0].addSheet: A sheet with the name "sheet1" already '
                            'exists. Please enter another name.')


def test_a_sheet_id_already_taken_is_refused(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"addSheet": {"properties": {"sheetId": 0}}}))
    assert error.status_code == 400 and "already exists" in error.reason


def test_gspread_add_worksheet_goes_through_add_sheet(sheets, gspread_as):
    sid = create(sheets)["spreadsheetId"]
    book = gspread_as().open_by_key(sid)
    worksheet = book.add_worksheet("Reflections", rows=20, cols=5)
    assert (worksheet.row_count, worksheet.col_count) == (20, 5)
    assert [w.title for w in book.worksheets()] == ["Sheet1", "Reflections"]


# -- deleteSheet -----------------------------------------------------------------------
def test_delete_sheet_removes_the_tab_and_reindexes_the_rest(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"addSheet": {"properties": {"sheetId": 5, "title": "A"}}},
          {"addSheet": {"properties": {"sheetId": 6, "title": "B"}}})
    batch(sheets, sid, {"deleteSheet": {"sheetId": 5}})
    assert [(t["title"], t["index"]) for t in tabs(sheets, sid)] == [("Sheet1", 0), ("B", 1)]


def test_the_last_sheet_cannot_be_deleted(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"deleteSheet": {"sheetId": 0}}))
    assert error.reason == "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."


def test_deleting_a_sheet_deletes_the_named_ranges_on_it(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"addSheet": {"properties": {"sheetId": 5}}},
          {"addNamedRange": {"namedRange": {"name": "gone", "range": {"sheetId": 5}}}},
          {"addNamedRange": {"namedRange": {"name": "kept", "range": {"sheetId": 0}}}},
          {"deleteSheet": {"sheetId": 5}})
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert [n["name"] for n in got["namedRanges"]] == ["kept"]


# -- duplicateSheet --------------------------------------------------------------------
def test_duplicate_sheet_copies_cells_and_formats_under_a_new_id(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"updateCells": {
        "start": {"sheetId": 0}, "fields": "userEnteredValue,userEnteredFormat.textFormat.bold",
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "Name"},
                              "userEnteredFormat": {"textFormat": {"bold": True}}}]}]}},
          {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2,
                                    "endColumnIndex": 3}}})
    reply = batch(sheets, sid, {"duplicateSheet": {"sourceSheetId": 0, "insertSheetIndex": 1,
                                                   "newSheetId": 42}})["replies"][0]
    assert reply["duplicateSheet"]["properties"]["title"] == "Copy of Sheet1"
    assert reply["duplicateSheet"]["properties"]["sheetId"] == 42
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["'Copy of Sheet1'!A1"],
                                    includeGridData=True).execute()
    [copy] = got["sheets"]
    cell = copy["data"][0]["rowData"][0]["values"][0]
    assert cell["formattedValue"] == "Name" and cell["userEnteredFormat"]["textFormat"]["bold"]
    assert copy["merges"] == [{"sheetId": 42, "startRowIndex": 1, "endRowIndex": 2,
                               "startColumnIndex": 0, "endColumnIndex": 3}]


def test_duplicate_sheet_takes_the_name_asked_for(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"duplicateSheet": {"sourceSheetId": 0, "newSheetName": "Template copy",
                                           "insertSheetIndex": 0}})
    assert [t["title"] for t in tabs(sheets, sid)] == ["Template copy", "Sheet1"]


# -- updateSheetProperties -----------------------------------------------------------
def test_update_sheet_properties_changes_only_the_masked_fields(sheets):
    sid = create(sheets)["spreadsheetId"]
    update_properties(sheets, sid, "title", title="Students", hidden=True)
    [tab] = tabs(sheets, sid)
    assert tab["title"] == "Students" and "hidden" not in tab


def test_update_sheet_properties_requires_a_field_mask(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: update_properties(sheets, sid, "", title="X"))
    assert error.status_code == 400
    assert error.reason.startswith("Invalid requests[0].updateSheetProperties: At least one field")


def test_a_star_mask_sets_every_property_given_and_resets_the_rest(sheets):
    sid = create(sheets)["spreadsheetId"]
    update_properties(sheets, sid, "tabColor", tabColor={"blue": 1})
    update_properties(sheets, sid, "*", title="Renamed", gridProperties={"rowCount": 10, "columnCount": 3})
    [tab] = tabs(sheets, sid)
    assert tab["title"] == "Renamed" and "tabColor" not in tab
    assert tab["gridProperties"] == {"rowCount": 10, "columnCount": 3}


def test_frozen_rows_and_columns_are_grid_properties(sheets, gspread_as):
    sid = create(sheets)["spreadsheetId"]
    gspread_as().open_by_key(sid).sheet1.freeze(rows=1, cols=2)
    assert tabs(sheets, sid)[0]["gridProperties"] == {
        "rowCount": 1000, "columnCount": 26, "frozenRowCount": 1, "frozenColumnCount": 2}
    update_properties(sheets, sid, "gridProperties.frozenColumnCount", gridProperties={})
    assert tabs(sheets, sid)[0]["gridProperties"] == {
        "rowCount": 1000, "columnCount": 26, "frozenRowCount": 1}


def test_all_rows_cannot_be_frozen(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: update_properties(sheets, sid, "gridProperties.frozenRowCount",
                                              gridProperties={"frozenRowCount": 1000}))
    assert "You can't freeze all visible rows on the sheet." in error.reason


def test_row_and_column_counts_resize_the_grid(sheets, gspread_as):
    sid = create(sheets)["spreadsheetId"]
    gspread_as().open_by_key(sid).sheet1.resize(rows=5, cols=30)
    assert tabs(sheets, sid)[0]["gridProperties"] == {"rowCount": 5, "columnCount": 30}
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="AD5", valueInputOption="RAW",
                                          body={"values": [["corner"]]}).execute()


def test_the_index_counts_positions_before_the_move_as_google_documents(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"addSheet": {"properties": {"title": "S2"}}},
          {"addSheet": {"properties": {"title": "S3"}}})
    update_properties(sheets, sid, "index", index=2)  # S1 goes after S2
    assert [t["title"] for t in tabs(sheets, sid)] == ["S2", "Sheet1", "S3"]


def test_gspread_renames_reorders_and_colours_a_worksheet(sheets, gspread_as):
    sid = create(sheets)["spreadsheetId"]
    book = gspread_as().open_by_key(sid)
    extra = book.add_worksheet("Extra", rows=5, cols=5)
    extra.update_title("Opportunities")
    extra.update_index(0)
    extra.update_tab_color("#ff0000")
    first = tabs(sheets, sid)[0]
    assert first["title"] == "Opportunities"
    assert first["tabColorStyle"] == {"rgbColor": {"red": 1, "green": 0, "blue": 0}}


def test_a_sheet_can_be_hidden_but_not_the_last_visible_one(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: update_properties(sheets, sid, "hidden", hidden=True))
    assert error.reason == ("Invalid requests[0].updateSheetProperties: You can't hide all the "
                            "sheets in a document.")
    batch(sheets, sid, {"addSheet": {"properties": {"title": "State"}}})
    update_properties(sheets, sid, "hidden", hidden=True)
    assert [t.get("hidden", False) for t in tabs(sheets, sid)] == [True, False]


def test_renaming_to_another_sheets_name_is_refused(sheets):
    sid = create(sheets)["spreadsheetId"]
    batch(sheets, sid, {"addSheet": {"properties": {"title": "Log"}}})
    error = refused(lambda: update_properties(sheets, sid, "title", title="LOG"))
    assert "already exists" in error.reason


# -- updateSpreadsheetProperties -------------------------------------------------------
def test_a_new_spreadsheet_title_is_the_drive_files_new_name(sheets, drive):
    sid = create(sheets, "Old")["spreadsheetId"]
    batch(sheets, sid, {"updateSpreadsheetProperties": {
        "properties": {"title": "CAS 2026", "timeZone": "Europe/Paris"}, "fields": "title"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()["properties"]
    assert got["title"] == "CAS 2026" and got["timeZone"] != "Europe/Paris"
    assert drive.files().get(fileId=sid).execute()["name"] == "CAS 2026"


def test_spreadsheet_properties_need_a_field_mask(sheets):
    sid = create(sheets)["spreadsheetId"]
    error = refused(lambda: batch(sheets, sid, {"updateSpreadsheetProperties": {
        "properties": {"title": "X"}}}))
    assert error.status_code == 400
