"""The coordinator's pages: Home (``/coordinator``: every cohort with its state,
last sync, students by status, proposals awaiting a decision, Needs review count,
links to its Sheet and folder, and "Sync now"), and Needs review
(``/coordinator/<cohort>/review``: each unresolved item with its reason and
answers; "Resolved" with a note writes the row's Resolved and What-was-done
cells as the coordinator). ``/`` sends each person to their page.

"Sync now" enqueues the cohort's sync task (the same the cron enqueues) and the
page follows it: ``/coordinator/<cohort>/sync-status?after=N`` answers whether
the Sync log has more than N lines yet (one Sheets call), and pages.js asks it
every few seconds until it has.
"""

from __future__ import annotations

from collections import Counter

from flask import (Blueprint, abort, flash, jsonify, redirect, render_template, request,
                   url_for)

from ..cas.records import STATUSES
from ..cohorts import summarise
from ..schedule import syncs
from ..sheet_edits import EditRefused, NotYours, resolve_review
from ..workspace import Workspace, WorkspaceError
from . import context, school as school_data
from .school import set_up_view
from .auth import allowed, person
from .logs import log

coordinator = Blueprint("coordinator", __name__)
AWAITING = "Awaiting decision"


def _truthy(value) -> bool:
    return value is True or str(value).strip().upper() in ("TRUE", "YES", "1")


def cohort_summary(view) -> dict:
    students = [s for s in view.students().values()
                if str(s.get("roster_status", "")).strip() != "Withdrawn"]
    by_status = Counter(str(s.get("status") or "No status yet") for s in students)
    log_lines = [line for line in view.rows("sync_log") if str(line.get("time", "")).strip()]
    last = log_lines[-1] if log_lines else {}
    return {
        "view": view, "cohort": view.cohort, "students": len(students),
        "by_status": [(s, by_status[s]) for s in (*STATUSES, "No status yet") if by_status[s]],
        "awaiting": sum(1 for e in view.rows("experiences")
                        if e.get("experience_status") == AWAITING),
        "needs_review": sum(1 for r in view.rows("needs_review")
                            if str(r.get("response_id", "")).strip()
                            and not _truthy(r.get("resolved"))),
        "syncs": len(log_lines),
        "last_sync": last,
    }


@coordinator.get("/")
def index():
    who = person()
    if who is not None and who.coordinator:
        return redirect(url_for("coordinator.home"))
    if who is not None and who.advisor:
        return redirect(url_for("advisees.my_advisees"))
    return allowed("coordinator")(lambda: None)()   # the sign-in, or the 403 page


@coordinator.get("/coordinator")
@allowed("coordinator")
def home():
    found = school_data.school()
    return render_template("pages/home.html",
                           cohorts=[cohort_summary(v) for _, v in sorted(found.views.items())],
                           following=request.args.get("following"),
                           after=request.args.get("after", ""))



@coordinator.post("/coordinator/<cohort>/sync")
@allowed("coordinator")
def sync_now(cohort: str):
    view = set_up_view(cohort)
    try:
        task = syncs.enqueue_page_sync(context.workspace(), context.config(), cohort,
                                       now=context.now())
    except (WorkspaceError, ValueError) as err:
        flash(f"The sync of {cohort} could not be started: {err}", "problem")
        return redirect(url_for("coordinator.home"))
    log("INFO", f"sync of {cohort} enqueued from the pages", cohort=cohort, task=task,
        by=person().email)
    after = cohort_summary(view)["syncs"]
    return redirect(url_for("coordinator.home", following=cohort, after=after) + f"#c-{cohort}")


@coordinator.get("/coordinator/<cohort>/sync-status")
@allowed("coordinator")
def sync_status(cohort: str):
    view = set_up_view(cohort)
    after = request.args.get("after", "0")
    after = int(after) if after.isdigit() else 0
    summary = summarise(context.workspace().sheets, view.cohort)
    if summary.problem:
        return jsonify({"done": False, "text": summary.problem})
    if summary.syncs > after:
        school_data.forget()
        text = f"Sync finished at {summary.last_sync} ({summary.last_trigger})"
        if summary.last_errors:
            text += f" with problems: {summary.last_errors}"
        return jsonify({"done": True, "text": text + ". Reload the page for the new counts."})
    return jsonify({"done": False, "text": "Sync queued or running\u2026"})


@coordinator.get("/coordinator/<cohort>/review")
@allowed("coordinator")
def needs_review(cohort: str):
    view = set_up_view(cohort)
    items = [r for r in view.rows("needs_review")
             if str(r.get("response_id", "")).strip() and not _truthy(r.get("resolved"))]
    return render_template("pages/review.html", view=view, items=items)


@coordinator.post("/coordinator/<cohort>/review/<path:response_id>")  # a group row: ID/n
@allowed("coordinator")
def resolve(cohort: str, response_id: str):
    view = set_up_view(cohort)
    as_coordinator = Workspace.from_config(context.config(), subject=person().email)
    try:
        resolve_review(as_coordinator, context.templates(), view.cohort.sheet_id, response_id,
                       request.form.get("note", ""))
    except NotYours:
        abort(404)
    except EditRefused as err:
        flash(f"{response_id}: {err}", "problem")
        return redirect(url_for("coordinator.needs_review", cohort=cohort))
    except WorkspaceError as err:
        flash(f"{response_id}: Google refused the write ({err}); nothing was changed.",
              "problem")
        return redirect(url_for("coordinator.needs_review", cohort=cohort))
    school_data.forget()
    item = next((r for r in view.rows("needs_review")
                 if str(r.get("response_id", "")).strip() == response_id), {})
    what = (f"{item.get('form') or 'The response'} from {item.get('respondent')}"
            if item.get("respondent") else f"Response {response_id}")
    flash(f"{what} is marked Resolved in the Sheet.", "done")
    return redirect(url_for("coordinator.needs_review", cohort=cohort))
