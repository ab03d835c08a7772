"""sortRange: the order Sheets sorts values in, blanks last, several sort keys, and
what a sort moves: a sort over whole rows moves the rows (and their developer
metadata, which is how the service finds its rows after a person sorted the tab);
a sort over some columns moves only those cells."""

import pytest
from googleapiclient.errors import HttpError
from _sheets import batch

ADVISOR = "advisor@school.example"


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()["spreadsheetId"]


def fill(sheets, sid, rows, option="USER_ENTERED"):
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="Sheet1!A1",
                                          valueInputOption=option, body={"values": rows}).execute()


def column(sheets, sid, rng):
    got = sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng,
                                             valueRenderOption="UNFORMATTED_VALUE").execute()
    return [row[0] if row else None for row in got.get("values", [])]


def sort(sheets, sid, *specs, **area):
    rng = {"sheetId": 0, **area}
    return batch(sheets, sid, {"sortRange": {"range": rng, "sortSpecs": [
        {"dimensionIndex": col, "sortOrder": order} for col, order in specs]}})


def tag_row(sheets, sid, row, key):
    reply = batch(sheets, sid, {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "studentId", "metadataValue": key, "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": 0, "dimension": "ROWS",
                                        "startIndex": row, "endIndex": row + 1}}}}})
    return reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]["metadataId"]


def tagged_rows(sheets, sid):
    """Row index -> metadataValue, read back through spreadsheets.get's rowMetadata."""
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["Sheet1"],
                                    fields="sheets.data.rowMetadata.developerMetadata").execute()
    return {i: m["metadataValue"] for i, row in enumerate(got["sheets"][0]["data"][0]["rowMetadata"])
            for m in row.get("developerMetadata", [])}


def test_ascending_puts_numbers_before_text_before_booleans_and_blanks_last(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["pear"], [""], ["TRUE"], ["10"], ["Apple"], ["2"], ["FALSE"], ["banana"]])
    sort(sheets, sid, (0, "ASCENDING"), startRowIndex=0, endRowIndex=8, endColumnIndex=1)
    assert column(sheets, sid, "A1:A8") == [2, 10, "Apple", "banana", "pear", False, True]


def test_descending_reverses_the_values_but_keeps_blanks_last(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["b"], [""], ["3"], ["a"]])
    sort(sheets, sid, (0, "DESCENDING"), endRowIndex=4, endColumnIndex=1)
    assert column(sheets, sid, "A1:A4") == ["b", "a", 3]


def test_later_sort_specs_break_ties_and_equal_rows_keep_their_order(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["Ann", "Y2", "1"], ["Bob", "Y1", "2"], ["Cy", "Y2", "3"],
                       ["Di", "Y1", "4"], ["Ed", "Y2", "5"]])
    sort(sheets, sid, (1, "ASCENDING"), (0, "DESCENDING"), endRowIndex=5)
    assert column(sheets, sid, "A1:A5") == ["Di", "Bob", "Ed", "Cy", "Ann"]
    sort(sheets, sid, (1, "DESCENDING"), endRowIndex=5)
    assert column(sheets, sid, "A1:A5") == ["Ed", "Cy", "Ann", "Di", "Bob"]


def test_a_sort_by_a_person_moves_row_metadata_with_the_rows(sheets, sheets_as, drive, gspread_as):
    sid = create(sheets)
    drive.permissions().create(fileId=sid, sendNotificationEmail=False, body={
        "type": "user", "role": "writer", "emailAddress": ADVISOR}).execute()
    fill(sheets, sid, [["Name", "Status"], ["Zoe", "late"], ["Adam", "ok"], ["Mia", "ok"]])
    for row, student in ((1, "s-zoe"), (2, "s-adam"), (3, "s-mia")):
        tag_row(sheets, sid, row, student)
    # The advisor sorts the tab by name in the browser; gspread sends the same sortRange.
    gspread_as(ADVISOR).open_by_key(sid).sheet1.sort((1, "asc"), range="A2:Z1000")
    assert column(sheets, sid, "A2:A4") == ["Adam", "Mia", "Zoe"]
    assert tagged_rows(sheets, sid) == {1: "s-adam", 2: "s-mia", 3: "s-zoe"}


def test_a_sort_over_some_columns_moves_only_those_cells_and_leaves_row_metadata(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["c", "row0"], ["a", "row1"], ["b", "row2"]])
    tag_row(sheets, sid, 0, "first")
    sort(sheets, sid, (0, "ASCENDING"), endRowIndex=3, startColumnIndex=0, endColumnIndex=1)
    assert column(sheets, sid, "A1:A3") == ["a", "b", "c"]
    assert column(sheets, sid, "B1:B3") == ["row0", "row1", "row2"]
    assert tagged_rows(sheets, sid) == {0: "first"}


def test_only_the_rows_of_the_range_move(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["header"], ["z"], ["y"], ["x"], ["below"]])
    sort(sheets, sid, (0, "ASCENDING"), startRowIndex=1, endRowIndex=4)
    assert column(sheets, sid, "A1:A5") == ["header", "x", "y", "z", "below"]


def test_a_sort_key_outside_the_range_is_refused(sheets):
    sid = create(sheets)
    with pytest.raises(HttpError) as caught:
        sort(sheets, sid, (5, "ASCENDING"), endRowIndex=3, endColumnIndex=2)
    assert caught.value.status_code == 400
    assert caught.value.reason.startswith("Invalid requests[0].sortRange:")


def test_formulas_sort_by_their_text_since_they_are_not_evaluated(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["=B1"], ["1"]])
    sort(sheets, sid, (0, "ASCENDING"), endRowIndex=2, endColumnIndex=1)
    got = sheets.spreadsheets().values().get(spreadsheetId=sid, range="A1:A2",
                                             valueRenderOption="FORMULA").execute()
    assert got["values"] == [[1], ["=B1"]]


# Google documents that row metadata follows inserts, deletes and moves, and says
# nothing of sorts: the control plane's sortMovesMetadata switch gives the other
# reading, so the product is tested under both.
def test_with_the_switch_off_even_a_sort_of_whole_rows_leaves_row_metadata_in_place(
        sheets, emulator):
    import requests
    answer = requests.post(f"{emulator.url}/emulator/behaviour",
                           json={"sortMovesMetadata": False}).json()
    assert answer["sortMovesMetadata"] is False
    sid = create(sheets)
    fill(sheets, sid, [["Name"], ["Zoe"], ["Adam"], ["Mia"]])
    for row, student in ((1, "s-zoe"), (2, "s-adam"), (3, "s-mia")):
        tag_row(sheets, sid, row, student)
    sort(sheets, sid, (0, "ASCENDING"), startRowIndex=1)
    assert column(sheets, sid, "A2:A4") == ["Adam", "Mia", "Zoe"]
    assert tagged_rows(sheets, sid) == {1: "s-zoe", 2: "s-adam", 3: "s-mia"}


def test_the_behaviour_switches_take_only_known_names_and_booleans_and_reset_restores_them(
        emulator):
    import requests
    url = f"{emulator.url}/emulator/behaviour"
    assert requests.get(url).json() == {"sortMovesMetadata": True, "gmailKeepsMessageId": True}
    assert requests.post(url, json={"sortsMoveMetadata": False}).status_code == 400
    assert requests.post(url, json={"sortMovesMetadata": "no"}).status_code == 400
    requests.post(url, json={"gmailKeepsMessageId": False})
    requests.post(f"{emulator.url}/emulator/reset")
    assert requests.get(url).json()["gmailKeepsMessageId"] is True
