"""The Spreadsheet resource: built from a ``spreadsheets.create`` body and rendered
for ``get``/``getByDataFilter``
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets).

Rendering follows Google's shape: empty lists are left out; grid data appears only
when asked for, one GridData per requested range (or the whole sheet), with
``rowMetadata``/``columnMetadata`` carrying row and column developer metadata.
"""

from __future__ import annotations

import copy
import random

from ..core import discovery
from ..core.errors import GoogleApiError, invalid_argument
from ..drive.models import SPREADSHEET
from . import colors, values
from .a1 import Area
from .datafilter import current_metadata
from .formulas import Book
from .models import new_column, new_row
from .requests.filters import bounded

URL = "https://docs.google.com/spreadsheets/d/{}/edit"
DEFAULT_PIXELS = {"rows": 21, "columns": 100}
# Fields of a sheet the store keeps as they are shown (Sheet schema), and the
# ones that are computed here.
_COMPUTED = {"properties", "data", "developerMetadata"}


def _schema_fields(name: str) -> tuple[str, ...]:
    return tuple(discovery.load("sheets.v4").schemas[name]["properties"])


# -- rendering -------------------------------------------------------------------

def render(store, ss: dict, user: str, areas: list[Area] | None = None, grid: bool = False) -> dict:
    """The Spreadsheet as ``get`` returns it. With ``areas`` only the sheets they
    name are returned, and with ``grid`` each of those areas' cells."""
    metadata = current_metadata(store, ss)
    viewer = _Viewer(store, ss, user)
    by_sheet: dict[int, list[Area]] = {}
    for area in areas or []:
        by_sheet.setdefault(area.sheet_id, []).append(area)
    sheets = []
    for sheet in ss["sheets"]:
        sid = sheet["properties"]["sheetId"]
        if areas and sid not in by_sheet:
            continue
        wanted = by_sheet.get(sid) or [Area(sheet, 0, None, 0, None)]
        sheets.append(render_sheet(ss, sheet, metadata, wanted if grid else None, viewer))
    out = {"spreadsheetId": ss["spreadsheetId"], "properties": copy.deepcopy(ss["properties"]),
           "sheets": sheets}
    for field in _schema_fields("Spreadsheet"):
        if field in ("spreadsheetId", "properties", "sheets", "developerMetadata", "spreadsheetUrl"):
            continue
        if ss.get(field):
            out[field] = copy.deepcopy(ss[field])
    top = [_public(m) for m in metadata if m["location"].get("locationType") == "SPREADSHEET"]
    if top:
        out["developerMetadata"] = top
    out["spreadsheetUrl"] = URL.format(ss["spreadsheetId"])
    return out


class _Viewer:
    """Who is reading: protected ranges show their editors only to people who may
    edit both the range and the document, and tell each reader whether they may."""

    def __init__(self, store, ss: dict, user: str | None):
        drive = store.world.drive
        self.user = (user or "").lower()
        self.owner = (drive.owner_of(ss["spreadsheetId"]) or "").lower()
        role = drive.role_of(self.user, ss["spreadsheetId"]) if self.user else None
        self.writer = role in ("writer", "fileOrganizer", "organizer", "owner")

    def can_edit(self, protected: dict) -> bool:
        if not self.writer:
            return False
        editors = protected.get("editors") or {}
        return (protected.get("warningOnly", False) or self.user == self.owner
                or self.user in [u.lower() for u in editors.get("users", [])]
                or (editors.get("domainUsersCanEdit", False)
                    and self.user.rpartition("@")[2] == self.owner.rpartition("@")[2]))

    def show(self, protected: dict) -> dict:
        out = copy.deepcopy(protected)
        out.pop("requestingUserCanEdit", None)
        if self.can_edit(protected):
            out["requestingUserCanEdit"] = True   # false is left out, as proto3 JSON does
        else:
            out.pop("editors", None)
        return out


def render_sheet(ss: dict, sheet: dict, metadata: list[dict], areas: list[Area] | None,
                 viewer: _Viewer) -> dict:
    sid = sheet["properties"]["sheetId"]
    out = {"properties": copy.deepcopy(sheet["properties"])}
    if areas is not None:
        out["data"] = [grid_data(ss, area, metadata) for area in areas]
    for field in _schema_fields("Sheet"):
        if field not in _COMPUTED and sheet.get(field):
            out[field] = copy.deepcopy(sheet[field])
    if out.get("protectedRanges"):
        out["protectedRanges"] = [viewer.show(p) for p in sheet["protectedRanges"]]
    own = [_public(m) for m in metadata
           if m["location"].get("locationType") == "SHEET" and m["location"].get("sheetId") == sid]
    if own:
        out["developerMetadata"] = own
    return out


