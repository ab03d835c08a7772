"""A queue's rate limits (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues#ratelimits):
no more than maxConcurrentDispatches tasks in flight at once (queue.yaml's
max_concurrent_requests), and dispatches paced by a token bucket of maxBurstSize
tokens refilled at maxDispatchesPerSecond (queue.yaml's bucket_size and rate)."""

import time

from _tasks import PARENT, control, dispatch


def deploy(emulator, text):
    control(emulator, "cloudtasks/queues", {"yaml": text, "parent": PARENT})


def enqueue(cloudtasks, queue_id, count):
    tasks = cloudtasks.projects().locations().queues().tasks()
    for i in range(count):
        tasks.create(parent=f"{PARENT}/queues/{queue_id}",
                     body={"task": {"appEngineHttpRequest": {"relativeUri": f"/tasks/{i}"}}}).execute()


def test_max_concurrent_requests_bounds_the_tasks_in_flight(emulator, cloudtasks, task_target):
    deploy(emulator, "queue:\n- name: provision\n  rate: 100/s\n  bucket_size: 20\n"
                     "  max_concurrent_requests: 2\n")
    task_target.delay = 0.2
    control(emulator, "cloudtasks/target", {"url": None})   # hold deliveries while enqueuing
    enqueue(cloudtasks, "provision", 6)
    control(emulator, "cloudtasks/target", {"url": task_target.url})
    deliveries = dispatch(emulator)
    assert len(deliveries) == 6 and {d["outcome"] for d in deliveries} == {"succeeded"}
    assert task_target.most_active == 2   # two at a time, never more


def test_a_concurrency_of_one_serialises_the_queue(emulator, cloudtasks, task_target):
    # deploy/queue.yaml's sync queue: "max_concurrent_requests: 1 serialises the syncs".
    deploy(emulator, "queue:\n- name: sync\n  rate: 100/s\n  bucket_size: 10\n  max_concurrent_requests: 1\n")
    task_target.delay = 0.05
    control(emulator, "cloudtasks/target", {"url": None})
    enqueue(cloudtasks, "sync", 4)
    control(emulator, "cloudtasks/target", {"url": task_target.url})
    assert len(dispatch(emulator)) == 4
    assert task_target.most_active == 1


def test_the_rate_paces_dispatches_after_the_burst(emulator, cloudtasks, task_target):
    deploy(emulator, "queue:\n- name: paced\n  rate: 5/s\n  bucket_size: 1\n")
    control(emulator, "cloudtasks/target", {"url": None})
    enqueue(cloudtasks, "paced", 4)
    started = time.monotonic()
    control(emulator, "cloudtasks/target", {"url": task_target.url})
    assert len(dispatch(emulator)) == 4
    arrivals = [r["at"] for r in task_target.requests]
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert min(gaps) >= 0.15           # one token every 0.2 s, the bucket holding one
    assert time.monotonic() - started >= 0.55
