"""``GET /tasks/sync`` (App Engine cron, every 15 minutes) and ``POST
/tasks/sync/<cohort>`` (a task on the ``sync`` queue): thin doors onto
service/schedule/syncs.py.

What a sync task answers, so that Cloud Tasks neither hammers nor drops it:

- done: 200;
- **another sync holds the cohort's lock** (``SyncBusy``: a ``cas sync`` by hand,
  or a sync that outlived its task): **409**, so Cloud Tasks tries again after
  the ``sync`` queue's backoff (queue.yaml: 30 s, doubling to 5 minutes, for up
  to 15 minutes, when the next cron round takes over). Not 503: Google says
  "App Engine itself returns a 503 status code when instances are overloaded...
  The Task service responds to this by slowing delivery from queues to handlers
  ... If you want to trigger a retry intentionally, use any status code other
  than 2xx or 503" (https://cloud.google.com/tasks/docs/creating-appengine-handlers);
- the cohort is gone, or its Settings tab is not usable: 200 with the reason
  logged as an error. Trying again cannot help until a person acts, and the next
  cron round tries again anyway;
- Google refused a call, or anything else went wrong: 500 with Google's reason
  logged, retried with the same backoff.
"""

from __future__ import annotations

import time

from flask import Blueprint, jsonify, request

from ..schedule import syncs
from . import context
from .logs import error_fields, log
from .trust import from_cron, from_queue

sync_tasks = Blueprint("sync_tasks", __name__)


@sync_tasks.get("/tasks/sync")
@from_cron
def cron_round():
    """One sync task per live cohort; no sync work here."""
    try:
        report = syncs.enqueue_round(context.workspace(), context.config(),
                                     today=context.today(), now=context.now())
    except Exception as err:  # noqa: BLE001 - logged with Google's reason, then 500
        log("ERROR", "cron round failed: the cohorts could not be listed",
            apiCalls=context.calls(), **error_fields(err))
        return jsonify({"error": str(err)}), 500
    severity = "ERROR" if report.failed else "INFO"
    log(severity, f"cron round: {len(report.enqueued)} sync(s) enqueued", trigger="cron",
        apiCalls=context.calls(), **report.as_dict())
    return jsonify(report.as_dict()), 500 if report.failed else 200


@sync_tasks.post("/tasks/sync/<cohort>")
@from_queue
def sync_task(cohort: str):
    from ..sync import NotSetUp, SyncBusy
    from ..sync.run import CohortArchived
    from ..templates import SettingsError

    body = request.get_json(silent=True) or {}
    trigger = body.get("trigger") if body.get("trigger") in syncs.TRIGGERS else "cron"
    fields = {"cohort": cohort, "trigger": trigger,
              "task": request.headers.get("X-AppEngine-TaskName", ""),
              "attempt": request.headers.get("X-AppEngine-TaskRetryCount", "")}
    started = time.monotonic()
    try:
        result = syncs.run_sync(context.workspace(), context.config(), context.templates(),
                                cohort, trigger=trigger, today=context.today())
    except SyncBusy as err:
        log("INFO", f"sync of {cohort} postponed: {err}", outcome="busy",
            apiCalls=context.calls(), **fields)
        return jsonify({"outcome": "busy", "detail": str(err)}), 409
    except CohortArchived as err:   # `cas archive`: nothing to do, nothing to retry
        log("INFO", f"sync of {cohort} not run: {err}", outcome="archived",
            apiCalls=context.calls(), **fields)
        return jsonify({"outcome": "archived", "detail": str(err)}), 200
    except (NotSetUp, SettingsError) as err:
        log("ERROR", f"sync of {cohort} cannot run: {err}", outcome="not run",
            apiCalls=context.calls(), **fields, **error_fields(err))
        return jsonify({"outcome": "not run", "detail": str(err)}), 200
    except Exception as err:  # noqa: BLE001 - logged with Google's reason, then retried
        log("ERROR", f"sync of {cohort} failed: {err}", outcome="failed",
            apiCalls=context.calls(), exc_info=err, **fields, **error_fields(err))
        return jsonify({"outcome": "failed", "detail": str(err)}), 500
    summary = syncs.sync_summary(cohort, trigger, result, context.calls(), started)
    log("WARNING" if result.problems else "INFO",
        f"sync of {cohort} ({trigger}): {result.responses_read} response(s) read",
        outcome="done", task=fields["task"], attempt=fields["attempt"], **summary)
    return jsonify({"outcome": "done", **summary}), 200