def grid_data(ss: dict, area: Area, metadata: list[dict]) -> dict:
    r0, r1, c0, c1 = area.bounds()
    sheet = area.sheet
    by_id = {m["metadataId"]: m for m in metadata}
    # One copy of the default format, shared by the cells that do not change it: the
    # answer is serialised once, and nothing in it is the store's own.
    default = copy.deepcopy(ss["properties"].get("defaultFormat", {}))
    book = Book(ss)
    rows = []
    for row in sheet["rows"][r0:r1]:
        cells = [render_cell(row["cells"][c], default, book, sheet) if c < len(row["cells"]) else None
                 for c in range(c0, c1)]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append({"values": [c or {} for c in cells]} if cells else {})
    while rows and not rows[-1]:
        rows.pop()
    out = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    if rows:
        out["rowData"] = rows
    out["rowMetadata"] = [_dimension(item, "rows", by_id) for item in sheet["rows"][r0:r1]]
    out["columnMetadata"] = [_dimension(item, "columns", by_id) for item in sheet["columns"][c0:c1]]
    return out


def render_cell(cell: dict | None, default_format: dict, book: Book, sheet: dict) -> dict | None:
    """A CellData as ``get`` shows it: a formula's effectiveValue is what it
    computes (an errorValue with its type and message for an error; none for an
    empty result), and formattedValue shows that as values.get does."""
    if not cell:
        return None
    out = copy.deepcopy(cell)
    out.pop("formattedValue", None)
    shown_format = cell.get("userEnteredFormat")
    if "formulaValue" in (cell.get("userEnteredValue") or {}):
        computed, implied = book.computed(cell, sheet)
        out.pop("effectiveValue", None)
        if computed is not None:
            out["effectiveValue"] = computed
        if implied and not (shown_format or {}).get("numberFormat"):
            shown_format = {**(shown_format or {}), "numberFormat": implied}
    shown = values.formatted_value(cell, book, sheet)
    if shown is not None:
        out["formattedValue"] = shown
    if shown_format:
        out["effectiveFormat"] = _merge(default_format, shown_format)
    elif values.has_value(cell):
        out["effectiveFormat"] = default_format
    return out


def _dimension(item: dict, kind: str, by_id: dict) -> dict:
    out = {"pixelSize": DEFAULT_PIXELS[kind], **copy.deepcopy(item["props"])}
    attached = [_public(by_id[mid]) for mid in item["meta"] if mid in by_id]
    if attached:
        out["developerMetadata"] = attached
    return out


def _merge(base: dict, top: dict) -> dict:
    """The cell's format over the default one. A colour (and a number format) is one
    value, replaced whole: red ``{"red": 1}`` over white must not keep white's green."""
    out = copy.deepcopy(base)
    for key, value in top.items():
        whole = key.lower().endswith(("color", "colorstyle")) or key == "numberFormat"
        if isinstance(value, dict) and isinstance(out.get(key), dict) and not whole:
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _public(meta: dict) -> dict:
    return {k: copy.deepcopy(v) for k, v in meta.items()
            if k in ("metadataId", "metadataKey", "metadataValue", "location", "visibility")}


# -- creation --------------------------------------------------------------------

