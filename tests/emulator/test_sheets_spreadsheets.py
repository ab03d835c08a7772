"""spreadsheets.create, get and getByDataFilter: the spreadsheet is a Drive file of
its creator, and get returns what was asked for (ranges, grid data, fields)
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets)."""

import json

import pytest
from googleapiclient.errors import HttpError

OTHER = "student@school.example"


def cell(value):
    return {"userEnteredValue": {"stringValue": value}}


ROSTER = {
    "properties": {"title": "Master", "locale": "en_GB", "timeZone": "Europe/London"},
    "sheets": [
        {"properties": {"title": "Students", "sheetId": 11, "gridProperties": {"frozenRowCount": 1}},
         "data": [{"rowData": [{"values": [cell("ID"), cell("Name")]},
                               {"values": [cell("s-1"), cell("Ada")]}],
                   "rowMetadata": [{}, {"developerMetadata": [{"metadataKey": "casId", "metadataValue": "s-1",
                                                               "visibility": "DOCUMENT"}]}]}],
         "merges": [{"sheetId": 11, "startRowIndex": 5, "endRowIndex": 6,
                     "startColumnIndex": 0, "endColumnIndex": 2}],
         "protectedRanges": [{"range": {"sheetId": 11, "startColumnIndex": 2, "endColumnIndex": 3},
                              "description": "service-owned"}],
         "developerMetadata": [{"metadataKey": "casTab", "metadataValue": "students",
                                "visibility": "DOCUMENT"}]},
        {"properties": {"title": "Sync log", "sheetId": 12}},
    ],
    "namedRanges": [{"name": "ids", "range": {"sheetId": 11, "startColumnIndex": 0, "endColumnIndex": 1}}],
    "developerMetadata": [{"metadataKey": "casCohort", "metadataValue": "2026",
                           "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}],
}


@pytest.fixture
def master(sheets):
    return sheets.spreadsheets().create(body=ROSTER).execute()


def test_create_makes_a_drive_spreadsheet_owned_by_the_caller_in_their_my_drive(sheets, drive, master):
    got = drive.files().get(fileId=master["spreadsheetId"],
                            fields="name,mimeType,parents,owners(emailAddress)").execute()
    root = drive.files().get(fileId="root", fields="id").execute()["id"]
    assert got["name"] == "Master"
    assert got["mimeType"] == "application/vnd.google-apps.spreadsheet"
    assert got["parents"] == [root]
    assert got["owners"][0]["emailAddress"] == "coordinator@school.example"


def test_create_answers_the_spreadsheet_with_its_url_and_without_grid_data(master, people_url):
    assert master["spreadsheetUrl"] == people_url(f"https://docs.google.com/spreadsheets/d/{master['spreadsheetId']}/edit")
    assert master["properties"]["locale"] == "en_GB"
    assert [s["properties"]["title"] for s in master["sheets"]] == ["Students", "Sync log"]
    assert all("data" not in s for s in master["sheets"])


def test_create_without_sheets_makes_sheet1_with_a_1000_by_26_grid(sheets):
    made = sheets.spreadsheets().create(body={}).execute()
    assert made["properties"]["title"] == "Untitled spreadsheet"
    [only] = made["sheets"]
    assert only["properties"]["title"] == "Sheet1"
    assert only["properties"]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}


def test_get_without_grid_data_shows_sheet_features_and_metadata_but_no_cells(sheets, master):
    got = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"]).execute()
    students = got["sheets"][0]
    assert "data" not in students
    assert students["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert students["merges"][0]["startRowIndex"] == 5
    assert students["protectedRanges"][0]["description"] == "service-owned"
    assert "protectedRangeId" in students["protectedRanges"][0]
    assert [m["metadataKey"] for m in students["developerMetadata"]] == ["casTab"]
    assert got["developerMetadata"][0]["location"] == {"locationType": "SPREADSHEET", "spreadsheet": True}
    assert got["namedRanges"][0]["name"] == "ids"
    assert "merges" not in got["sheets"][1]   # empty lists are left out, as Google does


def test_get_with_grid_data_returns_cells_with_formatted_values_and_row_metadata(sheets, master):
    got = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"], includeGridData=True).execute()
    [data] = got["sheets"][0]["data"]
    assert [c["formattedValue"] for c in data["rowData"][1]["values"]] == ["s-1", "Ada"]
    assert data["rowData"][1]["values"][0]["effectiveValue"] == {"stringValue": "s-1"}
    assert len(data["rowMetadata"]) == 1000 and len(data["columnMetadata"]) == 26
    [meta] = data["rowMetadata"][1]["developerMetadata"]
    assert meta["metadataValue"] == "s-1"
    assert meta["location"]["dimensionRange"] == {"sheetId": 11, "dimension": "ROWS",
                                                  "startIndex": 1, "endIndex": 2}


def test_get_with_ranges_returns_only_those_sheets_and_one_grid_per_range(sheets, master):
    got = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"], includeGridData=True,
                                    ranges=["Students!B2", "Students!A1:A2"]).execute()
    [students] = got["sheets"]
    first, second = students["data"]
    assert (first["startRow"], first["startColumn"]) == (1, 1)
    assert [[c["formattedValue"] for c in r["values"]] for r in first["rowData"]] == [["Ada"]]
    assert "startRow" not in second   # zero is left out
    assert [r["values"][0]["formattedValue"] for r in second["rowData"]] == ["ID", "s-1"]


def test_a_fields_mask_reaching_sheet_data_returns_it_without_include_grid_data(sheets, master):
    got = sheets.spreadsheets().get(
        spreadsheetId=master["spreadsheetId"], ranges=["Students!A1:B1"],
        fields="sheets(properties/title,data/rowData/values/formattedValue)").execute()
    assert got == {"sheets": [{"properties": {"title": "Students"},
                               "data": [{"rowData": [{"values": [{"formattedValue": "ID"},
                                                                 {"formattedValue": "Name"}]}]}]}]}


def test_get_by_data_filter_selects_the_ranges_of_matching_metadata(sheets, master):
    got = sheets.spreadsheets().getByDataFilter(spreadsheetId=master["spreadsheetId"], body={
        "dataFilters": [{"developerMetadataLookup": {"metadataKey": "casId", "metadataValue": "s-1"}}],
        "includeGridData": True}).execute()
    [students] = got["sheets"]
    [row] = students["data"]
    assert row["startRow"] == 1
    assert [c["formattedValue"] for c in row["rowData"][0]["values"]] == ["s-1", "Ada"]


def test_a_spreadsheet_not_shared_with_the_caller_is_403_permission_denied_though_drive_says_404(
        sheets_as, drive_as, master):
    # Observed against Google: Sheets answers 403 PERMISSION_DENIED "The caller does not
    # have permission" for a spreadsheet that exists but is not shared with the caller,
    # while Drive's files.get of the same file answers 404 (it hides what you may not see).
    stranger = sheets_as(OTHER)
    for call in (stranger.spreadsheets().get(spreadsheetId=master["spreadsheetId"]),
                 stranger.spreadsheets().values().get(spreadsheetId=master["spreadsheetId"],
                                                      range="Students!A1"),
                 stranger.spreadsheets().values().update(
                     spreadsheetId=master["spreadsheetId"], range="Students!A1",
                     valueInputOption="RAW", body={"values": [["x"]]})):
        with pytest.raises(HttpError) as caught:
            call.execute()
        error = json.loads(caught.value.content)["error"]
        assert (error["code"], error["status"], error["message"]) == (
            403, "PERMISSION_DENIED", "The caller does not have permission")
    with pytest.raises(HttpError) as caught:
        drive_as(OTHER).files().get(fileId=master["spreadsheetId"]).execute()
    assert caught.value.status_code == 404


def test_a_spreadsheet_id_that_does_not_exist_is_404_not_found(sheets, drive):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().get(spreadsheetId="1NoSuchSpreadsheetAtAllxxxxxxxxxxxxxxxxxxxx").execute()
    error = json.loads(caught.value.content)["error"]
    assert (error["code"], error["status"]) == (404, "NOT_FOUND")
    folder = drive.files().create(body={"name": "CAS", "mimeType": "application/vnd.google-apps.folder"}).execute()
    with pytest.raises(HttpError) as caught:  # a Drive file that is no spreadsheet is none either
        sheets.spreadsheets().get(spreadsheetId=folder["id"]).execute()
    assert caught.value.status_code == 404


def test_a_reader_may_get_but_not_write(sheets_as, drive, master):
    drive.permissions().create(fileId=master["spreadsheetId"], sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": OTHER}).execute()
    reader = sheets_as(OTHER)
    assert reader.spreadsheets().get(spreadsheetId=master["spreadsheetId"]).execute()["properties"]["title"] == "Master"
    with pytest.raises(HttpError) as caught:
        reader.spreadsheets().values().update(spreadsheetId=master["spreadsheetId"], range="Students!A3",
                                              valueInputOption="RAW", body={"values": [["x"]]}).execute()
    assert caught.value.status_code == 403


def test_a_drive_rename_is_the_spreadsheet_title(sheets, drive, master):
    drive.files().update(fileId=master["spreadsheetId"], body={"name": "Master 2026"}).execute()
    got = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"], fields="properties/title").execute()
    assert got == {"properties": {"title": "Master 2026"}}


def test_metadata_without_visibility_is_refused_and_no_file_is_left_behind(sheets, drive):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(body={"properties": {"title": "Broken"}, "developerMetadata": [
            {"metadataKey": "k", "location": {"spreadsheet": True}}]}).execute()
    assert caught.value.status_code == 400
    assert drive.files().list(q="name = 'Broken'").execute()["files"] == []


def test_fields_take_sheets_dotted_form(sheets, master):
    # "subfields are dot-separated" (https://developers.google.com/sheets/api/guides/field-masks)
    got = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"],
                                    fields="properties.title,sheets.properties(sheetId,title)").execute()
    assert got == {"properties": {"title": "Master"},
                   "sheets": [{"properties": {"sheetId": 11, "title": "Students"}},
                              {"properties": {"sheetId": 12, "title": "Sync log"}}]}


def test_protected_range_editors_show_only_to_those_who_may_edit_the_range(sheets, sheets_as, drive, master):
    drive.permissions().create(fileId=master["spreadsheetId"], sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": OTHER}).execute()
    mine = sheets.spreadsheets().get(spreadsheetId=master["spreadsheetId"]).execute()
    [protected] = mine["sheets"][0]["protectedRanges"]
    assert protected["editors"] == {"users": ["coordinator@school.example"]}
    assert protected["requestingUserCanEdit"] is True
    theirs = sheets_as(OTHER).spreadsheets().get(spreadsheetId=master["spreadsheetId"]).execute()
    [protected] = theirs["sheets"][0]["protectedRanges"]
    assert "editors" not in protected and "requestingUserCanEdit" not in protected


def test_create_refuses_two_sheets_with_one_name_ignoring_case(sheets, drive):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(body={"properties": {"title": "Twins"}, "sheets": [
            {"properties": {"title": "Log"}}, {"properties": {"title": "log"}}]}).execute()
    assert caught.value.status_code == 400
    assert caught.value.reason.startswith("Invalid sheets[1]: ")
    assert drive.files().list(q="name = 'Twins'").execute()["files"] == []
