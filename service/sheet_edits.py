"""What a person types into the master Sheet's people-owned cells, done for them
by the pages, exactly as if typed in the Sheet: written AS that person (a
Workspace acting as them, as domain-wide delegation allows), as raw values
(never a formula), into the cells they own, on the row whose ID cell holds the ID
(service/sync/table.py). The next sync reads them as it reads any edit (a
decision tells the student; DESIGN.md §5).

Each edit reads the tabs it needs (ONE values.batchGetByDataFilter), writes the
cells (ONE batchUpdate) and reads the tab again to check they landed on the row:
the check of who may make it is made on that fresh read, never on a page's
cached one.
"""

from __future__ import annotations

from .sync.table import CHECKS, misplaced, read_tables, update_cells

DECISIONS = ("Approved", "Changes requested", "Rejected")
NEEDS_COMMENT = ("Changes requested", "Rejected")
MAX_NOTE = 5000


class EditRefused(ValueError):
    """The edit was not made; the message says why, in the person's words."""


class NotYours(EditRefused):
    """The row is not one the person may edit (or does not exist): shown as not found."""


def decide_experience(workspace, template, sheet_id: str, code: str, decision: str,
                      comment: str, advisor: str) -> dict:
    """The advisor's Decision and Advisor's comment on the experience ``code`` of
    one of their advisees; the cells written. Raises ``EditRefused``/``NotYours``."""
    comment = (comment or "").strip()
    if decision not in DECISIONS:
        raise EditRefused(f"Choose a decision: {', '.join(DECISIONS)}.")
    if decision in NEEDS_COMMENT and not comment:
        raise EditRefused(f"Say why in the comment: the student reads it with "
                          f"\u201c{decision}\u201d.")
    if len(comment) > MAX_NOTE:
        raise EditRefused(f"The comment is {len(comment)} characters long; keep it under "
                          f"{MAX_NOTE}.")
    tables, _, _ = read_tables(workspace.sheets, sheet_id, template,
                               ["experiences", "students"])
    experiences = tables["experiences"]
    row = experiences.by_id().get(code)
    if row is None:
        raise NotYours(f"No experience {code!r}.")
    student = tables["students"].by_id().get(str(row.get("student_id", "")).strip())
    if not student or str(student.get("advisor_email", "")).strip().lower() != advisor.lower():
        raise NotYours(f"No experience {code!r} of your advisees.")
    cells = {"advisor_decision": decision, "advisor_comment": comment}
    _write_checked(workspace, template, sheet_id, experiences, code, cells)
    return cells


def resolve_review(workspace, template, sheet_id: str, response_id: str, note: str) -> dict:
    """A Needs review row marked Resolved with What was done; the cells written."""
    note = (note or "").strip()
    if not note:
        raise EditRefused("Say what was done: the next person to read the row needs it.")
    if len(note) > MAX_NOTE:
        raise EditRefused(f"The note is {len(note)} characters long; keep it under {MAX_NOTE}.")
    tables, _, _ = read_tables(workspace.sheets, sheet_id, template, ["needs_review"])
    review = tables["needs_review"]
    if response_id not in review.ids:
        raise NotYours(f"No Needs review row {response_id!r}.")
    cells = {"resolved": True, "resolution_note": note}
    _write_checked(workspace, template, sheet_id, review, response_id, cells)
    return cells


def _write_checked(workspace, template, sheet_id: str, table, row_id: str, cells: dict) -> None:
    """Write ``cells`` in ``row_id``'s row as read, then read the tab again: had a
    person sorted or inserted rows in between, the cells are written again where the
    row now is, and the row that got them by mistake gets back what it held (as
    service/sync/table.py does for the service's own cells)."""
    written_at = table.ids[row_id]
    read = table.by_id()
    workspace.sheets.batch_update(sheet_id, update_cells(table, table.ids, {row_id: cells}))
    for _ in range(CHECKS):
        [now] = read_tables(workspace.sheets, sheet_id, template, [table.key])[0].values()
        expected = {row_id: cells}
        wronged = next((i for i, r in now.ids.items() if r == written_at and i != row_id), None)
        if wronged in read:
            expected[wronged] = {k: read[wronged].get(k, "") for k in cells}
        wrong = misplaced(now, expected)
        if not wrong:
            return
        workspace.sheets.batch_update(sheet_id, update_cells(now, now.ids, wrong))
        table, written_at = now, now.ids.get(row_id, written_at)
