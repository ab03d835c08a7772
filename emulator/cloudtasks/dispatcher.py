"""Delivering due tasks, as Cloud Tasks does for App Engine and HTTP targets.

One background thread (started when there is something to dispatch, gone when
nothing will be due without a change) starts each due task of a RUNNING queue within the queue's
``maxConcurrentDispatches`` and its token bucket (``maxBurstSize`` tokens, refilled
at ``maxDispatchesPerSecond``); each delivery then runs on a thread of its own.
Time is the emulator's clock (core/clock.py), so advancing it makes backoffs pass.

A delivery (https://cloud.google.com/tasks/docs/creating-appengine-handlers):

* App Engine tasks go to the local "App Engine app", the target URL given by
  ``--tasks-target`` or ``POST /emulator/cloudtasks/target``, plus ``relativeUri``,
  with ``X-AppEngine-QueueName`` (the queue's ID), ``X-AppEngine-TaskName`` (the
  task's ID), ``X-AppEngine-TaskRetryCount`` (earlier attempts), ``-TaskExecutionCount``
  (earlier attempts that got a response), ``-TaskETA`` (schedule time in seconds since
  the epoch) and, after a response, ``-TaskPreviousResponse`` (its HTTP code); the
  User-Agent ends in ``AppEngine-Google; (+http://code.google.com/appengine)``, and a
  body without a Content-Type is ``application/octet-stream``. With a local secret set,
  ``X-CAS-Local-Task-Secret`` carries it: the emulator's own addition, since outside
  App Engine anybody can send X-AppEngine-* headers. Without a target, App Engine
  tasks wait.
* HTTP tasks go to their ``url`` (only on this machine: loopback addresses) with the
  same headers named ``X-CloudTasks-*`` and User-Agent ``Google-Cloud-Tasks``.
* Task headers may not set Host, X-Google-* or X-AppEngine-* ("cannot be set or
  overridden"): those are dropped.

A 2xx answer is success: the task is deleted, its name stays reserved. Anything else,
no answer or no answer within the task's ``dispatchDeadline`` is a failed attempt:
the task is retried after the queue's backoff, or deleted once its RetryConfig is
exhausted. Every attempt is recorded in ``store.log`` (``GET /emulator/cloudtasks/log``).
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import threading
import time
from urllib.parse import urlsplit

from ..core import clock
from .tasks import decode_body

APP_ENGINE_AGENT = "AppEngine-Google; (+http://code.google.com/appengine)"
SECRET_HEADER = "X-CAS-Local-Task-Secret"
IDLE_POLL = 1.0      # seconds between looks when nothing is due sooner
LOG_LIMIT = 10_000   # attempts kept in store.log
# google.rpc.Code of an attempt's responseStatus, from the HTTP status (Google's mapping).
RPC_CODES = {200: 0, 400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 412: 9, 429: 8, 499: 1,
             500: 13, 501: 12, 503: 14, 504: 4}


def backoff(retry: dict, attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` attempts failed: min_backoff,
    doubled ``max_doublings`` times, then growing by the last doubled interval each
    time, capped at max_backoff (RetryConfig.max_doublings: 10s, 20s, 40s, 80s, 160s,
    240s, 300s for 10s/300s/3 doublings)."""
    low, high, doublings = retry["minBackoff"], retry["maxBackoff"], retry["maxDoublings"]
    n = attempts - 1
    interval = low * 2 ** n if n <= doublings else low * 2 ** doublings * (n - doublings + 1)
    return min(high, interval)


def exhausted(retry: dict, task: dict, now: dt.datetime) -> bool:
    """No more attempts: "Cloud Tasks stops retrying only when max_attempts and
    max_retry_duration are both satisfied" (an unlimited one, -1 or 0, leaves the
    other to decide; both unlimited retry for ever)."""
    limit, age = retry["maxAttempts"], retry["maxRetryDuration"]
    attempts_done = limit != -1 and task["dispatchCount"] >= limit
    age_done = bool(age) and (now - task["firstAttempt"]["dispatchTime"]).total_seconds() >= age
    if limit == -1:
        return age_done
    if not age:
        return attempts_done
    return attempts_done and age_done


