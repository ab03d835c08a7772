"""The Sheets store: each spreadsheet's grid, kept so that rows and columns are objects.

A sheet keeps ``rows`` and ``columns`` as lists of small dicts; a row carries its
cells, its dimension properties and the IDs of the developer metadata attached to
it. Inserting, deleting, moving or sorting rows moves these objects, so metadata
and formatting travel with their row as they do in Google Sheets — which is what
lets a service find "its" row after a person re-sorted a tab.

A cell is a CellData dict. Whatever wrote it, a cell with a value has both
``userEnteredValue`` and ``effectiveValue`` (ExtendedValue dicts: stringValue,
numberValue, boolValue, formulaValue, errorValue); they are equal except for
formulas, whose value is computed when they are read (``formulas/``): the stored
``effectiveValue`` then holds the formula's text, which no read shows.
``formattedValue`` is computed on read.

Shapes follow the REST resources: CellData, SheetProperties, GridRange,
DeveloperMetadata (https://developers.google.com/sheets/api/reference/rest).
"""

from __future__ import annotations

import copy
import random

from ..core.errors import GoogleApiError, invalid_argument
from ..drive.models import SPREADSHEET, rank
from .colors import DEFAULT_THEME

DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26
# A new spreadsheet's default format, colours reported both ways as Google reports them.
DEFAULT_FORMAT = {"backgroundColor": {"red": 1, "green": 1, "blue": 1},
                  "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
                  "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
                  "textFormat": {"foregroundColor": {}, "foregroundColorStyle": {"rgbColor": {}},
                                 "fontFamily": "arial", "fontSize": 10}}


def sheets_not_found() -> GoogleApiError:
    return GoogleApiError(404, "Requested entity was not found.", "notFound")


def sheets_forbidden() -> GoogleApiError:
    return GoogleApiError(403, "The caller does not have permission", "forbidden")


def protected_error() -> GoogleApiError:
    return invalid_argument("You are trying to edit a protected cell or object. Please contact "
                            "the spreadsheet owner to remove protection if you need to edit.")


_SCALARS = (str, int, float, type(None))   # bool is an int


def clone(value):
    """A deep copy of JSON-shaped data (dicts, lists, strings, numbers, booleans,
    None): what the store holds, with no object in two places. Several times
    faster than ``copy.deepcopy``, which also keeps track of objects met twice;
    anything else met inside (a tuple, a set) is left to it."""
    if isinstance(value, dict):
        return {k: v if isinstance(v, _SCALARS) else clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if isinstance(v, _SCALARS) else clone(v) for v in value]
    if isinstance(value, _SCALARS):
        return value
    return copy.deepcopy(value)


def new_row() -> dict:
    return {"cells": [], "meta": [], "props": {}}


def new_column() -> dict:
    return {"meta": [], "props": {}}


