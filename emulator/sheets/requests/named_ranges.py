"""Named ranges: addNamedRange, updateNamedRange, deleteNamedRange
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets#NamedRange).

Names follow the rules of Sheets' help page (support.google.com/docs/answer/63175):
letters, digits and underscores, not starting with a digit, not TRUE or FALSE, not
an A1 or R1C1 reference, 1 to 250 characters; names are unique ignoring case.
"""

from __future__ import annotations

import copy
import re
import secrets
import string

from . import request
from .grid import RequestError, bounds, masked_update, without_nulls

FIELDS = ("name", "range")
_A1 = re.compile(r"^[A-Za-z]{1,3}\d+$")
_R1C1 = re.compile(r"^[Rr]\d*[Cc]\d*$")


def _check_name(edit, name: str | None, except_id: str | None = None) -> None:
    if not name:
        raise RequestError("A named range needs a name.")
    if (len(name) > 250 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)
            or name.lower() in ("true", "false") or _A1.match(name) or _R1C1.match(name)):
        raise RequestError(f'Invalid name "{name}" for a named range. Names may hold only '
                           f"letters, numbers and underscores, must not start with a number, "
                           f"and must not be TRUE, FALSE or a cell reference.")
    for other in edit.spreadsheet["namedRanges"]:
        if other["namedRangeId"] != except_id and other["name"].lower() == name.lower():
            raise RequestError(f'A named range with the name "{name}" already exists.')


def find(edit, named_range_id) -> dict:
    for named in edit.spreadsheet["namedRanges"]:
        if named["namedRangeId"] == named_range_id:
            return named
    raise RequestError(f"No named range with id: {named_range_id}")


def _new_id(edit) -> str:
    taken = {n["namedRangeId"] for n in edit.spreadsheet["namedRanges"]}
    alphabet = string.ascii_lowercase + string.digits
    new = "".join(secrets.choice(alphabet) for _ in range(12))
    while new in taken:
        new = "".join(secrets.choice(alphabet) for _ in range(12))
    return new


@request("addNamedRange")
def add_named_range(edit, body: dict):
    named = without_nulls(body.get("namedRange") or {})
    _check_name(edit, named.get("name"))
    if named.get("namedRangeId"):
        if any(n["namedRangeId"] == named["namedRangeId"] for n in edit.spreadsheet["namedRanges"]):
            raise RequestError(f"A named range with id {named['namedRangeId']} already exists.")
    else:
        named["namedRangeId"] = _new_id(edit)
    named.setdefault("range", {}).setdefault("sheetId", 0)
    bounds(edit, named["range"])
    edit.spreadsheet["namedRanges"].append(named)
    return {"namedRange": copy.deepcopy(named)}


@request("updateNamedRange")
def update_named_range(edit, body: dict):
    source = body.get("namedRange") or {}
    current = find(edit, source.get("namedRangeId"))
    updated, tree = masked_update(current, source, body.get("fields"), FIELDS)
    if "name" in tree:
        _check_name(edit, updated.get("name"), except_id=current["namedRangeId"])
    updated.setdefault("range", {}).setdefault("sheetId", 0)
    bounds(edit, updated["range"])
    current.clear()
    current.update(updated)
    _refresh_dependants(edit, current)


@request("deleteNamedRange")
def delete_named_range(edit, body: dict):
    named = find(edit, body.get("namedRangeId"))
    edit.spreadsheet["namedRanges"].remove(named)


def _refresh_dependants(edit, named: dict) -> None:
    """Protected ranges on a named range keep a copy of its range: refresh it."""
    for sheet in edit.spreadsheet["sheets"]:
        for p in sheet["protectedRanges"]:
            if p.get("namedRangeId") == named["namedRangeId"]:
                p["range"] = copy.deepcopy(named["range"])
