"""What every batchUpdate request shares: errors worded as Sheets words them, GridRange
and DimensionRange checks, field masks, and who may edit a protected range.

A request function raises ``RequestError("No grid with id: 5")``; the batchUpdate
handler prefixes it with the request's place (``Invalid requests[1].repeatCell: ``),
which is how Google reports every invalid request. Errors that Google reports
without that prefix (a protected cell) are raised as ``GoogleApiError`` directly.
"""

from __future__ import annotations

import copy

from ...core import fields as field_masks
from ...core.errors import GoogleApiError
from ..a1 import format_range
from ..models import protected_error

# Google's cap on the cells of one spreadsheet (https://support.google.com/drive/answer/37603).
MAX_CELLS = 10_000_000
UNBOUNDED = 10**12


class RequestError(Exception):
    """An invalid request; the handler adds ``Invalid requests[i].<kind>: ``."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- sheets and ranges ------------------------------------------------------
def sheet_of(edit, sheet_id, word: str = "grid") -> dict:
    """The sheet with this ID; Sheets says "No grid with id" for ranges and
    "No sheet with id" for requests that name a sheet."""
    sheet_id = sheet_id or 0
    for sheet in edit.spreadsheet["sheets"]:
        if sheet["properties"]["sheetId"] == sheet_id:
            return sheet
    raise RequestError(f"No {word} with id: {sheet_id}" + ("." if word == "sheet" else ""))


def a1(sheet: dict, r0: int, r1: int, c0: int, c1: int) -> str:
    """A range in A1 notation, for messages (``'My tab'!A1:B2``, ``Sheet1!A1001``)."""
    return format_range(sheet["properties"]["title"], r0, r1, c0, c1)


def bounds(edit, rng: dict | None, word: str = "grid") -> tuple[dict, int, int, int, int]:
    """A GridRange checked against its sheet: (sheet, startRow, endRow, startCol, endCol),
    open ends filled with the grid's size. A range past the grid is refused as Sheets
    refuses it: "Range ('Sheet1'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26"."""
    rng = rng or {}
    sheet = sheet_of(edit, rng.get("sheetId", 0), word)
    rows, cols = len(sheet["rows"]), len(sheet["columns"])
    r0, r1 = rng.get("startRowIndex", 0), rng.get("endRowIndex", rows)
    c0, c1 = rng.get("startColumnIndex", 0), rng.get("endColumnIndex", cols)
    for name, value in (("startRowIndex", r0), ("endRowIndex", r1),
                        ("startColumnIndex", c0), ("endColumnIndex", c1)):
        if value < 0:
            raise RequestError(f"Invalid range: {name} ({value}) must not be negative.")
    if r1 < r0 or c1 < c0:
        raise RequestError(f"Invalid range: the start of a range must not be after its end "
                           f"(rows {r0}-{r1}, columns {c0}-{c1}).")
    if r1 > rows or c1 > cols:
        shown = a1(sheet, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))
        raise RequestError(f"Range ({shown}) exceeds grid limits. Max rows: {rows}, "
                           f"max columns: {cols}")
    return sheet, r0, r1, c0, c1


def dimension_bounds(edit, rng: dict | None) -> tuple[dict, str, int, int]:
    """A DimensionRange checked against its sheet: (sheet, "ROWS"|"COLUMNS", start, end)."""
    rng = rng or {}
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise RequestError("range.dimension must be ROWS or COLUMNS.")
    sheet = sheet_of(edit, rng.get("sheetId", 0))
    size = len(sheet["rows"] if dim == "ROWS" else sheet["columns"])
    start, end = rng.get("startIndex", 0), rng.get("endIndex", size)
    if start < 0 or end < start:
        raise RequestError(f"Invalid dimension range: startIndex {start}, endIndex {end}.")
    if end > size:
        if dim == "ROWS":
            shown = a1(sheet, start, end, 0, len(sheet["columns"]))
        else:
            shown = a1(sheet, 0, len(sheet["rows"]), start, end)
        raise RequestError(f"Range ({shown}) exceeds grid limits. Max rows: {len(sheet['rows'])}, "
                           f"max columns: {len(sheet['columns'])}")
    return sheet, dim, start, end


def full_range(sheet: dict, r0: int, r1: int, c0: int, c1: int) -> dict:
    return {"sheetId": sheet["properties"]["sheetId"], "startRowIndex": r0, "endRowIndex": r1,
            "startColumnIndex": c0, "endColumnIndex": c1}


def check_cell_limit(spreadsheet: dict, extra: int) -> None:
    total = sum(len(s["rows"]) * len(s["columns"]) for s in spreadsheet["sheets"])
    if total + extra > MAX_CELLS:
        raise RequestError(f"This action would increase the number of cells in the workbook "
                           f"above the limit of {MAX_CELLS} cells.")


# -- cells ------------------------------------------------------------------------
def display(cell: dict | None) -> str:
    """A cell's value as text (numbers without a needless ``.0``), for sizing and
    searching; formulas show their text, as the store keeps them unevaluated."""
    value = (cell or {}).get("effectiveValue") or (cell or {}).get("userEnteredValue") or {}
    if "stringValue" in value:
        return value["stringValue"]
    if "numberValue" in value:
        return number_text(value["numberValue"])
    if "boolValue" in value:
        return "TRUE" if value["boolValue"] else "FALSE"
    if "formulaValue" in value:
        return value["formulaValue"]
    if "errorValue" in value:
        return value["errorValue"].get("type", "#ERROR!")
    return ""


def number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e15 else repr(float(number))


def merged_away(sheet: dict, r0: int, r1: int, c0: int, c1: int) -> set[tuple[int, int]]:
    """The cells of the window that a merge covers other than its top-left one. In
    Sheets only the top-left cell of a merge holds a value; the others read empty,
    so a value written there is not kept."""
    out = set()
    for m in sheet.get("merges", []):
        top, left = m["startRowIndex"], m["startColumnIndex"]
        for r in range(max(r0, top), min(r1, m["endRowIndex"])):
            for c in range(max(c0, left), min(c1, m["endColumnIndex"])):
                if (r, c) != (top, left):
                    out.add((r, c))
    return out


# -- field masks --------------------------------------------------------------
def mask(text: str | None, required: bool = True):
    """A request's ``fields`` FieldMask as a tree (``True`` for a whole subtree).
    Dots, slashes and parentheses are all accepted (gspread sends
    ``userEnteredFormat(backgroundColor)`` and ``gridProperties/rowCount``)."""
    text = (text or "").strip()
    if not text:
        if required:
            raise RequestError("At least one field must be listed in 'fields'. "
                               "(Use '*' to indicate all fields.)")
        return {}
    if text == "*":
        return True
    try:
        return field_masks.parse(text.replace(".", "/").replace(" ", ""))
    except GoogleApiError:
        raise RequestError(f"Invalid field mask: {text}") from None


def apply_mask(target: dict, source: dict, tree) -> None:
    """Copy the masked fields of ``source`` into ``target``; a masked field that
    ``source`` lacks is cleared (that is how a FieldMask update resets a field)."""
    if tree is True:
        target.clear()
        target.update(without_nulls(source))
        return
    for name, sub in tree.items():
        if name == "*":
            apply_mask(target, source, True)
            continue
        if sub is True or not isinstance(source.get(name, {}), dict):
            if source.get(name) is None:
                target.pop(name, None)
            else:
                target[name] = without_nulls(source[name])
            continue
        inner = target.get(name) if isinstance(target.get(name), dict) else {}
        apply_mask(inner, source.get(name) or {}, sub)
        if inner:
            target[name] = inner
        else:
            target.pop(name, None)


def masked_update(current: dict, source: dict, fields: str | None, allowed,
                  schema: str | None = None) -> tuple[dict, dict]:
    """A copy of ``current`` with the fields of ``source`` that the request's mask
    names (``*`` meaning every one of ``allowed``), and that mask as a tree; with the
    object's ``schema``, a mask naming one of a colour's twins names both."""
    from .. import colors
    tree = mask(fields)
    if tree is True or "*" in tree:
        tree = {name: True for name in allowed}
    tree = {k: v for k, v in tree.items() if k in allowed}
    if schema:
        tree = colors.expand_mask(tree, schema)
    updated = copy.deepcopy(current)
    apply_mask(updated, source, tree)
    return updated, tree


def keep_one_target(updated: dict, source: dict, tree: dict) -> None:
    """An object set on a range or a named range keeps the one the update named."""
    if "namedRangeId" in tree and source.get("namedRangeId"):
        updated.pop("range", None)
    elif "range" in tree:
        updated.pop("namedRangeId", None)


def replace_on_sheet(key: str, sheet: dict, current: dict, new_sheet: dict, updated: dict) -> None:
    """Put ``updated`` where ``current`` was in ``sheet[key]``, or on ``new_sheet``
    when the update moved it to another tab."""
    if new_sheet is sheet:
        sheet[key][sheet[key].index(current)] = updated
    else:
        sheet[key].remove(current)
        new_sheet[key].append(updated)


def mask_names(tree) -> set[str] | None:
    """The top-level names of a mask; None when it is ``*``."""
    return None if tree is True or "*" in tree else set(tree)


def without_nulls(value):
    """A deep copy without JSON nulls: clients send ``"description": null`` for
    "not given", and Google never echoes a null back."""
    if isinstance(value, dict):
        return {k: without_nulls(v) if isinstance(v, (dict, list)) else v
                for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


# -- protection ---------------------------------------------------------------
def may_edit(edit, protected: dict) -> bool:
    """Whether the acting user may edit inside a protected range: its editors, the
    spreadsheet's owner (Google keeps the owner an editor) and, for warning-only
    ranges, everyone (the warning is a dialog in the UI; the API does not block)."""
    if protected.get("warningOnly"):
        return True
    owner = edit.store.world.drive.owner_of(edit.spreadsheet["spreadsheetId"]) or ""
    if edit.user == owner:
        return True
    editors = protected.get("editors") or {}
    if edit.user in [u.lower() for u in editors.get("users", [])]:
        return True
    return bool(editors.get("domainUsersCanEdit")) and \
        edit.user.rpartition("@")[2] == owner.rpartition("@")[2]


def blocking(edit, sheet: dict):
    """The sheet's protected ranges the acting user may not edit in."""
    return [p for p in sheet["protectedRanges"] if not may_edit(edit, p)]


