"""One spreadsheet's formulas as one read sees them.

Sheets keeps formulas' values up to date as their inputs change; the emulator gets
the same answers by computing each formula when it is read: a ``Book`` is made
for one read (a values call, a ``get`` with grid data), computes each formula
cell it meets at most once, and is dropped with the answer. A spreadsheet
without formulas never makes a Book do anything.

A cell met again while it is being computed is a circular dependency: Sheets
shows #REF! "Circular dependency detected...". References are followed on the
Python stack; a chain of formulas deeper than ``_DEPTH`` is computed from its far
end first (see ``_settle``), so a long running total down a column computes as
well as a short one.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ...core import clock
from ..formats import DEFAULT_PATTERNS, plain_number, to_serial
from ..models import SheetsStore
from .functions import FUNCTIONS, arity_error
from .operands import (BLANK, CIRCULAR, Grid, SheetError, compare, is_number, number, scalar,
                       to_number, to_text)
from .parse import parse

_DEPTH = 40
DATE = {"type": "DATE", "pattern": DEFAULT_PATTERNS["DATE"]}
DATE_TIME = {"type": "DATE_TIME", "pattern": DEFAULT_PATTERNS["DATE_TIME"]}
_ARITHMETIC = {"+": "ADD", "-": "MINUS", "*": "MULTIPLY", "/": "DIVIDE", "^": "POW"}
_COMPARISON = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0,
               ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


class _TooDeep(Exception):
    def __init__(self, cell: dict, sheet: dict):
        super().__init__()
        self.cell, self.sheet = cell, sheet


class Book:
    def __init__(self, ss: dict):
        self.ss = ss
        self._results: dict[int, tuple] = {}   # id(cell) -> (value, number format or None)
        self._active: set[int] = set()
        self._depth = 0
        self._grids: dict[tuple, Grid] = {}
        self.indexes: dict[tuple, dict] = {}   # the lookups' indexes of grids (lookup.py)
        self._now: dt.datetime | None = None

    # -- what a read asks -------------------------------------------------------

    def computed(self, cell: dict, sheet: dict) -> tuple[dict | None, dict | None]:
        """A formula cell's effective value (an ExtendedValue, ``None`` when it
        computes to nothing) and the number format its result implies, if any."""
        value, implied = self.result(cell, sheet)
        return extended(value), implied

    # -- computing cells ----------------------------------------------------------

    def result(self, cell: dict, sheet: dict) -> tuple:
        key = id(cell)
        found = self._results.get(key)
        if found is not None:
            return found
        if key in self._active:
            return SheetError("REF", CIRCULAR), None
        if self._depth == 0:
            return self._settle(cell, sheet)
        if self._depth >= _DEPTH:
            raise _TooDeep(cell, sheet)
        return self._compute(cell, sheet)

    def _settle(self, cell: dict, sheet: dict) -> tuple:
        """Compute a cell; when its references run deeper than _DEPTH, compute the
        cell where they stopped first and try again (it is then known)."""
        pending = [(cell, sheet)]
        while pending:
            current, its_sheet = pending[-1]
            if id(current) in self._results:
                pending.pop()
                continue
            try:
                self._compute(current, its_sheet)
            except _TooDeep as deep:
                if any(waiting is deep.cell for waiting, _ in pending):   # a long cycle
                    self._results[id(deep.cell)] = (SheetError("REF", CIRCULAR), None)
                else:
                    pending.append((deep.cell, deep.sheet))
        return self._results[id(cell)]

    def _compute(self, cell: dict, sheet: dict) -> tuple:
        key = id(cell)
        self._active.add(key)
        self._depth += 1
        try:
            tree = parse(cell["userEnteredValue"]["formulaValue"])
            evaluation = Evaluation(self, sheet)
            implied = None
            try:
                value = evaluation.scalar(tree)
                implied = evaluation.implied_format(tree)
            except SheetError as err:
                value = err
            except RecursionError:
                value = SheetError("ERROR", "The formula is nested too deeply.")
        finally:
            self._depth -= 1
            self._active.discard(key)
        self._results[key] = (value, implied)
        return value, implied

    def known(self, cell: dict) -> tuple | None:
        """A formula cell's (value, format) if this read has computed it."""
        return self._results.get(id(cell))

    def cell_value(self, cell: dict | None, sheet: dict):
        if not cell:
            return BLANK
        stored = cell.get("userEnteredValue")
        if stored and "formulaValue" in stored:
            return self.result(cell, sheet)[0]
        return from_extended(cell.get("effectiveValue") or stored or {})

    def grid(self, sheet: dict, r0: int, r1: int, c0: int, c1: int) -> Grid:
        key = (sheet["properties"]["sheetId"], r0, r1, c0, c1)
        found = self._grids.get(key)
        if found is None:
            rows = []
            for row in sheet["rows"][r0:r1]:
                cells = row["cells"]
                if len(cells) <= c0:
                    rows.append([BLANK] * (c1 - c0))
                    continue
                rows.append([self.cell_value(cells[c], sheet) if c < len(cells) else BLANK
                             for c in range(c0, c1)])
            found = self._grids[key] = Grid(rows, kept=True)
        return found

    def now(self) -> dt.datetime:
        """The emulator's clock in the spreadsheet's time zone, once per read."""
        if self._now is None:
            try:
                zone = ZoneInfo(self.ss["properties"].get("timeZone") or "Etc/GMT")
            except (ValueError, OSError, KeyError):
                zone = dt.timezone.utc
            self._now = clock.now().astimezone(zone).replace(tzinfo=None)
        return self._now

    def today_serial(self, with_time: bool = False) -> float:
        moment = self.now()
        return float(to_serial(moment if with_time else moment.replace(hour=0, minute=0, second=0,
                                                                          microsecond=0)))


