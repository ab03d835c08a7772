"""One Interview record response as one Interviews row per student named.

The form asks for the student (prefilled from the advisor's link) and, for a
group interview (seed 000: groups of three or four), up to three more, each an
email or a student ID typed in a short answer: a form cannot offer each advisor a
list of their own advisees, and a typed address or ID is what the sync can match.

* Each student named gets a row keyed by an ID of its own, stable whenever the
  response is read again: the first student's is the response ID itself (as
  before groups existed, so older rows keep their IDs), the others' the response
  ID, a slash and the question's position (``ACYDBNj.../3``). A re-read updates the
  same rows; nothing is duplicated.
* Rows of one record share a Group ID (``G-`` and six characters from the
  response ID) when it names more than one student.
* A student who is unknown, or not an advisee of the interviewer (a coordinator
  may record anyone's interview), goes to Needs review with the reason, under
  that row's own ID; the others' rows are written.
* A student named twice in one record is counted once, and the row says so.
* An edited record that no longer names a student: that student's row stops
  counting (its interview cell emptied) and says why; rows are never deleted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Callable, Iterable

from ..sync import records

STUDENT_QUESTIONS = ("student", "student_2", "student_3", "student_4")
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def row_id(response_id: str, position: int) -> str:
    """The Interviews row of the ``position``-th student (1-4) a response names."""
    return response_id if position == 1 else f"{response_id}/{position}"


def group_id(response_id: str) -> str:
    """A short ID the rows of one group record share, the same from any sync."""
    number = int.from_bytes(hashlib.sha256(f"group {response_id}".encode()).digest()[:8], "big")
    return "G-" + "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(6))


def coordinator_emails(value, subject: str = "") -> set[str]:
    """The coordinators, from the Settings cell (a list, or text separated by commas,
    semicolons or spaces) and the account the service acts as."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;\s]+", str(value or ""))
    return {str(e).strip().lower() for e in [*items, subject] if "@" in str(e)}


def match_record(row, *, students: dict, roster: dict, coordinators: Iterable[str], changes,
                 review: Callable[[object, str], None]) -> list[str]:
    """Write the rows of an Interview record response (``row``: a ResponseRow);
    ``students``: the Students tab by ID, ``roster``: by lower-case email;
    ``review(row, reason)`` sends a row to Needs review. Returns the row IDs written."""
    interviewer = row.respondent.lower()
    coordinators = {c.lower() for c in coordinators}
    named = [(position, row.answer(key))
             for position, key in enumerate(STUDENT_QUESTIONS, 1) if row.answer(key)]
    group = group_id(row.response_id) if len(named) > 1 else ""
    written, seen = [], {}
    for position, ref in named:
        rid = row_id(row.response_id, position)
        student = students.get(ref) or students.get(ref.upper()) or roster.get(ref.lower())
        if student is None:
            review(dataclasses.replace(row, response_id=rid),
                   f"No student has the email or ID {ref!r}"
                   + (f" (student {position} of a group record)." if group else "."))
            continue
        sid = records.text(student.get("student_id"))
        name = records.text(student.get("name")) or sid
        advisor = records.text(student.get("advisor_email")).lower()
        if interviewer not in coordinators and advisor != interviewer:
            review(dataclasses.replace(row, response_id=rid),
                   f"{name} ({sid}) is not an advisee of {interviewer or 'the interviewer'}"
                   + (f" (their advisor is {advisor})." if advisor else " (they have no advisor)."))
            continue
        flags = list(row.flags)
        if sid in seen:
            changes.upsert("interviews", seen[sid], {"sync_flags": "\n".join(
                flags + [f"Named twice in the record (as student {position} too): one row."])})
            continue
        seen[sid] = rid
        cells = dict(row.cells, response_id=rid, student_ref=ref, student_id=sid,
                     student_name=student.get("name", ""), advisor_email=advisor,
                     group_id=group, sync_flags="\n".join(flags))
        changes.upsert("interviews", rid, cells)
        written.append(rid)
    for position in range(2, len(STUDENT_QUESTIONS) + 1):
        rid = row_id(row.response_id, position)
        if position in dict(named):
            continue
        before = changes.current("interviews", rid)
        if before and records.text(before.get("interview")):
            changes.upsert("interviews", rid, {
                "interview": "", "sync_flags": "The record was edited and no longer names "
                                               "this student: not counted."})
    return written
