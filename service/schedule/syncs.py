"""Keeping every live cohort current: the cron round, the debounced push, and one
cohort's sync as a task runs it.

- ``enqueue_round`` (cron, every 15 minutes): finds the cohorts (one Drive
  listing, one Settings read each) and puts one task per live cohort on the
  ``sync`` queue, named by cohort and quarter hour. It does no sync work, so it
  answers in well under a second; a cohort whose task cannot be enqueued is
  reported and never stops the others.
- ``enqueue_push_sync`` (a Forms push): one task per cohort and 20-second
  window, due at the window's end, so every submission of the window is read by
  one sync that starts after the last of them.
- ``run_sync``: the cohort's sync (service/sync), as ``cas sync --cohort`` runs
  it, with the trigger (cron, push) written in its Sync log line.

The ``sync`` queue runs one task at a time (queue.yaml), so the school's syncs
never overlap one another: Google's quotas are the coordinator's, shared by
every cohort.
"""

from __future__ import annotations

import dataclasses
import datetime
import time

from ..cohorts import Cohort, cohort_config, cohort_of_form, find_cohorts, list_cohorts
from ..workspace import WorkspaceError
from . import names

TRIGGERS = ("cron", "push", "command", "page")


@dataclasses.dataclass
class RoundReport:
    """What a cron round did, cohort by cohort."""

    enqueued: list[str] = dataclasses.field(default_factory=list)
    already: list[str] = dataclasses.field(default_factory=list)    # this slot's task exists
    skipped: dict[str, str] = dataclasses.field(default_factory=dict)   # cohort -> its state
    failed: dict[str, str] = dataclasses.field(default_factory=dict)    # cohort -> why

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def enqueue_round(workspace, config, *, today: datetime.date,
                  now: datetime.datetime) -> RoundReport:
    """One sync task per cohort that needs one (live, or its state unknown)."""
    report = RoundReport()
    queue = names.queue_path(config, names.SYNC_QUEUE)
    for cohort in find_cohorts(workspace, config, today):
        if not cohort.needs_sync:
            report.skipped[cohort.name] = cohort.state
            continue
        try:
            made = workspace.tasks.create(
                queue, names.task_url(names.SYNC_TASK_URL, cohort.name),
                name=names.cron_sync_name(cohort.name, now), body={"trigger": "cron"})
        except WorkspaceError as err:
            report.failed[cohort.name] = str(err)
            continue
        (report.enqueued if made else report.already).append(cohort.name)
    return report


@dataclasses.dataclass
class PushSync:
    cohort: str
    task: str
    due: datetime.datetime
    created: bool          # False: a push of the same window enqueued it already


def cohort_for_form(workspace, form_id: str) -> Cohort | None:
    """The cohort whose Form ``form_id`` is (ONE Drive listing), or None."""
    return cohort_of_form(list_cohorts(workspace.drive), form_id)


def enqueue_push_sync(workspace, config, cohort: str, *, now: datetime.datetime) -> PushSync:
    """The cohort's sync for this debounce window, due at the window's end."""
    window, due = names.push_window(now)
    name = names.push_sync_name(cohort, window)
    made = workspace.tasks.create(
        names.queue_path(config, names.SYNC_QUEUE), names.task_url(names.SYNC_TASK_URL, cohort),
        name=name, schedule_time=due, body={"trigger": "push"})
    return PushSync(cohort, name, due, made is not None)


def run_sync(workspace, config, templates, cohort: str, *, trigger: str,
             today: datetime.date):
    """The cohort's sync; raises what ``service.sync.sync`` raises (SyncBusy,
    NotSetUp, SettingsError, WorkspaceError...)."""
    from ..sync import sync

    return sync(workspace, cohort_config(config, cohort), templates, today=today,
                trigger=trigger if trigger in TRIGGERS else "cron")


def sync_summary(cohort: str, trigger: str, result, calls: dict, started: float) -> dict:
    """The fields of the one log entry a sync leaves (web/logs.py)."""
    return {"cohort": cohort, "trigger": trigger,
            "seconds": round(time.monotonic() - started, 2),
            "responsesRead": result.responses_read,
            "rowsAdded": sum(result.rows_added.values()), "rowsUpdated": result.rows_updated,
            "needsReview": len(result.needs_review), "emailsSent": result.emails_sent,
            "statuses": dict(result.statuses), "problems": list(result.problems),
            "apiCalls": calls}


def enqueue_page_sync(workspace, config, cohort: str, *, now: datetime.datetime) -> str:
    """A coordinator's "Sync now": the cohort's sync task, due now, named by cohort
    and second (a double click makes one task); its name."""
    name = names.page_sync_name(cohort, now)
    workspace.tasks.create(names.queue_path(config, names.SYNC_QUEUE),
                           names.task_url(names.SYNC_TASK_URL, cohort), name=name,
                           body={"trigger": "page"})
    return name
