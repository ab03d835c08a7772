"""Cloud Tasks delivering tasks to the local App Engine app: the request App Engine
sends (https://cloud.google.com/tasks/docs/creating-appengine-handlers), schedule
times, retries with the queue's backoff (RetryConfig), and the emulator's shared secret."""

import base64
import datetime as dt

import pytest
import requests

from _tasks import PARENT, advance, control, dispatch
from emulator.cloudtasks.dispatcher import backoff
from emulator.core import clock

QUEUE = f"{PARENT}/queues/sync"


@pytest.fixture
def queues(cloudtasks):
    return cloudtasks.projects().locations().queues()


@pytest.fixture
def tasks(queues):
    queues.create(parent=PARENT, body={"name": QUEUE, "retryConfig": {
        "maxAttempts": 4, "minBackoff": "10s", "maxBackoff": "300s", "maxDoublings": 3}}).execute()
    return queues.tasks()


def create(tasks, task_id, **request):
    request.setdefault("relativeUri", "/tasks/sync")
    return tasks.create(parent=QUEUE, body={"task": {"name": f"{QUEUE}/tasks/{task_id}",
                                                     "appEngineHttpRequest": request}}).execute()


def test_a_task_reaches_the_app_with_app_engines_headers(emulator, tasks, task_target):
    body = b'{"cohort": "2026-2028"}'
    task = create(tasks, "cohort-2026", relativeUri="/tasks/sync?cohort=2026", httpMethod="PUT",
                  body=base64.b64encode(body).decode(), headers={"Content-Type": "application/json",
                                                                "X-Cas-Cohort": "2026-2028"})
    (delivery,) = dispatch(emulator)
    (request,) = task_target.wait_for(1)
    assert (request["method"], request["path"], request["body"]) == ("PUT", "/tasks/sync?cohort=2026", body)
    headers = request["headers"]
    assert headers["X-AppEngine-QueueName"] == "sync"
    assert headers["X-AppEngine-TaskName"] == "cohort-2026"      # the short name
    assert headers["X-AppEngine-TaskRetryCount"] == "0"          # "For the first attempt, this value is 0."
    assert headers["X-AppEngine-TaskExecutionCount"] == "0"
    eta = dt.datetime.fromtimestamp(float(headers["X-AppEngine-TaskETA"]), dt.timezone.utc)
    assert abs((eta - clock.parse(task["scheduleTime"])).total_seconds()) < 0.001
    assert headers["User-Agent"] == "AppEngine-Google; (+http://code.google.com/appengine)"
    assert headers["Content-Type"] == "application/json" and headers["X-Cas-Cohort"] == "2026-2028"
    assert "X-AppEngine-TaskPreviousResponse" not in headers and "X-CAS-Local-Task-Secret" not in headers
    assert delivery["outcome"] == "succeeded" and delivery["status"] == 200


def test_a_delivered_task_is_gone_and_its_name_stays_reserved(emulator, tasks, task_target):
    task = create(tasks, "once")
    dispatch(emulator)
    with pytest.raises(Exception) as caught:
        tasks.get(name=task["name"]).execute()
    assert caught.value.status_code == 404
    with pytest.raises(Exception) as caught:
        create(tasks, "once")
    assert caught.value.status_code == 409


def test_a_body_without_a_content_type_is_octet_stream_and_a_user_agent_is_extended(emulator, tasks, task_target):
    create(tasks, "raw", body=base64.b64encode(b"x").decode(), headers={"User-Agent": "cas-cron"})
    dispatch(emulator)
    headers = task_target.wait_for(1)[0]["headers"]
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["User-Agent"] == "cas-cron AppEngine-Google; (+http://code.google.com/appengine)"


def test_task_headers_cannot_set_app_engine_or_host_headers(emulator, tasks, task_target):
    create(tasks, "forged", headers={"X-AppEngine-QueueName": "forged", "X-CAS-Local-Task-Secret": "guess"})
    dispatch(emulator)
    headers = task_target.wait_for(1)[0]["headers"]
    assert headers["X-AppEngine-QueueName"] == "sync"
    assert "X-CAS-Local-Task-Secret" not in headers


