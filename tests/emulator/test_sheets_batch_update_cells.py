"""batchUpdate on cells: updateCells, repeatCell, appendCells, updateBorders,
setDataValidation, mergeCells and unmergeCells."""

from _sheets import batch, refused


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()["spreadsheetId"]


def values(sheets, sid, rng="Sheet1", render="FORMATTED_VALUE"):
    got = sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng,
                                             valueRenderOption=render).execute()
    return got.get("values", [])


def cells(sheets, sid, rng):
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=[rng], includeGridData=True).execute()
    sheet = got["sheets"][0]
    return [r.get("values", []) for r in sheet["data"][0].get("rowData", [])], sheet


def text(*row):
    return {"values": [{"userEnteredValue": {"stringValue": v}} for v in row]}


# -- updateCells --------------------------------------------------------------------
def test_update_cells_from_a_start_writes_typed_values_and_formulas_that_compute(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {
        "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1}, "fields": "userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "Ada"}},
                             {"userEnteredValue": {"numberValue": 12}},
                             {"userEnteredValue": {"boolValue": True}},
                             {"userEnteredValue": {"formulaValue": "=C2*2"}}]}]}})
    assert values(sheets, sid) == [[], ["", "Ada", "12", "TRUE", "24"]]
    assert values(sheets, sid, "B2:C2", "UNFORMATTED_VALUE") == [["Ada", 12]]
    assert values(sheets, sid, "E2", "FORMULA") == [["=C2*2"]]


def test_update_cells_over_a_range_clears_the_masked_fields_of_cells_the_rows_do_not_reach(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                        "rows": [text("a", "b", "c"), text("d", "e", "f")]}})
    batch(sheets, sid, {"updateCells": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
                  "endColumnIndex": 2},
        "fields": "userEnteredValue", "rows": [text("x")]}})
    assert values(sheets, sid) == [["x", "", "c"], ["", "", "f"]]


def test_update_cells_keeps_fields_outside_the_mask(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue,note",
                                        "rows": [{"values": [{"userEnteredValue": {"stringValue": "v"},
                                                              "note": "keep me"}]}]}})
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                        "rows": [{"values": [{"note": "ignored"}]}]}})
    [[cell]], _ = cells(sheets, sid, "A1")
    assert cell["note"] == "keep me" and "userEnteredValue" not in cell


def test_rows_wider_than_the_range_are_refused(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"updateCells": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
                  "endColumnIndex": 1},
        "fields": "userEnteredValue", "rows": [text("a", "b")]}}))
    assert error.reason == ("Invalid requests[0].updateCells: Attempting to write column: 1, beyond "
                            "the last requested column of: 0")


def test_a_formula_is_only_ever_a_formula_value_never_a_string_starting_with_equals(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                        "rows": [text("=1+1")]}})
    [[cell]], _ = cells(sheets, sid, "A1")
    assert cell["userEnteredValue"] == {"stringValue": "=1+1"}


# -- repeatCell and formats ------------------------------------------------------------
def test_repeat_cell_formats_every_cell_of_the_range_and_keeps_values(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                        "rows": [text("Name", "Email")]}})
    batch(sheets, sid, {"repeatCell": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
        "cell": {"userEnteredFormat": {"textFormat": {"bold": True},
                                       "backgroundColor": {"red": 0.9, "green": 0.9, "blue": 0.9}}},
        "fields": "userEnteredFormat(textFormat,backgroundColor)"}})
    rows, _ = cells(sheets, sid, "A1:Z1")
    assert len(rows[0]) == 26
    assert all(c["userEnteredFormat"]["textFormat"] == {"bold": True} for c in rows[0])
    assert rows[0][1]["formattedValue"] == "Email"


