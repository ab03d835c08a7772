"""copyPaste and cutPaste
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#CopyPasteRequest).

What a paste carries is its PasteType, as the reference lists them: PASTE_NORMAL
"values, formulas, formats, and merges" (here the whole cell: its note and data
validation too, as a paste in Sheets carries them); PASTE_VALUES "only the values
without formats, formulas, or merges"; PASTE_FORMAT "only the format and data
validation"; PASTE_NO_BORDERS "like PASTE_NORMAL but without borders" (the
destination keeps its own); PASTE_FORMULA "only the formulas"; PASTE_DATA_VALIDATION
"only the data validation"; PASTE_CONDITIONAL_FORMATTING "only the conditional
formatting rules". copyPaste's destination "If the range covers a span that's a
multiple of the source's height or width, then the data will be repeated to fill in
the destination range. If the range is smaller than the source range, the entire
source data will still be copied (beyond the end of the destination range)";
TRANSPOSE turns rows into columns. cutPaste moves the source to a coordinate and
leaves behind what it did not move.

Formulas are pasted as written: Sheets shifts their relative references, the
emulator does not (it does not evaluate formulas; see README).
"""

from __future__ import annotations

import copy

from . import request
from .cells import set_cell
from .grid import (RequestError, a1, bounds, check_cells, full_range, merged_away, sheet_of)

VALUE_KEYS = ("userEnteredValue", "effectiveValue", "formattedValue", "textFormatRuns", "hyperlink")
KINDS = ("PASTE_NORMAL", "PASTE_VALUES", "PASTE_FORMAT", "PASTE_NO_BORDERS", "PASTE_FORMULA",
         "PASTE_DATA_VALIDATION", "PASTE_CONDITIONAL_FORMATTING")
WITH_MERGES = ("PASTE_NORMAL", "PASTE_NO_BORDERS")


def _without(cell: dict | None, keys) -> dict:
    return {k: copy.deepcopy(v) for k, v in (cell or {}).items() if k not in keys}


def _borders(cell: dict | None):
    return ((cell or {}).get("userEnteredFormat") or {}).get("borders")


def pasted(kind: str, source: dict | None, target: dict | None) -> dict | None:
    """The destination cell after pasting ``source`` over ``target``."""
    source = source or {}
    if kind == "PASTE_NORMAL":
        out = copy.deepcopy(source)
    elif kind == "PASTE_NO_BORDERS":
        out = copy.deepcopy(source)
        fmt = {k: v for k, v in (out.get("userEnteredFormat") or {}).items() if k != "borders"}
        if _borders(target):
            fmt["borders"] = copy.deepcopy(_borders(target))
        out.pop("userEnteredFormat", None)
        if fmt:
            out["userEnteredFormat"] = fmt
    elif kind == "PASTE_VALUES":
        out = _without(target, VALUE_KEYS)
        value = source.get("effectiveValue") or source.get("userEnteredValue")
        if value:  # what the cell shows, never its formula
            out["userEnteredValue"], out["effectiveValue"] = copy.deepcopy(value), copy.deepcopy(value)
    elif kind == "PASTE_FORMULA":
        out = _without(target, VALUE_KEYS)
        out.update({k: copy.deepcopy(source[k]) for k in ("userEnteredValue", "effectiveValue") if k in source})
    else:
        moved = {"PASTE_FORMAT": ("userEnteredFormat", "dataValidation"),
                 "PASTE_DATA_VALIDATION": ("dataValidation",),
                 "PASTE_CONDITIONAL_FORMATTING": ()}[kind]
        out = _without(target, moved)
        out.update({k: copy.deepcopy(source[k]) for k in moved if k in source})
    return out or None


def left_behind(kind: str, cell: dict | None) -> dict | None:
    """What a cut leaves in a source cell: everything the paste type did not move."""
    if kind == "PASTE_NORMAL":
        return None
    if kind == "PASTE_NO_BORDERS":
        borders = _borders(cell)
        return {"userEnteredFormat": {"borders": copy.deepcopy(borders)}} if borders else None
    moved = {"PASTE_VALUES": VALUE_KEYS, "PASTE_FORMULA": VALUE_KEYS,
             "PASTE_FORMAT": ("userEnteredFormat", "dataValidation"),
             "PASTE_DATA_VALIDATION": ("dataValidation",),
             "PASTE_CONDITIONAL_FORMATTING": ()}[kind]
    return _without(cell, moved) or None


