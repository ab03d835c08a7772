"""Cloud Tasks tasks through google-api-python-client: create, get, list, delete, and
task de-duplication by name
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks).
No App Engine target is set here, so App Engine tasks stay in their queue."""

import base64
import datetime as dt
import re

import pytest
from googleapiclient.errors import HttpError

from _tasks import PARENT, advance, control
from emulator.core import clock

QUEUE = f"{PARENT}/queues/sync"


@pytest.fixture
def tasks(cloudtasks):
    cloudtasks.projects().locations().queues().create(parent=PARENT, body={"name": QUEUE}).execute()
    return cloudtasks.projects().locations().queues().tasks()


def create(tasks, task_id=None, parent=QUEUE, response_view=None, **task):
    task.setdefault("appEngineHttpRequest", {"relativeUri": "/tasks/sync"})
    if task_id:
        task["name"] = f"{parent}/tasks/{task_id}"
    body = {"task": task, **({"responseView": response_view} if response_view else {})}
    return tasks.create(parent=parent, body=body).execute()


def test_a_task_without_a_name_gets_a_generated_numeric_id_and_defaults(tasks):
    task = create(tasks)
    assert re.fullmatch(re.escape(QUEUE) + r"/tasks/\d+", task["name"])
    assert task["appEngineHttpRequest"] == {"httpMethod": "POST", "relativeUri": "/tasks/sync"}
    assert task["dispatchDeadline"] == "600s" and task["view"] == "BASIC"
    assert task["createTime"].endswith("Z") and "." not in task["createTime"]  # truncated to the second


def test_get_list_and_delete(tasks):
    first = create(tasks, "sync-a")
    second = create(tasks, "sync-b")
    assert tasks.get(name=first["name"]).execute()["name"] == first["name"]
    listed = tasks.list(parent=QUEUE).execute()["tasks"]
    assert sorted(t["name"] for t in listed) == sorted([first["name"], second["name"]])
    assert tasks.delete(name=first["name"]).execute() == {}
    with pytest.raises(HttpError) as caught:
        tasks.get(name=first["name"]).execute()
    assert caught.value.status_code == 404
    assert [t["name"] for t in tasks.list(parent=QUEUE).execute()["tasks"]] == [second["name"]]


def test_the_basic_view_leaves_out_the_body_and_full_shows_it(tasks):
    body = base64.b64encode(b'{"cohort": "2026-2028"}').decode()
    task = create(tasks, "with-body", appEngineHttpRequest={"relativeUri": "/tasks/sync", "body": body,
                                                            "headers": {"Content-Type": "application/json"}})
    assert "body" not in task["appEngineHttpRequest"]
    assert task["appEngineHttpRequest"]["headers"] == {"Content-Type": "application/json"}
    full = tasks.get(name=task["name"], responseView="FULL").execute()
    assert full["appEngineHttpRequest"]["body"] == body and full["view"] == "FULL"
    listed = tasks.list(parent=QUEUE, responseView="FULL").execute()["tasks"]
    assert listed[0]["appEngineHttpRequest"]["body"] == body


def test_a_named_task_twice_is_409_already_exists(tasks):
    # CreateTaskRequest.task: "If a task's ID is identical to that of an existing task ...
    # the call will fail with ALREADY_EXISTS."
    create(tasks, "cohort-2026-window-1")
    with pytest.raises(HttpError) as caught:
        create(tasks, "cohort-2026-window-1")
    assert caught.value.status_code == 409
    assert caught.value.reason == "Requested entity already exists"


def test_a_deleted_tasks_name_is_reserved_for_24_hours_then_released(emulator, tasks):
    # The shipped reference: "It can take up to 24 hours (or 9 days if the task's queue was
    # created using a queue.yaml or queue.xml) for the task ID to be released".
    task = create(tasks, "debounced")
    tasks.delete(name=task["name"]).execute()
    with pytest.raises(HttpError) as caught:
        create(tasks, "debounced")
    assert caught.value.status_code == 409
    assert caught.value.reason.startswith("The task cannot be created because a task with this name "
                                          "existed too recently.")
    advance(emulator, 24 * 3600 - 60)
    with pytest.raises(HttpError):
        create(tasks, "debounced")
    advance(emulator, 61)
    assert create(tasks, "debounced")["name"] == task["name"]


def test_a_purged_tasks_name_is_reserved_too(cloudtasks, tasks):
    create(tasks, "purged")
    cloudtasks.projects().locations().queues().purge(name=QUEUE).execute()
    with pytest.raises(HttpError) as caught:
        create(tasks, "purged")
    assert caught.value.status_code == 409


