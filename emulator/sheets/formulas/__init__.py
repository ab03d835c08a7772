"""Formulas, computed as Google Sheets computes them when a value is read.

``Book(ss)`` is made for one read; ``book.computed(cell, sheet)`` gives a formula
cell's effective value and the number format its result implies. The parts:
``parse.py`` (text to tree, on openpyxl's tokenizer), ``operands.py`` (values and
Sheets' conversions), ``book.py`` (references, operators, caching, cycles),
``functions.py`` and ``lookup.py`` (the functions).
"""

from . import lookup  # noqa: F401  (registers the criteria and lookup functions)
from .book import Book
from .operands import ERROR_TEXT

__all__ = ["Book", "ERROR_TEXT"]
