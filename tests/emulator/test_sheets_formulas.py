"""Formulas compute as Google Sheets computes them when values are read.

Google's contract: ValueRenderOption FORMATTED_VALUE and UNFORMATTED_VALUE "Values
will be calculated", FORMULA "Values will not be calculated. The reply will include
the formulas" (https://developers.google.com/sheets/api/reference/rest/v4/ValueRenderOption);
CellData.effectiveValue "For cells with formulas, this is the calculated value"
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/cells#CellData);
errors are ExtendedValue.errorValue {type, message} (ErrorType: DIVIDE_BY_ZERO,
NAME, N_A, REF, VALUE, ERROR...). The functions are those of Sheets' function list
(https://support.google.com/docs/table/25273).
"""

import datetime as dt

import pytest
from gspread.utils import ValueRenderOption

from _sheets import batch

# Students!A1:D5 and 'Hours log'!A1:B4, the shape of a coordinator's tracker.
STUDENTS = [["Name", "Hours", "Status", "Joined"],
            ["Ada", "12", "done", "2024-03-15"],
            ["Bo", "3.5", "pending", "2024-04-01"],
            ["Cy", "7", "done"],
            ["Di"]]
LOG = [["Name", "Hours"], ["Ada", "2"], ["Bo", "3"], ["Ada", "4"]]


@pytest.fixture
def book(sheets):
    made = sheets.spreadsheets().create(body={"properties": {"title": "Tracker"}, "sheets": [
        {"properties": {"title": "Students", "sheetId": 0}},
        {"properties": {"title": "Hours log", "sheetId": 1}}]}).execute()["spreadsheetId"]
    write(sheets, made, "Students!A1", STUDENTS)
    write(sheets, made, "'Hours log'!A1", LOG)
    return made


def write(sheets, book, rng, rows, option="USER_ENTERED"):
    sheets.spreadsheets().values().update(spreadsheetId=book, range=rng, valueInputOption=option,
                                          body={"values": rows}).execute()


def read(sheets, book, rng, render="FORMATTED_VALUE"):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=rng,
                                              valueRenderOption=render).execute().get("values", [])


def computed(sheets, book, formula, render="UNFORMATTED_VALUE"):
    """The formula entered in Students!H1 and read back."""
    write(sheets, book, "Students!H1", [[formula]])
    return read(sheets, book, "Students!H1", render)[0][0]


def each_computed(sheets, book, expected: dict) -> dict:
    """The formulas (keys of ``expected``) entered down Students!K10 and read back
    in one call (out of the way of the ranges they read): formula -> UNFORMATTED
    value, to compare with ``expected``."""
    formulas = list(expected)
    write(sheets, book, "Students!K10", [[f] for f in formulas])
    got = read(sheets, book, f"Students!K10:K{9 + len(formulas)}", "UNFORMATTED_VALUE")
    return {f: (row[0] if row else None) for f, row in zip(formulas, got + [[]] * len(formulas))}


def grid_cell(sheets, book, rng):
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=[rng], includeGridData=True).execute()
    return got["sheets"][0]["data"][0]["rowData"][0]["values"][0]


# -- what each render option returns ----------------------------------------------------

def test_a_formula_reads_as_its_value_formatted_or_unformatted_and_as_text_under_formula(sheets, book):
    write(sheets, book, "Students!F1", [["= 1 / 1024", "=3/2", "=4/2"]])
    assert read(sheets, book, "Students!F1:H1") == [["0.0009765625", "1.5", "2"]]
    assert read(sheets, book, "Students!F1:H1", "UNFORMATTED_VALUE") == [[0.0009765625, 1.5, 2]]
    assert read(sheets, book, "Students!F1:H1", "FORMULA") == [["= 1 / 1024", "=3/2", "=4/2"]]


def test_the_reference_example_a_currency_formatted_copy_of_a_number(sheets, book):
    # ValueRenderOption: A1 1.23, A2 =A1 formatted as currency -> "$1.23", 1.23, "=A1".
    write(sheets, book, "Students!F1", [["1.23"], ["=F1"]])
    batch(sheets, book, {"repeatCell": {
        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 5, "endColumnIndex": 6},
        "cell": {"userEnteredFormat": {"numberFormat": {"type": "CURRENCY", "pattern": '"$"#,##0.00'}}},
        "fields": "userEnteredFormat.numberFormat"}})
    assert read(sheets, book, "Students!F2") == [["$1.23"]]
    assert read(sheets, book, "Students!F2", "UNFORMATTED_VALUE") == [[1.23]]
    assert read(sheets, book, "Students!F2", "FORMULA") == [["=F1"]]


