"""createDeveloperMetadata, updateDeveloperMetadata, deleteDeveloperMetadata
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#createdevelopermetadatarequest,
https://developers.google.com/sheets/api/guides/metadata).

Metadata lives in ``spreadsheet["metadata"]`` by ID. Row and column metadata is
also attached to the row or column object (its ``meta`` list), which is where its
location is read from: it moves with its row through insert, delete, move and
sort. A DimensionRange location must be exactly one row or one column.
"""

from __future__ import annotations

import copy

from ...core.errors import GoogleApiError, invalid_argument
from ..datafilter import Metadata, current_metadata, location_type, metadata_for
from . import request

VISIBILITIES = ("DOCUMENT", "PROJECT")
UPDATABLE = ("metadataKey", "metadataValue", "visibility", "location")


class MetadataError(Exception):
    """A refused metadata request; worded by whoever reports it."""


def add_metadata(store, ss: dict, spec: dict) -> dict:
    """Create one developer metadata entry from a DeveloperMetadata; return it."""
    if not spec.get("metadataKey"):
        raise MetadataError("Developer metadata must always have a key specified.")
    if spec.get("visibility") not in VISIBILITIES:
        raise MetadataError("Developer metadata must always have visibility specified.")
    mid = spec.get("metadataId")
    if mid is None:
        mid = store.next_metadata_id(ss)
    elif mid <= 0:
        raise MetadataError(f"Developer metadata IDs must be positive; got {mid}.")
    elif mid in ss["metadata"]:
        raise MetadataError(f"A developer metadata entry with ID {mid} already exists.")
    meta = {"metadataId": mid, "metadataKey": spec["metadataKey"],
            "visibility": spec["visibility"]}
    if spec.get("metadataValue") is not None:
        meta["metadataValue"] = spec["metadataValue"]
    meta["location"] = _place(store, ss, mid, spec.get("location"))
    ss["metadata"][mid] = meta
    # Just placed, its location is where it is now (what current_metadata would
    # find, without looking at every row: a batch may create one per row).
    return copy.deepcopy(meta)


def _place(store, ss: dict, mid: int, location: dict | None) -> dict:
    """Check a location, attach row/column metadata to its row or column, and
    return the location as stored."""
    if not location:
        raise MetadataError("Developer metadata must have a location specified.")
    kind = location_type(location)
    if kind == "SPREADSHEET":
        return {"locationType": "SPREADSHEET", "spreadsheet": True}
    if kind == "SHEET":
        store.sheet_by_id(ss, location["sheetId"])
        return {"locationType": "SHEET", "sheetId": location["sheetId"]}
    if kind not in ("ROW", "COLUMN"):
        raise MetadataError("A developer metadata location must be the spreadsheet, a sheet, "
                            "a row or a column.")
    span = location["dimensionRange"]
    sheet = store.sheet_by_id(ss, span.get("sheetId", 0))
    start, end = span.get("startIndex"), span.get("endIndex")
    if start is None or end is None or end - start != 1:
        raise MetadataError("The specified DimensionRange must represent a single row or "
                            "column. It cannot be unbounded or span multiple rows or columns.")
    items = sheet["rows"] if kind == "ROW" else sheet["columns"]
    if not 0 <= start < len(items):
        word = "rows" if kind == "ROW" else "columns"
        raise MetadataError(f"Index {start} is outside the sheet's {len(items)} {word}.")
    items[start]["meta"].append(mid)
    return {"locationType": kind, "dimensionRange": {
        "sheetId": sheet["properties"]["sheetId"], "dimension": span["dimension"],
        "startIndex": start, "endIndex": end}}


def _detach(ss: dict, mid: int) -> None:
    for sheet in ss["sheets"]:
        for item in sheet["rows"] + sheet["columns"]:
            if mid in item["meta"]:
                item["meta"].remove(mid)


def _current(store, ss: dict, mids) -> list[dict]:
    """The entries as they are now (rows found in one pass), as stored if gone."""
    now = {meta["metadataId"]: meta for meta in current_metadata(store, ss)}
    return [copy.deepcopy(now.get(mid, ss["metadata"][mid])) for mid in mids]


def _fields(text: str | None) -> list[str]:
    if not text:
        raise MetadataError("At least one field must be specified in 'fields'.")
    names = [name.strip() for name in text.split(",") if name.strip()]
    if names == ["*"]:
        return list(UPDATABLE)
    for name in names:
        if name.split(".")[0] not in UPDATABLE:
            raise MetadataError(f"Field '{name}' cannot be updated.")
    return [name.split(".")[0] for name in names]


def _refuse(edit, kind: str, err: MetadataError) -> GoogleApiError:
    return invalid_argument(f"Invalid requests[{edit.index}].{kind}: {err}")


# -- the requests ------------------------------------------------------------------

@request("createDeveloperMetadata")
def create_developer_metadata(edit, body: dict) -> dict:
    try:
        meta = add_metadata(edit.store, edit.spreadsheet, body.get("developerMetadata") or {})
    except MetadataError as err:
        raise _refuse(edit, "createDeveloperMetadata", err) from None
    return {"developerMetadata": meta}


@request("updateDeveloperMetadata")
def update_developer_metadata(edit, body: dict) -> dict:
    ss, store = edit.spreadsheet, edit.store
    try:
        fields = _fields(body.get("fields"))
        filters = body.get("dataFilters") or []
        if not filters:
            raise MetadataError("At least one data filter must be specified.")
        new = body.get("developerMetadata") or {}
        everything = Metadata(store, ss)
        chosen: dict[int, dict] = {}
        for data_filter in filters:
            for meta in metadata_for(store, ss, data_filter, everything):
                chosen[meta["metadataId"]] = meta
        for mid in chosen:
            stored = ss["metadata"][mid]
            if "metadataKey" in fields:
                if not new.get("metadataKey"):
                    raise MetadataError("Developer metadata must always have a key specified.")
                stored["metadataKey"] = new["metadataKey"]
            if "metadataValue" in fields:
                if new.get("metadataValue") is None:
                    stored.pop("metadataValue", None)
                else:
                    stored["metadataValue"] = new["metadataValue"]
            if "visibility" in fields:
                if new.get("visibility") not in VISIBILITIES:
                    raise MetadataError("Developer metadata must always have visibility specified.")
                stored["visibility"] = new["visibility"]
            if "location" in fields:
                _detach(ss, mid)
                stored["location"] = _place(store, ss, mid, new.get("location"))
    except MetadataError as err:
        raise _refuse(edit, "updateDeveloperMetadata", err) from None
    return {"developerMetadata": _current(store, ss, chosen)}


@request("deleteDeveloperMetadata")
def delete_developer_metadata(edit, body: dict) -> dict:
    ss, store = edit.spreadsheet, edit.store
    if not body.get("dataFilter"):
        raise _refuse(edit, "deleteDeveloperMetadata", MetadataError("A dataFilter must be specified."))
    gone = metadata_for(store, ss, body["dataFilter"])
    for meta in gone:
        _detach(ss, meta["metadataId"])
        ss["metadata"].pop(meta["metadataId"], None)
    return {"deletedDeveloperMetadata": [copy.deepcopy(m) for m in gone]}
