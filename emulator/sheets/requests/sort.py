"""sortRange (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#SortRangeRequest).

Rows of the range are ordered by the sort specs, earlier specs first, stably.
Values compare as Sheets orders them, ascending: numbers (and dates, which are
numbers), then text ignoring case, then booleans (FALSE before TRUE), then errors;
empty cells always go last, in either direction. Google does not publish this for
mixed types: it is the order Excel documents, which Sheets appears to follow.

When the range spans every column, whole row objects move, so the row's developer
metadata and properties go with it: this is what a person's sort does to a tab and
what lets the service find its rows afterwards. A range over some columns only
moves those cells and leaves the rows (and their metadata) where they are.
"""

from __future__ import annotations

import functools

from . import request
from .grid import RequestError, bounds, check_cells


def sort_key(cell: dict | None):
    """(rank, value) for a cell, or None when it is empty."""
    value = (cell or {}).get("effectiveValue") or {}
    if "numberValue" in value:
        return 0, float(value["numberValue"])
    if "stringValue" in value:
        return (1, value["stringValue"].casefold()) if value["stringValue"] != "" else None
    if "boolValue" in value:
        return 2, bool(value["boolValue"])
    if "errorValue" in value:
        return 3, value["errorValue"].get("type", "")
    return None


def _compare(a, b, descending: bool) -> int:
    if a is None or b is None:  # blanks last whatever the direction
        return (a is None) - (b is None)
    result = (a > b) - (a < b)
    return -result if descending else result


@request("sortRange")
def sort_range(edit, body: dict):
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    specs = body.get("sortSpecs") or []
    if not specs:
        raise RequestError("At least one sort spec is required.")
    order = []
    for i, spec in enumerate(specs):
        if any(spec.get(k) for k in ("backgroundColor", "backgroundColorStyle", "foregroundColor",
                                     "foregroundColorStyle", "dataSourceColumnReference")):
            raise RequestError(f"sortSpecs[{i}]: sorting by colour or data source column is not "
                               f"supported by the emulator.")
        column = spec.get("dimensionIndex", 0)
        if not c0 <= column < c1:
            raise RequestError(f"sortSpecs[{i}].dimensionIndex {column} is outside the range "
                               f"being sorted.")
        order.append((column, spec.get("sortOrder") == "DESCENDING"))
    check_cells(edit, sheet, r0, r1, c0, c1)
    for m in sheet["merges"]:
        if (m["endRowIndex"] - m["startRowIndex"] > 1 and m["startRowIndex"] < r1
                and r0 < m["endRowIndex"] and m["startColumnIndex"] < c1 and c0 < m["endColumnIndex"]):
            raise RequestError("You can't sort a range containing vertically merged cells.")

    def compare(a, b) -> int:
        for column, descending in order:
            result = _compare(a[0][column], b[0][column], descending)
            if result:
                return result
        return 0

    rows = sheet["rows"][r0:r1]
    keyed = [([sort_key(_cell(row, c)) if c0 <= c < c1 else None for c in range(c1)], row)
             for row in rows]
    keyed.sort(key=functools.cmp_to_key(compare))
    if c0 == 0 and c1 == len(sheet["columns"]) and \
            edit.store.world.behaviour.get("sortMovesMetadata", True):
        sheet["rows"][r0:r1] = [row for _, row in keyed]
        return
    slices = [[_cell(row, c) for c in range(c0, c1)] for _, row in keyed]
    for row, cells in zip(rows, slices):
        padded = row["cells"] + [None] * (c1 - len(row["cells"]))
        padded[c0:c1] = cells
        while padded and padded[-1] is None:
            padded.pop()
        row["cells"] = padded


def _cell(row: dict, col: int):
    return row["cells"][col] if col < len(row["cells"]) else None