def test_text_starting_with_equals_written_raw_stays_text(sheets, book):
    # ValueInputOption RAW: "The values the user has entered will not be parsed and will be stored as-is."
    write(sheets, book, "Students!F1", [["=1+1", "=SUM(B2:B5)"]], option="RAW")
    for render in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        assert read(sheets, book, "Students!F1:G1", render) == [["=1+1", "=SUM(B2:B5)"]]
    assert grid_cell(sheets, book, "Students!F1")["effectiveValue"] == {"stringValue": "=1+1"}


def test_gspread_reads_computed_values_and_raw_updates_stay_text(gspread_as, book):
    worksheet = gspread_as().open_by_key(book).worksheet("Students")
    worksheet.update([["=SUM(B2:B5)", "=1+1"]], "F1", raw=False)
    worksheet.update([["=1+1"]], "H1")            # gspread writes RAW unless told otherwise
    assert worksheet.get("F1:H1") == [["22.5", "2", "=1+1"]]
    assert worksheet.get("F1:H1", value_render_option=ValueRenderOption.unformatted) == [[22.5, 2, "=1+1"]]
    assert worksheet.acell("F1", value_render_option=ValueRenderOption.formula).value == "=SUM(B2:B5)"


def test_get_with_grid_data_shows_the_computed_effective_value_and_formatted_value(sheets, book):
    write(sheets, book, "Students!F1", [["=3/2", '=A2&" ("&B2&"h)"', "=B2>10", "=DATE(2024,3,15)"]])
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=["Students!F1:I1"],
                                    includeGridData=True).execute()
    cells = got["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert [c["userEnteredValue"] for c in cells] == [
        {"formulaValue": "=3/2"}, {"formulaValue": '=A2&" ("&B2&"h)"'}, {"formulaValue": "=B2>10"},
        {"formulaValue": "=DATE(2024,3,15)"}]
    assert [c["effectiveValue"] for c in cells] == [
        {"numberValue": 1.5}, {"stringValue": "Ada (12h)"}, {"boolValue": True}, {"numberValue": 45366}]
    assert [c["formattedValue"] for c in cells] == ["1.5", "Ada (12h)", "TRUE", "3/15/2024"]
    # A date function's result is shown as a date: its effective format says so.
    assert cells[3]["effectiveFormat"]["numberFormat"]["type"] == "DATE"


def test_a_formula_of_an_empty_cell_reads_as_nothing(sheets, book):
    write(sheets, book, "Students!F1", [["=Z99", "x"]])
    assert read(sheets, book, "Students!F1:G1") == [["", "x"]]
    cell = grid_cell(sheets, book, "Students!F1")
    assert "effectiveValue" not in cell and "formattedValue" not in cell


# -- operators ------------------------------------------------------------------------------

OPERATORS = {formula: value for formula, value in [
    ("=2+3*4", 14), ("=(2+3)*4", 20), ("=-2^2", 4), ("=2^3^2", 64), ("=50%", 0.5), ("=7-2-1", 4),
    ('="a"&1.5', "a1.5"), ('="x"&TRUE', "xTRUE"), ('=1/3&""', "0.333333333333333"),
    ('="2"+1', 3), ("=TRUE+1", 2), ("=Z99+1", 1), ('=Z99&"!"', "!"),
    ('="a"="A"', True), ('=1<"a"', True), ('="b">"a"', True), ("=2<>2", False), ("=Z99=0", True),
    ('=Z99=""', True), ("=B2>=12", True), ("=B3<=3", False),
]}


def test_operators_follow_sheets_precedence_and_conversions(sheets, book):
    assert each_computed(sheets, book, OPERATORS) == OPERATORS


# -- references -------------------------------------------------------------------------------

REFERENCES = {formula: value for formula, value in [
    ("=B2", 12), ("=$B$2+B$3", 15.5), ("=SUM(B:B)", 22.5), ("=SUM(B2:C)", 22.5), ("=COUNTA(2:2)", 4),
    ("='Hours log'!B2", 2), ("=SUM('Hours log'!B2:B)", 9), ("=COUNTIF('Hours log'!A:A,A2)", 2),
    ("=students!B2", 12),   # a tab's name matches without regard to case
]}


def test_references_absolute_whole_and_open_ended_ranges_and_other_tabs(sheets, book):
    assert each_computed(sheets, book, REFERENCES) == REFERENCES


