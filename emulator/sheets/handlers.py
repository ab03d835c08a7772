"""Sheets v4 handlers: spreadsheets (create, get, getByDataFilter), values and
developer metadata (https://developers.google.com/sheets/api/reference/rest).

Thin: each reads its parameters, finds the spreadsheet (404 for an unknown ID, 403
for one the caller may not open or may not write) and calls into ``values``,
``append``, ``datafilter`` and ``spreadsheet``. Every write checks protected
ranges before it changes anything and tells Drive the file changed.
"""

from __future__ import annotations

from ..core import fields
from ..core.call import handles
from ..core.errors import invalid_argument, not_found
from . import a1, append, spreadsheet, values
from .datafilter import Metadata, areas_for, current_metadata, metadata_for
from .formulas import Book
from .requests import metadata  # noqa: F401  (registers the developer metadata requests)


def _store(call):
    return call.world.sheets


def _open(call, write: bool = False) -> dict:
    return _store(call).get_spreadsheet(call.user, call.params["spreadsheetId"], write=write)


def _grid_wanted(call, include_grid) -> bool:
    if call.params.get("fields"):
        return spreadsheet.wants_grid(fields.parse(call.params["fields"]))
    return bool(include_grid)


# -- spreadsheets ------------------------------------------------------------------

@handles("sheets.spreadsheets.create")
def spreadsheets_create(call):
    ss = spreadsheet.create(_store(call), call.user, call.body or {})
    return spreadsheet.render(_store(call), ss, call.user, grid=_grid_wanted(call, False))


@handles("sheets.spreadsheets.get")
def spreadsheets_get(call):
    ss = _open(call)
    areas = [a1.resolve(ss, r) for r in call.params.get("ranges") or []]
    return spreadsheet.render(_store(call), ss, call.user, areas or None,
                              _grid_wanted(call, call.params.get("includeGridData")))


@handles("sheets.spreadsheets.getByDataFilter")
def spreadsheets_get_by_data_filter(call):
    ss = _open(call)
    body = call.body or {}
    everything = Metadata(_store(call), ss)
    areas = [area for f in body.get("dataFilters") or []
             for area in areas_for(_store(call), ss, f, everything)]
    return spreadsheet.render(_store(call), ss, call.user, areas or None,
                              _grid_wanted(call, body.get("includeGridData")))


# -- values: reading -----------------------------------------------------------------

def _read_options(source: dict, response: bool = False) -> tuple[str, str]:
    """valueRenderOption and dateTimeRenderOption (``response...`` ones for the
    values a write answers with), with Google's defaults."""
    render, dates = (("responseValueRenderOption", "responseDateTimeRenderOption") if response
                     else ("valueRenderOption", "dateTimeRenderOption"))
    return source.get(render) or values.FORMATTED, source.get(dates) or values.SERIAL


@handles("sheets.spreadsheets.values.get")
def values_get(call):
    ss = _open(call)
    area = a1.resolve(ss, call.params["range"])
    return values.value_range(area, *_read_options(call.params), call.params.get("majorDimension"),
                              Book(ss))


@handles("sheets.spreadsheets.values.batchGet")
def values_batch_get(call):
    ss = _open(call)
    areas = [a1.resolve(ss, r) for r in call.params.get("ranges") or []]
    options, book = _read_options(call.params), Book(ss)
    answer = {"spreadsheetId": ss["spreadsheetId"]}
    if areas:
        answer["valueRanges"] = [values.value_range(a, *options, call.params.get("majorDimension"), book)
                                 for a in areas]
    return answer


@handles("sheets.spreadsheets.values.batchGetByDataFilter")
def values_batch_get_by_data_filter(call):
    ss = _open(call)
    body = call.body or {}
    options, book = _read_options(body), Book(ss)
    everything = Metadata(_store(call), ss)   # a read moves nothing: found once
    matched: dict[tuple, dict] = {}
    for data_filter in body.get("dataFilters") or []:
        for area in areas_for(_store(call), ss, data_filter, everything):
            key = (area.sheet_id, *area.bounds())
            if key not in matched:
                matched[key] = {"valueRange": values.value_range(area, *options, body.get("majorDimension"), book),
                                "dataFilters": []}
            matched[key]["dataFilters"].append(data_filter)
    answer = {"spreadsheetId": ss["spreadsheetId"]}
    if matched:
        answer["valueRanges"] = list(matched.values())
    return answer


