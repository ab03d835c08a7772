"""A formula's text as a tree: openpyxl's tokenizer splits it, a precedence parser
here builds the tree.

Trees are tuples, cached by formula text (a column of one formula copied down has
as many texts as rows, but a re-read costs no parsing):

    ("num", 1.5)  ("str", "a")  ("bool", True)  ("err", type, message)  ("blank",)
    ("ref", sheet title or None, (r0, r1, c0, c1, single))   ("name", "Hours")
    ("call", "SUM", (args...), "sum")  ("neg", x)  ("pct", x)  ("bin", "+", a, b)
    ("array", ((...), ...))

Precedence, highest first, as Sheets (and Excel) apply it: negation, ``%``, ``^``,
``*`` ``/``, ``+`` ``-``, ``&``, comparisons; binary operators associate to the left
(``-2^2`` is 4, ``2^3^2`` is 64). A text that does not parse is the tree
``("err", "ERROR", "Formula parse error.")`` (#ERROR!), as Sheets shows it.
"""

from __future__ import annotations

import functools
import re

from ...core.errors import GoogleApiError
from .. import a1
from .operands import ERROR_TYPE

_INFIX = {"=": (1, 2), "<>": (1, 2), "<": (1, 2), ">": (1, 2), "<=": (1, 2), ">=": (1, 2),
          "&": (3, 4), "+": (5, 6), "-": (5, 6), "*": (7, 8), "/": (7, 8), "^": (9, 10)}
_POSTFIX = 11   # %
_PREFIX = 12    # unary minus binds tighter than anything after it
_FUNCTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


class _Unparsable(Exception):
    pass


PARSE_ERROR = "Formula parse error."
# What Sheets says of an error typed into a formula (=#REF! where a deleted cell was).
_LITERAL_ERRORS = {"REF": "Reference does not exist.", "N_A": "Value not available."}


@functools.lru_cache(maxsize=20_000)
def parse(formula: str) -> tuple:
    from openpyxl.formula.tokenizer import Tokenizer  # imported on the first formula only
    try:
        tokens = [(t.value, t.type, t.subtype) for t in Tokenizer(formula).items
                  if t.type != "WHITE-SPACE"]
        parser = _Parser(tokens)
        tree = parser.expression(0)
        if parser.peek() is not None:
            raise _Unparsable
        return tree
    except Exception:  # noqa: BLE001 - the tokenizer raises more than TokenizerError
        return ("err", "ERROR", PARSE_ERROR)


class _Parser:
    def __init__(self, tokens: list[tuple]):
        self.tokens, self.at = tokens, 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: str | None = None, subtype: str | None = None) -> tuple:
        token = self.peek()
        if token is None or (kind and token[1] != kind) or (subtype and token[2] != subtype):
            raise _Unparsable
        self.at += 1
        return token

    def expression(self, min_power: int) -> tuple:
        left = self.operand()
        while (token := self.peek()) is not None:
            value, kind, _ = token
            if kind == "OPERATOR-POSTFIX" and _POSTFIX >= min_power:
                self.at += 1
                left = ("pct", left)
            elif kind == "OPERATOR-INFIX" and value in _INFIX and _INFIX[value][0] >= min_power:
                self.at += 1
                left = ("bin", value, left, self.expression(_INFIX[value][1]))
            else:
                break
        return left

    def operand(self) -> tuple:
        value, kind, subtype = self.take()
        if kind == "OPERAND":
            return _operand(value, subtype)
        if kind == "OPERATOR-PREFIX":
            inner = self.expression(_PREFIX)
            return ("neg", inner) if value == "-" else inner
        if kind == "PAREN" and subtype == "OPEN":
            inner = self.expression(0)
            self.take("PAREN", "CLOSE")
            return inner
        if kind == "FUNC" and subtype == "OPEN":
            return self.call(value[:-1])
        if kind == "ARRAY" and subtype == "OPEN":
            return self.array()
        raise _Unparsable

    def call(self, name: str) -> tuple:
        if not _FUNCTION_NAME.match(name):
            raise _Unparsable
        args = []
        if self.peek() and self.peek()[1] == "FUNC" and self.peek()[2] == "CLOSE":
            self.at += 1
            return ("call", name.upper(), (), name)
        while True:
            token = self.peek()
            if token is not None and (token[1] == "SEP" or token[1:] == ("FUNC", "CLOSE")):
                args.append(("blank",))   # an argument left out: IF(A1,,1)
            else:
                args.append(self.expression(0))
            token = self.take()
            if token[1] == "FUNC" and token[2] == "CLOSE":
                return ("call", name.upper(), tuple(args), name)
            if token[1] != "SEP" or token[2] != "ARG":
                raise _Unparsable

    def array(self) -> tuple:
        rows, row = [], []
        while True:
            row.append(self.expression(0))
            value, kind, subtype = self.take()
            if kind == "ARRAY" and subtype == "CLOSE":
                rows.append(tuple(row))
                break
            if kind != "SEP":
                raise _Unparsable
            if subtype == "ROW":
                rows.append(tuple(row))
                row = []
        if len({len(r) for r in rows}) != 1:
            raise _Unparsable
        return ("array", tuple(rows))


def _operand(text: str, subtype: str) -> tuple:
    if subtype == "NUMBER":
        return ("num", float(text))
    if subtype == "TEXT":
        return ("str", text[1:-1].replace('""', '"'))
    if subtype == "LOGICAL":
        return ("bool", text.upper() == "TRUE")
    if subtype == "ERROR":
        kind = ERROR_TYPE.get(text.upper())
        if kind is None:
            raise _Unparsable
        return ("err", kind, _LITERAL_ERRORS.get(kind, ""))
    try:
        parsed = a1.parse(text)
    except GoogleApiError:
        raise _Unparsable from None
    if parsed.bare is not None:
        return ("name", parsed.bare)
    if parsed.cells is None:   # a sheet's name alone is no reference in a formula
        raise _Unparsable
    return ("ref", parsed.sheet, parsed.cells)
