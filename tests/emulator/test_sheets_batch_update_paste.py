"""copyPaste and cutPaste with every PasteType and pasteOrientation
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#CopyPasteRequest,
#PasteType, #PasteOrientation)."""

import pytest
from _sheets import batch, refused

RED, BLUE = {"red": 1}, {"blue": 1}


def create(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Paste"}}).execute()["spreadsheetId"]


def grid(r0, r1, c0, c1, sheet_id=0):
    return {"sheetId": sheet_id, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def values(sheets, sid, rng, render="FORMULA"):
    got = sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng, valueRenderOption=render).execute()
    return got.get("values", [])


def cells(sheets, sid, rng):
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=[rng], includeGridData=True).execute()
    tab = got["sheets"][0]
    return [r.get("values", []) for r in tab["data"][0].get("rowData", [])], tab


@pytest.fixture
def book(sheets):
    """A1:B2 holds 1, =A1*2 / text, a date; A1 is red with a border, B1 has a note and a
    dropdown, and a rule colours A1:B2."""
    sid = create(sheets)
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="A1", valueInputOption="USER_ENTERED",
                                          body={"values": [["1", "=A1*2"], ["text", "2024-03-15"]]}).execute()
    batch(sheets, sid,
          {"repeatCell": {"range": grid(0, 1, 0, 1), "fields": "userEnteredFormat.backgroundColor",
                          "cell": {"userEnteredFormat": {"backgroundColor": RED}}}},
          {"updateBorders": {"range": grid(0, 1, 0, 1), "top": {"style": "SOLID", "color": BLUE}}},
          {"repeatCell": {"range": grid(0, 1, 1, 2), "fields": "note,dataValidation", "cell": {
              "note": "check", "dataValidation": {"condition": {"type": "ONE_OF_LIST", "values": [
                  {"userEnteredValue": "2"}, {"userEnteredValue": "3"}]}}}}},
          {"addConditionalFormatRule": {"rule": {"ranges": [grid(0, 2, 0, 2)], "booleanRule": {
              "condition": {"type": "NOT_BLANK"}, "format": {"backgroundColor": BLUE}}}}})
    return sid


def paste(sheets, sid, kind, destination, orientation="NORMAL", source=None):
    batch(sheets, sid, {"copyPaste": {"source": source or grid(0, 2, 0, 2), "destination": destination,
                                      "pasteType": kind, "pasteOrientation": orientation}})


def test_paste_normal_copies_values_formulas_formats_notes_and_validation(sheets, book):
    paste(sheets, book, "PASTE_NORMAL", grid(4, 6, 2, 4))
    assert values(sheets, book, "C5:D6") == [[1, "=A1*2"], ["text", 45366]]
    got, _ = cells(sheets, book, "C5:D5")
    assert got[0][0]["userEnteredFormat"]["backgroundColor"] == RED
    assert got[0][0]["userEnteredFormat"]["borders"]["top"]["color"] == BLUE
    assert got[0][1]["note"] == "check" and got[0][1]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"
    assert values(sheets, book, "D6", "FORMATTED_VALUE") == [["2024-03-15"]]   # the date format came along


def test_a_destination_a_multiple_of_the_source_repeats_it_and_a_smaller_one_takes_it_all(sheets, book):
    # "If the range covers a span that's a multiple of the source's height or width, then the
    # data will be repeated ... If the range is smaller than the source range, the entire
    # source data will still be copied (beyond the end of the destination range)."
    paste(sheets, book, "PASTE_VALUES", grid(30, 31, 0, 3), source=grid(0, 1, 0, 1))
    assert values(sheets, book, "A31:D31") == [[1, 1, 1]]
    paste(sheets, book, "PASTE_NORMAL", grid(10, 14, 0, 4))
    assert values(sheets, book, "A11:D14") == [[1, "=A1*2", 1, "=A1*2"], ["text", 45366, "text", 45366]] * 2
    paste(sheets, book, "PASTE_NORMAL", grid(20, 21, 0, 1))
    assert values(sheets, book, "A21:C23") == [[1, "=A1*2"], ["text", 45366]]


def test_transpose_turns_rows_into_columns(sheets, book):
    paste(sheets, book, "PASTE_NORMAL", grid(4, 6, 0, 2), "TRANSPOSE")
    assert values(sheets, book, "A5:B6") == [[1, "text"], ["=A1*2", 45366]]


def test_paste_values_pastes_what_cells_show_and_keeps_the_destinations_formats(sheets, book):
    batch(sheets, book, {"repeatCell": {"range": grid(4, 6, 0, 2), "fields": "userEnteredFormat.backgroundColor",
                                        "cell": {"userEnteredFormat": {"backgroundColor": BLUE}}}})
    paste(sheets, book, "PASTE_VALUES", grid(4, 6, 0, 2))
    got, _ = cells(sheets, book, "A5:B6")
    assert got[0][0]["userEnteredValue"] == {"numberValue": 1}
    assert "formulaValue" not in got[0][1]["userEnteredValue"]           # no formula
    assert all(c["userEnteredFormat"]["backgroundColor"] == BLUE for row in got for c in row)
    assert "note" not in got[0][1] and "dataValidation" not in got[0][1]


