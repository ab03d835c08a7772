"""gspread against the emulator: the calls a service built on gspread makes, through
its own requests (always-quoted ranges like ``'Students'!A1``, RAW by default)."""

import gspread
import pytest
from gspread.utils import ValueInputOption, ValueRenderOption

COORDINATOR = "coordinator@school.example"


@pytest.fixture
def book(sheets):
    made = sheets.spreadsheets().create(body={"properties": {"title": "Master"}, "sheets": [
        {"properties": {"title": "Students"}}, {"properties": {"title": "Sync log"}}]}).execute()
    return made["spreadsheetId"]


@pytest.fixture
def students(gspread_as, book):
    worksheet = gspread_as(COORDINATOR).open_by_key(book).worksheet("Students")
    worksheet.update([["ID", "Name", "Hours"], ["s-1", "Ada", 12], ["s-2", "Bo", 3.5]], "A1")
    return worksheet


def test_open_by_key_and_worksheet_by_title(gspread_as, book):
    spreadsheet = gspread_as(COORDINATOR).open_by_key(book)
    assert spreadsheet.title == "Master"
    assert [w.title for w in spreadsheet.worksheets()] == ["Students", "Sync log"]
    assert spreadsheet.worksheet("Sync log").row_count == 1000
    with pytest.raises(gspread.WorksheetNotFound):
        spreadsheet.worksheet("Nope")


def test_an_unknown_key_is_spreadsheet_not_found(gspread_as, book):
    with pytest.raises(gspread.SpreadsheetNotFound):
        gspread_as(COORDINATOR).open_by_key("1nope")


def test_get_all_values_and_records_round_trip_rows(students):
    assert students.get_all_values() == [["ID", "Name", "Hours"], ["s-1", "Ada", "12"], ["s-2", "Bo", "3.5"]]
    assert students.get_all_records() == [{"ID": "s-1", "Name": "Ada", "Hours": 12},
                                          {"ID": "s-2", "Name": "Bo", "Hours": 3.5}]
    assert students.row_values(2) == ["s-1", "Ada", "12"]
    assert students.col_values(2) == ["Name", "Ada", "Bo"]


def test_user_entered_update_types_values(students):
    students.update([["1,000", "2024-09-01"]], "D2", value_input_option=ValueInputOption.user_entered)
    assert students.get("D2:E2", value_render_option=ValueRenderOption.unformatted) == [[1000, 45536]]
    assert students.acell("E2").value == "2024-09-01"


def test_append_rows_land_after_the_table(students):
    students.append_row(["s-3", "Cy", 0])
    students.append_rows([["s-4", "Di", 1], ["s-5", "Ed", 2]], value_input_option=ValueInputOption.user_entered)
    assert [r[0] for r in students.get_all_values()] == ["ID", "s-1", "s-2", "s-3", "s-4", "s-5"]


def test_batch_get_and_batch_update(students):
    students.batch_update([{"range": "C2", "values": [[20]]}, {"range": "C3:D3", "values": [[4, "late"]]}])
    got = students.batch_get(["A2:C2", "C3:D3"])
    assert [list(r) for r in got] == [[["s-1", "Ada", "20"]], [["4", "late"]]]


def test_find_and_update_cell(students):
    found = students.find("Bo")
    assert (found.row, found.col) == (3, 2)
    students.update_cell(found.row, 3, 5)
    assert students.cell(3, 3).value == "5"


def test_writing_a_cell_past_the_last_row_exceeds_grid_limits(gspread_as, book):
    log = gspread_as(COORDINATOR).open_by_key(book).worksheet("Sync log")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        log.update_cell(1001, 1, "x")
    assert "exceeds grid limits" in str(caught.value)
