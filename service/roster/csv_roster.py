"""Reading a roster a school exported as CSV, and checking all of it.

Schools export from many systems and spreadsheets, so this accepts what they
really write: a header row whose names vary (case, spaces and punctuation are
ignored, and common aliases are understood: ``COLUMNS``); UTF-8 with or without
a byte-order mark (Excel's "CSV UTF-8") or UTF-16 with one; commas, semicolons
(Excel in locales whose decimal mark is a comma) or tabs, and Excel's optional
``sep=;`` first line; quoted fields, CRLF, blank lines; columns it does not know
(ignored). Names are kept exactly as typed (accents, apostrophes, hyphens), only
trimmed; emails are trimmed and lower-cased.

A cell is text, never a formula: ``=HYPERLINK(...)`` or ``-Ana`` is kept as
typed (the Sheet writer writes RAW) and is reported only if its field must be
an email and it is not one.

Nothing is returned unless every line is right: ``RosterError`` lists every
problem with its line and column, so the coordinator fixes the file once.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from typing import Iterable

from .ib_codes import (normalise_personal_code, normalise_session, personal_code_problem,
                       session_problem)
from .records import (ACTIVE, WITHDRAWN, RosterError, RosterProblem, Student,
                      address_problem, email_problem, normalise_email, problem, split_emails)

# Each field and the headers that mean it, most specific first: with both
# "Student email" and "Email" in a file, "Student email" is the student's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "student_id": ("Student ID", "Student number", "Student no", "ID", "School ID", "Pupil ID"),
    "name": ("Full name", "Student name", "Name"),
    "given_name": ("First name", "Given name", "Forename"),
    "family_name": ("Last name", "Family name", "Surname"),
    "email": ("Student email", "Student email address", "Email", "Email address"),
    "advisor_email": ("Advisor email", "Advisor email address", "Adviser email",
                      "CAS advisor email", "CAS advisor", "Tutor email", "Advisor",
                      "Adviser", "Tutor"),
    "cohort": ("Cohort", "CAS cohort"),
    # "Roster" before "Status": in the Students tab downloaded as CSV, Status is CAS progress
    # Optional: parents' addresses for report cards, several in one cell.
    "parent_emails": ("Parent emails", "Parents emails", "Parent email", "Parents email",
                      "Parent email addresses", "Guardian emails", "Guardian email",
                      "Parent/guardian emails", "Parent/guardian email"),
    "roster_status": ("Roster", "Roster status", "Enrolment status", "Enrollment status",
                      "Enrolment", "Enrollment", "Status"),
    # Optional, for the IBIS export (ib_codes.py says what each may hold).
    "ib_personal_code": ("IB personal code", "IBIS personal code", "Personal code"),
    "candidate_session": ("Candidate session number", "IB candidate session number",
                          "Session number", "Candidate session"),
}

ENROLMENTS = {"active": ACTIVE, "enrolled": ACTIVE, "current": ACTIVE,
            "withdrawn": WITHDRAWN, "left": WITHDRAWN, "inactive": WITHDRAWN}

DELIMITERS = (",", ";", "\t")
EXAMPLE_HEADER = "Student ID, First name, Last name, Email, Advisor email"


def decode_roster(data: bytes) -> str:
    """The text of a roster file: UTF-8 (with or without BOM) or UTF-16 with a
    BOM. Any other encoding is refused rather than guessed, since a wrong guess
    would change the students' names."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise RosterError([problem(
            line, "", "", f"the file is not UTF-8 text (byte 0x{data[err.start]:02X}). "
            f"In Excel, save it as 'CSV UTF-8'; in Google Sheets, download it as CSV.")])


def parse_roster_csv(text: str | bytes, school_domain: str, known_advisors: Iterable[str] | None = None,
                     cohort: str | None = None) -> list[Student]:
    """The students of a CSV roster, in file order, or ``RosterError`` with
    every problem.

    ``known_advisors``, when given, are the only advisor emails accepted.
    ``cohort``, when given, is every student's cohort; a cohort column that
    names another one is a problem.
    """
    if isinstance(text, bytes):
        text = decode_roster(text)
    text = text.removeprefix("\ufeff")
    offset, delimiter, body = _dialect(text)
    rows, problems = _read_rows(body, delimiter, offset)
    if not rows:
        raise RosterError(problems or [problem(
            1, "", "", f"the file is empty. The first line names the columns "
            f"({EXAMPLE_HEADER}), then one line per student.")])
    (header_line, header), students_rows = rows[0], rows[1:]
    columns, header_problems = _columns(header_line, header)
    if header_problems:
        raise RosterError(header_problems + problems)
    if not students_rows:
        raise RosterError([problem(header_line + 1, "", "", "no students: the roster has "
                                   "a header line and nothing below it.")])

    check = _RowCheck(header, columns, delimiter, school_domain, known_advisors, cohort)
    students = []
    for line, cells in students_rows:
        student = check.row(line, cells)
        if student is not None:
            students.append(student)
    problems = sorted(problems + check.in_order(), key=lambda p: p.line)  # stable
    if problems:
        raise RosterError(problems)
    return students


