"""What a sync does about people's decisions (DESIGN.md §5 step 3), and the
supervisor statements' tokens.

* An advisor's decision in the Experiences tab (Approved, Changes requested,
  Rejected) is emailed to the student once per round (a revision starts a new
  one). An approved experience with a supervisor gets the supervisor an
  invitation with a prefilled link to the Supervisor statement form carrying a
  signed token (tokens.py), and later one reminder.
* Each once: each is a notice with an ID of its own, and the ledger
  (events.py), not a cell of a row that may have moved, says whether it is due.
  The "Student told", "Supervisor invited" and "Supervisor reminded" cells show
  what the ledger says (``mirror``).
* A statement is attached to the experience its token names; a forged, expired
  or mismatched token, or a second statement for one invitation, goes to Needs
  review with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..templates import prefill_url
from ..templates.settings import date_serial
from . import records
from .tokens import issue_token, verify_token

TOKEN_DAYS = 120  # an invitation's link works this long (the experience may run for months)


@dataclasses.dataclass
class Outgoing:
    """An email the ledger does not hold yet, with its notice's ID."""

    kind: str
    to: str
    context: dict
    event_id: str = ""


def decision_event(cells) -> str:
    """The notice of the experience's current decision round: a revision makes a new one."""
    code = records.text(cells.get("experience_id"))
    revised = records.text(cells.get("revised_on"))
    return f"decision {code}" + (f" revised {revised}" if revised else "")


def invitation_event(code: str) -> str:
    return f"supervisor_invitation {code}"


def reminder_event(code: str) -> str:
    return f"supervisor_reminder {code}"


def mirror(changes, ledger) -> None:
    """Each experience's "Student told", "Supervisor invited" and "Supervisor
    reminded" cells as the ledger has them (the day each was sent)."""
    for cells in changes.all("experiences"):
        code = records.text(cells.get("experience_id"))
        if not code:
            continue
        changes.upsert("experiences", code, {
            key: date_serial(day) if day else ""
            for key, day in (("decision_notified_on", ledger.sent_on(decision_event(cells))),
                             ("supervisor_invited_on", ledger.sent_on(invitation_event(code))),
                             ("supervisor_reminded_on", ledger.sent_on(reminder_event(code))))},
            add=False)


def decisions_and_invitations(changes, ledger, settings_values, forms, keys,
                              today: datetime.date,
                              advisor_names: dict[str, str] | None = None) -> list[Outgoing]:
    """The emails the experiences' decisions call for that the ledger does not
    hold yet. ``advisor_names``: email -> name, from the CAS course's teachers (an
    advisor not found there is named by their email)."""
    advisor_names = advisor_names or {}
    outgoing = []
    students = changes.read.get("students", {})
    statement_link = records.text(settings_values.get("supervisor_statement_form_link"))
    proposal_link = records.text(settings_values.get("experience_proposal_form_link"))
    for cells in changes.all("experiences"):
        code = records.text(cells.get("experience_id"))
        decision = records.text(cells.get("advisor_decision"))
        advisor = records.text(cells.get("advisor_email")).lower()
        supervisor = records.text(cells.get("supervisor_email")).lower()
        student = students.get(records.text(cells.get("student_id"))) or {}
        email = records.text(cells.get("student_email")) or records.text(student.get("email"))
        # A "Changes requested" answered by a revision is spent: the domain's rule.
        told = decision_event(cells)
        if decision in ("Approved", "Changes requested", "Rejected") and \
                not records.experience(cells).awaits_decision and \
                not ledger.knows(told) and email:
            context = {"student_name": records.text(cells.get("student_name")),
                       "experience_title": records.text(cells.get("title")),
                       "decision": decision,
                       "advisor_name": advisor_names.get(advisor) or advisor or "Your advisor",
                       "comment": records.text(cells.get("advisor_comment"))}
            if decision == "Approved":
                context["reflection_link"] = records.text(cells.get("reflection_link"))
                if supervisor and statement_link:
                    context["supervisor_name"] = records.text(cells.get("supervisor_name")) \
                        or supervisor
            if decision == "Changes requested":
                context["revise_link"] = prefill_url(forms["experience_proposal"], proposal_link,
                                                     {"revises_experience": code}) \
                    if proposal_link else ""
            outgoing.append(Outgoing("decision", email, context, told))
        if decision == "Approved" and supervisor and statement_link and \
                not ledger.knows(invitation_event(code)):
            outgoing.append(_to_supervisor("supervisor_invitation", cells, today, keys, forms,
                                           statement_link))
    return outgoing


