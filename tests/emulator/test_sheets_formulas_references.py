"""References in formulas follow their cells when rows and columns are inserted,
deleted or moved and when a tab is renamed; cells that are gone become #REF!.

This is what Sheets does to a formula when its sheet's structure changes (the UI
shows =B6*2 after a row is inserted above =B5*2, and =#REF!*2 after B5's row is
deleted); the API reference does not describe it, so these tests hold the
emulator to that observed behaviour, read back under valueRenderOption FORMULA.
"""

import pytest

from _sheets import batch


@pytest.fixture
def book(sheets):
    made = sheets.spreadsheets().create(body={"properties": {"title": "Tracker"}, "sheets": [
        {"properties": {"title": "Students", "sheetId": 0}},
        {"properties": {"title": "Hours log", "sheetId": 1}}]}).execute()["spreadsheetId"]
    write(sheets, made, "Students!A1", [["Name", "Hours"], ["Ada", "12"], ["Bo", "3"], ["Cy", "7"]])
    write(sheets, made, "'Hours log'!A1", [["Ada", "2"], ["Bo", "3"]])
    write(sheets, made, "Students!D1", [["=B4*2", "=SUM(B2:B4)", "=SUM('Hours log'!B1:B2)", "=SUM(B:B)"]])
    return made


def write(sheets, book, rng, rows):
    sheets.spreadsheets().values().update(spreadsheetId=book, range=rng, valueInputOption="USER_ENTERED",
                                          body={"values": rows}).execute()


def read(sheets, book, rng, render="UNFORMATTED_VALUE"):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=rng,
                                              valueRenderOption=render).execute().get("values", [])


def rows(sheet_id, start, end):
    return {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": start, "endIndex": end}


def test_inserting_rows_moves_references_below_and_grows_ranges_around(sheets, book):
    batch(sheets, book, {"insertDimension": {"range": rows(0, 2, 3)}})     # above Bo
    assert read(sheets, book, "Students!D1:G1", "FORMULA") == [
        ["=B5*2", "=SUM(B2:B5)", "=SUM('Hours log'!B1:B2)", "=SUM(B:B)"]]
    assert read(sheets, book, "Students!D1:G1") == [[14, 22, 5, 22]]
    write(sheets, book, "Students!B3", [["1"]])     # the new row is inside the range
    assert read(sheets, book, "Students!E1") == [[23]]


def test_deleting_a_referenced_row_leaves_ref(sheets, book):
    batch(sheets, book, {"deleteDimension": {"range": rows(0, 3, 4)}})     # Cy's row
    assert read(sheets, book, "Students!D1:E1", "FORMULA") == [["=#REF!*2", "=SUM(B2:B3)"]]
    assert read(sheets, book, "Students!D1:E1", "FORMATTED_VALUE") == [["#REF!", "15"]]


def test_rows_inserted_on_another_tab_move_the_references_to_it(sheets, book):
    batch(sheets, book, {"insertDimension": {"range": rows(1, 0, 2)}})
    assert read(sheets, book, "Students!F1", "FORMULA") == [["=SUM('Hours log'!B3:B4)"]]
    assert read(sheets, book, "Students!F1") == [[5]]


def test_moving_a_row_takes_its_references_along(sheets, book):
    batch(sheets, book, {"moveDimension": {"source": rows(0, 3, 4), "destinationIndex": 1}})
    assert read(sheets, book, "Students!A2:B2") == [["Cy", 7]]
    assert read(sheets, book, "Students!D1", "FORMULA") == [["=B2*2"]]
    assert read(sheets, book, "Students!D1") == [[14]]


def test_inserting_a_column_moves_column_letters(sheets, book):
    batch(sheets, book, {"insertDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS",
                                                       "startIndex": 0, "endIndex": 1}}})
    assert read(sheets, book, "Students!E1:H1", "FORMULA") == [
        ["=C4*2", "=SUM(C2:C4)", "=SUM('Hours log'!B1:B2)", "=SUM(C:C)"]]
    assert read(sheets, book, "Students!E1:H1") == [[14, 22, 5, 22]]


def test_renaming_a_tab_renames_it_in_formulas_and_deleting_it_leaves_ref(sheets, book):
    batch(sheets, book, {"updateSheetProperties": {"properties": {"sheetId": 1, "title": "Log"},
                                                   "fields": "title"}})
    assert read(sheets, book, "Students!F1", "FORMULA") == [["=SUM(Log!B1:B2)"]]
    assert read(sheets, book, "Students!F1") == [[5]]
    batch(sheets, book, {"deleteSheet": {"sheetId": 1}})
    assert read(sheets, book, "Students!F1", "FORMULA") == [["=SUM(#REF!)"]]
    assert read(sheets, book, "Students!F1") == [["#REF!"]]
