"""The Provision page (``/coordinator/<cohort>/provision``, coordinators): starts
the chunked provisioning tasks (service/schedule/provisioning.py, the chain
``cas provision --in-tasks`` starts) and shows a progress bar of the students
done of all, read each time from what the tasks record in the Students tab
(service/provision/progress.py), never from a counter in memory: App Engine's
instances share nothing, and a chunk retried after a failure counts nobody twice.
A reload shows the same; ``/progress`` answers it as JSON for pages.js (without
JavaScript, the page's Refresh link). While a run is followed, a chunk whose last
attempt failed is named with Cloud Tasks' own word on it (tasks.list of the run's
tasks: the queue tries it again after its backoff).

The start form carries a random key that names the run, so the same form sent
twice (a double click) enqueues one chain.
"""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from ..provision.progress import provision_progress
from ..provision.students import SetupNeeded
from ..schedule.provisioning import CHUNK, run_tasks, start_provisioning
from ..workspace import WorkspaceError
from . import context, school as school_data
from .school import set_up_view
from .auth import allowed, person
from .logs import log
from .new_cohort import attempt_problem

provisioning = Blueprint("provisioning", __name__)
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")



def _progress(view):
    try:
        return provision_progress(context.workspace().sheets, view.cohort.sheet_id,
                                  context.templates()), ""
    except (SetupNeeded, WorkspaceError) as err:
        return None, str(err)


def chain_problem(view, run: str) -> str:
    """What Cloud Tasks says of the run's chunk whose last attempt failed, if any."""
    if not run:
        return ""
    try:
        tasks = run_tasks(context.workspace(), context.config(), view.name, run)
    except (ValueError, WorkspaceError):
        return ""
    said = (attempt_problem(t, then="the chunk makes only what is missing") for t in tasks)
    return next((p for p in said if p), "")


@provisioning.get("/coordinator/<cohort>/provision")
@allowed("coordinator")
def provision(cohort: str):
    view = set_up_view(cohort)
    progress, problem = _progress(view)
    run = request.args.get("run", "")
    if progress and progress.finished:
        school_data.forget()
    elif progress:
        problem = chain_problem(view, run)
    return render_template("pages/provision.html", view=view, progress=progress,
                           problem=problem, run=run,
                           key=secrets.token_urlsafe(18), chunk=CHUNK)


@provisioning.post("/coordinator/<cohort>/provision")
@allowed("coordinator")
def start(cohort: str):
    view = set_up_view(cohort)
    key = request.form.get("key", "")
    chunk = request.form.get("chunk", str(CHUNK)).strip()
    if not KEY.match(key) or not chunk.isdigit() or not 1 <= int(chunk) <= 1000:
        flash("Students a task: a whole number from 1 to 1000. Nothing was started.", "problem")
        return redirect(url_for("provisioning.provision", cohort=cohort))
    try:
        task = start_provisioning(context.workspace(), context.config(), view.name,
                                  students=int(chunk), run=key)
    except (ValueError, WorkspaceError) as err:
        flash(f"Provisioning could not be started: {err}", "problem")
        return redirect(url_for("provisioning.provision", cohort=cohort))
    log("INFO", f"provisioning of {cohort} enqueued from the pages", cohort=cohort, task=task,
        by=person().email)
    return redirect(url_for("provisioning.provision", cohort=cohort, run=key))


@provisioning.get("/coordinator/<cohort>/provision/progress")
@allowed("coordinator")
def progress_json(cohort: str):
    view = set_up_view(cohort)
    progress, problem = _progress(view)
    if progress is None:
        return jsonify({"finished": False, "done": 0, "total": 0, "text": problem})
    answer = progress.as_dict()
    if progress.finished:
        school_data.forget()
    else:
        failed = chain_problem(view, request.args.get("run", ""))
        answer["text"] += f". {failed}" if failed else ""
    return jsonify(answer)
