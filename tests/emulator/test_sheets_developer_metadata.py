"""Developer metadata: created, updated and deleted by batchUpdate, read by
developerMetadata.get and search, and carried by its row through insert, delete,
move and sort (https://developers.google.com/sheets/api/guides/metadata)."""

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def book(sheets):
    made = sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": "Students", "sheetId": 5}}, {"properties": {"title": "Log", "sheetId": 6}}]}
    ).execute()["spreadsheetId"]
    sheets.spreadsheets().values().update(spreadsheetId=made, range="Students!A1", valueInputOption="RAW", body={
        "values": [["ID", "Name"], ["s-3", "Cy"], ["s-1", "Ada"], ["s-2", "Bo"]]}).execute()
    return made


def batch(sheets, book, *requests):
    return sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": list(requests)}).execute()


def on_row(row, key="casId", value=None, sheet=5, visibility="DOCUMENT"):
    meta = {"metadataKey": key, "visibility": visibility, "location": {"dimensionRange": {
        "sheetId": sheet, "dimension": "ROWS", "startIndex": row, "endIndex": row + 1}}}
    if value is not None:
        meta["metadataValue"] = value
    return {"createDeveloperMetadata": {"developerMetadata": meta}}


def tag_students(sheets, book):
    """casId metadata on rows 2-4 (s-3, s-1, s-2); returns their IDs by value."""
    replies = batch(sheets, book, on_row(1, value="s-3"), on_row(2, value="s-1"), on_row(3, value="s-2"))["replies"]
    return {r["createDeveloperMetadata"]["developerMetadata"]["metadataValue"]:
            r["createDeveloperMetadata"]["developerMetadata"]["metadataId"] for r in replies}


def row_of(sheets, book, metadata_id):
    got = sheets.spreadsheets().developerMetadata().get(spreadsheetId=book, metadataId=metadata_id).execute()
    return got["location"]["dimensionRange"]["startIndex"]


def search(sheets, book, *filters):
    answer = sheets.spreadsheets().developerMetadata().search(
        spreadsheetId=book, body={"dataFilters": list(filters)}).execute()
    return answer.get("matchedDeveloperMetadata", [])


def test_create_answers_the_metadata_with_its_id_and_typed_location(sheets, book):
    [reply] = batch(sheets, book, on_row(2, value="s-1"))["replies"]
    meta = reply["createDeveloperMetadata"]["developerMetadata"]
    assert meta["metadataId"] > 0
    assert meta["location"] == {"locationType": "ROW", "dimensionRange": {
        "sheetId": 5, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}}
    got = sheets.spreadsheets().developerMetadata().get(spreadsheetId=book, metadataId=meta["metadataId"]).execute()
    assert got == meta


@pytest.mark.parametrize("meta, words", [
    ({"visibility": "DOCUMENT", "location": {"spreadsheet": True}}, "key"),
    ({"metadataKey": "k", "location": {"spreadsheet": True}}, "visibility"),
    ({"metadataKey": "k", "visibility": "DOCUMENT"}, "location"),
    ({"metadataKey": "k", "visibility": "DOCUMENT", "location": {"dimensionRange": {
        "sheetId": 5, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}}}, "single row or column"),
])
def test_create_refuses_metadata_without_key_visibility_or_a_single_row_location(sheets, book, meta, words):
    with pytest.raises(HttpError) as caught:
        batch(sheets, book, {"createDeveloperMetadata": {"developerMetadata": meta}})
    assert caught.value.status_code == 400
    assert caught.value.reason.startswith("Invalid requests[0].createDeveloperMetadata: ")
    assert words in caught.value.reason


def test_a_chosen_id_is_kept_and_a_taken_one_is_refused(sheets, book):
    meta = {"metadataId": 77, "metadataKey": "k", "visibility": "PROJECT", "location": {"sheetId": 6}}
    reply = batch(sheets, book, {"createDeveloperMetadata": {"developerMetadata": meta}})
    assert reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]["metadataId"] == 77
    with pytest.raises(HttpError):
        batch(sheets, book, {"createDeveloperMetadata": {"developerMetadata": meta}})


def test_an_unknown_metadata_id_is_404(sheets, book):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().developerMetadata().get(spreadsheetId=book, metadataId=12345).execute()
    assert caught.value.status_code == 404


