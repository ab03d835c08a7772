"""Cloud Tasks tasks: ``projects.locations.queues.tasks.*``
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks).

Task de-duplication (``tasks.create``, CreateTaskRequest.task): a name that an existing
task has, or that a task deleted or executed recently had, is ALREADY_EXISTS. The
reference shipped with google-api-python-client says a deleted task's ID "can take up
to 24 hours (or 9 days if the task's queue was created using a queue.yaml or
queue.xml)" to be released (older versions said about one hour); the emulator keeps
names for those longest times. Executed, permanently failed, deleted and purged
tasks all keep their names reserved.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import secrets

from ..core import clock
from .errors import already_exists, failed_precondition, invalid_argument, not_found, \
    queue_does_not_exist, task_name_reserved
from .formats import format_duration, format_timestamp, parse_duration, parse_timestamp
from .queues import render_retry, retry_config

TASK_ID = re.compile(r"^[A-Za-z0-9_-]{1,500}$")
RESERVED_FOR = dt.timedelta(hours=24)            # queues made through the API
RESERVED_FOR_YAML = dt.timedelta(days=9)         # queues from queue.yaml
MAX_AHEAD = dt.timedelta(days=30)                # scheduleTime at most 30 days ahead
MAX_TASK_BYTES = 100 * 1024                      # "The maximum task size is 100KB."
DEFAULT_DEADLINE = 600.0                         # App Engine automatic scaling, and HTTP tasks
DEADLINES = {"appEngineHttpRequest": (15.0, 24 * 3600 + 15.0), "httpRequest": (15.0, 1800.0)}
BODY_METHODS = {"appEngineHttpRequest": ("POST", "PUT"), "httpRequest": ("POST", "PUT", "PATCH")}
KINDS = ("appEngineHttpRequest", "httpRequest")
VIEWS = ("BASIC", "FULL")


def decode_body(text: str | None) -> bytes:
    """A request body as sent in the API (base64, either alphabet)."""
    if not text:
        return b""
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise invalid_argument("Invalid value at 'task.app_engine_http_request.body' (TYPE_BYTES), "
                               "not base64.") from None


def _request(kind: str, given: dict) -> dict:
    """The task's request, checked and with Google's defaults (POST, ``/``)."""
    where = "task.app_engine_http_request" if kind == "appEngineHttpRequest" else "task.http_request"
    request = {k: v for k, v in given.items() if v is not None}
    method = request.get("httpMethod") or "HTTP_METHOD_UNSPECIFIED"
    request["httpMethod"] = "POST" if method == "HTTP_METHOD_UNSPECIFIED" else method
    if kind == "appEngineHttpRequest":
        uri = request.get("relativeUri") or "/"
        if not uri.startswith("/") or any(ch.isspace() for ch in uri) or len(uri) > 2083:
            raise invalid_argument(f"{where}.relative_uri must begin with '/', hold no spaces and "
                                   f"be at most 2083 characters.")
        request["relativeUri"] = uri
    else:
        url = request.get("url") or ""
        if not re.match(r"^https?://", url) or len(url) > 2083:
            raise invalid_argument(f"{where}.url must begin with http:// or https:// and be at most "
                                   f"2083 characters.")
    if request.get("body"):
        decode_body(request["body"])
        if request["httpMethod"] not in BODY_METHODS[kind]:
            raise invalid_argument(f"{where}: a body is allowed only with "
                                   f"{' or '.join(BODY_METHODS[kind])}, not {request['httpMethod']}.")
    else:
        request.pop("body", None)
    return request


def render_task(task: dict, view: str | None) -> dict:
    view = view if view in VIEWS else "BASIC"
    request = dict(task["request"])
    if view == "BASIC":
        request.pop("body", None)   # BASIC leaves out payloads
    out = {"name": task["name"], task["kind"]: request,
           "scheduleTime": format_timestamp(task["scheduleTime"]),
           "createTime": format_timestamp(task["createTime"]),
           "dispatchDeadline": format_duration(task["deadline"]), "view": view}
    if task.get("retry"):
        out["retryConfig"] = render_retry(task["retry"])
    if task["dispatchCount"]:
        out["dispatchCount"] = task["dispatchCount"]
    if task["responseCount"]:
        out["responseCount"] = task["responseCount"]
    if task["firstAttempt"]:
        out["firstAttempt"] = {"dispatchTime": format_timestamp(task["firstAttempt"]["dispatchTime"])}
    if task["lastAttempt"]:
        out["lastAttempt"] = {k: (format_timestamp(v) if isinstance(v, dt.datetime) else v)
                              for k, v in task["lastAttempt"].items()}
    return out


class TaskOps:
    # -- lookups and names -------------------------------------------------
    def get_task(self, name: str) -> dict:
        """The one place a missing task becomes a 404 (executed tasks are gone too)."""
        task = self.tasks.get(name)
        if task is None:
            raise not_found()
        return task

    def _queue_for_new_task(self, parent: str) -> dict:
        if parent not in self.queues:
            tombstone = self.deleted_queues.get(parent)
            raise queue_does_not_exist(bool(tombstone and tombstone > clock.now()))
        return self.queues[parent]

    def _reserved(self, name: str) -> bool:
        now = clock.now()
        for old in [n for n, until in self.reserved.items() if until <= now]:
            del self.reserved[old]
        return name in self.reserved

    def forget_task(self, task: dict) -> None:
        """A task executed, failed for good, deleted or purged: gone, its name reserved."""
        self.tasks.pop(task["name"], None)
        queue = self.queues.get(task["queue"], {})
        self.reserved[task["name"]] = clock.now() + (RESERVED_FOR_YAML if queue.get("fromYaml")
                                                     else RESERVED_FOR)

    def retry_of(self, task: dict) -> dict:
        """The task's own RetryConfig if it has one, else its queue's."""
        return task.get("retry") or self.queues[task["queue"]]["retry"]

    # -- projects.locations.queues.tasks.* -----------------------------------
    def projects_locations_queues_tasks_create(self, parent: str, body: dict) -> dict:
        """https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create"""
        queue = self._queue_for_new_task(parent)
        given = body.get("task")
        if not isinstance(given, dict):
            raise invalid_argument("task is required.")
        kinds = [k for k in KINDS if given.get(k) is not None]
        if len(kinds) != 1:
            raise invalid_argument("A task needs exactly one of app_engine_http_request and http_request.")
        kind = kinds[0]
        name = given.get("name")
        if name:
            prefix = parent + "/tasks/"
            if not name.startswith(prefix) or not TASK_ID.match(name[len(prefix):]):
                raise invalid_argument(f"Task name must be {prefix}TASK_ID, where TASK_ID is 1 to 500 "
                                       f"letters, digits, hyphens or underscores; got {name!r}.")
            if name in self.tasks:
                raise already_exists()
            if self._reserved(name):
                raise task_name_reserved()
        else:
            name = f"{parent}/tasks/{secrets.randbelow(9 * 10**18) + 10**18}"
        now = clock.now()
        schedule = now
        if given.get("scheduleTime"):
            schedule = max(now, parse_timestamp(given["scheduleTime"], "task.schedule_time"))
            if schedule > now + MAX_AHEAD:
                raise invalid_argument("task.schedule_time may be at most 30 days in the future.")
        deadline = DEFAULT_DEADLINE
        if given.get("dispatchDeadline"):
            deadline = parse_duration(given["dispatchDeadline"], "task.dispatch_deadline") or DEFAULT_DEADLINE
            low, high = DEADLINES[kind]
            if not low <= deadline <= high:
                raise invalid_argument(f"task.dispatch_deadline must be between {format_duration(low)} "
                                       f"and {format_duration(high)}.")
        request = _request(kind, given[kind])
        if len(json.dumps(request)) > MAX_TASK_BYTES:
            raise invalid_argument("Task size too large: the maximum task size is 100KB.")
        task = {"name": name, "queue": queue["name"], "kind": kind, "request": request,
                "scheduleTime": schedule, "createTime": now.replace(microsecond=0),
                "deadline": deadline, "dispatchCount": 0, "responseCount": 0,
                "firstAttempt": None, "lastAttempt": None, "lastResponse": None,
                "retry": retry_config(given["retryConfig"], queue["retry"], "task.retry_config")
                if given.get("retryConfig") else None}
        self.tasks[name] = task
        self.dispatcher.wake()
        return render_task(task, body.get("responseView"))

    def projects_locations_queues_tasks_get(self, name: str, view: str | None) -> dict:
        return render_task(self.get_task(name), view)

    def projects_locations_queues_tasks_list(self, parent: str, view: str | None, page_size: int | None,
                                             page_token: str | None) -> dict:
        """Google returns tasks "in any order"; the emulator lists them by schedule time."""
        self.get_queue(parent)
        tasks = sorted((t for t in self.tasks.values() if t["queue"] == parent),
                       key=lambda t: (t["scheduleTime"], t["name"]))
        items, token = self.page(tasks, page_size, page_token, f"tasks|{parent}", 1000)
        out = {"tasks": [render_task(t, view) for t in items]} if items else {}
        if token:
            out["nextPageToken"] = token
        return out

    def projects_locations_queues_tasks_delete(self, name: str) -> dict:
        self.forget_task(self.get_task(name))
        return {}

    def projects_locations_queues_tasks_run(self, name: str, view: str | None) -> dict:
        """Dispatches now, "even if the task is already running, the queue has reached its
        RateLimits or is PAUSED"; answers the task as dispatched."""
        task = self.get_task(name)
        if task["kind"] == "appEngineHttpRequest" and not self.target["url"]:
            raise failed_precondition("The emulator has no App Engine target to run the task on: "
                                      "POST /emulator/cloudtasks/target first.")
        self.dispatcher.start(task)
        return render_task(task, view)
