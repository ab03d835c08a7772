"""A1 notation as Sheets parses and echoes it
(https://developers.google.com/sheets/api/guides/concepts#cell).

``Sheet1!A1:B2``, ``'My tab'!A:A``, ``'It''s'!2:5``, ``A5:A``, a bare cell range
(on the first visible sheet), a whole sheet by name (``Sheet1`` or ``'My tab'``) and
a named range, bare or after its sheet's name (``'Sheet1'!Totals``).
Indexes here are zero-based and half open like a GridRange; ``None`` means
unbounded. Anything else is 400 "Unable to parse range: X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import invalid_argument

_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RANGE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]*|[Rr][0-9]*[Cc][0-9]*)$")  # A, A0, R1C1: no name
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)$")


def unparsable(text: str):
    return invalid_argument(f"Unable to parse range: {text}")


@dataclass
class Area:
    """A rectangle on one sheet. ``r1``/``c1`` of ``None`` run to the grid's end.
    ``anchor`` marks a single-cell reference such as ``A1``: reads cover that cell,
    writes start there and may run past it (values.update, append)."""
    sheet: dict
    r0: int
    r1: int | None
    c0: int
    c1: int | None
    anchor: bool = False

    @property
    def sheet_id(self) -> int:
        return self.sheet["properties"]["sheetId"]

    @property
    def title(self) -> str:
        return self.sheet["properties"]["title"]

    def bounds(self) -> tuple[int, int, int, int]:
        """(r0, r1, c0, c1) with open ends closed at the grid's edge."""
        rows, cols = len(self.sheet["rows"]), len(self.sheet["columns"])
        return (self.r0, rows if self.r1 is None else self.r1,
                self.c0, cols if self.c1 is None else self.c1)

    def grid_range(self) -> dict:
        r0, r1, c0, c1 = self.bounds()
        return {"sheetId": self.sheet_id, "startRowIndex": r0, "endRowIndex": r1,
                "startColumnIndex": c0, "endColumnIndex": c1}

    def a1(self) -> str:
        """The range as Google echoes it: bounded to the grid, sheet name quoted only
        when needed (``Sheet1!A1:C1000``, ``'My tab'!B2``)."""
        return format_range(self.title, *self.bounds())


# -- names and letters ---------------------------------------------------------

def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_sheet(title: str) -> str:
    """A sheet name as it prefixes a range: bare if it is a plain word that cannot be
    mistaken for a cell, else in single quotes with quotes doubled."""
    if _PLAIN_NAME.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_cells(r0: int, r1: int, c0: int, c1: int) -> str:
    start = f"{column_letters(c0)}{r0 + 1}"
    if r1 - r0 == 1 and c1 - c0 == 1:
        return start
    return f"{start}:{column_letters(c1 - 1)}{r1}"