def _cells(sheet: dict, r0: int, r1: int, c0: int, c1: int) -> list[list]:
    rows = sheet["rows"]
    return [[rows[r]["cells"][c] if c < len(rows[r]["cells"]) else None for c in range(c0, c1)]
            for r in range(r0, r1)]


def _kind(body: dict) -> str:
    kind = body.get("pasteType") or "PASTE_NORMAL"
    if kind not in KINDS:
        raise RequestError(f"Unknown pasteType: {kind}.")
    return kind


def _check_fits(sheet: dict, r0: int, r1: int, c0: int, c1: int) -> None:
    rows, cols = len(sheet["rows"]), len(sheet["columns"])
    if r1 > rows or c1 > cols:
        raise RequestError(f"Range ({a1(sheet, r0, r1, c0, c1)}) exceeds grid limits. "
                           f"Max rows: {rows}, max columns: {cols}")


class _Paste:
    """One paste: the source's cells, merges and rules, read before anything changes,
    laid out at ``(row, col)`` offsets on the destination sheet."""

    def __init__(self, kind: str, sheet: dict, r0: int, r1: int, c0: int, c1: int, transpose: bool):
        self.kind, self.sheet, self.transpose = kind, sheet, transpose
        self.origin = (r0, c0)
        self.cells = _cells(sheet, r0, r1, c0, c1)
        self.area = full_range(sheet, r0, r1, c0, c1)
        self.merges = [copy.deepcopy(m) for m in sheet["merges"] if _inside(m, self.area)]
        self.height, self.width = (c1 - c0, r1 - r0) if transpose else (r1 - r0, c1 - c0)

    def place(self, r: int, c: int) -> tuple[int, int]:
        """Where the source cell at sheet position (r, c) lands, relative to a copy's corner."""
        dr, dc = r - self.origin[0], c - self.origin[1]
        return (dc, dr) if self.transpose else (dr, dc)

    def write(self, target: dict, top: int, left: int) -> None:
        for i, line in enumerate(self.cells):
            for j, source in enumerate(line):
                di, dj = (j, i) if self.transpose else (i, j)
                r, c = top + di, left + dj
                cells = target["rows"][r]["cells"]
                current = cells[c] if c < len(cells) else None
                set_cell(cells, c, pasted(self.kind, source, current))
        if self.kind in WITH_MERGES:
            for m in self.merges:
                (a, b), (y, x) = self.place(m["startRowIndex"], m["startColumnIndex"]), \
                    self.place(m["endRowIndex"] - 1, m["endColumnIndex"] - 1)
                target["merges"].append(full_range(target, top + min(a, y), top + max(a, y) + 1,
                                                   left + min(b, x), left + max(b, x) + 1))

    def rules(self, target: dict, corners: list[tuple[int, int]]) -> None:
        """PASTE_CONDITIONAL_FORMATTING: each rule that covers part of the source
        covers the same part of every copy (a rule pasted to another tab is a new rule there)."""
        for rule in list(self.sheet["conditionalFormats"]):
            added = []
            for rng in rule.get("ranges", []):
                part = _intersection(rng, self.area)
                if part is None:
                    continue
                for top, left in corners:
                    (a, b) = self.place(part["startRowIndex"], part["startColumnIndex"])
                    (y, x) = self.place(part["endRowIndex"] - 1, part["endColumnIndex"] - 1)
                    added.append(full_range(target, top + min(a, y), top + max(a, y) + 1,
                                            left + min(b, x), left + max(b, x) + 1))
            if not added:
                continue
            if target is self.sheet:
                rule["ranges"] = rule.get("ranges", []) + added
            else:
                target["conditionalFormats"].append({**copy.deepcopy(rule), "ranges": added})


def _inside(inner: dict, outer: dict) -> bool:
    return (outer["startRowIndex"] <= inner["startRowIndex"] and inner["endRowIndex"] <= outer["endRowIndex"]
            and outer["startColumnIndex"] <= inner["startColumnIndex"]
            and inner["endColumnIndex"] <= outer["endColumnIndex"])


