"""The values ByDataFilter methods: reading, writing and clearing the rows that
developer metadata (or an A1 or grid range) selects, wherever those rows now are
(https://developers.google.com/sheets/api/reference/rest/v4/DataFilter)."""

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def book(sheets):
    """Students!A1:C3 with casId metadata on the rows of s-1 and s-2."""
    def on_row(row, value):
        return {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "casId", "metadataValue": value, "visibility": "DOCUMENT",
            "location": {"dimensionRange": {"sheetId": 8, "dimension": "ROWS",
                                            "startIndex": row, "endIndex": row + 1}}}}}
    made = sheets.spreadsheets().create(body={"sheets": [{"properties": {
        "title": "Students", "sheetId": 8, "gridProperties": {"rowCount": 10, "columnCount": 4}}}]}
    ).execute()["spreadsheetId"]
    sheets.spreadsheets().values().update(spreadsheetId=made, range="Students!A1", valueInputOption="RAW", body={
        "values": [["ID", "Name", "Status"], ["s-1", "Ada", "new"], ["s-2", "Bo", "new"]]}).execute()
    sheets.spreadsheets().batchUpdate(spreadsheetId=made, body={"requests": [on_row(1, "s-1"), on_row(2, "s-2")]}
                                      ).execute()
    return made


def student(value):
    return {"developerMetadataLookup": {"metadataKey": "casId", "metadataValue": value}}


def rows(sheets, book):
    return sheets.spreadsheets().values().get(spreadsheetId=book, range="Students!A1:C4").execute()["values"]


def test_batch_get_by_data_filter_reads_the_whole_row_of_the_metadata(sheets, book):
    answer = sheets.spreadsheets().values().batchGetByDataFilter(spreadsheetId=book, body={
        "dataFilters": [student("s-2"), {"a1Range": "Students!A1:B1"}]}).execute()
    first, second = answer["valueRanges"]
    assert first == {"valueRange": {"range": "Students!A3:D3", "majorDimension": "ROWS",
                                    "values": [["s-2", "Bo", "new"]]},
                     "dataFilters": [student("s-2")]}
    assert second["valueRange"]["values"] == [["ID", "Name"]]


def test_filters_selecting_the_same_range_share_one_entry(sheets, book):
    answer = sheets.spreadsheets().values().batchGetByDataFilter(spreadsheetId=book, body={
        "dataFilters": [student("s-1"), {"gridRange": {"sheetId": 8, "startRowIndex": 1, "endRowIndex": 2}}],
        "valueRenderOption": "UNFORMATTED_VALUE"}).execute()
    [entry] = answer["valueRanges"]
    assert len(entry["dataFilters"]) == 2


def test_a_filter_matching_nothing_reads_nothing(sheets, book):
    answer = sheets.spreadsheets().values().batchGetByDataFilter(spreadsheetId=book, body={
        "dataFilters": [student("s-9")]}).execute()
    assert answer == {"spreadsheetId": book}


def test_batch_update_by_data_filter_writes_the_row_even_after_it_moved(sheets, book):
    sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [{"sortRange": {
        "range": {"sheetId": 8, "startRowIndex": 1}, "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}}]}
    ).execute()
    answer = sheets.spreadsheets().values().batchUpdateByDataFilter(spreadsheetId=book, body={
        "valueInputOption": "RAW",
        "data": [{"dataFilter": student("s-1"), "values": [[None, None, "approved"]]}]}).execute()
    assert answer["totalUpdatedCells"] == 1
    [response] = answer["responses"]
    assert response["dataFilter"] == student("s-1")
    assert response["updatedRange"].startswith("Students!A3")
    assert rows(sheets, book) == [["ID", "Name", "Status"], ["s-2", "Bo", "new"], ["s-1", "Ada", "approved"]]


def test_values_wider_than_the_matched_row_fail_the_request(sheets, book):
    sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [{"createDeveloperMetadata": {
        "developerMetadata": {"metadataKey": "status", "visibility": "DOCUMENT", "location": {
            "dimensionRange": {"sheetId": 8, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3}}}}}]}).execute()
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().values().batchUpdateByDataFilter(spreadsheetId=book, body={
            "valueInputOption": "RAW",
            "data": [{"dataFilter": {"developerMetadataLookup": {"metadataKey": "status"}},
                      "values": [["x", "too wide"]]}]}).execute()
    assert caught.value.status_code == 400
    assert rows(sheets, book)[1] == ["s-1", "Ada", "new"]


def test_batch_update_by_data_filter_needs_a_value_input_option(sheets, book):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().values().batchUpdateByDataFilter(spreadsheetId=book, body={
            "data": [{"dataFilter": student("s-1"), "values": [["x"]]}]}).execute()
    assert caught.value.reason == "'valueInputOption' is required but not specified"


def test_batch_clear_by_data_filter_clears_the_matched_rows(sheets, book):
    answer = sheets.spreadsheets().values().batchClearByDataFilter(spreadsheetId=book, body={
        "dataFilters": [student("s-2")]}).execute()
    assert answer["clearedRanges"] == ["Students!A3:D3"]
    assert rows(sheets, book) == [["ID", "Name", "Status"], ["s-1", "Ada", "new"]]


def test_a_data_filter_must_set_exactly_one_kind(sheets, book):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().values().batchGetByDataFilter(spreadsheetId=book, body={
            "dataFilters": [{"a1Range": "A1", "gridRange": {"sheetId": 8}}]}).execute()
    assert caught.value.status_code == 400
