"""Cell contents and formats: updateCells, repeatCell, appendCells, updateBorders,
setDataValidation (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request).

Every write goes through ``write_cell``: the request's CellData is masked by its
``fields``, read-only fields (effectiveValue, formattedValue, effectiveFormat,
hyperlink) are never taken from a request, and the cell keeps the store's
convention: a value has both userEnteredValue and effectiveValue, and a formula's
stored effectiveValue is its text (its value is computed when read).
"""

from __future__ import annotations

import copy

from .. import colors
from ..models import clone
from . import request
from .dimensions import insert
from .grid import (RequestError, a1, apply_mask, bounds, check_cells, mask, merged_away, sheet_of)

WRITABLE = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation",
            "textFormatRuns", "pivotTable", "dataSourceTable", "dataSourceFormula", "chipRuns")
VALUE_KINDS = ("stringValue", "numberValue", "boolValue", "formulaValue", "errorValue")


# Parts of a cell that a request usually gives many cells alike (a column's format
# or dropdown): one object for all the cells of one request that end up equal.
SHARED = ("userEnteredFormat", "dataValidation")


def write_cell(sheet: dict, row: int, col: int, source: dict, tree,
               shared: dict | None = None) -> None:
    """Apply the masked fields of ``source`` to one cell. With ``shared`` (a dict kept
    for one request), the cells it writes that end up with equal formats or validation
    rules hold one object for them: 3000 rows formatted alike are not 3000 more
    objects for Python's garbage collector to walk. A stored cell and its parts are
    never changed in place (requests/__init__.py), so sharing them is safe."""
    cells = sheet["rows"][row]["cells"]
    if tree is True:
        tree = {name: True for name in WRITABLE}
    else:
        tree = {k: v for k, v in tree.items() if k in WRITABLE or k == "*"}
        if "*" in tree:
            tree = {name: True for name in WRITABLE}
    if "userEnteredValue" in tree and (row, col) in merged_away(sheet, row, row + 1, col, col + 1):
        tree = {k: v for k, v in tree.items() if k != "userEnteredValue"}  # hidden by a merge
    # A new cell: the parts the mask reaches inside are copies (apply_mask changes
    # them); the others stay shared with the stored cell.
    current = dict(cells[col]) if col < len(cells) and cells[col] else {}
    for name, sub in tree.items():
        if sub is not True and isinstance(current.get(name), dict):
            current[name] = clone(current[name])
    apply_mask(current, source, tree)
    if "userEnteredValue" in tree:
        value = current.get("userEnteredValue")
        if value:
            current["effectiveValue"] = effective(value)
        else:
            current.pop("userEnteredValue", None)
            current.pop("effectiveValue", None)
    current.pop("formattedValue", None)
    if shared is not None:
        for name in SHARED:
            part = current.get(name)
            if part:   # repr tells equal parts apart exactly (key order, 1 from 1.0 and True)
                current[name] = shared.setdefault((name, repr(part)), part)
    set_cell(cells, col, current or None)


def effective(value: dict) -> dict:
    if "formulaValue" in value:  # computed when read (formulas/)
        return {"stringValue": value["formulaValue"]}
    return dict(value)


# Google: "You can have up to 50,000 characters in a single cell."
CELL_CHARACTERS = 50_000
TOO_LONG = (f"Your input contains more than the maximum of {CELL_CHARACTERS} characters in a "
            f"single cell.")


def check_value(cell: dict) -> None:
    value = cell.get("userEnteredValue")
    if value is None:
        return
    kinds = [k for k in VALUE_KINDS if value.get(k) is not None]
    if len(kinds) > 1:
        raise RequestError(f"A cell's userEnteredValue may hold only one kind of value; "
                           f"it has {', '.join(kinds)}.")
    if "errorValue" in kinds:
        raise RequestError("errorValue cannot be entered; it is only ever an effective value.")
    for kind in ("stringValue", "formulaValue"):
        if len(value.get(kind) or "") > CELL_CHARACTERS:
            raise RequestError(TOO_LONG)


def set_cell(cells: list, col: int, cell: dict | None) -> None:
    if col >= len(cells):
        if cell is None:
            return
        cells.extend([None] * (col + 1 - len(cells)))
    cells[col] = cell
    while cells and cells[-1] is None:
        cells.pop()


def _write_rows(sheet, rows: list, r0: int, c0: int, tree, shared: dict) -> None:
    for i, row in enumerate(rows):
        for j, cell in enumerate((row or {}).get("values") or []):
            check_value(cell or {})
            write_cell(sheet, r0 + i, c0 + j, cell or {}, tree, shared)


def _extent(rows: list) -> tuple[int, int]:
    return len(rows), max((len((r or {}).get("values") or []) for r in rows), default=0)


