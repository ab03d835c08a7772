"""Queues from App Engine's queue.yaml (https://cloud.google.com/appengine/docs/standard/reference/queueref),
as Cloud Tasks shows them: ``python -m emulator --queues deploy/queue.yaml`` and the
control plane's ``POST /emulator/cloudtasks/queues``."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from _tasks import PARENT, advance, control, dispatch
from service.workspace import clients

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "queue.yaml"


def deploy(emulator, text, parent=PARENT):
    return requests.post(f"{emulator.url}/emulator/cloudtasks/queues",
                         json={"yaml": text, "parent": parent}, timeout=10)


def get(cloudtasks, queue_id, parent=PARENT):
    return cloudtasks.projects().locations().queues().get(name=f"{parent}/queues/{queue_id}").execute()


def test_the_products_queue_yaml_gives_its_queues(emulator, cloudtasks):
    assert deploy(emulator, DEPLOY.read_text()).json() == {
        "queues": [f"{PARENT}/queues/provision", f"{PARENT}/queues/sync"]}
    provision = get(cloudtasks, "provision")
    # bucket_size is maxBurstSize for queue.yaml queues; max_concurrent_requests is
    # maxConcurrentDispatches; task_retry_limit counts retries, so one attempt more.
    assert provision["rateLimits"] == {"maxDispatchesPerSecond": 2, "maxBurstSize": 5,
                                       "maxConcurrentDispatches": 3}
    assert provision["retryConfig"] == {"maxAttempts": 11, "minBackoff": "10s", "maxBackoff": "300s",
                                        "maxDoublings": 16}
    sync = get(cloudtasks, "sync")
    assert sync["rateLimits"] == {"maxDispatchesPerSecond": 1, "maxBurstSize": 1, "maxConcurrentDispatches": 1}
    # No task_retry_limit: retried until task_age_limit (maxRetryDuration) has passed.
    assert sync["retryConfig"] == {"maxAttempts": -1, "minBackoff": "30s", "maxBackoff": "300s",
                                   "maxDoublings": 16, "maxRetryDuration": "900s"}
    assert sync["state"] == "RUNNING"


def test_rates_per_minute_hour_and_day_are_per_second(emulator, cloudtasks):
    deploy(emulator, "queue:\n- name: minute\n  rate: 30/m\n- name: day\n  rate: 8640/d\n")
    assert get(cloudtasks, "minute")["rateLimits"]["maxDispatchesPerSecond"] == 0.5
    assert get(cloudtasks, "day")["rateLimits"]["maxDispatchesPerSecond"] == 0.1


def test_a_queue_left_out_of_a_later_deploy_is_disabled_not_deleted(emulator, cloudtasks):
    deploy(emulator, "queue:\n- name: old\n  rate: 1/s\n- name: kept\n  rate: 1/s\n")
    deploy(emulator, "queue:\n- name: kept\n  rate: 2/s\n")
    assert get(cloudtasks, "old")["state"] == "DISABLED"
    assert get(cloudtasks, "kept")["rateLimits"]["maxDispatchesPerSecond"] == 2


@pytest.mark.parametrize("text", [
    "queue:\n- name: pulls\n  mode: pull\n",
    "queue:\n- name: bad_name\n  rate: 1/s\n",
    "queue:\n- name: fast\n  rate: lots\n",
    "queue:\n- name: q\n  retry_parameters:\n    task_retry_limit: -1\n",
    "queue:\n- name: q\n  retry_parameters:\n    min_backoff_seconds: 10\n    max_backoff_seconds: 1\n",
    "queue:\n- name: q\n  speed: 3\n",
    "queue: [",
], ids=["pull", "name", "rate", "retry-limit", "backoffs", "unknown-key", "not-yaml"])
def test_a_queue_yaml_the_sdk_would_refuse_is_400(emulator, text):
    assert deploy(emulator, text).status_code == 400


def test_the_sync_queue_stops_retrying_after_its_age_limit(emulator, cloudtasks, task_target):
    deploy(emulator, DEPLOY.read_text())
    task_target.statuses = [500] * 100
    tasks = cloudtasks.projects().locations().queues().tasks()
    task = tasks.create(parent=f"{PARENT}/queues/sync", body={"task": {"appEngineHttpRequest": {}}}).execute()
    outcomes = []
    for _ in range(6):
        outcomes += [d["outcome"] for d in dispatch(emulator)]
        advance(emulator, 300)        # the longest backoff
    assert outcomes[-1] == "failed" and set(outcomes[:-1]) == {"retrying"}
    assert len(outcomes) == 4         # at 0, 5, 10 and 15 minutes (the clock moving 5 minutes a step)
    with pytest.raises(Exception):
        tasks.get(name=task["name"]).execute()


def test_the_cli_loads_queue_yaml_and_sets_the_target(tmp_path):
    from test_seed_and_keygen import free_port
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", str(port), "--queues", str(DEPLOY),
         "--queues-parent", PARENT, "--tasks-target", "http://127.0.0.1:9", "--tasks-secret", "s"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/emulator/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        cloudtasks = clients.build("cloudtasks", "v2", clients.EmulatorCredentials("ops@school.example"), url)
        listed = cloudtasks.projects().locations().queues().list(parent=PARENT).execute()["queues"]
        assert [q["name"].rsplit("/", 1)[1] for q in listed] == ["provision", "sync"]
        assert requests.get(f"{url}/emulator/cloudtasks/target", timeout=5).json() == {
            "url": "http://127.0.0.1:9", "secretSet": True}
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "Loaded 2 Cloud Tasks queues from" in output


def test_the_cli_refuses_a_broken_queue_yaml(tmp_path):
    broken = tmp_path / "queue.yaml"
    broken.write_text("queue:\n- name: pulls\n  mode: pull\n")
    done = subprocess.run([sys.executable, "-m", "emulator", "--port", "0", "--queues", str(broken)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "pull queues" in done.stderr
