"""`--data DIR` keeps the spreadsheets in a file of their own, rewritten only when a
spreadsheet changed, so a Drive write or a read costs a small file and not the master
sheet; every change still survives a restart, whichever way it was made.

A restart here is a second emulator on the same folder in this process: nothing is
written when one stops, so the second sees exactly what kill -9 would have left
(test_persistence.py kills real processes).
"""

import pickle

import pytest
from googleapiclient.errors import HttpError

from emulator.app import create_app
from emulator.server import RunningEmulator
from service.workspace import clients

COORDINATOR = "coordinator@school.example"


def drive_on(running, email=COORDINATOR):
    return clients.build("drive", "v3", clients.EmulatorCredentials(email), running.url)


def sheets_on(running, email=COORDINATOR):
    return clients.build("sheets", "v4", clients.EmulatorCredentials(email), running.url)


def read(running, spreadsheet_id, cells="A1:B2"):
    return sheets_on(running).spreadsheets().values().get(
        spreadsheetId=spreadsheet_id, range=cells).execute().get("values")


def test_writes_after_a_restart_are_kept_by_the_next_restart(tmp_path):
    with RunningEmulator(create_app(data_dir=tmp_path)) as first:
        made = sheets_on(first).spreadsheets().create(body={"properties": {"title": "Master"}}).execute()
        sheet_id = made["spreadsheetId"]
        sheets_on(first).spreadsheets().values().update(
            spreadsheetId=sheet_id, range="A1", valueInputOption="RAW",
            body={"values": [["Student", "Status"]]}).execute()
    with RunningEmulator(create_app(data_dir=tmp_path)) as second:
        sheets = sheets_on(second).spreadsheets()
        sheets.values().update(spreadsheetId=sheet_id, range="A2", valueInputOption="RAW",
                               body={"values": [["Ada", "On track"]]}).execute()
        sheets.batchUpdate(spreadsheetId=sheet_id, body={"requests": [
            {"addSheet": {"properties": {"title": "Reflections"}}}]}).execute()
        drive_on(second).files().create(body={"name": "after the sheet"}).execute()
    with RunningEmulator(create_app(data_dir=tmp_path)) as third:
        assert read(third, sheet_id) == [["Student", "Status"], ["Ada", "On track"]]
        tabs = sheets_on(third).spreadsheets().get(spreadsheetId=sheet_id).execute()["sheets"]
        assert [t["properties"]["title"] for t in tabs] == ["Sheet1", "Reflections"]


def test_drive_writes_and_sheets_reads_leave_the_spreadsheets_file_alone(tmp_path):
    with RunningEmulator(create_app(data_dir=tmp_path)) as running:
        sheet_id = sheets_on(running).spreadsheets().create(body={}).execute()["spreadsheetId"]
        [part] = tmp_path.glob("sheets-*.pickle")
        written = part.stat().st_mtime_ns
        drive = drive_on(running)
        for n in range(3):
            drive.files().create(body={"name": f"evidence {n}.txt"}).execute()
        read(running, sheet_id)
        sheets_on(running).spreadsheets().get(spreadsheetId=sheet_id, includeGridData=True).execute()
        assert list(tmp_path.glob("sheets-*.pickle")) == [part]
        assert part.stat().st_mtime_ns == written
    with RunningEmulator(create_app(data_dir=tmp_path)) as again:
        names = [f["name"] for f in drive_on(again).files().list(q="name contains 'evidence'")
                 .execute()["files"]]
        assert sorted(names) == ["evidence 0.txt", "evidence 1.txt", "evidence 2.txt"]


def test_the_folder_keeps_one_spreadsheets_file_however_many_writes(tmp_path):
    with RunningEmulator(create_app(data_dir=tmp_path)) as running:
        sheets = sheets_on(running).spreadsheets()
        sheet_id = sheets.create(body={}).execute()["spreadsheetId"]
        for n in range(4):
            sheets.values().update(spreadsheetId=sheet_id, range=f"A{n + 1}", valueInputOption="RAW",
                                   body={"values": [[f"row {n + 1}"]]}).execute()
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["sheets", "state.pickle"]


def test_a_copy_and_a_delete_through_drive_are_kept(tmp_path):
    with RunningEmulator(create_app(data_dir=tmp_path)) as first:
        sheets = sheets_on(first).spreadsheets()
        original = sheets.create(body={"properties": {"title": "Template"}}).execute()["spreadsheetId"]
        sheets.values().update(spreadsheetId=original, range="A1", valueInputOption="RAW",
                               body={"values": [["from the template"]]}).execute()
        doomed = sheets.create(body={"properties": {"title": "Doomed"}}).execute()["spreadsheetId"]
        copy = drive_on(first).files().copy(fileId=original, body={"name": "Copy"}).execute()["id"]
        drive_on(first).files().delete(fileId=doomed).execute()
    with RunningEmulator(create_app(data_dir=tmp_path)) as second:
        assert read(second, copy, "A1") == [["from the template"]]
        with pytest.raises(HttpError) as caught:
            read(second, doomed, "A1")
        assert caught.value.status_code == 404
        assert doomed not in second.world.sheets.spreadsheets


def test_ids_handed_out_by_generate_ids_a_read_stay_usable_after_a_restart(tmp_path):
    # files.generateIds is a GET, yet Drive accepts only IDs it generated for the caller.
    with RunningEmulator(create_app(data_dir=tmp_path)) as first:
        [file_id] = drive_on(first).files().generateIds(count=1).execute()["ids"]
    with RunningEmulator(create_app(data_dir=tmp_path)) as second:
        made = drive_on(second).files().create(body={"id": file_id, "name": "planned"}).execute()
    assert made["id"] == file_id


def test_a_state_file_written_whole_by_an_earlier_version_is_still_read(tmp_path):
    with RunningEmulator(create_app()) as earlier:
        made = drive_on(earlier).files().create(body={"name": "kept from before"}).execute()
        sheet_id = sheets_on(earlier).spreadsheets().create(body={}).execute()["spreadsheetId"]
        whole = {name: store.snapshot() for name, store in earlier.world.stores.items()}
    (tmp_path / "state.pickle").write_bytes(pickle.dumps(whole))
    with RunningEmulator(create_app(data_dir=tmp_path)) as now:
        assert drive_on(now).files().get(fileId=made["id"]).execute()["name"] == "kept from before"
        sheets_on(now).spreadsheets().values().update(
            spreadsheetId=sheet_id, range="A1", valueInputOption="RAW",
            body={"values": [["written now"]]}).execute()
    with RunningEmulator(create_app(data_dir=tmp_path)) as later:
        assert read(later, sheet_id, "A1") == [["written now"]]
