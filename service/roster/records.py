"""The records of a roster and the checks every source of one shares.

A ``Student`` is one line of the Students tab as the roster gives it; a
``RosterProblem`` is one thing wrong with the roster, worded for the
coordinator who has to fix it; ``RosterError`` carries all of them at once,
because a roster is checked whole before anything is written.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Mapping

from .ib_codes import normalise_session

# The Students tab's "Roster" column: still in the programme or not (the
# student's CAS completion status is another column).
ACTIVE = "Active"
WITHDRAWN = "Withdrawn"

# Local part: anything printable but the characters RFC 5322 reserves and
# spaces. Google now allows a few symbols and one accent in Workspace usernames
# (support.google.com/a/answer/9193374), so this does not try to be stricter.
_LOCAL = re.compile(r"""^[^\s\x00-\x1f\x7f"(),:;<>@\[\]\\]{1,64}$""")
_DOMAIN_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclasses.dataclass(frozen=True)
class Student:
    """One student of the cohort.

    ``name`` is the name as the school writes it (from a full-name column, or
    the given and family names joined); ``given_name`` and ``family_name`` are
    kept when the source has them (to greet by first name, to sort by surname).
    ``email`` and ``advisor_email`` are lower-case; an empty ``advisor_email``
    means the roster does not say (the coordinator assigns one in the Sheet).
    ``roster_status`` is Active or Withdrawn (whether the student is still in
    the programme; not their CAS completion status).
    """

    student_id: str
    name: str
    email: str
    advisor_email: str = ""
    cohort: str = ""
    roster_status: str = ACTIVE
    given_name: str = ""
    family_name: str = ""
    # Optional: the parents' addresses, any domain, as "a@x.org, b@y.org" (report cards).
    parent_emails: str = ""
    ib_personal_code: str = ""      # as typed (IBIS codes are case sensitive)
    candidate_session: str = ""     # four digits, e.g. 0012

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> "Student":
        """A Student from a Students tab row keyed by these field names; missing
        or empty cells read as empty text, emails lower-cased, the roster status
        Active unless it says Withdrawn (a row a person typed need not be complete)."""
        def cell(key: str) -> str:
            value = row.get(key)
            return "" if value is None else str(value).strip()
        given, family = cell("given_name"), cell("family_name")
        return cls(student_id=cell("student_id"),
                   name=cell("name") or " ".join(x for x in (given, family) if x),
                   email=cell("email").lower(), advisor_email=cell("advisor_email").lower(),
                   cohort=cell("cohort"),
                   roster_status=WITHDRAWN if cell("roster_status").casefold() == "withdrawn" else ACTIVE,
                   given_name=given, family_name=family,
                   parent_emails=", ".join(split_emails(cell("parent_emails"))),
                   ib_personal_code=cell("ib_personal_code"),
                   candidate_session=normalise_session(row.get("candidate_session")))

    def to_row(self) -> dict[str, str]:
        """The Students tab cells by field name (the writer writes them RAW)."""
        return dataclasses.asdict(self)

    @property
    def is_active(self) -> bool:
        return self.roster_status != WITHDRAWN


@dataclasses.dataclass(frozen=True)
class Advisor:
    """A member of staff who can advise CAS students."""

    email: str
    name: str = ""


@dataclasses.dataclass(frozen=True)
class RosterProblem:
    """One thing wrong with a roster.

    ``line`` is the line of the file (``None`` for a roster read from
    Classroom), ``field`` the column as the file names it, ``value`` the text
    found there, and ``message`` the whole sentence for the coordinator, e.g.
    "Line 14, Email: 'ana.lopez@gmail.com' is not a demo-school.example address".
    """

    line: int | None
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return self.message


def problem(line: int | None, field: str, value: str, explanation: str,
            where: str | None = None) -> RosterProblem:
    """A RosterProblem whose message names the place, the field and the value."""
    place = where or (f"Line {line}" if line is not None else "Roster")
    if field:
        place = f"{place}, {field}"
    text = f"'{value}' {explanation}" if value else explanation
    return RosterProblem(line, field, value, f"{place}: {text}")


class RosterError(ValueError):
    """The roster cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[RosterProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the roster:"
        super().__init__("\n".join([heading, *(p.message for p in self.problems)]))


def normalise_email(raw: str) -> str:
    """An email as stored: trimmed and lower-case (Google compares addresses
    case-insensitively, and so must every lookup by email)."""
    return raw.strip().lower()


def split_emails(cell: str) -> list[str]:
    """The addresses of a cell listing several (commas, semicolons or spaces between),
    normalised, each once, in the order given."""
    return list(dict.fromkeys(normalise_email(p) for p in re.split(r"[,;\s]+", cell or "")
                              if p.strip()))


def address_problem(email: str) -> str | None:
    """Why ``email`` (normalised) is not an email address of any domain, or None."""
    local, at, domain = email.rpartition("@")
    labels = domain.split(".")
    if (not at or not _LOCAL.match(local) or local.startswith(".") or local.endswith(".")
            or ".." in local or len(labels) < 2 or not all(_DOMAIN_LABEL.match(x) for x in labels)):
        return "is not an email address"
    return None


def email_problem(email: str, school_domain: str) -> str | None:
    """Why ``email`` (already normalised) cannot be a school account, or None.

    An address of a subdomain of the school's domain (``students.school.org``)
    counts as the school's: only the school can create accounts there.
    """
    local, at, domain = email.rpartition("@")
    labels = domain.split(".")
    if (not at or not _LOCAL.match(local) or local.startswith(".") or local.endswith(".")
            or ".." in local or len(labels) < 2 or not all(_DOMAIN_LABEL.match(x) for x in labels)):
        return "is not an email address"
    school = school_domain.strip().lower()
    if domain != school and not domain.endswith("." + school):
        return f"is not a {school} address"
    return None
