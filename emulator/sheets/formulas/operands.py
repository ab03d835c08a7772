"""The values formulas compute with, and how Sheets converts one kind into another
(https://support.google.com/docs/table/25273).

A value is a number (``float``), text (``str``), a boolean, ``BLANK`` (an empty
cell, which is neither 0 nor "" until an operator needs one) or a ``SheetError``.
Errors are exceptions so that they propagate through operators and functions on
their own; inside a ``Grid`` (a range's values) they are kept as values, since
COUNTA counts them and IFERROR may never look at them.
"""

from __future__ import annotations

import math

from .. import entered

# ErrorValue.type -> what the cell shows (ExtendedValue reference, ErrorType enum).
ERROR_TEXT = {"ERROR": "#ERROR!", "NULL_VALUE": "#NULL!", "DIVIDE_BY_ZERO": "#DIV/0!",
              "VALUE": "#VALUE!", "REF": "#REF!", "NAME": "#NAME?", "NUM": "#NUM!",
              "N_A": "#N/A", "LOADING": "Loading..."}
ERROR_TYPE = {text: kind for kind, text in ERROR_TEXT.items()}


class _Blank:
    """An empty cell: 0 to arithmetic, "" to text, FALSE to logic."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "BLANK"

    def __bool__(self) -> bool:
        return False


BLANK = _Blank()


class SheetError(Exception):
    """An error value: ``kind`` is an ErrorValue type (DIVIDE_BY_ZERO, N_A...)."""

    def __init__(self, kind: str, message: str = ""):
        super().__init__(message)
        self.kind, self.message = kind, message

    @property
    def text(self) -> str:
        return ERROR_TEXT.get(self.kind, "#ERROR!")

    def __repr__(self) -> str:
        return f"SheetError({self.kind!r}, {self.message!r})"


CIRCULAR = ("Circular dependency detected. To resolve with iterative calculation, "
            "see File > Settings.")


class Grid:
    """A rectangle of values, row by row (a range read, an array literal).
    ``kept`` marks a range's values that the Book keeps for the whole read, which
    the lookups may index once (lookup.py)."""
    __slots__ = ("rows", "kept")

    def __init__(self, rows: list[list], kept: bool = False):
        self.rows, self.kept = rows, kept

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def values(self):
        for row in self.rows:
            yield from row

    def first(self):
        return self.rows[0][0] if self.rows and self.rows[0] else BLANK

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]

    def vector(self) -> list:
        """A one-row or one-column range as a list (the lookups' search ranges)."""
        return self.rows[0] if self.height == 1 else self.column(0)


def is_number(value) -> bool:
    return isinstance(value, float) and not isinstance(value, bool)


def number(value: float) -> float:
    """A computed number, refused when it is not finite as Sheets refuses it."""
    if math.isnan(value) or math.isinf(value):
        raise SheetError("NUM", "Numeric result is out of range.")
    return value + 0.0  # -0.0 reads as 0


# -- coercion -------------------------------------------------------------------

def _typed(value):
    """A value as an operand: BLANK stays, errors raise."""
    if isinstance(value, SheetError):
        raise value
    return value


def to_number(value, function: str = "ADD", position: int = 1) -> float:
    value = _typed(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if value is BLANK or value == "":
        return 0.0
    parsed = text_number(value)
    if parsed is None:
        raise SheetError("VALUE", f"Function {function} parameter {position} expects number values. "
                                  f"But '{value}' is a text and cannot be coerced to a number.")
    return parsed


def text_number(text: str) -> float | None:
    """What typed text reads as when a number is needed: "12", "1,234.5", "50%",
    "$5", dates ("2024-03-15") -- as USER_ENTERED parses them."""
    stored, _ = entered.user_entered(text.strip())
    if stored and "numberValue" in stored:
        return float(stored["numberValue"])
    return None


def to_text(value) -> str:
    value = _typed(value)
    if value is BLANK:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    return value


def number_text(value: float) -> str:
    """A number turned into text by ``&`` or a text function: up to 15 significant
    digits, as Sheets writes =1/3&"" (0.333333333333333)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').rjust(2, '0')}"
    return text


def to_bool(value, function: str = "IF", position: int = 1) -> bool:
    value = _typed(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0
    if value is BLANK or value == "":
        return False
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    raise SheetError("VALUE", f"Function {function} parameter {position} expects boolean values. "
                              f"But '{value}' is a text and cannot be coerced to a boolean.")


def scalar(value):
    """A Grid where one value is needed: its first value (spilling is not modelled)."""
    return value.first() if isinstance(value, Grid) else value


# -- comparison -----------------------------------------------------------------

def _rank(value) -> int:
    if isinstance(value, bool):
        return 2
    return 1 if isinstance(value, str) else 0


def _zero_like(value):
    if isinstance(value, bool):
        return False
    return "" if isinstance(value, str) else 0.0


def compare(a, b) -> int:
    """-1, 0 or 1 as Sheets orders values: numbers < text < booleans, text without
    regard to case, an empty cell equal to 0, "" and FALSE."""
    a, b = _typed(a), _typed(b)
    if a is BLANK and b is BLANK:
        return 0
    if a is BLANK:
        a = _zero_like(b)
    if b is BLANK:
        b = _zero_like(a)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def key(value):
    """A hashable key under which equal values (in ``compare``'s sense) meet."""
    if value is BLANK:
        return None
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value.casefold())
    return ("e", value.kind)
