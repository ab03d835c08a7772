"""The Students tab as roster import and provisioning read and write it, with the
sync's own rules (service/sync/table.py): columns found by their ``casColumn``
developer metadata, a row by its Student ID cell, new rows appended with their ID
in the same row, changed cells written where the rows were read and checked
after (written again where their IDs are, if a person sorted or inserted rows
meanwhile). Everything goes RAW: a name is never run as a formula.

Reading costs ONE values.batchGetByDataFilter (the tab and the Settings tab)
whatever the number of students.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from ..sync.table import Table, append_rows, check_writes, read_tables, update_cells

TAB = "students"
# The Students tab's columns a roster fills (the others are people's or later steps').
ROSTER_COLUMNS = ("student_id", "name", "email", "advisor_email", "roster_status")
# Roster columns a Sheet made by an older template may lack (`cas upgrade` adds them).
OPTIONAL_ROSTER_COLUMNS = ("ib_personal_code", "candidate_session", "parent_emails")


class SetupNeeded(RuntimeError):
    """The cohort is not ready for this step (no master Sheet, a lost column)."""


@dataclasses.dataclass
class StudentsTab:
    """The tab as read (``table``: rows, which row is whose by its ID cell) and the
    settings."""

    table: Table
    settings: dict[str, object]
    settings_rows: dict[str, int] = dataclasses.field(default_factory=dict)  # key -> row
    ledger: Table | None = None          # the Notices tab, when asked for

    @property
    def sheet_id(self) -> int:
        return self.table.sheet_id

    @property
    def columns(self) -> dict[str, str]:
        """Column key -> letter, of the columns found."""
        return self.table.letters

    def rows(self) -> list[tuple[int, dict]]:
        """(row number, cells by column key) of each row below the header, with
        the text of each cell stripped."""
        return [(row, {k: _text(v) for k, v in cells.items()}) for row, cells in self.table.rows]

    def problems(self) -> list[str]:
        return self.table.problems()


def read_students_tab(sheets, spreadsheet_id: str, template,
                      columns: Iterable[str] = ROSTER_COLUMNS,
                      optional: Iterable[str] = (), ledger: bool = False) -> StudentsTab:
    """The tab and the settings (and the Notices ledger when asked) in ONE call; the
    ``columns`` must be there (the ``optional`` ones may be missing: a Sheet made by
    an older template)."""
    tables, settings, settings_rows = read_tables(
        sheets, spreadsheet_id, template, [TAB, "events"] if ledger else [TAB], settings=True)
    table = tables[TAB]
    tab = template.sheet.tab(TAB)
    missing = [tab.column(k).header for k in columns if k not in table.letters]
    if missing:
        raise SetupNeeded(f"The Students tab has lost its column(s) {', '.join(missing)} "
                          f"(their casColumn metadata): run `cas upgrade` to put them back "
                          f"(empty, at the end of the tab).")
    return StudentsTab(table, settings, settings_rows, tables.get("events"))


def _text(value) -> object:
    return value.strip() if isinstance(value, str) else value


# -- writes --------------------------------------------------------------------
def new_rows_requests(tab: StudentsTab, rows: list[tuple[str, Mapping[str, object]]]
                      ) -> list[dict]:
    """The appendCells request adding one row per (student ID, cells)."""
    return append_rows(tab.table, rows)


def row_requests(tab: StudentsTab, changes: Mapping[str, Mapping[str, object]]) -> list[dict]:
    """updateCells requests writing each student's changed cells in their row as read."""
    return update_cells(tab.table, tab.table.ids, changes)


def write_rows(sheets, spreadsheet_id: str, template, tab: StudentsTab,
               changes: Mapping[str, Mapping[str, object]],
               new: list[tuple[str, Mapping[str, object]]] = (),
               other: list[dict] = ()) -> list[str]:
    """ONE spreadsheets.batchUpdate with the changed cells, the new rows and
    ``other`` requests, then the check (at least one more read when existing rows
    changed); what could not be set right, in words for the output."""
    requests = row_requests(tab, changes) + new_rows_requests(tab, list(new)) + list(other)
    if not requests:
        return []
    sheets.batch_update(spreadsheet_id, requests)
    placed, rewritten = check_writes(sheets, spreadsheet_id, template,
                                     {TAB: (tab.table, changes)})
    problems = []
    if rewritten:
        problems.append(f"Rows of the Students tab were moved while this ran; {rewritten} "
                        f"cell range(s) written again where their students are now.")
    if not placed:
        problems.append("Rows of the Students tab kept moving while this ran: run the "
                        "command again to put what is out of place right.")
    return problems


__all__ = ["OPTIONAL_ROSTER_COLUMNS", "ROSTER_COLUMNS", "SetupNeeded", "StudentsTab", "new_rows_requests",
           "read_students_tab", "row_requests", "write_rows"]