@request("updateCells")
def update_cells(edit, body: dict):
    rows = body.get("rows") or []
    tree = colors.expand_mask(mask(body.get("fields")), "CellData")
    height, width = _extent(rows)
    shared: dict = {}
    if body.get("range") is not None and body.get("start") is not None:
        raise RequestError("Only one of start or range may be set.")
    if body.get("range") is not None:
        sheet, r0, r1, c0, c1 = bounds(edit, body["range"])
        if height > r1 - r0:
            raise RequestError(f"Attempting to write row: {r0 + height - 1}, beyond the last "
                               f"requested row of: {r1 - 1}")
        if width > c1 - c0:
            raise RequestError(f"Attempting to write column: {c0 + width - 1}, beyond the last "
                               f"requested column of: {c1 - 1}")
        check_cells(edit, sheet, r0, r1, c0, c1)
        # Cells of the range that ``rows`` does not reach have the masked fields cleared.
        for r in range(r0, r1):
            given = len(((rows[r - r0] if r - r0 < height else None) or {}).get("values") or [])
            existing = len(sheet["rows"][r]["cells"])
            for c in range(c0 + given, min(c1, existing)):
                write_cell(sheet, r, c, {}, tree, shared)
    else:
        start = body.get("start") or {}
        sheet = sheet_of(edit, start.get("sheetId", 0))
        r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        if r0 + height > len(sheet["rows"]) or c0 + width > len(sheet["columns"]):
            shown = a1(sheet, r0, r0 + max(height, 1), c0, c0 + max(width, 1))
            raise RequestError(f"Range ({shown}) exceeds grid limits. Max rows: "
                               f"{len(sheet['rows'])}, max columns: {len(sheet['columns'])}")
        check_cells(edit, sheet, r0, r0 + height, c0, c0 + width)
    _write_rows(sheet, rows, r0, c0, tree, shared)


@request("repeatCell")
def repeat_cell(edit, body: dict):
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    tree = colors.expand_mask(mask(body.get("fields")), "CellData")
    cell = body.get("cell") or {}
    check_value(cell)
    check_cells(edit, sheet, r0, r1, c0, c1)
    shared: dict = {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            write_cell(sheet, r, c, cell, tree, shared)


@request("appendCells")
def append_cells(edit, body: dict):
    """Rows go after the last row with a value, and the sheet grows to hold them;
    columns do not grow ("Attempting to write column: 26, beyond the last requested
    column of: 25", as Google answers)."""
    if body.get("tableId"):
        raise RequestError("tableId is not supported by the emulator.")
    sheet = sheet_of(edit, body.get("sheetId", 0))
    rows = body.get("rows") or []
    tree = colors.expand_mask(mask(body.get("fields")), "CellData")
    height, width = _extent(rows)
    if width > len(sheet["columns"]):
        raise RequestError(f"Attempting to write column: {width - 1}, beyond the last requested "
                           f"column of: {len(sheet['columns']) - 1}")
    start = 0   # after the last row with a value: found from the end
    for r in range(len(sheet["rows"]) - 1, -1, -1):
        cells = sheet["rows"][r]["cells"]
        if cells and any(c and c.get("userEnteredValue") for c in cells):
            start = r + 1
            break
    missing = start + height - len(sheet["rows"])
    if missing > 0:
        insert(edit, sheet, "ROWS", len(sheet["rows"]), missing, None)
    check_cells(edit, sheet, start, start + height, 0, max(width, 1))
    _write_rows(sheet, rows, start, 0, tree, {})


@request("updateBorders")
def update_borders(edit, body: dict):
    """Borders are stored on the cells' userEnteredFormat.borders, as Google reports them:
    the inner borders become the touching sides of neighbouring cells."""
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    check_cells(edit, sheet, r0, r1, c0, c1)
    for r in range(r0, r1):
        for c in range(c0, c1):
            sides = {
                "top": body.get("top") if r == r0 else body.get("innerHorizontal"),
                "bottom": body.get("bottom") if r == r1 - 1 else body.get("innerHorizontal"),
                "left": body.get("left") if c == c0 else body.get("innerVertical"),
                "right": body.get("right") if c == c1 - 1 else body.get("innerVertical"),
            }
            sides = {k: v for k, v in sides.items() if v is not None}
            if not sides:
                continue
            cells = sheet["rows"][r]["cells"]
            cell = clone(cells[c]) if c < len(cells) and cells[c] else {}
            borders = cell.setdefault("userEnteredFormat", {}).setdefault("borders", {})
            for side, border in sides.items():
                if border.get("style") == "NONE":
                    borders.pop(side, None)
                else:
                    borders[side] = {"style": "SOLID", "width": 1, **copy.deepcopy(border)}
            if not borders:
                cell["userEnteredFormat"].pop("borders")
                if not cell["userEnteredFormat"]:
                    cell.pop("userEnteredFormat")
            set_cell(cells, c, cell or None)


@request("setDataValidation")
def set_data_validation(edit, body: dict):
    """A rule (a ONE_OF_LIST dropdown, a number check...) is stored on every cell of
    the range; no rule clears validation from the range."""
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    rule = body.get("rule")
    if rule is not None:
        condition = rule.get("condition") or {}
        kind = condition.get("type")
        if not kind or kind == "CONDITION_TYPE_UNSPECIFIED":
            raise RequestError("rule.condition.type is required.")
        values = condition.get("values") or []
        if kind in ("ONE_OF_LIST", "ONE_OF_RANGE") and not values:
            raise RequestError(f"{kind} condition requires at least one value.")
    check_cells(edit, sheet, r0, r1, c0, c1)
    source = {"dataValidation": rule} if rule is not None else {}
    shared: dict = {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            write_cell(sheet, r, c, source, {"dataValidation": True}, shared)
