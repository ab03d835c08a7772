"""The spreadsheet page in a real browser: a coordinator makes the master Sheet with
google-api-python-client and shares it through Drive; people then open its
spreadsheetUrl, edit cells in place, sort and insert or delete rows, and the
changes are what the Sheets API reads back. (What needs no browser is in
tests/emulator/test_sheets_page.py.)"""

from __future__ import annotations

import pytest
from _browser import sign_in

COORDINATOR = "coordinator@school.example"
ADVISOR = "advisor@school.example"
STRANGER = "stranger@school.example"
STATUSES = ["Not started", "On track", "At risk", "Complete"]


@pytest.fixture
def master(emulator, sheets_as, drive_as):
    """The master Sheet: a frozen header, a protected ID column, a status dropdown;
    the advisor may edit it. Everyone is in the school directory (the switch lists them)."""
    emulator.world.classroom.load_school({"courses": [], "users": [
        {"email": e, "name": {"givenName": g, "familyName": "Example"}}
        for e, g in ((COORDINATOR, "Cora"), (ADVISOR, "Adam"), (STRANGER, "Stan"))]})
    status = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": s} for s in STATUSES]},
              "strict": True, "showCustomUi": True}
    rows = [["ID", "Name", "Status"], ["S1", "Carla", "On track"], ["S2", "Ana", "Complete"], ["S3", "Ben", "At risk"]]
    row_data = [{"values": [{"userEnteredValue": {"stringValue": v},
                             **({"dataValidation": status} if i and j == 2 else {})} for j, v in enumerate(r)]}
                for i, r in enumerate(rows)]
    made = sheets_as(COORDINATOR).spreadsheets().create(body={
        "properties": {"title": "CAS master"},
        "sheets": [{"properties": {"title": "Students", "sheetId": 0,
                                   "gridProperties": {"rowCount": 10, "columnCount": 4, "frozenRowCount": 1}},
                    "data": [{"rowData": row_data}],
                    "protectedRanges": [{"range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1}}]},
                   {"properties": {"title": "Log", "sheetId": 7}}]}).execute()
    drive_as(COORDINATOR).permissions().create(
        fileId=made["spreadsheetId"], sendNotificationEmail=False,
        body={"type": "user", "role": "writer", "emailAddress": ADVISOR}).execute()
    return made


def cell(page, ref: str):
    column, row = ref[0], ref[1:]
    return page.locator(f'#ss-grid tr[data-r="{row}"] td').nth("ABCD".index(column))


def read(sheets_as, made, rng):
    return sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=made["spreadsheetId"], range=rng).execute().get("values", [])


def test_an_advisor_edits_a_cell_in_place_and_the_sheets_api_reads_it(page, master, sheets_as):
    sign_in(page, ADVISOR, master["spreadsheetUrl"])
    cell(page, "B2").dblclick()
    page.locator(".ss-editor").fill("Zoe")
    page.keyboard.press("Escape")                        # Escape: nothing changes
    assert cell(page, "B2").inner_text() == "Carla"
    cell(page, "B3").dblclick()
    page.locator(".ss-editor").fill("Anabel")
    with page.expect_navigation():
        page.keyboard.press("Enter")                     # Enter: saved
    assert cell(page, "B3").inner_text() == "Anabel"
    cell(page, "B4").click()
    page.keyboard.type("Bo")                             # typing starts editing, as in Sheets
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert read(sheets_as, master, "Students!B2:B4") == [["Carla"], ["Anabel"], ["Bo"]]
    cell(page, "B2").click()
    with page.expect_navigation():
        page.keyboard.press("Delete")                    # Delete clears the cell
    assert read(sheets_as, master, "Students!B2:B4") == [[], ["Anabel"], ["Bo"]]


def test_a_dropdown_cell_offers_the_lists_values_and_saves_the_choice(page, master, sheets_as):
    sign_in(page, ADVISOR, master["spreadsheetUrl"])
    cell(page, "C4").click()
    page.keyboard.press("Enter")
    choices = page.locator("select.ss-editor option")
    assert choices.all_inner_texts() == ["", *STATUSES]
    with page.expect_navigation():
        page.locator("select.ss-editor").select_option("Complete")
    assert read(sheets_as, master, "Students!C4") == [["Complete"]]


def test_a_protected_column_refuses_the_advisor_and_lets_the_owner_edit(page, master, sheets_as):
    sign_in(page, ADVISOR, master["spreadsheetUrl"])
    assert "you cannot" in cell(page, "A2").get_attribute("title")
    cell(page, "A2").dblclick()
    page.locator(".ss-editor").fill("S9")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#ss-notice").inner_text().startswith("You are trying to edit a protected cell or object.")
    assert read(sheets_as, master, "Students!A2") == [["S1"]]
    sign_in(page, COORDINATOR, master["spreadsheetUrl"])
    cell(page, "A2").dblclick()
    page.locator(".ss-editor").fill("S9")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#ss-notice").count() == 0
    assert read(sheets_as, master, "Students!A2") == [["S9"]]


def test_sorting_the_tab_moves_each_rows_developer_metadata_with_it(page, master, sheets_as):
    sheets = sheets_as(COORDINATOR)
    sheets.spreadsheets().batchUpdate(spreadsheetId=master["spreadsheetId"], body={"requests": [
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "casStudent", "metadataValue": "S1", "visibility": "DOCUMENT",
            "location": {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}}}}]}).execute()
    sign_in(page, COORDINATOR, master["spreadsheetUrl"])
    cell(page, "B2").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sort by B A → Z").click()
    assert read(sheets_as, master, "Students!A1:B4") == [["ID", "Name"], ["S2", "Ana"], ["S3", "Ben"], ["S1", "Carla"]]
    found = sheets.spreadsheets().developerMetadata().search(spreadsheetId=master["spreadsheetId"], body={
        "dataFilters": [{"developerMetadataLookup": {"metadataKey": "casStudent"}}]}).execute()
    [match] = found["matchedDeveloperMetadata"]
    assert match["developerMetadata"]["location"]["dimensionRange"]["startIndex"] == 3   # Carla's row now


def test_inserting_and_deleting_a_row(page, master, sheets_as):
    sign_in(page, COORDINATOR, master["spreadsheetUrl"])
    cell(page, "B3").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Insert row above").click()
    assert read(sheets_as, master, "Students!B2:B4") == [["Carla"], [], ["Ana"]]
    assert page.locator("#ss-grid tbody tr").count() == 11
    cell(page, "B2").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Delete row 2").click()
    assert read(sheets_as, master, "Students!B2:B3") == [[], ["Ana"]]


def test_a_person_without_access_is_told_they_need_access(page, master):
    sign_in(page, STRANGER, master["spreadsheetUrl"])
    assert page.locator("h1").inner_text() == "You need access"
    assert page.locator("#ss-grid").count() == 0


def test_a_gid_fragment_link_opens_that_tab(page, master):
    sign_in(page, ADVISOR)
    page.goto(master["spreadsheetUrl"] + "#gid=7")      # as gspread's Worksheet.url writes it
    page.wait_for_url("**/edit?gid=7")
    assert page.locator(".ss-tab.current").inner_text() == "Log"
