"""Things a sheet keeps about ranges: conditional format rules, the basic filter,
filter views and named ranges (add, update, delete, and what Sheets refuses)."""

import pytest
from _sheets import batch, refused


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()["spreadsheetId"]


def first_sheet(sheets, sid):
    return sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]


STATUS = {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 3, "endColumnIndex": 4}


def rule(text, colour):
    return {"ranges": [STATUS], "booleanRule": {
        "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": text}]},
        "format": {"backgroundColor": colour}}}


# -- conditional formats ------------------------------------------------------------------
def test_a_new_rule_goes_first_unless_an_index_is_given(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addConditionalFormatRule": {"rule": rule("Complete", {"green": 1})}},
          {"addConditionalFormatRule": {"rule": rule("At risk", {"red": 1})}},
          {"addConditionalFormatRule": {"rule": rule("Pending", {"blue": 1}), "index": 2}})
    got = first_sheet(sheets, sid)["conditionalFormats"]
    assert [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in got] == [
        "At risk", "Complete", "Pending"]


def test_update_replaces_or_moves_a_rule_and_delete_returns_it(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addConditionalFormatRule": {"rule": rule("A", {"red": 1})}},
          {"addConditionalFormatRule": {"rule": rule("B", {"red": 1}), "index": 1}})
    moved = batch(sheets, sid, {"updateConditionalFormatRule": {
        "sheetId": 0, "index": 0, "newIndex": 1}})["replies"][0]["updateConditionalFormatRule"]
    assert (moved["oldIndex"], moved["newIndex"]) == (0, 1)
    replaced = batch(sheets, sid, {"updateConditionalFormatRule": {
        "index": 0, "rule": rule("C", {"blue": 1})}})["replies"][0]["updateConditionalFormatRule"]
    assert replaced["oldRule"]["booleanRule"]["condition"]["values"][0]["userEnteredValue"] == "B"
    deleted = batch(sheets, sid, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 1}})
    assert deleted["replies"][0]["deleteConditionalFormatRule"]["rule"]["booleanRule"][
        "condition"]["values"][0]["userEnteredValue"] == "A"
    assert len(first_sheet(sheets, sid)["conditionalFormats"]) == 1


def test_a_rule_needs_a_condition_and_ranges_on_one_sheet(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addSheet": {"properties": {"sheetId": 3}}})
    bad = rule("x", {"red": 1})
    bad["ranges"] = [STATUS, {"sheetId": 3}]
    assert refused(lambda: batch(sheets, sid, {"addConditionalFormatRule": {"rule": bad}})).status_code == 400
    error = refused(lambda: batch(sheets, sid, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}}))
    assert error.reason.startswith("Invalid requests[0].deleteConditionalFormatRule:")


# -- basic filter and filter views ----------------------------------------------------------
def test_set_basic_filter_replaces_the_sheets_filter_and_clear_removes_it(sheets):
    sid = create(sheets)
    table = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 50, "startColumnIndex": 0, "endColumnIndex": 6}
    batch(sheets, sid, {"setBasicFilter": {"filter": {"range": table, "sortSpecs": [
        {"dimensionIndex": 1, "sortOrder": "ASCENDING"}]}}})
    assert first_sheet(sheets, sid)["basicFilter"]["range"] == table
    batch(sheets, sid, {"clearBasicFilter": {"sheetId": 0}})
    assert "basicFilter" not in first_sheet(sheets, sid)


def test_each_advisor_gets_a_filter_view_with_an_id(sheets):
    sid = create(sheets)
    view = {"title": "Ms Lee's students", "range": {"sheetId": 0, "startRowIndex": 0},
            "filterSpecs": [{"columnIndex": 2, "filterCriteria": {"condition": {
                "type": "TEXT_EQ", "values": [{"userEnteredValue": "lee@school.example"}]}}}]}
    reply = batch(sheets, sid, {"addFilterView": {"filter": view}})["replies"][0]["addFilterView"]["filter"]
    assert isinstance(reply["filterViewId"], int) and reply["title"] == view["title"]
    batch(sheets, sid, {"updateFilterView": {"filter": {"filterViewId": reply["filterViewId"],
                                                        "title": "Lee"}, "fields": "title"}})
    [stored] = first_sheet(sheets, sid)["filterViews"]
    assert stored["title"] == "Lee" and stored["filterSpecs"] == view["filterSpecs"]
    batch(sheets, sid, {"deleteFilterView": {"filterId": reply["filterViewId"]}})
    assert "filterViews" not in first_sheet(sheets, sid)


