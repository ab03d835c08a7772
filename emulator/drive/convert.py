"""Imports: media uploaded with a Google ``mimeType`` becomes that Google type.

"If a file is created with a Google Doc MIME type, the uploaded content is
imported, if possible. The supported import formats are published in the About
resource" (File.mimeType, Drive v3 reference); Google's own sample uploads a CSV
as a spreadsheet that way (python-samples drive/snippets/drive-v3/file_snippet/
upload_with_conversion.py). ``files.update`` with new media on a Google type
imports it again, in place: same ID, same links.

The emulator imports what About.importFormats lists here: HTML and plain text into
a Doc (``documents``), CSV and TSV into a spreadsheet's first and only tab, each
value as if typed (USER_ENTERED: numbers, dates, booleans and formulas are parsed,
as Sheets' import does by default). Anything else is Google's 400
``conversionUnsupportedConversionPath`` (googleworkspace/php-samples#147).
"""

from __future__ import annotations

import csv
import io

from ..core.errors import bad_request
from . import documents
from .common import DOCUMENT, SPREADSHEET

# About.importFormats: source MIME type -> the Google types it can become.
IMPORT_FORMATS = {
    "text/html": [DOCUMENT],
    "text/plain": [DOCUMENT],
    "text/csv": [SPREADSHEET],
    "text/tab-separated-values": [SPREADSHEET],
}
# About.maxImportSizes (bytes), as Google publishes them for these types.
MAX_IMPORT_SIZES = {DOCUMENT: "10485760", SPREADSHEET: "104857600"}


def source_type(media_type: str | None) -> str:
    """``text/csv; charset=utf-8`` -> ``text/csv``."""
    return (media_type or "application/octet-stream").split(";", 1)[0].strip().lower()


def check(target: str, media_type: str | None) -> None:
    """Refuse, before anything changes, an upload that cannot become ``target``."""
    if target not in IMPORT_FORMATS.get(source_type(media_type), []):
        raise bad_request("Conversion of the uploaded content to the requested output type "
                          "is not supported.", "conversionUnsupportedConversionPath")


def into(store, f: dict, media: bytes, media_type: str | None) -> None:
    """Make ``media`` the content of the Google file ``f`` (checked with ``check``)."""
    kind = source_type(media_type)
    text = documents.decode(media)
    if f["mimeType"] == DOCUMENT:
        markup = documents.sanitise(text) if kind == "text/html" else documents.from_text(text)
        documents.set_body(store, f["id"], markup)
    elif f["mimeType"] == SPREADSHEET:
        delimiter = "\t" if kind == "text/tab-separated-values" else ","
        _spreadsheet(store.world.sheets, f, list(csv.reader(io.StringIO(text, newline=""),
                                                            delimiter=delimiter)))


def _spreadsheet(sheets, f: dict, rows: list[list[str]]) -> None:
    """A new grid for the spreadsheet (an update replaces the old one whole, tabs,
    formats and all, as re-uploading does)."""
    from ..sheets import values  # here: the Sheets store imports Drive's
    ss = sheets.blank(f["id"], f["name"])
    sheet = ss["sheets"][0]
    values.grow(sheets, ss, sheet, len(rows), max((len(r) for r in rows), default=0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                values.put(sheets, sheet, r, c, value, "USER_ENTERED")
    sheets.spreadsheets[f["id"]] = ss
