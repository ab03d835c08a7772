"""A new cohort asked for from the pages: what the coordinator typed, checked
before anything is enqueued, and how far its setup has gone, read from Google.

``check_new_cohort`` turns the form's fields into ``SetupOptions`` for
``run_setup`` (the function ``cas setup`` calls), or raises ``NewCohortRefused``
listing every problem (nothing enqueued). The settings a new master Sheet gets
are checked by the same ``new_sheet_settings`` setup uses, so the task cannot
fail later on a date the page accepted.

``setup_progress`` tells what setup has made so far, from ONE Drive listing of
the cohort's tagged objects (each made ``casState=new`` and tagged ``ready`` when
complete: setup.py) and, once the master Sheet is ready, ONE read of its
Settings tab (setup records the forms' IDs there last). Nothing is kept in
memory: a reload, another instance or a retried task sees the same.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Mapping

from ..templates import SettingsError
from .cohort import ADVISORS, FORM, MASTER_SHEET, ROOT, find_cohort, is_ready, read_settings
from .setup import FRAMEWORKS, SetupOptions, default_dates, new_sheet_settings

# A cohort's name is in folder names, task names and page addresses: letters,
# digits, spaces, dots, hyphens and underscores (no slash), as "2026-2028".
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$")


class NewCohortRefused(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclasses.dataclass(frozen=True)
class NewCohort:
    name: str
    options: SetupOptions

    def as_body(self) -> dict:
        o = self.options
        return {"name": self.name, "start": o.start.isoformat() if o.start else "",
                "end": o.end.isoformat() if o.end else "", "framework": o.framework,
                "classroom_course": o.classroom_course or "",
                "shared_drive": o.shared_drive or ""}

    @classmethod
    def from_body(cls, body: Mapping) -> "NewCohort":
        """The request a task carries (``as_body``); ``run_setup`` checks its
        settings again (``SettingsError``), as the page did before enqueueing."""
        framework = str(body.get("framework") or "current")
        if framework not in FRAMEWORKS or not NAME.match(str(body.get("name", ""))):
            raise ValueError(f"not a setup request: {dict(body)!r}")
        return cls(str(body.get("name", "")), SetupOptions(
            start=_date(body.get("start")), end=_date(body.get("end")),
            framework=framework,
            classroom_course=str(body.get("classroom_course") or "") or None,
            shared_drive=str(body.get("shared_drive") or "") or None))


def _date(value) -> datetime.date | None:
    text = str(value or "").strip()
    return datetime.date.fromisoformat(text) if text else None


def check_new_cohort(fields: Mapping[str, str], config, templates,
                     courses: Mapping[str, str] | None = None,
                     drives: Mapping[str, str] | None = None) -> NewCohort:
    """The cohort the form asks for; ``NewCohortRefused`` with every problem.
    ``courses`` and ``drives`` (ID -> name), when given, are the only choices."""
    problems = []
    name = " ".join(str(fields.get("name", "")).split())
    if not NAME.match(name) or name.lower() == "new-cohort":
        problems.append("Name: use 1 to 40 letters, digits, spaces, dots, hyphens or "
                        "underscores, starting with a letter or digit (e.g. 2026-2028)")
    dates = {}
    for key, label in (("start", "Programme start"), ("end", "Programme end")):
        try:
            dates[key] = _date(fields.get(key))
        except ValueError:
            problems.append(f"{label}: {fields.get(key)!r} is not a date (YYYY-MM-DD)")
            dates[key] = None
    start, end = default_dates(name) if NAME.match(name) else (None, None)
    start, end = dates["start"] or start, dates["end"] or end
    if not start or not end:
        problems.append("Programme start and end: give both (only a name such as 2026-2028 "
                        "has them by default)")
    elif start >= end:
        problems.append(f"Programme end: {end} is not after the start ({start})")
    framework = str(fields.get("framework") or "current")
    if framework not in FRAMEWORKS:
        problems.append(f"Outcome framework: {framework!r} is not one of "
                        f"{', '.join(FRAMEWORKS)}")
    course = str(fields.get("classroom_course") or "").strip() or None
    if course and courses is not None and course not in courses:
        problems.append("CAS Classroom course: pick one of your courses")
    drive = str(fields.get("shared_drive") or "").strip() or None
    if drive and drives is not None and drive not in drives:
        problems.append("Where: pick My Drive or one of your shared drives")
    options = SetupOptions(start=start, end=end,
                           framework=framework if framework in FRAMEWORKS else "current",
                           classroom_course=course, shared_drive=drive)
    if not problems:
        try:
            new_sheet_settings(dataclasses.replace(config, cohort=name), options,
                               templates.sheet)
        except SettingsError as err:
            problems += err.problems
    if problems:
        raise NewCohortRefused(problems)
    return NewCohort(name, options)


def check_where(workspace, config, request: NewCohort, templates) -> None:
    """Refuse, before anything is enqueued, a shared drive that cannot hold the
    cohort (the check setup makes first: ``SharedDriveRefused`` says why)."""
    from .setup import SharedDriveRefused, _Setup

    drive = request.options.shared_drive
    if not drive:
        return
    own = dataclasses.replace(config, cohort=request.name)
    try:
        _Setup(workspace, own, templates).check_shared_drive(
            find_cohort(workspace.drive, request.name, None, drive), drive)
    except SharedDriveRefused as err:
        raise NewCohortRefused([f"Where: {err}"]) from None


@dataclasses.dataclass
class SetupProgress:
    cohort: str
    steps: list[tuple[str, bool]]          # (what, made and complete)
    links: list[tuple[str, str]]           # (what, link) of what is complete
    finished: bool

    @property
    def done(self) -> int:
        return sum(1 for _, ready in self.steps if ready)

    def as_dict(self) -> dict:
        return {"cohort": self.cohort, "done": self.done, "total": len(self.steps),
                "finished": self.finished,
                "text": f"{self.done} of {len(self.steps)} parts made" +
                        ("; setup is finished" if self.finished else "")}


def setup_progress(workspace, cohort: str, templates) -> SetupProgress:
    objects = find_cohort(workspace.drive, cohort)
    steps, links = [], []

    def step(what: str, file: dict | None, link_what: str | None = None) -> bool:
        ready = bool(file) and (is_ready(file) or file.get("mimeType", "").endswith("folder"))
        steps.append((what, ready))
        if ready and link_what and file.get("webViewLink"):
            links.append((link_what, file["webViewLink"]))
        return ready

    step(f"Folder CAS {cohort}", objects.get(ROOT, ROOT), "Cohort folder")
    step("Advisors folder", objects.get(ADVISORS, ADVISORS))
    sheet = objects.get(MASTER_SHEET, MASTER_SHEET)
    sheet_ready = step("Master Sheet", sheet, "Master Sheet")
    forms_ready = all([step(f"Form: {form.title}", objects.get(FORM, key),
                            f"Form (edit): {form.title}")
                       for key, form in templates.forms.items()])
    recorded = False
    if sheet_ready and forms_ready:
        settings = read_settings(workspace.sheets, sheet["id"])
        recorded = all(str(settings.get(f"{key}_form_id", (0, ""))[1]).strip()
                       for key in templates.forms)
        for key, form in templates.forms.items():
            link = str(settings.get(f"{key}_form_link", (0, ""))[1]).strip()
            if link:
                links.append((f"Form to answer: {form.title}", link))
    steps.append(("The forms' links recorded in Settings", recorded))
    return SetupProgress(cohort, steps, links, finished=all(r for _, r in steps))
