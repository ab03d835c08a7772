"""The demo (`make demo`, `make demo-setup`): it starts the emulator, sets up a
sample folder and master Sheet through the real clients, prints them, and on a
re-run with the same data folder finds them instead of making them twice."""

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def run_demo(data: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "demo", "--data", str(data), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def made(output: str) -> dict:
    """{"Folder": (verb, name, id, link), "Spreadsheet": (...)} from the demo's output."""
    found = re.findall(r"^(Folder|Spreadsheet) (created|found): (.+)\n  ID:   (\S+)\n  Link: (\S*)$",
                       output, re.MULTILINE)
    return {what: (verb, name, file_id, link) for what, verb, name, file_id, link in found}


def port_of(output: str) -> int:
    return int(re.search(r"Emulator on http://127\.0\.0\.1:(\d+)", output).group(1))


def answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-data")


@pytest.fixture(scope="module")
def two_runs(demo_data):
    return run_demo(demo_data, "--exit-after-setup"), run_demo(demo_data, "--exit-after-setup")


def test_the_first_run_creates_the_folder_and_the_master_sheet_and_prints_their_links(two_runs):
    first, _ = two_runs
    assert first.returncode == 0, first.stdout + first.stderr
    objects = made(first.stdout)
    assert objects["Folder"][:2] == ("created", "CAS 2026-2028 (demo)")
    assert objects["Spreadsheet"][:2] == ("created", "CAS master (demo)")
    for _, _, file_id, link in objects.values():
        assert link.startswith("http") and file_id in link
    assert "Acting as coordinator@demo-school.example" in first.stdout


def test_a_second_run_on_the_same_data_finds_the_same_objects_instead_of_creating_them(two_runs):
    first, second = two_runs
    assert second.returncode == 0, second.stdout + second.stderr
    before, after = made(first.stdout), made(second.stdout)
    assert {what: v[0] for what, v in after.items()} == {"Folder": "found", "Spreadsheet": "found"}
    assert {what: v[2] for what, v in after.items()} == {what: v[2] for what, v in before.items()}


def test_exit_after_setup_stops_the_emulator(two_runs):
    for run in two_runs:
        assert not answers(port_of(run.stdout))


def test_after_two_runs_the_data_holds_one_folder_and_one_sheet_with_the_sample_rows(
        two_runs, demo_data):
    # Read the data folder back with the emulator in-process (the test may import it;
    # the demo may not).
    from emulator.app import create_app
    from emulator.server import RunningEmulator
    from service.workspace import clients

    assert all(run.returncode == 0 for run in two_runs)
    credentials = clients.EmulatorCredentials("coordinator@demo-school.example")
    with RunningEmulator(create_app(data_dir=demo_data)) as running:
        drive = clients.build("drive", "v3", credentials, running.url)
        listed = drive.files().list(q="trashed = false", fields="files(id,name,parents)").execute()
        names = sorted(f["name"] for f in listed["files"])
        sheet = made(two_runs[0].stdout)["Spreadsheet"][2]
        rows = clients.gspread_client(credentials, running.url).open_by_key(sheet).sheet1.get_all_values()
    assert names == ["CAS 2026-2028 (demo)", "CAS master (demo)"]
    assert rows[0][:2] == ["Student ID", "Name"] and len(rows) == 3


def test_the_links_open_the_sheet_and_ctrl_c_stops_the_demo_and_its_emulator(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "demo", "--data", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Serving until you press Ctrl-C"):
                break
        output = "".join(lines)
        assert "Serving until you press Ctrl-C" in output, output
        port = port_of(output)
        # The printed link opens the master Sheet, signed in as the coordinator.
        openers = re.findall(r"^  Open as coordinator@demo-school\.example: (\S+)$", output,
                             re.MULTILINE)
        opener = [link for link in openers if "spreadsheets" in link]
        assert len(opener) == 1, output
        page = requests.get(opener[0], timeout=30)
        assert page.status_code == 200 and "Ada Lovelace" in page.text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert not answers(port)
    finally:
        if proc.poll() is None:  # a failed test: let the demo stop its emulator first
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.stdout.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_killing_the_demo_outright_leaves_no_emulator_behind(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "demo", "--data", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline()
        port = port_of(first)
        deadline = time.monotonic() + TIMEOUT
        while not answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answers(port)
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 30
        while answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not answers(port)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
