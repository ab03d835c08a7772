"""An advisor's page, "My advisees" (``/advisees``): who is At risk and why, the
proposals awaiting their decision (Approve / Request changes / Reject with a
comment, written into the Experiences tab's Decision and Advisor's comment cells
as the advisor: service/sheet_edits.py), and each advisee's interview record
link. Only the advisor's own students, from the cached read (school.py); a
decision is checked again on a fresh read of the Sheet before it is written.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..cas.records import AT_RISK
from ..sheet_edits import DECISIONS, EditRefused, NotYours, decide_experience
from ..workspace import Workspace, WorkspaceError
from . import context, school as school_data
from .auth import allowed, person
from .logs import log

advisees = Blueprint("advisees", __name__)
AWAITING = "Awaiting decision"


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
        cohorts.append({"name": name, "students": students,
                        "at_risk": [s for s in students if s.get("status") == AT_RISK],
                        "awaiting": awaiting})
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
