"""``cas roster import``: the roster (a CSV file or the CAS Classroom course) into
the Students tab, checked whole first.

Sheets calls do not grow with the roster: the Students tab is read in two calls
(students.py: its roster columns, wherever a coordinator moved them, the
Settings tab, and which row is whose); then at most ONE spreadsheets.batchUpdate
inserts the new students' rows below the last one (and tags any untagged row
with its student's ID), and at most ONE values.batchUpdateByDataFilter writes
the changed cells of existing rows, addressed to each student's row metadata, so
they land on the right row even if people sorted the tab since the read. All
values go RAW: a name is never run as a formula.

Advisors a roster may name (a decision; the issue says "unknown advisor"): the
teachers of the CAS Classroom course named in Settings (``classroom_course_id``),
the advisors already assigned in the Students tab, and those given with
``--advisor``. With none of these known (no course, an empty tab), any address
of the school is accepted as an advisor, and the output says advisors were not
checked.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from ..roster import (WITHDRAWN, Advisor, RosterDiff, RosterError, Student, diff_roster,
                      parse_roster_csv, roster_from_classroom)
from .cohort import master_sheet_id
from .students import (ROSTER_COLUMNS, SetupNeeded, StudentsTab, identity_request,
                       new_rows_requests, read_students_tab, row_writes)


@dataclasses.dataclass
class ImportResult:
    diff: RosterDiff
    sheet_id: str
    cells_written: int
    advisors_checked: bool


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
    structure, data = _writes(diff, tab, row_of)
    if write and structure:
        workspace.sheets.batch_update(sheet_id, structure)
    if write and data:
        workspace.sheets.values_update_by_metadata(sheet_id, data)
    cells = sum(1 for r in structure if "updateCells" in r)
    cells += sum(1 for d in data for v in d["values"][0] if v is not None)
    return ImportResult(diff, sheet_id, cells, advisors_checked=bool(known) or bool(course_id))


def _teachers(workspace, course_id: str, config) -> list[Advisor]:
    return roster_from_classroom([], workspace.classroom.teachers(course_id),
                                 config.school_domain).advisors


def _writes(diff: RosterDiff, tab: StudentsTab, row_of: dict) -> tuple[list[dict], list[dict]]:
    """(spreadsheets.batchUpdate requests: tags for untagged rows that change, then
    the new rows; values.batchUpdateByDataFilter data: the changed cells)."""
    tags, changes = [], {}

    def row_key(before: Student, after: Student | None) -> str:
        row = row_of[id(before)]
        if row not in tab.identity:
            key = before.student_id or (after.student_id if after else "") or before.email
            tags.append(identity_request(tab, row, key))
            tab.identity[row] = key
        return tab.identity[row]

    for change in diff.changed:
        after = change.after.to_row()
        cells = {k: after[k] for k in change.fields if k in tab.columns}
        if cells:
            changes.setdefault(row_key(change.before, change.after), {}).update(cells)
    for student in diff.withdrawn:
        changes.setdefault(row_key(student, None), {})["roster_status"] = WITHDRAWN
    new = [(s.student_id or s.email, {k: v for k, v in s.to_row().items() if k in ROSTER_COLUMNS})
           for s in diff.new]
    return tags + new_rows_requests(tab, new), row_writes(tab, changes)


__all__ = ["ImportResult", "RosterError", "SetupNeeded", "import_roster", "read_students_tab"]