def test_row_metadata_moves_with_its_row_through_insert_move_and_sort(sheets, book):
    ids = tag_students(sheets, book)
    batch(sheets, book, {"insertDimension": {"range": {"sheetId": 5, "dimension": "ROWS",
                                                       "startIndex": 1, "endIndex": 3}}})
    assert [row_of(sheets, book, ids[s]) for s in ("s-3", "s-1", "s-2")] == [3, 4, 5]
    batch(sheets, book, {"moveDimension": {"source": {"sheetId": 5, "dimension": "ROWS",
                                                      "startIndex": 5, "endIndex": 6}, "destinationIndex": 1}})
    assert row_of(sheets, book, ids["s-2"]) == 1
    batch(sheets, book, {"sortRange": {"range": {"sheetId": 5, "startRowIndex": 1},
                                       "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}]}})
    for student in ("s-1", "s-2", "s-3"):   # each ID still finds the row that holds that student
        row = row_of(sheets, book, ids[student])
        cell = sheets.spreadsheets().values().get(spreadsheetId=book, range=f"Students!A{row + 1}").execute()
        assert cell["values"] == [[student]]


def test_deleting_a_row_deletes_its_metadata(sheets, book):
    ids = tag_students(sheets, book)
    batch(sheets, book, {"deleteDimension": {"range": {"sheetId": 5, "dimension": "ROWS",
                                                       "startIndex": 2, "endIndex": 3}}})
    assert row_of(sheets, book, ids["s-2"]) == 2
    with pytest.raises(HttpError) as caught:
        row_of(sheets, book, ids["s-1"])
    assert caught.value.status_code == 404


def test_search_by_key_and_value_returns_the_match_with_the_filters_that_matched(sheets, book):
    ids = tag_students(sheets, book)
    by_value = {"developerMetadataLookup": {"metadataKey": "casId", "metadataValue": "s-1"}}
    by_id = {"developerMetadataLookup": {"metadataId": ids["s-1"]}}
    [match] = search(sheets, book, by_value, by_id)
    assert match["developerMetadata"]["metadataValue"] == "s-1"
    assert match["dataFilters"] == [by_value, by_id]


def test_search_by_location_type_and_visibility(sheets, book):
    tag_students(sheets, book)
    batch(sheets, book, {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "casTab", "visibility": "PROJECT", "location": {"sheetId": 5}}}})
    sheet_level = search(sheets, book, {"developerMetadataLookup": {"locationType": "SHEET"}})
    assert [m["developerMetadata"]["metadataKey"] for m in sheet_level] == ["casTab"]
    assert len(search(sheets, book, {"developerMetadataLookup": {"visibility": "DOCUMENT"}})) == 3


def test_a_location_matches_exactly_or_everything_intersecting_it(sheets, book):
    tag_students(sheets, book)
    batch(sheets, book, {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "column", "visibility": "DOCUMENT", "location": {"dimensionRange": {
            "sheetId": 5, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}}}},
          {"createDeveloperMetadata": {"developerMetadata": {
              "metadataKey": "tab", "visibility": "DOCUMENT", "location": {"sheetId": 5}}}})
    row2 = {"dimensionRange": {"sheetId": 5, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}}
    exact = search(sheets, book, {"developerMetadataLookup": {
        "metadataLocation": row2, "locationMatchingStrategy": "EXACT_LOCATION"}})
    assert [m["developerMetadata"]["metadataValue"] for m in exact] == ["s-1"]
    crossing = search(sheets, book, {"developerMetadataLookup": {"metadataLocation": row2}})
    assert sorted(m["developerMetadata"]["metadataKey"] for m in crossing) == ["casId", "column", "tab"]


def test_an_a1_range_filter_finds_metadata_on_locations_it_intersects(sheets, book):
    tag_students(sheets, book)
    found = search(sheets, book, {"a1Range": "Students!B3:B4"})
    assert sorted(m["developerMetadata"]["metadataValue"] for m in found) == ["s-1", "s-2"]


def test_exact_matching_needs_a_location_and_spreadsheet_type_cannot_intersect(sheets, book):
    for lookup in ({"locationMatchingStrategy": "EXACT_LOCATION"},
                   {"locationType": "SPREADSHEET", "locationMatchingStrategy": "INTERSECTING_LOCATION",
                    "metadataLocation": {"spreadsheet": True}}):
        with pytest.raises(HttpError) as caught:
            search(sheets, book, {"developerMetadataLookup": lookup})
        assert caught.value.status_code == 400


def test_update_changes_the_named_fields_of_every_match(sheets, book):
    ids = tag_students(sheets, book)
    reply = batch(sheets, book, {"updateDeveloperMetadata": {
        "dataFilters": [{"developerMetadataLookup": {"metadataId": ids["s-1"]}}],
        "developerMetadata": {"metadataValue": "s-1 (withdrawn)", "metadataKey": "ignored"},
        "fields": "metadataValue"}})["replies"][0]["updateDeveloperMetadata"]
    [meta] = reply["developerMetadata"]
    assert (meta["metadataKey"], meta["metadataValue"]) == ("casId", "s-1 (withdrawn)")


def test_update_can_move_metadata_to_another_row(sheets, book):
    ids = tag_students(sheets, book)
    batch(sheets, book, {"updateDeveloperMetadata": {
        "dataFilters": [{"developerMetadataLookup": {"metadataId": ids["s-1"]}}],
        "developerMetadata": {"location": {"dimensionRange": {
            "sheetId": 6, "dimension": "ROWS", "startIndex": 9, "endIndex": 10}}},
        "fields": "location"}})
    got = sheets.spreadsheets().developerMetadata().get(spreadsheetId=book, metadataId=ids["s-1"]).execute()
    assert got["location"]["dimensionRange"] == {"sheetId": 6, "dimension": "ROWS", "startIndex": 9, "endIndex": 10}


def test_update_without_fields_is_refused(sheets, book):
    ids = tag_students(sheets, book)
    with pytest.raises(HttpError) as caught:
        batch(sheets, book, {"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": ids["s-1"]}}],
            "developerMetadata": {"metadataValue": "x"}}})
    assert caught.value.reason.startswith("Invalid requests[0].updateDeveloperMetadata: ")


def test_delete_removes_every_match_and_answers_them(sheets, book):
    tag_students(sheets, book)
    reply = batch(sheets, book, {"deleteDeveloperMetadata": {"dataFilter": {
        "developerMetadataLookup": {"metadataKey": "casId"}}}})["replies"][0]["deleteDeveloperMetadata"]
    assert sorted(m["metadataValue"] for m in reply["deletedDeveloperMetadata"]) == ["s-1", "s-2", "s-3"]
    assert search(sheets, book, {"developerMetadataLookup": {"metadataKey": "casId"}}) == []
