"""mergeCells and unmergeCells
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#MergeCellsRequest).

Merges are GridRanges on the sheet. As in Sheets, a merged block keeps only its
top-left value, and merges never overlap. Merging a range that contains merges
replaces them (observed against Google: merging A1:D4 over a merged B2:C3
succeeds and leaves one merge). A merge that only partly overlaps the new range
is refused: the reference says nothing of it, and Sheets' own editor refuses to
cut a merge in two ("You must select all cells in a merged range to merge or
unmerge them."), as the reference says unmergeCells must not ("The range must not
partially span any merge"). Unmerging may not split a merge either.
"""

from __future__ import annotations

from . import request
from .cells import write_cell
from .grid import RequestError, a1, bounds, check_cells, full_range


def _overlap(a: dict, b: dict) -> bool:
    return (a["startRowIndex"] < b["endRowIndex"] and b["startRowIndex"] < a["endRowIndex"]
            and a["startColumnIndex"] < b["endColumnIndex"]
            and b["startColumnIndex"] < a["endColumnIndex"])


def _inside(inner: dict, outer: dict) -> bool:
    return (outer["startRowIndex"] <= inner["startRowIndex"]
            and inner["endRowIndex"] <= outer["endRowIndex"]
            and outer["startColumnIndex"] <= inner["startColumnIndex"]
            and inner["endColumnIndex"] <= outer["endColumnIndex"])


def _shown(sheet, m: dict) -> str:
    return a1(sheet, m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"])


@request("mergeCells")
def merge_cells(edit, body: dict):
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    kind = body.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_ALL":
        blocks = [(r0, r1, c0, c1)]
    elif kind == "MERGE_COLUMNS":
        blocks = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:  # MERGE_ROWS
        blocks = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    blocks = [b for b in blocks if (b[1] - b[0]) * (b[3] - b[2]) > 1]
    if not blocks:
        raise RequestError(f"Cannot merge a single cell ({a1(sheet, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))}).")
    check_cells(edit, sheet, r0, r1, c0, c1)
    area = full_range(sheet, r0, r1, c0, c1)
    new = [full_range(sheet, *b) for b in blocks]
    kept = []
    for m in sheet["merges"]:
        if _inside(m, area):
            continue  # replaced by the new merge(s)
        if _overlap(m, area):
            raise RequestError(f"You must select all cells in a merged range to merge or unmerge "
                               f"them ({_shown(sheet, m)} is partly inside {_shown(sheet, area)}).")
        kept.append(m)
    sheet["merges"] = kept
    for m in new:
        for r in range(m["startRowIndex"], m["endRowIndex"]):
            for c in range(m["startColumnIndex"], m["endColumnIndex"]):
                if (r, c) != (m["startRowIndex"], m["startColumnIndex"]):
                    write_cell(sheet, r, c, {}, {"userEnteredValue": True})
    sheet["merges"].extend(new)


@request("unmergeCells")
def unmerge_cells(edit, body: dict):
    sheet, r0, r1, c0, c1 = bounds(edit, body.get("range"))
    area = full_range(sheet, r0, r1, c0, c1)
    check_cells(edit, sheet, r0, r1, c0, c1)
    kept = []
    for m in sheet["merges"]:
        if _inside(m, area):
            continue
        if _overlap(m, area):
            raise RequestError(f"The range {_shown(sheet, area)} partially spans the merged "
                               f"cells {_shown(sheet, m)}; a range must not partially span any merge.")
        kept.append(m)
    sheet["merges"] = kept