def _normal(header: str) -> str:
    """A header as compared: case, spaces and punctuation ignored."""
    return "".join(c for c in unicodedata.normalize("NFKC", header).casefold() if c.isalnum())


# How a message names a field the file has no column for.
_LABEL = {"student_id": "Student ID", "name": "Name", "given_name": "First name",
          "family_name": "Last name", "email": "Email", "advisor_email": "Advisor email",
          "cohort": "Cohort", "roster_status": "Enrolment", "parent_emails": "Parent emails",
          "ib_personal_code": "IB personal code", "candidate_session": "Candidate session number"}


def _dialect(text: str) -> tuple[int, str, str]:
    """(lines skipped, delimiter, the rest of the text). Excel's ``sep=X`` line
    names the delimiter; otherwise it is the one of DELIMITERS found most often
    outside quotes in the first line that is not blank (comma on a tie)."""
    lines = text.splitlines(keepends=True)
    sep = re.fullmatch(r"sep=(.)", lines[0].rstrip("\r\n")) if lines else None
    if sep:
        return 1, sep.group(1), "".join(lines[1:])
    first = next((x for x in lines if x.strip()), "")
    outside = re.sub(r'"[^"]*("|$)', "", first)
    counts = {d: outside.count(d) for d in DELIMITERS}
    return 0, max(DELIMITERS, key=lambda d: counts[d]), text


