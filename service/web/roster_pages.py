"""The Roster page (``/coordinator/<cohort>/roster``, coordinators): a CSV file
or the CAS Classroom course, previewed, then imported on the coordinator's word.

Every rule is ``import_roster``'s, the function ``cas roster import`` calls
(service/provision/roster_import.py): the preview is that function with
``write=False``, its problems (``RosterError``) shown by line and field exactly as
the command prints them, and nothing written.

Between preview and confirm the file travels in the confirm form (App Engine
keeps nothing between requests), with a token signed by the service
(itsdangerous, the session's key) binding it to the cohort, the file's SHA-256
and the preview's fingerprint (what the import would write). Confirming checks
the signature and the file's hash, parses the file again with every check, and
writes only if the import would write exactly what the preview showed
(``expected``: else nothing is written and the new preview is shown). A file
altered in the browser is refused; one the Students tab changed under is
previewed again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..cohorts import cohort_config
from ..provision.roster_import import PreviewChanged, RosterError, SetupNeeded, import_roster
from ..workspace import WorkspaceError
from . import context, school as school_data
from .school import set_up_view
from .auth import allowed, person
from .logs import log

roster_pages = Blueprint("roster_pages", __name__)
MAX_BYTES = 1024 * 1024         # 3,000 students are about 250 kB
PREVIEW_SECONDS = 8 * 3600      # as long as the page's CSRF token


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="cas roster preview")



def _courses(view) -> dict[str, str]:
    from .new_cohort import courses as listed

    courses, _ = listed()
    current = str(view.settings.get("classroom_course_id") or "").strip()
    if current and current not in courses:
        courses = {current: f"The course in Settings ({current})", **courses}
    return courses


def _page(view, status=200, **shown):
    shown.setdefault("problems", None)
    shown.setdefault("preview", None)
    return render_template("pages/roster.html", view=view, courses=_courses(view),
                           course=str(view.settings.get("classroom_course_id") or ""),
                           **shown), status


@roster_pages.get("/coordinator/<cohort>/roster")
@allowed("coordinator")
def roster(cohort: str):
    return _page(set_up_view(cohort))


def _source() -> tuple[bytes | None, str | None, str]:
    """(the CSV's bytes, the course ID, how to name the source) of this request."""
    if request.form.get("source") == "classroom":
        course = request.form.get("course_id", "").strip()
        return None, course, f"the Classroom course {course}"
    if "csv_data" in request.form:     # the confirm form: the previewed file
        try:
            data = base64.b64decode(request.form["csv_data"], validate=True)
        except (binascii.Error, ValueError):
            data = b"\x00"
        return data, None, request.form.get("filename") or "the file"
    upload = request.files.get("csv_file")
    if upload is None or not upload.filename:
        return b"", None, "no file"
    return upload.stream.read(MAX_BYTES + 1), None, upload.filename


def _import(view, data, course, *, write: bool, expected: str | None = None):
    return import_roster(context.workspace(), cohort_config(context.config(), view.name),
                         context.templates(), csv_text=data, course_id=course,
                         write=write, expected=expected)


def _preview_page(view, data, course, name, status=200, note=""):
    """The preview (nothing written), or the problems."""
    if data is not None and len(data) > MAX_BYTES:
        return _page(view, 413, problems=[f"{name} is larger than {MAX_BYTES // 1024} KB: "
                                          f"is it the roster?"], source_name=name)
    if data is not None and not data.strip():
        return _page(view, 422, problems=["Choose a CSV file first."], source_name=name)
    if course is not None and not course:
        return _page(view, 422, problems=["Choose the Classroom course first."], source_name=name)
    try:
        result = _import(view, data, course, write=False)
    except RosterError as err:
        return _page(view, 422, problems=err.problems, source_name=name)
    except (SetupNeeded, WorkspaceError) as err:
        return _page(view, 422, problems=[str(err)], source_name=name)
    token = _signer().dumps({"cohort": view.name, "fingerprint": result.fingerprint,
                             "sha256": hashlib.sha256(data).hexdigest() if data is not None
                             else "", "course": course or ""})
    return _page(view, status, preview=result, source_name=name, note=note, token=token,
                 csv_data=base64.b64encode(data).decode() if data is not None else "",
                 course_id=course or "")


@roster_pages.post("/coordinator/<cohort>/roster/preview")
@allowed("coordinator")
def preview(cohort: str):
    view = set_up_view(cohort)
    data, course, name = _source()
    return _preview_page(view, data, course, name)


@roster_pages.post("/coordinator/<cohort>/roster/import")
@allowed("coordinator")
def confirm(cohort: str):
    view = set_up_view(cohort)
    data, course, name = _source()
    try:
        signed = _signer().loads(request.form.get("token", ""), max_age=PREVIEW_SECONDS)
    except BadSignature:
        signed = None
    if not signed or signed.get("cohort") != view.name or signed.get("course") != (course or "") \
            or signed.get("sha256") != (hashlib.sha256(data).hexdigest() if data is not None
                                        else ""):
        return _page(view, 400, problems=["This preview is not the one the service showed "
                                          "(or it is more than 8 hours old): nothing was "
                                          "written. Preview the roster again."],
                     source_name=name)
    try:
        result = _import(view, data, course, write=True, expected=signed["fingerprint"])
    except PreviewChanged as err:
        return _preview_page(view, data, course, name, 409, note=str(err))
    except RosterError as err:
        return _page(view, 422, problems=err.problems, source_name=name)
    except (SetupNeeded, WorkspaceError) as err:
        return _page(view, 422, problems=[f"{err} Nothing is written twice: confirm again."],
                     source_name=name)
    school_data.forget()
    log("INFO", f"roster of {cohort} imported from the pages: {result.diff.summary()}",
        cohort=cohort, by=person().email, cells=result.cells_written)
    for problem in result.problems:
        flash(f"Problem: {problem}", "problem")
    flash(f"Roster imported from {name}: {result.diff.summary()}. "
          f"{result.cells_written} cells written to the Students tab.", "done")
    return redirect(url_for("roster_pages.roster", cohort=cohort))