def test_gspread_format_sets_the_user_entered_format(sheets, gspread_as):
    sid = create(sheets)
    worksheet = gspread_as().open_by_key(sid).sheet1
    worksheet.format("A1:B1", {"textFormat": {"italic": True}, "horizontalAlignment": "CENTER"})
    rows, _ = cells(sheets, sid, "A1:C1")
    assert [c.get("userEnteredFormat") for c in rows[0]] == [
        {"textFormat": {"italic": True}, "horizontalAlignment": "CENTER"}] * 2


def test_a_nested_mask_changes_only_that_part_of_the_format(sheets):
    sid = create(sheets)
    cell = {"userEnteredFormat": {"textFormat": {"bold": True, "italic": True}}}
    batch(sheets, sid, {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 1},
                                       "cell": cell, "fields": "userEnteredFormat"}})
    batch(sheets, sid, {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 1},
                                       "cell": {"userEnteredFormat": {"textFormat": {"bold": False}}},
                                       "fields": "userEnteredFormat.textFormat.bold"}})
    [[got]], _ = cells(sheets, sid, "A1")
    assert got["userEnteredFormat"]["textFormat"] == {"bold": False, "italic": True}



def test_changing_part_of_one_cells_format_leaves_the_cells_formatted_with_it_alike(sheets):
    # A FieldMask update changes only the cell it names (reference, RepeatCellRequest:
    # "Updates all cells in the range to the values in the given Cell object"); cells
    # formatted by one request stay independent of each other afterwards.
    sid = create(sheets)
    same = {"userEnteredFormat": {"textFormat": {"bold": True},
                                  "numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}}
    batch(sheets, sid, {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 3, "endColumnIndex": 2},
                                       "cell": same, "fields": "userEnteredFormat"}})
    batch(sheets, sid, {"updateCells": {
        "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1},
        "fields": "userEnteredFormat.textFormat.italic,userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"numberValue": 1},
                              "userEnteredFormat": {"textFormat": {"italic": True}}}]}]}})
    batch(sheets, sid, {"updateBorders": {"range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3,
                                                    "startColumnIndex": 0, "endColumnIndex": 1},
                                          "top": {"style": "SOLID"}}})
    rows, _ = cells(sheets, sid, "A1:B3")
    formats = [[c["userEnteredFormat"] for c in row] for row in rows]
    plain = same["userEnteredFormat"]
    assert formats[0] == [plain, plain] and formats[1][0] == plain and formats[2][1] == plain
    assert formats[1][1]["textFormat"] == {"bold": True, "italic": True}
    assert formats[2][0]["borders"]["top"]["style"] == "SOLID" and "borders" not in formats[1][0]
    assert values(sheets, sid, "A1:B3", "UNFORMATTED_VALUE") == [[], ["", 1]]

# -- appendCells ------------------------------------------------------------------------
def test_append_cells_goes_after_the_last_row_with_data_and_grows_the_sheet(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateSheetProperties": {
        "properties": {"sheetId": 0, "gridProperties": {"rowCount": 2}}, "fields": "gridProperties.rowCount"}},
        {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue", "rows": [text("head")]}})
    batch(sheets, sid, {"appendCells": {"sheetId": 0, "fields": "userEnteredValue",
                                        "rows": [text("one"), text("two"), text("three")]}})
    assert values(sheets, sid) == [["head"], ["one"], ["two"], ["three"]]
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert got["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 4


def test_append_cells_does_not_add_columns(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"appendCells": {
        "sheetId": 0, "fields": "userEnteredValue", "rows": [text(*["x"] * 27)]}}))
    assert error.reason == ("Invalid requests[0].appendCells: Attempting to write column: 26, "
                            "beyond the last requested column of: 25")