def _read_rows(body: str, delimiter: str, offset: int) -> tuple[list, list[RosterProblem]]:
    """The rows that are not blank, each with the line it starts on."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows, problems, previous = [], [], 0
    while True:
        start = offset + previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(problem(start, "", "", f"cannot be read as CSV ({err})."))
            cells = []
        previous = reader.line_num
        if any(c.strip() for c in cells):
            rows.append((start, cells))
    return rows, problems


def _columns(line: int, header: list[str]) -> tuple[dict[str, int], list[RosterProblem]]:
    """Which column holds each field, and any problem with the header."""
    columns, problems = {}, []
    normal = [_normal(h) for h in header]
    for field, aliases in COLUMNS.items():
        for alias in dict.fromkeys(_normal(a) for a in aliases):
            at = [i for i, n in enumerate(normal) if n == alias]
            if len(at) > 1:
                letters = " and ".join(column_letter(i) for i in at)
                problems.append(problem(line, header[at[0]].strip(), "",
                                        f"{len(at)} columns ({letters}) have this name; keep one."))
            if at:
                columns[field] = at[0]
                break
    required = ["student_id", "email"]
    if "name" not in columns and not {"given_name", "family_name"} <= columns.keys():
        required.insert(1, "name")
    for field in required:
        if field not in columns:
            others = ", ".join(f"'{a}'" for a in COLUMNS[field] if a != _LABEL[field])
            also = " or 'First name' with 'Last name'" if field == "name" else ""
            problems.append(problem(line, _LABEL[field], "",
                                    f"the header has no such column (also understood: {others}{also})."))
    if not columns:
        problems.append(problem(line, "", "", f"the first line must name the columns, "
                                              f"e.g. {EXAMPLE_HEADER}."))
    return columns, problems


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _RowCheck:
    """Checks student lines one by one, remembering what duplicates need."""

    def __init__(self, header, columns, delimiter, school_domain, known_advisors, cohort):
        self.header, self.columns, self.delimiter = header, columns, delimiter
        self.domain = school_domain.strip().lower()
        self.known = None if known_advisors is None else sorted(
            {normalise_email(a) for a in known_advisors})
        self.cohort = (cohort or "").strip()
        self.problems: list[RosterProblem] = []
        self.column_of: dict[int, int] = {}
        self.seen_ids: dict[str, int] = {}
        self.seen_emails: dict[str, int] = {}
        self.seen_codes: dict[str, int] = {}
        self.seen_sessions: dict[str, int] = {}

    def label(self, field: str) -> str:
        """The field as the file names it, so the coordinator finds the column."""
        return self.header[self.columns[field]].strip() or _LABEL[field]

    def row(self, line: int, cells: list[str]) -> Student | None:
        before = len(self.problems)
        if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header):]):
            shown = "tab" if self.delimiter == "\t" else f"'{self.delimiter}'"
            self.problems.append(problem(
                line, "", "", f"has {len(cells)} values but the header names {len(self.header)} "
                f"columns; a value containing {shown} must be in double quotes."))
            return None
        value = {field: self.cell(cells, field) for field in self.columns}
        for field, text in value.items():
            if "\n" in text or "\r" in text:  # the rest of the row is not to be trusted
                self.add(line, field, text.splitlines()[0] + "…",
                         "runs onto the next line; is a double quote (\") left open?")
                return None
            hidden = next((c for c in text if unicodedata.category(c) == "Cc"), None)
            if hidden is not None:
                self.add(line, field, text.replace(hidden, "?"), f"contains an invisible "
                         f"control character (U+{ord(hidden):04X}); retype this value.")
        student_id = value.get("student_id", "")
        given, family = value.get("given_name", ""), value.get("family_name", "")
        name = value.get("name") or " ".join(x for x in (given, family) if x)
        raw_email = value.get("email", "")
        email = normalise_email(raw_email)
        if not student_id:
            self.add(line, "student_id", "", "is missing.")
        if not name:
            field = "name" if "name" in self.columns else "given_name"
            self.add(line, field, "", "is missing: every student needs a name.")
        self.check_email(line, raw_email)
        advisor = self.check_advisor(line, value.get("advisor_email", ""))
        cohort = self.check_cohort(line, value.get("cohort", ""))
        roster_status = self.check_enrolment(line, value.get("roster_status", ""))
        parents = self.check_parents(line, value.get("parent_emails", ""))
        ib_code, session = self.check_ib(line, value)
        self.check_unique(line, "student_id", student_id, student_id, self.seen_ids)
        if email and not email_problem(email, self.domain):
            self.check_unique(line, "email", email, raw_email, self.seen_emails)
        if len(self.problems) > before:
            return None
        return Student(student_id=student_id, name=name, email=email, advisor_email=advisor,
                       cohort=cohort, roster_status=roster_status, given_name=given, family_name=family,
                       parent_emails=parents, ib_personal_code=ib_code,
                       candidate_session=session)

    def cell(self, cells: list[str], field: str) -> str:
        index = self.columns[field]
        return cells[index].strip() if index < len(cells) else ""

    def add(self, line: int, field: str, value: str, explanation: str) -> None:
        found = problem(line, self.label(field) if field in self.columns else _LABEL[field],
                        value, explanation)
        self.problems.append(found)
        self.column_of[id(found)] = self.columns.get(field, -1)

    def in_order(self) -> list[RosterProblem]:
        """The problems by line, then by column, as the coordinator reads the file."""
        return sorted(self.problems, key=lambda p: (p.line, self.column_of.get(id(p), -1)))

    def check_email(self, line: int, raw: str) -> None:
        if not raw:
            self.add(line, "email", "", "is missing: every student needs a school email.")
            return
        why = email_problem(normalise_email(raw), self.domain)
        if why:
            self.add(line, "email", raw, why + ".")

    def check_advisor(self, line: int, raw: str) -> str:
        """The advisor's email; empty is allowed (assigned later in the Sheet)."""
        advisor = normalise_email(raw)
        if not advisor:
            return advisor
        why = email_problem(advisor, self.domain)
        if why:
            self.add(line, "advisor_email", raw, why + ".")
        elif self.known is not None and advisor not in self.known:
            close = difflib.get_close_matches(advisor, self.known, n=1, cutoff=0.8)
            hint = f" Did you mean {close[0]}?" if close else (
                "" if self.known else " No advisors are known yet.")
            self.add(line, "advisor_email", raw,
                     f"is not one of the school's CAS advisors.{hint}")
        return advisor

    def check_cohort(self, line: int, cohort: str) -> str:
        if self.cohort and cohort and cohort.casefold() != self.cohort.casefold():
            self.add(line, "cohort", cohort, f"is not this cohort ({self.cohort}).")
        return self.cohort or cohort

    def check_enrolment(self, line: int, enrolment: str) -> str:
        if not enrolment:
            return ACTIVE
        known = ENROLMENTS.get(enrolment.casefold())
        if known is None:
            self.add(line, "roster_status", enrolment, "is not an enrolment status this roster "
                                                   "understands; write Active or Withdrawn.")
            return ACTIVE
        return known

    def check_parents(self, line: int, raw: str) -> str:
        """The parents' addresses (any domain), or "" when the cell is empty."""
        found = split_emails(raw)
        for email in found:
            why = address_problem(email)
            if why:
                self.add(line, "parent_emails", email, why + " (separate several with commas).")
        return ", ".join(found)

    def check_ib(self, line: int, value: dict) -> tuple[str, str]:
        """The IB personal code and candidate session number, both optional; each
        once in the roster (two candidates never share one)."""
        code = normalise_personal_code(value.get("ib_personal_code", ""))
        why = code and personal_code_problem(code)
        if why:
            self.add(line, "ib_personal_code", code, why + ".")
        elif code:
            self.check_unique(line, "ib_personal_code", code, code, self.seen_codes)
        typed = value.get("candidate_session", "")
        session = normalise_session(typed)
        why = session and session_problem(session)
        if why:
            self.add(line, "candidate_session", typed, why + ".")
        elif session:
            self.check_unique(line, "candidate_session", session, typed, self.seen_sessions)
        return code, session

    def check_unique(self, line: int, field: str, key: str, typed: str,
                     seen: dict[str, int]) -> None:
        if not key:
            return
        if key in seen:
            self.add(line, field, typed, f"is also on line {seen[key]}: each student "
                                         f"appears once.")
        else:
            seen[key] = line
