"""A1 notation as Sheets parses it and the range it echoes back
(https://developers.google.com/sheets/api/guides/concepts#cell)."""

import pytest
from googleapiclient.errors import HttpError

from emulator.core.errors import GoogleApiError
from emulator.sheets import a1


@pytest.mark.parametrize("text, sheet, cells", [
    ("Sheet1!A1:B2", "Sheet1", (0, 2, 0, 2, False)),
    ("A1", None, (0, 1, 0, 1, True)),
    ("a1:c3", None, (0, 3, 0, 3, False)),
    ("$A$1:$B$2", None, (0, 2, 0, 2, False)),
    ("'My tab'!A1:C", "My tab", (0, None, 0, 3, False)),
    ("'It''s'!A:C", "It's", (0, None, 0, 3, False)),
    ("Sheet1!2:5", "Sheet1", (1, 5, 0, None, False)),
    ("Sheet1!A5:A", "Sheet1", (4, None, 0, 1, False)),
    ("B2:A1", None, (0, 2, 0, 2, False)),            # corners in any order
    ("Sheet1!AA10", "Sheet1", (9, 10, 26, 27, True)),
])
def test_cell_ranges_parse_to_grid_indexes(text, sheet, cells):
    parsed = a1.parse(text)
    assert (parsed.sheet, parsed.cells) == (sheet, cells)


@pytest.mark.parametrize("text, sheet", [("Sheet1", None), ("'My tab'", "My tab"), ("'It''s'", "It's")])
def test_a_sheet_name_alone_means_the_whole_sheet(text, sheet):
    parsed = a1.parse(text)
    assert parsed.cells is None
    assert (parsed.sheet or parsed.bare) == (sheet or "Sheet1")


@pytest.mark.parametrize("text", ["", "Sheet1!", "Sheet1!A", "Sheet1!5", "Sheet1!A1:", "'Open quote!A1",
                                  "Sheet1!1A", "Sheet1!A0"])
def test_malformed_ranges_are_unable_to_parse(text):
    with pytest.raises(GoogleApiError) as caught:
        a1.parse(text)
    assert caught.value.message == f"Unable to parse range: {text}"


@pytest.mark.parametrize("title, shown", [("Sheet1", "Sheet1"), ("My tab", "'My tab'"),
                                          ("It's", "'It''s'"), ("A1", "'A1'"), ("2024", "'2024'")])
def test_sheet_names_are_quoted_only_when_needed(title, shown):
    assert a1.quote_sheet(title) == shown


def test_column_letters_run_past_z():
    assert [a1.column_letters(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]
    assert a1.column_index("AAA") == 702


# -- through the API -------------------------------------------------------------

@pytest.fixture
def book(sheets):
    return sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": "Sheet1"}},
        {"properties": {"title": "My tab", "gridProperties": {"rowCount": 10, "columnCount": 5}}},
        {"properties": {"title": "It's"}},
    ]}).execute()["spreadsheetId"]


def echoed(sheets, book, text):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range=text).execute()["range"]


@pytest.mark.parametrize("asked, echo", [
    ("Sheet1!A1", "Sheet1!A1"),
    ("A1:B2", "Sheet1!A1:B2"),                  # no sheet: the first visible sheet
    ("'My tab'!A:B", "'My tab'!A1:B10"),         # open ends are bounded by the grid
    ("'My tab'", "'My tab'!A1:E10"),
    ("'My tab'!2:3", "'My tab'!A2:E3"),
    ("'My tab'!C5:C", "'My tab'!C5:C10"),
    ("'It''s'!A1:A1", "'It''s'!A1"),
    ("'Sheet1'!B2", "Sheet1!B2"),                # gspread always quotes; Google does not
])
def test_the_range_google_echoes_is_bounded_and_quoted_only_when_needed(sheets, book, asked, echo):
    assert echoed(sheets, book, asked) == echo


def test_a_range_naming_an_unknown_sheet_is_unable_to_parse(sheets, book):
    with pytest.raises(HttpError) as caught:
        echoed(sheets, book, "Nope!A1")
    assert caught.value.status_code == 400
    assert caught.value.reason == "Unable to parse range: Nope!A1"


def test_a_range_past_the_grid_exceeds_grid_limits(sheets, book):
    with pytest.raises(HttpError) as caught:
        echoed(sheets, book, "'My tab'!A11")
    assert caught.value.status_code == 400
    assert caught.value.reason == "Range ('My tab'!A11) exceeds grid limits. Max rows: 10, max columns: 5"


def test_a_hidden_first_sheet_is_skipped_by_ranges_without_a_sheet_name(sheets):
    book = sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": "State", "hidden": True}},
        {"properties": {"title": "Students"}},
    ]}).execute()["spreadsheetId"]
    assert echoed(sheets, book, "A1:B2") == "Students!A1:B2"


def test_a_named_range_reads_as_its_cells(sheets):
    book = sheets.spreadsheets().create(body={
        "sheets": [{"properties": {"title": "Roster", "sheetId": 7}}],
        "namedRanges": [{"name": "ids", "range": {"sheetId": 7, "startRowIndex": 1, "endRowIndex": 4,
                                                  "startColumnIndex": 0, "endColumnIndex": 1}}],
    }).execute()["spreadsheetId"]
    assert echoed(sheets, book, "ids") == "Roster!A2:A4"