# -- updateBorders -----------------------------------------------------------------------
def test_update_borders_stores_outer_and_inner_borders_on_the_cells(sheets):
    sid = create(sheets)
    solid = {"style": "SOLID", "width": 1, "color": {"red": 0}}
    batch(sheets, sid, {"updateBorders": {
        "range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 1},
        "top": solid, "bottom": solid, "innerHorizontal": {"style": "DASHED"}}})
    rows, _ = cells(sheets, sid, "A1:A2")
    top_cell, bottom_cell = rows[0][0], rows[1][0]
    assert top_cell["userEnteredFormat"]["borders"]["top"]["style"] == "SOLID"
    assert top_cell["userEnteredFormat"]["borders"]["bottom"]["style"] == "DASHED"
    assert bottom_cell["userEnteredFormat"]["borders"]["top"]["style"] == "DASHED"
    assert bottom_cell["userEnteredFormat"]["borders"]["bottom"]["style"] == "SOLID"


# -- setDataValidation ---------------------------------------------------------------------
def test_a_dropdown_is_stored_on_every_cell_of_its_range_and_can_be_cleared(sheets):
    sid = create(sheets)
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [
        {"userEnteredValue": "Approved"}, {"userEnteredValue": "Changes requested"}]},
        "strict": True, "showCustomUi": True}
    batch(sheets, sid, {"setDataValidation": {
        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 2,
                  "endColumnIndex": 3}, "rule": rule}})
    rows, _ = cells(sheets, sid, "C2:C3")
    assert [r[0]["dataValidation"] for r in rows] == [rule, rule]
    batch(sheets, sid, {"setDataValidation": {
        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 2,
                  "endColumnIndex": 3}}})
    rows, _ = cells(sheets, sid, "C2:C3")
    assert rows[0] == [] and rows[1][0]["dataValidation"] == rule


def test_a_list_rule_without_values_is_refused(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"setDataValidation": {
        "range": {"sheetId": 0, "endRowIndex": 1}, "rule": {"condition": {"type": "ONE_OF_LIST"}}}}))
    assert error.status_code == 400


# -- mergeCells and unmergeCells ----------------------------------------------------------------
def test_merge_all_keeps_only_the_top_left_value(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                                        "rows": [text("keep", "lose")]}},
          {"mergeCells": {"range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 2},
                          "mergeType": "MERGE_ALL"}})
    assert values(sheets, sid) == [["keep"]]
    _, sheet = cells(sheets, sid, "A1")
    assert sheet["merges"] == [{"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2,
                                "startColumnIndex": 0, "endColumnIndex": 2}]


def test_merge_rows_and_merge_columns_make_one_merge_per_row_or_column(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 3},
                                       "mergeType": "MERGE_ROWS"}},
          {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 5, "endRowIndex": 7,
                                    "endColumnIndex": 2}, "mergeType": "MERGE_COLUMNS"}})
    _, sheet = cells(sheets, sid, "A1")
    shapes = [(m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"])
              for m in sheet["merges"]]
    assert shapes == [(0, 1, 0, 3), (1, 2, 0, 3), (5, 7, 0, 1), (5, 7, 1, 2)]


def test_a_merge_that_only_partly_overlaps_an_existing_one_is_refused(sheets):
    # Not documented by Google (see merges.py); a merge it wholly contains is replaced
    # instead (test_sheets_merges.py).
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 2}}})
    error = refused(lambda: batch(sheets, sid, {"mergeCells": {
        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "endColumnIndex": 2}}}))
    assert error.status_code == 400 and error.reason.startswith(
        "Invalid requests[0].mergeCells: You must select all cells in a merged range")


def test_unmerge_removes_the_merges_inside_the_range_but_may_not_split_one(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": {"sheetId": 0, "endRowIndex": 2, "endColumnIndex": 2}}},
          {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 4, "endRowIndex": 6, "endColumnIndex": 2}}})
    error = refused(lambda: batch(sheets, sid, {"unmergeCells": {
        "range": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 2}}}))
    assert error.status_code == 400
    batch(sheets, sid, {"unmergeCells": {"range": {"sheetId": 0, "endRowIndex": 3}}})
    _, sheet = cells(sheets, sid, "A1")
    assert [m["startRowIndex"] for m in sheet["merges"]] == [4]
