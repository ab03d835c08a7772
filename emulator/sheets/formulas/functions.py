"""The functions formulas may call: arithmetic, logic, text and dates
(https://support.google.com/docs/table/25273). Lookups and the criteria functions
(COUNTIF and its kin) are in ``lookup.py``. A name not registered here is
#NAME? "Unknown function", as Sheets answers a name it does not know.

Each function gets its arguments computed (a value, or a Grid for a range) unless
it is ``lazy``: then it gets the argument trees and computes what it needs (IF
computes one branch; IFERROR catches the error of its first argument).

Ranges and typed arguments are treated differently, as Sheets does: SUM(A1:A9)
adds only the numbers of the range and skips text, while SUM("a") is #VALUE!.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from ..formats import to_serial
from .operands import (BLANK, Grid, SheetError, is_number, number, scalar, to_bool, to_number,
                       to_text)


@dataclass(frozen=True)
class Function:
    run: Callable
    least: int
    most: int | None
    lazy: bool


FUNCTIONS: dict[str, Function] = {}


def function(name: str, least: int = 0, most: int | None = None, lazy: bool = False):
    def register(run):
        FUNCTIONS[name] = Function(run, least, most, lazy)
        return run
    return register


def arity_error(name: str, least: int, most: int | None, got: int) -> SheetError:
    if most is None:
        expected = f"at least {least} arguments"
    elif least == most:
        expected = f"{least} arguments"
    else:
        expected = f"between {least} and {most} arguments"
    return SheetError("N_A", f"Wrong number of arguments to {name}. Expected {expected}, "
                             f"but got {got} arguments.")


# -- helpers -------------------------------------------------------------------

def numbers(name: str, args: list):
    """The numbers of the arguments: a range gives its numbers only (text, booleans
    and empty cells skipped, errors raised); a typed argument must read as one."""
    for position, arg in enumerate(args, 1):
        if isinstance(arg, Grid):
            for value in arg.values():
                if isinstance(value, SheetError):
                    raise value.with_traceback(None)
                if is_number(value):
                    yield value
        elif arg is not BLANK:
            yield to_number(arg, name, position)


def everything(args: list):
    """Every value of the arguments, ranges flattened row by row."""
    for arg in args:
        if isinstance(arg, Grid):
            yield from arg.values()
        else:
            yield arg


def whole(value, name: str, position: int) -> int:
    return math.trunc(to_number(scalar(value), name, position))


# -- arithmetic ----------------------------------------------------------------

@function("SUM", 1)
def _sum(ev, args):
    return number(math.fsum(numbers("SUM", args)))


@function("AVERAGE", 1)
def _average(ev, args):
    values = list(numbers("AVERAGE", args))
    if not values:
        raise SheetError("DIVIDE_BY_ZERO", "Evaluation of function AVERAGE caused a divide by zero error.")
    return number(math.fsum(values) / len(values))


@function("MIN", 1)
def _min(ev, args):
    return min(numbers("MIN", args), default=0.0)


@function("MAX", 1)
def _max(ev, args):
    return max(numbers("MAX", args), default=0.0)


@function("COUNT", 1)
def _count(ev, args):
    count = 0
    for arg in args:
        if isinstance(arg, Grid):
            count += sum(1 for v in arg.values() if is_number(v))
        elif is_number(arg):
            count += 1
    return float(count)


@function("COUNTA", 1)
def _counta(ev, args):
    return float(sum(1 for v in everything(args) if v is not BLANK))


@function("ROUND", 1, 2)
def _round(ev, args):
    value = to_number(scalar(args[0]), "ROUND", 1)
    places = whole(args[1], "ROUND", 2) if len(args) > 1 else 0
    # Halves round away from zero, on the number as written (2.675 -> 2.68).
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number(float(exact))


@function("ABS", 1, 1)
def _abs(ev, args):
    return abs(to_number(scalar(args[0]), "ABS", 1))


# -- logic ---------------------------------------------------------------------

@function("IF", 2, 3, lazy=True)
def _if(ev, nodes):
    if to_bool(ev.scalar(nodes[0]), "IF", 1):
        return ev.eval(nodes[1])
    return ev.eval(nodes[2]) if len(nodes) > 2 else False


@function("IFS", 2, lazy=True)
def _ifs(ev, nodes):
    if len(nodes) % 2:
        raise SheetError("N_A", "Wrong number of arguments to IFS. Expected an even number of arguments.")
    for i in range(0, len(nodes), 2):
        if to_bool(ev.scalar(nodes[i]), "IFS", i + 1):
            return ev.eval(nodes[i + 1])
    raise SheetError("N_A", "No conditions in IFS are true.")


@function("IFERROR", 1, 2, lazy=True)
def _iferror(ev, nodes):
    try:
        return ev.scalar(nodes[0])
    except SheetError:
        return ev.eval(nodes[1]) if len(nodes) > 1 else BLANK


@function("IFNA", 2, 2, lazy=True)
def _ifna(ev, nodes):
    try:
        return ev.scalar(nodes[0])
    except SheetError as err:
        if err.kind != "N_A":
            raise
        return ev.eval(nodes[1])


def _logicals(name: str, args: list) -> list[bool]:
    out = []
    for position, arg in enumerate(args, 1):
        if isinstance(arg, Grid):
            for value in arg.values():
                if isinstance(value, SheetError):
                    raise value.with_traceback(None)
                if isinstance(value, (bool, float)):
                    out.append(bool(value))
        elif arg is not BLANK:
            out.append(to_bool(arg, name, position))
    if not out:
        raise SheetError("VALUE", f"{name} has no valid input data.")
    return out


@function("AND", 1)
def _and(ev, args):
    return all(_logicals("AND", args))


@function("OR", 1)
def _or(ev, args):
    return any(_logicals("OR", args))


@function("NOT", 1, 1)
def _not(ev, args):
    return not to_bool(scalar(args[0]), "NOT", 1)


@function("TRUE", 0, 0)
def _true(ev, args):
    return True


@function("FALSE", 0, 0)
def _false(ev, args):
    return False


@function("NA", 0, 0)
def _na(ev, args):
    raise SheetError("N_A", "Value not available.")


def _probe(ev, node):
    """The value of an argument, an error included (the IS functions look at it)."""
    try:
        return scalar(ev.eval(node))
    except SheetError as err:
        return err


@function("ISBLANK", 1, 1, lazy=True)
def _isblank(ev, nodes):
    return _probe(ev, nodes[0]) is BLANK


@function("ISERROR", 1, 1, lazy=True)
def _iserror(ev, nodes):
    return isinstance(_probe(ev, nodes[0]), SheetError)


@function("ISNUMBER", 1, 1, lazy=True)
def _isnumber(ev, nodes):
    return is_number(_probe(ev, nodes[0]))


@function("ISTEXT", 1, 1, lazy=True)
def _istext(ev, nodes):
    return isinstance(_probe(ev, nodes[0]), str)


# -- text ----------------------------------------------------------------------

@function("LEN", 1, 1)
def _len(ev, args):
    return float(len(to_text(scalar(args[0]))))


@function("CONCATENATE", 1)
def _concatenate(ev, args):
    return "".join(to_text(v) for v in everything(args))


@function("CONCAT", 2, 2)
def _concat(ev, args):
    return to_text(scalar(args[0])) + to_text(scalar(args[1]))


@function("UPPER", 1, 1)
def _upper(ev, args):
    return to_text(scalar(args[0])).upper()


@function("LOWER", 1, 1)
def _lower(ev, args):
    return to_text(scalar(args[0])).lower()


@function("TRIM", 1, 1)
def _trim(ev, args):
    return re.sub(" +", " ", to_text(scalar(args[0])).strip(" "))


# -- dates ---------------------------------------------------------------------

@function("TODAY", 0, 0)
def _today(ev, args):
    return ev.book.today_serial()


@function("NOW", 0, 0)
def _now(ev, args):
    return ev.book.today_serial(with_time=True)


@function("DATE", 3, 3)
def _date(ev, args):
    """DATE(year, month, day): years 0-1899 count from 1900; months and days past
    their end roll over (DATE(2024, 13, 1) is 2025-01-01)."""
    year, month, day = (whole(a, "DATE", i) for i, a in enumerate(args, 1))
    if year < 0 or year >= 10000:
        raise SheetError("NUM", f"Function DATE parameter 1 value is {year}. It should be between 0 and 9999.")
    if year < 1900:
        year += 1900
    year, month = divmod(year * 12 + month - 1, 12)
    try:
        moment = dt.datetime(year, month + 1, 1) + dt.timedelta(days=day - 1)
    except (ValueError, OverflowError):
        raise SheetError("NUM", "DATE evaluates to an out of range value.") from None
    serial = to_serial(moment)
    if serial < 0:
        raise SheetError("NUM", "DATE evaluates to an out of range value.")
    return float(serial)
