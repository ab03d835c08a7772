"""How a cell looks on the spreadsheet page: its format as CSS, where it links to,
the conditional format rules a coordinator uses, and the protected ranges over it.

Everything here reads the Spreadsheet resource as the Sheets API returned it to the
signed-in person (CellFormat, ConditionalFormatRule, ProtectedRange:
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets);
nothing reaches into the store.
"""

from __future__ import annotations

import re

BIG = 10**9   # an open end of a GridRange

# Condition types evaluated here; anything else (CUSTOM_FORMULA, dates, gradients)
# is named in the cell's tooltip instead of being guessed at.
TEXT_TESTS = {
    "TEXT_EQ": lambda s, v: s == v,
    "TEXT_NOT_EQ": lambda s, v: s != v,
    "TEXT_CONTAINS": lambda s, v: v in s,
    "TEXT_NOT_CONTAINS": lambda s, v: v not in s,
    "TEXT_STARTS_WITH": lambda s, v: s.startswith(v),
    "TEXT_ENDS_WITH": lambda s, v: s.endswith(v),
}
NUMBER_TESTS = {
    "NUMBER_GREATER": lambda n, a, b: n > a,
    "NUMBER_GREATER_THAN_EQ": lambda n, a, b: n >= a,
    "NUMBER_LESS": lambda n, a, b: n < a,
    "NUMBER_LESS_THAN_EQ": lambda n, a, b: n <= a,
    "NUMBER_EQ": lambda n, a, b: n == a,
    "NUMBER_NOT_EQ": lambda n, a, b: n != a,
    "NUMBER_BETWEEN": lambda n, a, b: min(a, b) <= n <= max(a, b),
    "NUMBER_NOT_BETWEEN": lambda n, a, b: not min(a, b) <= n <= max(a, b),
}


# -- formats -------------------------------------------------------------------------

def color(style: dict | None, plain: dict | None) -> str | None:
    """A Color (or a ColorStyle's rgbColor) as #rrggbb; proto3 leaves zero
    components out, so ``{}`` is black. Theme colours are not resolved."""
    rgb = (style or {}).get("rgbColor", plain)
    if rgb is None:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, rgb.get(k, 0))) * 255):02x}"
                         for k in ("red", "green", "blue"))


def css(fmt: dict, value: dict) -> str:
    """The CSS for a cell's format (``userEnteredFormat``, conditional format on top);
    numbers sit right and booleans centred unless aligned otherwise, as in Sheets."""
    out = []
    background = color(fmt.get("backgroundColorStyle"), fmt.get("backgroundColor"))
    if background and background != "#ffffff":
        out.append(f"background-color:{background}")
    text = fmt.get("textFormat") or {}
    foreground = color(text.get("foregroundColorStyle"), text.get("foregroundColor"))
    if foreground and foreground != "#000000":
        out.append(f"color:{foreground}")
    if text.get("bold"):
        out.append("font-weight:bold")
    if text.get("italic"):
        out.append("font-style:italic")
    lines = [name for key, name in (("underline", "underline"), ("strikethrough", "line-through"))
             if text.get(key)]
    if lines:
        out.append("text-decoration:" + " ".join(lines))
    if text.get("fontSize") and text["fontSize"] != 10:
        out.append(f"font-size:{text['fontSize']}pt")
    align = fmt.get("horizontalAlignment")
    if align in ("LEFT", "CENTER", "RIGHT"):
        out.append(f"text-align:{align.lower()}")
    elif "numberValue" in value:
        out.append("text-align:right")
    elif "boolValue" in value:
        out.append("text-align:center")
    if fmt.get("verticalAlignment") in ("TOP", "MIDDLE"):   # BOTTOM is Sheets' default
        out.append("vertical-align:" + fmt["verticalAlignment"].lower())
    if fmt.get("wrapStrategy") == "WRAP":
        out.append("white-space:normal")
    return ";".join(out)


URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def link(cell: dict, text: str) -> str | None:
    """Where a cell links to, as Sheets shows it: the API's ``hyperlink``, a cell-level
    link in its text format, one rich-text run with a link over the whole text, or
    text that is a web address (Sheets shows a typed or written URL as a link).
    Only http(s) links and ``#gid=`` links to a tab; anything else is left as text."""
    fmt = (cell.get("userEnteredFormat") or {}).get("textFormat") or {}
    runs = cell.get("textFormatRuns") or []
    whole_run = (runs[0].get("format") or {}).get("link", {}).get("uri") \
        if len(runs) == 1 and not runs[0].get("startIndex") else None
    for uri in (cell.get("hyperlink"), (fmt.get("link") or {}).get("uri"), whole_run,
                text.strip() if URL.fullmatch(text.strip()) else None):
        if uri and (URL.fullmatch(uri) or re.fullmatch(r"#gid=\d+", uri)):
            return uri
    return None


