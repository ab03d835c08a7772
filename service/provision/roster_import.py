"""``cas roster import``: the roster (a CSV file or the CAS Classroom course) into
the Students tab, checked whole first.

Sheets calls do not grow with the roster: the Students tab is read in one call
(students.py: its columns, wherever a coordinator moved them, and the Settings
tab; a row is its student's by the Student ID cell); then at most ONE
spreadsheets.batchUpdate appends the new students' rows and writes the changed
cells of existing rows, and, when existing rows changed, one more read checks
they landed on the right rows (rewriting those a person's sort moved meanwhile).
All values go RAW: a name is never run as a formula.

Advisors a roster may name (a decision; the issue says "unknown advisor"): the
teachers of the CAS Classroom course named in Settings (``classroom_course_id``),
the advisors already assigned in the Students tab, and those given with
``--advisor``. With none of these known (no course, an empty tab), any address
of the school is accepted as an advisor, and the output says advisors were not
checked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Iterable

from ..roster import (WITHDRAWN, Advisor, RosterDiff, RosterError, Student, diff_roster,
                      parse_roster_csv, roster_from_classroom)
from .cohort import master_sheet_id
from .students import (OPTIONAL_ROSTER_COLUMNS, ROSTER_COLUMNS, SetupNeeded, StudentsTab,
                       read_students_tab, write_rows)


@dataclasses.dataclass
class ImportResult:
    diff: RosterDiff
    sheet_id: str
    cells_written: int
    advisors_checked: bool
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return diff_fingerprint(self.diff)


class PreviewChanged(RuntimeError):
    """The import would now change something else than the preview showed (the
    roster or the Students tab changed since); nothing was written."""


def diff_fingerprint(diff: RosterDiff) -> str:
    """A digest of what an import would write (new rows, changed cells, rows to
    withdraw): equal for two previews exactly when they would write the same."""
    shown = {"new": [s.to_row() for s in diff.new],
             "changed": [[c.before.student_id, c.before.email, list(c.fields), c.after.to_row()]
                         for c in diff.changed],
             "withdrawn": [[s.student_id, s.email] for s in diff.withdrawn]}
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def import_roster(workspace, config, templates, *, csv_text: str | bytes | None = None,
                  course_id: str | None = None, advisors: Iterable[str] = (),
                  write: bool = True, expected: str | None = None) -> ImportResult:
    """Check the roster whole, then bring the Students tab in line with it.
    Raises ``RosterError`` (nothing written) or ``SetupNeeded``. ``write=False``
    is a preview; ``expected``, a preview's ``fingerprint``: written only if the
    import would write exactly that (else ``PreviewChanged``, nothing written)."""
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
    diff = diff_roster([Student.from_row(cells) for _, cells in rows], incoming)
    if expected is not None and diff_fingerprint(diff) != expected:
        raise PreviewChanged("The roster or the Students tab changed since the preview: "
                             "nothing was written. Look at the new preview and confirm again.")
    changes, new, problems = _writes(diff, tab)
    if write:
        problems += write_rows(workspace.sheets, sheet_id, templates, tab, changes, new)
    cells = sum(len(c) for c in changes.values()) + sum(
        1 for _, row in new for v in row.values() if v not in (None, ""))
    return ImportResult(diff, sheet_id, cells, advisors_checked=bool(known) or bool(course_id),
                        problems=problems)


def _teachers(workspace, course_id: str, config) -> list[Advisor]:
    return roster_from_classroom([], workspace.classroom.teachers(course_id),
                                 config.school_domain).advisors


def _writes(diff: RosterDiff, tab: StudentsTab) -> tuple[dict, list, list[str]]:
    """(the changed cells by student ID, the new rows, what cannot be written: a
    row found by its email whose Student ID cell is empty or on two rows)."""
    changes, problems = {}, []

    def row_id(before: Student) -> str | None:
        if before.student_id in tab.table.ids:
            return before.student_id
        problems.append(f"{before.name or before.email}: their row has no Student ID of its "
                        f"own (empty, or also on another row); fix it in the Sheet and import "
                        f"again.")
        return None

    for change in diff.changed:
        after = change.after.to_row()
        cells = {k: after[k] for k in change.fields if k in tab.columns}
        key = row_id(change.before) if cells else None
        if key:
            changes.setdefault(key, {}).update(cells)
    for student in diff.withdrawn:
        key = row_id(student)
        if key:
            changes.setdefault(key, {})["roster_status"] = WITHDRAWN
    new = [(s.student_id, {k: v for k, v in s.to_row().items()
                           if k in ROSTER_COLUMNS + OPTIONAL_ROSTER_COLUMNS})
           for s in diff.new if s.student_id]
    words = {"ib_personal_code": "IB personal codes",
             "candidate_session": "candidate session numbers",
             "parent_emails": "parents' emails"}
    lost = [words[k] for k in OPTIONAL_ROSTER_COLUMNS if k not in tab.columns
            and any(getattr(s, k) for s in diff.new + [c.after for c in diff.changed])]
    if lost:
        problems.append(f"The roster's {' and '.join(lost)} were not written: the Students "
                        f"tab has no such column yet; run `cas upgrade`, then import again.")
    return changes, new, problems


__all__ = ["ImportResult", "PreviewChanged", "RosterError", "SetupNeeded", "diff_fingerprint",
           "import_roster", "read_students_tab"]
