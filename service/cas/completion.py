"""Completion at the end of the programme: whether a student is ready for the
coordinator to confirm their CAS result, and what the coordinator's result means.

The service proposes, the coordinator decides (CAS.md, Close). The proposal is the
Students tab's "Ready to confirm?" (:func:`readiness`), one of:

* **Ready to confirm**, when every completion rule of the cohort's Settings is met
  (rules.completion_gaps: outcomes, project(s), strands, interviews, completed
  experiences), with the evidence: the outcomes, the approved experiences per
  strand, the project(s) and their length, the three interviews and their dates,
  and the span of the student's engagement (first to last record). The span is
  evidence shown, not a rule: the Settings have no rule for it, and the coordinator
  judges it.
* **Cannot be ready by the end**, with why: after ``cohort_end``, every unmet rule;
  before it, when a rule can no longer be met in the days left. Only the project
  can run out of time before the end: a project lasts at least
  ``project_min_days``, so when even the longest one still possible (one approved
  already, extended to the end, or a new one from today) is shorter, no project
  can qualify. Outcomes, strands and interviews can still be done on the last day
  (a late interview counts, rules.interview_gaps).
* **Not yet**, with what is still missing.

The coordinator's result (the Students tab's "IB completion", :data:`IB_RESULTS`)
is theirs: a Completed on a student who is not ready is kept and flagged
(:func:`flag_decision`). A Not completed result leaves the school a year to change
it (IB assessment procedures as schools describe them): :func:`extension_until`.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from .dates import add_months, days_inclusive, format_date
from .portfolio import Portfolio, by_student, gather
from .records import (Experience, Interview, Reflection, Student, SupervisorStatement,
                      same_words)
from .rules import completion_gaps
from .settings import CasSettings

# The coordinator's result for IBIS (Students: IB completion). Blank is Pending.
PENDING, COMPLETED, NOT_COMPLETED = "Pending", "Completed", "Not completed"
IB_RESULTS = (PENDING, COMPLETED, NOT_COMPLETED)
# The service's proposal (Students: Ready to confirm?).
READY, NOT_YET, CANNOT = "Ready to confirm", "Not yet", "Cannot be ready by the end"
EXTENSION_MONTHS = 12


def ib_result(cell: str | None) -> str | None:
    """The result a cell says: blank is Pending; None for a word that is not one of
    :data:`IB_RESULTS` (the dropdown is strict, but a paste is not)."""
    if not (cell or "").strip():
        return PENDING
    return next((r for r in IB_RESULTS if same_words(cell, r)), None)


@dataclasses.dataclass(frozen=True)
class Readiness:
    """``verdict`` is READY, NOT_YET or CANNOT; ``lines`` the evidence (READY) or the
    reasons, one plain sentence each."""

    verdict: str
    lines: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.verdict == READY

    def text(self) -> str:
        """The cell: the verdict, then a line per piece of evidence or reason."""
        return "\n".join((f"{self.verdict}:", *self.lines)) if self.lines else self.verdict


def readiness(student: Student, experiences: Iterable[Experience],
              reflections: Iterable[Reflection], statements: Iterable[SupervisorStatement],
              interviews: Iterable[Interview], settings: CasSettings,
              today: datetime.date) -> Readiness:
    """One student's readiness on ``today`` (records of other students are ignored)."""
    portfolio = gather(student, experiences, reflections, statements, interviews,
                       settings, today)
    return _readiness(portfolio, settings, today)


def readiness_cohort(students: Iterable[Student], experiences: Iterable[Experience],
                     reflections: Iterable[Reflection],
                     statements: Iterable[SupervisorStatement], interviews: Iterable[Interview],
                     settings: CasSettings, today: datetime.date) -> dict[str, Readiness]:
    """Every student's readiness by student ID, the records grouped once."""
    experiences_of, reflections_of, statements_of, interviews_of = by_student(
        experiences, reflections, statements, interviews)
    return {s.student_id: readiness(s, experiences_of[s.student_id],
                                    reflections_of[s.student_id], statements_of[s.student_id],
                                    interviews_of[s.student_id], settings, today)
            for s in students}