def create(store, user: str, body: dict) -> dict:
    """Make the Drive file (owned by the caller, in their My Drive) and its content."""
    from .requests.metadata import MetadataError, add_metadata
    body = copy.deepcopy(body or {})
    colors.normalize(body, "Spreadsheet", colors.theme_of(body))
    title = (body.get("properties") or {}).get("title") or "Untitled spreadsheet"
    ss = store.blank("pending", title)
    ss["sheets"] = []
    for key, value in (body.get("properties") or {}).items():
        if key != "defaultFormat":  # read-only
            ss["properties"][key] = copy.deepcopy(value)
    ss["properties"]["title"] = title
    pending = []   # metadata to attach once every sheet exists
    for i, spec in enumerate(body.get("sheets") or [{}]):
        try:
            sheet = store.add_sheet(ss, copy.deepcopy(spec.get("properties") or {}))
        except GoogleApiError as err:  # worded for addSheet; name the sheet of the body instead
            raise invalid_argument(err.message.replace("requests[0].addSheet", f"sheets[{i}]")) from None
        _fill_sheet(store, ss, sheet, spec, pending, user)
    for named in body.get("namedRanges") or []:
        entry = copy.deepcopy(named)
        entry.setdefault("namedRangeId", str(random.randrange(10**9, 10**10)))
        ss["namedRanges"].append(entry)
    for meta in body.get("developerMetadata") or []:
        pending.append((meta, {"spreadsheet": True}))
    for meta, default_location in pending:
        spec = copy.deepcopy(meta)
        spec.setdefault("location", default_location)
        try:
            add_metadata(store, ss, spec)
        except MetadataError as err:
            raise invalid_argument(f"Invalid developerMetadata: {err}") from None
    # The Drive file comes last, so that a body Sheets refuses leaves nothing behind.
    f = store.world.drive.create_file(user, {"name": title, "mimeType": SPREADSHEET})
    ss["spreadsheetId"] = f["id"]
    store.spreadsheets[f["id"]] = ss
    return ss


def _fill_sheet(store, ss: dict, sheet: dict, spec: dict, pending: list, user: str) -> None:
    sid = sheet["properties"]["sheetId"]
    for grid in spec.get("data") or []:
        r0, c0 = grid.get("startRow", 0), grid.get("startColumn", 0)
        rows = grid.get("rowData") or []
        width = max((len(r.get("values") or []) for r in rows), default=0)
        values.grow(store, ss, sheet, r0 + len(rows), c0 + width)
        for i, row in enumerate(rows):
            for j, cell in enumerate(row.get("values") or []):
                store.set_cell(sheet, r0 + i, c0 + j, entered_cell(cell))
        for kind, start, dim in (("rowMetadata", r0, "ROWS"), ("columnMetadata", c0, "COLUMNS")):
            items = sheet["rows"] if dim == "ROWS" else sheet["columns"]
            for k, props in enumerate(grid.get(kind) or []):
                index = start + k
                while index >= len(items):
                    items.append(new_row() if dim == "ROWS" else new_column())
                for key in ("pixelSize", "hiddenByUser"):
                    if key in props:
                        items[index]["props"][key] = props[key]
                for meta in props.get("developerMetadata") or []:
                    pending.append((meta, {"dimensionRange": {"sheetId": sid, "dimension": dim,
                                                              "startIndex": index, "endIndex": index + 1}}))
        store.reindex(ss)
    for meta in spec.get("developerMetadata") or []:
        pending.append((meta, {"sheetId": sid}))
    for field in _schema_fields("Sheet"):
        if field in _COMPUTED or not spec.get(field):
            continue
        sheet[field] = copy.deepcopy(spec[field])
    for pr in sheet.get("protectedRanges") or []:
        pr.setdefault("protectedRangeId", random.randrange(1, 2**31 - 1))
        pr.setdefault("range", {"sheetId": sid})
        pr.pop("requestingUserCanEdit", None)
        if not pr.get("warningOnly"):  # the creator stays an editor, as addProtectedRange keeps them
            editors = pr.setdefault("editors", {})
            editors["users"] = sorted({u.lower() for u in editors.get("users", [])} | {user})
    for view in sheet.get("filterViews") or []:
        view.setdefault("filterViewId", random.randrange(1, 2**31 - 1))
    if sheet.get("basicFilter"):
        sheet["basicFilter"]["range"] = bounded(sheet, sheet["basicFilter"].get("range") or {})


def entered_cell(cell: dict) -> dict | None:
    """A CellData as written: read-only fields dropped, the effective value derived."""
    out = {k: copy.deepcopy(v) for k, v in (cell or {}).items()
           if k not in ("effectiveValue", "formattedValue", "effectiveFormat", "hyperlink")}
    if "errorValue" in (out.get("userEnteredValue") or {}):
        raise invalid_argument("errorValue is read-only and cannot be entered.")
    if out.get("userEnteredValue"):
        out["effectiveValue"] = values.effective(out["userEnteredValue"])
    else:
        out.pop("userEnteredValue", None)
    return out or None


def wants_grid(mask: dict) -> bool:
    """Whether a ``fields`` mask reaches ``sheets.data``: with a mask Google ignores
    ``includeGridData`` and returns what the mask selects (``*`` and ``sheets``
    select the grid too)."""
    sheets = mask.get("sheets", mask.get("*"))
    return sheets is True or (isinstance(sheets, dict) and ("data" in sheets or "*" in sheets))
