"""Cloud Tasks queues through google-api-python-client: create, get, list, patch,
pause, resume, purge and delete, with the defaults a new queue shows
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues)."""

import pytest
from googleapiclient.errors import HttpError

from _tasks import PARENT

QUEUE = f"{PARENT}/queues/sync"


def queues(cloudtasks):
    return cloudtasks.projects().locations().queues()


def tasks(cloudtasks):
    return queues(cloudtasks).tasks()


def create_queue(cloudtasks, name=QUEUE, parent=PARENT, **body):
    return queues(cloudtasks).create(parent=parent, body={"name": name, **body}).execute()


def test_a_new_queue_runs_with_the_defaults_gcloud_shows(cloudtasks):
    queue = create_queue(cloudtasks)
    assert queue == {"name": QUEUE, "state": "RUNNING",
                     "rateLimits": {"maxDispatchesPerSecond": 500, "maxBurstSize": 100,
                                    "maxConcurrentDispatches": 1000},
                     "retryConfig": {"maxAttempts": 100, "minBackoff": "0.100s",
                                     "maxBackoff": "3600s", "maxDoublings": 16}}
    assert queues(cloudtasks).get(name=QUEUE).execute() == queue


def test_rate_limits_and_retry_config_are_kept_as_given(cloudtasks):
    queue = create_queue(cloudtasks, rateLimits={"maxDispatchesPerSecond": 2, "maxConcurrentDispatches": 3},
                         retryConfig={"maxAttempts": 5, "minBackoff": "10s", "maxBackoff": "300s",
                                      "maxDoublings": 3, "maxRetryDuration": "900s"})
    assert queue["rateLimits"]["maxDispatchesPerSecond"] == 2
    assert queue["rateLimits"]["maxConcurrentDispatches"] == 3
    assert queue["retryConfig"] == {"maxAttempts": 5, "minBackoff": "10s", "maxBackoff": "300s",
                                    "maxDoublings": 3, "maxRetryDuration": "900s"}


@pytest.mark.parametrize("body", [
    {"rateLimits": {"maxDispatchesPerSecond": 501}},          # "The maximum allowed value is 500."
    {"rateLimits": {"maxConcurrentDispatches": 5001}},        # "The maximum allowed value is 5,000."
    {"retryConfig": {"minBackoff": "600s", "maxBackoff": "60s"}},
    {"retryConfig": {"maxAttempts": -2}},                     # "Must be greater than or equal to -1"
    {"retryConfig": {"minBackoff": "ten seconds"}},           # not a protobuf Duration
], ids=["rate", "concurrency", "backoffs", "attempts", "duration"])
def test_settings_outside_googles_bounds_are_400(cloudtasks, body):
    with pytest.raises(HttpError) as caught:
        create_queue(cloudtasks, **body)
    assert caught.value.status_code == 400


@pytest.mark.parametrize("name", [f"{PARENT}/queues/under_score", f"{PARENT}/queues/" + "q" * 101,
                                  "projects/other/locations/europe-west1/queues/sync"])
def test_a_queue_id_is_1_to_100_letters_digits_or_hyphens_under_the_parent(cloudtasks, name):
    with pytest.raises(HttpError) as caught:
        create_queue(cloudtasks, name=name)
    assert caught.value.status_code == 400


def test_a_second_queue_of_the_same_name_is_409_already_exists(cloudtasks):
    create_queue(cloudtasks)
    with pytest.raises(HttpError) as caught:
        create_queue(cloudtasks)
    assert caught.value.status_code == 409
    assert caught.value.error_details[0]["reason"] == "alreadyExists"


def test_a_missing_queue_is_404(cloudtasks):
    with pytest.raises(HttpError) as caught:
        queues(cloudtasks).get(name=QUEUE).execute()
    assert caught.value.status_code == 404


def test_list_is_in_lexicographical_order_and_filters_by_state(cloudtasks):
    for queue_id in ("sync", "provision", "digest"):
        create_queue(cloudtasks, name=f"{PARENT}/queues/{queue_id}")
    create_queue(cloudtasks, name="projects/cas-school/locations/us-east1/queues/elsewhere",
                 parent="projects/cas-school/locations/us-east1")
    queues(cloudtasks).pause(name=f"{PARENT}/queues/digest").execute()
    listed = queues(cloudtasks).list(parent=PARENT).execute()["queues"]
    assert [q["name"].rsplit("/", 1)[1] for q in listed] == ["digest", "provision", "sync"]
    paused = queues(cloudtasks).list(parent=PARENT, filter="state: PAUSED").execute()["queues"]
    assert [q["name"].rsplit("/", 1)[1] for q in paused] == ["digest"]


