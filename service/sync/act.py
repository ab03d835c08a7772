"""What a sync does about people's decisions (DESIGN.md §5 step 3), and the
supervisor statements' tokens.

* An advisor's decision in the Experiences tab (Approved, Changes requested,
  Rejected) is emailed to the student once: the row's "Student told" date says it
  was. An approved experience with a supervisor gets the supervisor an invitation
  with a prefilled link to the Supervisor statement form carrying a signed token
  (tokens.py) once: "Supervisor invited" says it was.
* Each at most once: the dates are written to the Sheet BEFORE the emails go
  (the sync's single write, under its lock), so a sync that dies between the two
  leaves an email unsent, never sent twice; the Sync log and the command say
  which failed.
* A statement is attached to the experience its token names; a forged, expired
  or mismatched token, or a second statement for one invitation, goes to Needs
  review with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..notify import BadAddress, render, to_message
from ..templates import prefill_url
from ..templates.settings import date_serial
from . import records
from .tokens import issue_token, verify_token

TOKEN_DAYS = 120  # an invitation's link works this long (the experience may run for months)


@dataclasses.dataclass
class Outgoing:
    """An email to send once the Sheet says it was sent."""

    kind: str
    to: str
    context: dict


def decisions_and_invitations(changes, settings_values, forms, keys, today: datetime.date
                              ) -> list[Outgoing]:
    """The emails the experiences' decisions call for, and the Sheet cells that
    record them (set in ``changes``)."""
    outgoing = []
    students = changes.read.get("students", {})
    statement_link = records.text(settings_values.get("supervisor_statement_form_link"))
    proposal_link = records.text(settings_values.get("experience_proposal_form_link"))
    for cells in changes.all("experiences"):
        code = records.text(cells.get("experience_id"))
        decision = records.text(cells.get("advisor_decision"))
        student = students.get(records.text(cells.get("student_id"))) or {}
        email = records.text(cells.get("student_email")) or records.text(student.get("email"))
        if decision in ("Approved", "Changes requested", "Rejected") and \
                not records.text(cells.get("decision_notified_on")) and email:
            context = {"student_name": records.text(cells.get("student_name")),
                       "experience_title": records.text(cells.get("title")),
                       "decision": decision,
                       "advisor_name": records.text(cells.get("advisor_email")),
                       "comment": records.text(cells.get("advisor_comment"))}
            if decision == "Approved":
                context["reflection_link"] = records.text(cells.get("reflection_link"))
            if decision == "Changes requested":
                context["revise_link"] = prefill_url(forms["experience_proposal"], proposal_link,
                                                     {"revises_experience": code}) \
                    if proposal_link else ""
            outgoing.append(Outgoing("decision", email, context))
            changes.upsert("experiences", code, {"decision_notified_on": date_serial(today)})
        supervisor = records.text(cells.get("supervisor_email")).lower()
        if decision == "Approved" and supervisor and statement_link and \
                not records.text(cells.get("supervisor_invited_on")):
            expires = today + datetime.timedelta(days=TOKEN_DAYS)
            token = issue_token(keys, code, supervisor, expires, nonce=f"invite {code}")
            link = prefill_url(forms["supervisor_statement"], statement_link, {
                "token": token, "supervisor_name": records.text(cells.get("supervisor_name"))})
            outgoing.append(Outgoing("supervisor_invitation", supervisor, {
                "supervisor_name": records.text(cells.get("supervisor_name")) or supervisor,
                "student_name": records.text(cells.get("student_name")),
                "experience_title": records.text(cells.get("title")),
                "start_date": records.as_date(cells.get("start_date")) or today,
                "end_date": records.as_date(cells.get("end_date")) or today,
                "link": link, "expires": expires}))
            changes.upsert("experiences", code, {"supervisor_invited_on": date_serial(today)})
    return outgoing


def send(gmail, outgoing: list[Outgoing], sender: str | None) -> tuple[int, list[str]]:
    """Send each email; (how many went, what failed and why)."""
    sent, failed = 0, []
    for mail in outgoing:
        try:
            gmail.send(to_message(render(mail.kind, to=mail.to, **mail.context), sender or None))
            sent += 1
        except BadAddress as err:
            failed.append(f"{mail.kind} to {mail.to!r}: {err}")
        except Exception as err:  # noqa: BLE001 - one failed email must not stop the others
            failed.append(f"{mail.kind} to {mail.to}: {err}")
    return sent, failed


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
