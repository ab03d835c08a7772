"""What a student's record says, gathered from the master Sheet's rows (cells as the
sync reads them) and the student's ``cas.Assessment``: plain data, no I/O, no
Google types, no clock (the day is the assessment's).

``student_view(...)`` gives a ``StudentView``; render.py turns it into the
student's "My CAS record" (every section) or the parents' shorter report.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable, Mapping

from .. import cas
from ..cas.records import same_words
from ..sync.records import as_bool, as_date, text

COMPLETED = "Completed"   # the Students tab's ib_completion (the completion helper's column)


@dataclasses.dataclass(frozen=True)
class ReflectionView:
    submitted: datetime.date | None
    experience_title: str
    outcomes: tuple[str, ...]
    stage: str
    text: str


@dataclasses.dataclass(frozen=True)
class OutcomeView:
    number: int
    label: str
    description: str
    targeted_by: tuple[str, ...]        # experience titles
    evidenced_by: tuple[ReflectionView, ...]
    confirmed_by_advisor: bool
    evidenced: bool                     # counts for completion (the rules' reading)


@dataclasses.dataclass(frozen=True)
class ExperienceView:
    code: str
    title: str
    strands: tuple[str, ...]
    project: bool
    decision: str                       # the advisor's, or "Awaiting decision"
    advisor_comment: str
    state: str                          # the Experiences tab's Experience status
    supervisor: str                     # the supervisor statement in plain words
    start: datetime.date | None
    end: datetime.date | None
    reflections: tuple[ReflectionView, ...]


@dataclasses.dataclass(frozen=True)
class InterviewView:
    label: str
    date: datetime.date | None
    format: str
    notes: str                          # blank unless the student may read them
    action_points: str
    shared: bool


@dataclasses.dataclass(frozen=True)
class StudentView:
    student_id: str
    name: str
    cohort: str
    status: str
    reasons: tuple[str, ...]
    to_do: tuple[str, ...]
    outcomes_evidenced: int
    outcomes_total: int
    outcomes: tuple[OutcomeView, ...]
    framework: str
    strands: tuple[tuple[str, int], ...]
    project: str
    experiences: tuple[ExperienceView, ...]
    reflections: tuple[ReflectionView, ...]
    interviews: tuple[InterviewView, ...]
    interviews_done: int
    completion_confirmed: bool
    completion_date: datetime.date | None


def student_view(student: Mapping, assessment: cas.Assessment, *, cohort: str,
                 framework, experiences: Iterable[Mapping], reflections: Iterable[Mapping],
                 interviews: Iterable[Mapping], students_see_interview_notes: bool = False
                 ) -> StudentView:
    """The record of ``student`` (a Students row) from rows that may be other
    students' too (each kept only when its student_id is the student's)."""
    sid = text(student.get("student_id"))
    own_experiences = sorted((e for e in experiences if text(e.get("student_id")) == sid),
                             key=lambda e: (as_date(e.get("start_date")) or datetime.date.max,
                                            text(e.get("experience_id"))))
    titles = {text(e.get("experience_id")): text(e.get("title")) or text(e.get("experience_id"))
              for e in own_experiences}
    own_reflections = sorted(
        (_reflection(r, titles) for r in reflections if text(r.get("student_id")) == sid),
        key=lambda r: (r.submitted or datetime.date.min, r.experience_title))
    by_experience: dict[str, list[ReflectionView]] = {}
    for row in reflections:
        if text(row.get("student_id")) == sid:
            by_experience.setdefault(text(row.get("experience_id")), []).append(
                _reflection(row, titles))
    confirmed = cas.split_list(text(student.get("advisor_confirmed_outcomes")))
    missing = set(assessment.outcomes_missing)
    outcome_views = []
    for outcome in framework.outcomes:
        def names(label_list):
            return any(same_words(label, outcome.label) or same_words(label, outcome.key)
                       for label in label_list)
        outcome_views.append(OutcomeView(
            number=outcome.number, label=outcome.label, description=outcome.description,
            targeted_by=tuple(titles[text(e.get("experience_id"))] for e in own_experiences
                              if names(cas.split_list(text(e.get("targeted_outcomes"))))),
            evidenced_by=tuple(r for r in own_reflections if names(r.outcomes)),
            confirmed_by_advisor=names(confirmed),
            evidenced=outcome.label not in missing))
    show_all_notes = students_see_interview_notes
    own_interviews = sorted((i for i in interviews if text(i.get("student_id")) == sid),
                            key=lambda i: (cas.interview_number(i.get("interview")) or 9,
                                           as_date(i.get("interview_date")) or datetime.date.min))
    interview_views = []
    for row in own_interviews:
        shared = show_all_notes or as_bool(row.get("share_with_student"))
        interview_views.append(InterviewView(
            label=_interview_label(row.get("interview")), date=as_date(row.get("interview_date")),
            format=text(row.get("format")),
            notes=text(row.get("notes")) if shared else "",
            action_points=text(row.get("action_points")) if shared else "", shared=shared))
    return StudentView(
        student_id=sid, name=text(student.get("name")), cohort=cohort,
        status=assessment.status, reasons=tuple(assessment.reasons),
        to_do=tuple(assessment.to_do), outcomes_evidenced=assessment.outcomes_evidenced,
        outcomes_total=assessment.outcomes_total, outcomes=tuple(outcome_views),
        framework=framework.name, strands=tuple(assessment.strand_counts),
        project=assessment.project,
        experiences=tuple(_experience(e, tuple(by_experience.get(
            text(e.get("experience_id")), ()))) for e in own_experiences),
        reflections=tuple(own_reflections), interviews=tuple(interview_views),
        interviews_done=assessment.interviews_done,
        completion_confirmed=same_words(text(student.get("ib_completion")), COMPLETED),
        completion_date=as_date(student.get("ib_completion_date")))


def _reflection(row: Mapping, titles: Mapping[str, str]) -> ReflectionView:
    code = text(row.get("experience_id"))
    return ReflectionView(
        submitted=as_date(row.get("submitted")),
        experience_title=titles.get(code) or text(row.get("experience_title")) or code,
        outcomes=cas.split_list(text(row.get("outcomes"))), stage=text(row.get("cas_stage")),
        text=text(row.get("reflection")))


def _experience(row: Mapping, reflections: tuple[ReflectionView, ...]) -> ExperienceView:
    decision = text(row.get("advisor_decision")) or "Awaiting decision"
    if text(row.get("revised_on")) and not text(row.get("decision_notified_on")) and \
            same_words(decision, cas.CHANGES_REQUESTED):   # as sync/records.experience reads it
        decision = "Revised: awaiting a new decision"
    return ExperienceView(
        code=text(row.get("experience_id")),
        title=text(row.get("title")) or text(row.get("experience_id")),
        strands=cas.split_list(text(row.get("strands"))), project=as_bool(row.get("cas_project")),
        decision=decision, advisor_comment=text(row.get("advisor_comment")),
        state=text(row.get("experience_status")), supervisor=supervisor_words(row),
        start=as_date(row.get("start_date")), end=as_date(row.get("end_date")),
        reflections=tuple(sorted(reflections, key=lambda r: r.submitted or datetime.date.min)))


def supervisor_words(row: Mapping) -> str:
    """The supervisor statement in plain words: received, awaited (and since when),
    reminded, or none asked for."""
    state = text(row.get("supervisor_statement"))
    name = text(row.get("supervisor_name"))
    who = f" from {name}" if name else ""
    invited, reminded = as_date(row.get("supervisor_invited_on")), as_date(
        row.get("supervisor_reminded_on"))
    if same_words(state, "Positive"):
        return f"Received{who}: completed successfully."
    if same_words(state, "Not completed"):
        return f"Received{who}: not completed successfully."
    if not text(row.get("supervisor_email")):
        return "No supervisor."
    if reminded:
        return (f"Awaited{who}: asked on {cas.format_date(invited)}, reminded on "
                f"{cas.format_date(reminded)}." if invited else
                f"Awaited{who}: reminded on {cas.format_date(reminded)}.")
    if invited:
        return f"Awaited{who}: asked on {cas.format_date(invited)}."
    return f"Not asked for yet{who}: it is asked for once the experience is approved."


def _interview_label(value) -> str:
    number = cas.interview_number(value)
    return f"Interview {cas.INTERVIEW_LABELS[number]}" if number else (text(value) or "Interview")