def format_range(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    return f"{quote_sheet(title)}!{format_cells(r0, r1, c0, c1)}"


# -- parsing -------------------------------------------------------------------

@dataclass
class Parsed:
    """A range as written, before it meets a spreadsheet."""
    sheet: str | None                # the sheet named before '!', unquoted
    cells: tuple | None              # (r0, r1, c0, c1, anchor) or None for a whole sheet
    bare: str | None = None          # a bare word: a sheet title or a named range


def parse(text: str) -> Parsed:
    if not text or not text.strip():
        raise unparsable(text)
    text_ = text.strip()
    if text_.startswith("'"):
        title, rest = _quoted(text_, text)
        if rest == "":
            return Parsed(title, None)
        if not rest.startswith("!"):
            raise unparsable(text)
        return _qualified(title, rest[1:], text)
    if "!" in text_:
        title, _, cells = text_.rpartition("!")
        if not title:
            raise unparsable(text)
        return _qualified(title, cells, text)
    cells = _try_cells(text_)
    if cells is not None:
        return Parsed(None, cells)
    return Parsed(None, None, bare=text_)


def _qualified(title: str, rest: str, original: str) -> Parsed:
    """What follows ``Sheet1!``: cells, or the name of a named range on that sheet
    (``'Sheet1'!NamedRange`` reads as Google reads it)."""
    cells = _try_cells(rest)
    if cells is not None:
        return Parsed(title, cells)
    if _RANGE_NAME.match(rest) and not _LOOKS_LIKE_REF.match(rest):
        return Parsed(title, None, bare=rest)
    raise unparsable(original)


def _quoted(text: str, original: str) -> tuple[str, str]:
    out, i = [], 1
    while i < len(text):
        ch = text[i]
        if ch == "'":
            if i + 1 < len(text) and text[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), text[i + 1:]
        out.append(ch)
        i += 1
    raise unparsable(original)


def _cells(text: str, original: str) -> tuple:
    cells = _try_cells(text)
    if cells is None:
        raise unparsable(original)
    return cells


def _ref(text: str):
    m = _REF.match(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    col = column_index(m.group(1)) if m.group(1) else None
    row = int(m.group(2)) - 1 if m.group(2) else None
    if row is not None and row < 0:
        return None
    return row, col


def _try_cells(text: str):
    """(r0, r1, c0, c1, anchor) for ``A1``, ``A1:B2``, ``A:C``, ``2:5``, ``A5:A``..."""
    if ":" not in text:
        ref = _ref(text)
        if ref is None or ref[0] is None or ref[1] is None:
            return None  # a lone column or row is not a range
        r, c = ref
        return r, r + 1, c, c + 1, True
    left, _, right = text.partition(":")
    a, b = _ref(left), _ref(right)
    if a is None or b is None:
        return None
    (ra, ca), (rb, cb) = a, b
    if ca is None and cb is None:            # 2:5
        if ra is None or rb is None:
            return None
        return min(ra, rb), max(ra, rb) + 1, 0, None, False
    if ra is None and rb is None:            # A:C
        return 0, None, min(ca, cb), max(ca, cb) + 1, False
    if ca is None or cb is None:             # A1:5 -- a row paired with a cell
        if ra is None or rb is None:
            return None
        col = ca if ca is not None else cb
        lo, hi = sorted((ra, rb))
        return lo, hi + 1, col, None, False
    if rb is None:                           # A5:A -- from row 5 down
        return ra, None, min(ca, cb), max(ca, cb) + 1, False
    if ra is None:                           # A:B5 -- from the top to row 5
        return 0, rb + 1, min(ca, cb), max(ca, cb) + 1, False
    return min(ra, rb), max(ra, rb) + 1, min(ca, cb), max(ca, cb) + 1, False


# -- meeting a spreadsheet -----------------------------------------------------

def first_visible_sheet(ss: dict) -> dict:
    for sheet in ss["sheets"]:
        if not sheet["properties"].get("hidden"):
            return sheet
    return ss["sheets"][0]


def resolve(ss: dict, text: str) -> Area:
    """The area a range names in this spreadsheet; 400 if it names nothing or runs
    past the grid (Google: "Range ('Sheet1'!A1001) exceeds grid limits...")."""
    from .models import SheetsStore
    parsed = parse(text)
    if parsed.bare is not None and parsed.sheet is not None:
        sheet = SheetsStore.sheet_by_title(ss, parsed.sheet)
        named = _named_range(ss, parsed.bare)
        if sheet is None or named is None or \
                named.get("range", {}).get("sheetId", 0) != sheet["properties"]["sheetId"]:
            raise unparsable(text)
        return from_grid_range(ss, named.get("range", {}))
    if parsed.bare is not None:
        sheet = SheetsStore.sheet_by_title(ss, parsed.bare)
        if sheet is not None:
            return Area(sheet, 0, None, 0, None)
        named = _named_range(ss, parsed.bare)
        if named is not None:
            return from_grid_range(ss, named.get("range", {}))
        raise unparsable(text)
    if parsed.sheet is None:
        sheet = first_visible_sheet(ss)
    else:
        sheet = SheetsStore.sheet_by_title(ss, parsed.sheet)
        if sheet is None:
            raise unparsable(text)
    if parsed.cells is None:
        return Area(sheet, 0, None, 0, None)
    area = Area(sheet, *parsed.cells)
    check_grid(area, text.strip().rpartition("!")[2])
    return area


def _named_range(ss: dict, name: str) -> dict | None:
    for named in ss.get("namedRanges", []):
        if named.get("name", "").lower() == name.lower():
            return named
    return None


def from_grid_range(ss: dict, grid_range: dict) -> Area:
    from .models import SheetsStore
    sheet = SheetsStore.sheet_by_id(ss, grid_range.get("sheetId", 0))
    area = Area(sheet, grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex"),
                grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex"))
    rows, cols = len(sheet["rows"]), len(sheet["columns"])
    r0, r1, c0, c1 = area.bounds()
    if r0 < 0 or c0 < 0 or r1 > rows or c1 > cols or r0 > r1 or c0 > c1:
        raise _exceeds(area.title, format_cells(r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)), rows, cols)
    return area


def check_grid(area: Area, cells_text: str) -> None:
    rows, cols = len(area.sheet["rows"]), len(area.sheet["columns"])
    too_far = (area.r0 >= rows or area.c0 >= cols
               or (area.r1 is not None and area.r1 > rows)
               or (area.c1 is not None and area.c1 > cols))
    if too_far:
        raise _exceeds(area.title, cells_text, rows, cols)


def _exceeds(title: str, cells_text: str, rows: int, cols: int):
    name = "'" + title.replace("'", "''") + "'"
    return invalid_argument(f"Range ({name}!{cells_text}) exceeds grid limits. "
                            f"Max rows: {rows}, max columns: {cols}")
