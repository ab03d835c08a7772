"""Sheets (tabs) and the spreadsheet itself: addSheet, deleteSheet, duplicateSheet,
updateSheetProperties, updateSpreadsheetProperties
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request).
"""

from __future__ import annotations

import copy
import random

from .. import colors
from ..formulas import references
from ..models import protected_error
from . import request
from .dimensions import delete, forget_metadata, insert, items_of
from .grid import RequestError, apply_mask, blocking, check_cell_limit, mask, sheet_of, without_nulls

SHEET_FIELDS = ("title", "index", "hidden", "tabColor", "tabColorStyle", "rightToLeft",
                "gridProperties")
SPREADSHEET_FIELDS = ("title", "locale", "autoRecalc", "timeZone", "defaultFormat",
                      "iterativeCalculationSettings", "spreadsheetTheme",
                      "importFunctionsExternalUrlAccessAllowed")


def _check_title(edit, title: str, except_sheet=None) -> None:
    if not title or not title.strip():
        raise RequestError("A sheet's title must not be empty.")
    for sheet in edit.spreadsheet["sheets"]:
        if sheet is not except_sheet and sheet["properties"]["title"].lower() == title.lower():
            raise RequestError(f'A sheet with the name "{title}" already exists. '
                               f"Please enter another name.")


def _check_new_id(edit, sheet_id) -> None:
    if sheet_id is None:
        return
    if sheet_id < 0:
        raise RequestError(f"Sheet IDs must be non-negative: {sheet_id}.")
    if any(s["properties"]["sheetId"] == sheet_id for s in edit.spreadsheet["sheets"]):
        raise RequestError(f"Sheet with id {sheet_id} already exists.")


def _whole_sheet_protected(edit, sheet: dict) -> bool:
    for p in blocking(edit, sheet):
        if set(p.get("range") or {}) <= {"sheetId"}:
            return True
    return False


def _check_grid(sheet: dict, grid: dict) -> None:
    for key in ("rowCount", "columnCount", "frozenRowCount", "frozenColumnCount"):
        if grid.get(key, 0) < 0:
            raise RequestError(f"gridProperties.{key} must not be negative.")
    if grid.get("rowCount", 1) < 1 or grid.get("columnCount", 1) < 1:
        raise RequestError("A sheet must have at least one row and one column.")
    if grid.get("frozenRowCount", 0) >= grid.get("rowCount", 1) and grid.get("frozenRowCount"):
        raise RequestError("You can't freeze all visible rows on the sheet.")
    if grid.get("frozenColumnCount", 0) >= grid.get("columnCount", 1) and grid.get("frozenColumnCount"):
        raise RequestError("You can't freeze all visible columns on the sheet.")
    for m in sheet.get("merges", []):
        rows, cols = grid.get("frozenRowCount", 0), grid.get("frozenColumnCount", 0)
        if m["startRowIndex"] < rows < m["endRowIndex"]:
            raise RequestError("You can't freeze rows which contain only part of a merged cell.")
        if m["startColumnIndex"] < cols < m["endColumnIndex"]:
            raise RequestError("You can't freeze columns which contain only part of a merged cell.")


@request("addSheet")
def add_sheet(edit, body: dict):
    props = without_nulls(body.get("properties") or {})
    if props.get("sheetType", "GRID") != "GRID":
        raise RequestError(f"Sheets of type {props['sheetType']} are not supported by the emulator.")
    _check_new_id(edit, props.get("sheetId"))
    if props.get("title") is not None:
        _check_title(edit, props["title"])
    grid = {"rowCount": 1000, "columnCount": 26, **(props.get("gridProperties") or {})}
    _check_grid({}, grid)
    check_cell_limit(edit.spreadsheet, grid["rowCount"] * grid["columnCount"])
    if props.get("hidden") is False:
        props.pop("hidden")
    sheet = edit.store.add_sheet(edit.spreadsheet, props, props.pop("index", None))
    return {"properties": copy.deepcopy(sheet["properties"])}


