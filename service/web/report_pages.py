"""The Report cards page (``/coordinator/<cohort>/reports``, coordinators): the term's
name, checked as ``cas report`` checks it (``check_term``), enqueues ONE task that
runs ``make_reports`` (service/schedule/reports.py: named by the cohort, the term
and the form's random key, so a double click enqueues once).

The page then follows the run (``?term=NAME&run=KEY``), from what Drive holds, never
from memory: the PDFs in the term's "Reports <term>" folder of the active students,
and whether the folder records this run as finished (``make_reports`` writes the
run's key and counts on it at its end); then a link to the folder. While the run is
not finished, a failed last attempt is named with Cloud Tasks' word on it
(tasks.get), as the Provision page does. A second request for a term whose run is
still on the queue follows that run instead of starting another. ``/progress``
answers the same as JSON for pages.js; without JavaScript, the page's Refresh link.
A run for 300 students takes minutes: no request waits for it.
"""

from __future__ import annotations

import secrets

from flask import (Blueprint, flash, jsonify, redirect, render_template, request,
                   url_for)

from ..records.report import ReportError, check_term, report_status
from ..schedule.reports import enqueue_report, report_task_state, running_report
from ..workspace import WorkspaceError
from . import context
from .school import set_up_view
from .auth import allowed, person
from .logs import log
from .new_cohort import attempt_problem

report_pages = Blueprint("report_pages", __name__)



def _active(view) -> int:
    return sum(1 for s in view.students().values()
               if str(s.get("roster_status", "")).strip() != "Withdrawn")


def follow(view, term: str, run: str) -> dict:
    """The run's state as the page and pages.js show it, read from Drive (and,
    while it runs, from Cloud Tasks)."""
    total = _active(view)
    try:
        status = report_status(context.workspace().drive, view.name, term,
                               (view.cohort.sheet or {}).get("driveId"))
    except (ReportError, WorkspaceError) as err:
        return {"finished": False, "done": 0, "total": total, "text": str(err), "link": "",
                "problem": ""}
    finished = bool(run) and status.last_run == run
    done = min(status.pdfs, total)
    if finished:
        text = (f"Reports {status.term} finished: {status.last_result}. "
                f"{done} of {total} students have a report")
    else:
        text = f"Running: {done} of {total} students have a report for {status.term} so far"
    problem = ""
    if run and not finished:
        try:
            problem = attempt_problem(report_task_state(context.workspace(), context.config(),
                                                        view.name, status.term, run),
                                      then="the run replaces only what changed")
        except (ValueError, WorkspaceError):
            problem = ""
    return {"finished": finished, "done": done, "total": total, "text": text,
            "link": status.folder_link if finished else "", "problem": problem}


@report_pages.get("/coordinator/<cohort>/reports")
@allowed("coordinator")
def reports(cohort: str):
    view = set_up_view(cohort)
    term, run = request.args.get("term", ""), request.args.get("run", "")
    state = follow(view, term, run) if term and run else None
    return render_template("pages/reports.html", view=view, term=term, run=run, state=state,
                           key=secrets.token_urlsafe(18), problems=[])


@report_pages.post("/coordinator/<cohort>/reports")
@allowed("coordinator")
def start(cohort: str):
    view = set_up_view(cohort)
    term, key = request.form.get("term", ""), request.form.get("key", "")
    try:
        term = check_term(term)
        running = running_report(context.workspace(), context.config(), view.name, term)
        if running and running != key:
            flash(f"A run of Reports {term} is already under way: this page follows it.",
                  "done")
            return redirect(url_for("report_pages.reports", cohort=cohort, term=term,
                                    run=running))
        task, made = enqueue_report(context.workspace(), context.config(), view.name, term, key)
    except (ValueError, WorkspaceError) as err:   # ReportError is a ValueError
        return render_template("pages/reports.html", view=view, term=term, run="", state=None,
                               key=secrets.token_urlsafe(18),
                               problems=[f"{err} Nothing was started."]), 422
    log("INFO", f"reports {term} of {cohort} {'enqueued' if made else 'already enqueued'} from "
                f"the pages", cohort=cohort, task=task, by=person().email)
    return redirect(url_for("report_pages.reports", cohort=cohort, term=term, run=key))


@report_pages.get("/coordinator/<cohort>/reports/progress")
@allowed("coordinator")
def progress_json(cohort: str):
    view = set_up_view(cohort)
    state = follow(view, request.args.get("term", ""), request.args.get("run", ""))
    if state["problem"]:
        state["text"] += f". {state['problem']}"
    return jsonify(state)
