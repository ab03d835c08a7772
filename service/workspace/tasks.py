"""Cloud Tasks v2: putting the service's own long work on its queues
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create).

Why google-api-python-client's ``cloudtasks`` v2 rather than ``google-cloud-tasks``:
it ships the v2 discovery document (the emulator validates against the same
one), so the queue calls go through the same funnel as every other API here
(``ApiGateway.call``: counted by discovery method ID, retried by the one retry
policy, errors as ``WorkspaceError`` with Google's reason) and the emulator is
reached by the same ``api_endpoint`` switch. ``google-cloud-tasks`` would bring
gRPC (grpcio) or a second REST stack, its own retry and exception model
(``google.api_core``), and a second way of pointing at the emulator, for the one
call the service makes.

Tasks are not the coordinator's business: they are created as the service's own
account (``credentials.service_credentials``), with the cloud-platform scope,
not through domain-wide delegation.

De-duplication (the reference, ``CreateTaskRequest.task``): "If a task's ID is
identical to that of an existing task or a task that was deleted or executed
recently then the call will fail with ALREADY_EXISTS" (409), for up to 24 hours,
or 9 days in a queue made by queue.yaml. ``create`` answers None then: the work
is already enqueued, which is what a caller naming its tasks wants. The same
page asks for task IDs that do not start with sequential text ("Using hashed
strings for the task id or for the prefix of the task id is recommended"):
``task_id`` starts with a hash of the rest.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
from typing import Any, Mapping

from .errors import Conflict, NotFound
from .gateway import ApiGateway

_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]+")


def task_id(*parts: str) -> str:
    """A TASK_ID ("letters, numbers, hyphens, or underscores", at most 500) made of
    ``parts``, prefixed by a hash of them, so IDs are spread evenly and two parts
    that read the same once cleaned (``2026/28`` and ``2026_28``) stay apart."""
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]
    readable = "-".join(_NOT_IN_ID.sub("_", part) for part in parts)
    return f"{digest}-{readable}"[:500]


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


class CloudTasks(ApiGateway):
    api, version = "cloudtasks", "v2"

    def create(self, queue: str, relative_uri: str, *, name: str | None = None,
               schedule_time: datetime.datetime | None = None,
               body: Mapping[str, Any] | None = None, method: str = "POST") -> dict | None:
        """tasks.create of an App Engine task on ``queue`` (``projects/P/locations/L/
        queues/Q``) to ``relative_uri``, named ``name`` (a TASK_ID: ``task_id()``)
        if given, due at ``schedule_time`` (now if None), with ``body`` as JSON.
        Returns the task, or None when a task of that name exists or ran recently."""
        request: dict[str, Any] = {"httpMethod": method, "relativeUri": relative_uri}
        if body is not None:
            request["body"] = base64.b64encode(json.dumps(body).encode()).decode()
            request["headers"] = {"Content-Type": "application/json"}
        task: dict[str, Any] = {"appEngineHttpRequest": request}
        if name:
            task["name"] = f"{queue}/tasks/{name}"
        if schedule_time is not None:
            task["scheduleTime"] = rfc3339(schedule_time)
        try:
            return self.call(self.service.projects().locations().queues().tasks().create(
                parent=queue, body={"task": task}))
        except Conflict:
            return None

    def get_task(self, name: str) -> dict | None:
        """tasks.get of ``projects/P/locations/L/queues/Q/tasks/T``: its
        ``dispatchCount`` and ``lastAttempt`` (``responseStatus``); None when it is
        gone (executed, or failed for good: NOT_FOUND)."""
        try:
            return self.call(self.service.projects().locations().queues().tasks().get(
                name=name))
        except NotFound:
            return None

    def list_tasks(self, queue: str) -> list[dict]:
        """tasks.list of ``queue`` (BASIC view: no body), every page: the tasks not
        yet done, each with its ``dispatchCount`` and ``lastAttempt``."""
        return list(self.pages(self.service.projects().locations().queues().tasks().list,
                               "tasks", parent=queue, responseView="BASIC", pageSize=1000))

    def get_queue(self, queue: str) -> dict:
        """queues.get: the queue's state, rate and retry settings."""
        return self.call(self.service.projects().locations().queues().get(name=queue))
