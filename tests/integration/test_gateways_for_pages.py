"""The gateway calls the pages added, through the real clients against the
emulator: drives.list (the shared drives the acting user is a member of, for the
New cohort page), and Cloud Tasks' tasks.get and tasks.list (what the setup and
provisioning pages say of a task's last attempt; an executed task is gone:
NOT_FOUND, taken as None)."""

from pathlib import Path

import pytest
import requests

from service.config import EmulatorConfig
from service.workspace import Workspace, clients
from service.workspace.tasks import task_id

ROOT = Path(__file__).resolve().parents[2]
PROVISION = "projects/emulator-project/locations/us-central1/queues/provision"
COORDINATOR = "coordinator@school.example"


@pytest.fixture
def queues(emulator):
    requests.post(f"{emulator.url}/emulator/cloudtasks/queues", timeout=30, json={
        "yaml": (ROOT / "deploy" / "queue.yaml").read_text()}).raise_for_status()
    requests.delete(f"{emulator.url}/emulator/cloudtasks/target", timeout=30)   # held


def test_shared_drives_are_those_the_user_is_a_member_of(emulator):
    other = clients.build("drive", "v3", clients.EmulatorCredentials("other@school.example"),
                          emulator.url)
    other.drives().create(requestId="r1", body={"name": "Not mine"}).execute()
    mine = clients.build("drive", "v3", clients.EmulatorCredentials(COORDINATOR), emulator.url)
    made = mine.drives().create(requestId="r2", body={"name": "CAS records"}).execute()
    ws = Workspace.from_config(EmulatorConfig(emulator_url=emulator.url, subject=COORDINATOR))
    assert ws.drive.shared_drives() == [{"id": made["id"], "name": "CAS records"}]


def test_a_waiting_task_is_got_and_listed_and_a_missing_one_is_none(emulator, queues):
    ws = Workspace.from_config(EmulatorConfig(emulator_url=emulator.url))
    name = task_id("setup", "2027-2029", "k" * 20)
    ws.tasks.create(PROVISION, "/tasks/setup/2027-2029", name=name, body={"name": "2027-2029"})
    got = ws.tasks.get_task(f"{PROVISION}/tasks/{name}")
    assert got["name"] == f"{PROVISION}/tasks/{name}" and got.get("dispatchCount", 0) == 0
    assert [t["name"] for t in ws.tasks.list_tasks(PROVISION)] == [got["name"]]
    assert ws.tasks.get_task(f"{PROVISION}/tasks/{task_id('setup', 'nope')}") is None
