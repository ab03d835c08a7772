"""The master Sheet's tabs as the sync reads and writes them: columns found by
their ``casColumn`` developer metadata, rows found by their ID cell (the
student's ID, the experience's code, the response's ID: the tab's
``id_column``, service-owned and protected), never by position alone and never
by row metadata, which Google does not say follows a sort (DESIGN.md §3).

Reading the whole Sheet costs TWO calls whatever its size: ONE
values.batchGetByDataFilter (every column of the tabs wanted, and Settings) and
ONE developerMetadata.search (the spreadsheet-level metadata: the forms'
cursors and the sync lock).

How a value lands on its own row whatever people do meanwhile (sort the whole
tab or a range of it, insert, delete or move rows, add columns of their own):

1. Identity. At every read a row is the row whose ID cell holds the ID. An ID
   on two rows, or a row with cells but no ID, is reported (``Table.problems``)
   and left alone: the sync writes to neither and adds no third row.
2. New rows go in ONE appendCells per tab, with their ID cell in the same row:
   Sheets places them after the last row with data when it applies the
   request, so nothing a person did since the read can put them on top of an
   existing row (a batchUpdate is applied whole or not at all).
3. Existing rows' changed cells are written by position as read (updateCells
   over each run of adjacent columns; other cells untouched), in the same
   batchUpdate. A person who sorted, inserted or deleted rows between the read
   and this write can make a value land on another row; so:
4. The write is checked. The tabs written are read again (one call) and every
   service cell written in them is compared, row by row BY ID CELL, with what the
   sync knows it should hold: what it wrote, or for a row it did not write, what
   it read there (service columns are protected: only the sync writes them, and
   it holds the lock). Rows that differ are written again at the positions just
   read, and checked again, a few times at most (``misplaced``).
5. Whatever is still out of place is set right by the next sync, because every
   cell a sync writes is either recomputed by every sync (statuses, counts,
   states, the ledger's "Student told" dates) or comes from input whose cursor
   the sync advances only in its last write, after the check (the forms'
   responses, Drive's changes): a sync that stops before then reads the same
   input again, and writes each row found by its ID cell.
6. Nothing that must happen once is decided by a cell of a row that may have
   moved: emails and announcements are events in the ledger (events.py).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Mapping

SETTINGS_RANGE = "Settings!A2:B"
LOGS = {"events"}                             # tabs whose lines share IDs
UNREAD = {"events": {"payload"}}              # columns too big to read at every sync
_RANGE = re.compile(r"^(?P<tab>.+)!\$?(?P<col>[A-Z]+)\$?\d*(?::\$?[A-Z]+\$?\d*)?$")
MAX_CELL = 45_000  # Sheets holds at most 50,000 characters in a cell


class SheetDamaged(RuntimeError):
    """A column the sync cannot do without has lost its metadata (deleted, or
    pasted over): a tab's ID column."""


@dataclasses.dataclass
class Table:
    """One tab as read: column letters, rows (number, cells by key), and which
    row is whose by its ID cell."""

    key: str
    title: str
    sheet_id: int
    id_key: str
    letters: dict[str, str]
    rows: list[tuple[int, dict]]
    missing: list[str] = dataclasses.field(default_factory=list)  # headers of lost columns
    id_header: str = "ID"
    unique: bool = True          # False for a log (the Notices tab): an ID on many lines

    def __post_init__(self):
        self.ids: dict[str, int] = {}            # ID -> its one row number
        self.duplicated: dict[str, list[int]] = {}
        self.unnamed: list[int] = []             # rows with cells but no ID
        seen: dict[str, list[int]] = {}
        for row, cells in self.rows if self.unique else ():
            row_id = _id(cells.get(self.id_key))
            if row_id:
                seen.setdefault(row_id, []).append(row)
            elif any(str(v).strip() for v in cells.values() if v is not None):
                self.unnamed.append(row)
        for row_id, rows in seen.items():
            if len(rows) == 1:
                self.ids[row_id] = rows[0]
            else:
                self.duplicated[row_id] = rows

    def by_id(self) -> dict[str, dict]:
        """Each identified row's cells by its ID (IDs on two rows left out)."""
        cells = dict(self.rows)
        return {row_id: cells[row] for row_id, row in self.ids.items()}

    def problems(self) -> list[str]:
        """What the sync could not do on this tab, in words a coordinator can act on."""
        found = []
        for row_id, rows in sorted(self.duplicated.items()):
            found.append(f"{self.title}: {row_id!r} is on rows {', '.join(map(str, rows))}; "
                         f"the sync leaves these rows alone until only one of them has it.")
        if self.unnamed:
            rows = ", ".join(map(str, self.unnamed[:10])) + (" …" if len(self.unnamed) > 10 else "")
            found.append(f"{self.title}: row(s) {rows} have no {self.id_header} and are "
                         f"left alone (a row added by hand, or its ID cell cleared).")
        if self.missing:
            found.append(f"{self.title}: the column(s) {', '.join(self.missing)} are missing "
                         f"(deleted or pasted over); the sync writes the other columns. "
                         f"`cas upgrade` puts them back, empty, at the end of the tab.")
        return found