def test_a_filter_on_a_column_outside_its_range_is_refused(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"addFilterView": {"filter": {
        "range": {"sheetId": 0, "endColumnIndex": 2}, "filterSpecs": [{"columnIndex": 4}]}}}))
    assert error.status_code == 400


def test_deleting_a_missing_filter_view_is_refused(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"deleteFilterView": {"filterId": 12}}))
    assert error.reason == "Invalid requests[0].deleteFilterView: No filter view with id: 12"


# -- named ranges ---------------------------------------------------------------------------
def test_named_ranges_are_added_renamed_and_deleted(sheets):
    sid = create(sheets)
    reply = batch(sheets, sid, {"addNamedRange": {"namedRange": {
        "name": "Roster", "range": {"sheetId": 0, "endColumnIndex": 3}}}})
    named = reply["replies"][0]["addNamedRange"]["namedRange"]
    assert named["namedRangeId"] and named["range"]["sheetId"] == 0
    batch(sheets, sid, {"updateNamedRange": {"namedRange": {
        "namedRangeId": named["namedRangeId"], "name": "Students"}, "fields": "name"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()["namedRanges"]
    assert [(n["name"], n["range"]) for n in got] == [("Students", named["range"])]
    values = sheets.spreadsheets().values().get(spreadsheetId=sid, range="Students").execute()
    assert values["range"] == "Sheet1!A1:C1000"
    batch(sheets, sid, {"deleteNamedRange": {"namedRangeId": named["namedRangeId"]}})
    assert "namedRanges" not in sheets.spreadsheets().get(spreadsheetId=sid).execute()


@pytest.mark.parametrize("name", ["A1", "has space", "1st", "TRUE", "R1C1"])
def test_names_sheets_would_not_accept_are_refused(sheets, name):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"addNamedRange": {"namedRange": {
        "name": name, "range": {"sheetId": 0}}}}))
    assert error.status_code == 400 and error.reason.startswith("Invalid requests[0].addNamedRange:")


def test_two_named_ranges_may_not_share_a_name(sheets):
    sid = create(sheets)
    spec = {"namedRange": {"name": "roster", "range": {"sheetId": 0}}}
    error = refused(lambda: batch(sheets, sid, {"addNamedRange": spec},
                                  {"addNamedRange": {"namedRange": {**spec["namedRange"], "name": "ROSTER"}}}))
    assert error.reason.startswith("Invalid requests[1].addNamedRange:")


def test_duplicate_filter_view_copies_it_under_a_new_id(sheets):
    sid = create(sheets)
    reply = batch(sheets, sid, {"addFilterView": {"filter": {"title": "Year 12", "range": {"sheetId": 0}}}})
    original = reply["replies"][0]["addFilterView"]["filter"]
    copied = batch(sheets, sid, {"duplicateFilterView": {"filterId": original["filterViewId"]}})
    copy = copied["replies"][0]["duplicateFilterView"]["filter"]
    assert copy["filterViewId"] != original["filterViewId"] and copy["range"] == original["range"]
    assert len(first_sheet(sheets, sid)["filterViews"]) == 2


def test_a_basic_filters_range_reads_back_with_its_indexes_zeros_included(sheets, gspread_as):
    # Observed against Google: the basic filter's range comes back with every index as
    # set, startRowIndex: 0 included; gspread's set_basic_filter() with no range (the
    # whole sheet) reads back bounded to the grid.
    sid = create(sheets)
    batch(sheets, sid, {"setBasicFilter": {"filter": {"range": {
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 5, "startColumnIndex": 0, "endColumnIndex": 3}}}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, fields="sheets.basicFilter").execute()
    assert got["sheets"][0]["basicFilter"]["range"] == {
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 5, "startColumnIndex": 0, "endColumnIndex": 3}
    worksheet = gspread_as().open_by_key(sid).sheet1
    worksheet.set_basic_filter()
    assert first_sheet(sheets, sid)["basicFilter"]["range"] == {
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 1000, "startColumnIndex": 0, "endColumnIndex": 26}
    worksheet.set_basic_filter("B1:C10")
    assert first_sheet(sheets, sid)["basicFilter"]["range"] == {
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 10, "startColumnIndex": 1, "endColumnIndex": 3}
