"""The Cloud Tasks gateway on google-api-python-client's cloudtasks v2, against the
emulator's queues (deploy/queue.yaml): named tasks, Google's ALREADY_EXISTS for a
name used recently taken as "already enqueued", schedule times, and the service's
own account (not the coordinator) with or without a key file."""

import base64
import datetime
import json
from pathlib import Path

import pytest
import requests

from service.config import EmulatorConfig
from service.workspace import Workspace
from service.workspace.errors import WorkspaceError
from service.workspace.tasks import task_id

ROOT = Path(__file__).resolve().parents[2]
PARENT = "projects/emulator-project/locations/us-central1"
SYNC = f"{PARENT}/queues/sync"


@pytest.fixture
def queues(emulator):
    answer = requests.post(f"{emulator.url}/emulator/cloudtasks/queues", json={
        "yaml": (ROOT / "deploy" / "queue.yaml").read_text()}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["queues"]


def workspace(emulator, **settings):
    return Workspace.from_config(EmulatorConfig(emulator_url=emulator.url, **settings))


def stored(emulator):
    return emulator.world.cloudtasks


def test_a_named_task_is_enqueued_once_and_a_second_create_answers_none(emulator, queues):
    ws = workspace(emulator)
    name = task_id("sync", "2026-2028", "20261207T0745")
    first = ws.tasks.create(SYNC, "/tasks/sync/2026-2028", name=name, body={"trigger": "cron"})
    assert first["name"] == f"{SYNC}/tasks/{name}"
    # "If a task's ID is identical to that of an existing task ... ALREADY_EXISTS".
    assert ws.tasks.create(SYNC, "/tasks/sync/2026-2028", name=name) is None
    counted = ws.counter.as_dict()
    assert counted["calls"] == {"cloudtasks.projects.locations.queues.tasks.create": 2}
    assert counted["failed"] == {"cloudtasks.projects.locations.queues.tasks.create": 1}
    request = first["appEngineHttpRequest"]
    assert request["relativeUri"] == "/tasks/sync/2026-2028" and request["httpMethod"] == "POST"


def test_the_body_is_json_and_the_schedule_time_is_kept(emulator, queues):
    due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).replace(
        microsecond=0)
    made = workspace(emulator).tasks.create(SYNC, "/tasks/sync/x", name=task_id("x"),
                                            schedule_time=due, body={"trigger": "push"})
    full = workspace(emulator).tasks.service.projects().locations().queues().tasks().get(
        name=made["name"], responseView="FULL").execute()
    assert full["scheduleTime"].startswith(due.strftime("%Y-%m-%dT%H:%M:%S"))
    body = base64.b64decode(full["appEngineHttpRequest"]["body"])
    assert json.loads(body) == {"trigger": "push"}
    assert full["appEngineHttpRequest"]["headers"]["Content-Type"] == "application/json"


def test_a_missing_queue_is_an_error_not_a_duplicate(emulator):
    with pytest.raises(WorkspaceError) as caught:
        workspace(emulator).tasks.create(f"{PARENT}/queues/nowhere", "/tasks/x", name=task_id("x"))
    assert caught.value.status == 400 and "Queue does not exist" in caught.value.message


def test_with_a_key_file_tasks_are_created_as_the_service_account_itself(emulator, queues,
                                                                          tmp_path):
    key = requests.post(f"{emulator.url}/emulator/service-accounts").json()
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    ws = workspace(emulator, credentials_file=str(path))
    assert ws.tasks.create(SYNC, "/tasks/sync/y", name=task_id("y"))["name"].endswith(task_id("y"))
    stats = requests.get(f"{emulator.url}/emulator/stats", timeout=10).json()
    assert key["client_email"].lower() in stats["callsByUser"]


def test_task_ids_start_with_a_hash_and_keep_only_what_google_allows():
    made = task_id("sync", "Year 12/13", "s20261207T0745")
    digest, readable = made.split("-", 1)
    assert len(digest) == 12 and readable == "sync-Year_12_13-s20261207T0745"
    assert task_id("a/b") != task_id("a_b")
    assert len(task_id("x" * 600)) == 500
