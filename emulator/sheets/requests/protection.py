"""Protected ranges: addProtectedRange, updateProtectedRange, deleteProtectedRange
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#ProtectedRange).

A protected range lives on its sheet. Its editors are kept as given plus the
spreadsheet's owner and the user who protected it (Google never locks those two
out). Only a user who may edit inside a protected range may change or remove it.
"""

from __future__ import annotations

import copy

from ..models import protected_error
from . import request
from .grid import (RequestError, bounds, keep_one_target, masked_update, may_edit, replace_on_sheet,
                   without_nulls)
from .sheets import claim_id

FIELDS = ("range", "namedRangeId", "description", "warningOnly", "unprotectedRanges", "editors")


def find(edit, protected_range_id) -> tuple[dict, dict]:
    for sheet in edit.spreadsheet["sheets"]:
        for p in sheet["protectedRanges"]:
            if p.get("protectedRangeId") == protected_range_id:
                return sheet, p
    raise RequestError(f"No protected range with id: {protected_range_id}")


def _normalise(edit, pr: dict) -> dict:
    """Check a ProtectedRange and fill in what Google fills in; returns its sheet."""
    if pr.get("tableId"):
        raise RequestError("tableId is not supported by the emulator.")
    if pr.get("namedRangeId"):
        named = next((n for n in edit.spreadsheet["namedRanges"]
                      if n["namedRangeId"] == pr["namedRangeId"]), None)
        if named is None:
            raise RequestError(f"No named range with id: {pr['namedRangeId']}")
        pr["range"] = copy.deepcopy(named["range"])  # kept in step by shift
    rng = pr.setdefault("range", {})
    rng.setdefault("sheetId", 0)
    sheet = bounds(edit, rng)[0]
    for inner in pr.get("unprotectedRanges") or []:
        inner.setdefault("sheetId", 0)
        bounds(edit, inner)
        if inner["sheetId"] != rng["sheetId"]:
            raise RequestError("unprotectedRanges must be on the same sheet as the protected range.")
    if pr.get("warningOnly"):
        if (pr.get("editors") or {}).get("users") or (pr.get("editors") or {}).get("groups"):
            raise RequestError("Editors are not supported with warningOnly protection.")
        pr.pop("editors", None)
    else:
        pr.pop("warningOnly", None)
        editors = pr.setdefault("editors", {})
        owner = edit.store.world.drive.owner_of(edit.spreadsheet["spreadsheetId"])
        users = {u.lower() for u in editors.get("users", [])} | {edit.user}
        if owner:
            users.add(owner)
        editors["users"] = sorted(users)
    pr.pop("requestingUserCanEdit", None)  # read-only: worked out for each reader
    return sheet


@request("addProtectedRange")
def add_protected_range(edit, body: dict):
    pr = without_nulls(body.get("protectedRange") or {})
    if pr.get("range") is not None and pr.get("namedRangeId"):
        raise RequestError("Only one of range or namedRangeId may be set.")
    claim_id(edit, pr, "protectedRangeId", find, "protected range")
    sheet = _normalise(edit, pr)
    sheet["protectedRanges"].append(pr)
    return {"protectedRange": {**copy.deepcopy(pr), "requestingUserCanEdit": True}}


@request("updateProtectedRange")
def update_protected_range(edit, body: dict):
    source = body.get("protectedRange") or {}
    sheet, current = find(edit, source.get("protectedRangeId"))
    if not may_edit(edit, current):
        raise protected_error()
    updated, tree = masked_update(current, source, body.get("fields"), FIELDS)
    keep_one_target(updated, source, tree)
    replace_on_sheet("protectedRanges", sheet, current, _normalise(edit, updated), updated)


@request("deleteProtectedRange")
def delete_protected_range(edit, body: dict):
    sheet, current = find(edit, body.get("protectedRangeId"))
    if not may_edit(edit, current):
        raise protected_error()
    sheet["protectedRanges"].remove(current)