@dataclasses.dataclass
class MasterSheet:
    tables: dict[str, Table]
    settings: dict[str, object]
    settings_rows: dict[str, int]
    spreadsheet_metadata: dict[str, dict]   # key -> the DeveloperMetadata

    def problems(self) -> list[str]:
        return [p for table in self.tables.values() for p in table.problems()]


def read_tables(sheets, spreadsheet_id: str, template, tab_keys: Iterable[str],
                settings: bool = False) -> tuple[dict[str, Table], dict, dict]:
    """The tabs named, in ONE values.batchGetByDataFilter (and Settings' keys and
    values when asked): (tables by key, settings, the settings' rows)."""
    tabs = [template.sheet.tab(key) for key in tab_keys]
    filters = [{"developerMetadataLookup": {"metadataKey": "casColumn",
                                            "metadataValue": f"{tab.key}.{column.key}"}}
               for tab in tabs for column in tab.columns
               if column.key not in UNREAD.get(tab.key, ())]
    if settings:
        filters.append({"a1Range": SETTINGS_RANGE})
    letters: dict[str, dict] = {tab.key: {} for tab in tabs}
    columns: dict[str, dict] = {tab.key: {} for tab in tabs}
    found_settings, settings_rows = {}, {}
    for value_range in sheets.values_get_by_metadata(spreadsheet_id, filters):
        found = value_range.get("valueRange", value_range)
        lookup = (value_range.get("dataFilters") or [{}])[0].get("developerMetadataLookup")
        values = found.get("values", [])
        if lookup:
            tab_key, _, column = lookup["metadataValue"].partition(".")
            match = _RANGE.match(found.get("range", ""))
            if match and tab_key in letters:
                letters[tab_key][column] = match["col"]
                columns[tab_key][column] = [row[0] if row else "" for row in values]
        else:
            for offset, row in enumerate(values):
                if row and str(row[0]).strip():
                    found_settings[str(row[0]).strip()] = row[1] if len(row) > 1 else ""
                    settings_rows[str(row[0]).strip()] = offset + 2
    tables = {}
    for tab in tabs:
        id_key = tab.id_column or tab.columns[0].key
        if id_key not in letters[tab.key]:
            raise SheetDamaged(
                f"The {tab.title} tab has lost its {tab.column(id_key).header} column (its "
                f"casColumn metadata), which says which row is whose: run `cas upgrade` to put "
                f"it back, then fill it in from the Sync log's last good copy or the form's "
                f"responses.")
        for key in UNREAD.get(tab.key, ()):
            # Not read, but where it is: the Notices tab is the service's own (hidden,
            # protected), laid out as the template says from its ID column on.
            offset = [c.key for c in tab.columns].index(key) - tab.columns.index(tab.column(id_key))
            letters[tab.key][key] = column_letter(column_index(letters[tab.key][id_key]) + offset)
        cells = columns[tab.key]
        height = max((len(v) for v in cells.values()), default=1)
        rows = [(r + 1, {k: (v[r] if r < len(v) else "") for k, v in cells.items()})
                for r in range(1, height)]
        tables[tab.key] = Table(tab.key, tab.title, tab.sheet_id, id_key, letters[tab.key], rows,
                                [c.header for c in tab.columns if c.key not in letters[tab.key]
                                 and c.key not in UNREAD.get(tab.key, ())],
                                tab.column(id_key).header, tab.key not in LOGS)
    return tables, found_settings, settings_rows


def read_master(sheets, spreadsheet_id: str, template, tab_keys: Iterable[str],
                metadata_keys: Iterable[str] = (), before_tables=None) -> MasterSheet:
    """The spreadsheet-level metadata named, then the tabs and Settings, in two
    calls; ``before_tables(metadata)`` runs between the two (the sync upgrades an
    older Sheet there)."""
    lookups = [{"developerMetadataLookup": {"metadataKey": k, "locationType": "SPREADSHEET"}}
               for k in metadata_keys]
    spreadsheet = {}
    for match in sheets.search_metadata(spreadsheet_id, lookups) if lookups else []:
        meta = match.get("developerMetadata", match)
        if meta.get("location", {}).get("spreadsheet"):
            spreadsheet[meta["metadataKey"]] = meta
    if before_tables:
        before_tables(spreadsheet)
    tables, settings, settings_rows = read_tables(sheets, spreadsheet_id, template, tab_keys,
                                                  settings=True)
    return MasterSheet(tables, settings, settings_rows, spreadsheet)


