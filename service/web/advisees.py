"""An advisor's page, "My advisees" (``/advisees``): who is At risk and why, the
proposals awaiting their decision (Approve / Request changes / Reject with a
comment, written into the Experiences tab's Decision and Advisor's comment cells
as the advisor: service/sheet_edits.py), and each advisee's interview record
link with the interviews due or overdue now (service/cas/interviews_due.py, by
the cohort's windows). Only the advisor's own students, from the cached read (school.py); a
decision is checked again on a fresh read of the Sheet before it is written.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..cas import CasSettings
from ..cas.interviews_due import interviews_due
from ..cas.records import AT_RISK
from ..sheet_edits import DECISIONS, EditRefused, NotYours, decide_experience
from ..workspace import Workspace, WorkspaceError
from . import context, school as school_data
from .auth import allowed, person
from .logs import log

advisees = Blueprint("advisees", __name__)
AWAITING = "Awaiting decision"


def cohort_settings(view) -> CasSettings | None:
    """The cohort's rule settings from its Settings tab as last read; None when
    they are not usable (the sync reports why)."""
    from ..templates import SettingsError, resolve_settings

    template = context.templates().sheet
    keys = {s.key for s in template.settings}
    try:
        return CasSettings.from_values(resolve_settings(
            template, {k: v for k, v in view.settings.items() if k in keys}))
    except (SettingsError, ValueError):
        return None


def due_of(view, students: list[dict], today) -> dict[str, list]:
    """Each student's interviews due or overdue today."""
    from ..sync.records import interview

    settings = cohort_settings(view)
    if settings is None:
        return {}
    ids = {s["student_id"] for s in students}
    recorded: dict[str, list] = {}
    for cells in view.rows("interviews"):
        sid = str(cells.get("student_id", "")).strip()
        if sid in ids:
            recorded.setdefault(sid, []).append(interview(cells))
    return {sid: interviews_due(recorded.get(sid, []), settings, today) for sid in ids}


def advisees_of(found, email: str) -> list[dict]:
    """Each cohort with the advisor's students in it: students, at risk, awaiting."""
    mine = found.advisees.get(email, set())
    cohorts = []
    for name, view in sorted(found.views.items()):
        ids = {student_id for cohort, student_id in mine if cohort == name}
        if not ids:
            continue
        students = [dict(cells, student_id=sid) for sid, cells in view.students().items()
                    if sid in ids]
        students.sort(key=lambda s: str(s.get("name", "")))
        names = {s["student_id"]: s.get("name", "") for s in students}
        awaiting = [e for e in view.rows("experiences")
                    if str(e.get("student_id", "")).strip() in ids
                    and e.get("experience_status") == AWAITING
                    and not str(e.get("advisor_decision", "")).strip()]
        for experience in awaiting:
            experience["student_name"] = names.get(str(experience.get("student_id")), "")
        due = due_of(view, students, context.today())
        for student in students:
            student["interviews_due"] = due.get(student["student_id"], [])
        cohorts.append({"name": name, "students": students,
                        "at_risk": [s for s in students if s.get("status") == AT_RISK],
                        "awaiting": awaiting,
                        "interviews_due": [s for s in students if s["interviews_due"]]})
    return cohorts


@advisees.get("/advisees")
@allowed("advisor")
def my_advisees():
    who = person()
    return render_template("pages/advisees.html", cohorts=advisees_of(school_data.school(), who.email),
                           decisions=DECISIONS)


@advisees.post("/advisees/<cohort>/experiences/<code>/decision")
@allowed("advisor")
def decide(cohort: str, code: str):
    who = person()
    view = school_data.school().view(cohort)
    if view is None or view.cohort.sheet_id is None:
        abort(404)
    as_advisor = Workspace.from_config(context.config(), subject=who.email)
    try:
        decide_experience(as_advisor, context.templates(), view.cohort.sheet_id, code,
                          request.form.get("decision", ""), request.form.get("comment", ""),
                          who.email)
    except NotYours:
        abort(404)
    except EditRefused as err:
        flash(f"{code}: {err}", "problem")
        return redirect(url_for("advisees.my_advisees") + f"#exp-{code}")
    except WorkspaceError as err:
        log("ERROR", f"decision on {code} not written: {err}", cohort=cohort)
        flash(f"{code}: Google refused the write ({err}); nothing was changed. Try again.",
              "problem")
        return redirect(url_for("advisees.my_advisees"))
    log("INFO", f"{who.email} decided {code}", cohort=cohort, decision=request.form["decision"])
    school_data.forget()
    flash(f"{code}: \u201c{request.form['decision']}\u201d is in the Sheet. The student is told "
          f"at the next sync.", "done")
    return redirect(url_for("advisees.my_advisees"))
