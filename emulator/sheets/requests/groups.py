"""Row and column groups: addDimensionGroup, deleteDimensionGroup, updateDimensionGroup
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddDimensionGroupRequest).

Kept the way the reference describes them: every row (column) has a depth, the
number of groups around it; the groups of depth d are the longest runs of rows whose
depth is at least d. Adding a group adds one to the depth of its rows, deleting one
takes one away ("Deletes a group over the specified range by decrementing the depth
of the dimensions in the range"). That gives the reference's examples: [C:D, depth 1]
+ [B:E] is [B:E, 1] and [C:D, 2]; [B:D, 1] + [C:E] is [B:E, 1] and [C:D, 2]; deleting
D:E from [B:E, 1], [C:D, 2] leaves [B:D, 1] and [C:C, 2]. Groups side by side at one
depth become one group, as in Sheets.

They are kept on the sheet as Google shows them (``rowGroups``, ``columnGroups``);
``shift`` moves them when rows or columns are inserted, deleted or moved.
"""

from __future__ import annotations

import copy

from . import request
from .grid import RequestError, a1, dimension_bounds, mask

KEYS = {"ROWS": "rowGroups", "COLUMNS": "columnGroups"}


def depths(groups: list[dict], size: int) -> list[int]:
    """Each row's (column's) depth: the deepest group around it."""
    out = [0] * size
    for group in groups:
        rng = group["range"]
        for i in range(rng["startIndex"], min(rng["endIndex"], size)):
            out[i] = max(out[i], group["depth"])
    return out


def regroup(sheet: dict, dim: str, levels: list[int], before: list[dict]) -> list[dict]:
    """The groups that ``levels`` describe, ordered by depth then position. A group
    keeps ``collapsed`` from the group it was: the one with the same range, else one
    of its depth that it overlaps."""
    sid = sheet["properties"]["sheetId"]
    made = []
    for depth in range(1, max(levels, default=0) + 1):
        start = None
        for i, level in enumerate(levels + [0]):
            if level >= depth and start is None:
                start = i
            elif level < depth and start is not None:
                made.append({"range": {"sheetId": sid, "dimension": dim, "startIndex": start,
                                       "endIndex": i}, "depth": depth})
                start = None
    span = lambda g: (g["range"]["startIndex"], g["range"]["endIndex"])  # noqa: E731
    unmatched = [g for g in before if span(g) not in {span(m) for m in made}]
    for group in made:
        same = [g for g in before if span(g) == span(group)]
        if not same:
            lo, hi = span(group)
            same = [g for g in unmatched if g["depth"] == group["depth"]
                    and g["range"]["startIndex"] < hi and lo < g["range"]["endIndex"]]
        if any(g.get("collapsed") for g in same):
            group["collapsed"] = True
    return made


def _change(edit, body: dict, step: int) -> dict:
    sheet, dim, start, end = dimension_bounds(edit, body.get("range"))
    if end <= start:
        raise RequestError("The range of a group must hold at least one row or column.")
    key = KEYS[dim]
    before = sheet.get(key) or []
    size = len(sheet["rows"] if dim == "ROWS" else sheet["columns"])
    levels = depths(before, size)
    if step < 0 and not any(levels[start:end]):
        shown = a1(sheet, start, end, 0, len(sheet["columns"])) if dim == "ROWS" else \
            a1(sheet, 0, len(sheet["rows"]), start, end)
        raise RequestError(f"No group exists in the range {shown}.")
    for i in range(start, end):
        levels[i] = max(0, levels[i] + step)
    sheet[key] = regroup(sheet, dim, levels, before)
    if not sheet[key]:
        sheet.pop(key)
    return {"dimensionGroups": copy.deepcopy(sheet.get(key, []))}


@request("addDimensionGroup")
def add_dimension_group(edit, body: dict):
    return _change(edit, body, +1)


@request("deleteDimensionGroup")
def delete_dimension_group(edit, body: dict):
    return _change(edit, body, -1)


@request("updateDimensionGroup")
def update_dimension_group(edit, body: dict):
    """Only ``collapsed`` may change. As DimensionGroup.collapsed says, "when this
    property is updated, all dimensions within it are set to hidden if this field is
    true, or set to visible if this field is false"."""
    wanted = body.get("dimensionGroup") or {}
    tree = mask(body.get("fields"))
    sheet, dim, start, end = dimension_bounds(edit, wanted.get("range"))
    depth = wanted.get("depth", 0)
    for group in sheet.get(KEYS[dim]) or []:
        rng = group["range"]
        if (rng["startIndex"], rng["endIndex"], group["depth"]) == (start, end, depth):
            break
    else:
        raise RequestError(f"No group with the range {start}-{end} and depth {depth} exists.")
    if tree is not True and not ({"collapsed", "*"} & set(tree)):
        return None
    items = sheet["rows"] if dim == "ROWS" else sheet["columns"]
    if wanted.get("collapsed"):
        group["collapsed"] = True
    else:
        group.pop("collapsed", None)
    for item in items[start:end]:
        if group.get("collapsed"):
            item["props"]["hiddenByUser"] = True
        else:
            item["props"].pop("hiddenByUser", None)
    return None


def shifted(sheet: dict, dim: str, moved) -> None:
    """The sheet's groups along ``dim`` after its rows (columns) changed: ``moved``
    maps a GridRange-like (startIndex, endIndex) to its new span or None."""
    key = KEYS[dim]
    before = sheet.get(key) or []
    if not before:
        return
    kept = []
    for group in before:
        span = moved(group["range"]["startIndex"], group["range"]["endIndex"])
        if span is not None:
            kept.append({**group, "range": {**group["range"], "startIndex": span[0], "endIndex": span[1]}})
    size = len(sheet["rows"] if dim == "ROWS" else sheet["columns"])
    sheet[key] = regroup(sheet, dim, depths(kept, size), kept)
    if not sheet[key]:
        sheet.pop(key)