def check_cells(edit, sheet: dict, r0: int, r1: int, c0: int, c1: int) -> None:
    """Refuse a change to cells inside a protected range the user may not edit."""
    for p in blocking(edit, sheet):
        if _overlaps(p.get("range") or {}, r0, r1, c0, c1) and not any(
                _within(u, r0, r1, c0, c1) for u in p.get("unprotectedRanges", [])):
            raise protected_error()


def check_insert(edit, sheet: dict, dim: str, at: int) -> None:
    """Inserting inside a protected range grows it, so it is an edit of that range;
    inserting at its edge only moves it. A range without a start (or an end) reaches
    past the grid's edge, so a whole-sheet protection blocks every insertion."""
    start_key, end_key = _keys(dim)
    for p in blocking(edit, sheet):
        rng = p.get("range") or {}
        lo = rng.get(start_key, -1)
        hi = rng.get(end_key, UNBOUNDED)
        if lo < at < hi:
            raise protected_error()


def check_dimension(edit, sheet: dict, dim: str, start: int, end: int) -> None:
    """Deleting or moving rows (columns) changes every cell in them."""
    if dim == "ROWS":
        check_cells(edit, sheet, start, end, 0, UNBOUNDED)
    else:
        check_cells(edit, sheet, 0, UNBOUNDED, start, end)


def _keys(dim: str) -> tuple[str, str]:
    return ("startRowIndex", "endRowIndex") if dim == "ROWS" else ("startColumnIndex", "endColumnIndex")


def _overlaps(rng: dict, r0, r1, c0, c1) -> bool:
    a0, a1_ = rng.get("startRowIndex", 0), rng.get("endRowIndex", UNBOUNDED)
    b0, b1 = rng.get("startColumnIndex", 0), rng.get("endColumnIndex", UNBOUNDED)
    return a0 < r1 and r0 < a1_ and b0 < c1 and c0 < b1


def _within(rng: dict, r0, r1, c0, c1) -> bool:
    return (rng.get("startRowIndex", 0) <= r0 and r1 <= rng.get("endRowIndex", UNBOUNDED)
            and rng.get("startColumnIndex", 0) <= c0 and c1 <= rng.get("endColumnIndex", UNBOUNDED))
