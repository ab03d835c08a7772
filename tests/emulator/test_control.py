"""The emulator's control plane, apart from Google's paths: /emulator/health,
/emulator/reset and /emulator/stats (calls per discovery method ID and per user).
The calls it counts are made with the real clients."""

import pytest
import requests
from googleapiclient.errors import HttpError

from service.workspace import clients

ADA = "ada@school.example"
BEN = "ben@school.example"


def stats(emulator) -> dict:
    answer = requests.get(f"{emulator.url}/emulator/stats")
    assert answer.status_code == 200
    return answer.json()


def test_health_needs_no_credentials(emulator):
    answer = requests.get(f"{emulator.url}/emulator/health")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


def test_stats_start_at_zero(emulator):
    counted = stats(emulator)
    assert counted["total"] == 0 and counted["calls"] == {} and counted["callsByUser"] == {}


def test_drive_calls_are_counted_by_method_id_and_by_user(emulator, drive_as):
    drive_as(ADA).about().get(fields="user").execute()
    drive_as(BEN).files().list().execute()
    drive_as(BEN).files().list(pageSize=5).execute()
    counted = stats(emulator)
    assert counted["calls"] == {"drive.about.get": 1, "drive.files.list": 2}
    assert counted["callsByUser"] == {ADA: {"drive.about.get": 1}, BEN: {"drive.files.list": 2}}
    assert counted["total"] == 3


def test_sheets_calls_through_gspread_are_counted_under_sheets_method_ids(
        emulator, sheets_as, gspread_as):
    made = sheets_as(ADA).spreadsheets().create(body={"properties": {"title": "Master"}}).execute()
    gspread_as(ADA).open_by_key(made["spreadsheetId"]).sheet1.update(values=[["x"]], range_name="A1")
    counted = stats(emulator)["callsByUser"][ADA]
    assert counted["sheets.spreadsheets.create"] == 1
    assert counted["sheets.spreadsheets.values.update"] == 1
    assert counted["sheets.spreadsheets.get"] >= 1   # gspread reads the metadata to find sheet1


def test_each_part_of_a_batch_is_counted_as_its_own_call(emulator, drive_as):
    drive = drive_as(ADA)
    batch = clients.new_batch(drive, "drive", "v3", emulator.url)
    for name in ("one", "two", "three"):
        batch.add(drive.files().create(body={"name": name}, fields="id"))
    batch.execute()
    assert stats(emulator)["calls"] == {"drive.files.create": 3}


def test_the_emulators_own_cpu_time_is_reported_per_method_it_counted(emulator, sheets_as):
    # Not a Google behaviour: what the emulator itself costs (bench/ reports it).
    sheets = sheets_as(ADA)
    made = sheets.spreadsheets().create(body={"properties": {"title": "Timed"}}).execute()
    sheets.spreadsheets().values().update(
        spreadsheetId=made["spreadsheetId"], range="A1:B2", valueInputOption="RAW",
        body={"values": [["a", "b"], ["c", "d"]]}).execute()
    counted = stats(emulator)
    assert set(counted["cpuSeconds"]) == set(counted["gcSeconds"]) == set(counted["calls"]) == {
        "sheets.spreadsheets.create", "sheets.spreadsheets.values.update"}
    assert all(seconds > 0 for seconds in counted["cpuSeconds"].values())
    assert all(0 <= counted["gcSeconds"][m] <= counted["cpuSeconds"][m] for m in counted["calls"])
    requests.post(f"{emulator.url}/emulator/reset")
    assert stats(emulator)["cpuSeconds"] == stats(emulator)["gcSeconds"] == {}


def test_a_call_that_fails_still_counts_as_google_counts_it_against_quota(emulator, drive_as):
    with pytest.raises(HttpError) as caught:
        drive_as(ADA).files().get(fileId="no-such-file").execute()
    assert caught.value.status_code == 404
    assert stats(emulator)["callsByUser"] == {ADA: {"drive.files.get": 1}}


def test_an_unauthenticated_call_is_counted_for_nobody(emulator):
    answer = requests.get(f"{emulator.url}/drive/v3/about", params={"fields": "user"})
    assert answer.status_code == 401
    assert stats(emulator)["total"] == 0


def test_reset_empties_the_state_and_the_counters(emulator, drive_as):
    drive = drive_as(ADA)
    made = drive.files().create(body={"name": "to be forgotten"}, fields="id").execute()
    answer = requests.post(f"{emulator.url}/emulator/reset")
    assert answer.status_code == 200
    assert stats(emulator)["total"] == 0
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=made["id"]).execute()
    assert caught.value.status_code == 404
    assert drive.files().list(q="trashed = false").execute()["files"] == []


def test_the_clock_moves_forward_for_what_people_see_and_reset_brings_it_back(emulator, drive):
    from emulator.core import clock
    before = clock.now()
    moved = requests.post(f"{emulator.url}/emulator/clock", json={"advanceSeconds": 3 * 86400})
    assert moved.status_code == 200 and moved.json()["offsetSeconds"] == 3 * 86400
    made = drive.files().create(body={"name": "later"}, fields="createdTime").execute()
    assert (clock.parse(made["createdTime"]) - before).total_seconds() >= 3 * 86400
    assert requests.post(f"{emulator.url}/emulator/clock", json={"advanceSeconds": -1}).status_code == 400
    requests.post(f"{emulator.url}/emulator/reset")
    assert requests.get(f"{emulator.url}/emulator/clock").json()["offsetSeconds"] == 0
    assert (clock.now() - before).total_seconds() < 60
