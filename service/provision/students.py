"""The Students tab as provisioning reads and writes it: columns found by their
``casColumn`` developer metadata, rows found by the student's ID.

Each student's row carries row developer metadata ``casStudent`` = their ID
(DESIGN.md §3). Sheets moves row metadata with its row when people sort, insert
or delete rows, so a write addressed to the metadata, not to a row number,
lands on the student's row even if the tab was sorted between our read and our
write (values.batchUpdateByDataFilter). Such a write covers the whole row; the
cells the service does not write are sent as ``null``, which Sheets skips
("Null values will be skipped", ValueRange.values in the REST reference), so a
person's cell is never touched.

Reads cost two calls whatever the number of students: ONE
values.batchGetByDataFilter (the columns wanted and the Settings tab) and ONE
developerMetadata.search (which row carries which student's metadata).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Mapping

from .cohort import SETTINGS_RANGE

TAB = "students"
ROW_KEY = "casStudent"
# The Students tab's columns a roster fills (the others are people's or later steps').
ROSTER_COLUMNS = ("student_id", "name", "email", "advisor_email", "roster_status")
_RANGE = re.compile(r"^(?P<tab>.+)!\$?(?P<col>[A-Z]+)\$?\d*(?::\$?[A-Z]+\$?\d*)?$")


class SetupNeeded(RuntimeError):
    """The cohort is not ready for this step (no master Sheet, a lost column)."""


@dataclasses.dataclass
class StudentsTab:
    """The columns as read: each column's letter and its cells by row, which
    student each row's metadata names, and the settings."""

    sheet_id: int                        # the tab's sheetId
    columns: dict[str, str]              # column key -> letter
    cells: dict[str, list]               # column key -> values, row 1 (the header) first
    settings: dict[str, object]
    identity: dict[int, str]             # row number -> student ID of its casStudent metadata
    settings_rows: dict[str, int] = dataclasses.field(default_factory=dict)  # key -> row

    def rows(self) -> list[tuple[int, dict]]:
        """(row number, cells by column key) of each row below the header."""
        height = max((len(v) for v in self.cells.values()), default=1)
        return [(r + 1, {k: (v[r] if r < len(v) else "") for k, v in self.cells.items()})
                for r in range(1, height)]

    def next_free_row(self) -> int:
        """The row below the last one with anything in the columns read."""
        used = [row for row, cells in self.rows() if any(str(v).strip() for v in cells.values())]
        return (max(used) if used else 1) + 1


def read_students_tab(sheets, spreadsheet_id: str, template,
                      columns: Iterable[str] = ROSTER_COLUMNS,
                      optional: Iterable[str] = ()) -> StudentsTab:
    """The columns (``optional`` ones may be missing: a Sheet made by an older
    template), the settings and the rows' identities, in TWO calls."""
    tab = template.sheet.tab(TAB)
    wanted = list(dict.fromkeys([*columns, *optional]))
    filters = [{"developerMetadataLookup": {"metadataKey": "casColumn",
                                            "metadataValue": f"{tab.key}.{key}"}}
               for key in wanted]
    filters.append({"a1Range": SETTINGS_RANGE})
    letters, cells, settings, settings_rows = {}, {}, {}, {}
    for value_range in sheets.values_get_by_metadata(spreadsheet_id, filters):
        found = value_range.get("valueRange", value_range)
        lookup = (value_range.get("dataFilters") or [{}])[0].get("developerMetadataLookup")
        values = found.get("values", [])
        if lookup:
            match = _RANGE.match(found.get("range", ""))
            if match:
                key = lookup["metadataValue"].partition(".")[2]
                letters[key] = match["col"]
                cells[key] = [_text(row[0]) if row else "" for row in values]
        else:
            for offset, row in enumerate(values):
                if row and str(row[0]).strip():
                    settings[str(row[0]).strip()] = row[1] if len(row) > 1 else ""
                    settings_rows[str(row[0]).strip()] = offset + 2
    missing = [tab.column(k).header for k in columns if k not in letters]
    if missing:
        raise SetupNeeded(f"The Students tab has lost its column(s) {', '.join(missing)} "
                          f"(their casColumn metadata): restore them, or run `cas setup` "
                          f"on a new cohort.")
    identity = {}
    for match in sheets.search_metadata(spreadsheet_id, [{"developerMetadataLookup": {
            "metadataKey": ROW_KEY, "locationType": "ROW"}}]):
        meta = match.get("developerMetadata", match)
        span = meta.get("location", {}).get("dimensionRange", {})
        if span.get("sheetId") == tab.sheet_id and "startIndex" in span:
            identity.setdefault(span["startIndex"] + 1, meta.get("metadataValue", ""))
    return StudentsTab(tab.sheet_id, letters, cells, settings, identity, settings_rows)


