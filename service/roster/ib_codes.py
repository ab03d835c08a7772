"""The two IBIS identifiers a roster may carry: the candidate's IB personal code and
their candidate session number. The coordinator enters each CAS result in IBIS per
candidate by these (CAS.md, Close), so a wrong one costs a student their result;
checked here, shared by the roster (csv_roster.py) and the IBIS export.

What schools see, and the formats chosen from it:

* **Personal code**: "an alphanumeric personal code (for example, cbh768)", "case
  sensitive" (the IB's Assessment FAQ, ibo.org, "The personal code is case
  sensitive but the PIN is not"; a school's results page, sites.google.com/cdnis.
  edu.hk, gives cbh768). Accepted: letters and digits only, 3 to 12 of them, kept
  exactly as typed (case included); spaces around are trimmed, a space or any
  punctuation inside is refused (a code is typed into IBIS, and a stray character
  would not match it). The length bounds are an assumption, lenient on purpose: the
  examples are 6 characters, and no source states a length.
* **Candidate session number**: the candidate's number in the exam session, which
  students need with their personal code (school pages; ManageBac's IBIS pages list
  "IBIS Personal Code, Candidate Session Number"). Most descriptions show it as 4
  digits (0012); none found states the length, so this is an assumption: 1 to 4
  digits, written with its leading zeros (``12`` -> ``0012``), since a CSV opened in
  Excel loses them. Anything else (letters, a school code in front such as
  ``001234-0012``) is refused with the form expected, so the coordinator types the
  number IBIS shows rather than the service guessing.
"""

from __future__ import annotations

import re

_PERSONAL_CODE = re.compile(r"^[A-Za-z0-9]{3,12}$")
_SESSION = re.compile(r"^[0-9]{1,4}$")
SESSION_DIGITS = 4


def normalise_personal_code(raw: object) -> str:
    """The code as stored: trimmed, case kept (IBIS's codes are case sensitive)."""
    return "" if raw is None else str(raw).strip()


def personal_code_problem(code: str) -> str | None:
    """Why ``code`` (normalised, not empty) cannot be an IB personal code, or None."""
    if _PERSONAL_CODE.match(code):
        return None
    if any(not c.isalnum() for c in code):
        return ("is not an IB personal code: only letters and digits, e.g. hkb123 "
                "(no spaces or punctuation)")
    return "is not an IB personal code: 3 to 12 letters and digits, e.g. hkb123"


def normalise_session(raw: object) -> str:
    """The candidate session number as stored: its digits padded to four (a number
    read back from a cell, 12 or 12.0, becomes ``0012``); anything that is not
    digits is returned trimmed, for ``session_problem`` to name."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if _SESSION.match(text):
        return text.zfill(SESSION_DIGITS)
    return text


def session_problem(session: str) -> str | None:
    """Why ``session`` (normalised, not empty) cannot be a candidate session number."""
    if re.fullmatch(r"[0-9]{4}", session):
        return None
    if re.fullmatch(r"[0-9]{5,}", session):
        return "is not a candidate session number: it has 4 digits, e.g. 0012"
    if re.fullmatch(r"[0-9]{6}\s*[-/ ]\s*[0-9]{4}", session):
        return ("looks like the school code and the session number together: write only "
                "the candidate's 4-digit session number, e.g. 0012")
    return "is not a candidate session number: 4 digits, e.g. 0012"
