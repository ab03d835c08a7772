"""The records the rules read: one per row of the master Sheet's Students, Experiences,
Reflections, Supervisor statements and Interviews tabs.

Field names are the tabs' column keys (sheets_templates/master_sheet.json), values
are in the Sheet's own words ("Approved", "Creativity", "1 (early)"...) and outcomes
are the framework's labels as the forms offer them. The sync builds these records
from cells; nothing here reads a cell. Text comparisons ignore case and surrounding
spaces, because a person may type into people-owned columns.

Dates are ``datetime.date``. A ``submitted`` time may be given as a
``datetime.datetime``: it is kept as its date, since the rules count whole days.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

# Strands, in the order the Sheet shows counts (C / A / S).
STRANDS = ("Creativity", "Activity", "Service")

# The advisor's decision (Experiences: Decision).
APPROVED, CHANGES_REQUESTED, REJECTED = "Approved", "Changes requested", "Rejected"
DECISIONS = (APPROVED, CHANGES_REQUESTED, REJECTED)

# A student's status (Students: Status and "Status set by coordinator").
NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE, INCOMPLETE = (
    "Not started", "On track", "At risk", "Complete", "Incomplete")
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE, INCOMPLETE)

# An experience's state (Experiences: Experience status).
AWAITING_DECISION, AWAITING_SUPERVISOR, COMPLETED = (
    "Awaiting decision", "Awaiting supervisor", "Completed")
EXPERIENCE_STATUSES = (AWAITING_DECISION, CHANGES_REQUESTED, APPROVED, REJECTED,
                       AWAITING_SUPERVISOR, COMPLETED)

# What is known of the supervisor's statement (Experiences: Supervisor statement).
NOT_REQUESTED, AWAITED, POSITIVE, NOT_COMPLETED = (
    "Not requested", "Awaited", "Positive", "Not completed")
STATEMENT_STATES = (NOT_REQUESTED, AWAITED, POSITIVE, NOT_COMPLETED)

# The interviews, as the Interview record form and the Interviews tab name them.
INTERVIEW_LABELS = {1: "1 (early)", 2: "2 (mid-way)", 3: "3 (final)"}
INTERVIEW_FORMATS = ("One-to-one", "Student presentation", "Group discussion", "Viva voce")


def same_words(a: str | None, b: str) -> bool:
    """Whether two Sheet values say the same thing (case and spacing ignored)."""
    return " ".join((a or "").split()).casefold() == " ".join(b.split()).casefold()


def split_list(cell: str | None) -> tuple[str, ...]:
    """The items of a cell that lists several (outcomes, strands): separated by commas
    or new lines, blanks dropped. Outcome labels and strands contain no commas."""
    return tuple(part.strip() for part in re.split(r"[,\n]", cell or "") if part.strip())


def interview_number(label: str | int | None) -> int | None:
    """1, 2 or 3 from the Interviews tab's value (``2 (mid-way)``, or just ``2``);
    None for anything else."""
    match = re.match(r"\s*([123])\b", str(label if label is not None else ""))
    return int(match.group(1)) if match else None


def _as_date(value: datetime.date | None) -> datetime.date | None:
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclasses.dataclass(frozen=True)
class Student:
    """A student as the rules see them: identity and the people-owned overrides of the
    Students tab.

    ``advisor_confirmed_outcomes`` are outcome labels the advisor typed (see
    :func:`split_list` for reading the cell); they count as evidenced.
    ``advisor_concern`` that is not blank makes the student At risk while the
    programme runs. ``manual_status``, when it is one of :data:`STATUSES`, replaces
    the computed status; ``manual_status_reason`` is shown with it.
    """

    student_id: str
    name: str = ""
    email: str = ""
    advisor_email: str = ""
    advisor_confirmed_outcomes: tuple[str, ...] = ()
    advisor_concern: str = ""
    manual_status: str = ""
    manual_status_reason: str = ""


@dataclasses.dataclass(frozen=True)
class Experience:
    """One proposed experience (Experiences tab).

    ``strands`` are strand names (Creativity, Activity, Service). ``advisor_decision``
    is blank until the advisor decides. ``start_date``/``end_date`` are the
    student's plan (the end is an estimate). The experience has a supervisor when
    ``supervisor_email`` is set: that is where the statement request goes.
    """

    experience_id: str
    student_id: str
    title: str = ""
    strands: tuple[str, ...] = ()
    advisor_decision: str = ""
    advisor_marked_complete: bool = False
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    cas_project: bool = False
    supervisor_name: str = ""
    supervisor_email: str = ""
    supervisor_invited_on: datetime.date | None = None
    targeted_outcomes: tuple[str, ...] = ()
    # The student revised the proposal after being told "Changes requested": that
    # decision is spent, and the advisor must decide again.
    revised_since_decision: bool = False

    @property
    def approved(self) -> bool:
        return same_words(self.advisor_decision, APPROVED)

    @property
    def awaits_decision(self) -> bool:
        """No decision yet, or a revision answers the changes requested."""
        return not self.advisor_decision.strip() or (
            self.revised_since_decision and same_words(self.advisor_decision, CHANGES_REQUESTED))

    @property
    def has_supervisor(self) -> bool:
        return bool(self.supervisor_email.strip())

    def has_strand(self, strand: str) -> bool:
        return any(same_words(s, strand) for s in self.strands)

    @property
    def display_title(self) -> str:
        """How reasons name it: its title in quotes, or its code when untitled."""
        return f"'{self.title.strip()}'" if self.title.strip() else f"experience {self.experience_id}"


@dataclasses.dataclass(frozen=True)
class Reflection:
    """One reflection (Reflections tab): the experience it is about (by code), when it
    was submitted and the outcome labels the student ticked."""

    response_id: str
    student_id: str
    experience_id: str
    submitted: datetime.date
    outcomes: tuple[str, ...] = ()
    cas_stage: str = ""
    ready_for_supervisor: bool = False

    def __post_init__(self):
        object.__setattr__(self, "submitted", _as_date(self.submitted))


@dataclasses.dataclass(frozen=True)
class SupervisorStatement:
    """One supervisor statement (Supervisor statements tab), already tied to its
    experience by the checked token.

    It counts only when the supervisor confirmed being an adult outside the student's
    family (``adult_not_family``; CAS.md: a supervisor is never family). It is
    positive when it counts and says the experience was completed successfully.
    """

    response_id: str
    experience_id: str
    submitted: datetime.date
    completed_successfully: bool
    adult_not_family: bool = True
    supervisor_name: str = ""
    supervisor_email: str = ""
    attendance: str = ""

    def __post_init__(self):
        object.__setattr__(self, "submitted", _as_date(self.submitted))

    @property
    def counts(self) -> bool:
        return self.adult_not_family

    @property
    def positive(self) -> bool:
        return self.counts and self.completed_successfully


@dataclasses.dataclass(frozen=True)
class Interview:
    """One recorded interview (Interviews tab). ``number`` is 1, 2 or 3 (read the
    tab's "2 (mid-way)" with :func:`interview_number`); None when unreadable, and
    such a record counts for nothing."""

    response_id: str
    student_id: str
    number: int | None
    interview_date: datetime.date | None
    format: str = ""
    interviewer_email: str = ""

    def __post_init__(self):
        object.__setattr__(self, "interview_date", _as_date(self.interview_date))
