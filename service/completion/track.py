"""What every sync does with completion (issue 14), between computing the statuses
and writing the Sheet; the Sheets calls stay those of the sync (its cells go in the
sync's one write of the rows, its digest items in the same write, as due lines).

* **Proposes**: each active student's "Ready to confirm?" (service/cas/completion.py).
* **Keeps the coordinator's result and acts on a change of it**, seen against the
  service's own "IB completion history" (its last line is the result the service
  last acted on; people's cells are never written):

  - Completed: the student's Drive folder becomes read-only for them (their
    permission on it, writer -> reader, permissions.update); a Completed on a
    student the rules do not find ready is kept and flagged once in the
    coordinators' digest, with the reasons (a ledger item keyed by the student and
    the day the change was seen, written in the same write as the history line, so
    it is made once per decision and never at every sync);
  - a change away from Completed (the coordinator changed their mind): the folder
    is theirs to add to again (reader -> writer);
  - Not completed: "Extension until" is the result's date (the coordinator's "IB
    completion date", else the day the change was seen) plus a year; the student
    keeps access. A later Completed is a new history line with its date.

  The history line is written only once Drive did what it says, so a change Drive
  refused is done by the next sync. Only changes cost Drive calls: one batch of
  permissions.list for the changed students' folders and one of permissions.update.
* **Counts down** to Settings' ``ibis_submission_date``: in its last
  ``COUNTDOWN_DAYS`` days, while a candidate is Pending or lacks a usable code, a
  digest item a day for the coordinators.

A student's own new responses (proposals, reflections) once their completion is
confirmed go to Needs review (``confirmed``, ``review_reason``: called by the sync's
matching): nothing is lost, and the record the coordinator confirmed does not change
behind their back. Supervisor statements and interview records still come in: they
are other people's accounts of what the student did before, and the coordinator
asked for them.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ..cas import completion as rules
from ..cas.dates import format_date
from ..roster.ib_codes import (normalise_personal_code, normalise_session,
                               personal_code_problem, session_problem)
from ..sync import digests, records
from ..sync.evidence import folder_id
from ..templates.settings import date_serial

LOCKED_REASON = "completion already confirmed"
LOCKED_ROLE = "reader"
OPEN_ROLE = "writer"          # provision's STUDENT_ROLE: students add their evidence
COUNTDOWN_DAYS = 30
COMPLETION, COUNTDOWN = "completion", "ibis_countdown"   # digest item kinds
_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}): (Pending|Completed|Not completed)\b")


def confirmed(cells: dict) -> bool:
    """Whether the coordinator has confirmed this student's completion."""
    return rules.ib_result(records.text(cells.get("ib_completion"))) == rules.COMPLETED


def review_reason(cells: dict) -> str:
    name = records.text(cells.get("name")) or records.text(cells.get("student_id"))
    return (f"{name}: {LOCKED_REASON} (IB completion is Completed); kept here, not added "
            f"to their record. The coordinator decides what to do with it.")


def last_state(history: str) -> tuple[str | None, datetime.date | None]:
    """The result the service last acted on, and the day, from its history cell."""
    for line in reversed(history.splitlines()):
        match = _LINE.match(line.strip())
        if match:
            return match.group(2), datetime.date.fromisoformat(match.group(1))
    return None, None


@dataclasses.dataclass
class _Change:
    student_id: str
    before: str | None
    after: str
    role: str | None          # what the student's folder permission becomes, if anything


def track(drive, changes, ledger, settings, values: dict, today: datetime.date,
          subject: str) -> list[str]:
    """The step (module docstring), acting as ``subject`` (the coordinator when Settings
    name none); returns the problems to report."""
    problems: list[str] = []
    coordinators = [str(e).strip() for e in values.get("coordinator_emails") or ()
                    if str(e).strip()] or [subject]
    rows = {records.text(c.get("student_id")): c for c in changes.all("students")
            if records.text(c.get("student_id"))
            and records.text(c.get("roster_status")) != "Withdrawn"}
    ready = rules.readiness_cohort(
        [records.student(c) for c in rows.values()],
        [records.experience(c) for c in changes.all("experiences")],
        [r for r in map(records.reflection, changes.all("reflections")) if r],
        [s for s in map(records.statement, changes.all("supervisor_statements")) if s],
        [records.interview(c) for c in changes.all("interviews")], settings, today)
    found: list[_Change] = []
    for sid, cells in rows.items():
        cells_out = {"completion_readiness": ready[sid].text()}
        typed = records.text(cells.get("ib_completion"))
        result = rules.ib_result(typed)
        before, since = last_state(records.text(cells.get("completion_history")))
        if result is None:
            problems.append(f"Students: {cells.get('name') or sid}'s IB completion {typed!r} is "
                            f"not one of {', '.join(rules.IB_RESULTS)}; nothing was done with it.")
        else:
            if result == rules.NOT_COMPLETED:
                decided = records.as_date(cells.get("ib_completion_date")) or (
                    since if before == rules.NOT_COMPLETED else today)
                cells_out["extension_until"] = date_serial(rules.extension_until(decided))
            if result != (before or rules.PENDING):
                role = LOCKED_ROLE if result == rules.COMPLETED else (
                    OPEN_ROLE if before == rules.COMPLETED else None)
                found.append(_Change(sid, before, result, role))
        changes.upsert("students", sid, cells_out, add=False)
    done, failed = _set_roles(drive, [(c.student_id, rows[c.student_id], c.role)
                                      for c in found if c.role])
    for change in found:
        cells = rows[change.student_id]
        name = records.text(cells.get("name")) or change.student_id
        if change.student_id in failed:
            problems.append(f"{name}'s folder could not be "
                            f"{'locked' if change.role == LOCKED_ROLE else 'opened'} for "
                            f"their IB completion {change.after} (Google said: "
                            f"{failed[change.student_id]}); the next sync tries again.")
            continue
        line = _history_line(change, cells, today, done.get(change.student_id, ""))
        history = records.text(cells.get("completion_history"))
        changes.upsert("students", change.student_id,
                       {"completion_history": f"{history}\n{line}" if history else line},
                       add=False)
        flag = rules.flag_decision(change.after, ready[change.student_id])
        for coordinator in coordinators if flag else ():
            ledger.add(digests.item(
                digests.COORDINATOR, coordinator, COMPLETION,
                f"{change.student_id} {today.isoformat()}",
                {"student_name": name, "student_id": change.student_id,
                 "advisor_email": records.text(cells.get("advisor_email")),
                 "reasons": list(flag)}))
    _countdown(ledger, rows, ready, values, today, coordinators)
    return problems