@request("deleteSheet")
def delete_sheet(edit, body: dict):
    sheet = sheet_of(edit, body.get("sheetId", 0), "sheet")
    if len(edit.spreadsheet["sheets"]) == 1:
        raise RequestError("You can't remove all the sheets in a document.")
    if blocking(edit, sheet):
        raise protected_error()
    sid = sheet["properties"]["sheetId"]
    edit.spreadsheet["sheets"].remove(sheet)
    references.rename(edit.spreadsheet, sheet["properties"]["title"], None)   # formulas: #REF!
    edit.spreadsheet["namedRanges"] = [n for n in edit.spreadsheet["namedRanges"]
                                       if n.get("range", {}).get("sheetId", 0) != sid]
    forget_metadata(edit.spreadsheet, [m for item in sheet["rows"] + sheet["columns"]
                                       for m in item["meta"]])
    for mid, meta in list(edit.spreadsheet["metadata"].items()):
        if meta.get("location", {}).get("sheetId") == sid:
            del edit.spreadsheet["metadata"][mid]
    edit.store.reindex(edit.spreadsheet)


@request("duplicateSheet")
def duplicate_sheet(edit, body: dict):
    """A copy of the tab with its cells, formats, merges, conditional formats, filters and
    protections (under new IDs); developer metadata stays with the original."""
    source = sheet_of(edit, body.get("sourceSheetId", 0), "sheet")
    _check_new_id(edit, body.get("newSheetId"))
    title = body.get("newSheetName") or f"Copy of {source['properties']['title']}"
    _check_title(edit, title)
    check_cell_limit(edit.spreadsheet, len(source["rows"]) * len(source["columns"]))
    sheet = copy.deepcopy(source)
    sid = body.get("newSheetId")
    if sid is None:
        taken = {s["properties"]["sheetId"] for s in edit.spreadsheet["sheets"]}
        sid = random.randrange(1, 2**31 - 1)
        while sid in taken:
            sid = random.randrange(1, 2**31 - 1)
    sheet["properties"].update(sheetId=sid, title=title)
    for item in sheet["rows"] + sheet["columns"]:
        item["meta"] = []
    for rng in _ranges_of(sheet):
        rng["sheetId"] = sid
    for p in sheet["protectedRanges"]:
        p["protectedRangeId"] = new_object_id(edit.spreadsheet)
    for view in sheet["filterViews"]:
        view["filterViewId"] = new_object_id(edit.spreadsheet)
    index = body.get("insertSheetIndex", 0)
    sheets = edit.spreadsheet["sheets"]
    sheets.insert(max(0, min(index, len(sheets))), sheet)
    edit.store.reindex(edit.spreadsheet)
    return {"properties": copy.deepcopy(sheet["properties"])}


@request("updateSheetProperties")
def update_sheet_properties(edit, body: dict):
    source = body.get("properties") or {}
    sheet = sheet_of(edit, source.get("sheetId", 0), "sheet")
    tree = mask(body.get("fields"))
    if tree is True or "*" in tree:
        tree = {name: True for name in SHEET_FIELDS if name != "title" or "title" in source}
        if "index" not in source:
            tree.pop("index")
    tree = colors.expand_mask({k: v for k, v in tree.items() if k in SHEET_FIELDS}, "SheetProperties")
    current = sheet["properties"]
    updated = copy.deepcopy(current)
    apply_mask(updated, source, tree)
    if "title" in tree and updated.get("title") != current["title"]:
        _check_title(edit, updated.get("title"), except_sheet=sheet)
        if _whole_sheet_protected(edit, sheet):
            raise protected_error()
    if updated.get("hidden") and all(s["properties"].get("hidden") or s is sheet
                                     for s in edit.spreadsheet["sheets"]):
        raise RequestError("You can't hide all the sheets in a document.")
    if not updated.get("hidden"):
        updated.pop("hidden", None)
    grid = updated.get("gridProperties") or {}
    grid.setdefault("rowCount", len(sheet["rows"]))
    grid.setdefault("columnCount", len(sheet["columns"]))
    _check_grid(sheet, grid)
    for dim, key in (("ROWS", "rowCount"), ("COLUMNS", "columnCount")):
        size = len(items_of(sheet, dim))
        if grid[key] > size:
            insert(edit, sheet, dim, size, grid[key] - size, None)
        elif grid[key] < size:
            delete(edit, sheet, dim, grid[key], size)
    for key in ("frozenRowCount", "frozenColumnCount"):
        if not grid.get(key):
            grid.pop(key, None)
    index = updated.pop("index", current["index"])
    updated["index"] = current["index"]
    updated["gridProperties"] = grid
    if updated["title"] != current["title"]:   # formulas naming the tab follow it
        references.rename(edit.spreadsheet, current["title"], updated["title"])
    current.clear()
    current.update(updated)
    if "index" in tree and index != current["index"]:
        _move_sheet(edit, sheet, index)
    edit.store.reindex(edit.spreadsheet)


