"""findReplace (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#FindReplaceRequest).

The search runs over a range, one sheet or all sheets (exactly one of them). Text
cells are searched as they are; numbers and booleans as Sheets shows them, and a
changed one is read back as a number or boolean when it still looks like one;
formulas only with ``includeFormulas``. With ``searchByRegex`` the pattern is a
regular expression and the replacement may name groups as ``$1``. The reply counts
as Google documents: occurrences (several in one cell count several times), values
(non-formula cells), formulas, rows and sheets changed.
"""

from __future__ import annotations

import re

from . import request
from .cells import effective, set_cell
from .grid import RequestError, bounds, check_cells, display

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _scope(edit, body: dict) -> list[tuple[dict, int, int, int, int]]:
    chosen = [k for k in ("range", "sheetId", "allSheets")
              if body.get(k) is not None and body.get(k) is not False]
    if len(chosen) != 1:
        raise RequestError("Exactly one of range, sheetId or allSheets must be set.")
    if chosen == ["range"]:
        return [bounds(edit, body["range"])]
    if chosen == ["sheetId"]:
        return [bounds(edit, {"sheetId": body["sheetId"]})]
    return [(s, 0, len(s["rows"]), 0, len(s["columns"])) for s in edit.spreadsheet["sheets"]]


def _pattern(body: dict) -> re.Pattern:
    find = body.get("find")
    if not find:
        raise RequestError("find must not be empty.")
    flags = 0 if body.get("matchCase") else re.IGNORECASE
    try:
        return re.compile(find if body.get("searchByRegex") else re.escape(find), flags)
    except re.error as exc:
        raise RequestError(f"Invalid regular expression {find!r}: {exc}.") from None


def _replacer(body: dict):
    replacement = body.get("replacement", "")
    if not body.get("searchByRegex"):
        return lambda match: replacement
    # Java-style group references ($1) to Python's (\g<1>), other text literal.
    template = re.sub(r"\$(\d+)", r"\\g<\1>", replacement.replace("\\", "\\\\"))
    return lambda match: match.expand(template)


def _typed(text: str) -> dict:
    if _NUMBER.match(text.strip()):
        return {"numberValue": float(text)}
    if text.strip().upper() in ("TRUE", "FALSE"):
        return {"boolValue": text.strip().upper() == "TRUE"}
    return {"stringValue": text}


@request("findReplace")
def find_replace(edit, body: dict):
    scope = _scope(edit, body)
    pattern, replace = _pattern(body), _replacer(body)
    entire = body.get("matchEntireCell", False)
    formulas = body.get("includeFormulas", False)
    counts = {"occurrencesChanged": 0, "valuesChanged": 0, "formulasChanged": 0,
              "rowsChanged": 0, "sheetsChanged": 0}
    for sheet, r0, r1, c0, c1 in scope:
        sheet_changed = False
        for r in range(r0, r1):
            row_changed = False
            cells = sheet["rows"][r]["cells"]
            for c in range(c0, min(c1, len(cells))):
                cell = cells[c] if c < len(cells) else None
                value = (cell or {}).get("userEnteredValue")
                if not value:
                    continue
                is_formula = "formulaValue" in value
                if is_formula and not formulas:
                    continue
                text = value["formulaValue"] if is_formula else display(cell)
                if entire:
                    found = 1 if pattern.fullmatch(text) else 0
                    new = pattern.sub(replace, text, count=1) if found else text
                else:
                    new, found = pattern.subn(replace, text)
                if not found:
                    continue
                check_cells(edit, sheet, r, r + 1, c, c + 1)
                if is_formula and new.startswith("="):
                    entered = {"formulaValue": new}
                elif "stringValue" in value:
                    entered = {"stringValue": new}
                else:
                    entered = _typed(new)
                changed = dict(cell)
                changed.pop("formattedValue", None)
                if entered == {"stringValue": ""}:
                    changed.pop("userEnteredValue", None)
                    changed.pop("effectiveValue", None)
                else:
                    changed["userEnteredValue"] = entered
                    changed["effectiveValue"] = effective(entered)
                set_cell(cells, c, changed or None)
                counts["occurrencesChanged"] += found
                counts["formulasChanged" if is_formula else "valuesChanged"] += 1
                row_changed = sheet_changed = True
            counts["rowsChanged"] += row_changed
        counts["sheetsChanged"] += sheet_changed
    # Sheets leaves zero counts out of the reply, as proto3 JSON does.
    return {k: v for k, v in counts.items() if v}
