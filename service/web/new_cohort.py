"""The New cohort page (``/coordinator/new-cohort``, coordinators): name,
programme dates, outcome framework, the CAS Classroom course (picked from the
coordinator's courses: Classroom courses.list, teacherId ``me``, as the account
the service acts as, which runs setup and reads the course afterwards) and
where the cohort lives (My Drive or one of its shared drives: drives.list).

Sending the form checks it (service/provision/new_cohort.py: the same settings
checks ``cas setup`` makes) and enqueues the setup task (service/schedule/
setups.py), named by the form's own random key, so a double click enqueues one
setup. The page then follows the setup (``/coordinator/new-cohort/<cohort>``):
what is made so far, read from Drive and the new Sheet's Settings each time, so
a reload or another instance shows the same; once finished, links to the root
folder, the master Sheet and the forms.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from ..provision.new_cohort import (NewCohortRefused, check_new_cohort, check_where,
                                    setup_progress)
from ..schedule.setups import enqueue_setup, setup_task_state
from ..workspace import WorkspaceError
from . import context, school as school_data
from .auth import allowed, person
from .logs import log

new_cohort = Blueprint("new_cohort", __name__)
FRAMEWORK_NAMES = {"current": "The current guide's 7 learning outcomes",
                   "older": "The older guide's 8 learning outcomes"}


def courses() -> tuple[dict[str, str], str]:
    """(ID -> name of the Classroom courses the service's account teaches, a problem):
    a refused listing is a problem shown, not an error."""
    try:
        listed = context.workspace().classroom.courses(teacher="me")
    except WorkspaceError as err:
        return {}, f"Your Classroom courses could not be listed: {err}"
    names = [c.get("name", c["id"]) for c in listed]
    # The section only where two courses share a name: a long option is cut off
    # on a phone.
    return {c["id"]: c.get("name", c["id"]) + (
        f" ({c['section']})" if c.get("section") and names.count(c.get("name")) > 1 else "")
        for c in listed}, ""


def shared_drives() -> tuple[dict[str, str], str]:
    """(ID -> name of the shared drives the service's account belongs to, a problem)."""
    try:
        return {d["id"]: d.get("name", d["id"])
                for d in context.workspace().drive.shared_drives()}, ""
    except WorkspaceError as err:
        return {}, f"Your shared drives could not be listed: {err}"


def choices() -> tuple[dict[str, str], dict[str, str], list[str]]:
    (found_courses, one), (drives, other) = courses(), shared_drives()
    return found_courses, drives, [p for p in (one, other) if p]


def _form(fields=None, problems=(), status=200):
    courses, drives, listing = choices()
    fields = dict(fields or {})
    fields.setdefault("key", secrets.token_urlsafe(18))
    return render_template("pages/new_cohort.html", fields=fields, courses=courses,
                           drives=drives, frameworks=FRAMEWORK_NAMES,
                           problems=list(problems), listing_problems=listing), status


@new_cohort.get("/coordinator/new-cohort")
@allowed("coordinator")
def form():
    return _form()


@new_cohort.post("/coordinator/new-cohort")
@allowed("coordinator")
def create():
    fields = request.form.to_dict()
    courses, drives, _ = choices()
    try:
        wanted = check_new_cohort(fields, context.config(), context.templates(),
                                  courses=courses, drives=drives)
        check_where(context.workspace(), context.config(), wanted, context.templates())
        task, made = enqueue_setup(context.workspace(), context.config(), wanted,
                                   fields.get("key", ""))
    except NewCohortRefused as err:
        return _form(fields, err.problems, 422)
    except (ValueError, WorkspaceError) as err:
        return _form(fields, [f"The setup could not be started: {err}"], 422)
    log("INFO", f"setup of {wanted.name} {'enqueued' if made else 'already enqueued'} from the "
                f"pages", cohort=wanted.name, task=task, by=person().email)
    return redirect(url_for("new_cohort.status", cohort=wanted.name, task=task))


def _progress(cohort: str):
    progress = setup_progress(context.workspace(), cohort, context.templates())
    task_name = request.args.get("task", "")
    state = None
    if task_name and not progress.finished:
        try:
            state = setup_task_state(context.workspace(), context.config(), task_name)
        except (ValueError, WorkspaceError):
            state = None
    if progress.finished:
        school_data.forget()   # the home page lists it from now on
    return progress, state


def attempt_problem(state: dict | None,
                    then: str = "setup finishes what the last attempt began") -> str:
    """What Cloud Tasks says of a task that has not finished (tasks.get or
    tasks.list: ``lastAttempt.responseStatus``, absent until an attempt is
    answered): its last attempt's error, and ``then``."""
    if not state:
        return ""
    status = (state.get("lastAttempt") or {}).get("responseStatus") or {}
    if status.get("code"):
        return (f"Attempt {state.get('dispatchCount', 1)} failed "
                f"({status.get('message') or 'code ' + str(status['code'])}); "
                f"Cloud Tasks tries again shortly, and {then}.")
    return ""


@new_cohort.get("/coordinator/new-cohort/<cohort>")
@allowed("coordinator")
def status(cohort: str):
    progress, state = _progress(cohort)
    return render_template("pages/setup_status.html", progress=progress, cohort=cohort,
                           task=request.args.get("task", ""), problem=attempt_problem(state))


@new_cohort.get("/coordinator/new-cohort/<cohort>/progress")
@allowed("coordinator")
def progress_json(cohort: str):
    progress, state = _progress(cohort)
    answer = progress.as_dict()
    problem = attempt_problem(state)
    if problem:
        answer["text"] += f". {problem}"
    return jsonify(answer)
