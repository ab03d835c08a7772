"""A new cohort's setup as a task on the ``provision`` queue (long work, like a
provisioning chunk): the pages enqueue it, ``POST /tasks/setup/<cohort>`` runs
``run_setup``, the function ``cas setup`` calls.

The task is named by the cohort and the request's key, a random value the New
cohort form carries (one per form shown): the same form sent twice (a double
click, a reload that posts again) names the same task, and Cloud Tasks refuses
the second (ALREADY_EXISTS), so one setup runs. Two different requests for one
cohort are two tasks, and setup is safe to run twice at once (setup.py): they
end on the same objects.
"""

from __future__ import annotations

import re

from ..workspace.tasks import task_id
from . import names

SETUP_TASK_URL = "/tasks/setup/{cohort}"
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def setup_task_name(cohort: str, key: str) -> str:
    return task_id("setup", cohort, key)


def enqueue_setup(workspace, config, request, key: str) -> tuple[str, bool]:
    """The setup task of ``request`` (a ``NewCohort``) named by ``key``; (its name,
    whether this call made it: False when the same request was sent before)."""
    if not KEY.match(key or ""):
        raise ValueError("The form's request key is missing or malformed: reload the page.")
    name = setup_task_name(request.name, key)
    made = workspace.tasks.create(names.queue_path(config, names.PROVISION_QUEUE),
                                  names.task_url(SETUP_TASK_URL, request.name), name=name,
                                  body=request.as_body())
    return name, made is not None


def setup_task_state(workspace, config, name: str) -> dict | None:
    """The task as Cloud Tasks has it (``dispatchCount``, ``lastAttempt``), or None
    once it ran (an executed task is gone: tasks.get answers 404)."""
    return workspace.tasks.get_task(f"{names.queue_path(config, names.PROVISION_QUEUE)}"
                                    f"/tasks/{name}")