def test_a_queue_yaml_queue_keeps_names_for_9_days(emulator, cloudtasks):
    control(emulator, "cloudtasks/queues", {"yaml": "queue:\n- name: provision\n  rate: 2/s\n",
                                            "parent": PARENT})
    queue = f"{PARENT}/queues/provision"
    tasks = cloudtasks.projects().locations().queues().tasks()
    tasks.delete(name=create(tasks, "chunk-1", parent=queue)["name"]).execute()
    advance(emulator, 8 * 86400)
    with pytest.raises(HttpError) as caught:
        create(tasks, "chunk-1", parent=queue)
    assert caught.value.status_code == 409
    advance(emulator, 86400 + 1)
    assert create(tasks, "chunk-1", parent=queue)


def test_schedule_time_is_kept_and_a_past_one_becomes_now(tasks):
    later = clock.now() + dt.timedelta(minutes=15)
    task = create(tasks, "later", scheduleTime=later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    assert clock.parse(task["scheduleTime"]) == later
    # "If schedule_time is not set or is in the past then Cloud Tasks will set it to the current time."
    past = create(tasks, "past", scheduleTime="2020-01-01T00:00:00Z")
    assert clock.parse(past["scheduleTime"]) >= clock.parse(task["createTime"])


@pytest.mark.parametrize("task", [
    {"scheduleTime": "tomorrow"},
    {"scheduleTime": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)).strftime("%Y-%m-%dT%H:%M:%SZ")},
    {"appEngineHttpRequest": {"httpMethod": "GET", "body": "eA=="}},  # a body only with POST or PUT
    {"appEngineHttpRequest": {"relativeUri": "tasks/sync"}},         # must begin with "/"
    {"appEngineHttpRequest": {}, "httpRequest": {"url": "http://127.0.0.1/"}},
    {"httpRequest": {"url": "ftp://127.0.0.1/"}},
    {"dispatchDeadline": "5s"},                                      # [15 seconds, 24 hours 15 seconds]
], ids=["bad-time", "past-30-days", "get-with-body", "relative-uri", "two-targets", "http-url", "deadline"])
def test_an_invalid_task_is_400(tasks, task):
    with pytest.raises(HttpError) as caught:
        create(tasks, **task)
    assert caught.value.status_code == 400


def test_a_task_id_is_letters_digits_hyphens_or_underscores(tasks):
    assert create(tasks, "Cohort_2026-w1")
    with pytest.raises(HttpError) as caught:
        create(tasks, "cohort.2026")
    assert caught.value.status_code == 400


def test_a_task_name_in_another_queue_is_400(tasks):
    with pytest.raises(HttpError) as caught:
        tasks.create(parent=QUEUE, body={"task": {"name": f"{PARENT}/queues/other/tasks/t1",
                                                  "appEngineHttpRequest": {}}}).execute()
    assert caught.value.status_code == 400


def test_list_pages(tasks):
    for i in range(5):
        create(tasks, f"t{i}")
    first = tasks.list(parent=QUEUE, pageSize=3).execute()
    rest = tasks.list(parent=QUEUE, pageSize=3, pageToken=first["nextPageToken"]).execute()
    names = [t["name"] for t in first["tasks"] + rest["tasks"]]
    assert sorted(names) == sorted(f"{QUEUE}/tasks/t{i}" for i in range(5))
    assert "nextPageToken" not in rest


def test_a_task_level_retry_config_overrides_the_queues(tasks):
    task = create(tasks, "own-retry", retryConfig={"maxAttempts": 2})
    assert task["retryConfig"]["maxAttempts"] == 2
    assert task["retryConfig"]["maxDoublings"] == 16   # the rest from the queue


def test_queues_tasks_and_reserved_names_survive_a_restart_with_data(tmp_path):
    from emulator.app import create_app
    from emulator.server import RunningEmulator
    from service.workspace import clients

    def client(running):
        return clients.build("cloudtasks", "v2", clients.EmulatorCredentials("ops@school.example"),
                             running.url).projects().locations().queues()

    with RunningEmulator(create_app(data_dir=tmp_path)) as running:
        queues = client(running)
        queues.create(parent=PARENT, body={"name": QUEUE}).execute()
        create(queues.tasks(), "kept")
        queues.tasks().delete(name=create(queues.tasks(), "done")["name"]).execute()
    with RunningEmulator(create_app(data_dir=tmp_path)) as running:
        queues = client(running)
        assert [t["name"] for t in queues.tasks().list(parent=QUEUE).execute()["tasks"]] == [f"{QUEUE}/tasks/kept"]
        with pytest.raises(HttpError) as caught:
            create(queues.tasks(), "done")
        assert caught.value.status_code == 409