# -- values: writing -----------------------------------------------------------------

class _Writes:
    """The writes of one call: planned and checked first, then applied together."""

    def __init__(self, call, ss: dict, option: str):
        self.call, self.ss, self.option = call, ss, values.input_option(option)
        self.planned: list[tuple[values.Write, object]] = []

    def plan(self, area, value_range: dict, tag=None) -> None:
        write = values.plan(area, value_range.get("values"), value_range.get("majorDimension"))
        values.check(_store(self.call), self.ss, self.call.user, write)
        self.planned.append((write, tag))

    def apply(self, include: bool, render_source: dict) -> list[tuple]:
        store, out = _store(self.call), []
        for write, tag in self.planned:
            result = values.apply(store, self.ss, write, self.option)
            out.append((write, tag, result))
        if any(r["updatedCells"] for _, _, r in out):
            store.touch(self.ss["spreadsheetId"])
        if include:
            options, book = _read_options(render_source, response=True), Book(self.ss)
            for write, _, result in out:
                result["updatedData"] = values.value_range(_written_area(write), *options, book=book)
        return out


def _written_area(write: values.Write):
    if not write.area.anchor:
        return write.area
    r0, r1, c0, c1 = write.cells
    return a1.Area(write.area.sheet, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))


def _totals(results: list[tuple]) -> dict:
    rows, cols, sheets, cells = set(), set(), set(), 0
    for write, _, result in results:
        sid = write.area.sheet_id
        r0, r1, c0, c1 = write.cells
        for i, line in enumerate(write.rows):
            for j, value in enumerate(line):
                if value is not None:
                    rows.add((sid, r0 + i))
                    cols.add((sid, c0 + j))
                    sheets.add(sid)
        cells += result["updatedCells"]
    return values.without_zeros({"totalUpdatedRows": len(rows), "totalUpdatedColumns": len(cols),
                                 "totalUpdatedCells": cells, "totalUpdatedSheets": len(sheets)})


@handles("sheets.spreadsheets.values.update")
def values_update(call):
    ss = _open(call, write=True)
    body = call.body or {}
    area = a1.resolve(ss, call.params["range"])
    if body.get("range") and a1.resolve(ss, body["range"]).bounds() != area.bounds():
        raise invalid_argument(f"Requested update range [{body['range']}] does not match the "
                               f"range in the request URL [{call.params['range']}].")
    writes = _Writes(call, ss, call.params.get("valueInputOption"))
    writes.plan(area, body)
    [(_, _, result)] = writes.apply(call.params.get("includeValuesInResponse"), call.params)
    return {"spreadsheetId": ss["spreadsheetId"], **values.without_zeros(result)}


@handles("sheets.spreadsheets.values.batchUpdate")
def values_batch_update(call):
    ss = _open(call, write=True)
    body = call.body or {}
    writes = _Writes(call, ss, body.get("valueInputOption"))
    for value_range in body.get("data") or []:
        writes.plan(a1.resolve(ss, value_range.get("range") or ""), value_range)
    results = writes.apply(body.get("includeValuesInResponse"), body)
    answer = {"spreadsheetId": ss["spreadsheetId"], **_totals(results)}
    if results:
        answer["responses"] = [{"spreadsheetId": ss["spreadsheetId"], **values.without_zeros(r)}
                               for _, _, r in results]
    return answer


