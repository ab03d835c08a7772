"""``cas roster import``: the roster (a CSV file or the CAS Classroom course) into
the Students tab, checked whole first.

Sheets calls do not grow with the roster: ONE values.batchGetByDataFilter reads
the Students tab's roster columns (found by their ``casColumn`` developer
metadata, wherever a coordinator moved them) and the Settings tab; ONE
values.batchUpdate writes every change, RAW so a name is never run as a formula.
Rows are found by student ID (or email, ``diff_roster``) in what was read, never
by their position in the roster: a coordinator may have sorted the tab.

Advisors a roster may name (a decision; the issue says "unknown advisor"): the
teachers of the CAS Classroom course named in Settings (``classroom_course_id``),
the advisors already assigned in the Students tab, and those given with
``--advisor``. With none of these known (no course, an empty tab), any address
of the school is accepted as an advisor, and the output says advisors were not
checked.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from ..roster import (WITHDRAWN, Advisor, RosterDiff, RosterError, Student, diff_roster,
                      parse_roster_csv, roster_from_classroom)
from .cohort import SETTINGS_RANGE, master_sheet_id

TAB = "students"
# The Students tab's columns a roster fills (the others are people's or later steps').
ROSTER_COLUMNS = ("student_id", "name", "email", "advisor_email", "roster_status")
_RANGE = re.compile(r"^(?P<tab>.+)!\$?(?P<col>[A-Z]+)\$?\d*(?::\$?[A-Z]+\$?\d*)?$")


class SetupNeeded(RuntimeError):
    """There is no master Sheet for the cohort yet."""


@dataclasses.dataclass
class ImportResult:
    diff: RosterDiff
    sheet_id: str
    cells_written: int
    advisors_checked: bool


@dataclasses.dataclass
class StudentsTab:
    """The roster columns as read: each column's letter and its cells by row."""

    columns: dict[str, str]              # column key -> letter
    cells: dict[str, list[str]]          # column key -> values, row 1 (the header) first
    settings: dict[str, object]

    def rows(self) -> list[tuple[int, dict]]:
        """(row number, cells by column key) of each row below the header."""
        height = max((len(v) for v in self.cells.values()), default=1)
        return [(r + 1, {k: (v[r] if r < len(v) else "") for k, v in self.cells.items()})
                for r in range(1, height)]


def read_students_tab(sheets, spreadsheet_id: str, template) -> StudentsTab:
    """The roster columns and the settings, in ONE call."""
    tab = template.sheet.tab(TAB)
    filters = [{"developerMetadataLookup": {"metadataKey": "casColumn",
                                            "metadataValue": f"{tab.key}.{key}"}}
               for key in ROSTER_COLUMNS]
    filters.append({"a1Range": SETTINGS_RANGE})
    ranges = sheets.values_get_by_metadata(spreadsheet_id, filters)
    columns, cells, settings = {}, {}, {}
    for value_range in ranges:
        found = value_range.get("valueRange", value_range)
        data_filter = (value_range.get("dataFilters") or [{}])[0]
        lookup = data_filter.get("developerMetadataLookup")
        values = found.get("values", [])
        if lookup:
            key = lookup["metadataValue"].partition(".")[2]
            match = _RANGE.match(found.get("range", ""))
            if not match:
                continue
            columns[key] = match["col"]
            cells[key] = ["" if not row else str(row[0]).strip() for row in values]
        else:
            for row in values:
                if row and str(row[0]).strip():
                    settings[str(row[0]).strip()] = row[1] if len(row) > 1 else ""
    missing = [tab.column(k).header for k in ROSTER_COLUMNS if k not in columns]
    if missing:
        raise SetupNeeded(f"The Students tab has lost its column(s) {', '.join(missing)} "
                          f"(their casColumn metadata): restore them before importing.")
    return StudentsTab(columns, cells, settings)


def import_roster(workspace, config, templates, *, csv_text: str | bytes | None = None,
                  course_id: str | None = None, advisors: Iterable[str] = (),
                  write: bool = True) -> ImportResult:
    """Check the roster whole, then bring the Students tab in line with it.
    Raises ``RosterError`` (nothing written) or ``SetupNeeded``."""
    sheet_id = master_sheet_id(workspace.drive, config.cohort)
    if not sheet_id:
        raise SetupNeeded(f"There is no master Sheet for the cohort {config.cohort}: "
                          f"run `cas setup` first.")
    tab = read_students_tab(workspace.sheets, sheet_id, templates)
    rows = tab.rows()
    known = {a.strip().lower() for a in advisors if a.strip()}
    known |= {cells["advisor_email"].lower() for _, cells in rows if cells["advisor_email"]}
    settings_course = str(tab.settings.get("classroom_course_id") or "").strip()
    if course_id:
        roster = roster_from_classroom(workspace.classroom.students(course_id),
                                       workspace.classroom.teachers(course_id),
                                       config.school_domain, config.cohort)
        incoming = roster.students
    else:
        if settings_course:
            known |= {a.email for a in _teachers(workspace, settings_course, config)}
        incoming = parse_roster_csv(csv_text or "", config.school_domain,
                                    known_advisors=sorted(known) if known else None,
                                    cohort=config.cohort)
    # The tab has no cohort or given/family name columns: compared without them,
    # a re-import of the same roster changes nothing.
    incoming = [dataclasses.replace(s, cohort="", given_name="", family_name="")
                for s in incoming]
    students = [(row, Student.from_row(cells)) for row, cells in rows]
    row_of = {id(student): row for row, student in students}
    diff = diff_roster([s for _, s in students], incoming)
    data = _writes(diff, tab, row_of, next_row=_next_free_row(rows))
    if data and write:
        workspace.sheets.values_batch_update(sheet_id, data)
    return ImportResult(diff, sheet_id, sum(len(d["values"][0]) for d in data),
                        advisors_checked=bool(known) or bool(course_id))


def _teachers(workspace, course_id: str, config) -> list[Advisor]:
    return roster_from_classroom([], workspace.classroom.teachers(course_id),
                                 config.school_domain).advisors


def _next_free_row(rows: list[tuple[int, dict]]) -> int:
    used = [row for row, cells in rows if any(cells.values())]
    return (max(used) if used else 1) + 1


def _writes(diff: RosterDiff, tab: StudentsTab, row_of: dict, next_row: int) -> list[dict]:
    """The values.batchUpdate data: one range per cell that changes."""
    data = []

    def cell(row: int, key: str, value: str) -> None:
        data.append({"range": f"Students!{tab.columns[key]}{row}", "values": [[value]]})

    for offset, student in enumerate(diff.new):
        values = student.to_row()
        for key in ROSTER_COLUMNS:
            if values.get(key):
                cell(next_row + offset, key, values[key])
    for change in diff.changed:
        row = row_of[id(change.before)]
        after = change.after.to_row()
        for key in change.fields:
            if key in tab.columns:
                cell(row, key, after[key])
    for student in diff.withdrawn:
        cell(row_of[id(student)], "roster_status", WITHDRAWN)
    return data


__all__ = ["ImportResult", "RosterError", "SetupNeeded", "import_roster", "read_students_tab"]
