"""``files.export``: a Google Doc or spreadsheet in another format
(https://developers.google.com/drive/api/reference/rest/v3/files/export).

What Google answers, and where the emulator learnt it:
- Export is for Docs Editors files: anything else (an upload, a folder) is 403
  ``fileNotExportable`` "Export only supports Docs Editors files.".
- A format the file's type does not export to is 400 ``badRequest`` "The requested
  conversion is not supported." on the parameter ``convertTo`` (transloadit/uppy#2187,
  googleapis/google-api-ruby-client#14445); the format is matched ignoring case.
- Exported content is limited to 10 MB (the method's reference); above it, 403
  ``exportSizeLimitExceeded`` "This file is too large to be exported."
  (googleapis/google-api-ruby-client#906).
- Reading the file is enough (``drive.readonly`` is one of the method's scopes).
- The answer's Content-Type is the requested type as sent.

Formats (ref-export-formats): a Doc as text/plain, text/html and application/pdf;
a spreadsheet as text/csv and text/tab-separated-values (first sheet only),
application/pdf (every visible sheet) and .xlsx (every sheet). The other formats
Google lists for these types answer 501: the emulator does not render them.
"""

from __future__ import annotations

import csv
import io

from ..core.errors import GoogleApiError, bad_request, forbidden
from . import documents, pdf
from .common import DOCUMENT, FOLDER, SPREADSHEET, is_google_type

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10 * 1024 * 1024
# Formats Google documents for these types that the emulator does not render.
NOT_RENDERED = {
    DOCUMENT: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "application/vnd.oasis.opendocument.text", "application/rtf", "application/zip",
               "application/epub+zip", "text/markdown"},
    SPREADSHEET: {"application/vnd.oasis.opendocument.spreadsheet",
                  "application/x-vnd.oasis.opendocument.spreadsheet", "application/zip"},
}


def _document_text(store, f, user) -> bytes:
    return documents.text(documents.body(store, f["id"])).encode("utf-8")


def _document_html(store, f, user) -> bytes:
    return documents.page(f["name"], documents.body(store, f["id"])).encode("utf-8")


def _document_pdf(store, f, user) -> bytes:
    return pdf.document(f["name"], documents.body(store, f["id"]))


def _tabs(store, f, user) -> list[dict]:
    return store.world.sheets.get_spreadsheet(user, f["id"])["sheets"]


def _values(sheet: dict, render: str = "FORMATTED_VALUE") -> list[list]:
    from ..sheets import a1, values  # here: the Sheets store imports Drive's
    return values.read(a1.Area(sheet, 0, None, 0, None), render)


def _delimited(delimiter: str):
    """The first tab's values as shown, every row as wide as the widest (the data's
    rectangle), lines ended by CRLF as RFC 4180 has them."""
    def render(store, f, user) -> bytes:
        rows = _values(_tabs(store, f, user)[0])
        width = max((len(r) for r in rows), default=0)
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
            row + [""] * (width - len(row)) for row in rows)
        return out.getvalue().encode("utf-8")
    return render


def _spreadsheet_pdf(store, f, user) -> bytes:
    tabs = [t for t in _tabs(store, f, user) if not t["properties"].get("hidden")]
    return pdf.spreadsheet(f["name"], [(_values(t), _widths(t)) for t in tabs])


def _widths(sheet: dict) -> list[int]:
    return [c["props"].get("pixelSize", 100) for c in sheet["columns"]]


def _xlsx(store, f, user) -> bytes:
    """Every tab with its values: numbers, booleans and text typed, formulas as
    formulas, number formats kept; hidden tabs stay hidden."""
    from openpyxl import Workbook
    from ..sheets import values
    from ..sheets.formats import DEFAULT_PATTERNS
    book = Workbook()
    book.remove(book.active)
    titles: set[str] = set()
    for tab in _tabs(store, f, user):
        sheet = book.create_sheet(_excel_title(tab["properties"]["title"], titles))
        if tab["properties"].get("hidden"):
            sheet.sheet_state = "hidden"
        for r, row in enumerate(tab["rows"]):
            for c, cell in enumerate(row["cells"]):
                value = values.cell_value(cell, "UNFORMATTED_VALUE")
                if value is None:
                    continue
                target = sheet.cell(row=r + 1, column=c + 1, value=value)
                formula = "formulaValue" in (cell.get("userEnteredValue") or {})
                if isinstance(value, str) and value.startswith("=") and not formula:
                    target.data_type = "s"   # text that looks like a formula stays text
                number_format = (cell.get("userEnteredFormat") or {}).get("numberFormat") or {}
                pattern = number_format.get("pattern") or DEFAULT_PATTERNS.get(number_format.get("type"))
                if pattern and isinstance(value, (int, float)) and not isinstance(value, bool):
                    target.number_format = pattern
    if not book.worksheets:
        book.create_sheet("Sheet1")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _excel_title(title: str, taken: set[str]) -> str:
    """Excel's rules for a sheet name: 31 characters, none of ``[]:*?/\\``, unique."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]} {n}"
    taken.add(name.lower())
    return name


RENDERERS = {
    (DOCUMENT, "text/plain"): _document_text,
    (DOCUMENT, "text/html"): _document_html,
    (DOCUMENT, "application/pdf"): _document_pdf,
    (SPREADSHEET, "text/csv"): _delimited(","),
    (SPREADSHEET, "text/tab-separated-values"): _delimited("\t"),
    (SPREADSHEET, "application/pdf"): _spreadsheet_pdf,
    (SPREADSHEET, XLSX): _xlsx,
}

# About.exportFormats: what the emulator renders.
EXPORT_FORMATS: dict[str, list[str]] = {}
for _source, _target in RENDERERS:
    EXPORT_FORMATS.setdefault(_source, []).append(_target)


def files_export(store, user: str, file_id: str, mime_type: str) -> bytes:
    """The file's content in ``mime_type``, for anyone who may read it."""
    f = store.require(user, store.resolve_id(user, file_id), "reader")
    if f["mimeType"] == FOLDER or not is_google_type(f["mimeType"]):
        raise forbidden("Export only supports Docs Editors files.", "fileNotExportable")
    wanted = mime_type.strip().lower()
    if wanted in NOT_RENDERED.get(f["mimeType"], ()):
        raise GoogleApiError(501, f"The emulator does not export {f['mimeType']} as {mime_type}.",
                             "notImplemented")
    render = RENDERERS.get((f["mimeType"], wanted))
    if render is None:
        raise bad_request("The requested conversion is not supported.", "badRequest",
                          location="convertTo", location_type="parameter")
    content = render(store, f, user)
    if len(content) > EXPORT_LIMIT:
        raise forbidden("This file is too large to be exported.", "exportSizeLimitExceeded")
    return content
