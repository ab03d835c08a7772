"""How inserting, deleting and moving rows or columns moves everything that names
them by index: merges, conditional formats, protected ranges, filters, named
ranges, row and column groups, the frozen counts and the references in formulas
(formulas/references.py).

Cells, dimension properties and developer metadata need no help: they live on the
row and column objects, which the dimension requests move. Ranges hold indexes, so
they are rewritten here, as Google rewrites them: a range grows when rows are
inserted strictly inside it, shrinks when some of its rows are deleted and goes
away when all of them are; a moved row takes its place in ranges with it.
"""

from __future__ import annotations

from ..formulas import references
from . import groups


class Insert:
    def __init__(self, at: int, count: int):
        self.at, self.count = at, count

    def start(self, x: int) -> int:
        return x + self.count if x >= self.at else x

    def end(self, x: int) -> int:
        return x + self.count if x > self.at else x

    def point(self, x: int) -> int:
        return self.start(x)


class Delete:
    def __init__(self, start: int, end: int):
        self.lo, self.hi = start, end

    def start(self, x: int) -> int:
        if x <= self.lo:
            return x
        return self.lo if x <= self.hi else x - (self.hi - self.lo)

    end = start

    def point(self, x: int) -> int | None:
        if self.lo <= x < self.hi:
            return None
        return x - (self.hi - self.lo) if x >= self.hi else x


class Move:
    """Rows [start, end) moved to ``destination``, an index counted before the move
    (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#MoveDimensionRequest)."""

    def __init__(self, start: int, end: int, destination: int, size: int):
        order = new_order(list(range(size)), start, end, destination)
        self.new_index = {old: new for new, old in enumerate(order)}
        self.size = size

    def point(self, x: int) -> int:
        return self.new_index.get(x, x)


def new_order(items: list, start: int, end: int, destination: int) -> list:
    """The list after moving items[start:end] to ``destination`` (pre-move index)."""
    block = items[start:end]
    rest = items[:start] + items[end:]
    at = destination if destination <= start else destination - (end - start)
    return rest[:at] + block + rest[at:]


def _range(rng: dict, dim: str, change, size: int) -> dict | None:
    """The range after the change, or None when all of its rows (columns) went away."""
    lo_key, hi_key = ("startRowIndex", "endRowIndex") if dim == "ROWS" else \
        ("startColumnIndex", "endColumnIndex")
    lo, hi = rng.get(lo_key), rng.get(hi_key)
    out = dict(rng)
    if isinstance(change, Move):
        points = [change.point(i) for i in range(lo or 0, hi if hi is not None else size)]
        if not points:
            return out
        if lo is not None:
            out[lo_key] = min(points)
        if hi is not None:
            out[hi_key] = max(points) + 1
        return out
    new_lo = change.start(lo or 0)
    new_hi = change.end(hi) if hi is not None else None
    if new_hi is not None and new_hi <= new_lo:
        return None
    if lo is not None:
        out[lo_key] = new_lo
    if hi is not None:
        out[hi_key] = new_hi
    return out


def apply(spreadsheet: dict, sheet: dict, dim: str, change, size: int) -> None:
    """Rewrite every index-based thing on ``sheet`` for a change to its rows or columns.
    ``size`` is the number of rows (columns) before the change."""
    sid = sheet["properties"]["sheetId"]

    def moved(rng):
        return _range(rng, dim, change, size) if rng is not None else None

    sheet["merges"] = [m for m in map(moved, sheet["merges"]) if m is not None]
    rules = []
    for rule in sheet["conditionalFormats"]:
        rule["ranges"] = [r for r in map(moved, rule.get("ranges", [])) if r is not None]
        if rule["ranges"]:
            rules.append(rule)
    sheet["conditionalFormats"] = rules
    kept = []
    for p in sheet["protectedRanges"]:
        if "range" in p:
            p["range"] = moved(p["range"])
            if p["range"] is None:
                continue
        p["unprotectedRanges"] = [r for r in map(moved, p.get("unprotectedRanges", [])) if r]
        if not p["unprotectedRanges"]:
            p.pop("unprotectedRanges")
        kept.append(p)
    sheet["protectedRanges"] = kept
    views = []
    for view in sheet["filterViews"]:
        if "range" not in view:  # on a named range, which moves by itself
            views.append(view)
            continue
        view["range"] = moved(view["range"])
        if view["range"] is not None:
            _filter_columns(view, dim, change)
            views.append(view)
    sheet["filterViews"] = views
    if sheet.get("basicFilter"):
        sheet["basicFilter"]["range"] = moved(sheet["basicFilter"].get("range", {"sheetId": sid}))
        if sheet["basicFilter"]["range"] is None:
            sheet["basicFilter"] = None
        else:
            _filter_columns(sheet["basicFilter"], dim, change)
    named = []
    for nr in spreadsheet["namedRanges"]:
        if nr.get("range", {}).get("sheetId", 0) == sid:
            nr["range"] = moved(nr["range"])
            if nr["range"] is None:
                continue
        named.append(nr)
    spreadsheet["namedRanges"] = named
    def span(start: int, end: int):
        key = "startRowIndex" if dim == "ROWS" else "startColumnIndex"
        out = _range({key: start, key.replace("start", "end"): end}, dim, change, size)
        return None if out is None else (out[key], out[key.replace("start", "end")])

    groups.shifted(sheet, dim, span)
    references.shift(spreadsheet, sheet, dim, change, size)   # formulas follow their cells
    grid = sheet["properties"]["gridProperties"]
    frozen_key = "frozenRowCount" if dim == "ROWS" else "frozenColumnCount"
    if grid.get(frozen_key) and not isinstance(change, Move):
        grid[frozen_key] = change.end(grid[frozen_key])
        if not grid[frozen_key]:
            grid.pop(frozen_key)


def _filter_columns(flt: dict, dim: str, change) -> None:
    """Filter and sort specs name columns by index: they follow their column."""
    if dim != "COLUMNS":
        return
    specs = []
    for spec in flt.get("filterSpecs", []):
        new = change.point(spec.get("columnIndex", 0))
        if new is not None:
            specs.append({**spec, "columnIndex": new})
    if "filterSpecs" in flt:
        flt["filterSpecs"] = specs
    sorts = []
    for spec in flt.get("sortSpecs", []):
        new = change.point(spec.get("dimensionIndex", 0))
        if new is not None:
            sorts.append({**spec, "dimensionIndex": new})
    if "sortSpecs" in flt:
        flt["sortSpecs"] = sorts
    if "criteria" in flt:
        criteria = {}
        for key, value in flt["criteria"].items():
            new = change.point(int(key))
            if new is not None:
                criteria[str(new)] = value
        flt["criteria"] = criteria