@handles("sheets.spreadsheets.values.batchUpdateByDataFilter")
def values_batch_update_by_data_filter(call):
    ss = _open(call, write=True)
    body = call.body or {}
    writes = _Writes(call, ss, body.get("valueInputOption"))
    everything = Metadata(_store(call), ss)   # writes are applied after every filter is read
    for item in body.get("data") or []:
        for area in areas_for(_store(call), ss, item.get("dataFilter") or {}, everything):
            writes.plan(area, item, tag=item.get("dataFilter"))
    results = writes.apply(body.get("includeValuesInResponse"), body)
    answer = {"spreadsheetId": ss["spreadsheetId"], **_totals(results)}
    if results:
        answer["responses"] = [{"dataFilter": tag, **values.without_zeros(r)} for _, tag, r in results]
    return answer


@handles("sheets.spreadsheets.values.append")
def values_append(call):
    ss = _open(call, write=True)
    option = values.input_option(call.params.get("valueInputOption"))
    area = a1.resolve(ss, call.params["range"])
    answer, write = append.append(_store(call), ss, call.user, area, call.body or {}, option,
                                  call.params.get("insertDataOption"))
    if answer["updates"].get("updatedCells"):
        _store(call).touch(ss["spreadsheetId"])
    if call.params.get("includeValuesInResponse"):
        answer["updates"]["updatedData"] = values.value_range(
            _written_area(write), *_read_options(call.params, response=True), book=Book(ss))
    return answer


# -- values: clearing ------------------------------------------------------------------

def _clear(call, ss: dict, areas: list) -> list[str]:
    store = _store(call)
    for area in areas:
        r0, r1, c0, c1 = area.bounds()
        store.check_editable(ss, call.user, area.sheet, r0, r1, c0, c1)
    for area in areas:
        values.clear(store, area.sheet, *area.bounds())
    if areas:
        store.touch(ss["spreadsheetId"])
    return [area.a1() for area in areas]


@handles("sheets.spreadsheets.values.clear")
def values_clear(call):
    ss = _open(call, write=True)
    [cleared] = _clear(call, ss, [a1.resolve(ss, call.params["range"])])
    return {"spreadsheetId": ss["spreadsheetId"], "clearedRange": cleared}


@handles("sheets.spreadsheets.values.batchClear")
def values_batch_clear(call):
    ss = _open(call, write=True)
    areas = [a1.resolve(ss, r) for r in (call.body or {}).get("ranges") or []]
    return _cleared(call, ss, areas)


@handles("sheets.spreadsheets.values.batchClearByDataFilter")
def values_batch_clear_by_data_filter(call):
    ss = _open(call, write=True)
    filters = (call.body or {}).get("dataFilters") or []
    everything = Metadata(_store(call), ss)
    areas = [area for f in filters for area in areas_for(_store(call), ss, f, everything)]
    return _cleared(call, ss, areas)


def _cleared(call, ss: dict, areas: list) -> dict:
    """Clear the areas; the batchClear answer (clearedRanges only when any)."""
    answer = {"spreadsheetId": ss["spreadsheetId"]}
    cleared = _clear(call, ss, areas)
    if cleared:
        answer["clearedRanges"] = cleared
    return answer


# -- developer metadata ------------------------------------------------------------------

@handles("sheets.spreadsheets.developerMetadata.get")
def developer_metadata_get(call):
    ss = _open(call)
    wanted = call.params["metadataId"]  # an integer: the core types path parameters
    for meta in current_metadata(_store(call), ss):
        if meta["metadataId"] == wanted:
            return meta
    raise not_found(f"No developer metadata with ID: {wanted}")


@handles("sheets.spreadsheets.developerMetadata.search")
def developer_metadata_search(call):
    ss = _open(call)
    store = _store(call)
    everything = Metadata(store, ss)
    matched: dict[int, dict] = {}
    for data_filter in (call.body or {}).get("dataFilters") or []:
        for meta in metadata_for(store, ss, data_filter, everything):
            entry = matched.setdefault(meta["metadataId"], {"developerMetadata": meta, "dataFilters": []})
            entry["dataFilters"].append(data_filter)
    ordered = sorted(matched.values(), key=lambda e: e["developerMetadata"]["metadataId"])
    return {"matchedDeveloperMetadata": ordered} if ordered else {}
