"""Formulas follow the cells they name when rows or columns are inserted, deleted or
moved, as in Sheets: with a row inserted above row 5, =B5*2 becomes =B6*2 and
=SUM(B2:B9) becomes =SUM(B2:B10); a reference whose cells were all deleted becomes
#REF!. Absolute (``$B$5``) and relative references move alike, since both name the
same cell; open ends (``B2:B``, ``A:A``) stay open.

``shift`` is called by the dimension requests (requests/shift.py) with the change
they made; it rewrites the text of every formula that names the changed sheet, on
any tab. Ranges follow the rules the other ranges of a sheet follow there (a range
grows when rows are inserted inside it, shrinks when some are deleted). Likewise
``rename``: a tab renamed is renamed in the formulas that name it, and a tab
deleted leaves #REF! where they named it.
"""

from __future__ import annotations

import re

from ..a1 import column_index, column_letters, quote_sheet

_PART = re.compile(r"^(\$?)([A-Za-z]{0,3})(\$?)([0-9]*)$")
_DIGITS = re.compile(r"[0-9]+")


def shift(spreadsheet: dict, changed: dict, dim: str, change, size: int) -> None:
    """Rewrite the formulas naming ``changed`` for a change to its rows (``dim``
    ROWS) or columns; ``size`` is their number before the change."""
    title = changed["properties"]["title"].lower()
    quick = _cannot_reach(dim, change)
    for sheet in spreadsheet["sheets"]:
        here = sheet is changed
        for row in sheet["rows"]:
            cells = row["cells"]
            for c, cell in enumerate(cells):
                formula = ((cell or {}).get("userEnteredValue") or {}).get("formulaValue")
                if not formula or (not here and title not in formula.lower()) or quick(formula):
                    continue
                moved = _rewrite(formula, here, title, dim, change, size)
                if moved != formula:   # a new CellData: a batchUpdate's copy shares cells
                    cells[c] = {**cell, "userEnteredValue": {"formulaValue": moved},
                                "effectiveValue": {"stringValue": moved}}


def rename(spreadsheet: dict, old: str, new: str | None) -> None:
    """References to the tab titled ``old`` name ``new`` instead (None: deleted)."""
    old = old.lower()
    for sheet in spreadsheet["sheets"]:
        for row in sheet["rows"]:
            cells = row["cells"]
            for c, cell in enumerate(cells):
                formula = ((cell or {}).get("userEnteredValue") or {}).get("formulaValue")
                if not formula or old not in formula.lower():
                    continue
                renamed = _rewrite_references(formula, lambda prefix, cells_: (
                    (quote_sheet(new) + "!" + cells_) if new is not None else "#REF!")
                    if _names(prefix, old, False) else None)
                if renamed != formula:
                    cells[c] = {**cell, "userEnteredValue": {"formulaValue": renamed},
                                "effectiveValue": {"stringValue": renamed}}


def _cannot_reach(dim: str, change):
    """A cheap test that a formula names no row the change touches: row numbers all
    above an insertion or deletion (an append at the end touches nothing)."""
    first = getattr(change, "at", getattr(change, "lo", None))
    if dim != "ROWS" or first is None:
        return lambda formula: False
    return lambda formula: max(map(int, _DIGITS.findall(formula)), default=0) <= first


def _rewrite(formula: str, here: bool, title: str, dim: str, change, size: int) -> str:
    def moved(prefix: str, cells: str):
        if not _names(prefix, title, here):
            return None
        new = _move(cells, dim, change, size)
        return "#REF!" if new is None else prefix + new
    return _rewrite_references(formula, moved)


def _names(prefix: str, title: str, here: bool) -> bool:
    """Whether a reference's sheet prefix (as written, '' for none) names ``title``
    (lower case); an unqualified one names the formula's own tab (``here``)."""
    if not prefix:
        return here
    name = prefix[:-1]
    if name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    return name.lower() == title


def _rewrite_references(formula: str, replace) -> str:
    """The formula with each reference replaced by ``replace(prefix, cells)`` (None:
    kept as written); its text unchanged when nothing was replaced."""
    from openpyxl.formula.tokenizer import Tokenizer
    try:
        tokens = Tokenizer(formula)
    except Exception:  # noqa: BLE001 - a formula that does not parse is left as written
        return formula
    touched = False
    for token in tokens.items:
        if token.type == "OPERAND" and token.subtype == "RANGE":
            new = replace(*_split(token.value))
            if new is not None and new != token.value:
                token.value, touched = new, True
    return tokens.render() if touched else formula


def _split(text: str) -> tuple[str, str]:
    """('Sheet'!, cells) of a reference as written; ('', text) without a sheet."""
    if text.startswith("'"):
        i = 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                break
            i += 1
        return text[:i + 2], text[i + 2:]
    prefix, bang, cells = text.rpartition("!")
    return (prefix + bang, cells) if bang else ("", text)


def _move(cells: str, dim: str, change, size: int) -> str | None:
    """The cells part of a reference after the change; None when they are gone."""
    parts = [_PART.match(p) for p in cells.split(":")]
    if not all(parts) or len(parts) > 2:
        return cells   # a named range or something else: not an index
    rows = dim == "ROWS"
    # The index each corner gives along the changed dimension (None: open).
    def index(m):
        if rows:
            return int(m.group(4)) - 1 if m.group(4) else None
        return column_index(m.group(2)) if m.group(2) else None

    def render(m, new: int | None) -> str:
        if new is None:
            return m.group(0)
        if rows:
            return f"{m.group(1)}{m.group(2)}{m.group(3)}{new + 1}"
        return f"{m.group(1)}{column_letters(new)}{m.group(3)}{m.group(4)}"

    if len(parts) == 1:
        at = index(parts[0])
        if at is None:
            return cells
        new = change.point(at)
        return None if new is None else render(parts[0], new)
    a, b = parts
    lo, hi = index(a), index(b)
    if lo is None and hi is None:
        return cells   # A:C for a change of rows, 2:5 for one of columns
    flipped = lo is not None and hi is not None and hi < lo
    first, last = (b, a) if flipped else (a, b)
    lo, hi = (hi, lo) if flipped else (lo, hi)
    if hasattr(change, "new_index"):   # a move: the range spans where its cells went
        points = [change.point(i) for i in range(lo or 0, hi + 1 if hi is not None else size)]
        new_lo = min(points) if points else lo
        new_hi = (max(points) if points else hi) if hi is not None else None
    else:
        new_lo = change.start(lo or 0)
        new_hi = change.end(hi + 1) - 1 if hi is not None else None
        if new_hi is not None and new_hi < new_lo:
            return None
    return f"{render(first, new_lo if lo is not None else None)}:{render(last, new_hi)}"