def _text(value) -> object:
    return value.strip() if isinstance(value, str) else value


# -- writes --------------------------------------------------------------------
def identity_request(tab: StudentsTab, row: int, student_id: str) -> dict:
    """spreadsheets.batchUpdate request: tag ``row`` (1-based) as ``student_id``'s."""
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": ROW_KEY, "metadataValue": student_id, "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": tab.sheet_id, "dimension": "ROWS",
                                        "startIndex": row - 1, "endIndex": row}}}}}


def new_rows_requests(tab: StudentsTab, rows: list[tuple[str, Mapping[str, object]]]
                      ) -> list[dict]:
    """Requests that add one row per (student ID, cells) below the last row read,
    each tagged with its student's metadata, in one all-or-nothing batchUpdate.
    The first goes in the empty row found there; the others in rows INSERTED
    just below it (see ``insert_below``)."""
    if not rows:
        return []
    start = tab.next_free_row() - 1  # 0-based index of the first new row
    requests = [insert_below(tab.sheet_id, start, len(rows))]
    order = sorted(tab.columns, key=lambda k: _index(tab.columns[k]))
    for offset, (student_id, values) in enumerate(rows):
        row = start + offset
        for key in order:
            value = values.get(key)
            if value in (None, ""):
                continue
            requests.append({"updateCells": {
                "start": {"sheetId": tab.sheet_id, "rowIndex": row,
                          "columnIndex": _index(tab.columns[key])},
                "rows": [{"values": [{"userEnteredValue": _extended(value)}]}],
                "fields": "userEnteredValue"}})
        requests.append(identity_request(tab, row + 1, student_id))
    return requests


def insert_below(sheet_id: int, first: int, count: int) -> dict:
    """Insert ``count`` rows below row index ``first``, the first empty data row.

    Inserting AT the first data row (index 1 in an empty tab) would put the new
    rows above the tab's conditional formats, dropdowns and protected ranges,
    which Sheets then pushes down past them (an insertion at a range's start
    shifts it; one inside it widens it). Inserting one row lower widens them over
    the new rows instead, which take the formats of the row above. It leaves one
    spare empty row below the new ones."""
    return {"insertDimension": {"range": {
        "sheetId": sheet_id, "dimension": "ROWS", "startIndex": first + 1,
        "endIndex": first + 1 + count}, "inheritFromBefore": True}}


def row_writes(tab: StudentsTab, changes: Mapping[str, Mapping[str, object]]) -> list[dict]:
    """values.batchUpdateByDataFilter data: for each student ID, the changed cells
    of their row (found by its ``casStudent`` metadata), every other cell null."""
    data = []
    for student_id, cells in changes.items():
        if not cells:
            continue
        width = max(_index(tab.columns[key]) for key in cells) + 1
        row: list = [None] * width
        for key, value in cells.items():
            row[_index(tab.columns[key])] = value
        data.append({"dataFilter": {"developerMetadataLookup": {
            "metadataKey": ROW_KEY, "metadataValue": student_id, "locationType": "ROW"}},
            "majorDimension": "ROWS", "values": [row]})
    return data


def _extended(value) -> dict:
    """A RAW cell value: text stays text (never a formula), numbers stay numbers."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


__all__ = ["ROSTER_COLUMNS", "ROW_KEY", "SetupNeeded", "StudentsTab", "identity_request",
           "new_rows_requests", "read_students_tab", "row_writes"]
