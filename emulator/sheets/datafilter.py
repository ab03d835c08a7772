"""DataFilter and DeveloperMetadataLookup: which ranges and which developer metadata a
filter selects (https://developers.google.com/sheets/api/reference/rest/v4/DataFilter,
https://developers.google.com/sheets/api/guides/metadata).

A filter is exactly one of ``a1Range``, ``gridRange`` or ``developerMetadataLookup``.
A lookup selects the metadata matching every field it sets; its ``metadataLocation``
matches the exact location or, by default, every intersecting one (a row intersects
the columns and the sheet it crosses; the spreadsheet intersects only itself). The
data a metadata entry selects is its row, column or sheet.

Visibility: every request comes from the same (absent) project here, so PROJECT
metadata is visible to all callers.
"""

from __future__ import annotations

from ..core.errors import invalid_argument
from . import a1
from .a1 import Area

INFINITE = float("inf")
FIELDS = ("developerMetadataLookup", "a1Range", "gridRange")


# -- locations -------------------------------------------------------------------

def location_type(location: dict) -> str | None:
    """ROW, COLUMN, SHEET or SPREADSHEET, whichever field the location sets."""
    if location.get("spreadsheet"):
        return "SPREADSHEET"
    if location.get("dimensionRange") is not None:
        dimension = location["dimensionRange"].get("dimension")
        return {"ROWS": "ROW", "COLUMNS": "COLUMN"}.get(dimension)
    if location.get("sheetId") is not None:
        return "SHEET"
    kind = location.get("locationType")
    return kind if kind == "SPREADSHEET" else None


def region(location: dict):
    """A location as ``"SPREADSHEET"`` or (sheetId, r0, r1, c0, c1) with open ends infinite."""
    kind = location_type(location)
    if kind == "SPREADSHEET":
        return "SPREADSHEET"
    if kind == "SHEET":
        return location["sheetId"], 0, INFINITE, 0, INFINITE
    if kind in ("ROW", "COLUMN"):
        span = location["dimensionRange"]
        lo, hi = span.get("startIndex", 0), span.get("endIndex", INFINITE)
        sid = span.get("sheetId", 0)
        return (sid, lo, hi, 0, INFINITE) if kind == "ROW" else (sid, 0, INFINITE, lo, hi)
    raise invalid_argument("Invalid metadataLocation: a location must set spreadsheet, "
                           "sheetId or dimensionRange.")


def area_region(area: Area):
    r0, r1, c0, c1 = area.bounds()
    return area.sheet_id, r0, r1, c0, c1


def intersects(a, b) -> bool:
    if a == "SPREADSHEET" or b == "SPREADSHEET":
        return a == b
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]


def same_location(a: dict, b: dict) -> bool:
    return location_type(a) == location_type(b) and region(a) == region(b)


# -- lookups ---------------------------------------------------------------------

def check_lookup(lookup: dict) -> None:
    strategy = lookup.get("locationMatchingStrategy", "DEVELOPER_METADATA_LOCATION_MATCHING_STRATEGY_UNSPECIFIED")
    kind = lookup.get("locationType", "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED")
    location = lookup.get("metadataLocation")
    specified = not strategy.endswith("UNSPECIFIED")
    if specified and location is None:
        raise invalid_argument("A metadataLocation must be specified when a "
                               "locationMatchingStrategy is specified.")
    if strategy == "EXACT_LOCATION" and not kind.endswith("UNSPECIFIED"):
        raise invalid_argument("locationType must be left unspecified when the "
                               "locationMatchingStrategy is EXACT_LOCATION.")
    if kind == "SPREADSHEET" and (strategy == "INTERSECTING_LOCATION" or (
            location is not None and location_type(location) != "SPREADSHEET")):
        raise invalid_argument("locationType cannot be SPREADSHEET when matching intersecting "
                               "locations or a location that is not the spreadsheet.")


def lookup_selects(lookup: dict, meta: dict) -> bool:
    for field in ("metadataId", "metadataKey", "metadataValue"):
        if field in lookup and lookup[field] != meta.get(field):
            return False
    visibility = lookup.get("visibility", "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED")
    if not visibility.endswith("UNSPECIFIED") and visibility != meta.get("visibility"):
        return False
    kind = lookup.get("locationType", "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED")
    if not kind.endswith("UNSPECIFIED") and kind != meta["location"].get("locationType"):
        return False
    location = lookup.get("metadataLocation")
    if location is not None:
        if lookup.get("locationMatchingStrategy") == "EXACT_LOCATION":
            return same_location(location, meta["location"])
        return intersects(region(location), region(meta["location"]))
    return True


