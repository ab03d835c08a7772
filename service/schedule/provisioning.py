"""Provisioning a large cohort as a chain of tasks on the ``provision`` queue.

An App Engine request ends after 10 minutes; provisioning 300 students is about
640 Drive writes, some 3.5 minutes at Drive's sustained 3 writes a second, and a
large school has more. So each task provisions at most ``CHUNK`` students (about
200 Drive writes: a minute or so) and, if students remain and it made progress,
enqueues the next chunk. Every chunk starts as ``cas provision`` does, from one
listing of what exists, so a chunk retried after a stop, or run twice, makes
nothing twice; the chain's tasks are named by cohort, run and chunk number, so
a retried chunk does not enqueue its successor twice. The chunk that leaves no
student behind posts the welcome announcement.
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets

from ..cohorts import cohort_config
from . import names

CHUNK = 100   # students a task; about 200 Drive writes at 3 a second


@dataclasses.dataclass
class ChunkReport:
    cohort: str
    run: str
    chunk: int
    done: dict[str, int]
    remaining: int
    problems: list[str]
    next_task: str | None = None      # the successor's name, when enqueued (or found)
    announcement: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def start_provisioning(workspace, config, cohort: str, *, students: int = CHUNK,
                       run: str | None = None) -> str:
    """Enqueue the first chunk of a new run; returns its task name. ``run`` names
    the run (the pages pass their form's key, so the same form sent twice starts
    one run: Cloud Tasks refuses a second task of the same name)."""
    run = run or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S") + \
        secrets.token_hex(2)
    name = names.provision_name(cohort, run, 1)
    workspace.tasks.create(names.queue_path(config, names.PROVISION_QUEUE),
                           names.task_url(names.PROVISION_TASK_URL, cohort), name=name,
                           body={"run": run, "chunk": 1, "students": students})
    return name


def provision_chunk(workspace, config, templates, cohort: str, *, run: str, chunk: int,
                    students: int = CHUNK, today: datetime.date) -> ChunkReport:
    """Provision the next ``students`` students of the cohort; enqueue the next chunk
    when some remain and this one changed something. Raises what ``provision``
    raises (SetupNeeded, WorkspaceError)."""
    from ..provision import provision

    result = provision(workspace, cohort_config(config, cohort), templates, today=today,
                       max_students=max(1, students))
    report = ChunkReport(cohort, run, chunk, dict(result.done), result.remaining,
                         list(result.problems), announcement=result.announcement)
    if result.remaining and result.done:
        report.next_task = names.provision_name(cohort, run, chunk + 1)
        workspace.tasks.create(names.queue_path(config, names.PROVISION_QUEUE),
                               names.task_url(names.PROVISION_TASK_URL, cohort),
                               name=report.next_task,
                               body={"run": run, "chunk": chunk + 1, "students": students})
    return report


def run_tasks(workspace, config, cohort: str, run: str) -> list[dict]:
    """The chunk tasks of the run ``run`` still on the provision queue (tasks.list):
    a chunk waiting, running, or failing and waiting for its next attempt. A
    chunk done is gone from the queue."""
    chunk_one = names.provision_name(cohort, run, 1)
    marker = "-" + chunk_one.split("-", 1)[1].rsplit("-", 1)[0] + "-"   # without hash, chunk
    return [t for t in workspace.tasks.list_tasks(names.queue_path(config, names.PROVISION_QUEUE))
            if marker in t.get("name", "").rsplit("/", 1)[-1]]
