"""Rows and columns: insertDimension, deleteDimension, moveDimension, appendDimension,
updateDimensionProperties, autoResizeDimensions
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request).

Rows and columns are objects carrying their cells (rows), their properties and the
IDs of their developer metadata; these requests insert, remove and reorder the
objects, so all of that travels with its row or column. Everything that names rows
by index is rewritten by ``shift``.
"""

from __future__ import annotations

import copy

from ..models import new_column, new_row
from . import request, shift
from .grid import (RequestError, apply_mask, check_cell_limit, check_dimension, check_insert,
                   dimension_bounds, display, mask, sheet_of)

DEFAULT_PIXELS = {"ROWS": 21, "COLUMNS": 100}
WORDS = {"ROWS": "rows", "COLUMNS": "columns"}


def items_of(sheet: dict, dim: str) -> list:
    return sheet["rows"] if dim == "ROWS" else sheet["columns"]


def reindex(sheet: dict) -> None:
    grid = sheet["properties"]["gridProperties"]
    grid["rowCount"], grid["columnCount"] = len(sheet["rows"]), len(sheet["columns"])


# -- the operations, shared with updateSheetProperties' row and column counts ----
def insert(edit, sheet: dict, dim: str, at: int, count: int, inherit_from: int | None) -> None:
    check_insert(edit, sheet, dim, at)
    other = len(sheet["columns"] if dim == "ROWS" else sheet["rows"])
    check_cell_limit(edit.spreadsheet, count * other)
    size = len(items_of(sheet, dim))
    if dim == "ROWS":
        model = sheet["rows"][inherit_from] if inherit_from is not None else None
        fresh = [_inherited_row(model) for _ in range(count)]
        sheet["rows"][at:at] = fresh
    else:
        model = sheet["columns"][inherit_from] if inherit_from is not None else None
        sheet["columns"][at:at] = [_inherited_column(model) for _ in range(count)]
        for row in sheet["rows"]:
            cells = row["cells"]
            if len(cells) > at:
                cells[at:at] = [None] * count
            if inherit_from is not None:
                source = inherit_from + (count if inherit_from >= at else 0)
                fmt = _format_of(cells, source)
                if fmt:
                    for col in range(at, at + count):
                        _set(cells, col, {"userEnteredFormat": copy.deepcopy(fmt)})
    shift.apply(edit.spreadsheet, sheet, dim, shift.Insert(at, count), size)
    reindex(sheet)


def delete(edit, sheet: dict, dim: str, start: int, end: int) -> None:
    items = items_of(sheet, dim)
    size = len(items)
    if end - start >= size:
        raise RequestError(f"You can't delete all the {WORDS[dim]} on the sheet.")
    frozen = sheet["properties"]["gridProperties"].get(
        "frozenRowCount" if dim == "ROWS" else "frozenColumnCount", 0)
    if frozen and size - (end - start) <= frozen and end > frozen:
        raise RequestError(f"Sorry, it is not possible to delete all non-frozen {WORDS[dim]}.")
    check_dimension(edit, sheet, dim, start, end)
    gone = [mid for item in items[start:end] for mid in item["meta"]]
    del items[start:end]
    if dim == "COLUMNS":
        for row in sheet["rows"]:
            del row["cells"][start:end]
            _trim(row["cells"])
    shift.apply(edit.spreadsheet, sheet, dim, shift.Delete(start, end), size)
    forget_metadata(edit.spreadsheet, gone)
    reindex(sheet)


def forget_metadata(spreadsheet: dict, ids) -> None:
    """Developer metadata whose every row or column was deleted is deleted with them."""
    ids = set(ids)
    if not ids:
        return
    for sheet in spreadsheet["sheets"]:
        for item in sheet["rows"] + sheet["columns"]:
            ids.difference_update(item["meta"])
    for mid in ids:
        spreadsheet["metadata"].pop(mid, None)


# -- the requests ---------------------------------------------------------------
@request("insertDimension")
def insert_dimension(edit, body: dict):
    rng = body.get("range") or {}
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise RequestError("range.dimension must be ROWS or COLUMNS.")
    sheet = sheet_of(edit, rng.get("sheetId", 0))
    size = len(items_of(sheet, dim))
    start, end = rng.get("startIndex", 0), rng.get("endIndex", 0)
    if start < 0 or end <= start:
        raise RequestError(f"Invalid dimension range: startIndex {start}, endIndex {end}; "
                           f"at least one {WORDS[dim][:-1]} must be inserted.")
    if start > size:
        raise RequestError(f"Invalid startIndex {start}: the sheet has {size} {WORDS[dim]}.")
    before = body.get("inheritFromBefore", False)
    if before and start == 0:
        raise RequestError("Cannot inherit from before when inserting at index 0.")
    inherit_from = start - 1 if before else (start if start < size else None)
    insert(edit, sheet, dim, start, end - start, inherit_from)