def _move_sheet(edit, sheet: dict, index: int) -> None:
    """Indexes count before the move: to put S1 after S2 in (S1, S2, S3), ask for 2
    (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#SheetProperties)."""
    sheets = edit.spreadsheet["sheets"]
    old = sheets.index(sheet)
    if index < 0:
        raise RequestError(f"Invalid index: {index}.")
    sheets.remove(sheet)
    new = index if index <= old else index - 1
    sheets.insert(max(0, min(new, len(sheets))), sheet)


@request("updateSpreadsheetProperties")
def update_spreadsheet_properties(edit, body: dict):
    """A new title is the Drive file's new name too (the batchUpdate handler renames
    the file once every request has succeeded)."""
    source = body.get("properties") or {}
    tree = mask(body.get("fields"))
    if tree is True or "*" in tree:
        tree = {name: True for name in SPREADSHEET_FIELDS if name in source}
    tree = colors.expand_mask({k: v for k, v in tree.items() if k in SPREADSHEET_FIELDS},
                              "SpreadsheetProperties")
    props = edit.spreadsheet["properties"]
    updated = copy.deepcopy(props)
    apply_mask(updated, source, tree)
    if not (updated.get("title") or "").strip():
        raise RequestError("A spreadsheet's title must not be empty.")
    props.clear()
    props.update(updated)


def claim_id(edit, added: dict, key: str, find, what: str) -> None:
    """Give an added object (a protected range, a filter view) the ID it asks for,
    refused when taken, or a new one."""
    wanted = added.get(key)
    if wanted is None:
        added[key] = new_object_id(edit.spreadsheet)
        return
    try:
        find(edit, wanted)
    except RequestError:
        return
    raise RequestError(f"A {what} with id {wanted} already exists.")


def new_object_id(spreadsheet: dict) -> int:
    """A fresh ID for a protected range or filter view, unique in the spreadsheet."""
    taken = set()
    for sheet in spreadsheet["sheets"]:
        taken.update(p.get("protectedRangeId") for p in sheet["protectedRanges"])
        taken.update(v.get("filterViewId") for v in sheet["filterViews"])
    new = random.randrange(1, 2**31 - 1)
    while new in taken:
        new = random.randrange(1, 2**31 - 1)
    return new


def _ranges_of(sheet: dict):
    """Every GridRange a sheet holds, to repoint a copy at its new sheet ID."""
    yield from sheet["merges"]
    for rule in sheet["conditionalFormats"]:
        yield from rule.get("ranges", [])
    for p in sheet["protectedRanges"]:
        if "range" in p:
            yield p["range"]
        yield from p.get("unprotectedRanges", [])
    for view in sheet["filterViews"]:
        if "range" in view:
            yield view["range"]
    if sheet.get("basicFilter") and "range" in sheet["basicFilter"]:
        yield sheet["basicFilter"]["range"]
    for group in sheet.get("rowGroups", []) + sheet.get("columnGroups", []):
        yield group["range"]
