"""`python -m emulator --data DIR` keeps every acknowledged write: killing the
process at any moment (kill -9 included) and restarting on the same folder
loses nothing that was answered, and never leaves a state it cannot load."""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from service.workspace import clients

ROOT = Path(__file__).resolve().parents[2]
COORDINATOR = "coordinator@school.example"
STUDENT = "student@school.example"


class EmulatorProcess:
    """`python -m emulator --port P --data DIR` as a child process."""

    def __init__(self, data: Path):
        self.data = data
        self.proc = None
        self.url = None

    def start(self):
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "--port", str(port), "--data", str(self.data)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the emulator exited while starting"
            try:
                if requests.get(self.url + "/emulator/health", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the emulator did not answer within 60 s")

    def kill_9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def drive(self, email=COORDINATOR):
        return clients.build("drive", "v3", clients.EmulatorCredentials(email), self.url)

    def sheets(self, email=COORDINATOR):
        return clients.build("sheets", "v4", clients.EmulatorCredentials(email), self.url)

    def gspread(self, email=COORDINATOR):
        return clients.gspread_client(clients.EmulatorCredentials(email), self.url)


@pytest.fixture
def emulator_on(tmp_path):
    """``emulator_on()`` starts an emulator on the test's data folder; every one
    started is killed at the end."""
    started = []

    def start():
        started.append(EmulatorProcess(tmp_path / "data").start())
        return started[-1]
    yield start
    for process in started:
        process.stop()


def test_drive_and_sheets_writes_survive_kill_9(emulator_on):
    first = emulator_on()
    drive = first.drive()
    folder = drive.files().create(body={
        "name": "CAS 2026-2028", "mimeType": "application/vnd.google-apps.folder",
        "appProperties": {"casKind": "cohort"}}, fields="id").execute()
    evidence = drive.files().create(
        body={"name": "evidence.txt", "parents": [folder["id"]]},
        media_body=MediaInMemoryUpload(b"photos of the beach clean-up", mimetype="text/plain"),
        fields="id").execute()
    drive.files().update(fileId=evidence["id"], body={"name": "beach clean-up.txt"}).execute()
    drive.permissions().create(fileId=folder["id"], body={
        "type": "user", "role": "writer", "emailAddress": STUDENT}).execute()
    sheet = first.sheets().spreadsheets().create(body={"properties": {"title": "Master"}}).execute()
    first.sheets().spreadsheets().values().update(
        spreadsheetId=sheet["spreadsheetId"], range="A1", valueInputOption="RAW",
        body={"values": [["Student", "Status"], ["Ada", "On track"]]}).execute()
    first.kill_9()

    second = emulator_on()
    drive = second.drive()
    assert drive.files().get(fileId=folder["id"], fields="name,appProperties").execute() == {
        "name": "CAS 2026-2028", "appProperties": {"casKind": "cohort"}}
    moved = drive.files().get(fileId=evidence["id"], fields="name,parents").execute()
    assert moved == {"name": "beach clean-up.txt", "parents": [folder["id"]]}
    assert drive.files().get_media(fileId=evidence["id"]).execute() == b"photos of the beach clean-up"
    # The student's access, inherited from the folder, is still there.
    assert second.drive(STUDENT).files().get(fileId=evidence["id"], fields="id").execute()
    values = second.sheets().spreadsheets().values().get(
        spreadsheetId=sheet["spreadsheetId"], range="A1:B2").execute()
    assert values["values"] == [["Student", "Status"], ["Ada", "On track"]]


def test_a_gspread_append_survives_kill_9(emulator_on):
    first = emulator_on()
    spreadsheet = first.gspread().create("Reflections")
    spreadsheet.sheet1.append_row(["Ada", "Week 1", "Planted trees"])
    first.kill_9()

    second = emulator_on()
    rows = second.gspread().open_by_key(spreadsheet.id).sheet1.get_all_values()
    assert rows == [["Ada", "Week 1", "Planted trees"]]


def test_my_drive_keeps_its_id_across_a_restart_even_if_only_read(emulator_on):
    first = emulator_on()
    root = first.drive().files().get(fileId="root", fields="id").execute()["id"]
    first.kill_9()
    assert emulator_on().drive().files().get(fileId="root", fields="id").execute()["id"] == root


def test_a_reset_is_kept_too(emulator_on):
    first = emulator_on()
    made = first.drive().files().create(body={"name": "old"}, fields="id").execute()
    requests.post(first.url + "/emulator/reset").raise_for_status()
    first.kill_9()

    second = emulator_on()
    with pytest.raises(HttpError) as caught:
        second.drive().files().get(fileId=made["id"]).execute()
    assert caught.value.status_code == 404


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_during_a_burst_of_writes_keeps_every_acknowledged_one(emulator_on, round_):
    first = emulator_on()
    acknowledged, stop = [], threading.Event()

    def write(writer: int):
        drive = first.drive()
        n = 0
        while not stop.is_set():
            name = f"w{writer}-{n}"
            try:
                made = drive.files().create(body={"name": name}, fields="id").execute()
            except Exception:  # the process died under this call: it was never answered
                return
            acknowledged.append((made["id"], name))
            n += 1

    writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in writers:
        t.start()
    # Killed after a number of writes that differs by round (waiting for them, not
    # for a time: a busy machine may take seconds), while the writers go on.
    deadline = time.monotonic() + 60
    while len(acknowledged) < 6 + 5 * round_ and time.monotonic() < deadline:
        time.sleep(0.01)
    first.kill_9()
    stop.set()
    for t in writers:
        t.join(timeout=30)
    assert len(acknowledged) > 5, "the burst made too few writes to test anything"

    second = emulator_on()  # loads: the state file is whole
    drive = second.drive()
    for file_id, name in acknowledged:
        assert drive.files().get(fileId=file_id, fields="name").execute()["name"] == name
