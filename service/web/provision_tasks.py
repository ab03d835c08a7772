"""``POST /tasks/provision/<cohort>`` (a task on the ``provision`` queue): one
chunk of a large cohort's provisioning, which enqueues the next
(service/schedule/provisioning.py). ``cas provision --in-tasks`` starts the chain.

200 when the chunk is done (whatever remains is the next task's); 500 when it
could not move on (Google refused writes, nothing was made), so Cloud Tasks
tries the chunk again after the ``provision`` queue's backoff; 200 with the
reason logged when the cohort is not set up (trying again cannot help)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..schedule.provisioning import CHUNK, provision_chunk
from . import context
from .logs import error_fields, log
from .trust import from_queue

provision_tasks = Blueprint("provision_tasks", __name__)


@provision_tasks.post("/tasks/provision/<cohort>")
@from_queue
def provision_task(cohort: str):
    from ..provision import SetupNeeded

    body = request.get_json(silent=True) or {}
    try:
        run, chunk = str(body.get("run") or "manual"), int(body.get("chunk") or 1)
        students = int(body.get("students") or CHUNK)
    except (TypeError, ValueError):
        log("ERROR", "provisioning task with a malformed body ignored", cohort=cohort)
        return jsonify({"outcome": "ignored", "detail": "malformed body"}), 200
    fields = {"cohort": cohort, "trigger": "task", "run": run, "chunk": chunk}
    try:
        report = provision_chunk(context.workspace(), context.config(), context.templates(),
                                 cohort, run=run, chunk=chunk, students=students,
                                 today=context.today())
    except SetupNeeded as err:
        log("ERROR", f"provisioning of {cohort} cannot run: {err}", **fields)
        return jsonify({"outcome": "not run", "detail": str(err)}), 200
    except Exception as err:  # noqa: BLE001 - retried by the queue
        log("ERROR", f"provisioning chunk {chunk} of {cohort} failed: {err}",
            apiCalls=context.calls(), exc_info=err, **fields, **error_fields(err))
        return jsonify({"outcome": "failed", "detail": str(err)}), 500
    stuck = bool(report.problems) and not report.next_task
    log("ERROR" if stuck else "INFO",
        f"provisioning chunk {chunk} of {cohort}: {sum(report.done.values())} Drive change(s), "
        f"{report.remaining} student(s) left", apiCalls=context.calls(), **report.as_dict())
    return jsonify(report.as_dict()), 500 if stuck else 200
