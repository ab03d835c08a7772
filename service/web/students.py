"""A student's page (``/cohorts/<cohort>/students/<student ID>``): status and
why, outcomes evidenced and missing, experiences with their decisions,
reflections, supervisor statements, interviews, and links to the folder and the
Sheet. For coordinators, and for the student's own advisor: anyone else, even
another advisor who guesses the address, gets the same 404 as for a student
who does not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from . import school as school_data
from .auth import allowed, person

students = Blueprint("students", __name__)


@students.get("/cohorts/<cohort>/students/<student_id>")
@allowed("coordinator", "advisor")
def student(cohort: str, student_id: str):
    who, found = person(), school_data.school()
    if not who.coordinator and not found.advises(who.email, cohort, student_id):
        abort(404)
    view = found.view(cohort)
    cells = view.students().get(student_id) if view else None
    if cells is None:
        abort(404)

    def of_student(tab):
        return [r for r in view.rows(tab) if str(r.get("student_id", "")).strip() == student_id]

    return render_template("pages/student.html", view=view, student=cells, student_id=student_id,
                           experiences=of_student("experiences"),
                           reflections=of_student("reflections"),
                           statements=of_student("supervisor_statements"),
                           interviews=of_student("interviews"))
