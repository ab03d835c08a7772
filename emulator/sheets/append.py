"""``spreadsheets.values.append``: find the table, write after it
(https://developers.google.com/sheets/api/guides/values#append_values).

Google's guide: the input range is searched for existing data and a "table" found
within it; values are appended after the table's last row, starting at the table's
first column. With tables A1:C2 and B4:D6 on Sheet1, appending to ``Sheet1``,
``B4``, ``B2:D4`` or ``A3:G10`` writes at B7 (the last table the range touches),
``A1`` writes at A3, and ``E4`` (in no table) writes at E4.

A table here is a block of non-empty cells joined side by side or corner to corner,
grown to the smallest rectangle with only empty cells around it (Excel's "current
region"). OVERWRITE writes over what follows the table (adding rows at the end of
the grid as needed); INSERT_ROWS inserts rows for the new values first.
"""

from __future__ import annotations

import copy

from ..core.errors import invalid_argument
from . import values
from .a1 import Area, format_range


def tables(sheet: dict) -> list[tuple[int, int, int, int]]:
    """Every table on the sheet as (r0, r1, c0, c1), half open."""
    filled = {(r, c) for r, row in enumerate(sheet["rows"])
              for c, cell in enumerate(row["cells"]) if values.has_value(cell)}
    boxes, seen = [], set()
    for start in sorted(filled):
        if start in seen:
            continue
        seen.add(start)
        todo, box = [start], [start[0], start[0] + 1, start[1], start[1] + 1]
        while todo:
            r, c = todo.pop()
            box = [min(box[0], r), max(box[1], r + 1), min(box[2], c), max(box[3], c + 1)]
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nxt = (r + dr, c + dc)
                    if nxt in filled and nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
        boxes.append(tuple(box))
    return _merge_touching(boxes)


def _merge_touching(boxes: list[tuple]) -> list[tuple]:
    """Blocks whose rectangles overlap or touch are one table."""
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if a[0] <= b[1] and b[0] <= a[1] and a[2] <= b[3] and b[2] <= a[3]:
                    boxes[i] = (min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]))
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes


def find_table(area: Area) -> tuple[int, int, int, int] | None:
    """The last table the range touches, if any."""
    r0, r1, c0, c1 = area.bounds()
    touched = [t for t in tables(area.sheet) if t[0] < r1 and r0 < t[1] and t[2] < c1 and c0 < t[3]]
    return max(touched, key=lambda t: (t[1], t[2])) if touched else None


def append(store, ss: dict, user: str, area: Area, body: dict, option: str,
           insert_option: str | None) -> tuple[dict, values.Write]:
    """Append ``body``'s values; return (the AppendValuesResponse less its updatedData,
    the write that was made)."""
    table = find_table(area)
    if table is not None:
        start_row, start_col = table[1], table[2]
    else:
        start_row, start_col = area.r0, area.c0
    target = Area(area.sheet, start_row, None, start_col, None, anchor=True)
    write = values.plan(target, body.get("values"), body.get("majorDimension"))
    height, _ = write.size
    if insert_option == "INSERT_ROWS" and height and start_row < len(area.sheet["rows"]):
        before = copy.deepcopy(ss)
        try:
            _insert_rows(store, ss, user, area.sheet, start_row, height)
            values.check(store, ss, user, write)
        except Exception:
            ss.clear()
            ss.update(before)  # the call changes nothing when it fails
            raise
    else:
        values.check(store, ss, user, write)
    result = values.apply(store, ss, write, option)
    answer = {"spreadsheetId": ss["spreadsheetId"]}
    if table is not None:
        answer["tableRange"] = format_range(area.title, *table)
    answer["updates"] = {"spreadsheetId": ss["spreadsheetId"], **values.without_zeros(result)}
    return answer, write


def _insert_rows(store, ss: dict, user: str, sheet: dict, at: int, count: int) -> None:
    """Insert through the batchUpdate request, so merges, protected ranges, formats,
    named ranges and row metadata below shift exactly as insertDimension shifts them
    (and a protected range the caller may not edit refuses the insertion)."""
    from .requests import REQUESTS, Edit, dimensions  # noqa: F401  (registers insertDimension)
    from .requests.grid import RequestError
    span = {"sheetId": sheet["properties"]["sheetId"], "dimension": "ROWS",
            "startIndex": at, "endIndex": at + count}
    try:
        REQUESTS["insertDimension"](Edit(ss, store, user), {"range": span, "inheritFromBefore": at > 0})
    except RequestError as err:
        raise invalid_argument(err.message) from None
