"""``sheets.spreadsheets.batchUpdate``
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/batchUpdate).

Every request of one call is applied, in order, to a deep copy of the spreadsheet;
the copy replaces the stored spreadsheet only if all of them succeed, so one
invalid request leaves the spreadsheet untouched ("If any request is not valid
then the entire request will fail and nothing will be applied"). The error names
the request as Google does: ``Invalid requests[1].deleteSheet: No sheet with id: 5.``
Replies mirror the requests one for one, ``{}`` for those without a reply.

The request kinds live in ``requests/``, one module per family; every module
there is loaded here, so a new family only needs its file.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..core import discovery
from ..core import fields as field_masks
from ..core.call import handles
from ..core.errors import invalid_argument
from . import a1, colors
from . import requests as request_kinds
from . import spreadsheet as rendering
from .requests import REQUESTS, Edit
from .models import clone
from .requests.grid import RequestError

for _module in pkgutil.iter_modules(request_kinds.__path__):
    importlib.import_module(f"{request_kinds.__name__}.{_module.name}")


def request_names() -> list[str]:
    """Every request kind the discovery document allows (the ``Request`` union)."""
    return sorted(discovery.load("sheets.v4").schemas["Request"]["properties"])


def unsupported() -> list[str]:
    """Request kinds valid per discovery that the emulator answers with 400."""
    return [name for name in request_names() if name not in REQUESTS]


@handles("sheets.spreadsheets.batchUpdate")
def spreadsheets_batch_update(call) -> dict:
    store = call.world.sheets
    spreadsheet_id = call.params["spreadsheetId"]
    original = store.get_spreadsheet(call.user, spreadsheet_id, write=True)
    body = call.body or {}
    requests = body.get("requests") or []
    if not requests:
        raise invalid_argument("Must specify at least one request.")
    working = working_copy(original)
    edit = Edit(working, store, call.user)
    replies = [_apply(edit, index, req or {}) for index, req in enumerate(requests)]
    answer = {"spreadsheetId": spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):  # before committing: a bad range is a 400
        answer["updatedSpreadsheet"] = _updated(call, store, working, body)

    store.spreadsheets[spreadsheet_id] = working
    drive_file = call.world.drive.files[spreadsheet_id]
    if drive_file["name"] != working["properties"]["title"]:
        drive_file["name"] = working["properties"]["title"]  # one file, whichever API renames it
    store.touch(spreadsheet_id)
    return answer


def working_copy(spreadsheet: dict) -> dict:
    """A copy to apply requests to, made for speed: rows, columns and everything else
    are copied, but cells are shared, because requests never change a cell in place
    (they build a new CellData and put it in the row's list). A deep copy of a
    ten-tab master sheet costs a second; this costs a few milliseconds per tab."""
    out = {k: clone(v) for k, v in spreadsheet.items() if k != "sheets"}
    out["sheets"] = []
    for sheet in spreadsheet["sheets"]:
        tab = {k: clone(v) for k, v in sheet.items() if k not in ("rows", "columns")}
        tab["rows"] = [{**row, "cells": row["cells"][:], "meta": row["meta"][:],
                        "props": clone(row["props"]) if row["props"] else {}}
                       for row in sheet["rows"]]
        tab["columns"] = [{**col, "meta": col["meta"][:],
                           "props": clone(col["props"]) if col["props"] else {}}
                          for col in sheet["columns"]]
        out["sheets"].append(tab)
    return out


def _apply(edit: Edit, index: int, req: dict) -> dict:
    kinds = [name for name, value in req.items() if value is not None]
    if not kinds:
        raise invalid_argument(f"Invalid requests[{index}]: No request kind is set.")
    if len(kinds) > 1:  # the front end's wording for a second member of a oneof
        raise invalid_argument(f"Invalid value at 'requests[{index}]' (oneof), oneof field "
                               f"'kind' is already set. Cannot set '{kinds[1]}'")
    kind = kinds[0]
    apply = REQUESTS.get(kind)
    if apply is None:
        raise invalid_argument(f"Invalid requests[{index}]: {kind} is not supported by the emulator.")
    edit.index = index
    body = req[kind]
    colors.normalize(body, colors.request_schema(kind), colors.theme_of(edit.spreadsheet))
    try:
        reply = apply(edit, body)
    except RequestError as err:
        raise invalid_argument(f"Invalid requests[{index}].{kind}: {err.message}") from None
    return {} if reply is None else {kind: reply}


def _updated(call, store, spreadsheet: dict, body: dict) -> dict:
    """The spreadsheet as ``get`` would show it, limited to ``responseRanges``, with
    grid data when ``responseIncludeGridData`` asks (ignored under a ``fields`` mask,
    which then decides)."""
    areas = [a1.resolve(spreadsheet, text) for text in body.get("responseRanges") or []]
    grid = bool(body.get("responseIncludeGridData"))
    if call.params.get("fields"):
        wanted = field_masks.parse(call.params["fields"])
        sub = wanted.get("updatedSpreadsheet", wanted.get("*"))
        grid = sub is True or (isinstance(sub, dict) and rendering.wants_grid(sub))
    return rendering.render(store, spreadsheet, call.user, areas or None, grid)