def test_values_are_recalculated_when_their_inputs_change(sheets, book):
    write(sheets, book, "Students!F1", [["=SUM(B2:B)", "=SUM('Hours log'!B:B)", "=F1*2"]])
    assert read(sheets, book, "Students!F1:H1", "UNFORMATTED_VALUE") == [[22.5, 9, 45]]
    write(sheets, book, "Students!B2", [["20"]])
    write(sheets, book, "'Hours log'!A5", [["Cy", "1"]])      # a new row inside an open range
    write(sheets, book, "Students!B6", [["1"]])
    assert read(sheets, book, "Students!F1:H1", "UNFORMATTED_VALUE") == [[31.5, 10, 63]]


def test_a_named_range_in_a_formula(sheets, book):
    batch(sheets, book, {"addNamedRange": {"namedRange": {"name": "Hours", "range": {
        "sheetId": 0, "startRowIndex": 1, "endRowIndex": 5, "startColumnIndex": 1, "endColumnIndex": 2}}}})
    assert computed(sheets, book, "=SUM(Hours)") == 22.5
    assert computed(sheets, book, "=SUM(NoSuchName)", "FORMATTED_VALUE") == "#NAME?"


def test_a_long_chain_of_references_computes(sheets, book):
    # A running total down 300 rows, read at its far end only.
    write(sheets, book, "'Hours log'!D1", [["1"]] + [[f"=D{r}+1"] for r in range(1, 300)])
    assert read(sheets, book, "'Hours log'!D300", "UNFORMATTED_VALUE") == [[300]]


# -- functions ----------------------------------------------------------------------------

FUNCTIONS = {formula: value for formula, value in [
    ("=SUM(B2:B5)", 22.5), ('=SUM(B2:B5, 1, "2")', 25.5),
    ("=COUNT(A2:B5)", 3), ("=COUNTA(A2:A5)", 4), ("=COUNTA(B2:B5)", 3),
    ('=COUNTIF(C2:C5,"done")', 2), ('=COUNTIF(C2:C5,"DONE")', 2), ('=COUNTIF(B2:B5,">5")', 2),
    ('=COUNTIF(A2:A5,"?o")', 1), ('=COUNTIF(A2:A5,"*")', 4), ('=COUNTIF(C2:C4,"<>done")', 1),
    ('=COUNTIF(D2:D5,">=2024-04-01")', 1), ('=COUNTIF(C2:C5,"")', 1),
    ('=COUNTIFS(C2:C5,"done",B2:B5,">=10")', 1), ('=COUNTIFS(C2:C5,"done",A2:A5,"C*")', 1),
    ("=AVERAGE(B2:B5)", 7.5), ("=AVERAGE(B2, 4)", 8),
    ('=IF(B2>10,"many","few")', "many"), ('=IF(B3>10,"many")', False), ("=IF(Z99,1,2)", 2),
    ('=IFERROR(1/0,"none")', "none"), ('=IFERROR(B2,"none")', 12),
    ("=AND(B2>1,B3>1)", True), ("=AND(B2>1,B3>10)", False), ("=OR(B2>100,B3>100)", False),
    ("=OR(B2:B5)", True), ("=NOT(B2>100)", True),
    ("=DATE(2024,3,15)", 45366), ("=DATE(2024,13,1)", 45658), ("=DATE(24,1,1)", 8767),
    ("=D2+1", 45367), ("=D3-D2", 17),
    ("=LEN(A2)", 3), ("=LEN(B3)", 3), ('=LEN("")', 0),
    ('=CONCATENATE(A2," ",B2,"h")', "Ada 12h"), ("=CONCATENATE(A2:A3)", "AdaBo"),
    ('=VLOOKUP("bo",A2:C5,3,FALSE)', "pending"), ("=VLOOKUP(5,{1,\"a\";4,\"b\";9,\"c\"},2)", "b"),
    ('=XLOOKUP("Cy",A2:A5,B2:B5)', 7), ('=XLOOKUP("Zed",A2:A5,B2:B5,"none")', "none"),
    ('=XLOOKUP("Ada",\'Hours log\'!A2:A4,\'Hours log\'!B2:B4,,0,-1)', 4),
    ("=INDEX(A2:C5,2,3)", "pending"), ("=INDEX(A2:A5,4)", "Di"), ('=MATCH("Cy",A2:A5,0)', 3),
    ("=MATCH(8,{1,4,9})", 2), ('=INDEX(B2:B5,MATCH("Cy",A2:A5,0))', 7),
    # More of Sheets' functions that trackers use.
    ('=SUMIF(C2:C5,"done",B2:B5)', 19), ('=SUMIFS(B2:B5,C2:C5,"done",B2:B5,"<10")', 7),
    ('=AVERAGEIF(C2:C5,"done",B2:B5)', 9.5), ("=COUNTBLANK(B2:C5)", 2),
    ("=MIN(B2:B5)", 3.5), ("=MAX(B2:B5)", 12), ("=ROUND(2.675,2)", 2.68), ("=ABS(-3)", 3),
    ('=IFS(B3>10,"a",B3>3,"b")', "b"), ('=IFNA(VLOOKUP("Zed",A2:B5,2,FALSE),"-")', "-"),
    ("=ISBLANK(B5)", True), ("=ISNUMBER(B2)", True), ("=ISTEXT(B2)", False), ("=ISERROR(1/0)", True),
    ('=UPPER("ada")', "ADA"), ('=LOWER("ADA")', "ada"), ('=TRIM("  a   b ")', "a b"),
    ('=CONCAT("goo","gle")', "google"), ("=TRUE()", True),
]}


