"""The Sheets gateway against the emulator, through gspread: one call per batched
read or write, people's text written RAW, rows found by developer metadata after
people sorted them, gspread's calls counted under Sheets' method IDs, a 429 retried."""

import pytest

from _gateways import COORDINATOR, RecordedSleep, clear_faults, set_faults, stats, workspace_as
from service.workspace.errors import NotFound, PermissionDenied, RateLimited

STUDENTS = {"properties": {"sheetId": 1, "title": "Students",
                           "gridProperties": {"frozenRowCount": 1}}}


@pytest.fixture
def workspace(emulator):
    return workspace_as(emulator)


@pytest.fixture
def master(workspace):
    """A master Sheet with a Students tab: header and three students, in ID order."""
    made = workspace.sheets.create({"properties": {"title": "CAS master"},
                                    "sheets": [STUDENTS, {"properties": {"sheetId": 2,
                                                                         "title": "Sync log"}}]})
    workspace.sheets.values_batch_update(made["spreadsheetId"], [
        {"range": "Students!A1:C4", "values": [["ID", "Name", "Status"], ["S001", "Zoe", ""],
                                               ["S002", "Ana", ""], ["S003", "Mia", ""]]}])
    return made["spreadsheetId"]


def test_a_spreadsheet_is_created_with_its_tabs_in_one_call(workspace, master):
    tabs = workspace.sheets.get(master, fields="sheets.properties(title,gridProperties)")["sheets"]
    assert [t["properties"]["title"] for t in tabs] == ["Students", "Sync log"]
    assert tabs[0]["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert workspace.counter.calls["sheets.spreadsheets.create"] == 1


def test_several_ranges_are_read_in_one_call(workspace, master):
    before = workspace.counter.total
    ranges = workspace.sheets.values_batch_get(master, ["Students!A2:A", "Students!B2:B", "'Sync log'!A:A"])
    assert [r.get("values", []) for r in ranges] == [[["S001"], ["S002"], ["S003"]],
                                                   [["Zoe"], ["Ana"], ["Mia"]], []]
    assert workspace.counter.total - before == 1
    assert workspace.counter.calls["sheets.spreadsheets.values.batchGet"] == 1


def test_text_a_person_typed_is_written_raw_never_as_a_formula(workspace, master):
    # valueInputOption RAW: "The values the user has entered will not be parsed".
    workspace.sheets.values_batch_update(master, [{"range": "Students!C2",
                                                   "values": [["=IMPORTXML(\"http://x\")"]]}])
    cell = workspace.sheets.get(master, fields="sheets.data.rowData.values.userEnteredValue",
                                ranges=["Students!C2"], include_grid_data=True)
    entered = cell["sheets"][0]["data"][0]["rowData"][0]["values"][0]["userEnteredValue"]
    assert entered == {"stringValue": "=IMPORTXML(\"http://x\")"}


def test_appended_rows_land_below_the_table(workspace, master):
    workspace.sheets.values_append(master, "Students!A1", [["S004", "Lea", ""]])
    rows = workspace.sheets.values_batch_get(master, ["Students!A:B"])[0]["values"]
    assert rows[-1] == ["S004", "Lea"]


def test_a_write_by_developer_metadata_lands_on_the_right_row_after_people_sorted(workspace, master):
    sheets = workspace.sheets
    sheets.batch_update(master, [
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "casStudentId", "metadataValue": sid, "visibility": "DOCUMENT",
            "location": {"dimensionRange": {"sheetId": 1, "dimension": "ROWS",
                                            "startIndex": row, "endIndex": row + 1}}}}}
        for row, sid in ((1, "S001"), (2, "S002"), (3, "S003"))])
    # A coordinator sorts the tab by name: Ana, Mia, Zoe.
    sheets.batch_update(master, [{"sortRange": {
        "range": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 4},
        "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "ASCENDING"}]}}])
    sheets.values_update_by_metadata(master, [{
        "dataFilter": {"developerMetadataLookup": {"metadataKey": "casStudentId",
                                                   "metadataValue": "S001"}},
        "values": [["S001", "Zoe", "Complete"]]}])
    rows = sheets.values_batch_get(master, ["Students!A2:C4"])[0]["values"]
    assert rows == [["S002", "Ana"], ["S003", "Mia"], ["S001", "Zoe", "Complete"]]
    found = sheets.search_metadata(master, [{"developerMetadataLookup": {"metadataKey": "casStudentId",
                                                                         "metadataValue": "S001"}}])
    assert found[0]["developerMetadata"]["location"]["dimensionRange"]["startIndex"] == 3
    by_filter = sheets.values_get_by_metadata(master, [{"developerMetadataLookup": {
        "metadataKey": "casStudentId", "metadataValue": "S003"}}])
    assert by_filter[0]["valueRange"]["values"][0][:2] == ["S003", "Mia"]


def test_gspreads_calls_are_counted_under_the_sheets_method_ids_the_emulator_counts(
        emulator, workspace, master):
    workspace.sheets.get(master, fields="spreadsheetId")
    workspace.sheets.values_batch_clear(master, ["'Sync log'!A:A"])
    assert dict(workspace.counter.calls) == stats(emulator)["calls"]
    assert set(workspace.counter.calls) == {
        "sheets.spreadsheets.create", "sheets.spreadsheets.values.batchUpdate",
        "sheets.spreadsheets.get", "sheets.spreadsheets.values.batchClear"}


def test_a_sheets_429_is_waited_out_and_counted(emulator, workspace, master):
    # Sheets: 60 reads a minute per user, then 429 RESOURCE_EXHAUSTED without Retry-After.
    workspace.policy.sleep = sleep = RecordedSleep(instead=lambda: clear_faults(emulator))
    set_faults(emulator, {"api": "sheets", "group": "read", "quota": {"limit": 1, "perSeconds": 60}})
    workspace.sheets.values_batch_get(master, ["Students!A1"])
    assert workspace.sheets.values_batch_get(master, ["Students!A1"])[0]["values"] == [["ID"]]
    assert len(sleep.waits) == 1
    assert workspace.counter.retries["sheets.spreadsheets.values.batchGet"] == 1
    assert workspace.counter.throttled["sheets.spreadsheets.values.batchGet"] == 1


def test_a_sheets_quota_that_never_frees_ends_as_rate_limited(emulator, master):
    workspace = workspace_as(emulator, max_attempts=3)
    set_faults(emulator, {"api": "sheets", "group": "read", "quota": {"limit": 1, "perSeconds": 60}})
    workspace.sheets.get(master)
    with pytest.raises(RateLimited) as raised:
        workspace.sheets.get(master)
    assert raised.value.status == 429 and raised.value.method == "sheets.spreadsheets.get"
    assert "per minute per user" in raised.value.message
    assert workspace.counter.calls["sheets.spreadsheets.get"] == 1 + 3
    assert workspace.counter.failed["sheets.spreadsheets.get"] == 1


def test_a_spreadsheet_not_shared_with_someone_is_permission_denied_for_them_and_not_retried(
        emulator, master):
    # Sheets, unlike Drive, answers 403 PERMISSION_DENIED for a spreadsheet that exists
    # but is not shared with the caller; waiting will not change that.
    stranger = workspace_as(emulator, "ana.student@school.example")
    with pytest.raises(PermissionDenied) as raised:
        stranger.sheets.values_batch_get(master, ["Students!A1"])
    assert raised.value.status == 403
    assert "does not have permission" in raised.value.message
    assert stranger.counter.calls["sheets.spreadsheets.values.batchGet"] == 1
    assert not stranger.counter.retries


def test_a_spreadsheet_id_that_does_not_exist_is_not_found(workspace):
    with pytest.raises(NotFound) as raised:
        workspace.sheets.values_batch_get("1NoSuchSpreadsheetAtAllxxxxxxxxxxxxxxxxxxxx", ["A1"])
    assert (raised.value.status, raised.value.reason) == (404, "notFound")


def test_a_reader_who_writes_is_refused_at_once(emulator, workspace, master):
    workspace.drive.share(master, "ana.student@school.example", "reader")
    reader = workspace_as(emulator, "ana.student@school.example")
    with pytest.raises(PermissionDenied) as raised:
        reader.sheets.values_batch_update(master, [{"range": "Students!C2", "values": [["x"]]}])
    assert raised.value.status == 403 and raised.value.reason == "forbidden"
    assert not reader.counter.retries


def test_the_coordinator_owns_what_the_gateway_creates(workspace, master):
    owners = workspace.drive.get(master, fields="owners(emailAddress)")["owners"]
    assert owners == [{"emailAddress": COORDINATOR}]
