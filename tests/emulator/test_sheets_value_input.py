"""valueInputOption: RAW keeps text as text (the defence against formula injection);
USER_ENTERED parses it as if typed into the UI
(https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption)."""

import pytest
from gspread.utils import ValueInputOption, ValueRenderOption

INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


@pytest.fixture
def book(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Input"}}).execute()["spreadsheetId"]


def write(sheets, book, rows, option):
    sheets.spreadsheets().values().update(spreadsheetId=book, range="Sheet1!A1", valueInputOption=option,
                                          body={"values": rows}).execute()


def cells(sheets, book, rng="Sheet1!A1:Z1"):
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=[rng], includeGridData=True).execute()
    return [c.get("userEnteredValue") for c in got["sheets"][0]["data"][0]["rowData"][0]["values"]]


def test_raw_stores_formula_like_text_as_plain_strings(sheets, book):
    write(sheets, book, [INJECTIONS], "RAW")
    assert cells(sheets, book) == [{"stringValue": text} for text in INJECTIONS]
    formulas = sheets.spreadsheets().values().get(spreadsheetId=book, range="Sheet1!A1:E1",
                                                  valueRenderOption="FORMULA").execute()
    assert formulas["values"] == [INJECTIONS]


def test_raw_through_gspread_keeps_a_persons_answer_as_text(gspread_as, sheets, book):
    worksheet = gspread_as("coordinator@school.example").open_by_key(book).sheet1
    worksheet.update([INJECTIONS], "A1", value_input_option=ValueInputOption.raw)
    assert cells(sheets, book) == [{"stringValue": text} for text in INJECTIONS]


def test_user_entered_turns_equals_text_into_a_formula(sheets, book):
    write(sheets, book, [["=1+1", "'=1+1"]], "USER_ENTERED")
    assert cells(sheets, book) == [{"formulaValue": "=1+1"}, {"stringValue": "=1+1"}]


def test_user_entered_through_gspread_stores_a_formula(gspread_as, sheets, book):
    worksheet = gspread_as("coordinator@school.example").open_by_key(book).sheet1
    worksheet.update([["=SUM(1,2)"]], "A1", raw=False)
    assert cells(sheets, book) == [{"formulaValue": "=SUM(1,2)"}]
    assert worksheet.get("A1", value_render_option=ValueRenderOption.formula) == [["=SUM(1,2)"]]


@pytest.mark.parametrize("typed, stored, number_format, shown", [
    ("42", {"numberValue": 42}, None, "42"),
    ("-4.5", {"numberValue": -4.5}, None, "-4.5"),
    ("007", {"numberValue": 7}, None, "7"),
    ("1,234.50", {"numberValue": 1234.5}, {"type": "NUMBER", "pattern": "#,##0.00"}, "1,234.50"),
    # Observed against Google: thousands separators are read as such ("2,000,000.01" is
    # the number 2000000.01, shown as typed with a grouping number format).
    ("2,000,000.01", {"numberValue": 2000000.01}, {"type": "NUMBER", "pattern": "#,##0.00"}, "2,000,000.01"),
    ("-2,000,000.01", {"numberValue": -2000000.01}, {"type": "NUMBER", "pattern": "#,##0.00"},
     "-2,000,000.01"),
    ("2,000,000", {"numberValue": 2000000}, {"type": "NUMBER", "pattern": "#,##0"}, "2,000,000"),
    ("$2,000,000.01", {"numberValue": 2000000.01}, {"type": "CURRENCY", "pattern": '"$"#,##0.00'},
     "$2,000,000.01"),
    ("12.5%", {"numberValue": 0.125}, {"type": "PERCENT", "pattern": "0.00%"}, "12.50%"),
    ("$5", {"numberValue": 5}, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}, "$5.00"),
    ("true", {"boolValue": True}, None, "TRUE"),
    ("2024-03-15", {"numberValue": 45366}, {"type": "DATE", "pattern": "yyyy-mm-dd"}, "2024-03-15"),
    ("3/15/2024", {"numberValue": 45366}, {"type": "DATE", "pattern": "M/d/yyyy"}, "3/15/2024"),
    ("2024-03-15 18:00", {"numberValue": 45366.75},
     {"type": "DATE_TIME", "pattern": "yyyy-mm-dd H:mm"}, "2024-03-15 18:00"),
    ("Smith, J", {"stringValue": "Smith, J"}, None, "Smith, J"),
    ("2024-02-30", {"stringValue": "2024-02-30"}, None, "2024-02-30"),
])
def test_user_entered_parses_text_as_the_ui_does(sheets, book, typed, stored, number_format, shown):
    write(sheets, book, [[typed]], "USER_ENTERED")
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=["A1"], includeGridData=True).execute()
    cell = got["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    assert cell["userEnteredValue"] == stored
    assert (cell.get("userEnteredFormat") or {}).get("numberFormat") == number_format
    assert cell["formattedValue"] == shown


def test_raw_keeps_numbers_dates_and_booleans_typed_as_text(sheets, book):
    write(sheets, book, [["42", "2024-03-15", "TRUE"]], "RAW")
    assert cells(sheets, book) == [{"stringValue": "42"}, {"stringValue": "2024-03-15"},
                                   {"stringValue": "TRUE"}]


@pytest.mark.parametrize("option", ["RAW", "USER_ENTERED"])
def test_json_numbers_and_booleans_stay_typed_under_both_options(sheets, book, option):
    write(sheets, book, [[3.5, True, 0]], option)
    assert cells(sheets, book) == [{"numberValue": 3.5}, {"boolValue": True}, {"numberValue": 0}]


def test_a_plain_text_formatted_cell_keeps_what_is_typed_as_text(sheets):
    book = sheets.spreadsheets().create(body={"sheets": [{"data": [{"rowData": [{"values": [
        {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}}]}]}]}]}).execute()["spreadsheetId"]
    write(sheets, book, [["00123"]], "USER_ENTERED")
    assert cells(sheets, book) == [{"stringValue": "00123"}]


def test_gspread_user_entered_reads_thousands_separators_as_a_number(gspread_as, book):
    worksheet = gspread_as("coordinator@school.example").open_by_key(book).sheet1
    worksheet.update([["2,000,000.01", "1,234"]], "A1", value_input_option=ValueInputOption.user_entered)
    assert worksheet.get("A1:B1", value_render_option=ValueRenderOption.unformatted) == [[2000000.01, 1234]]
    assert worksheet.get("A1:B1") == [["2,000,000.01", "1,234"]]