def supervisor_reminders(changes, ledger, progress, settings_values, forms, keys,
                         today: datetime.date) -> list[Outgoing]:
    """One reminder to each supervisor whose statement is still awaited
    ``supervisor_reminder_days`` after the invitation went (``progress``: experience
    ID -> its ExperienceProgress), with the invitation's own link: the same event
    gives the same token, valid to the same day."""
    outgoing = []
    statement_link = records.text(settings_values.get("supervisor_statement_form_link"))
    for code, state in progress.items():
        due = state.supervisor_reminder_due_on
        cells = changes.current("experiences", code) or {}
        invited = records.as_date(cells.get("supervisor_invited_on"))
        supervisor = records.text(cells.get("supervisor_email")).lower()
        if not (due and due <= today and invited and supervisor and statement_link and keys) \
                or ledger.knows(reminder_event(code)):
            continue
        if invited + datetime.timedelta(days=TOKEN_DAYS) < today:
            continue  # the link has expired: the coordinator invites again by hand
        outgoing.append(_to_supervisor("supervisor_reminder", cells, invited, keys, forms,
                                       statement_link, invited_on=invited))
    return outgoing


def _to_supervisor(kind: str, cells, invited: datetime.date, keys, forms, statement_link,
                   **extra) -> Outgoing:
    """An invitation or a reminder: the link carries the token of the invitation
    made on ``invited`` (the same event gives the same token, valid to the same day)."""
    code = records.text(cells.get("experience_id"))
    supervisor = records.text(cells.get("supervisor_email")).lower()
    name = records.text(cells.get("supervisor_name"))
    expires = invited + datetime.timedelta(days=TOKEN_DAYS)
    token = issue_token(keys, code, supervisor, expires, nonce=f"invite {code}")
    link = prefill_url(forms["supervisor_statement"], statement_link,
                       {"token": token, "supervisor_name": name})
    event = (invitation_event if kind == "supervisor_invitation" else reminder_event)(code)
    return Outgoing(kind, supervisor, {
        "supervisor_name": name or supervisor,
        "student_name": records.text(cells.get("student_name")),
        "experience_title": records.text(cells.get("title")),
        "start_date": records.as_date(cells.get("start_date")) or invited,
        "end_date": records.as_date(cells.get("end_date")) or invited,
        "link": link, "expires": expires, **extra}, event)


@dataclasses.dataclass
class AtRisk:
    """A student who became At risk in this sync."""

    student_id: str
    student_name: str
    email: str
    advisor_email: str
    reasons: tuple[str, ...]
    link: str = ""


def check_statement(row, changes, keys, today: datetime.date) -> tuple[dict | None, str]:
    """(the statement's extra cells, "") when its token is good and unused, else
    (None, the reason for Needs review)."""
    check = verify_token(keys, row.answer("token"), today=today)
    if not check:
        return None, check.reason
    experience = changes.current("experiences", check.experience_id)
    if experience is None:
        return None, f"The link names the experience {check.experience_id}, which is not " \
                     f"in the Experiences tab."
    if records.text(experience.get("supervisor_email")).lower() != check.supervisor_email:
        return None, (f"The link was sent to {check.supervisor_email}, who is no longer the "
                      f"experience's supervisor.")
    for other in changes.all("supervisor_statements"):
        if records.text(other.get("experience_id")) == check.experience_id and \
                records.text(other.get("response_id")) != row.response_id:
            return None, (f"The link was already used for a statement on "
                          f"{check.experience_id} (response {other.get('response_id')}).")
    return {"experience_id": check.experience_id, "supervisor_email": check.supervisor_email,
            "student_id": records.text(experience.get("student_id")),
            "student_name": records.text(experience.get("student_name")),
            "advisor_email": records.text(experience.get("advisor_email"))}, ""
