"""``POST /tasks/setup/<cohort>`` (a task on the ``provision`` queue): a new
cohort's setup, as the New cohort page enqueued it (service/schedule/setups.py),
by ``run_setup``, the function ``cas setup`` calls.

200 when setup finished (or found everything made); 200 with the reason logged
when the request cannot be set up (its settings refused, a shared drive that
cannot hold the cohort: trying again cannot help; the page checked both before
enqueueing, so this is a shared drive changed meanwhile); 500
when Google refused a call, so Cloud Tasks tries again after the ``provision``
queue's backoff (setup finishes what a stopped run began, never twice)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..cohorts import cohort_config
from . import context
from .logs import error_fields, log
from .trust import from_queue

setup_tasks = Blueprint("setup_tasks", __name__)


@setup_tasks.post("/tasks/setup/<cohort>")
@from_queue
def setup_task(cohort: str):
    from ..provision import run_setup
    from ..provision.new_cohort import NewCohort
    from ..provision.setup import SharedDriveRefused
    from ..templates import SettingsError

    body = request.get_json(silent=True) or {}
    fields = {"cohort": cohort, "trigger": "task",
              "task": request.headers.get("X-AppEngine-TaskName", "")}
    try:
        wanted = NewCohort.from_body(body)
    except (TypeError, ValueError) as err:
        log("ERROR", f"setup task with a malformed body ignored: {err}", **fields)
        return jsonify({"outcome": "ignored", "detail": "malformed body"}), 200
    if wanted.name != cohort:
        log("ERROR", "setup task whose body names another cohort ignored", **fields)
        return jsonify({"outcome": "ignored", "detail": "cohort mismatch"}), 200
    try:
        result = run_setup(context.workspace(), cohort_config(context.config(), cohort),
                           wanted.options, context.templates())
    except (SettingsError, SharedDriveRefused) as err:
        log("ERROR", f"setup of {cohort} cannot run: {err}", **fields)
        return jsonify({"outcome": "not run", "detail": str(err)}), 200
    except Exception as err:  # noqa: BLE001 - retried by the queue
        log("ERROR", f"setup of {cohort} failed: {err}", apiCalls=context.calls(),
            exc_info=err, **fields, **error_fields(err))
        return jsonify({"outcome": "failed", "detail": str(err)}), 500
    log("INFO", f"setup of {cohort}: made {len(result.made)}, found {len(result.found)}",
        apiCalls=context.calls(), made=result.made, found=result.found, **fields)
    return jsonify({"outcome": "done", "made": result.made, "found": result.found,
                    "sheet": result.sheet_url}), 200
