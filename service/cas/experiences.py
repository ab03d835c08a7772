"""Where one experience stands: its state in the Experiences tab, what is known of the
supervisor's statement, and whether it is complete.

The rule (CAS.md): an experience is completed after reflections and, where there is a
supervisor, a supervisor statement. Here that reads:

* it must be **approved**;
* it has **at least one reflection** by its student;
* with a supervisor, the supervisor's **latest counting statement** has arrived (a
  statement counts when the supervisor confirmed being an adult outside the family);
* and someone closes it: the advisor ticks "Marked complete by advisor", or, when the
  setting ``positive_statement_completes`` is on, a positive statement does.

An advisor's tick does not complete an experience that lacks a reflection or an awaited
statement (the rule would be broken); the reasons say what is missing. A statement
that says "not completed" keeps the experience open unless the advisor ticks it: the
advisor has read the statement and decides.

"Awaiting supervisor" means approved, with a supervisor, no statement yet, and
finished as far as anyone can tell: the student said it is ready for the supervisor,
the advisor ticked it, or its end date has passed.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from .records import (APPROVED, AWAITED, AWAITING_DECISION, AWAITING_SUPERVISOR,
                      CHANGES_REQUESTED, COMPLETED, NOT_COMPLETED, NOT_REQUESTED, POSITIVE,
                      REJECTED, Experience, Reflection, SupervisorStatement, same_words)
from .settings import CasSettings


@dataclasses.dataclass(frozen=True)
class ExperienceProgress:
    """One experience's computed cells and what still stops it being complete.

    ``experience_status`` and ``supervisor_statement`` are values of the Experiences
    tab's dropdowns; ``reflections`` is its Reflections count. ``reasons`` says, in
    plain words, what is missing before it is complete (empty when complete, and for
    an experience not approved). ``supervisor_reminder_due_on`` is the day a reminder
    to the supervisor becomes due (invited day + ``supervisor_reminder_days``) while
    the statement is awaited, else None: the sync sends it once, on or after that day.
    """

    experience_id: str
    experience_status: str
    supervisor_statement: str
    reflections: int
    last_reflection: datetime.date | None
    complete: bool
    reasons: tuple[str, ...]
    supervisor_reminder_due_on: datetime.date | None


def latest_statement(experience: Experience,
                     statements: Iterable[SupervisorStatement]) -> SupervisorStatement | None:
    """The statement that speaks for ``experience`` now: its latest counting one (a
    supervisor may send a corrected statement). Ties on the day go to the higher
    response ID so the answer never depends on row order."""
    own = [s for s in statements if s.experience_id == experience.experience_id and s.counts]
    return max(own, key=lambda s: (s.submitted, s.response_id), default=None)


def own_reflections(experience: Experience,
                    reflections: Iterable[Reflection]) -> list[Reflection]:
    """The reflections on ``experience`` written by its own student."""
    return [r for r in reflections if r.experience_id == experience.experience_id
            and r.student_id == experience.student_id]


def experience_progress(experience: Experience, reflections: Iterable[Reflection],
                        statements: Iterable[SupervisorStatement], settings: CasSettings,
                        today: datetime.date) -> ExperienceProgress:
    """Where ``experience`` stands on ``today``. ``reflections`` and ``statements`` may
    include other experiences' records: only this one's are used."""
    reflections, statements = list(reflections), list(statements)
    mine = own_reflections(experience, reflections)
    statement = latest_statement(experience, statements)
    unconfirmed = [s for s in statements
                   if s.experience_id == experience.experience_id and not s.counts]
    last = max((r.submitted for r in mine), default=None)

    statement_state = _statement_state(experience, statement)
    reasons = []
    if experience.approved:
        if not mine:
            reasons.append(f"{experience.display_title} has no reflection yet")
        if experience.has_supervisor and statement is None:
            reasons.append(f"{experience.display_title} awaits its supervisor's statement")
            if unconfirmed:
                reasons.append(f"The statement for {experience.display_title} does not "
                               "confirm the supervisor is an adult outside the family")
        elif statement is not None and not statement.completed_successfully \
                and not experience.advisor_marked_complete:
            reasons.append(f"The supervisor of {experience.display_title} says it was not "
                           "completed successfully; the advisor may still mark it complete")
        closed = experience.advisor_marked_complete or (
            settings.positive_statement_completes and statement is not None
            and statement.positive)
        if not closed and not reasons:
            reasons.append(f"{experience.display_title} is not yet marked complete by the advisor")
    complete = experience.approved and not reasons

    return ExperienceProgress(
        experience_id=experience.experience_id,
        experience_status=_experience_state(experience, complete, statement, mine, today),
        supervisor_statement=statement_state,
        reflections=len(mine),
        last_reflection=last,
        complete=complete,
        reasons=tuple(reasons),
        supervisor_reminder_due_on=_reminder_due(experience, statement_state, settings))


def marked_complete_problems(experience: Experience, progress: ExperienceProgress) -> list[str]:
    """What breaks the rule "every completed experience has a reflection and, with a
    supervisor, a statement" for an experience the advisor ticked as complete."""
    if not (experience.approved and experience.advisor_marked_complete) or progress.complete:
        return []
    missing = []
    if progress.reflections == 0:
        missing.append("no reflection")
    if experience.has_supervisor and progress.supervisor_statement == AWAITED:
        missing.append("no supervisor statement")
    if not missing:
        return []
    return [f"{experience.display_title} is marked complete but has {' and '.join(missing)}"]


def _statement_state(experience: Experience, statement: SupervisorStatement | None) -> str:
    if statement is not None:  # shown even if the experience was re-decided since
        return POSITIVE if statement.positive else NOT_COMPLETED
    if experience.approved and experience.has_supervisor:
        return AWAITED
    return NOT_REQUESTED


def _experience_state(experience: Experience, complete: bool,
                      statement: SupervisorStatement | None, mine: list[Reflection],
                      today: datetime.date) -> str:
    decision = experience.advisor_decision
    if experience.awaits_decision:
        return AWAITING_DECISION
    for named in (CHANGES_REQUESTED, REJECTED):
        if same_words(decision, named):
            return named
    if not experience.approved:
        return AWAITING_DECISION
    if complete:
        return COMPLETED
    finished = (experience.advisor_marked_complete
                or any(r.ready_for_supervisor for r in mine)
                or (experience.end_date is not None and experience.end_date < today))
    if experience.has_supervisor and statement is None and finished:
        return AWAITING_SUPERVISOR
    return APPROVED


def _reminder_due(experience: Experience, statement_state: str,
                  settings: CasSettings) -> datetime.date | None:
    if statement_state != AWAITED or experience.supervisor_invited_on is None:
        return None
    return experience.supervisor_invited_on + datetime.timedelta(
        days=settings.supervisor_reminder_days)

