"""Cloud Tasks queues: ``projects.locations.queues.*``
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues).

A queue is kept with its settings in seconds and numbers; ``render_queue`` writes it
as the API's Queue. Defaults are what a queue made by ``queues.create`` shows
(``gcloud tasks queues describe``): 500 dispatches a second, 1,000 concurrent, 100
attempts, backoff from 0.1 s to 3,600 s doubling 16 times. The reference leaves them
to "Cloud Tasks will pick the default".
"""

from __future__ import annotations

import datetime as dt
import math
import re

from ..core import clock
from .errors import already_exists, invalid_argument, not_found
from .formats import format_duration, format_timestamp, parse_duration

QUEUE_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")
MAX_RATE = 500.0                 # "The maximum allowed value is 500."
MAX_CONCURRENT = 5000            # "The maximum allowed value is 5,000."
DEFAULT_RATE, DEFAULT_CONCURRENT = 500.0, 1000
DEFAULT_RETRY = {"maxAttempts": 100, "minBackoff": 0.1, "maxBackoff": 3600.0,
                 "maxDoublings": 16, "maxRetryDuration": 0.0}
QUEUE_TOMBSTONE = dt.timedelta(days=3)   # queues.delete: "a tombstone window of up to 3 days"
UPDATABLE = ("rateLimits", "retryConfig", "appEngineRoutingOverride", "stackdriverLoggingConfig",
             "httpTarget")
STATES = ("RUNNING", "PAUSED", "DISABLED")


def burst_for(rate: float) -> int:
    """maxBurstSize of a queue made through the API: Cloud Tasks picks it "based on the
    value of max_dispatches_per_second" without saying how; 100 at 500/s is what a new
    queue shows, and the emulator scales it down with the rate (its own rule)."""
    return max(1, min(100, math.ceil(rate)))


def rate_limits(given: dict | None, where: str = "queue.rate_limits") -> dict:
    """Validated rate limits (seconds and counts), defaults for what is not given."""
    given = given or {}
    rate = given.get("maxDispatchesPerSecond") or DEFAULT_RATE
    if not 0 < rate <= MAX_RATE:
        raise invalid_argument(f"{where}.max_dispatches_per_second must be in (0, {MAX_RATE:g}].")
    concurrent = given.get("maxConcurrentDispatches") or DEFAULT_CONCURRENT
    if not 0 < concurrent <= MAX_CONCURRENT:
        raise invalid_argument(f"{where}.max_concurrent_dispatches must be in [1, {MAX_CONCURRENT}].")
    return {"rate": float(rate), "burst": burst_for(rate), "concurrent": int(concurrent)}


def retry_config(given: dict | None, base: dict | None = None, where: str = "queue.retry_config") -> dict:
    """A RetryConfig in seconds; unset (or proto3 zero) fields come from ``base``."""
    retry = dict(base or DEFAULT_RETRY)
    given = given or {}
    if given.get("maxAttempts"):
        if given["maxAttempts"] < -1:
            raise invalid_argument(f"{where}.max_attempts must be -1 (unlimited) or more.")
        retry["maxAttempts"] = given["maxAttempts"]
    if given.get("maxDoublings") is not None:
        if given["maxDoublings"] < 0:
            raise invalid_argument(f"{where}.max_doublings must not be negative.")
        retry["maxDoublings"] = given["maxDoublings"]
    for key, field in (("minBackoff", "min_backoff"), ("maxBackoff", "max_backoff"),
                       ("maxRetryDuration", "max_retry_duration")):
        if given.get(key) is not None:
            seconds = parse_duration(given[key], f"{where}.{field}")
            if seconds < 0:
                raise invalid_argument(f"{where}.{field} must not be negative.")
            if seconds or key == "maxRetryDuration":
                retry[key] = seconds
    if retry["minBackoff"] > retry["maxBackoff"]:
        raise invalid_argument(f"{where}.min_backoff must not be greater than max_backoff.")
    return retry


def render_retry(retry: dict) -> dict:
    out = {"maxAttempts": retry["maxAttempts"], "minBackoff": format_duration(retry["minBackoff"]),
           "maxBackoff": format_duration(retry["maxBackoff"]), "maxDoublings": retry["maxDoublings"]}
    if retry["maxRetryDuration"]:
        out["maxRetryDuration"] = format_duration(retry["maxRetryDuration"])
    return out


def render_queue(queue: dict) -> dict:
    out = {"name": queue["name"],
           "rateLimits": {"maxDispatchesPerSecond": queue["rate"], "maxBurstSize": queue["burst"],
                          "maxConcurrentDispatches": queue["concurrent"]},
           "retryConfig": render_retry(queue["retry"]), "state": queue["state"]}
    if queue.get("purgeTime"):
        out["purgeTime"] = format_timestamp(queue["purgeTime"])
    for key in ("appEngineRoutingOverride", "stackdriverLoggingConfig", "httpTarget"):
        if queue.get(key):
            out[key] = queue[key]
    return out