def test_the_local_secret_goes_with_every_app_engine_task(emulator, tasks, task_target):
    control(emulator, "cloudtasks/target", {"url": task_target.url, "secret": "s3cret"})
    assert requests.get(f"{emulator.url}/emulator/cloudtasks/target", timeout=10).json() == {
        "url": task_target.url, "secretSet": True}
    create(tasks, "with-secret")
    dispatch(emulator)
    assert task_target.wait_for(1)[0]["headers"]["X-CAS-Local-Task-Secret"] == "s3cret"


def test_a_task_waits_for_its_schedule_time(emulator, tasks, task_target):
    later = clock.now() + dt.timedelta(seconds=90)
    tasks.create(parent=QUEUE, body={"task": {"name": f"{QUEUE}/tasks/later",
                                              "scheduleTime": later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                                              "appEngineHttpRequest": {}}}).execute()
    assert dispatch(emulator) == [] and task_target.requests == []
    advance(emulator, 89)
    assert dispatch(emulator) == []
    advance(emulator, 1.5)
    (delivery,) = dispatch(emulator)
    assert delivery["outcome"] == "succeeded"
    assert float(task_target.wait_for(1)[0]["headers"]["X-AppEngine-TaskETA"]) == pytest.approx(later.timestamp())


@pytest.mark.parametrize("attempts, seconds", [(1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (6, 240),
                                                (7, 300), (8, 300)])
def test_the_backoff_doubles_then_grows_linearly_to_the_maximum(attempts, seconds):
    # RetryConfig.max_doublings: min 10s, max 300s, 3 doublings "retry at 10s, 20s, 40s,
    # 80s, 160s, 240s, 300s, 300s, ...".
    retry = {"minBackoff": 10.0, "maxBackoff": 300.0, "maxDoublings": 3}
    assert backoff(retry, attempts) == seconds


def test_a_failing_task_is_retried_with_backoff_until_it_succeeds(emulator, tasks, task_target):
    task_target.statuses = [500, 503]
    task = create(tasks, "flaky")
    (first,) = dispatch(emulator)
    assert (first["status"], first["outcome"]) == (500, "retrying")
    after_first = tasks.get(name=task["name"]).execute()
    assert after_first["dispatchCount"] == 1 and after_first["responseCount"] == 1
    assert after_first["lastAttempt"]["responseStatus"]["code"] == 13   # INTERNAL
    waited = clock.parse(after_first["scheduleTime"]) - clock.parse(after_first["lastAttempt"]["responseTime"])
    assert waited.total_seconds() == pytest.approx(10, abs=0.01)        # min_backoff
    advance(emulator, 9)
    assert dispatch(emulator) == []                                     # not before the backoff
    advance(emulator, 1.1)
    (second,) = dispatch(emulator)
    assert (second["status"], second["attempt"]) == (503, 2)
    after_second = tasks.get(name=task["name"]).execute()
    waited = clock.parse(after_second["scheduleTime"]) - clock.parse(after_second["lastAttempt"]["responseTime"])
    assert waited.total_seconds() == pytest.approx(20, abs=0.01)        # doubled
    advance(emulator, 20.1)
    (third,) = dispatch(emulator)
    assert third["outcome"] == "succeeded"
    headers = [r["headers"] for r in task_target.wait_for(3)]
    assert [h["X-AppEngine-TaskRetryCount"] for h in headers] == ["0", "1", "2"]
    assert [h["X-AppEngine-TaskExecutionCount"] for h in headers] == ["0", "1", "2"]
    assert [h.get("X-AppEngine-TaskPreviousResponse") for h in headers] == [None, "500", "503"]


def test_a_task_stops_after_max_attempts_and_is_deleted(emulator, tasks, task_target):
    task_target.statuses = [500] * 10
    task = create(tasks, "hopeless")
    outcomes = []
    for _ in range(4):   # maxAttempts 4
        outcomes += [d["outcome"] for d in dispatch(emulator)]
        advance(emulator, 301)
    assert outcomes == ["retrying", "retrying", "retrying", "failed"]
    with pytest.raises(Exception) as caught:
        tasks.get(name=task["name"]).execute()
    assert caught.value.status_code == 404
    assert dispatch(emulator) == [] and len(task_target.requests) == 4


def test_an_app_that_does_not_answer_is_a_retry_but_not_an_execution(emulator, tasks, task_target):
    task_target.close()   # nothing listens on the target any more
    task = create(tasks, "down")
    (delivery,) = dispatch(emulator)
    assert delivery["status"] is None and delivery["outcome"] == "retrying"
    failed = tasks.get(name=task["name"]).execute()
    assert failed["dispatchCount"] == 1 and "responseCount" not in failed
    assert failed["lastAttempt"]["responseStatus"]["code"] == 14      # UNAVAILABLE


def test_a_paused_queue_holds_its_tasks_until_resumed(emulator, queues, tasks, task_target):
    queues.pause(name=QUEUE).execute()
    create(tasks, "held")
    assert dispatch(emulator) == []
    queues.resume(name=QUEUE).execute()
    assert [d["outcome"] for d in dispatch(emulator)] == ["succeeded"]


def test_run_dispatches_now_even_in_a_paused_queue_or_before_its_time(emulator, queues, tasks, task_target):
    # tasks.run: "Cloud Tasks will dispatch the task, even if ... the queue ... is PAUSED".
    queues.pause(name=QUEUE).execute()
    later = (clock.now() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    task = tasks.create(parent=QUEUE, body={"task": {"name": f"{QUEUE}/tasks/now", "scheduleTime": later,
                                                     "appEngineHttpRequest": {}}}).execute()
    ran = tasks.run(name=task["name"], body={}).execute()
    assert ran["dispatchCount"] == 1
    assert task_target.wait_for(1)[0]["headers"]["X-AppEngine-TaskName"] == "now"


def test_app_engine_tasks_wait_while_no_target_is_set(emulator, tasks, task_target):
    control(emulator, "cloudtasks/target", {"url": None})
    create(tasks, "waiting")
    assert dispatch(emulator) == []
    control(emulator, "cloudtasks/target", {"url": task_target.url})
    assert [d["outcome"] for d in dispatch(emulator)] == ["succeeded"]


def test_an_http_task_goes_to_its_url_with_cloud_tasks_headers(emulator, tasks, task_target):
    control(emulator, "cloudtasks/target", {"url": None})
    tasks.create(parent=QUEUE, body={"task": {"name": f"{QUEUE}/tasks/http", "httpRequest": {
        "url": task_target.url + "/hook", "body": base64.b64encode(b"ping").decode()}}}).execute()
    dispatch(emulator)
    (request,) = task_target.wait_for(1)
    assert (request["method"], request["path"], request["body"]) == ("POST", "/hook", b"ping")
    assert request["headers"]["X-CloudTasks-QueueName"] == "sync"
    assert request["headers"]["X-CloudTasks-TaskName"] == "http"
    assert request["headers"]["User-Agent"] == "Google-Cloud-Tasks"
    assert "X-AppEngine-QueueName" not in request["headers"]


def test_an_http_task_to_another_machine_is_not_sent(emulator, tasks):
    tasks.create(parent=QUEUE, body={"task": {"name": f"{QUEUE}/tasks/away", "httpRequest": {
        "url": "http://192.0.2.1/hook"}}}).execute()
    (delivery,) = dispatch(emulator)
    assert delivery["status"] is None and "loopback" in delivery["error"]


def test_the_log_lists_every_attempt(emulator, tasks, task_target):
    task_target.statuses = [503]
    create(tasks, "logged")
    dispatch(emulator)
    advance(emulator, 10.1)
    dispatch(emulator)
    log = requests.get(f"{emulator.url}/emulator/cloudtasks/log", timeout=10).json()["deliveries"]
    assert [(d["task"].rsplit("/", 1)[1], d["attempt"], d["status"], d["outcome"]) for d in log] == [
        ("logged", 1, 503, "retrying"), ("logged", 2, 200, "succeeded")]


def test_the_target_must_be_on_this_machine(emulator):
    answer = requests.post(f"{emulator.url}/emulator/cloudtasks/target",
                           json={"url": "http://192.0.2.1:8080"}, timeout=10)
    assert answer.status_code == 400
