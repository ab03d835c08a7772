"""The requests of ``spreadsheets.batchUpdate``, one small module per family.

Each request kind is a function registered under its JSON name (``addSheet``,
``updateCells``...). It receives an ``Edit`` (the spreadsheet being changed, the
store, the acting user) and the request's body, changes ``edit.spreadsheet`` in
place and returns the reply's body (or ``None`` for an empty reply). The
batchUpdate handler applies every request of one call to a copy of the
spreadsheet and keeps the copy only if all of them succeed (all or nothing).
That copy shares its CellData dicts with the stored spreadsheet: a request
replaces a cell with a new dict and never changes one in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

REQUESTS: dict[str, Callable] = {}


def request(name: str):
    """Register the function that applies one batchUpdate request kind."""
    def register(fn):
        REQUESTS[name] = fn
        return fn
    return register


@dataclass
class Edit:
    spreadsheet: dict   # the working copy being changed
    store: object       # the SheetsStore (helpers: sheet_by_id, set_cell, check_editable...)
    user: str
    index: int = 0      # position of the request in the batch, for error messages