def _history_line(change: _Change, cells: dict, today: datetime.date, folder: str) -> str:
    line = f"{today.isoformat()}: {change.after}"
    if change.before and change.before != rules.PENDING:
        line += f" (was {change.before})"
    if change.after == rules.NOT_COMPLETED:
        decided = records.as_date(cells.get("ib_completion_date")) or today
        line += f"; extension until {rules.extension_until(decided).isoformat()}"
    return line + (f"; {folder}" if folder else "")


def _set_roles(drive, wanted: list[tuple[str, dict, str]]) -> tuple[dict, dict]:
    """Each student's permission on their folder set to ``role``: (what was done by
    student ID, the errors by student ID). A student with no folder or no
    permission of their own on it has nothing to change."""
    done, failed, folders = {}, {}, []
    for sid, cells, role in wanted:
        fid = folder_id(records.text(cells.get("folder_link")))
        if fid:
            folders.append((sid, fid, records.text(cells.get("email")).lower(), role))
        else:
            done[sid] = "no folder yet"
    if not folders:
        return done, failed
    answers = drive.batch(drive.permissions_request(fid, "id,type,role,emailAddress")
                          for _, fid, _, _ in folders)
    updates = []
    for (sid, fid, email, role), answer in zip(folders, answers):
        if not answer.ok:
            failed[sid] = str(answer.error)
            continue
        own = next((p for p in answer.value.get("permissions", [])
                    if p.get("type") == "user"
                    and (p.get("emailAddress") or "").lower() == email), None)
        if own is None:
            done[sid] = "the student has no access to their folder to change"
        elif own.get("role") == role or own.get("role") not in (LOCKED_ROLE, OPEN_ROLE):
            done[sid] = _said(role)
        else:
            updates.append((sid, fid, own["id"], role))
    for (sid, fid, permission, role), answer in zip(updates, drive.batch(
            drive.role_request(fid, permission, role) for sid, fid, permission, role in updates)):
        if answer.ok:
            done[sid] = _said(role)
        else:
            failed[sid] = str(answer.error)
    return done, failed


def _said(role: str) -> str:
    return ("folder read-only for the student" if role == LOCKED_ROLE
            else "folder open to the student again")


def _countdown(ledger, rows: dict, ready: dict, values: dict, today: datetime.date,
               coordinators: list[str]) -> None:
    day = records.as_date(values.get("ibis_submission_date"))
    if day is None or not 0 <= (day - today).days <= COUNTDOWN_DAYS:
        return
    pending = [sid for sid, c in rows.items()
               if rules.ib_result(records.text(c.get("ib_completion"))) == rules.PENDING]
    unusable = [sid for sid, c in rows.items() if code_problems(c)]
    if not pending and not unusable:
        return
    content = {"submission_date": format_date(day), "days_left": (day - today).days,
               "pending": len(pending), "ready_pending": sum(1 for s in pending if ready[s].ready),
               "missing_codes": len(unusable)}
    for coordinator in coordinators:
        ledger.add(digests.item(digests.COORDINATOR, coordinator, COUNTDOWN,
                                f"{day.isoformat()} {today.isoformat()}", content))


def code_problems(cells: dict) -> list[str]:
    """What keeps a student's row from being entered in IBIS: a personal code or a
    candidate session number missing or malformed (roster/ib_codes.py)."""
    found = []
    code = normalise_personal_code(cells.get("ib_personal_code"))
    why = personal_code_problem(code) if code else "is missing"
    if why:
        found.append(f"IB personal code {code!r} {why}" if code else "IB personal code missing")
    session = normalise_session(cells.get("candidate_session"))
    why = session_problem(session) if session else "is missing"
    if why:
        found.append(f"Candidate session number {session!r} {why}" if session
                     else "Candidate session number missing")
    return found
