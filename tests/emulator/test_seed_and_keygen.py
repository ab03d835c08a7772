"""Starting the emulator with a school (--seed FILE) and a service-account key from
``python -m emulator keygen``: the production credential path against a seeded school."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from google.oauth2 import service_account

from service.workspace import clients

SAMPLE = Path(__file__).resolve().parents[2] / "emulator" / "fixtures" / "sample_school.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def seeded():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", str(port), "--seed", str(SAMPLE)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/emulator/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
        fixture = json.loads(SAMPLE.read_text())
        assert f"Loaded {len(fixture['users'])} people and {len(fixture['courses'])} courses" in output


def test_a_keygen_key_with_a_subject_reads_the_seeded_cas_course(seeded, tmp_path):
    key_file = tmp_path / "key.json"
    done = subprocess.run([sys.executable, "-m", "emulator", "keygen", str(key_file), "--url", seeded],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    creds = service_account.Credentials.from_service_account_file(
        str(key_file), scopes=["https://www.googleapis.com/auth/classroom.courses.readonly"],
        subject="coordinator@demo-school.example")
    classroom = clients.build("classroom", "v1", creds, seeded)
    courses = classroom.courses().list(teacherId="me").execute()["courses"]
    assert [c["name"] for c in courses] == ["CAS 2026-2028"]


def test_keygen_without_a_running_emulator_says_so(tmp_path):
    done = subprocess.run([sys.executable, "-m", "emulator", "keygen", str(tmp_path / "k.json"),
                           "--url", f"http://127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "No emulator answered" in done.stderr
    assert not (tmp_path / "k.json").exists()


def test_a_bad_school_fixture_is_refused_with_its_reason(emulator):
    answer = requests.post(f"{emulator.url}/emulator/school", json={"users": [{"name": {}}], "courses": []})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]


def test_a_school_posted_to_the_control_plane_is_loaded(emulator, tmp_path):
    fixture = json.loads(SAMPLE.read_text())
    answer = requests.post(f"{emulator.url}/emulator/school", json=fixture)
    assert answer.status_code == 200
    assert answer.json()["courses"] == 1