def overlay(fmt: dict, top: dict) -> dict:
    """A conditional format's colours and text styles over the cell's own format."""
    out = dict(fmt)
    backgrounds = ("backgroundColor", "backgroundColorStyle")
    if any(key in top for key in backgrounds):
        for key in backgrounds:
            out.pop(key, None)
            if key in top:
                out[key] = top[key]
    if top.get("textFormat"):
        out["textFormat"] = {**(fmt.get("textFormat") or {}), **top["textFormat"]}
    return out


# -- ranges ----------------------------------------------------------------------------

def bounds(grid_range: dict) -> tuple[int, int, int, int]:
    return (grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex", BIG),
            grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex", BIG))


def inside(grid_range: dict, row: int, col: int) -> bool:
    r0, r1, c0, c1 = bounds(grid_range)
    return r0 <= row < r1 and c0 <= col < c1


# -- conditional formats -----------------------------------------------------------------

class ConditionalFormats:
    """A sheet's rules in order; for a cell, the first rule that holds wins, as in Sheets."""

    def __init__(self, rules: list[dict]):
        self.rules = rules or []

    def at(self, row: int, col: int, text: str, value: dict) -> tuple[dict | None, list[str]]:
        """(the format to lay over the cell or None, why some rules were not evaluated)."""
        skipped = []
        for rule in self.rules:
            if not any(inside(r, row, col) for r in rule.get("ranges") or []):
                continue
            boolean = rule.get("booleanRule")
            if boolean is None:
                skipped.append("a colour scale (gradient rule)")
                continue
            condition = boolean.get("condition") or {}
            verdict = holds(condition, text, value)
            if verdict is None:
                skipped.append(describe(condition))
            elif verdict:
                return boolean.get("format") or {}, skipped
        return None, skipped


def holds(condition: dict, text: str, value: dict) -> bool | None:
    """Whether a BooleanCondition holds for a cell showing ``text`` with effective
    ``value``; None when the page does not evaluate it. Text comparisons ignore case,
    as Sheets' own comparisons do."""
    kind = condition.get("type")
    wanted = [(v or {}).get("userEnteredValue", "") for v in condition.get("values") or []]
    if any(w.startswith("=") for w in wanted) or any("relativeDate" in (v or {})
                                                     for v in condition.get("values") or []):
        return None   # a formula or a relative date as the operand
    if kind == "BLANK":
        return text == ""
    if kind == "NOT_BLANK":
        return text != ""
    folded = text.casefold()
    if kind in TEXT_TESTS and wanted:
        return TEXT_TESTS[kind](folded, wanted[0].casefold())
    if kind == "ONE_OF_LIST":
        return folded in {w.casefold() for w in wanted}
    if kind in NUMBER_TESTS and wanted:
        try:
            operands = [float(w) for w in wanted] + [0.0]
        except ValueError:
            return None
        number = value.get("numberValue")   # number conditions hold only for numbers
        return number is not None and NUMBER_TESTS[kind](float(number), operands[0], operands[1])
    return None


def describe(condition: dict) -> str:
    operands = ", ".join((v or {}).get("userEnteredValue", "…") for v in condition.get("values") or [])
    return f"{condition.get('type', 'a condition')}" + (f" {operands}" if operands else "")


# -- protected ranges --------------------------------------------------------------------

class Protections:
    """The sheet's protected ranges as the API showed them to the signed-in person
    (editors only to those who may edit: the API leaves them out for others)."""

    def __init__(self, ranges: list[dict], owner: str | None, me: str | None):
        self.ranges = ranges or []
        self.owner, self.me = owner, me

    def at(self, row: int, col: int) -> dict | None:
        for pr in self.ranges:
            if inside(pr.get("range") or {}, row, col) and not any(
                    inside(u, row, col) for u in pr.get("unprotectedRanges") or []):
                return pr
        return None

    def in_column(self, col: int, rows: tuple[int, int]) -> list[dict]:
        out = []
        for pr in self.ranges:
            r0, r1, c0, c1 = bounds(pr.get("range") or {})
            if c0 <= col < c1 and r0 < rows[1] and rows[0] < r1:
                out.append(pr)
        return out

    def title(self, pr: dict) -> str:
        what = "Protected range" + (f" “{pr['description']}”" if pr.get("description") else "")
        if pr.get("warningOnly"):
            return f"{what}: editing it asks you to confirm first."
        if pr.get("requestingUserCanEdit"):
            editors = pr.get("editors") or {}
            who = sorted({*(u.lower() for u in editors.get("users") or []), *(editors.get("groups") or []),
                          *([self.owner] if self.owner else [])})
            if editors.get("domainUsersCanEdit"):
                who.append("everyone in the domain")
            return f"{what}. Can edit: {', '.join(who)}. You can edit it."
        owner = self.owner or "the owner"
        return f"{what}. Only {owner} and the editors they chose can edit it; you cannot."
