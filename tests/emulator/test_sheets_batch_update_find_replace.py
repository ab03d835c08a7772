"""findReplace: where it searches (a range, a sheet, every sheet), how it matches
(case, whole cell, regular expressions, formulas) and the counts it replies with,
as Google's reference defines them ("Google Sheets" with e -> o is 3 occurrences)."""

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sid(sheets):
    spreadsheet_id = sheets.spreadsheets().create(body={
        "properties": {"title": "Master"},
        "sheets": [{"properties": {"title": "Students", "sheetId": 0}},
                   {"properties": {"title": "Log", "sheetId": 1}}]}).execute()["spreadsheetId"]
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=spreadsheet_id, body={
        "valueInputOption": "USER_ENTERED", "data": [
            {"range": "Students!A1", "values": [["Google Sheets", "google"],
                                                 ["GOOGLE", "=CONCAT(\"goo\", \"gle\")"],
                                                 ["10", "Year 12"]]},
            {"range": "Log!A1", "values": [["google drive"]]}]}).execute()
    return spreadsheet_id


def find_replace(sheets, sid, **request):
    reply = sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={
        "requests": [{"findReplace": request}]}).execute()
    return reply["replies"][0]["findReplace"]


def values(sheets, sid, rng, render="FORMATTED_VALUE"):
    return sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng,
                                              valueRenderOption=render).execute().get("values", [])


def test_occurrences_count_every_match_in_a_cell(sheets, sid):
    counts = find_replace(sheets, sid, find="e", replacement="o", sheetId=0, matchCase=True)
    assert values(sheets, sid, "Students!A1") == [["Googlo Shoots"]]
    assert counts["occurrencesChanged"] == 5          # 3 in "Google Sheets", 1 in "google", 1 in "Year 12"
    assert counts["valuesChanged"] == 3 and counts["rowsChanged"] == 2
    assert counts["sheetsChanged"] == 1 and "formulasChanged" not in counts


def test_matching_ignores_case_unless_asked(sheets, sid):
    find_replace(sheets, sid, find="google", replacement="Alphabet", range={
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 1})
    assert values(sheets, sid, "Students!A1:A2") == [["Alphabet Sheets"], ["Alphabet"]]
    assert values(sheets, sid, "Students!B1") == [["google"]]      # outside the range
    counts = find_replace(sheets, sid, find="alphabet", replacement="x", sheetId=0, matchCase=True)
    assert counts == {}


def test_match_entire_cell_only_replaces_whole_values(sheets, sid):
    counts = find_replace(sheets, sid, find="google", replacement="Drive", allSheets=True,
                          matchEntireCell=True)
    assert counts["valuesChanged"] == 2 and counts["sheetsChanged"] == 1
    # The formula is left alone (includeFormulas is false) and still computes "google".
    assert values(sheets, sid, "Students!A1:B2") == [["Google Sheets", "Drive"], ["Drive", "google"]]


def test_all_sheets_searches_every_tab(sheets, sid):
    counts = find_replace(sheets, sid, find="drive", replacement="Docs", allSheets=True)
    assert values(sheets, sid, "Log!A1") == [["google Docs"]]
    assert counts["sheetsChanged"] == 1


def test_formulas_are_searched_only_with_include_formulas(sheets, sid):
    assert "formulasChanged" not in find_replace(sheets, sid, find="goo", replacement="foo", sheetId=0)
    assert values(sheets, sid, "Students!B2", "FORMULA") == [["=CONCAT(\"goo\", \"gle\")"]]
    counts = find_replace(sheets, sid, find="\"goo\"", replacement="\"moo\"", sheetId=0,
                          includeFormulas=True)
    assert counts["formulasChanged"] == 1
    assert values(sheets, sid, "Students!B2", "FORMULA") == [["=CONCAT(\"moo\", \"gle\")"]]


def test_regular_expressions_with_group_references(sheets, sid):
    counts = find_replace(sheets, sid, find=r"Year (\d+)", replacement="Y$1", sheetId=0,
                          searchByRegex=True)
    assert counts["occurrencesChanged"] == 1
    assert values(sheets, sid, "Students!B3") == [["Y12"]]


def test_a_number_is_searched_as_shown_and_stays_a_number(sheets, sid):
    find_replace(sheets, sid, find="1", replacement="2", range={
        "sheetId": 0, "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 0, "endColumnIndex": 1})
    assert values(sheets, sid, "Students!A3", "UNFORMATTED_VALUE") == [[20]]


def test_exactly_one_scope_is_required(sheets, sid):
    with pytest.raises(HttpError) as caught:
        find_replace(sheets, sid, find="x", replacement="y")
    assert caught.value.status_code == 400
    with pytest.raises(HttpError) as caught:
        find_replace(sheets, sid, find="x", replacement="y", sheetId=0, allSheets=True)
    assert caught.value.reason.startswith("Invalid requests[0].findReplace:")