def test_list_pages_with_page_size_and_token(cloudtasks):
    for queue_id in ("a", "b", "c"):
        create_queue(cloudtasks, name=f"{PARENT}/queues/{queue_id}")
    first = queues(cloudtasks).list(parent=PARENT, pageSize=2).execute()
    second = queues(cloudtasks).list(parent=PARENT, pageSize=2, pageToken=first["nextPageToken"]).execute()
    assert [q["name"][-1] for q in first["queues"] + second["queues"]] == ["a", "b", "c"]
    assert "nextPageToken" not in second


def test_pause_and_resume_change_the_state_only(cloudtasks):
    create_queue(cloudtasks)
    assert queues(cloudtasks).pause(name=QUEUE).execute()["state"] == "PAUSED"
    assert queues(cloudtasks).resume(name=QUEUE).execute()["state"] == "RUNNING"


def test_patch_updates_the_masked_fields_and_recomputes_the_burst(cloudtasks):
    create_queue(cloudtasks, retryConfig={"maxAttempts": 5})
    patched = queues(cloudtasks).patch(name=QUEUE, updateMask="rateLimits.maxDispatchesPerSecond",
                                       body={"rateLimits": {"maxDispatchesPerSecond": 1}}).execute()
    assert patched["rateLimits"] == {"maxDispatchesPerSecond": 1, "maxBurstSize": 1,
                                     "maxConcurrentDispatches": 1000}
    assert patched["retryConfig"]["maxAttempts"] == 5   # not in the mask: kept


def test_patch_creates_a_queue_that_does_not_exist(cloudtasks):
    # queues.patch: "This method creates the queue if it does not exist".
    made = queues(cloudtasks).patch(name=QUEUE, updateMask="retryConfig.maxAttempts",
                                    body={"retryConfig": {"maxAttempts": 3}}).execute()
    assert made["retryConfig"]["maxAttempts"] == 3
    assert queues(cloudtasks).get(name=QUEUE).execute()["state"] == "RUNNING"


def test_patch_may_not_change_output_only_fields(cloudtasks):
    create_queue(cloudtasks)
    with pytest.raises(HttpError) as caught:
        queues(cloudtasks).patch(name=QUEUE, updateMask="state", body={"state": "PAUSED"}).execute()
    assert caught.value.status_code == 400


def test_purge_deletes_every_task_and_records_the_purge_time(cloudtasks):
    create_queue(cloudtasks)
    queues(cloudtasks).pause(name=QUEUE).execute()
    for _ in range(3):
        tasks(cloudtasks).create(parent=QUEUE, body={"task": {"appEngineHttpRequest": {}}}).execute()
    purged = queues(cloudtasks).purge(name=QUEUE).execute()
    assert purged["purgeTime"]
    assert tasks(cloudtasks).list(parent=QUEUE).execute() == {}


def test_delete_removes_the_queue_with_its_tasks(cloudtasks):
    create_queue(cloudtasks)
    queues(cloudtasks).pause(name=QUEUE).execute()
    task = tasks(cloudtasks).create(parent=QUEUE, body={"task": {"appEngineHttpRequest": {}}}).execute()
    assert queues(cloudtasks).delete(name=QUEUE).execute() == {}
    with pytest.raises(HttpError) as caught:
        tasks(cloudtasks).get(name=task["name"]).execute()
    assert caught.value.status_code == 404


def test_a_task_for_a_missing_queue_is_400_failed_precondition(cloudtasks):
    # Observed from Cloud Tasks: FAILED_PRECONDITION "Queue does not exist."
    with pytest.raises(HttpError) as caught:
        tasks(cloudtasks).create(parent=QUEUE, body={"task": {"appEngineHttpRequest": {}}}).execute()
    assert caught.value.status_code == 400
    assert caught.value.reason == "Queue does not exist."


def test_a_task_for_a_queue_deleted_recently_says_it_existed(cloudtasks):
    # Observed: "The queue no longer exists, though a queue with this name existed recently."
    create_queue(cloudtasks)
    queues(cloudtasks).delete(name=QUEUE).execute()
    with pytest.raises(HttpError) as caught:
        tasks(cloudtasks).create(parent=QUEUE, body={"task": {"appEngineHttpRequest": {}}}).execute()
    assert caught.value.status_code == 400
    assert "existed recently" in caught.value.reason


def test_calls_without_credentials_are_401(emulator):
    import requests
    answer = requests.get(f"{emulator.url}/v2/{QUEUE}", timeout=10)
    assert answer.status_code == 401