@request("deleteDimension")
def delete_dimension(edit, body: dict):
    sheet, dim, start, end = dimension_bounds(edit, body.get("range"))
    if end > start:
        delete(edit, sheet, dim, start, end)


@request("appendDimension")
def append_dimension(edit, body: dict):
    dim = body.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise RequestError("dimension must be ROWS or COLUMNS.")
    length = body.get("length", 0)
    if length <= 0:
        raise RequestError("length must be greater than 0.")
    sheet = sheet_of(edit, body.get("sheetId", 0))
    insert(edit, sheet, dim, len(items_of(sheet, dim)), length, None)


@request("moveDimension")
def move_dimension(edit, body: dict):
    sheet, dim, start, end = dimension_bounds(edit, body.get("source"))
    items = items_of(sheet, dim)
    size = len(items)
    destination = body.get("destinationIndex", 0)
    if not 0 <= destination <= size:
        raise RequestError(f"destinationIndex {destination} is outside the sheet "
                           f"(0 to {size}).")
    if start <= destination <= end or end == start:
        return  # the rows stay where they are
    check_dimension(edit, sheet, dim, start, end)
    check_insert(edit, sheet, dim, destination)
    items[:] = shift.new_order(items, start, end, destination)
    if dim == "COLUMNS":
        for row in sheet["rows"]:
            cells = row["cells"] + [None] * (size - len(row["cells"]))
            row["cells"] = shift.new_order(cells, start, end, destination)
            _trim(row["cells"])
    shift.apply(edit.spreadsheet, sheet, dim, shift.Move(start, end, destination, size), size)


@request("updateDimensionProperties")
def update_dimension_properties(edit, body: dict):
    if body.get("dataSourceSheetRange"):
        raise RequestError("dataSourceSheetRange is not supported by the emulator.")
    sheet, dim, start, end = dimension_bounds(edit, body.get("range"))
    tree = mask(body.get("fields"))
    source = dict(body.get("properties") or {})
    if tree is True:  # '*' covers the writable properties only
        tree = {"pixelSize": True, "hiddenByUser": True}
    else:  # developerMetadata and hiddenByFilter are read-only here
        tree = {k: v for k, v in tree.items() if k not in ("developerMetadata", "hiddenByFilter")}
    if source.get("pixelSize", 0) < 0:
        raise RequestError("pixelSize must not be negative.")
    for item in items_of(sheet, dim)[start:end]:
        apply_mask(item["props"], source, tree)
        if not item["props"].get("hiddenByUser"):
            item["props"].pop("hiddenByUser", None)


@request("autoResizeDimensions")
def auto_resize_dimensions(edit, body: dict):
    """Fit each column to its longest text (about 7 px a character, as Arial 10 is)
    and each row to its tallest cell (21 px a line)."""
    if body.get("dataSourceSheetDimensions"):
        raise RequestError("dataSourceSheetDimensions is not supported by the emulator.")
    sheet, dim, start, end = dimension_bounds(edit, body.get("dimensions"))
    if dim == "COLUMNS":
        for col in range(start, end):
            texts = [display(r["cells"][col]) for r in sheet["rows"] if col < len(r["cells"])]
            longest = max((max(len(line) for line in t.split("\n")) for t in texts if t), default=0)
            if longest:
                sheet["columns"][col]["props"]["pixelSize"] = max(21, longest * 7 + 10)
    else:
        for row in sheet["rows"][start:end]:
            lines = max((display(c).count("\n") + 1 for c in row["cells"] if display(c)), default=1)
            row["props"]["pixelSize"] = DEFAULT_PIXELS["ROWS"] * lines


# -- helpers ----------------------------------------------------------------------
def _inherited_row(model: dict | None) -> dict:
    row = new_row()
    if model is None:
        return row
    if "pixelSize" in model["props"]:
        row["props"]["pixelSize"] = model["props"]["pixelSize"]
    for col, cell in enumerate(model["cells"]):
        if cell and cell.get("userEnteredFormat"):
            _set(row["cells"], col, {"userEnteredFormat": copy.deepcopy(cell["userEnteredFormat"])})
    return row


def _inherited_column(model: dict | None) -> dict:
    column = new_column()
    if model is not None and "pixelSize" in model["props"]:
        column["props"]["pixelSize"] = model["props"]["pixelSize"]
    return column


def _format_of(cells: list, col: int):
    cell = cells[col] if col < len(cells) else None
    return (cell or {}).get("userEnteredFormat")


def _set(cells: list, col: int, cell: dict) -> None:
    if col >= len(cells):
        cells.extend([None] * (col + 1 - len(cells)))
    cells[col] = cell


def _trim(cells: list) -> None:
    while cells and cells[-1] is None:
        cells.pop()