def test_functions(sheets, book):
    assert each_computed(sheets, book, FUNCTIONS) == FUNCTIONS


def test_today_is_the_emulators_date_as_a_serial_number_shown_as_a_date(sheets, book):
    # Dates are days since 1899-12-30 (https://developers.google.com/sheets/api/guides/formats);
    # the spreadsheet's time zone is Etc/GMT.
    before = dt.datetime.now(dt.timezone.utc).date()
    serial, shown = computed(sheets, book, "=TODAY()"), read(sheets, book, "Students!H1")[0][0]
    after = dt.datetime.now(dt.timezone.utc).date()
    assert serial in {(day - dt.date(1899, 12, 30)).days for day in (before, after)}
    day = dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    assert shown == f"{day.month}/{day.day}/{day.year}"


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("formula, kind, text", [
    ("=1/0", "DIVIDE_BY_ZERO", "#DIV/0!"),
    ("=NOSUCHFUNCTION(1)", "NAME", "#NAME?"),
    ('=VLOOKUP("Zed",A2:C5,2,FALSE)', "N_A", "#N/A"),
    ('=MATCH("Zed",A2:A5,0)', "N_A", "#N/A"),
    ("='Nowhere'!A1", "REF", "#REF!"),
    ("=INDEX(A2:A5,9)", "REF", "#REF!"),
    ('="a"+1', "VALUE", "#VALUE!"),
    ("=SUM(1", "ERROR", "#ERROR!"),
    ("=IF(1)", "N_A", "#N/A"),              # too few arguments
    ("=AVERAGE(C2:C5)", "DIVIDE_BY_ZERO", "#DIV/0!"),
])
def test_errors_read_as_their_text_and_carry_a_type_and_message(sheets, book, formula, kind, text):
    assert computed(sheets, book, formula, "FORMATTED_VALUE") == text
    assert computed(sheets, book, formula, "UNFORMATTED_VALUE") == text
    cell = grid_cell(sheets, book, "Students!H1")
    assert cell["effectiveValue"]["errorValue"]["type"] == kind
    assert cell["effectiveValue"]["errorValue"]["message"]
    assert cell["formattedValue"] == text


def test_google_wording_of_common_errors(sheets, book):
    def message(formula):
        computed(sheets, book, formula)
        return grid_cell(sheets, book, "Students!H1")["effectiveValue"]["errorValue"]["message"]
    assert message("=1/0") == "Function DIVIDE parameter 2 cannot be zero."
    assert message("=nosuch(1)") == "Unknown function: 'nosuch'."
    assert message('=VLOOKUP("Zed",A2:C5,2,FALSE)') == "Did not find value 'Zed' in VLOOKUP evaluation."


def test_an_error_propagates_and_iferror_catches_it(sheets, book):
    write(sheets, book, "Students!F1", [["=1/0", "=F1+1", '=IFERROR(G1,"caught")', "=COUNTA(F1:G1)"]])
    assert read(sheets, book, "Students!F1:I1") == [["#DIV/0!", "#DIV/0!", "caught", "2"]]


def test_a_circular_reference_is_ref_with_googles_message(sheets, book):
    write(sheets, book, "Students!F1", [["=G1", "=F1", "=SUM(F3:F5)"]])
    assert read(sheets, book, "Students!F1:H1") == [["#REF!", "#REF!", "0"]]
    write(sheets, book, "Students!F4", [["=SUM(F3:F5)"]])        # a range holding itself
    assert read(sheets, book, "Students!F4") == [["#REF!"]]
    error = grid_cell(sheets, book, "Students!F1")["effectiveValue"]["errorValue"]
    assert error == {"type": "REF", "message": "Circular dependency detected. To resolve with "
                                               "iterative calculation, see File > Settings."}


def test_a_long_cycle_is_found_too(sheets, book):
    rows = [[f"=D{r + 1}"] for r in range(1, 200)] + [["=D1"]]
    write(sheets, book, "'Hours log'!D1", rows)
    assert read(sheets, book, "'Hours log'!D120") == [["#REF!"]]
