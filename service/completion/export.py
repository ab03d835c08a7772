"""``cas completion export``: every candidate's CAS result as the coordinator enters
them in IBIS (candidate session number, personal code, name, result), as a CSV file
and as the master Sheet's "IBIS export" tab, rewritten whole each time.

The order: the Pending candidates first (each one must be decided before the
school's submission date: a result left pending becomes not completed), then the
decided ones; within each, by candidate session number (those without one last),
then by name. Every active student of the Students tab is a candidate; withdrawn
students are left out and counted. A row IBIS cannot take as it is (a personal code
or session number missing, malformed or shared with another candidate, a result
that is not one of the three) says why in "Check before entering".

Sheets calls: ONE read (the Students tab, the IBIS export tab's columns and the
Settings, values.batchGetByDataFilter) and ONE spreadsheets.batchUpdate (the tab's
rows below its header cleared and written, RAW: a name is never run as a formula).
A Sheet made before the tab existed is upgraded first (`cas upgrade`'s function).
Run again, it writes the same rows.

:func:`export_results` is what the command and the coordinator's IBIS export page
(service/web/ibis_pages.py) call.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io

from ..cas import completion as rules
from ..cas.dates import format_date
from ..provision.cohort import master_sheet
from ..roster.ib_codes import normalise_personal_code, normalise_session
from ..sync import records
from ..sync.table import SheetDamaged, column_index, extended, read_tables
from ..sync.upgrade import upgrade
from ..templates.settings import date_serial
from .track import code_problems

TAB = "ibis_export"
HEADERS = ("Candidate session number", "Personal code", "Name", "CAS result", "Student ID",
           "Check before entering")
PENDING_CHECK = ("Pending: decide it before the submission date (a result left pending "
                 "becomes Not completed)")
# A CSV cell Excel or Sheets would run as a formula is written with a leading
# apostrophe (OWASP's advice for CSV injection); the Sheet tab needs none (RAW).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class NotSetUp(RuntimeError):
    """No master Sheet for the cohort."""


@dataclasses.dataclass(frozen=True)
class Candidate:
    candidate_session: str
    ib_personal_code: str
    name: str
    result: str                 # Completed, Not completed or Pending
    student_id: str
    problems: tuple[str, ...]   # what IBIS could not take as it is
    pending: tuple[str, ...] = ()   # for a Pending one: decide it, and what the service says

    @property
    def check(self) -> tuple[str, ...]:
        return self.pending + self.problems

    def cells(self) -> dict[str, str]:
        return {"candidate_session": self.candidate_session,
                "ib_personal_code": self.ib_personal_code, "name": self.name,
                "result": self.result, "student_id": self.student_id,
                "check": "\n".join(self.check)}


@dataclasses.dataclass
class ExportResult:
    candidates: list[Candidate]
    withdrawn: int
    submission_date: datetime.date | None
    sheet_url: str = ""

    @property
    def pending(self) -> list[Candidate]:
        return [c for c in self.candidates if c.result == rules.PENDING]

    @property
    def flagged(self) -> list[Candidate]:
        """Candidates whose row needs fixing before it can be entered (Pending aside)."""
        return [c for c in self.candidates if c.problems]

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for c in self.candidates:
            writer.writerow([_csv_cell(v) for v in c.cells().values()])
        return out.getvalue()

    def summary(self, today: datetime.date) -> list[str]:
        """The lines the coordinator reads first."""
        lines = [f"{len(self.candidates)} candidate(s)"
                 + (f"; {self.withdrawn} withdrawn student(s) left out" if self.withdrawn else "")]
        if self.pending:
            lines.append(f"WARNING: {len(self.pending)} candidate(s) still Pending (listed "
                         f"first): decide each one; a result left pending becomes Not completed.")
        if self.flagged:
            lines.append(f"WARNING: {len(self.flagged)} candidate(s) cannot be entered as they "
                         f"are (see 'Check before entering'): "
                         + ", ".join(c.name or c.student_id for c in self.flagged[:10])
                         + (" …" if len(self.flagged) > 10 else ""))
        if self.submission_date:
            left = (self.submission_date - today).days
            when = format_date(self.submission_date)
            lines.append(f"IBIS submission date: {when} ({left} day(s) left)" if left >= 0
                         else f"IBIS submission date: {when}, passed {-left} day(s) ago")
        return lines


def candidates(rows: list[dict]) -> tuple[list[Candidate], int]:
    """The candidates of the Students tab's rows (cells by column key), in IBIS
    order, and how many withdrawn students were left out. Pure."""
    active = [c for c in rows if records.text(c.get("student_id"))
              and records.text(c.get("roster_status")) != "Withdrawn"]
    withdrawn = sum(1 for c in rows if records.text(c.get("student_id"))
                    and records.text(c.get("roster_status")) == "Withdrawn")
    codes = [normalise_personal_code(c.get("ib_personal_code")) for c in active]
    sessions = [normalise_session(c.get("candidate_session")) for c in active]
    found = []
    for cells, code, session in zip(active, codes, sessions):
        check = list(code_problems(cells))
        if code and codes.count(code) > 1:
            check.append(f"IB personal code {code} is also another candidate's")
        if session and sessions.count(session) > 1:
            check.append(f"Candidate session number {session} is also another candidate's")
        typed = records.text(cells.get("ib_completion"))
        result = rules.ib_result(typed)
        if result is None:
            check.append(f"IB completion {typed!r} is not one of {', '.join(rules.IB_RESULTS)}: "
                         f"decide it in the Students tab")
            result = rules.PENDING
        pending = []
        if result == rules.PENDING:
            pending.append(PENDING_CHECK)
            said = records.text(cells.get("completion_readiness")).splitlines()
            if said:
                pending.append(f"The service says: {said[0].rstrip(':')}")
        found.append(Candidate(session, code, records.text(cells.get("name")), result,
                               records.text(cells.get("student_id")), tuple(check),
                               tuple(pending)))
    found.sort(key=lambda c: (c.result != rules.PENDING, not c.candidate_session,
                              c.candidate_session, c.name.casefold(), c.student_id))
    return found, withdrawn


def export_results(workspace, config, templates, *, write_tab: bool = True) -> ExportResult:
    """Read the Students tab, write the IBIS export tab (unless ``write_tab`` is
    False), and return the candidates (``csv_text()`` for the file)."""
    sheet = master_sheet(workspace.drive, config.cohort)
    if not sheet:
        raise NotSetUp(f"There is no master Sheet for the cohort {config.cohort}: run "
                       f"`cas setup` first.")
    sheet_id = sheet["id"]
    try:
        tables, settings, _ = read_tables(workspace.sheets, sheet_id, templates,
                                          ["students", TAB], settings=True)
    except SheetDamaged:   # a Sheet older than the IBIS export tab
        if not write_tab:
            raise
        upgrade(workspace.sheets, sheet_id, templates, editors=[config.subject],
                now_serial=date_serial(datetime.date.today()))
        tables, settings, _ = read_tables(workspace.sheets, sheet_id, templates,
                                          ["students", TAB], settings=True)
    found, withdrawn = candidates([cells for _, cells in tables["students"].rows])
    result = ExportResult(found, withdrawn,
                          records.as_date(settings.get("ibis_submission_date")),
                          sheet.get("webViewLink", ""))
    if write_tab:
        workspace.sheets.batch_update(sheet_id, _tab_requests(tables[TAB], found))
    return result


def _tab_requests(table, found: list[Candidate]) -> list[dict]:
    """The tab's rows below the header cleared, then the candidates appended after
    the header (appendCells grows the grid when needed), each value RAW."""
    width = max(column_index(letter) for letter in table.letters.values()) + 1
    rows = []
    for candidate in found:
        values: list[dict] = [{} for _ in range(width)]
        for key, value in candidate.cells().items():
            if value and key in table.letters:
                values[column_index(table.letters[key])] = {"userEnteredValue": extended(value)}
        rows.append({"values": values})
    requests = [{"updateCells": {"range": {"sheetId": table.sheet_id, "startRowIndex": 1},
                                 "fields": "userEnteredValue"}}]
    if rows:
        requests.append({"appendCells": {"sheetId": table.sheet_id, "rows": rows,
                                         "fields": "userEnteredValue"}})
    return requests


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value