# -- writes --------------------------------------------------------------------------
def append_rows(table: Table, rows: list[tuple[str, Mapping[str, object]]]) -> list[dict]:
    """ONE appendCells with a row per (ID, cells), the ID in its own cell: Sheets
    puts them after the last row with data as it applies the request. Cells not
    given are left as they are (empty)."""
    if not rows:
        return []
    width = max(column_index(letter) for letter in table.letters.values()) + 1
    out = []
    for row_id, cells in rows:
        values: list[dict] = [{} for _ in range(width)]
        for key, value in {**cells, table.id_key: row_id}.items():
            if value in (None, "") or key not in table.letters:
                continue
            values[column_index(table.letters[key])] = {"userEnteredValue": extended(value)}
        out.append({"values": values})
    return [{"appendCells": {"sheetId": table.sheet_id, "rows": out,
                             "fields": "userEnteredValue"}}]


def update_cells(table: Table, positions: Mapping[str, int],
                 changes: Mapping[str, Mapping[str, object]]) -> list[dict]:
    """updateCells requests writing each row's changed cells at its position
    (``positions``: ID -> row number), one request per run of adjacent columns, so
    the cells between are untouched. An ID without a position is skipped."""
    requests = []
    for row_id, cells in changes.items():
        row = positions.get(row_id)
        if row is None:
            continue
        by_column = sorted((column_index(table.letters[k]), v) for k, v in cells.items()
                           if k in table.letters and k != table.id_key)
        run: list = []
        for column, value in by_column:
            if run and column != run[-1][0] + 1:
                requests.append(_run(table, row, run))
                run = []
            run.append((column, value))
        if run:
            requests.append(_run(table, row, run))
    return requests


def _run(table: Table, row: int, run: list) -> dict:
    return {"updateCells": {
        "start": {"sheetId": table.sheet_id, "rowIndex": row - 1, "columnIndex": run[0][0]},
        "rows": [{"values": [{"userEnteredValue": extended(v)} if v not in (None, "") else {}
                             for _, v in run]}],
        "fields": "userEnteredValue"}}


CHECKS = 3   # a write found out of place is written again at most this often


def check_writes(sheets, spreadsheet_id: str, template,
                 written: Mapping[str, tuple[Table, Mapping[str, Mapping[str, object]]]],
                 positions: dict[str, dict[str, int]] | None = None) -> tuple[bool, int]:
    """Step 4 of the module docstring: read the tabs whose existing rows were
    written (``written``: tab key -> the table as read and the cells written by
    row ID) again, and write again, where their IDs now are, the service cells that
    are not what they should be. ``positions`` (tab key -> ID -> row) is updated
    with the rows as last read. (True when all is in place, cell ranges rewritten)."""
    expected = {}
    for key, (table, updates) in written.items():
        keys = {k for cells in updates.values() for k in cells}
        if not keys:
            continue
        read = table.by_id()
        expected[key] = {row_id: {k: updates.get(row_id, {}).get(k, cells.get(k)) for k in keys}
                         for row_id, cells in read.items()}
    rewritten = 0
    for _ in range(CHECKS):
        if not expected:
            return True, rewritten
        now, _, _ = read_tables(sheets, spreadsheet_id, template, list(expected))
        requests = []
        for key, table in now.items():
            if positions is not None:
                positions[key] = dict(table.ids)
            wrong = misplaced(table, expected[key])
            if wrong:
                requests += update_cells(table, table.ids, wrong)
            else:
                del expected[key]
        if not requests:
            return True, rewritten
        rewritten += len(requests)
        sheets.batch_update(spreadsheet_id, requests)
    return False, rewritten


def misplaced(now: Table, expected: Mapping[str, Mapping[str, object]]) -> dict[str, dict]:
    """The rows of ``now`` (the tab read again) whose cells differ from
    ``expected`` (ID -> cells it should hold): ID -> the cells to write again.
    Rows gone (deleted by a person) are not brought back."""
    cells_now = now.by_id()
    wrong = {}
    for row_id, cells in expected.items():
        if row_id not in cells_now:
            continue
        have = cells_now[row_id]
        differ = {k: v for k, v in cells.items()
                  if k in now.letters and not same(have.get(k), fit(v))}
        if differ:
            wrong[row_id] = differ
    return wrong


def same(old, new) -> bool:
    """Whether a cell as read holds ``new`` (dates as serial numbers, ticks as booleans)."""
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(new, bool) or isinstance(old, bool):
        return _as_bool(old) == _as_bool(new)
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return abs(old - new) < 1e-6
    return str(old) == str(new)


def _as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "y", "1")


def _id(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def extended(value) -> dict:
    """A RAW cell value: text stays text (a person's "=1+1" is never a formula)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    return {"stringValue": fit(str(value))}


def fit(value):
    """Text cut to what a cell holds, ending in "…" when cut. Answers are cut (and the
    row flagged) before this; it keeps the service's own text that quotes a person's
    (a review's reason) from making a cell Sheets refuses, which would fail the whole
    write, and every later sync's as it reads the same response again."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[:MAX_CELL - 1] + "…"
    return value


def column_letter(index: int) -> str:
    """The letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1
