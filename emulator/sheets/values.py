"""Reading and writing cell values: the logic behind ``spreadsheets.values.*``
(https://developers.google.com/sheets/api/guides/values).

Reads render each cell by ``valueRenderOption`` and ``dateTimeRenderOption`` and
trim as Google does: trailing empty cells of a row and trailing empty rows are left
out, empty rows inside stay as ``[]``, and a range with nothing in it has no
``values`` at all. Writes are planned first (bounds, protection) and applied after,
so a call that fails changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import invalid_argument
from . import entered
from .a1 import Area, column_letters, format_range
from .formats import format_number, is_date_format, plain_number
from .formulas import ERROR_TEXT, Book
from .models import new_column, new_row
from .requests.cells import CELL_CHARACTERS, TOO_LONG
from .requests.grid import merged_away

FORMATTED, UNFORMATTED, FORMULA = "FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"
SERIAL, FORMATTED_STRING = "SERIAL_NUMBER", "FORMATTED_STRING"


# -- reading -------------------------------------------------------------------

def has_value(cell: dict | None) -> bool:
    return bool(cell) and bool(cell.get("userEnteredValue") or cell.get("effectiveValue"))


def cell_value(cell: dict | None, render: str = FORMATTED, date_render: str = SERIAL,
               book: Book | None = None, sheet: dict | None = None):
    """One cell as values.get returns it; ``None`` when empty. A formula shows its
    text under FORMULA and, given the ``book`` being read (and the cell's sheet),
    its computed value otherwise, in the number format its result implies
    (=TODAY() reads as a date) unless the cell has its own."""
    if not cell:
        return None
    entered_value, value = cell.get("userEnteredValue"), cell.get("effectiveValue")
    if not (entered_value or value):
        return None
    implied = None
    if entered_value and "formulaValue" in entered_value:
        if render == FORMULA or book is None:
            return entered_value["formulaValue"]
        value, implied = book.computed(cell, sheet)
        if value is None:
            return None
    else:
        value = value or entered_value
    if "errorValue" in value:   # every render but FORMULA shows the error's text
        return ERROR_TEXT.get(value["errorValue"].get("type"), "#ERROR!")
    if "boolValue" in value:
        flag = value["boolValue"]
        return ("TRUE" if flag else "FALSE") if render == FORMATTED else flag
    if "numberValue" in value:
        number = value["numberValue"]
        number_format = (cell.get("userEnteredFormat") or {}).get("numberFormat") or implied
        if render == FORMATTED or (date_render == FORMATTED_STRING and is_date_format(number_format)):
            return format_number(number, number_format)
        return plain_number(number)
    return value.get("stringValue", "")


def formatted_value(cell: dict | None, book: Book | None = None, sheet: dict | None = None) -> str | None:
    value = cell_value(cell, FORMATTED, book=book, sheet=sheet)
    return None if value is None else str(value)


def read(area: Area, render: str = FORMATTED, date_render: str = SERIAL,
         major: str = "ROWS", book: Book | None = None) -> list[list]:
    r0, r1, c0, c1 = area.bounds()
    sheet, rows = area.sheet, area.sheet["rows"]
    while r1 > r0 and not rows[r1 - 1]["cells"]:
        r1 -= 1   # rows with no cells at the end read as nothing, and are trimmed
    if major == "COLUMNS":
        grid = []
        for row in rows[r0:r1]:
            cells = row["cells"]
            grid.append([cell_value(cells[c], render, date_render, book, sheet)
                         for c in range(c0, min(c1, len(cells)))])
        width = max((len(r) for r in grid), default=0)
        grid = [[r[c] if c < len(r) else None for r in grid] for c in range(width)]
        return trim(grid)
    # Rows: each line trimmed as it is read (what ``trim`` does, in one pass).
    out, blank = [], 0   # blank: empty lines not yet known to be inside the range
    if c1 - c0 == 1:     # one column (a column's developer metadata): no line to trim
        for row in rows[r0:r1]:
            cells = row["cells"]
            value = cell_value(cells[c0], render, date_render, book, sheet) \
                if c0 < len(cells) else None
            if value is None:
                blank += 1
                continue
            if blank:
                out.extend([] for _ in range(blank))
                blank = 0
            out.append([value])
        return out
    for row in rows[r0:r1]:
        cells = row["cells"]
        line = [cell_value(cells[c], render, date_render, book, sheet)
                for c in range(c0, min(c1, len(cells)))]
        while line and line[-1] is None:
            line.pop()
        if not line:
            blank += 1
            continue
        if blank:
            out.extend([] for _ in range(blank))
            blank = 0
        if None in line:
            line = ["" if v is None else v for v in line]
        out.append(line)
    return out


def trim(grid: list[list]) -> list[list]:
    out = []
    for line in grid:
        end = len(line)
        while end and line[end - 1] is None:
            end -= 1
        out.append(["" if v is None else v for v in line[:end]])
    while out and not out[-1]:
        out.pop()
    return out


def value_range(area: Area, render: str = FORMATTED, date_render: str = SERIAL,
                major: str = "ROWS", book: Book | None = None) -> dict:
    """A ValueRange of the area; ``book`` (the spreadsheet's, for this read)
    computes its formulas."""
    major = "COLUMNS" if major == "COLUMNS" else "ROWS"
    out = {"range": area.a1(), "majorDimension": major}
    values = read(area, render, date_render, major, book)
    if values:
        out["values"] = values
    return out


# -- writing -------------------------------------------------------------------

def input_option(option: str | None) -> str:
    if option not in ("RAW", "USER_ENTERED"):
        raise invalid_argument("'valueInputOption' is required but not specified")
    return option


def as_rows(values, major: str | None) -> list[list]:
    values = [list(v) if isinstance(v, list) else [v] for v in (values or [])]
    if major == "COLUMNS":
        height = max((len(col) for col in values), default=0)
        values = [[col[r] if r < len(col) else None for col in values] for r in range(height)]
    return values


@dataclass
class Write:
    """Values bound for one area, checked and ready to apply."""
    area: Area
    rows: list[list]

    @property
    def size(self) -> tuple[int, int]:
        return len(self.rows), max((len(r) for r in self.rows), default=0)

    @property
    def cells(self) -> tuple[int, int, int, int]:
        """(r0, r1, c0, c1) of the rectangle the values cover."""
        height, width = self.size
        return self.area.r0, self.area.r0 + height, self.area.c0, self.area.c0 + width

    def a1(self) -> str:
        r0, r1, c0, c1 = self.cells
        return format_range(self.area.title, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))


def plan(area: Area, values, major: str | None) -> Write:
    """Check that the values fit the range: a single cell is only where writing
    starts; a bounded range must hold them (Google: "Requested writing within range
    [Sheet1!A1:B2], but tried writing to row [3]"). Open ends grow the grid."""
    write = Write(area, as_rows(values, major))
    for i, line in enumerate(write.rows):
        for j, value in enumerate(line):
            if isinstance(value, (dict, list)):  # "supported value types are: bool, string, and double"
                kind = "struct_value" if isinstance(value, dict) else "list_value"
                raise invalid_argument(f"Invalid values[{i}][{j}]: {kind}")
            if isinstance(value, str) and len(value) > CELL_CHARACTERS:
                raise invalid_argument(TOO_LONG)
    height, width = write.size
    if not area.anchor:
        r0, _, c0, _ = area.bounds()
        if area.r1 is not None and r0 + height > area.r1:
            raise invalid_argument(f"Requested writing within range [{area.a1()}], but tried "
                                   f"writing to row [{area.r1 + 1}]")
        if area.c1 is not None and c0 + width > area.c1:
            raise invalid_argument(f"Requested writing within range [{area.a1()}], but tried "
                                   f"writing to column [{column_letters(area.c1)}]")
    return write


def check(store, ss: dict, user: str, write: Write) -> None:
    r0, r1, c0, c1 = write.cells
    if r1 > r0 and c1 > c0:
        store.check_editable(ss, user, write.area.sheet, r0, r1, c0, c1)


def apply(store, ss: dict, write: Write, option: str) -> dict:
    """Write the values; return the counts of an UpdateValuesResponse."""
    sheet = write.area.sheet
    r0, r1, c0, c1 = write.cells
    grow(store, ss, sheet, r1, c1)
    rows, cols, count = set(), set(), 0
    hidden = merged_away(sheet, r0, r1, c0, c1)  # only a merge's top-left cell holds a value
    for i, line in enumerate(write.rows):
        for j, value in enumerate(line):
            if value is None or (r0 + i, c0 + j) in hidden:
                continue  # "Null values will be skipped."
            put(store, sheet, r0 + i, c0 + j, value, option)
            rows.add(r0 + i)
            cols.add(c0 + j)
            count += 1
    return {"updatedRange": write.a1(), "updatedRows": len(rows),
            "updatedColumns": len(cols), "updatedCells": count}


def grow(store, ss: dict, sheet: dict, rows: int, cols: int) -> None:
    """Writing past the last row or column adds rows or columns, as Sheets does."""
    if len(sheet["rows"]) < rows or len(sheet["columns"]) < cols:
        sheet["rows"].extend(new_row() for _ in range(rows - len(sheet["rows"])))
        sheet["columns"].extend(new_column() for _ in range(cols - len(sheet["columns"])))
        store.reindex(ss)


def put(store, sheet: dict, row: int, col: int, value, option: str) -> None:
    old = store.cell(sheet, row, col) or {}
    number_format = (old.get("userEnteredFormat") or {}).get("numberFormat") or {}
    if option == "RAW":
        stored, inferred = entered.raw(value), None
    else:
        stored, inferred = entered.user_entered(value, number_format.get("type") == "TEXT")
    cell = {k: v for k, v in old.items()
            if k not in ("userEnteredValue", "effectiveValue", "formattedValue",
                         "textFormatRuns", "hyperlink")}
    if stored:
        cell["userEnteredValue"] = stored
        cell["effectiveValue"] = effective(stored)
    if inferred:
        cell["userEnteredFormat"] = {**(cell.get("userEnteredFormat") or {}), "numberFormat": inferred}
    store.set_cell(sheet, row, col, cell or None)


def effective(stored: dict) -> dict:
    """The effective value kept with an entered one: the same, except that a
    formula keeps its own text here; its value is computed when it is read
    (``formulas``), and reads never show this placeholder."""
    if "formulaValue" in stored:
        return {"stringValue": stored["formulaValue"]}
    return dict(stored)


def clear(store, sheet: dict, r0: int, r1: int, c0: int, c1: int) -> None:
    """Empty the values, keeping formats, notes and validation."""
    for row in sheet["rows"][r0:r1]:
        cells = row["cells"]
        for c in range(c0, min(c1, len(cells))):
            cell = cells[c]
            if cell:
                kept = {k: v for k, v in cell.items()
                        if k not in ("userEnteredValue", "effectiveValue", "formattedValue",
                                     "textFormatRuns", "hyperlink")}
                cells[c] = kept or None
        while cells and cells[-1] is None:
            cells.pop()


def without_zeros(answer: dict) -> dict:
    """Counts of zero are left out, as proto3 JSON leaves them out of Google's answers."""
    return {k: v for k, v in answer.items() if v != 0}
