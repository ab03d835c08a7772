"""``POST /tasks/report/<cohort>`` (a task on the ``provision`` queue): a term's
report cards, as the Report cards page enqueued them (service/schedule/
reports.py), by ``make_reports``, the function ``cas report`` calls.

200 when the run finished (a student's report Google refused is counted in the
run's problems, recorded on the term's folder, and made by the next run); 200
with the reason logged when the reports cannot be made (no master Sheet, a term
refused: trying again cannot help); 500 when Google refused a call the whole run
needs, so Cloud Tasks tries again after the ``provision`` queue's backoff (a run
again replaces only what changed)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..cohorts import cohort_config
from . import context
from .logs import error_fields, log
from .trust import from_queue

report_tasks = Blueprint("report_tasks", __name__)


@report_tasks.post("/tasks/report/<cohort>")
@from_queue
def report_task(cohort: str):
    from ..records.report import ReportError, make_reports

    body = request.get_json(silent=True) or {}
    term, run = str(body.get("term") or ""), str(body.get("run") or "")
    fields = {"cohort": cohort, "trigger": "task", "term": term, "run": run,
              "task": request.headers.get("X-AppEngine-TaskName", "")}
    try:
        result = make_reports(context.workspace(), cohort_config(context.config(), cohort),
                              context.templates(), term=term, today=context.today(),
                              now=context.now(), run=run)
    except ReportError as err:
        log("ERROR", f"reports of {cohort} cannot be made: {err}", **fields)
        return jsonify({"outcome": "not run", "detail": str(err)}), 200
    except Exception as err:  # noqa: BLE001 - retried by the queue
        log("ERROR", f"reports of {cohort} failed: {err}", apiCalls=context.calls(),
            exc_info=err, **fields, **error_fields(err))
        return jsonify({"outcome": "failed", "detail": str(err)}), 500
    log("ERROR" if result.problems else "INFO",
        f"reports {result.term} of {cohort}: {len(result.made)} made, {len(result.updated)} "
        f"replaced, {result.unchanged} unchanged", apiCalls=context.calls(),
        problems=result.problems, **fields)
    return jsonify({"outcome": "done", "made": len(result.made),
                    "replaced": len(result.updated), "unchanged": result.unchanged,
                    "problems": result.problems, "folder": result.folder_link}), 200
