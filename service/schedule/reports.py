"""A term's report cards (``make_reports``, what ``cas report`` runs) as a task on
the ``provision`` queue: long work (a PDF per student, minutes for 300), safe to
run again (an unchanged report costs nothing, a changed one is replaced in place),
like a provisioning chunk. The coordinator's Report cards page enqueues it;
``POST /tasks/report/<cohort>`` runs it.

The task is named by the cohort, the term and the form's random key (one per
form shown): the same form sent twice (a double click) names the same task, and
Cloud Tasks refuses the second (ALREADY_EXISTS), so one run is enqueued. The key
is also the run's name, which ``make_reports`` records on the term's folder when
it finishes, so the page knows from Drive that this run is done. A run of the
same term still on the queue is followed rather than joined by a second
(``running_report``).
"""

from __future__ import annotations

import re

from ..records.report import check_term
from ..workspace.tasks import _NOT_IN_ID, task_id
from . import names

REPORT_TASK_URL = "/tasks/report/{cohort}"
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def report_task_name(cohort: str, term: str, key: str) -> str:
    return task_id("report", cohort, term, key)


def enqueue_report(workspace, config, cohort: str, term: str, key: str) -> tuple[str, bool]:
    """The report task of ``term`` named by ``key``; (its name, whether this call made
    it: False when the same form was sent before). Raises ReportError (a ValueError)
    for a term ``cas report`` refuses, ValueError for a malformed key."""
    term = check_term(term)
    if not KEY.match(key or ""):
        raise ValueError("The form's request key is missing or malformed: reload the page.")
    name = report_task_name(cohort, term, key)
    made = workspace.tasks.create(names.queue_path(config, names.PROVISION_QUEUE),
                                  names.task_url(REPORT_TASK_URL, cohort), name=name,
                                  body={"term": term, "run": key})
    return name, made is not None


def report_task_state(workspace, config, cohort: str, term: str, key: str) -> dict | None:
    """The task as Cloud Tasks has it (``dispatchCount``, ``lastAttempt``), or None
    once it ran (an executed task is gone: tasks.get answers 404)."""
    return workspace.tasks.get_task(f"{names.queue_path(config, names.PROVISION_QUEUE)}"
                                    f"/tasks/{report_task_name(cohort, term, key)}")


def running_report(workspace, config, cohort: str, term: str) -> str:
    """The key of a run of ``term`` still on the queue (waiting, running, or failing
    and waiting for its next attempt: tasks.list), or "". The page follows that run
    rather than start a second one beside it (two runs of a term at once could
    each make a student's PDF that the other has not listed yet)."""
    marker = "-" + "-".join(_NOT_IN_ID.sub("_", p) for p in ("report", cohort,
                                                             check_term(term))) + "-"
    for task in workspace.tasks.list_tasks(names.queue_path(config, names.PROVISION_QUEUE)):
        short = task.get("name", "").rsplit("/", 1)[-1]
        if marker in short:
            return short.split(marker, 1)[1]
    return ""
