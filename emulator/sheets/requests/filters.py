"""The basic filter and filter views: setBasicFilter, clearBasicFilter, addFilterView,
updateFilterView, deleteFilterView, duplicateFilterView
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#FilterView).

Filters are stored and reported; the emulator does not hide rows by them
(``hiddenByFilter`` stays false).
"""

from __future__ import annotations

import copy

from ..models import grid_bounds
from . import request
from .grid import (RequestError, bounds, keep_one_target, masked_update, replace_on_sheet, sheet_of,
                   without_nulls)
from .sheets import claim_id, new_object_id

VIEW_FIELDS = ("title", "range", "namedRangeId", "sortSpecs", "filterSpecs", "criteria")


def _checked(edit, flt: dict) -> dict:
    """Check a filter's range and column references; returns its sheet."""
    if flt.get("tableId"):
        raise RequestError("tableId is not supported by the emulator.")
    if flt.get("namedRangeId"):
        named = next((n for n in edit.spreadsheet["namedRanges"]
                      if n["namedRangeId"] == flt["namedRangeId"]), None)
        if named is None:
            raise RequestError(f"No named range with id: {flt['namedRangeId']}")
        if flt.get("range") is not None:
            raise RequestError("Only one of range or namedRangeId may be set.")
        rng = named["range"]
    else:
        rng = flt.setdefault("range", {})
        rng.setdefault("sheetId", 0)
    sheet, _, _, c0, c1 = bounds(edit, rng)
    columns = [s.get("columnIndex", 0) for s in flt.get("filterSpecs", [])]
    columns += [s.get("dimensionIndex", 0) for s in flt.get("sortSpecs", [])]
    columns += [int(k) for k in (flt.get("criteria") or {})]
    for col in columns:
        if not c0 <= col < c1:
            raise RequestError(f"Column {col} is outside the filter's range.")
    return sheet


@request("setBasicFilter")
def set_basic_filter(edit, body: dict):
    """The filter's range is kept with every index spelled out, zeros included
    (observed against Google: a filter set on A1:C5 reads back with
    ``startRowIndex: 0``, and one set on a whole sheet reads back bounded to it)."""
    flt = without_nulls(body.get("filter") or {})
    sheet = _checked(edit, flt)
    flt["range"] = bounded(sheet, flt["range"])
    sheet["basicFilter"] = flt


def bounded(sheet: dict, rng: dict) -> dict:
    """A GridRange with its open ends closed at the grid's edge."""
    r0, r1, c0, c1 = grid_bounds(rng, sheet)
    return {"sheetId": sheet["properties"]["sheetId"], "startRowIndex": r0, "endRowIndex": r1,
            "startColumnIndex": c0, "endColumnIndex": c1}


@request("clearBasicFilter")
def clear_basic_filter(edit, body: dict):
    sheet_of(edit, body.get("sheetId", 0))["basicFilter"] = None


def find_view(edit, filter_id) -> tuple[dict, dict]:
    for sheet in edit.spreadsheet["sheets"]:
        for view in sheet["filterViews"]:
            if view.get("filterViewId") == filter_id:
                return sheet, view
    raise RequestError(f"No filter view with id: {filter_id}")


@request("addFilterView")
def add_filter_view(edit, body: dict):
    view = without_nulls(body.get("filter") or {})
    claim_id(edit, view, "filterViewId", find_view, "filter view")
    sheet = _checked(edit, view)
    sheet["filterViews"].append(view)
    return {"filter": copy.deepcopy(view)}


@request("updateFilterView")
def update_filter_view(edit, body: dict):
    source = body.get("filter") or {}
    sheet, current = find_view(edit, source.get("filterViewId"))
    updated, tree = masked_update(current, source, body.get("fields"), VIEW_FIELDS, "FilterView")
    keep_one_target(updated, source, tree)
    replace_on_sheet("filterViews", sheet, current, _checked(edit, updated), updated)


@request("deleteFilterView")
def delete_filter_view(edit, body: dict):
    sheet, view = find_view(edit, body.get("filterId"))
    sheet["filterViews"].remove(view)


@request("duplicateFilterView")
def duplicate_filter_view(edit, body: dict):
    sheet, view = find_view(edit, body.get("filterId"))
    copied = {**copy.deepcopy(view), "filterViewId": new_object_id(edit.spreadsheet)}
    copied["title"] = f"{view.get('title', 'Filter')} (copy)"
    sheet["filterViews"].append(copied)
    return {"filter": copy.deepcopy(copied)}