def current_metadata(store, ss: dict) -> list[dict]:
    """Every developer metadata entry with its location as of now (row and column
    metadata follow their rows); entries of deleted sheets are gone."""
    sheet_ids = {s["properties"]["sheetId"] for s in ss["sheets"]}
    out = []
    for meta in store.metadata_locations(ss).values():
        loc = meta["location"]
        if loc.get("locationType") == "SHEET" and loc.get("sheetId") not in sheet_ids:
            continue
        out.append(meta)
    return out


class Metadata:
    """Every developer metadata entry as of now (``current_metadata``: one pass over
    the rows and columns), with the entries of each ID, key and value, so that a
    lookup naming any of them tests only the fewest entries that could match, in
    the order a full scan meets them (a service's columns share one key and differ
    by value). Made for one call, or one request of a batchUpdate, and dropped with
    it: nothing keeps it past a change to the spreadsheet."""

    FIELDS = ("metadataId", "metadataKey", "metadataValue")

    def __init__(self, store, ss: dict):
        self.entries = current_metadata(store, ss)
        self._by: dict[str, dict] = {field: {} for field in self.FIELDS}
        for meta in self.entries:
            for field, index in self._by.items():   # no value: under None, as .get sees it
                index.setdefault(meta.get(field), []).append(meta)

    def select(self, lookup: dict) -> list[dict]:
        """The entries a DeveloperMetadataLookup selects (``lookup_selects``)."""
        candidates = self.entries
        for field, index in self._by.items():
            if field in lookup:
                try:
                    found = index.get(lookup[field], [])
                except TypeError:   # unhashable: no entry has it (lookup_selects agrees)
                    found = []
                if len(found) < len(candidates):
                    candidates = found
        return [m for m in candidates if lookup_selects(lookup, m)]


# -- filters ---------------------------------------------------------------------

def check_filter(data_filter: dict) -> str:
    """The one field a DataFilter sets."""
    set_fields = [f for f in FIELDS if data_filter.get(f) is not None]
    if len(set_fields) != 1:
        raise invalid_argument("Invalid dataFilter: exactly one of developerMetadataLookup, "
                               "a1Range or gridRange must be set.")
    if set_fields[0] == "developerMetadataLookup":
        check_lookup(data_filter["developerMetadataLookup"])
    return set_fields[0]


def filter_area(ss: dict, data_filter: dict) -> Area:
    if data_filter.get("a1Range") is not None:
        return a1.resolve(ss, data_filter["a1Range"])
    return a1.from_grid_range(ss, data_filter["gridRange"])


def metadata_for(store, ss: dict, data_filter: dict,
                 everything: Metadata | None = None) -> list[dict]:
    """The developer metadata a filter selects: by lookup, or every entry whose
    location intersects the filter's range. ``everything``: the spreadsheet's
    metadata as of now, when the caller reads several filters at once."""
    kind = check_filter(data_filter)
    everything = Metadata(store, ss) if everything is None else everything
    if kind == "developerMetadataLookup":
        return everything.select(data_filter[kind])
    target = area_region(filter_area(ss, data_filter))
    return [m for m in everything.entries if intersects(target, region(m["location"]))]


def areas_for(store, ss: dict, data_filter: dict, everything: Metadata | None = None) -> list[Area]:
    """The ranges a filter selects: its own range, or the rows, columns and sheets
    of the metadata its lookup selects (spreadsheet metadata has no cells)."""
    kind = check_filter(data_filter)
    if kind != "developerMetadataLookup":
        return [filter_area(ss, data_filter)]
    areas = []
    for meta in metadata_for(store, ss, data_filter, everything):
        loc = meta["location"]
        kind = loc.get("locationType")
        if kind == "SPREADSHEET":
            continue
        if kind == "SHEET":
            sheet = _sheet(ss, loc["sheetId"])
            areas.append(Area(sheet, 0, None, 0, None))
            continue
        span = loc["dimensionRange"]
        sheet = _sheet(ss, span["sheetId"])
        if kind == "ROW":
            areas.append(Area(sheet, span["startIndex"], span["endIndex"], 0, None))
        else:
            areas.append(Area(sheet, 0, None, span["startIndex"], span["endIndex"]))
    return areas


def _sheet(ss: dict, sheet_id: int) -> dict:
    from .models import SheetsStore
    return SheetsStore.sheet_by_id(ss, sheet_id)
