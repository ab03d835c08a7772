"""The master Sheet's tabs as the sync reads and writes them: columns found by
their ``casColumn`` developer metadata, rows found by their row metadata (the
student's ID, the experience's code, the response's ID), never by position.

Reading the whole Sheet costs TWO calls whatever its size: ONE
values.batchGetByDataFilter (every column of the tabs wanted, and Settings) and
ONE developerMetadata.search (which row is whose, and the spreadsheet-level
metadata: the forms' cursors and the sync lock).

Writes are of two kinds, both addressed so that people sorting, inserting or
deleting rows meanwhile never get a value on the wrong row:
* an existing row's cells, by values.batchUpdateByDataFilter on its row
  metadata, the cells not written sent as null (Sheets skips nulls);
* new rows, INSERTED below the last row read and tagged, in a
  spreadsheets.batchUpdate (a row a person added meanwhile is pushed down).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Mapping

from ..provision.students import insert_below

SETTINGS_RANGE = "Settings!A2:B"
# The row metadata key of each tab's rows, and the column that holds the same ID.
ROW_KEYS = {"students": ("casStudent", "student_id"),
            "experiences": ("casExperience", "experience_id"),
            "reflections": ("casResponse", "response_id"),
            "supervisor_statements": ("casResponse", "response_id"),
            "interviews": ("casResponse", "response_id"),
            "needs_review": ("casReview", "response_id"),
            "opportunities": ("casAnnouncement", "announcement_id")}
# (Response IDs are unique across forms; a response held for review and later
# matched has two rows, hence a key of its own for Needs review.)
_RANGE = re.compile(r"^(?P<tab>.+)!\$?(?P<col>[A-Z]+)\$?\d*(?::\$?[A-Z]+\$?\d*)?$")
MAX_CELL = 45_000  # Sheets holds at most 50,000 characters in a cell


class SheetDamaged(RuntimeError):
    """A column the sync needs has lost its metadata (deleted, or pasted over)."""


@dataclasses.dataclass
class Table:
    """One tab as read: column letters, rows (number, cells by key), row IDs."""

    key: str
    sheet_id: int
    letters: dict[str, str]
    rows: list[tuple[int, dict]]
    ids: dict[str, int]          # row ID (from metadata) -> row number

    @property
    def row_key(self) -> str:
        return ROW_KEYS[self.key][0]

    def by_id(self) -> dict[str, dict]:
        """Each identified row's cells by its ID."""
        cells = dict(self.rows)
        return {row_id: cells.get(row, {}) for row_id, row in self.ids.items()}

    def next_free_row(self) -> int:
        used = [row for row, cells in self.rows if any(str(v).strip() for v in cells.values())]
        return (max(used) if used else 1) + 1


@dataclasses.dataclass
class MasterSheet:
    tables: dict[str, Table]
    settings: dict[str, object]
    settings_rows: dict[str, int]
    spreadsheet_metadata: dict[str, dict]   # key -> the DeveloperMetadata


