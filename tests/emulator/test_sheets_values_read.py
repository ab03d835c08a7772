"""values.get and batchGet: render options, major dimension and Google's trimming
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/get,
https://developers.google.com/sheets/api/reference/rest/v4/ValueRenderOption)."""

import pytest


@pytest.fixture
def book(sheets):
    """Sheet1: A1 text, B1 1234.5 as #,##0.00, C1 =LEN(A1), A2 a date, B2 50%, C2 TRUE,
    row 3 empty, A4 text, D6 text far away."""
    made = sheets.spreadsheets().create(body={"properties": {"title": "Read"}}).execute()["spreadsheetId"]
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=made, body={
        "valueInputOption": "USER_ENTERED",
        "data": [{"range": "Sheet1!A1", "values": [["Ada", "1,234.50", "=LEN(A1)"],
                                                   ["2024-03-15", "50%", "TRUE"]]},
                 {"range": "Sheet1!A4", "values": [["after a gap"]]}]}).execute()
    return made


def get(sheets, book, rng, **options):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=rng, **options).execute()


def test_formatted_values_are_strings_as_a_person_sees_them(sheets, book):
    assert get(sheets, book, "A1:C2")["values"] == [["Ada", "1,234.50", "3"],
                                                    ["2024-03-15", "50%", "TRUE"]]


def test_unformatted_values_are_typed_and_dates_are_serial_numbers(sheets, book):
    values = get(sheets, book, "A1:C2", valueRenderOption="UNFORMATTED_VALUE")["values"]
    assert values == [["Ada", 1234.5, 3], [45366, 0.5, True]]


def test_formatted_string_date_render_applies_to_date_cells_only(sheets, book):
    values = get(sheets, book, "A2:B2", valueRenderOption="UNFORMATTED_VALUE",
                 dateTimeRenderOption="FORMATTED_STRING")["values"]
    assert values == [["2024-03-15", 0.5]]


def test_formula_render_returns_the_formula_and_the_others_its_value(sheets, book):
    assert get(sheets, book, "C1", valueRenderOption="FORMULA")["values"] == [["=LEN(A1)"]]
    assert get(sheets, book, "C1", valueRenderOption="UNFORMATTED_VALUE")["values"] == [[3]]


def test_trailing_empty_rows_and_cells_are_trimmed_and_inner_empty_rows_are_empty_lists(sheets, book):
    answer = get(sheets, book, "A1:Z20")
    assert answer["range"] == "Sheet1!A1:Z20"   # the range asked for, not the data's extent
    assert answer["values"] == [["Ada", "1,234.50", "3"], ["2024-03-15", "50%", "TRUE"],
                                [], ["after a gap"]]


def test_empty_cells_inside_a_row_are_empty_strings(sheets, book):
    sheets.spreadsheets().values().update(spreadsheetId=book, range="E4", valueInputOption="RAW",
                                          body={"values": [["far"]]}).execute()
    assert get(sheets, book, "A4:F4")["values"] == [["after a gap", "", "", "", "far"]]


def test_a_range_with_nothing_in_it_has_no_values_key(sheets, book):
    answer = get(sheets, book, "H10:J12")
    assert answer == {"range": "Sheet1!H10:J12", "majorDimension": "ROWS"}


def test_major_dimension_columns_transposes_and_trims_per_column(sheets, book):
    answer = get(sheets, book, "A1:C4", majorDimension="COLUMNS")
    assert answer["majorDimension"] == "COLUMNS"
    assert answer["values"] == [["Ada", "2024-03-15", "", "after a gap"], ["1,234.50", "50%"],
                                ["3", "TRUE"]]


def test_batch_get_answers_each_range_in_order(sheets, book):
    answer = sheets.spreadsheets().values().batchGet(
        spreadsheetId=book, ranges=["B1", "Sheet1!A4:B4", "H1"], valueRenderOption="UNFORMATTED_VALUE").execute()
    assert answer["spreadsheetId"] == book
    assert [vr["range"] for vr in answer["valueRanges"]] == ["Sheet1!B1", "Sheet1!A4:B4", "Sheet1!H1"]
    assert [vr.get("values") for vr in answer["valueRanges"]] == [[[1234.5]], [["after a gap"]], None]


def test_a_whole_sheet_reads_from_a1_to_its_last_cell(sheets, book):
    answer = get(sheets, book, "Sheet1")
    assert answer["range"] == "Sheet1!A1:Z1000"
    assert answer["values"][-1] == ["after a gap"]


def test_number_formats_show_in_formatted_values(sheets):
    made = sheets.spreadsheets().create(body={"sheets": [{"data": [{"rowData": [{"values": [
        {"userEnteredValue": {"numberValue": 0.256}, "userEnteredFormat": {"numberFormat": {"type": "PERCENT"}}},
        {"userEnteredValue": {"numberValue": 1234.5}, "userEnteredFormat": {"numberFormat": {"type": "CURRENCY"}}},
        {"userEnteredValue": {"numberValue": 45366.5},
         "userEnteredFormat": {"numberFormat": {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"}}},
        {"userEnteredValue": {"numberValue": 1 / 3}},
    ]}]}]}]}).execute()["spreadsheetId"]
    assert get(sheets, made, "A1:D1")["values"] == [["25.60%", "$1,234.50", "15/03/2024 12:00", "0.3333333333"]]
