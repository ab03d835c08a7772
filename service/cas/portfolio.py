"""One student's records gathered and digested once, so every rule reads the same facts.

Only the student's own records are kept: experiences with their ``student_id``,
reflections and interviews with their ``student_id``, statements for their
experiences. A reflection is evidence only when it is about one of the student's own
**approved** experiences; any reflection of theirs counts as activity (engagement).
Collections are sorted by their IDs, so nothing depends on the order rows came in.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from typing import Iterable

from .dates import interview_window
from .experiences import ExperienceProgress, experience_progress
from .records import (STRANDS, Experience, Interview, Reflection, Student, SupervisorStatement,
                      same_words)
from .settings import CasSettings
from . import outcomes


@dataclasses.dataclass(frozen=True, eq=False)
class Portfolio:
    student: Student
    experiences: tuple[Experience, ...]
    progress: dict[str, ExperienceProgress]
    reflections: tuple[Reflection, ...]
    interviews: tuple[Interview, ...]
    evidenced: frozenset[str]
    """Keys of the outcomes evidenced by reflections or confirmed by the advisor."""
    unknown_outcomes: tuple[str, ...]
    """Outcome names in reflections or advisor confirmations that the framework lacks."""

    @property
    def started(self) -> bool:
        """An approved experience or any reflection: the student has begun."""
        return bool(self.reflections) or any(e.approved for e in self.experiences)

    @property
    def last_reflection(self) -> datetime.date | None:
        return max((r.submitted for r in self.reflections), default=None)

    def outcomes_missing(self, settings: CasSettings) -> list[str]:
        """Labels of the framework's outcomes without evidence, in framework order."""
        return [o.label for o in settings.framework.outcomes if o.key not in self.evidenced]

    def strand_counts(self) -> dict[str, int]:
        """Approved experiences per strand, in C / A / S order."""
        return {strand: sum(1 for e in self.experiences if e.approved and e.has_strand(strand))
                for strand in STRANDS}

    def approved_projects(self) -> list[Experience]:
        return [e for e in self.experiences if e.approved and e.cas_project]

    def interviews_held(self, settings: CasSettings) -> set[int]:
        """Numbers of the interviews that count: recorded, and not held before their
        window opened (a record without a date, or with the cohort's dates unset,
        counts)."""
        return {i.number for i in self.interviews
                if i.number in (1, 2, 3) and not _early(i, settings)}

    def early_interview(self, number: int, settings: CasSettings) -> Interview | None:
        """The latest record of interview ``number`` held before its window, if any."""
        early = [i for i in self.interviews if i.number == number and _early(i, settings)]
        return max(early, key=lambda i: (i.interview_date, i.response_id), default=None)


def by_student(experiences: Iterable[Experience], reflections: Iterable[Reflection],
               statements: Iterable[SupervisorStatement], interviews: Iterable[Interview]
               ) -> tuple[dict, dict, dict, dict]:
    """The cohort's records grouped once by student ID: (experiences, reflections,
    statements, interviews), each a dict of lists that is empty for an unknown ID; a
    statement belongs to its experience's student (one of an unknown experience, to none)."""
    experiences_of, reflections_of, statements_of, interviews_of = (
        defaultdict(list) for _ in range(4))
    owner_of = {}
    for experience in experiences:
        experiences_of[experience.student_id].append(experience)
        owner_of[experience.experience_id] = experience.student_id
    for reflection in reflections:
        reflections_of[reflection.student_id].append(reflection)
    for statement in statements:
        if statement.experience_id in owner_of:
            statements_of[owner_of[statement.experience_id]].append(statement)
    for interview in interviews:
        interviews_of[interview.student_id].append(interview)
    return experiences_of, reflections_of, statements_of, interviews_of


def _early(interview: Interview, settings: CasSettings) -> bool:
    window = interview_window(interview.number, settings)
    return bool(window and interview.interview_date and interview.interview_date < window.opens)


def gather(student: Student, experiences: Iterable[Experience],
           reflections: Iterable[Reflection], statements: Iterable[SupervisorStatement],
           interviews: Iterable[Interview], settings: CasSettings,
           today: datetime.date) -> Portfolio:
    """The student's portfolio from records that may include other students'."""
    sid = student.student_id
    own_experiences = tuple(sorted((e for e in experiences if e.student_id == sid),
                                   key=lambda e: e.experience_id))
    ids = {e.experience_id for e in own_experiences}
    own_reflections = tuple(sorted((r for r in reflections if r.student_id == sid),
                                   key=lambda r: (r.submitted, r.response_id)))
    own_statements = [s for s in statements if s.experience_id in ids]
    own_interviews = tuple(sorted((i for i in interviews if i.student_id == sid),
                                  key=lambda i: i.response_id))
    progress = {e.experience_id: experience_progress(e, own_reflections, own_statements,
                                                     settings, today)
                for e in own_experiences}

    framework = settings.framework
    approved = {e.experience_id for e in own_experiences if e.approved}
    named = [label for r in own_reflections if r.experience_id in approved for label in r.outcomes]
    named += list(student.advisor_confirmed_outcomes)
    evidenced, unknown = set(), []
    for label in named:
        outcome = _outcome(framework, label)
        if outcome is not None:
            evidenced.add(outcome.key)
        elif not any(same_words(label, seen) for seen in unknown):
            unknown.append(label.strip())
    return Portfolio(student=student, experiences=own_experiences, progress=progress,
                     reflections=own_reflections, interviews=own_interviews,
                     evidenced=frozenset(evidenced), unknown_outcomes=tuple(sorted(unknown)))


def _outcome(framework: outcomes.Framework, name: str) -> outcomes.Outcome | None:
    """The outcome a label names; its key is accepted too (a person may type either)."""
    found = framework.by_label(name)
    if found is None:
        found = next((o for o in framework.outcomes if same_words(name, o.key)), None)
    return found