def read_master(sheets, spreadsheet_id: str, template, tab_keys: Iterable[str],
                metadata_keys: Iterable[str] = ()) -> MasterSheet:
    """The tabs, Settings, row identities and the spreadsheet-level metadata named."""
    tabs = [template.sheet.tab(key) for key in tab_keys]
    filters = [{"developerMetadataLookup": {"metadataKey": "casColumn",
                                            "metadataValue": f"{tab.key}.{column.key}"}}
               for tab in tabs for column in tab.columns]
    filters.append({"a1Range": SETTINGS_RANGE})
    letters: dict[str, dict] = {tab.key: {} for tab in tabs}
    columns: dict[str, dict] = {tab.key: {} for tab in tabs}
    settings, settings_rows = {}, {}
    for value_range in sheets.values_get_by_metadata(spreadsheet_id, filters):
        found = value_range.get("valueRange", value_range)
        lookup = (value_range.get("dataFilters") or [{}])[0].get("developerMetadataLookup")
        values = found.get("values", [])
        if lookup:
            tab_key, _, column = lookup["metadataValue"].partition(".")
            match = _RANGE.match(found.get("range", ""))
            if match and tab_key in letters:
                letters[tab_key][column] = match["col"]
                columns[tab_key][column] = [row[0] if row else "" for row in values]
        else:
            for offset, row in enumerate(values):
                if row and str(row[0]).strip():
                    settings[str(row[0]).strip()] = row[1] if len(row) > 1 else ""
                    settings_rows[str(row[0]).strip()] = offset + 2
    row_keys = sorted({ROW_KEYS[tab.key][0] for tab in tabs if tab.key in ROW_KEYS})
    lookups = [{"developerMetadataLookup": {"metadataKey": k, "locationType": "ROW"}}
               for k in row_keys]
    lookups += [{"developerMetadataLookup": {"metadataKey": k, "locationType": "SPREADSHEET"}}
                for k in metadata_keys]
    ids: dict[int, dict[str, int]] = {tab.sheet_id: {} for tab in tabs}
    spreadsheet = {}
    for match in sheets.search_metadata(spreadsheet_id, lookups) if lookups else []:
        meta = match.get("developerMetadata", match)
        location = meta.get("location", {})
        span = location.get("dimensionRange")
        if span and span.get("sheetId") in ids and "startIndex" in span:
            ids[span["sheetId"]].setdefault(meta.get("metadataValue", ""), span["startIndex"] + 1)
        elif location.get("spreadsheet"):
            spreadsheet[meta["metadataKey"]] = meta
    tables = {}
    for tab in tabs:
        missing = [c.header for c in tab.columns if c.key not in letters[tab.key]]
        if missing:
            raise SheetDamaged(f"The {tab.title} tab has lost its column(s) "
                               f"{', '.join(missing)} (their casColumn metadata).")
        cells = columns[tab.key]
        height = max((len(v) for v in cells.values()), default=1)
        rows = [(r + 1, {k: (v[r] if r < len(v) else "") for k, v in cells.items()})
                for r in range(1, height)]
        tables[tab.key] = Table(tab.key, tab.sheet_id, letters[tab.key], rows, ids[tab.sheet_id])
    return MasterSheet(tables, settings, settings_rows, spreadsheet)


# -- writes --------------------------------------------------------------------------
def tag_row(table: Table, row: int, row_id: str) -> dict:
    """spreadsheets.batchUpdate request: tag ``row`` (1-based) with its ID."""
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": table.row_key, "metadataValue": row_id, "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": table.sheet_id, "dimension": "ROWS",
                                        "startIndex": row - 1, "endIndex": row}}}}}


def insert_rows(table: Table, rows: list[tuple[str, Mapping[str, object]]]) -> list[dict]:
    """Requests that add one tagged row per (ID, cells) below the last row read: the
    first in the empty row there, the others in rows inserted below it; only the
    cells given are written, so nothing a person typed meanwhile is cleared."""
    if not rows:
        return []
    start = table.next_free_row() - 1
    requests = [insert_below(table.sheet_id, start, len(rows))]
    for offset, (row_id, cells) in enumerate(rows):
        for key, value in cells.items():
            if value in (None, "") or key not in table.letters:
                continue
            requests.append({"updateCells": {
                "start": {"sheetId": table.sheet_id, "rowIndex": start + offset,
                          "columnIndex": column_index(table.letters[key])},
                "rows": [{"values": [{"userEnteredValue": extended(value)}]}],
                "fields": "userEnteredValue"}})
        requests.append(tag_row(table, start + offset + 1, row_id))
    return requests


def update_rows(table: Table, changes: Mapping[str, Mapping[str, object]]) -> list[dict]:
    """values.batchUpdateByDataFilter data: each row's changed cells by its row ID."""
    data = []
    for row_id, cells in changes.items():
        cells = {k: v for k, v in cells.items() if k in table.letters}
        if not cells:
            continue
        width = max(column_index(table.letters[k]) for k in cells) + 1
        row: list = [None] * width
        for key, value in cells.items():
            row[column_index(table.letters[key])] = "" if value is None else fit(value)
        data.append({"dataFilter": {"developerMetadataLookup": {
            "metadataKey": table.row_key, "metadataValue": row_id, "locationType": "ROW"}},
            "majorDimension": "ROWS", "values": [row]})
    return data


def extended(value) -> dict:
    """A RAW cell value: text stays text (a person's "=1+1" is never a formula)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    return {"stringValue": fit(str(value))}


def fit(value):
    """Text cut to what a cell holds, ending in "…" when cut. Answers are cut (and the
    row flagged) before this; it keeps the service's own text that quotes a person's
    (a review's reason) from making a cell Sheets refuses, which would fail the whole
    write, and every later sync's as it reads the same response again."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[:MAX_CELL - 1] + "…"
    return value


def column_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1