def test_paste_format_carries_format_and_validation_but_not_values(sheets, book):
    sheets.spreadsheets().values().update(spreadsheetId=book, range="E1", valueInputOption="RAW",
                                          body={"values": [["keep", "me"]]}).execute()
    paste(sheets, book, "PASTE_FORMAT", grid(0, 1, 4, 6), source=grid(0, 1, 0, 2))
    got, _ = cells(sheets, book, "E1:F1")
    assert [c["formattedValue"] for c in got[0]] == ["keep", "me"]
    assert got[0][0]["userEnteredFormat"]["backgroundColor"] == RED
    assert "dataValidation" in got[0][1] and "note" not in got[0][1]


def test_paste_no_borders_is_normal_without_the_sources_borders(sheets, book):
    paste(sheets, book, "PASTE_NO_BORDERS", grid(4, 5, 0, 1), source=grid(0, 1, 0, 1))
    got, _ = cells(sheets, book, "A5")
    assert got[0][0]["userEnteredFormat"]["backgroundColor"] == RED
    assert "borders" not in got[0][0]["userEnteredFormat"]
    assert values(sheets, book, "A5") == [[1]]


def test_paste_formula_and_paste_data_validation_carry_only_their_part(sheets, book):
    paste(sheets, book, "PASTE_FORMULA", grid(4, 5, 0, 2), source=grid(0, 1, 0, 2))
    got, _ = cells(sheets, book, "A5:B5")
    assert values(sheets, book, "A5:B5") == [[1, "=A1*2"]]
    assert "userEnteredFormat" not in got[0][0] and "dataValidation" not in got[0][1]
    paste(sheets, book, "PASTE_DATA_VALIDATION", grid(7, 8, 1, 2), source=grid(0, 1, 1, 2))
    got, _ = cells(sheets, book, "B8")
    assert set(got[0][0]) == {"dataValidation"}


def test_paste_conditional_formatting_extends_the_rules_to_the_destination(sheets, book):
    paste(sheets, book, "PASTE_CONDITIONAL_FORMATTING", grid(4, 6, 0, 2))
    _, tab = cells(sheets, book, "A1")
    [rule] = tab["conditionalFormats"]
    assert rule["ranges"] == [grid(0, 2, 0, 2), grid(4, 6, 0, 2)]
    assert values(sheets, book, "A5:B6") == []   # no values came along


def test_paste_normal_carries_merges_and_replaces_those_at_the_destination(sheets, book):
    batch(sheets, book, {"mergeCells": {"range": grid(0, 1, 0, 2), "mergeType": "MERGE_ALL"}},
          {"mergeCells": {"range": grid(5, 7, 0, 1), "mergeType": "MERGE_ALL"}})
    paste(sheets, book, "PASTE_NORMAL", grid(5, 7, 0, 2))
    _, tab = cells(sheets, book, "A1")
    assert tab["merges"] == [grid(0, 1, 0, 2), grid(5, 6, 0, 2)]


def test_cut_paste_moves_everything_and_leaves_the_source_empty(sheets, book):
    batch(sheets, book, {"cutPaste": {"source": grid(0, 2, 0, 2),
                                      "destination": {"sheetId": 0, "rowIndex": 3, "columnIndex": 3}}})
    assert values(sheets, book, "D4:E5") == [[1, "=A1*2"], ["text", 45366]]
    got, _ = cells(sheets, book, "A1:B2")
    assert got == []
    got, _ = cells(sheets, book, "D4:E4")
    assert got[0][0]["userEnteredFormat"]["backgroundColor"] == RED and got[0][1]["note"] == "check"


def test_cut_paste_values_moves_only_the_values(sheets, book):
    batch(sheets, book, {"addSheet": {"properties": {"sheetId": 9, "title": "Other"}}},
          {"cutPaste": {"source": grid(0, 1, 0, 2), "pasteType": "PASTE_VALUES",
                        "destination": {"sheetId": 9, "rowIndex": 0, "columnIndex": 0}}})
    assert values(sheets, book, "Other!A1:B1", "UNFORMATTED_VALUE") == [[1, "=A1*2"]]
    got, _ = cells(sheets, book, "A1:B1")
    assert "userEnteredValue" not in got[0][0] and got[0][0]["userEnteredFormat"]["backgroundColor"] == RED
    assert got[0][1]["note"] == "check"


def test_a_paste_past_the_grid_or_into_a_protected_range_is_refused(sheets, sheets_as, drive, book):
    error = refused(lambda: paste(sheets, book, "PASTE_NORMAL", grid(999, 1000, 0, 1)))
    assert error.status_code == 400 and "exceeds grid limits" in error.reason
    writer = "writer@school.example"
    drive.permissions().create(fileId=book, sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": writer}).execute()
    batch(sheets, book, {"addProtectedRange": {"protectedRange": {"range": grid(10, 20, 0, 5)}}})
    error = refused(lambda: paste(sheets_as(writer), book, "PASTE_NORMAL", grid(10, 12, 0, 2)))
    assert error.status_code == 400 and "protected cell" in error.reason


def test_gspread_copy_and_cut_range(sheets, gspread_as, book):
    worksheet = gspread_as().open_by_key(book).sheet1
    worksheet.copy_range("A1:B1", "A8", paste_type="PASTE_VALUES")
    worksheet.cut_range("A2:B2", "A9")
    assert worksheet.get("A8:B9", value_render_option="FORMULA") == [[1, "=A1*2"], ["text", 45366]]
    assert values(sheets, book, "A2:B2") == []