def is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Dispatcher:
    def __init__(self, store):
        self.store = store
        self.world = store.world
        self.inflight: dict[str, int] = {}      # task name -> the store generation it started in
        self.buckets: dict[str, list] = {}      # queue name -> [tokens, refilled at]
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._event = threading.Event()

    def reset(self) -> None:
        self.inflight.clear()
        self.buckets.clear()

    # -- the loop ----------------------------------------------------------
    def wake(self) -> None:
        """Look for due tasks now (starting the thread if it is not running)."""
        with self._thread_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="cloudtasks-dispatcher",
                                                daemon=True)
                self._thread.start()
        self._event.set()

    def _loop(self) -> None:
        while True:
            self._event.clear()
            with self.world.lock:
                wait = self._start_due()
                if wait is None and not self.inflight:
                    # Nothing will be due by itself: what could change that (a new
                    # task, a target, resume, the clock moving) wakes a new thread.
                    with self._thread_lock:
                        self._thread = None
                    return
            self._event.wait(IDLE_POLL if wait is None else max(0.005, min(wait, IDLE_POLL)))

    def deliverable(self, task: dict) -> bool:
        return task["kind"] == "httpRequest" or bool(self.store.target["url"])

    def _start_due(self) -> float | None:
        """Start every task that may go now; seconds until one may go, or None."""
        now, wait = clock.now(), None
        by_queue: dict[str, list] = {}
        for task in self.store.tasks.values():
            by_queue.setdefault(task["queue"], []).append(task)
        started = False
        for queue_name, tasks in by_queue.items():
            queue = self.store.queues.get(queue_name)
            if not queue or queue["state"] != "RUNNING" or queue["rate"] <= 0:
                continue
            waiting = sorted((t for t in tasks if t["name"] not in self.inflight and self.deliverable(t)),
                             key=lambda t: (t["scheduleTime"], t["name"]))
            slots = queue["concurrent"] - sum(1 for t in tasks if t["name"] in self.inflight)
            bucket = self._refill(queue, now)
            for task in waiting:
                ahead = (task["scheduleTime"] - now).total_seconds()
                if ahead > 0:
                    wait = ahead if wait is None else min(wait, ahead)
                    break
                if slots <= 0:
                    break   # a finishing delivery wakes the loop
                if bucket[0] < 1:
                    refill = (1 - bucket[0]) / queue["rate"]
                    wait = refill if wait is None else min(wait, refill)
                    break
                bucket[0] -= 1
                slots -= 1
                self.start(task, now)
                started = True
        if started:
            self.world.save()
        return wait

    def _refill(self, queue: dict, now: dt.datetime) -> list:
        bucket = self.buckets.setdefault(queue["name"], [float(queue["burst"]), now])
        elapsed = max(0.0, (now - bucket[1]).total_seconds())
        bucket[0] = min(float(queue["burst"]), bucket[0] + elapsed * queue["rate"])
        bucket[1] = now
        return bucket

    # -- one attempt ---------------------------------------------------------
    def start(self, task: dict, now: dt.datetime | None = None) -> None:
        """Record the attempt and deliver it on a thread (the world lock is held)."""
        now = now or clock.now()
        request = self._http_request(task)
        task["dispatchCount"] += 1
        if not task["firstAttempt"]:
            task["firstAttempt"] = {"dispatchTime": now}
        task["lastAttempt"] = {"scheduleTime": task["scheduleTime"], "dispatchTime": now}
        self.inflight[task["name"]] = self.store.generation
        record = {"task": task["name"], "queue": task["queue"], "attempt": task["dispatchCount"],
                  "method": request["method"], "url": request["url"],
                  "retryCount": task["dispatchCount"] - 1, "executionCount": task["responseCount"],
                  "dispatchTime": clock.rfc3339(now), "status": None, "error": None, "outcome": None}
        self.store.log.append(record)
        if len(self.store.log) > LOG_LIMIT:   # a long demo keeps the latest attempts
            del self.store.log[:len(self.store.log) - LOG_LIMIT]
        threading.Thread(target=self._deliver, args=(task["name"], self.store.generation, request, record),
                         name=f"cloudtasks-{task['name'].rsplit('/', 1)[1]}", daemon=True).start()

    def _http_request(self, task: dict) -> dict:
        queue_id = task["queue"].rsplit("/", 1)[1]
        task_id = task["name"].rsplit("/", 1)[1]
        given, engine = task["request"], task["kind"] == "appEngineHttpRequest"
        prefix = "X-AppEngine-" if engine else "X-CloudTasks-"
        headers = {k: v for k, v in (given.get("headers") or {}).items()
                   if k.lower() not in ("host", "content-length", SECRET_HEADER.lower())
                   and not k.lower().startswith(("x-google-", "x-appengine-", "x-cloudtasks-"))}
        agent = next((headers.pop(k) for k in list(headers) if k.lower() == "user-agent"), "")
        body = decode_body(given.get("body"))
        if engine:
            url = self.store.target["url"].rstrip("/") + given["relativeUri"]
            headers["User-Agent"] = f"{agent} {APP_ENGINE_AGENT}".strip()
            if body and not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/octet-stream"
            if self.store.target.get("secret"):
                headers[SECRET_HEADER] = self.store.target["secret"]
        else:
            url = given["url"]
            headers["User-Agent"] = "Google-Cloud-Tasks"
        headers.update({
            prefix + "QueueName": queue_id, prefix + "TaskName": task_id,
            prefix + "TaskRetryCount": str(task["dispatchCount"]),
            prefix + "TaskExecutionCount": str(task["responseCount"]),
            prefix + "TaskETA": f"{task['scheduleTime'].timestamp():.6f}"})
        if task["lastResponse"] is not None:
            headers[prefix + "TaskPreviousResponse"] = str(task["lastResponse"])
        return {"method": given["httpMethod"], "url": url, "headers": headers, "body": body,
                "timeout": task["deadline"]}

    def _deliver(self, name: str, generation: int, request: dict, record: dict) -> None:
        with self.world.lock:   # the call that created or ran the task has committed
            pass
        status, error = _send(request)
        with self.world.lock:
            if self.inflight.get(name) == generation:
                del self.inflight[name]
            task = self.store.tasks.get(name)
            record.update(status=status, error=error, responseTime=clock.stamp())
            if generation != self.store.generation or task is None:
                record["outcome"] = "gone"          # deleted or purged while in flight
            else:
                self._finish(task, status, error, record)
            self.world.save()
        self.wake()

    def _finish(self, task: dict, status: int | None, error: str | None, record: dict) -> None:
        now = clock.now()
        code = 4 if error == "DEADLINE_EXCEEDED" else 14 if status is None else \
            RPC_CODES.get(status, 0 if 200 <= status < 300 else 2)
        task["lastAttempt"].update(responseTime=now, responseStatus={
            "code": code, "message": error or http.client.responses.get(status, str(status))})
        if status is not None:
            task["responseCount"] += 1
            task["lastResponse"] = status
        if status is not None and 200 <= status < 300:
            record["outcome"] = "succeeded"
            self.store.forget_task(task)
            return
        retry = self.store.retry_of(task)
        if exhausted(retry, task, now):
            record["outcome"] = "failed"            # no more attempts: deleted
            self.store.forget_task(task)
            return
        task["scheduleTime"] = now + dt.timedelta(seconds=backoff(retry, task["dispatchCount"]))
        record.update(outcome="retrying", nextAttempt=clock.rfc3339(task["scheduleTime"]))

    # -- the control plane's "dispatch now" -----------------------------------
    def settle(self, timeout: float = 30.0) -> list[dict]:
        """Wait until each task due now has had an attempt and nothing is in flight;
        answer the attempts finished since the previous ``settle`` (the background
        thread may have made them before this call)."""
        with self.world.lock:
            now = clock.now()
            watched = {name: (task["dispatchCount"], name in self.inflight)
                       for name, task in self.store.tasks.items()
                       if name in self.inflight or (task["scheduleTime"] <= now and self._may_run(task))}
        self.wake()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.world.lock:
                pending = [n for n, (count, flying) in watched.items() if n in self.store.tasks and (
                    n in self.inflight or (not flying and self.store.tasks[n]["dispatchCount"] <= count))]
                if not pending and not self.inflight:
                    break
            time.sleep(0.01)
        with self.world.lock:
            fresh = [r for r in self.store.log if r["outcome"] and not r.get("reported")]
            for record in fresh:
                record["reported"] = True
            return [{k: v for k, v in r.items() if k != "reported"} for r in fresh]

    def _may_run(self, task: dict) -> bool:
        queue = self.store.queues.get(task["queue"]) or {}
        return queue.get("state") == "RUNNING" and queue.get("rate", 0) > 0 and self.deliverable(task)


def _send(request: dict) -> tuple[int | None, str | None]:
    """(HTTP status, None), or (None, why there was no answer)."""
    if not is_local(request["url"]):
        return None, "not delivered: the emulator sends tasks only to this machine (loopback)"
    parts = urlsplit(request["url"])
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = connection_class(parts.hostname, parts.port, timeout=request["timeout"])
    try:
        connection.request(request["method"], path, body=request["body"] or None,
                           headers=request["headers"])
        answer = connection.getresponse()
        answer.read()
        return answer.status, None
    except TimeoutError:
        return None, "DEADLINE_EXCEEDED"
    except OSError as err:
        return None, f"UNAVAILABLE: {err.strerror or err}"
    finally:
        connection.close()