class QueueOps:
    # -- lookups -----------------------------------------------------------
    def get_queue(self, name: str) -> dict:
        """The one place a missing queue becomes a 404."""
        queue = self.queues.get(name)
        if queue is None:
            raise not_found()
        return queue

    def new_queue(self, name: str, limits: dict, retry: dict, *, from_yaml: bool = False) -> dict:
        queue = {"name": name, **limits, "retry": retry, "state": "RUNNING", "purgeTime": None,
                 "fromYaml": from_yaml}
        self.queues[name] = queue
        self.deleted_queues.pop(name, None)
        return queue

    @staticmethod
    def _check_name(parent: str, name) -> str:
        prefix = parent + "/queues/"
        if not isinstance(name, str) or not name.startswith(prefix) or not QUEUE_ID.match(name[len(prefix):]):
            raise invalid_argument(f"Queue name must be {prefix}QUEUE_ID, where QUEUE_ID is 1 to 100 "
                                   f"letters, digits or hyphens; got {name!r}.")
        return name

    # -- projects.locations.queues.* -----------------------------------------
    def projects_locations_queues_create(self, parent: str, body: dict) -> dict:
        """https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues/create"""
        name = self._check_name(parent, body.get("name"))
        if name in self.queues:
            raise already_exists()
        queue = self.new_queue(name, rate_limits(body.get("rateLimits")), retry_config(body.get("retryConfig")))
        for key in UPDATABLE[2:]:
            if body.get(key):
                queue[key] = body[key]
        return render_queue(queue)

    def projects_locations_queues_get(self, name: str) -> dict:
        return render_queue(self.get_queue(name))

    def projects_locations_queues_list(self, parent: str, filter_: str | None, page_size: int | None,
                                       page_token: str | None) -> dict:
        """Queues "in lexicographical order"; ``filter`` takes the state (``state: PAUSED``)."""
        wanted = _state_filter(filter_)
        queues = [render_queue(q) for name, q in sorted(self.queues.items())
                  if name.startswith(parent + "/queues/") and wanted(q["state"])]
        items, token = self.page(queues, page_size, page_token, f"queues|{parent}|{filter_}", 9800)
        out = {"queues": items} if items else {}
        if token:
            out["nextPageToken"] = token
        return out

    def projects_locations_queues_patch(self, name: str, body: dict, update_mask: str | None) -> dict:
        """https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues/patch
        Creates the queue when it does not exist; an empty mask updates every field."""
        if body.get("name") and body["name"] != name:
            raise invalid_argument("queue.name must be the queue's name in the URL.")
        self._check_name(name.rsplit("/queues/", 1)[0], name)
        paths = [_camel(p.strip()) for p in (update_mask or "").split(",") if p.strip()]
        queue = self.queues.get(name)
        if queue is None:
            queue = self.new_queue(name, rate_limits(None), retry_config(None))
        for path in paths or UPDATABLE:
            top, _, leaf = path.partition(".")
            if top not in UPDATABLE or (path == "rateLimits.maxBurstSize"):
                raise invalid_argument(f"Invalid update_mask path: {path} (not an updatable field).")
            given = body.get(top) or {}
            if top == "rateLimits":
                chosen = given if not leaf else {
                    "maxDispatchesPerSecond": queue["rate"], "maxConcurrentDispatches": queue["concurrent"],
                    **({leaf: given[leaf]} if leaf in given else {})}
                queue.update(rate_limits(chosen))
            elif top == "retryConfig":
                if leaf and leaf in given:
                    queue["retry"] = retry_config({leaf: given[leaf]}, queue["retry"])
                elif not leaf:
                    queue["retry"] = retry_config(given)
            elif leaf:
                queue.setdefault(top, {})[leaf] = given.get(leaf)
            else:
                queue[top] = given or None
        self.dispatcher.wake()   # new limits may let waiting tasks go
        return render_queue(queue)

    def projects_locations_queues_delete(self, name: str) -> dict:
        """Deletes the queue "even if it has tasks in it"; its name stays in a tombstone."""
        self.get_queue(name)
        del self.queues[name]
        for task_name in [t for t in self.tasks if t.startswith(name + "/tasks/")]:
            del self.tasks[task_name]
        self.deleted_queues[name] = clock.now() + QUEUE_TOMBSTONE
        return {}

    def projects_locations_queues_pause(self, name: str) -> dict:
        queue = self.get_queue(name)
        queue["state"] = "PAUSED"
        return render_queue(queue)

    def projects_locations_queues_resume(self, name: str) -> dict:
        """A PAUSED or DISABLED queue runs again."""
        queue = self.get_queue(name)
        queue["state"] = "RUNNING"
        self.dispatcher.wake()
        return render_queue(queue)

    def projects_locations_queues_purge(self, name: str) -> dict:
        """Deletes every task created before now; their names stay reserved as deleted ones."""
        queue = self.get_queue(name)
        now = clock.now()
        queue["purgeTime"] = now
        for task in [t for t in self.tasks.values() if t["queue"] == name and t["createTime"] <= now]:
            self.forget_task(task)
        return render_queue(queue)


def _camel(path: str) -> str:
    return ".".join(re.sub(r"_([a-z])", lambda m: m.group(1).upper(), part) for part in path.split("."))


def _state_filter(text: str | None):
    if not text or not text.strip():
        return lambda state: True
    m = re.fullmatch(r'\s*state\s*(:|=|!=)\s*"?([A-Z_]+)"?\s*', text)
    if not m or m.group(2) not in STATES + ("STATE_UNSPECIFIED",):
        raise invalid_argument(f"Invalid filter {text!r}: the emulator filters queues by state only "
                               f"(state: RUNNING, state: PAUSED, state != DISABLED).")
    op, value = m.group(1), m.group(2)
    return (lambda state: state != value) if op == "!=" else (lambda state: state == value)