def flag_decision(result: str | None, ready: Readiness) -> tuple[str, ...] | None:
    """The reasons to flag a coordinator's result, or None: a Completed on a student
    the rules do not find ready (kept: it is the coordinator's decision)."""
    if result == COMPLETED and not ready.ready:
        return (f"{ready.verdict}",) + ready.lines
    return None


def extension_until(decided_on: datetime.date) -> datetime.date:
    """The last day a Not completed result may still be changed: a year after it."""
    return add_months(decided_on, EXTENSION_MONTHS)


# -- the verdict -------------------------------------------------------------------
def _readiness(portfolio: Portfolio, settings: CasSettings, today: datetime.date) -> Readiness:
    gaps = [g.text for g in completion_gaps(portfolio, settings)]
    if not gaps:
        return Readiness(READY, tuple(_evidence(portfolio, settings)))
    end = settings.cohort_end
    if end is not None and today > end:
        return Readiness(CANNOT, (f"The programme ended on {format_date(end)}", *gaps))
    late = _out_of_time(portfolio, settings, today)
    if late:
        return Readiness(CANNOT, (late, *gaps))
    return Readiness(NOT_YET, tuple(gaps))


def _out_of_time(portfolio: Portfolio, settings: CasSettings,
                 today: datetime.date) -> str | None:
    """Why the project rule can no longer be met before the end, or None."""
    end, needed = settings.cohort_end, settings.project_min_days
    if end is None or not any(g.topic == "project" for g in completion_gaps(portfolio, settings)):
        return None
    starts = [e.start_date for e in portfolio.approved_projects() if e.start_date]
    longest = days_inclusive(min([today, *starts]), end)
    if longest >= needed:
        return None
    return (f"A CAS project must last at least {needed} days and the longest still possible "
            f"lasts {longest} (the programme ends on {format_date(end)})")


def _evidence(portfolio: Portfolio, settings: CasSettings) -> list[str]:
    total = len(settings.framework.outcomes)
    counts = portfolio.strand_counts()
    needed = settings.min_experiences_by_strand
    lines = [f"All {total} learning outcomes evidenced",
             "Approved experiences: " + ", ".join(
                 f"{strand} {counts[strand]} (of {needed[strand]} needed)" for strand in counts)]
    for project in portfolio.approved_projects():
        if project.start_date and project.end_date:
            days = days_inclusive(project.start_date, project.end_date)
            lines.append(f"CAS project {project.display_title}: {format_date(project.start_date)}"
                         f" to {format_date(project.end_date)} ({days} days)")
    held = portfolio.interviews_held(settings)
    dates = []
    for number in sorted(held):
        days = [i.interview_date for i in portfolio.interviews
                if i.number == number and i.interview_date]
        dates.append(f"{number} on {format_date(min(days))}" if days else f"{number}")
    lines.append("Interviews recorded: " + ", ".join(dates))
    span = _span(portfolio)
    if span:
        first, last = span
        months = round((last - first).days / 30.44)
        text = f"Engaged from {format_date(first)} to {format_date(last)} ({months} months"
        if settings.dated:
            whole = round((settings.cohort_end - settings.cohort_start).days / 30.44)
            text += f" of the programme's {whole}"
        lines.append(text + ")")
    return lines


def _span(portfolio: Portfolio) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the student's own records: approved experiences'
    start, reflections, interviews."""
    done = [r.submitted for r in portfolio.reflections]
    done += [i.interview_date for i in portfolio.interviews if i.interview_date]
    starts = [e.start_date for e in portfolio.experiences if e.approved and e.start_date]
    if not done:
        return None
    return min(starts + done), max(done)
