"""The spreadsheet page (docs.google.com/spreadsheets/d/ID/edit on the emulator's host),
read and driven by plain HTTP as a browser without scripts would: what it shows,
who may see it, and the form posts that edit a cell, sort a tab and insert or delete
a row through the Sheets API as the signed-in person. The in-place editing lives in
tests/e2e/test_spreadsheet_page.py."""

from __future__ import annotations

import re
import time

import pytest
import requests

COORDINATOR = "coordinator@school.example"
ADVISOR = "advisor@school.example"
STRANGER = "stranger@school.example"
GREEN = {"red": 0.72, "green": 0.88, "blue": 0.8}
STATUSES = ["Not started", "On track", "At risk", "Complete"]


def text(value):
    return {"userEnteredValue": {"stringValue": value}}


@pytest.fixture
def students(sheets, drive):
    """A Students-like master Sheet owned by the coordinator and shared with the
    advisor as an editor: a bold frozen header, a status column with conditional
    colours and a dropdown, a protected ID column, a note, a hidden tab."""
    header = [{"userEnteredValue": {"stringValue": h},
               "userEnteredFormat": {"textFormat": {"bold": True}, "backgroundColor": {"red": 0.9, "green": 0.9, "blue": 0.9}}}
              for h in ("ID", "Name", "Status", "Hours", "Progress")]
    dropdown = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": s} for s in STATUSES]},
                "strict": True, "showCustomUi": True}
    people = [("S1", "Carla", "On track", 12), ("S2", "Ana", "Complete", 40), ("S3", "Ben", "At risk", 3)]
    rows = [{"values": header}] + [
        {"values": [text(i), text(n), {**text(s), "dataValidation": dropdown},
                    {"userEnteredValue": {"numberValue": h}},
                    {"userEnteredValue": {"numberValue": h / 40},
                     "userEnteredFormat": {"numberFormat": {"type": "PERCENT", "pattern": "0%"}}}]}
        for i, n, s, h in people]
    rows[1]["values"][1]["note"] = "Transferred in August"
    body = {"properties": {"title": "CAS master 2026"},
            "sheets": [{"properties": {"title": "Students", "sheetId": 0,
                                       "gridProperties": {"rowCount": 20, "columnCount": 6,
                                                          "frozenRowCount": 1, "frozenColumnCount": 1}},
                        "data": [{"rowData": rows, "columnMetadata": [{"pixelSize": 70}, {"pixelSize": 180}]}],
                        "protectedRanges": [{"range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                                             "description": "Student IDs"}],
                        "conditionalFormats": [
                            {"ranges": [{"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 2, "endColumnIndex": 3}],
                             "booleanRule": {"condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "complete"}]},
                                             "format": {"backgroundColor": GREEN}}},
                            {"ranges": [{"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 3, "endColumnIndex": 4}],
                             "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=D2<5"}]},
                                             "format": {"textFormat": {"bold": True}}}}]},
                       {"properties": {"title": "Log", "sheetId": 7}},
                       {"properties": {"title": "Service", "sheetId": 9, "hidden": True}}]}
    made = sheets.spreadsheets().create(body=body).execute()
    drive.permissions().create(fileId=made["spreadsheetId"], sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": ADVISOR}).execute()
    return made


def browser(emulator, who):
    """A requests session signed in as ``who`` through the page's own switch."""
    session = requests.Session()
    if who:
        session.get(emulator.url + "/emulator/signin", params={"as": who})
    return session


def cell_html(html: str, row: int, col: int) -> str:
    """The <td> of row ``row`` (1-based), column ``col`` (0-based among shown ones)."""
    line = re.search(rf'<tr data-r="{row}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td[^>]*>.*?</td>", line, re.S)[col]


def post(session, made, emulator, **form):
    return session.post(f"{emulator.url}/spreadsheets/d/{made['spreadsheetId']}/edit",
                        data={"gid": 0, **form})


def values(sheets, made, rng, render="FORMATTED_VALUE"):
    return sheets.spreadsheets().values().get(spreadsheetId=made["spreadsheetId"], range=rng,
                                              valueRenderOption=render).execute().get("values", [])



# -- who may see it ----------------------------------------------------------------------

def test_an_anonymous_visitor_is_asked_to_sign_in_and_a_stranger_is_told_they_need_access(students, emulator):
    anonymous = browser(emulator, None).get(students["spreadsheetUrl"])
    assert anonymous.status_code == 401 and "Sign in" in anonymous.text
    # The page asks Sheets, which answers 403 for a spreadsheet that exists but is not shared.
    stranger = browser(emulator, STRANGER).get(students["spreadsheetUrl"])
    assert stranger.status_code == 403 and "You need access" in stranger.text
    assert "Carla" not in anonymous.text + stranger.text


def test_the_api_link_opens_the_first_tab_with_the_title_and_only_visible_tabs(students, emulator):
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert '<h1 class="ss-title">CAS master 2026</h1>' in html
    tabs = re.findall(r'<a class="ss-tab( current)?" href="[^"]*\?gid=(\d+)"', html)
    assert tabs == [(" current", "0"), ("", "7")]    # the hidden "Service" tab is not offered


def test_gid_chooses_the_tab_and_a_hidden_or_unknown_one_falls_back_to_the_first(students, emulator):
    session = browser(emulator, ADVISOR)
    log = session.get(students["spreadsheetUrl"], params={"gid": 7}).text
    assert re.search(r'class="ss-tab current" href="[^"]*gid=7"', log)
    for gid in (9, 12345):
        assert re.search(r'class="ss-tab current" href="[^"]*gid=0"',
                         session.get(students["spreadsheetUrl"], params={"gid": gid}).text)
    bare = session.get(f"{emulator.url}/spreadsheets/d/{students['spreadsheetId']}", params={"gid": 7},
                       allow_redirects=False)
    assert bare.headers["Location"].endswith(f"/spreadsheets/d/{students['spreadsheetId']}/edit?gid=7")


# -- what it shows ---------------------------------------------------------------------

def test_values_read_as_the_apis_formatted_values(students, emulator, sheets):
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    shown = [[re.sub(r"<[^>]+>", "", cell_html(html, row, col)) for col in range(5)] for row in (2, 3)]
    assert shown == values(sheets, students, "Students!A2:E3") == [
        ["S1", "Carla", "On track", "12", "30%"], ["S2", "Ana", "Complete", "40", "100%"]]


def test_frozen_rows_and_columns_stick_and_column_widths_follow_pixel_size(students, emulator):
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert re.search(r'class="fr t0 fb[^"]*"', cell_html(html, 1, 1))    # header row: sticky, bordered
    assert "fc l0 fe" in cell_html(html, 2, 0)                         # column A: sticky left
    assert "fr" not in cell_html(html, 2, 1) and "fc" not in cell_html(html, 2, 1)
    assert ".t0{top:22px}" in html and ".l0{left:46px}" in html
    assert '<col style="width:46px"><col style="width:70px"><col style="width:180px"><col style="width:100px">' in html


def test_rows_and_columns_hidden_by_the_user_are_left_out_and_row_heights_show(students, sheets, emulator):
    def dimension(dim, start, props, fields):
        return {"updateDimensionProperties": {"range": {"sheetId": 0, "dimension": dim, "startIndex": start,
                                                        "endIndex": start + 1}, "properties": props, "fields": fields}}
    sheets.spreadsheets().batchUpdate(spreadsheetId=students["spreadsheetId"], body={"requests": [
        dimension("ROWS", 2, {"hiddenByUser": True}, "hiddenByUser"),
        dimension("COLUMNS", 3, {"hiddenByUser": True}, "hiddenByUser"),
        dimension("ROWS", 3, {"pixelSize": 40}, "pixelSize")]}).execute()
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert re.findall(r'<tr data-r="(\d+)"', html)[:4] == ["1", "2", "4", "5"]      # row 3 hidden
    assert re.findall(r'data-c="(\w+)"', html) == ["A", "B", "C", "E", "F"]          # column D hidden
    assert '<tr data-r="4" style="height:40px">' in html


def style_of(html: str, td: str) -> str:
    """The CSS of the look class a cell carries."""
    [name] = [c for c in re.search(r'class="([^"]*)"', td).group(1).split() if re.fullmatch(r"s\d+", c)]
    return re.search(rf"td\.{name}{{([^}}]*)}}", html).group(1)


def test_cell_formats_and_conditional_colours_show(students, emulator):
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert style_of(html, cell_html(html, 1, 1)) == "background-color:#e6e6e6;font-weight:bold"
    # TEXT_EQ "complete" colours "Complete" (Sheets compares text ignoring case), not "On track".
    assert "background-color:#b8e0cc" in style_of(html, cell_html(html, 3, 2))
    assert not re.search(r"\bs\d+\b", cell_html(html, 2, 2))
    assert style_of(html, cell_html(html, 2, 3)) == "text-align:right"   # a number sits right


def test_a_custom_formula_rule_is_not_evaluated_and_the_tooltip_says_so(students, emulator):
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    hours = cell_html(html, 4, 3)      # 3 hours: =D2<5 would make it bold in Sheets
    assert "font-weight" not in style_of(html, hours)
    assert "does not evaluate: CUSTOM_FORMULA =D2&lt;5" in hours


@pytest.mark.parametrize("condition, coloured", [
    ({"type": "TEXT_CONTAINS", "values": [{"userEnteredValue": "RISK"}]}, ["C4"]),
    ({"type": "TEXT_STARTS_WITH", "values": [{"userEnteredValue": "on"}]}, ["C2"]),
    ({"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "10"}]}, ["D2", "D3"]),
    ({"type": "NUMBER_LESS", "values": [{"userEnteredValue": "10"}]}, ["D4"]),   # not the empty D5
    ({"type": "NOT_BLANK"}, ["B2", "C2", "D2", "B3", "C3", "D3", "B4", "C4", "D4"]),
    ({"type": "BLANK"}, ["B5", "C5", "D5"]),
])
def test_simple_conditions_colour_the_cells_they_hold_for(students, sheets, emulator, condition, coloured):
    """One rule over B2:D5 (row 5 is empty), placed first so that it wins."""
    rng = {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 5, "startColumnIndex": 1, "endColumnIndex": 4}
    sheets.spreadsheets().batchUpdate(spreadsheetId=students["spreadsheetId"], body={"requests": [
        {"addConditionalFormatRule": {"index": 0, "rule": {"ranges": [rng], "booleanRule": {
            "condition": condition, "format": {"backgroundColor": {"red": 1, "green": 0.8, "blue": 0}}}}}}]}).execute()
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    found = [f"{'ABCDE'[col]}{row}" for row in range(2, 6) for col in range(5)
             if re.search(r"\bs\d+\b", cell_html(html, row, col))
             and "background-color:#ffcc00" in style_of(html, cell_html(html, row, col))]
    assert found == coloured


def test_a_note_is_a_tooltip_and_a_dropdown_cell_offers_its_list(students, emulator):
    session = browser(emulator, ADVISOR)
    html = session.get(students["spreadsheetUrl"]).text
    assert 'title="Transferred in August"' in cell_html(html, 2, 1)
    status = cell_html(html, 2, 2)
    assert 'class="dd" data-l="0"' in status
    lists = re.search(r'<script type="application/json" id="ss-dropdowns">(.*?)</script>', html).group(1)
    assert '"values": ["Not started", "On track", "At risk", "Complete"]' in lists
    chosen = session.get(students["spreadsheetUrl"], params={"cell": "C2"}).text   # without a script
    assert re.findall(r'<option value="([^"]*)">', chosen.split('id="ss-choices"')[1].split("</datalist>")[0]) == STATUSES
    assert 'id="ss-value" name="value" value="On track"' in chosen


def test_a_protected_column_tells_the_owner_who_may_edit_and_the_advisor_they_cannot(students, emulator):
    owner = browser(emulator, COORDINATOR).get(students["spreadsheetUrl"]).text
    advisor = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert 'class="lock"' in re.search(r'<th class="ch fc l0 fe" data-c="A".*?</th>', owner).group(0)
    assert 'class="lock"' not in re.search(r'<th class="ch " data-c="B".*?</th>', owner).group(0)
    assert ('title="Protected range “Student IDs”. Can edit: coordinator@school.example. You can edit it."'
            in cell_html(owner, 2, 0))
    assert ('title="Protected range “Student IDs”. Only coordinator@school.example and the editors they '
            'chose can edit it; you cannot."' in cell_html(advisor, 2, 0))
    assert re.search(r'class="fc l0 fe p"', cell_html(advisor, 2, 0))
    assert " p" not in cell_html(advisor, 2, 1)


def test_a_warning_only_range_is_marked_for_a_confirmation_before_editing(students, sheets, emulator):
    sheets.spreadsheets().batchUpdate(spreadsheetId=students["spreadsheetId"], body={"requests": [
        {"addProtectedRange": {"protectedRange": {"warningOnly": True, "range": {
            "sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 4, "endColumnIndex": 5}}}}]}).execute()
    html = browser(emulator, ADVISOR).get(students["spreadsheetUrl"]).text
    assert 'title="Protected range: editing it asks you to confirm first." data-w="1"' in cell_html(html, 2, 4)
    assert "data-w" not in cell_html(html, 3, 4)


def test_a_viewer_sees_no_edit_form_and_a_post_is_refused(students, drive, emulator, sheets):
    drive.permissions().create(fileId=students["spreadsheetId"], sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STRANGER}).execute()
    session = browser(emulator, STRANGER)
    html = session.get(students["spreadsheetUrl"]).text
    assert "View only" in html and 'id="ss-form"' not in html and "Carla" in html
    answer = post(session, students, emulator, cell="B2", value="Someone", action="set")
    assert "The caller does not have permission" in answer.text
    assert values(sheets, students, "Students!B2") == [["Carla"]]


# -- what a person can do -------------------------------------------------------------------

def test_saving_a_cell_is_values_update_user_entered_then_back_to_the_tab(students, emulator, sheets):
    session = browser(emulator, ADVISOR)
    answer = post(session, students, emulator, cell="d3", value="42", action="set", page=1)
    assert answer.history[0].status_code == 303
    assert answer.history[0].headers["Location"].endswith("/edit?gid=0&cell=D3")
    assert values(sheets, students, "Students!D3", "UNFORMATTED_VALUE") == [[42]]   # typed: a number
    assert 'id="ss-value" name="value" value="42"' in answer.text and 'class="s1 sel"' in answer.text


def test_a_protected_cell_refuses_the_advisor_with_googles_message_and_keeps_its_value(students, emulator, sheets):
    session = browser(emulator, ADVISOR)
    answer = post(session, students, emulator, cell="A2", value="S9", action="set")
    notice = re.search(r'<div class="ss-notice" id="ss-notice" role="alert">(.*?)</div>', answer.text).group(1)
    assert notice == ("You are trying to edit a protected cell or object. Please contact the spreadsheet "
                      "owner to remove protection if you need to edit.")
    assert values(sheets, students, "Students!A2") == [["S1"]]
    assert "ss-notice" not in session.get(students["spreadsheetUrl"]).text    # shown once
    post(browser(emulator, COORDINATOR), students, emulator, cell="A2", value="S9", action="set")
    assert values(sheets, students, "Students!A2") == [["S9"]]


def test_sorting_orders_the_rows_below_the_frozen_header_by_the_chosen_column(students, emulator, sheets):
    session = browser(emulator, COORDINATOR)
    post(session, students, emulator, cell="B3", action="sort-asc")
    assert values(sheets, students, "Students!A1:B4") == [["ID", "Name"], ["S2", "Ana"], ["S3", "Ben"], ["S1", "Carla"]]
    post(session, students, emulator, cell="D2", action="sort-desc")
    assert values(sheets, students, "Students!D1:D4") == [["Hours"], ["40"], ["12"], ["3"]]


def test_an_advisor_cannot_sort_rows_that_cross_a_protected_column(students, emulator, sheets):
    answer = post(browser(emulator, ADVISOR), students, emulator, cell="B2", action="sort-asc")
    assert "You are trying to edit a protected cell or object" in answer.text
    assert values(sheets, students, "Students!B2:B4") == [["Carla"], ["Ana"], ["Ben"]]


def formats(sheets, made, rng):
    got = sheets.spreadsheets().get(spreadsheetId=made["spreadsheetId"], ranges=[rng],
                                    fields="sheets.data.rowData.values.userEnteredFormat.textFormat.bold").execute()
    return [bool(r.get("values", [{}])[0].get("userEnteredFormat")) for r in got["sheets"][0]["data"][0]["rowData"]]


def test_inserting_rows_takes_the_chosen_rows_look_and_deleting_removes_the_row(students, emulator, sheets):
    session = browser(emulator, COORDINATOR)
    post(session, students, emulator, cell="B1", action="insert-below")     # under the bold header
    assert values(sheets, students, "Students!B1:B3") == [["Name"], [], ["Carla"]]
    assert formats(sheets, students, "Students!B1:B2") == [True, True]      # inherits from before
    post(session, students, emulator, cell="B4", action="insert-above")     # above Ana
    assert values(sheets, students, "Students!B3:B5") == [["Carla"], [], ["Ana"]]
    post(session, students, emulator, cell="B2", action="delete-row")
    post(session, students, emulator, cell="B3", action="delete-row")
    assert values(sheets, students, "Students!B1:B4") == [["Name"], ["Carla"], ["Ana"], ["Ben"]]


def test_a_post_without_a_cell_changes_nothing_and_says_why(students, emulator, sheets):
    answer = post(browser(emulator, COORDINATOR), students, emulator, cell="", action="delete-row")
    assert "Choose a cell first" in answer.text
    assert values(sheets, students, "Students!B2") == [["Carla"]]


# -- a long tab ----------------------------------------------------------------------------

def test_a_3000_row_tab_pages_by_500_rows_with_the_header_on_every_page(sheets, emulator):
    made = sheets.spreadsheets().create(body={"sheets": [{"properties": {
        "title": "Students", "gridProperties": {"rowCount": 3000, "columnCount": 8, "frozenRowCount": 1}}}]}).execute()
    grid = [["ID", "Name", "Status", "Advisor", "Hours", "C", "A", "S"]] + [
        [f"S{n}", f"Student {n}", "On track", "advisor@school.example", n % 50, "", "", ""] for n in range(1, 3000)]
    sheets.spreadsheets().values().update(spreadsheetId=made["spreadsheetId"], range="Students!A1",
                                          valueInputOption="RAW", body={"values": grid}).execute()
    session = browser(emulator, COORDINATOR)
    started = time.perf_counter()
    first = session.get(made["spreadsheetUrl"]).text
    assert time.perf_counter() - started < 2
    assert re.findall(r'<tr data-r="(\d+)"', first) == [str(n) for n in range(1, 501)]
    assert "Rows 1–500 of 3000" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = session.get(made["spreadsheetUrl"], params={"gid": 0, "page": 6}).text
    assert re.findall(r'<tr data-r="(\d+)"', last) == ["1"] + [str(n) for n in range(2501, 3001)]
    assert "Student 2999" in last and 'rel="next"' not in last
    chosen = session.get(made["spreadsheetUrl"], params={"cell": "B1234"}).text   # its page, selected
    assert "Rows 1001–1500 of 3000" in chosen and 'value="Student 1233"' in chosen
