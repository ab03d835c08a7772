"""Criteria and lookups: COUNTIF, COUNTIFS, SUMIF, SUMIFS, AVERAGEIF, COUNTBLANK,
VLOOKUP, XLOOKUP, INDEX, MATCH (https://support.google.com/docs/table/25273).

A criterion is a value (equal to it) or text starting with an operator: ">3",
"<>done", "<=2024-03-15", "=" (empty cells), "<>" (non-empty); text compares
without regard to case and ``*``, ``?`` are wildcards (``~`` escapes them).

A tracker reads like =COUNTIF(Log!B:B, A2) filled down a few thousand rows, so an
exact match does not scan: the first time a range is searched in a read, its
values are indexed (value -> positions) and every later search is a lookup.
"""

from __future__ import annotations

import math
import re

from .functions import function, whole
from .operands import (BLANK, Grid, SheetError, compare, is_number, key, scalar, text_number,
                       to_bool, to_text)

_OPERATOR = re.compile(r"^(<=|>=|<>|=|<|>)?(.*)$", re.S)


def as_grid(value) -> Grid:
    return value if isinstance(value, Grid) else Grid([[value]])


def kept(ev, grid: Grid, label, make):
    """``make()`` for a range, kept for the rest of the read when the Book keeps the
    range: its values flattened, a column, an index."""
    if not grid.kept:
        return make()
    cache_key = (id(grid), label)
    found = ev.book.indexes.get(cache_key)
    if found is None:
        found = ev.book.indexes[cache_key] = make()
    return found


def flat(ev, grid: Grid) -> list:
    return kept(ev, grid, "flat", lambda: list(grid.values()))


def first_column(ev, grid: Grid) -> list:
    return kept(ev, grid, "column", lambda: grid.column(0))


def vector(ev, grid: Grid, name: str) -> list:
    if grid.height > 1 and grid.width > 1:
        raise SheetError("N_A", f"{name} range must be a single row or a single column.")
    return kept(ev, grid, "vector", grid.vector)


def positions(ev, grid: Grid, values: list, label) -> dict:
    """value key -> positions in ``values`` (one of the lists above)."""
    def make():
        index = {}
        for i, value in enumerate(values):
            index.setdefault(key(value), []).append(i)
        return index
    return kept(ev, grid, ("index", label), make)


def _wildcard(text: str):
    if not re.search(r"(?<!~)[*?]", text):
        return None
    parts = re.split(r"(~[*?~]|[*?])", text)
    pattern = "".join(".*" if p == "*" else "." if p == "?" else re.escape(p[1]) if p.startswith("~") and len(p) == 2
                      else re.escape(p) for p in parts)
    return re.compile(pattern, re.I | re.S)


