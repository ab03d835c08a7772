"""Filters on the spreadsheet page: a filter view the person picks (``?fvid=``, as
Google's ``#gid=…&fvid=…`` links name one), else the tab's basic filter.

Google: a filter view hides and sorts rows for the person looking through it only;
"they don't change the data for other people" (Manage data visibility with filters,
https://developers.google.com/sheets/api/guides/filters). So the page never writes:
it reads the FilterView (or BasicFilter) as spreadsheets.get returned it
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#FilterView)
and leaves out the rows of the range whose cells fail its criteria. The range's first
row is its header row and is never hidden; rows outside the range stay as they are.
The emulator's API never sets ``hiddenByFilter``, so a basic filter is applied here
the same way, for everyone, as Sheets shows it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..sheets.requests.sort import sort_key
from .sheets_look import bounds, describe, holds


@dataclass
class Filter:
    title: str
    view_id: int | None          # None: the tab's basic filter
    grid_range: dict
    criteria: dict[int, dict]    # column index -> FilterCriteria
    sort: list[tuple[int, bool]] = field(default_factory=list)   # (column, descending)


def filter_views(sheet: dict) -> list[dict]:
    """The tab's filter views as the menu offers them: id and title."""
    return [{"id": v.get("filterViewId"), "title": v.get("title") or f"Filter {v.get('filterViewId')}"}
            for v in sheet.get("filterViews") or []]


def active_filter(sheet: dict, fvid, named_ranges: list[dict]) -> Filter | None:
    """The filter view ``fvid`` names on this tab, else the basic filter, else None."""
    chosen = next((v for v in sheet.get("filterViews") or []
                   if fvid is not None and str(v.get("filterViewId")) == str(fvid)), None)
    source = chosen or sheet.get("basicFilter")
    if not source:
        return None
    grid_range = source.get("range")
    if grid_range is None and source.get("namedRangeId"):
        grid_range = next((n.get("range") for n in named_ranges
                           if n.get("namedRangeId") == source["namedRangeId"]), None)
    # filterSpecs takes precedence over the deprecated criteria map (FilterView reference).
    specs = source.get("filterSpecs")
    if specs is not None:
        criteria = {s.get("columnIndex", 0): s.get("filterCriteria") or {} for s in specs}
    else:
        criteria = {int(k): v or {} for k, v in (source.get("criteria") or {}).items()}
    sort = [(s.get("dimensionIndex", 0), s.get("sortOrder") == "DESCENDING")
            for s in source.get("sortSpecs") or []]
    title = chosen.get("title", "") if chosen else "Filter"
    return Filter(title, chosen.get("filterViewId") if chosen else None, grid_range or {},
                  criteria, sort)


def tested_columns(flt: Filter) -> list[int]:
    """The columns whose values the filter reads: its criteria's and its sort's."""
    _, _, c0, c1 = bounds(flt.grid_range)
    return sorted({c for c in [*flt.criteria, *(c for c, _ in flt.sort)] if c0 <= c < c1})


def runs(rows: list[int], most: int = 50) -> list[tuple[int, int]]:
    """Row indexes as few (start, end) spans; past ``most`` spans, one span over all."""
    spans: list[list[int]] = []
    for row in sorted(set(rows)):
        if spans and spans[-1][1] == row:
            spans[-1][1] = row + 1
        else:
            spans.append([row, row + 1])
    if len(spans) > most:
        return [(spans[0][0], spans[-1][1])]
    return [(a, b) for a, b in spans]


def _cell(row_data: dict, col: int) -> dict:
    values = row_data.get("values") or []
    return values[col] if col < len(values) else {}


def _shows(criteria: dict, cell: dict, skipped: set[str]) -> bool:
    """Whether a cell passes a column's criteria; a condition the page does not
    evaluate lets the row through and is named in ``skipped``."""
    text = cell.get("formattedValue", "")
    if text in (criteria.get("hiddenValues") or []):
        return False
    condition = criteria.get("condition")
    if condition:
        verdict = holds(condition, text, cell.get("effectiveValue") or {})
        if verdict is None:
            skipped.add(describe(condition))
        elif not verdict:
            return False
    for colour in ("visibleBackgroundColor", "visibleBackgroundColorStyle",
                   "visibleForegroundColor", "visibleForegroundColorStyle"):
        if criteria.get(colour):
            skipped.add("filter by colour")
    return True



def apply(flt: Filter, entries: list[tuple[int, dict, dict]]) -> tuple[list[tuple[int, dict, dict]], list[str]]:
    """``entries`` (row index, RowData, row properties) in sheet order -> the rows the
    filter shows, in the order it shows them, and what it could not evaluate."""
    r0, r1, c0, c1 = bounds(flt.grid_range)
    skipped: set[str] = set()
    kept = [e for e in entries
            if not (r0 < e[0] < r1) or all(_shows(crit, _cell(e[1], col), skipped)
                                           for col, crit in flt.criteria.items() if c0 <= col < c1)]
    if flt.sort:
        inside = [e for e in kept if r0 < e[0] < r1]
        before = [e for e in kept if e[0] <= r0]
        after = [e for e in kept if e[0] >= r1]
        kept = before + sorted(inside, key=functools.cmp_to_key(_comparer(flt.sort))) + after
    return kept, sorted(skipped)


def _comparer(order: list[tuple[int, bool]]):
    """Sheets' sort order (the same as sortRange's): blanks last in either direction."""
    def compare(a, b) -> int:
        for col, descending in order:
            x, y = sort_key(_cell(a[1], col)), sort_key(_cell(b[1], col))
            if x is None or y is None:
                result = (x is None) - (y is None)
            else:
                result = (x > y) - (x < y)
                result = -result if descending else result
            if result:
                return result
        return 0
    return compare