class Evaluation:
    """One formula being computed: the sheet it is on names its unqualified references."""
    __slots__ = ("book", "sheet")

    def __init__(self, book: Book, sheet: dict):
        self.book, self.sheet = book, sheet

    def scalar(self, node: tuple):
        value = scalar(self.eval(node))
        if isinstance(value, SheetError):
            raise value.with_traceback(None)
        return value

    def eval(self, node: tuple):
        """A value or a Grid; an error raises."""
        kind = node[0]
        if kind in ("num", "str", "bool"):
            return node[1]
        if kind == "ref":
            return self.reference(node[1], node[2])
        if kind == "call":
            return self.call(node)
        if kind == "bin":
            return self.binary(node)
        if kind == "neg":
            return number(-to_number(self.scalar(node[1]), "UMINUS", 1))
        if kind == "pct":
            return number(to_number(self.scalar(node[1]), "UNARY_PERCENT", 1) / 100)
        if kind == "name":
            return self.named(node[1])
        if kind == "array":
            return Grid([[self.scalar(item) for item in row] for row in node[1]])
        if kind == "err":
            raise SheetError(node[1], node[2])
        return BLANK   # ("blank",): an argument left out

    def call(self, node: tuple):
        _, name, args, written = node
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise SheetError("NAME", f"Unknown function: '{written}'.")
        if len(args) < spec.least or (spec.most is not None and len(args) > spec.most):
            raise arity_error(name, spec.least, spec.most, len(args))
        if spec.lazy:
            return spec.run(self, args)
        return spec.run(self, [self.eval(arg) for arg in args])

    def binary(self, node: tuple):
        _, op, left, right = node
        a, b = self.scalar(left), self.scalar(right)
        if op == "&":
            return to_text(a) + to_text(b)
        if op in _COMPARISON:
            return _COMPARISON[op](compare(a, b))
        name = _ARITHMETIC[op]
        x, y = to_number(a, name, 1), to_number(b, name, 2)
        if op == "+":
            return number(x + y)
        if op == "-":
            return number(x - y)
        if op == "*":
            return number(x * y)
        if op == "/":
            if y == 0:
                raise SheetError("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
            return number(x / y)
        if x == 0 and y < 0:
            raise SheetError("DIVIDE_BY_ZERO", "Function POW parameter 2 cannot be negative when "
                                               "parameter 1 is zero.")
        if x < 0 and y != int(y):
            raise SheetError("NUM", "Function POW parameter 1 value is negative and parameter 2 "
                                    "value is not an integer.")
        try:
            return number(x ** y)
        except OverflowError:
            raise SheetError("NUM", "Numeric result is out of range.") from None

    # -- references -----------------------------------------------------------------

    def reference(self, title: str | None, cells: tuple):
        sheet = self.sheet if title is None else SheetsStore.sheet_by_title(self.book.ss, title)
        if sheet is None:
            raise SheetError("REF", f"Unresolved sheet name '{title}'.")
        r0, r1, c0, c1, single = cells
        return self.area(sheet, r0, r1, c0, c1, single)

    def area(self, sheet: dict, r0: int, r1: int | None, c0: int, c1: int | None, single: bool):
        rows, cols = len(sheet["rows"]), len(sheet["columns"])
        if r0 >= rows or c0 >= cols:
            raise SheetError("REF", "Reference beyond the sheet's grid.")
        if single:
            cells = sheet["rows"][r0]["cells"]
            value = self.book.cell_value(cells[c0] if c0 < len(cells) else None, sheet)
            if isinstance(value, SheetError):
                raise value.with_traceback(None)
            return value
        r1 = rows if r1 is None else min(r1, rows)
        c1 = cols if c1 is None else min(c1, cols)
        return self.book.grid(sheet, r0, r1, c0, c1)

    def named(self, name: str):
        for named in self.book.ss.get("namedRanges") or []:
            if named.get("name", "").lower() == name.lower():
                grid_range = named.get("range") or {}
                sheet = next((s for s in self.book.ss["sheets"]
                              if s["properties"]["sheetId"] == grid_range.get("sheetId", 0)), None)
                if sheet is None:
                    raise SheetError("REF", f"Named range '{name}' refers to no sheet.")
                return self.area(sheet, grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex"),
                                 grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex"),
                                 False)
        raise SheetError("NAME", f"Unknown range name: '{name}'.")

    # -- the format a result implies ----------------------------------------------------

    def implied_format(self, node: tuple) -> dict | None:
        """Sheets shows =TODAY() as a date and =A1+1 in A1's format: a formula's
        result takes a number format from what it computes (a date from DATE, TODAY,
        NOW, or from the cell it refers to). Dates subtracted give days, a number."""
        kind = node[0]
        if kind == "call":
            name = node[1]
            if name in ("TODAY", "DATE"):
                return DATE
            if name == "NOW":
                return DATE_TIME
            if name in ("IF", "IFERROR", "IFNA", "SUM", "MIN", "MAX"):
                return next((f for f in map(self.implied_format, node[2][1:] if name == "IF" else node[2])
                             if f), None)
            return None
        if kind == "bin" and node[1] in "+-":
            left, right = self.implied_format(node[2]), self.implied_format(node[3])
            if node[1] == "-" and left and right:
                return None
            return left or right
        if kind == "neg":
            return self.implied_format(node[1])
        if kind == "ref" and node[2][4]:
            sheet = self.sheet if node[1] is None else SheetsStore.sheet_by_title(self.book.ss, node[1])
            r, c = node[2][0], node[2][2]
            if sheet is None or r >= len(sheet["rows"]) or c >= len(sheet["rows"][r]["cells"]):
                return None
            cell = sheet["rows"][r]["cells"][c] or {}
            own = (cell.get("userEnteredFormat") or {}).get("numberFormat")
            if own or "formulaValue" not in (cell.get("userEnteredValue") or {}):
                return own
            known = self.book.known(cell)   # not computed: on a branch not taken
            return known[1] if known else None
        return None


# -- values in and out -------------------------------------------------------------

def from_extended(value: dict):
    if "numberValue" in value:
        return float(value["numberValue"])
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "errorValue" in value:
        return SheetError(value["errorValue"].get("type", "ERROR"), value["errorValue"].get("message", ""))
    return BLANK


def extended(value) -> dict | None:
    """An ExtendedValue for a result; None for an empty one (=A1 of an empty A1)."""
    if value is BLANK:
        return None
    if isinstance(value, SheetError):
        return {"errorValue": {"type": value.kind, "message": value.message}}
    if isinstance(value, bool):
        return {"boolValue": value}
    if is_number(value):
        return {"numberValue": plain_number(value)}
    return {"stringValue": value}