def _intersection(rng: dict, area: dict) -> dict | None:
    out = {"startRowIndex": max(rng.get("startRowIndex", 0), area["startRowIndex"]),
           "endRowIndex": min(rng.get("endRowIndex", area["endRowIndex"]), area["endRowIndex"]),
           "startColumnIndex": max(rng.get("startColumnIndex", 0), area["startColumnIndex"]),
           "endColumnIndex": min(rng.get("endColumnIndex", area["endColumnIndex"]), area["endColumnIndex"])}
    if out["startRowIndex"] >= out["endRowIndex"] or out["startColumnIndex"] >= out["endColumnIndex"]:
        return None
    return out


def _overlap(m: dict, r0: int, r1: int, c0: int, c1: int) -> bool:
    return (m["startRowIndex"] < r1 and r0 < m["endRowIndex"]
            and m["startColumnIndex"] < c1 and c0 < m["endColumnIndex"])


def _finish(paste: _Paste, target: dict, r0: int, r1: int, c0: int, c1: int, corners) -> None:
    """Lay the paste's copies down at ``corners`` of the area (r0..c1) of ``target``."""
    if paste.kind in WITH_MERGES:  # the pasted merges replace whatever merges were there
        target["merges"] = [m for m in target["merges"] if not _overlap(m, r0, r1, c0, c1)]
    if paste.kind == "PASTE_CONDITIONAL_FORMATTING":
        paste.rules(target, corners)
        return
    for top, left in corners:
        paste.write(target, top, left)
    for r, c in merged_away(target, r0, r1, c0, c1):  # only a merge's top-left cell holds a value
        cells = target["rows"][r]["cells"]
        if c < len(cells) and cells[c]:
            set_cell(cells, c, _without(cells[c], VALUE_KEYS) or None)


@request("copyPaste")
def copy_paste(edit, body: dict):
    kind = _kind(body)
    orientation = body.get("pasteOrientation") or "NORMAL"
    if orientation not in ("NORMAL", "TRANSPOSE"):
        raise RequestError(f"Unknown pasteOrientation: {orientation}.")
    source, sr0, sr1, sc0, sc1 = bounds(edit, body.get("source"))
    target, dr0, dr1, dc0, dc1 = bounds(edit, body.get("destination"))
    if sr1 == sr0 or sc1 == sc0:
        return None
    paste = _Paste(kind, source, sr0, sr1, sc0, sc1, orientation == "TRANSPOSE")
    h, w = paste.height, paste.width
    down = (dr1 - dr0) // h if dr1 - dr0 >= h and (dr1 - dr0) % h == 0 else 1
    across = (dc1 - dc0) // w if dc1 - dc0 >= w and (dc1 - dc0) % w == 0 else 1
    r1, c1 = dr0 + down * h, dc0 + across * w
    _check_fits(target, dr0, r1, dc0, c1)
    check_cells(edit, target, dr0, r1, dc0, c1)
    corners = [(dr0 + y * h, dc0 + x * w) for y in range(down) for x in range(across)]
    _finish(paste, target, dr0, r1, dc0, c1, corners)
    return None


@request("cutPaste")
def cut_paste(edit, body: dict):
    kind = _kind(body)
    source, sr0, sr1, sc0, sc1 = bounds(edit, body.get("source"))
    where = body.get("destination") or {}
    target = sheet_of(edit, where.get("sheetId", 0))
    dr0, dc0 = where.get("rowIndex", 0), where.get("columnIndex", 0)
    if dr0 < 0 or dc0 < 0:
        raise RequestError("destination.rowIndex and columnIndex must not be negative.")
    if sr1 == sr0 or sc1 == sc0:
        return None
    r1, c1 = dr0 + sr1 - sr0, dc0 + sc1 - sc0
    _check_fits(target, dr0, r1, dc0, c1)
    check_cells(edit, source, sr0, sr1, sc0, sc1)
    check_cells(edit, target, dr0, r1, dc0, c1)
    paste = _Paste(kind, source, sr0, sr1, sc0, sc1, False)
    if kind != "PASTE_CONDITIONAL_FORMATTING":
        for r in range(sr0, sr1):
            cells = source["rows"][r]["cells"]
            for c in range(sc0, min(sc1, len(cells))):
                set_cell(cells, c, left_behind(kind, cells[c]))
    if kind in WITH_MERGES:
        source["merges"] = [m for m in source["merges"] if not _inside(m, paste.area)]
    _finish(paste, target, dr0, r1, dc0, c1, [(dr0, dc0)])
    return None
