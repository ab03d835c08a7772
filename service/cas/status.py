"""A student's status, its reasons and the Students tab's summary, from their records.

How the status is decided, first match wins:

1. **The coordinator's status** ("Status set by coordinator", one of the five) wins.
   The reasons then start with the coordinator's reason, followed by what the rules
   alone would say when that differs.
2. **Complete** when every completion rule is met (rules.completion_gaps), on any day.
3. **Incomplete** after ``cohort_end`` (from the next day): the reasons are the unmet
   rules.
4. **At risk** while the programme runs when any pace rule fails (rules.pace_risks),
   or at any time while the advisor has written a concern.
5. **Not started** when the student has no approved experience and no reflection.
   Before the end of interview 1's window this is not a risk; after it, it is.
6. **On track** otherwise.

So ``reasons`` is empty exactly for Not started, On track and Complete, unless the
coordinator set the status. What the student still has to do that is not late yet is
``to_do``. ``notes`` are things to fix in the Sheet that change no status (an outcome
name the framework lacks, a status the coordinator typed that is not one of the five,
programme dates not set).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from .dates import format_date
from .portfolio import Portfolio, by_student, gather
from .records import (AT_RISK, COMPLETE, INCOMPLETE, NOT_STARTED, ON_TRACK, REJECTED, STATUSES,
                      Experience, Interview, Reflection, Student, SupervisorStatement, same_words)
from .rules import Finding, completion_gaps, pace_risks
from .settings import CasSettings

# Worst first: how a coordinator ranks them (used by tests and dashboards).
STATUS_RANK = {INCOMPLETE: 0, AT_RISK: 1, NOT_STARTED: 2, ON_TRACK: 3, COMPLETE: 4}


@dataclasses.dataclass(frozen=True)
class Assessment:
    """Where one student stands on ``today``.

    ``computed_status`` is what the rules say; ``status`` is what the Sheet shows (the
    coordinator's when set). The other fields are the Students tab's service-owned
    cells: ``outcomes_evidenced`` and ``outcomes_total`` make "5 of 7",
    ``outcomes_missing`` lists labels in framework order, ``strand_counts`` counts
    approved experiences by strand (C / A / S), ``project`` describes the CAS
    project(s), ``interviews_done`` counts interviews 1-3 that count.
    """

    student_id: str
    status: str
    computed_status: str
    reasons: tuple[str, ...]
    to_do: tuple[str, ...]
    notes: tuple[str, ...]
    outcomes_evidenced: int
    outcomes_total: int
    outcomes_missing: tuple[str, ...]
    strand_counts: tuple[tuple[str, int], ...]
    project: str
    interviews_done: int
    last_reflection: datetime.date | None

    def students_cells(self) -> dict[str, object]:
        """The Students tab's service-owned status cells, by column key: text for text
        columns (lists one per line), an int for Interviews done, a date (or None for an
        empty cell) for Last reflection."""
        return {
            "status": self.status,
            "reasons": "\n".join(self.reasons),
            "outcomes_evidenced": f"{self.outcomes_evidenced} of {self.outcomes_total}",
            "outcomes_missing": "\n".join(self.outcomes_missing),
            "strand_counts": " / ".join(str(n) for _, n in self.strand_counts),
            "project": self.project,
            "interviews_done": self.interviews_done,
            "last_reflection": self.last_reflection,
        }


def assess(student: Student, experiences: Iterable[Experience],
           reflections: Iterable[Reflection], statements: Iterable[SupervisorStatement],
           interviews: Iterable[Interview], settings: CasSettings,
           today: datetime.date) -> Assessment:
    """Assess one student. The record lists may hold other students' records too (they
    are ignored), in any order."""
    portfolio = gather(student, experiences, reflections, statements, interviews,
                       settings, today)
    status, reasons, to_do = _computed(portfolio, settings, today)
    notes = _notes(portfolio, settings)
    shown, shown_reasons = status, reasons
    manual = next((s for s in STATUSES if same_words(student.manual_status, s)), None)
    if manual is not None:
        shown = manual
        why = student.manual_status_reason.strip()
        shown_reasons = [f"Set by the coordinator: {why}" if why else "Set by the coordinator"]
        if status != manual:
            shown_reasons.append(f"The rules alone say {status}" + (":" if reasons else ""))
            shown_reasons += reasons
    elif student.manual_status.strip():
        notes.append(f"'{student.manual_status.strip()}' in \"Status set by coordinator\" is not "
                     f"one of {', '.join(STATUSES)}, so it is ignored")

    missing = portfolio.outcomes_missing(settings)
    total = len(settings.framework.outcomes)
    return Assessment(
        student_id=student.student_id, status=shown, computed_status=status,
        reasons=tuple(shown_reasons), to_do=tuple(to_do), notes=tuple(notes),
        outcomes_evidenced=total - len(missing), outcomes_total=total,
        outcomes_missing=tuple(missing),
        strand_counts=tuple(portfolio.strand_counts().items()),
        project=_project_summary(portfolio), interviews_done=len(portfolio.interviews_held(settings)),
        last_reflection=portfolio.last_reflection)


def assess_cohort(students: Iterable[Student], experiences: Iterable[Experience],
                  reflections: Iterable[Reflection], statements: Iterable[SupervisorStatement],
                  interviews: Iterable[Interview], settings: CasSettings,
                  today: datetime.date) -> dict[str, Assessment]:
    """Every student's assessment by student ID, grouping the records once (records of
    IDs not in ``students`` are ignored: the sync lists those for review)."""
    experiences_of, reflections_of, statements_of, interviews_of = by_student(
        experiences, reflections, statements, interviews)
    return {student.student_id: assess(
                student, experiences_of[student.student_id], reflections_of[student.student_id],
                statements_of[student.student_id], interviews_of[student.student_id],
                settings, today)
            for student in students}


def _computed(portfolio: Portfolio, settings: CasSettings,
              today: datetime.date) -> tuple[str, list[str], list[str]]:
    gaps = completion_gaps(portfolio, settings)
    if not gaps:
        return COMPLETE, [], []
    if settings.cohort_end is not None and today > settings.cohort_end:
        return INCOMPLETE, [g.text for g in gaps], []
    risks = pace_risks(portfolio, settings, today)
    concern = portfolio.student.advisor_concern.strip()
    if concern:
        risks.append(Finding("concern", f"Advisor's concern: {concern}"))
    risky_topics = {r.topic for r in risks}
    to_do = [g.text for g in gaps if g.topic not in risky_topics]
    if risks:
        return AT_RISK, [r.text for r in risks], to_do
    return (ON_TRACK if portfolio.started else NOT_STARTED), [], to_do


def _notes(portfolio: Portfolio, settings: CasSettings) -> list[str]:
    notes = []
    if not settings.dated:
        notes.append("Set cohort_start and cohort_end in Settings: until then no interview "
                     "window, engagement or pace rule is checked")
    if portfolio.unknown_outcomes:
        names = ", ".join(f"'{n}'" for n in portfolio.unknown_outcomes)
        notes.append(f"Not outcomes of the {settings.framework.name} framework, so not "
                     f"counted: {names}")
    return notes


def _project_summary(portfolio: Portfolio) -> str:
    """The CAS project cell: each project proposal that was not rejected, with its
    state, e.g. "Beach clean-up: Approved, 1 March 2027 to 30 June 2027"."""
    parts = []
    for project in (e for e in portfolio.experiences if e.cas_project):
        state = portfolio.progress[project.experience_id].experience_status
        if same_words(state, REJECTED):
            continue
        title = project.title.strip() or project.experience_id
        span = ""
        if project.start_date and project.end_date:
            span = f", {format_date(project.start_date)} to {format_date(project.end_date)}"
        parts.append(f"{title}: {state}{span}")
    return "; ".join(parts) if parts else "None yet"


