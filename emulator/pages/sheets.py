"""The spreadsheet page: docs.google.com/spreadsheets/d/ID/edit, the link Drive's
webViewLink and Sheets' spreadsheetUrl give.

A simplified Google Sheets: tabs, the grid with its formats, frozen rows and columns,
conditional colours, dropdowns, checkboxes, links, notes and protected ranges, and the
tab's filter views to look through (``fvid``, sheets_filter.py); a person who may edit
can change a cell, sort the tab, and insert or delete a row. Every read and write is
an API call made as the signed-in person (``api``), so Drive sharing, protected
ranges and validation are exactly the API's. Actions are plain form posts answered
with a redirect back to the tab (POST-redirect-GET); spreadsheet.js lets a cell be
edited in place on top of the same form.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import make_response, redirect, request

from . import ApiError, api, error_page, pages, path, render, signed_in
from .sheets_filter import active_filter, apply, filter_views, runs, tested_columns
from .sheets_grid import ROW_HEADER_WIDTH, build, dropdown_ranges, letters, parse_cell, row_entries
from .sheets_look import bounds, color

PAGE_ROWS = 500   # rows rendered at once: a 3,000-row tab pages quickly, a phone copes
NOTICE = "emulator_sheet_notice"   # the refusal to show once after a redirect
META_FIELDS = ("spreadsheetId,properties.title,namedRanges(namedRangeId,range),"
               "sheets(properties,conditionalFormats,protectedRanges,filterViews,basicFilter)")
FILTER_FIELDS = ("sheets(data(startRow,startColumn,rowData.values(formattedValue,effectiveValue),"
                 "rowMetadata(hiddenByUser)))")
GRID_FIELDS = ("sheets(data(startRow,rowData.values(formattedValue,effectiveValue,userEnteredValue,"
               "userEnteredFormat,note,dataValidation,hyperlink,textFormatRuns),"
               "rowMetadata(pixelSize,hiddenByUser),columnMetadata(pixelSize,hiddenByUser)))")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _edit_url(spreadsheet_id: str, gid=None, page: int = 1, cell: str | None = None,
              fvid=None) -> str:
    query = {"gid": gid} if gid is not None else {}
    if fvid:
        query["fvid"] = fvid
    if page > 1:
        query["page"] = page
    if cell:
        query["cell"] = cell
    return f"/spreadsheets/d/{spreadsheet_id}/edit" + ("?" + urlencode(query) if query else "")


def _metadata(spreadsheet_id: str) -> dict:
    return api("GET", path("v4", "spreadsheets", spreadsheet_id), {"fields": META_FIELDS})


def _tab(meta: dict, gid) -> dict:
    """The tab ``gid`` names, else the first visible one (as Sheets opens a link)."""
    visible = [s for s in meta["sheets"] if not s["properties"].get("hidden")] or meta["sheets"]
    for sheet in visible:
        if str(sheet["properties"]["sheetId"]) == str(gid):
            return sheet
    return visible[0]


def _window(row_count: int, frozen: int, page: int) -> tuple[int, int, list[tuple[int, int]]]:
    """(page, pages, row spans to read): each page holds PAGE_ROWS rows, and the
    frozen header rows come again on top of every later page."""
    pages = max(1, -(-row_count // PAGE_ROWS))
    page = min(max(page, 1), pages)
    lo, hi = (page - 1) * PAGE_ROWS, min(page * PAGE_ROWS, row_count)
    spans = []
    if lo and frozen:
        spans.append((0, min(frozen, lo)))
        lo = max(lo, frozen)
    if lo < hi:
        spans.append((lo, hi))
    return page, pages, spans


def _dropdown_values(spreadsheet_id: str, data: list[dict]) -> dict[str, list[str]]:
    """The values ONE_OF_RANGE dropdowns offer, read in one batchGet."""
    ranges = sorted(dropdown_ranges(data))
    if not ranges:
        return {}
    try:
        answer = api("GET", path("v4", "spreadsheets", spreadsheet_id, "values:batchGet"), {"ranges": ranges})
    except ApiError:
        return {}   # a range that no longer parses offers nothing, as in Sheets
    return {wanted: [str(v) for line in got.get("values") or [] for v in line if str(v) != ""]
            for wanted, got in zip(ranges, answer.get("valueRanges") or [])}


@pages.get("/spreadsheets/d/<spreadsheet_id>")
@pages.get("/spreadsheets/d/<spreadsheet_id>/")
def spreadsheet_bare(spreadsheet_id):
    return redirect(_edit_url(spreadsheet_id, request.args.get("gid")))


@pages.get("/spreadsheets/d/<spreadsheet_id>/edit")
def spreadsheet_page(spreadsheet_id):
    """The tab ``gid``, PAGE_ROWS rows at a time (``page``), with ``cell`` selected."""
    try:
        context = _view(spreadsheet_id)
    except ApiError as err:
        return error_page(err)
    notice = request.cookies.get(NOTICE)
    answer = make_response(render("spreadsheet.html", notice=notice, **context))
    if notice:
        answer.delete_cookie(NOTICE, path=request.path)
    return answer


def _view(spreadsheet_id: str) -> dict:
    meta = _metadata(spreadsheet_id)
    drive_file = api("GET", path("drive", "v3", "files", spreadsheet_id),
                     {"fields": "owners(emailAddress),capabilities(canEdit)"})
    sheet = _tab(meta, request.args.get("gid"))
    props = sheet["properties"]
    grid_props = props.get("gridProperties") or {}
    row_count, frozen = grid_props.get("rowCount", 0), grid_props.get("frozenRowCount", 0)
    selected = parse_cell(request.args.get("cell", ""))
    page = request.args.get("page", type=int)
    flt = active_filter(sheet, request.args.get("fvid"), meta.get("namedRanges") or [])
    rows, filter_view = None, None
    if flt:
        data, rows, filter_view, page, pages_count = _filtered(spreadsheet_id, props, flt, selected, page)
        spans = []
    else:
        if selected and (page is None or request.args.get("go")):
            page = selected[0] // PAGE_ROWS + 1 if selected[0] >= frozen else 1
        page, pages_count, spans = _window(row_count, frozen, page or 1)
        data = _grid(spreadsheet_id, props["title"], spans, GRID_FIELDS)
    owner = ((drive_file.get("owners") or [{}])[0]).get("emailAddress")
    grid = build(sheet, data, owner, signed_in(), _dropdown_values(spreadsheet_id, data), selected, rows)
    gid = props["sheetId"]
    fvid = flt.view_id if flt else None
    # The selected cell as the formula bar shows it (empty when it is not on this page).
    chosen = grid.selected or {"text": "", "dropdown": None}
    chosen.update({"ref": "", "row": "", "column": ""} if not selected else
                  {"ref": f"{letters(selected[1])}{selected[0] + 1}", "row": selected[0] + 1,
                   "column": letters(selected[1])})
    shown = spans[-1] if spans else (0, 0)
    return {
        "title": meta["properties"]["title"], "spreadsheet_id": spreadsheet_id, "gid": gid,
        "tabs": [{"gid": s["properties"]["sheetId"], "title": s["properties"]["title"],
                  "current": s is sheet,
                  "color": color(s["properties"].get("tabColorStyle"), s["properties"].get("tabColor"))}
                 for s in meta["sheets"] if not s["properties"].get("hidden")],
        "grid": grid, "chosen": chosen,
        "choices": grid.dropdowns[chosen["dropdown"]]["values"] if chosen["dropdown"] is not None else [],
        "can_edit": bool((drive_file.get("capabilities") or {}).get("canEdit")),
        "filter_views": filter_views(sheet), "fvid": fvid, "filter": filter_view,
        "page": page, "pages": pages_count, "page_rows": PAGE_ROWS, "row_count": row_count,
        "first_row": shown[0] + 1, "last_row": shown[1],
        "action": _edit_url(spreadsheet_id),
        "here_url": _edit_url(spreadsheet_id, gid, page, fvid=fvid),
        "close_url": _edit_url(spreadsheet_id, gid),
        "prev_url": _edit_url(spreadsheet_id, gid, page - 1, fvid=fvid) if page > 1 else None,
        "next_url": _edit_url(spreadsheet_id, gid, page + 1, fvid=fvid) if page < pages_count else None,
        "width": ROW_HEADER_WIDTH + sum(c.width for c in grid.columns),
    }


def _grid(spreadsheet_id: str, title: str, spans: list[tuple[int, int]], fields: str,
          columns: str = "") -> list[dict]:
    """The GridData of row spans (0-based, end excluded) and of ``columns`` ("D:D"
    whole), in one spreadsheets.get; with neither, of the whole tab (a tab without
    rows: its columns)."""
    ranges = [f"{_quoted(title)}!{lo + 1}:{hi}" for lo, hi in spans]
    ranges += [f"{_quoted(title)}!{c}" for c in columns.split()]
    if not ranges:
        ranges = [_quoted(title)]
    answer = api("GET", path("v4", "spreadsheets", spreadsheet_id),
                 {"ranges": ranges, "includeGridData": True, "fields": fields})
    return answer["sheets"][0].get("data") or []


def _filtered(spreadsheet_id: str, props: dict, flt, selected, page: int | None):
    """(GridData, the rows to show, what the filter bar says, page, pages): the frozen
    rows, then PAGE_ROWS of the rows the filter keeps, in its order. The columns the
    filter reads come first, whole; then only the rows of the page, in full."""
    grid_props = props.get("gridProperties") or {}
    row_count, frozen = grid_props.get("rowCount", 0), grid_props.get("frozenRowCount", 0)
    needed = tested_columns(flt)
    cells: dict[int, dict[int, dict]] = {}
    hidden = {}
    tested = _grid(spreadsheet_id, props["title"], [], FILTER_FIELDS,
                   " ".join(f"{letters(c)}:{letters(c)}" for c in needed)) if needed else []
    for grid in tested:
        start, col = grid.get("startRow", 0), grid.get("startColumn", 0)
        for k, row in enumerate(grid.get("rowData") or []):
            cells.setdefault(start + k, {})[col] = ((row.get("values") or [{}])[0])
        for k, meta in enumerate(grid.get("rowMetadata") or []):
            hidden[start + k] = meta
    entries = [(i, {"values": [cells.get(i, {}).get(c, {}) for c in range(max(needed, default=-1) + 1)]},
                hidden.get(i, {})) for i in range(row_count)]
    kept, skipped = apply(flt, entries)
    head = [e[0] for e in kept if e[0] < frozen]
    body = [e[0] for e in kept if e[0] >= frozen]
    pages_count = max(1, -(-len(body) // PAGE_ROWS))
    if selected and (page is None or request.args.get("go")):
        page = (body.index(selected[0]) if selected[0] in body else 0) // PAGE_ROWS + 1
    page = min(max(page or 1, 1), pages_count)
    shown = head + body[(page - 1) * PAGE_ROWS: page * PAGE_ROWS]
    # (Nothing shown: one row is read for the columns' widths.)
    data = _grid(spreadsheet_id, props["title"], runs(shown) or [(0, 1)][:row_count], GRID_FIELDS)
    full = {e[0]: e for e in row_entries(data)}
    r0, r1, _, _ = bounds(flt.grid_range)
    described = {
        "title": flt.title, "view": flt.view_id is not None, "skipped": skipped,
        "shown": sum(1 for e in kept if r0 < e[0] < r1),
        "total": sum(1 for e in entries if r0 < e[0] < r1),
        "first": (page - 1) * PAGE_ROWS + 1, "last": min(page * PAGE_ROWS, len(body)),
        "rows": len(body),
    }
    return data, [full[i] for i in shown if i in full], described, page, pages_count


# -- actions -------------------------------------------------------------------------

@pages.post("/spreadsheets/d/<spreadsheet_id>/edit")
def spreadsheet_action(spreadsheet_id):
    """One action from the page's form, then back to the tab; a refusal (a protected
    cell, no edit access, a bad value) is shown once on the page and changes nothing."""
    form = request.form
    page = form.get("page", type=int) or 1
    try:
        sheet = _tab(_metadata(spreadsheet_id), form.get("gid"))
    except ApiError as err:
        return error_page(err)
    props = sheet["properties"]
    target = parse_cell(form.get("cell", ""))
    ref = form.get("cell", "").strip().upper()
    notice = None
    if target is None:
        notice = "Choose a cell first (for example B5)."
    else:
        try:
            _perform(spreadsheet_id, props, form.get("action", "set"), target, form.get("value", ""))
        except ApiError as err:
            if err.status in (401, 404):
                return error_page(err)
            notice = err.error.get("message") or f"Error {err.status}"
    answer = redirect(_edit_url(spreadsheet_id, props["sheetId"], page, ref or None,
                                form.get("fvid") or None), code=303)
    if notice:
        answer.set_cookie(NOTICE, notice, path=f"/spreadsheets/d/{spreadsheet_id}/edit", samesite="Lax")
    return answer


def _perform(spreadsheet_id: str, props: dict, action: str, target: tuple[int, int], value: str) -> None:
    row, col = target
    sid = props["sheetId"]
    grid = props.get("gridProperties") or {}
    if action == "set":   # as typing in Sheets: USER_ENTERED parses numbers, dates, formulas
        cell = f"{_quoted(props['title'])}!{letters(col)}{row + 1}"
        api("PUT", path("v4", "spreadsheets", spreadsheet_id, "values", cell),
            {"valueInputOption": "USER_ENTERED"}, {"values": [[value]]})
        return
    rows = {"sheetId": sid, "dimension": "ROWS"}
    if action == "insert-above":   # the new row takes the look of the row chosen, below it
        request_ = {"insertDimension": {"range": {**rows, "startIndex": row, "endIndex": row + 1},
                                        "inheritFromBefore": False}}
    elif action == "insert-below":
        request_ = {"insertDimension": {"range": {**rows, "startIndex": row + 1, "endIndex": row + 2},
                                        "inheritFromBefore": True}}
    elif action == "delete-row":
        request_ = {"deleteDimension": {"range": {**rows, "startIndex": row, "endIndex": row + 1}}}
    elif action in ("sort-asc", "sort-desc"):
        # Whole rows below the frozen ones, every column: rows move with their
        # developer metadata, as when a person sorts a tab in Sheets.
        frozen = grid.get("frozenRowCount", 0)
        if frozen >= grid.get("rowCount", 0):
            return
        request_ = {"sortRange": {
            "range": {"sheetId": sid, "startRowIndex": frozen, "endRowIndex": grid["rowCount"],
                      "startColumnIndex": 0, "endColumnIndex": grid.get("columnCount", 0)},
            "sortSpecs": [{"dimensionIndex": col,
                           "sortOrder": "ASCENDING" if action == "sort-asc" else "DESCENDING"}]}}
    else:
        raise ApiError(400, {"message": f"Unknown action: {action}"})
    api("POST", path("v4", "spreadsheets", f"{spreadsheet_id}:batchUpdate"), body={"requests": [request_]})
