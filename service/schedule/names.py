"""The queues of deploy/queue.yaml, the names of the tasks put on them, and the
service's task URLs. A test reads queue.yaml and cron.yaml against these.

Task names carry what makes them one piece of work: a cron round's sync is
named by cohort and quarter hour, so a cron delivered or retried twice in the
same quarter hour enqueues nothing twice (Cloud Tasks answers ALREADY_EXISTS);
a push's sync by cohort and 20-second window, so a burst of submissions makes
one sync per window.
"""

from __future__ import annotations

import datetime
import math
from urllib.parse import quote

from ..workspace.tasks import task_id

SYNC_QUEUE, PROVISION_QUEUE = "sync", "provision"
SLOT = datetime.timedelta(minutes=15)     # cron.yaml: every 15 minutes
DEBOUNCE = datetime.timedelta(seconds=20)

CRON_SYNC_URL = "/tasks/sync"             # cron.yaml, every 15 minutes
CRON_WATCHES_URL = "/tasks/watches"       # cron.yaml, daily
SYNC_TASK_URL = "/tasks/sync/{cohort}"
PROVISION_TASK_URL = "/tasks/provision/{cohort}"
PUSH_URL = "/push/forms"


def queue_path(config, queue: str) -> str:
    if not config.tasks_queue_parent:
        raise ValueError("CAS_TASKS_QUEUE_PARENT is not set: the service does not know "
                         "where its Cloud Tasks queues are (deploy/README.md).")
    return f"{config.tasks_queue_parent}/queues/{queue}"


def task_url(template: str, cohort: str) -> str:
    return template.format(cohort=quote(cohort, safe=""))


def _epoch(moment: datetime.datetime) -> float:
    return moment.astimezone(datetime.timezone.utc).timestamp()


def slot_of(now: datetime.datetime) -> datetime.datetime:
    """The start of the quarter hour ``now`` is in (UTC)."""
    seconds = SLOT.total_seconds()
    return datetime.datetime.fromtimestamp(math.floor(_epoch(now) / seconds) * seconds,
                                           datetime.timezone.utc)


def cron_sync_name(cohort: str, now: datetime.datetime) -> str:
    return task_id("sync", cohort, slot_of(now).strftime("%Y%m%dT%H%M"))


def push_window(now: datetime.datetime) -> tuple[int, datetime.datetime]:
    """The debounce window ``now`` is in (its number) and when it ends: the sync
    of every push in it runs then, after the last of them."""
    seconds = DEBOUNCE.total_seconds()
    number = math.floor(_epoch(now) / seconds)
    return number, datetime.datetime.fromtimestamp((number + 1) * seconds,
                                                   datetime.timezone.utc)


def push_sync_name(cohort: str, window: int) -> str:
    return task_id("push", cohort, str(window))


def provision_name(cohort: str, run: str, chunk: int) -> str:
    return task_id("provision", cohort, run, str(chunk))


def page_sync_name(cohort: str, now: datetime.datetime) -> str:
    return task_id("page", cohort, now.strftime("%Y%m%dT%H%M%S"))