class SheetsStore:
    def __init__(self, world):
        self.world = world
        self.reset()

    def reset(self) -> None:
        self.spreadsheets: dict[str, dict] = {}
        self._as_saved: dict | None = None  # the spreadsheets of the last snapshot or load
        self._written = False               # handed out for writing since then

    def snapshot(self) -> dict:
        self._as_saved, self._written = dict(self.spreadsheets), False
        return {"spreadsheets": self.spreadsheets}

    def load(self, state: dict) -> None:
        self.spreadsheets = state["spreadsheets"]
        self._as_saved, self._written = dict(self.spreadsheets), False

    def unchanged(self) -> bool:
        """Whether nothing can have changed since the last snapshot or load, so
        ``--data`` need not pickle the spreadsheets again (core/world.py): a master
        sheet is megabytes. A spreadsheet changes in place only once handed out by
        ``get_spreadsheet(write=True)``; every other change puts a new spreadsheet in
        ``spreadsheets`` (create, a batchUpdate's commit, a blank made on first use,
        Drive's copy) or takes one out (Drive's delete)."""
        before = self._as_saved
        return (not self._written and before is not None and before.keys() == self.spreadsheets.keys()
                and all(self.spreadsheets[sid] is ss for sid, ss in before.items()))

    # -- access ------------------------------------------------------------
    def get_spreadsheet(self, user: str, spreadsheet_id: str, write: bool = False) -> dict:
        """The spreadsheet if the user may read it (or write it). Sheets, unlike Drive,
        tells a spreadsheet that exists from one that does not: a spreadsheet the
        caller may not open is 403 PERMISSION_DENIED "The caller does not have
        permission" (Drive's files.get of it stays 404), an unknown ID is 404, and a
        reader who writes is 403 as well."""
        drive = self.world.drive
        role = drive.document_role(user, spreadsheet_id, SPREADSHEET)
        f = drive.files.get(spreadsheet_id)
        if role is None:
            if f is not None and f["mimeType"] == SPREADSHEET:
                raise sheets_forbidden()
            raise sheets_not_found()
        if write and rank(role) < rank("writer"):
            raise sheets_forbidden()
        ss = self.spreadsheets.get(spreadsheet_id)
        if ss is None:  # created through Drive: content appears on first use
            ss = self.spreadsheets[spreadsheet_id] = self.blank(spreadsheet_id, f["name"])
        if ss["properties"]["title"] != f["name"]:  # renamed through Drive
            ss["properties"]["title"] = f["name"]
            self._written = True
        self._written = self._written or write
        return ss

    def touch(self, spreadsheet_id: str) -> None:
        self.world.drive.touch(spreadsheet_id)

    # -- construction ------------------------------------------------------
    def blank(self, spreadsheet_id: str, title: str) -> dict:
        ss = {"spreadsheetId": spreadsheet_id,
              "properties": {"title": title, "locale": "en_US", "autoRecalc": "ON_CHANGE",
                             "timeZone": "Etc/GMT",
                             "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
                             "spreadsheetTheme": copy.deepcopy(DEFAULT_THEME)},
              "sheets": [], "namedRanges": [], "metadata": {}, "nextMetadataId": 1}
        self.add_sheet(ss, {})
        return ss

    def add_sheet(self, ss: dict, properties: dict, index: int | None = None) -> dict:
        taken = {s["properties"]["sheetId"] for s in ss["sheets"]}
        sheet_id = properties.get("sheetId")
        if sheet_id is None:
            sheet_id = 0 if not ss["sheets"] else random.randrange(1, 2**31 - 1)
            while sheet_id in taken:
                sheet_id = random.randrange(1, 2**31 - 1)
        elif sheet_id in taken:
            raise invalid_argument(f"Invalid requests[0].addSheet: Sheet with id {sheet_id} already exists.")
        title = properties.get("title") or self._next_title(ss)
        if any(s["properties"]["title"].lower() == title.lower() for s in ss["sheets"]):
            raise invalid_argument(f'Invalid requests[0].addSheet: A sheet with the name "{title}" '
                                   f"already exists. Please enter another name.")
        grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS,
                **(properties.get("gridProperties") or {})}
        props = {**copy.deepcopy(properties), "sheetId": sheet_id, "title": title,
                 "sheetType": properties.get("sheetType", "GRID"), "gridProperties": grid}
        sheet = {"properties": props,
                 "rows": [new_row() for _ in range(grid["rowCount"])],
                 "columns": [new_column() for _ in range(grid["columnCount"])],
                 "merges": [], "conditionalFormats": [], "protectedRanges": [],
                 "filterViews": [], "basicFilter": None}
        position = len(ss["sheets"]) if index is None else max(0, min(index, len(ss["sheets"])))
        ss["sheets"].insert(position, sheet)
        self.reindex(ss)
        return sheet

    @staticmethod
    def _next_title(ss: dict) -> str:
        titles = {s["properties"]["title"] for s in ss["sheets"]}
        n = 1
        while f"Sheet{n}" in titles:
            n += 1
        return f"Sheet{n}"

    @staticmethod
    def reindex(ss: dict) -> None:
        for i, sheet in enumerate(ss["sheets"]):
            sheet["properties"]["index"] = i
            grid = sheet["properties"]["gridProperties"]
            grid["rowCount"], grid["columnCount"] = len(sheet["rows"]), len(sheet["columns"])

    # -- lookups -----------------------------------------------------------
    @staticmethod
    def sheet_by_id(ss: dict, sheet_id: int) -> dict:
        for sheet in ss["sheets"]:
            if sheet["properties"]["sheetId"] == sheet_id:
                return sheet
        raise invalid_argument(f"No grid with id: {sheet_id}")

    @staticmethod
    def sheet_by_title(ss: dict, title: str) -> dict | None:
        for sheet in ss["sheets"]:
            if sheet["properties"]["title"] == title:
                return sheet
        for sheet in ss["sheets"]:  # Sheets matches tab names case-insensitively
            if sheet["properties"]["title"].lower() == title.lower():
                return sheet
        return None

    # -- cells -------------------------------------------------------------
    @staticmethod
    def cell(sheet: dict, row: int, col: int) -> dict | None:
        cells = sheet["rows"][row]["cells"]
        return cells[col] if col < len(cells) else None

    @staticmethod
    def set_cell(sheet: dict, row: int, col: int, cell: dict | None) -> None:
        cells = sheet["rows"][row]["cells"]
        if col >= len(cells):
            if cell is None:
                return
            cells.extend([None] * (col + 1 - len(cells)))
        cells[col] = cell or None
        while cells and cells[-1] is None:
            cells.pop()

    # -- developer metadata ------------------------------------------------
    def metadata_locations(self, ss: dict) -> dict[int, dict]:
        """Every developer metadata's current location, in one pass: dimension
        metadata is found on the row or column objects that carry its ID."""
        spans: dict[int, tuple] = {}
        for sheet in ss["sheets"]:
            sid = sheet["properties"]["sheetId"]
            for dim, items in (("ROWS", sheet["rows"]), ("COLUMNS", sheet["columns"])):
                for i, item in enumerate(items):
                    for mid in item["meta"]:
                        lo, hi = spans.get(mid, (sid, dim, i, i))[2:]
                        spans[mid] = (sid, dim, min(lo, i), max(hi, i))
        out = {}
        for mid, meta in ss["metadata"].items():
            loc = meta["location"]
            if loc.get("locationType") in ("ROW", "COLUMN"):
                if mid not in spans:
                    continue  # its rows were deleted
                sid, dim, lo, hi = spans[mid]
                loc = {"locationType": "ROW" if dim == "ROWS" else "COLUMN",
                       "dimensionRange": {"sheetId": sid, "dimension": dim,
                                          "startIndex": lo, "endIndex": hi + 1}}
            out[mid] = {**meta, "location": loc}
        return out

    def next_metadata_id(self, ss: dict) -> int:
        mid = random.randrange(1, 2**31 - 1)
        while mid in ss["metadata"]:
            mid = random.randrange(1, 2**31 - 1)
        return mid

    # -- protection --------------------------------------------------------
    def check_editable(self, ss: dict, user: str, sheet: dict, start_row: int, end_row: int,
                       start_col: int, end_col: int) -> None:
        """Refuse a write that touches a protected range the user may not edit.

        Warning-only ranges do not block API writes, and the spreadsheet's owner may
        always edit (Google keeps the owner among a range's editors)."""
        if self.world.drive.owner_of(ss["spreadsheetId"]) == user:
            return
        for pr in sheet["protectedRanges"]:
            if pr.get("warningOnly"):
                continue
            editors = pr.get("editors", {})
            if user in [u.lower() for u in editors.get("users", [])]:
                continue
            owner = self.world.drive.owner_of(ss["spreadsheetId"]) or ""
            if editors.get("domainUsersCanEdit") and user.rpartition("@")[2] == owner.rpartition("@")[2]:
                continue
            rng = pr.get("range", {"sheetId": sheet["properties"]["sheetId"]})
            if _overlaps(rng, sheet, start_row, end_row, start_col, end_col) and not any(
                    _covers(u, start_row, end_row, start_col, end_col)
                    for u in pr.get("unprotectedRanges", [])):
                raise protected_error()


def grid_bounds(rng: dict, sheet: dict) -> tuple[int, int, int, int]:
    """A GridRange's (startRow, endRow, startCol, endCol) with open ends filled in."""
    return (rng.get("startRowIndex", 0), rng.get("endRowIndex", len(sheet["rows"])),
            rng.get("startColumnIndex", 0), rng.get("endColumnIndex", len(sheet["columns"])))


def _overlaps(rng, sheet, r0, r1, c0, c1) -> bool:
    a0, a1, b0, b1 = grid_bounds(rng, sheet)
    return a0 < r1 and r0 < a1 and b0 < c1 and c0 < b1


def _covers(rng, r0, r1, c0, c1) -> bool:
    return (rng.get("startRowIndex", 0) <= r0 and r1 <= rng.get("endRowIndex", 10**9)
            and rng.get("startColumnIndex", 0) <= c0 and c1 <= rng.get("endColumnIndex", 10**9))
