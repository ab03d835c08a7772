"""What the pages show and who may see it, from ONE cached read of the school.

Every page is answered from ``school()``: the cohorts (one Drive listing, one
Settings read a cohort: service/cohorts.py) and each cohort's master Sheet as the
last sync left it (ONE values.batchGetByDataFilter a cohort, read_tables), kept
for ``CACHE_SECONDS`` by the process. A page load therefore makes no Google call
while the read is fresh (DESIGN.md §7: quotas are the coordinator's); a write
made by a page (a decision, a review resolved) or a sync seen finishing forgets
it, so the next page reads the Sheet again.

Who is who comes from the school's own data, never from the request:

- **coordinators**: CAS_SUBJECT, and every address in ``coordinator_emails`` of
  any cohort's Settings tab;
- **advisors**: the Advisor cell of a student of a live cohort (or one whose
  state could not be read: a student is never cut off from their advisor by a
  typo in a date); an advisor sees those students and no other.
"""

from __future__ import annotations

import dataclasses
import threading
import time

from flask import current_app

from ..cohorts import LIVE, UNKNOWN, Cohort, find_cohorts
from ..sync.table import SheetDamaged, Table, read_tables
from ..workspace import WorkspaceError
from . import context

CACHE_SECONDS = 60
TABS = ("students", "experiences", "reflections", "supervisor_statements", "interviews",
        "needs_review", "sync_log")
ADVISED_STATES = (LIVE, UNKNOWN)


def _email(value) -> str:
    return str(value or "").strip().lower()


@dataclasses.dataclass
class CohortView:
    """A cohort and its master Sheet's tabs as last read."""

    cohort: Cohort
    tables: dict[str, Table] = dataclasses.field(default_factory=dict)
    settings: dict = dataclasses.field(default_factory=dict)
    problem: str = ""

    @property
    def name(self) -> str:
        return self.cohort.name

    def rows(self, tab: str) -> list[dict]:
        table = self.tables.get(tab)
        return [cells for _, cells in table.rows] if table else []

    def students(self) -> dict[str, dict]:
        table = self.tables.get("students")
        return table.by_id() if table else {}

    def coordinators(self) -> set[str]:
        return {_email(e) for e in str(self.settings.get("coordinator_emails", "")).split(",")
                if _email(e)}


@dataclasses.dataclass
class School:
    views: dict[str, CohortView]
    coordinators: set[str]
    advisees: dict[str, set[tuple[str, str]]]   # advisor -> {(cohort, student ID)}
    people: dict[str, str]                        # email -> name or role, for the sign-in
    read_at: float = 0.0

    def is_coordinator(self, email: str) -> bool:
        return _email(email) in self.coordinators

    def advises(self, email: str, cohort: str, student_id: str) -> bool:
        return (cohort, str(student_id)) in self.advisees.get(_email(email), set())

    def view(self, cohort: str) -> CohortView | None:
        return self.views.get(cohort)


def read_school(workspace, config, today) -> School:
    """The cohorts and their Sheets, now (a Drive call, then two Sheets calls a cohort)."""
    views: dict[str, CohortView] = {}
    for cohort in find_cohorts(workspace, config, today):
        view = CohortView(cohort)
        views[cohort.name] = view
        if cohort.sheet_id is None:
            continue
        try:
            view.tables, view.settings, _ = read_tables(
                workspace.sheets, cohort.sheet_id, context.templates(), TABS, settings=True)
        except (WorkspaceError, SheetDamaged) as err:
            view.problem = f"the master Sheet could not be read: {err}"
    coordinators = {_email(config.subject)}
    people = {_email(config.subject): "coordinator"}
    advisees: dict[str, set[tuple[str, str]]] = {}
    for view in views.values():
        coordinators |= view.coordinators()
        for email in view.coordinators():
            people.setdefault(email, "coordinator")
        advised = view.cohort.state in ADVISED_STATES
        for student_id, cells in view.students().items():
            advisor = _email(cells.get("advisor_email"))
            if advisor and advised:
                advisees.setdefault(advisor, set()).add((view.name, student_id))
                people.setdefault(advisor, "advisor")
            student = _email(cells.get("email"))
            if student:
                people.setdefault(student, f"student: {cells.get('name') or student_id}")
    return School(views, coordinators, advisees, people, time.monotonic())


_lock = threading.Lock()


def school() -> School:
    """The school as last read, read again when older than CACHE_SECONDS."""
    kept = current_app.extensions.get("cas_school")
    if kept and time.monotonic() - kept.read_at < CACHE_SECONDS:
        return kept
    with _lock:   # one read at a time, not one per waiting request
        kept = current_app.extensions.get("cas_school")
        if kept and time.monotonic() - kept.read_at < CACHE_SECONDS:
            return kept
        fresh = read_school(context.workspace(), context.config(), context.today())
        current_app.extensions["cas_school"] = fresh
        return fresh


def forget() -> None:
    """The next page reads the school again (after a write of ours, or a sync)."""
    current_app.extensions.pop("cas_school", None)


def fresh_view(cohort: str) -> CohortView | None:
    """The cohort as last read; read again once when it is not there (a cohort
    set up since the last read)."""
    view = school().view(cohort)
    if view is None or view.cohort.sheet_id is None:
        forget()
        view = school().view(cohort)
    return view


def set_up_view(cohort: str) -> CohortView:
    """The cohort of a coordinator's page (``fresh_view``), or 404 when the school has no
    such cohort or it has no master Sheet yet."""
    from flask import abort

    view = fresh_view(cohort)
    if view is None or view.cohort.sheet_id is None:
        abort(404)
    return view