class Criterion:
    def __init__(self, value):
        value = scalar(value)
        if isinstance(value, SheetError):
            raise value.with_traceback(None)
        self.op, self.pattern = "=", None
        if isinstance(value, str):
            self.op, text = _OPERATOR.match(value).groups()
            self.op = self.op or "="
            parsed = text_number(text) if text.strip() else None
            if text == "":
                value = BLANK
            elif parsed is not None:
                value = parsed
            elif text.upper() in ("TRUE", "FALSE"):
                value = text.upper() == "TRUE"
            else:
                value = text
                if self.op in ("=", "<>"):
                    self.pattern = _wildcard(text)
        self.operand = value
        # The key of an exact match, which an index answers without a scan.
        self.key = key(value) if self.op == "=" and self.pattern is None and value is not BLANK else None

    def test(self, value) -> bool:
        if isinstance(value, SheetError):
            return False
        operand, op = self.operand, self.op
        if operand is BLANK:
            empty = value is BLANK or value == ""
            return empty if op == "=" else not empty
        if self.pattern is not None:
            matched = isinstance(value, str) and self.pattern.fullmatch(value) is not None
            return matched if op == "=" else not matched
        same_kind = (is_number(value) and is_number(operand)) or (
            isinstance(value, str) and isinstance(operand, str)) or (
            isinstance(value, bool) and isinstance(operand, bool))
        if op == "=":
            return same_kind and compare(value, operand) == 0
        if op == "<>":
            return not (same_kind and compare(value, operand) == 0)
        if not same_kind or isinstance(operand, bool):
            return False
        order = compare(value, operand)
        return {"<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0}[op]


def _matching(ev, name: str, pairs: list[tuple]) -> list[int]:
    """Positions (in the ranges' flattened values) meeting every criterion."""
    shape, found = None, None
    for rng, criterion in pairs:
        grid = as_grid(rng)
        if shape is None:
            shape = (grid.height, grid.width)
        elif (grid.height, grid.width) != shape:
            raise SheetError("VALUE", f"Array arguments to {name} are of different size.")
        check, values = Criterion(criterion), flat(ev, grid)
        if check.key is not None:
            hits = positions(ev, grid, values, "flat").get(check.key, [])
            if found is None:
                found = hits
            else:
                wanted = set(hits)
                found = [i for i in found if i in wanted]
        else:
            found = [i for i in (range(len(values)) if found is None else found) if check.test(values[i])]
    return found or []


@function("COUNTIF", 2, 2)
def _countif(ev, args):
    return float(len(_matching(ev, "COUNTIF", [(args[0], args[1])])))


@function("COUNTIFS", 2)
def _countifs(ev, args):
    if len(args) % 2:
        raise SheetError("N_A", "Wrong number of arguments to COUNTIFS. Expected an even number of arguments.")
    return float(len(_matching(ev, "COUNTIFS", list(zip(args[::2], args[1::2])))))


def _numbers_at(values: list, found: list[int]) -> list[float]:
    out = []
    for i in found:
        value = values[i] if i < len(values) else BLANK
        if isinstance(value, SheetError):
            raise value.with_traceback(None)
        if is_number(value):
            out.append(value)
    return out


@function("SUMIF", 2, 3)
def _sumif(ev, args):
    found = _matching(ev, "SUMIF", [(args[0], args[1])])
    return math.fsum(_numbers_at(flat(ev, as_grid(args[2] if len(args) > 2 else args[0])), found))


@function("SUMIFS", 3)
def _sumifs(ev, args):
    if len(args) % 2 == 0:
        raise SheetError("N_A", "Wrong number of arguments to SUMIFS. Expected an odd number of arguments.")
    found = _matching(ev, "SUMIFS", list(zip(args[1::2], args[2::2])))
    return math.fsum(_numbers_at(flat(ev, as_grid(args[0])), found))


@function("AVERAGEIF", 2, 3)
def _averageif(ev, args):
    found = _matching(ev, "AVERAGEIF", [(args[0], args[1])])
    values = _numbers_at(flat(ev, as_grid(args[2] if len(args) > 2 else args[0])), found)
    if not values:
        raise SheetError("DIVIDE_BY_ZERO", "Evaluation of function AVERAGEIF caused a divide by zero error.")
    return math.fsum(values) / len(values)


@function("COUNTBLANK", 1, 1)
def _countblank(ev, args):
    return float(sum(1 for v in as_grid(args[0]).values() if v is BLANK or v == ""))


# -- lookups -------------------------------------------------------------------

def _lookup_key(value):
    value = scalar(value)
    if isinstance(value, SheetError):
        raise value.with_traceback(None)
    return value


def exact(ev, grid: Grid, values: list, label, wanted, last: bool = False, wildcards: bool = True):
    """The position of ``wanted`` in ``values`` (first, or last), or None."""
    pattern = _wildcard(wanted) if wildcards and isinstance(wanted, str) else None
    if pattern is not None:
        hits = [i for i, v in enumerate(values) if isinstance(v, str) and pattern.fullmatch(v)]
    else:
        hits = positions(ev, grid, values, label).get(key(wanted), [])
    if not hits:
        return None
    return hits[-1] if last else hits[0]


def nearest(values: list, wanted, descending: bool = False):
    """A sorted search: the last value not past ``wanted`` (ascending: the largest
    <= it; descending: the smallest >= it), among values of its kind."""
    best = None
    for i, value in enumerate(values):
        if value is BLANK or isinstance(value, SheetError) or (is_number(value) != is_number(wanted)) \
                or isinstance(value, str) != isinstance(wanted, str):
            continue
        order = compare(value, wanted)
        if (order <= 0) if not descending else (order >= 0):
            best = i
        else:
            break
    return best


def not_found(name: str, wanted) -> SheetError:
    return SheetError("N_A", f"Did not find value '{to_text(wanted)}' in {name} evaluation.")


def _cell(value):
    if isinstance(value, SheetError):
        raise value.with_traceback(None)
    return value


@function("VLOOKUP", 3, 4)
def _vlookup(ev, args):
    wanted, grid = _lookup_key(args[0]), as_grid(args[1])
    column = whole(args[2], "VLOOKUP", 3)
    if column < 1:
        raise SheetError("VALUE", f"Function VLOOKUP parameter 3 value is {column}. It should be "
                                  f"greater than or equal to 1.")
    if column > grid.width:
        raise SheetError("REF", "VLOOKUP evaluates to an out of bounds range.")
    is_sorted = len(args) < 4 or args[3] is BLANK or to_bool(scalar(args[3]), "VLOOKUP", 4)
    keys = first_column(ev, grid)
    row = nearest(keys, wanted) if is_sorted else exact(ev, grid, keys, "column", wanted)
    if row is None:
        raise not_found("VLOOKUP", wanted)
    return _cell(grid.rows[row][column - 1])


@function("MATCH", 2, 3)
def _match(ev, args):
    wanted, grid = _lookup_key(args[0]), as_grid(args[1])
    kind = whole(args[2], "MATCH", 3) if len(args) > 2 and args[2] is not BLANK else 1
    values = vector(ev, grid, "MATCH")
    if kind == 0:
        found = exact(ev, grid, values, "vector", wanted)
    else:
        found = nearest(values, wanted, descending=kind < 0)
    if found is None:
        raise not_found("MATCH", wanted)
    return float(found + 1)


@function("XLOOKUP", 3, 6)
def _xlookup(ev, args):
    wanted, lookup, result = _lookup_key(args[0]), as_grid(args[1]), as_grid(args[2])
    values = vector(ev, lookup, "XLOOKUP")
    by_rows = lookup.width == 1 and lookup.height > 1 or (lookup.height == lookup.width == 1)
    if (result.height if by_rows else result.width) != len(values):
        raise SheetError("VALUE", "Array arguments to XLOOKUP are of different size.")
    match_mode = whole(args[4], "XLOOKUP", 5) if len(args) > 4 and args[4] is not BLANK else 0
    search_mode = whole(args[5], "XLOOKUP", 6) if len(args) > 5 and args[5] is not BLANK else 1
    last = search_mode < 0
    found = exact(ev, lookup, values, "vector", wanted, last=last, wildcards=match_mode == 2)
    if found is None and match_mode in (-1, 1):
        found = _next_to(values, wanted, larger=match_mode == 1)
    if found is None:
        if len(args) > 3 and args[3] is not BLANK:
            return args[3]
        raise not_found("XLOOKUP", wanted)
    if by_rows:
        return _cell(result.rows[found][0]) if result.width == 1 else Grid([result.rows[found]])
    return _cell(result.rows[0][found]) if result.height == 1 else Grid([[r[found]] for r in result.rows])


def _next_to(values: list, wanted, larger: bool):
    best = None
    for i, value in enumerate(values):
        if value is BLANK or isinstance(value, SheetError) or isinstance(value, str) != isinstance(wanted, str):
            continue
        order = compare(value, wanted)
        if (order > 0) if larger else (order < 0):
            if best is None or (compare(value, values[best]) < 0 if larger else compare(value, values[best]) > 0):
                best = i
    return best


@function("INDEX", 1, 3)
def _index(ev, args):
    grid = as_grid(args[0])
    row = whole(args[1], "INDEX", 2) if len(args) > 1 and args[1] is not BLANK else 0
    column = whole(args[2], "INDEX", 3) if len(args) > 2 and args[2] is not BLANK else 0
    if len(args) == 2 and grid.height == 1 and grid.width > 1:
        row, column = 1, row   # INDEX(A1:E1, 3): the one number counts along the row
    for value, size, position in ((row, grid.height, 2), (column, grid.width, 3)):
        if not 0 <= value <= size:
            raise SheetError("REF", f"Function INDEX parameter {position} value is {value}. Valid "
                                    f"values are between 0 and {size} inclusive.")
    if row and column:
        return _cell(grid.rows[row - 1][column - 1])
    if row:
        return Grid([grid.rows[row - 1]]) if grid.width > 1 else _cell(grid.rows[row - 1][0])
    if column:
        return Grid([[r[column - 1]] for r in grid.rows]) if grid.height > 1 else _cell(grid.rows[0][column - 1])
    return grid
