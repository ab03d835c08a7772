"""The grid of the spreadsheet page, built from what ``spreadsheets.get`` returned.

Rows are rendered here rather than in the template: a page holds up to 500 rows of
a tab's columns, and plain string building keeps a 3,000-row tab quick to page
through. Each distinct look becomes one CSS class, so a cell's markup stays short.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .sheets_look import ConditionalFormats, Protections, css, link, overlay

ROW_HEADER_WIDTH, HEADER_HEIGHT = 46, 22
DEFAULT_ROW, DEFAULT_COLUMN = 21, 100


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def parse_cell(ref: str) -> tuple[int, int] | None:
    """``B5`` -> (row 4, column 1); None for anything that is not one cell."""
    ref = (ref or "").strip().upper().replace("$", "")
    split = len(ref) - len(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    col_text, row_text = ref[:split], ref[split:]
    if not col_text or len(col_text) > 3 or not row_text.isdigit() or int(row_text) < 1:
        return None
    col = 0
    for ch in col_text:
        col = col * 26 + ord(ch) - 64
    return int(row_text) - 1, col - 1


@dataclass
class Column:
    index: int
    letter: str
    width: int
    classes: str = ""
    lock: str = ""      # the protected ranges over this column, as a tooltip


@dataclass
class Row:
    index: int
    height: int
    classes: str
    cells: Markup

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class Grid:
    columns: list[Column]
    rows: list[Row]
    style: Markup
    dropdowns: list[dict]
    selected: dict | None = None


def dropdown_ranges(data: list[dict]) -> set[str]:
    """The ranges ONE_OF_RANGE dropdowns name, to read before building the grid."""
    out = set()
    for grid in data:
        for row in grid.get("rowData") or []:
            for cell in row.get("values") or []:
                condition = (cell.get("dataValidation") or {}).get("condition") or {}
                if condition.get("type") == "ONE_OF_RANGE":
                    for v in condition.get("values") or []:
                        out.add((v.get("userEnteredValue") or "").lstrip("="))
    out.discard("")
    return out


def row_entries(data: list[dict]) -> list[tuple[int, dict, dict]]:
    """(row index, RowData, row DimensionProperties) over every GridData returned, in order."""
    seen = {}
    for grid in data:
        start = grid.get("startRow", 0)
        row_data = grid.get("rowData") or []
        for k, meta in enumerate(grid.get("rowMetadata") or []):
            seen[start + k] = (row_data[k] if k < len(row_data) else {}, meta)
    return [(i, *seen[i]) for i in sorted(seen)]


def checkbox(validation: dict) -> tuple[str, str] | None:
    """(checked, unchecked) values of a BOOLEAN rule, which Sheets draws as a checkbox."""
    condition = validation.get("condition") or {}
    if condition.get("type") != "BOOLEAN":
        return None
    values = [(v or {}).get("userEnteredValue", "") for v in condition.get("values") or []]
    return (values[0] if values else "TRUE"), (values[1] if len(values) > 1 else "FALSE")


class Builder:
    def __init__(self, sheet: dict, data: list[dict], owner: str | None, me: str | None,
                 range_values: dict[str, list[str]], selected: tuple[int, int] | None,
                 rows: list[tuple[int, dict, dict]] | None = None):
        props = sheet["properties"]
        grid = props.get("gridProperties") or {}
        self.frozen_rows = grid.get("frozenRowCount", 0)
        self.frozen_cols = grid.get("frozenColumnCount", 0)
        self.rules = ConditionalFormats(sheet.get("conditionalFormats"))
        self.protections = Protections(sheet.get("protectedRanges"), owner, me)
        self.range_values, self.selected = range_values, selected
        self.data = data
        self.rows = row_entries(data) if rows is None else rows   # what to show, in order
        self.classes: dict[str, str] = {}
        self.dropdowns: list[dict] = []
        self._dropdown_index: dict[tuple, int] = {}
        self.chosen: dict | None = None

    # -- the pieces -----------------------------------------------------------------
    def build(self) -> Grid:
        rows = self.rows
        shown_rows = [i for i, _, meta in rows if not meta.get("hiddenByUser")]
        span = (min(shown_rows, default=0), max(shown_rows, default=0) + 1)
        columns, sticky_css = self._columns(span)
        tops, top = [], HEADER_HEIGHT
        out_rows = []
        for index, row_data, meta in rows:
            if meta.get("hiddenByUser"):
                continue
            height = meta.get("pixelSize", DEFAULT_ROW)
            row_classes = ""
            if index < self.frozen_rows:
                row_classes = f"fr t{index}" + (" fb" if index == self.frozen_rows - 1 else "")
                tops.append(f".t{index}{{top:{top}px}}")
                top += height
            cells = row_data.get("values") or []
            html = "".join(self._td(index, col, cells[col.index] if col.index < len(cells) else {},
                                    row_classes)
                           for col in columns)
            out_rows.append(Row(index, height, row_classes, Markup(html)))
        style = "".join(tops) + sticky_css + "".join(
            f".ss-table td.{name}{{{rule}}}" for rule, name in self.classes.items())
        return Grid(columns, out_rows, Markup(style), self.dropdowns, self.chosen)

    def _columns(self, rows: tuple[int, int]) -> tuple[list[Column], str]:
        metadata = (self.data[0].get("columnMetadata") if self.data else None) or []
        columns, left, style = [], ROW_HEADER_WIDTH, []
        for index, meta in enumerate(metadata):
            if meta.get("hiddenByUser"):
                continue
            column = Column(index, letters(index), meta.get("pixelSize", DEFAULT_COLUMN))
            if index < self.frozen_cols:
                column.classes = f"fc l{index}" + (" fe" if index == self.frozen_cols - 1 else "")
                style.append(f".l{index}{{left:{left}px}}")
                left += column.width
            # The lock marks ranges over the column's data rows shown: a protected
            # header row alone would lock every column letter.
            over = self.protections.in_column(index, (max(rows[0], self.frozen_rows), rows[1]))
            column.lock = "\n".join(self.protections.title(pr) for pr in over)
            columns.append(column)
        return columns, "".join(style)

    def _class_for(self, rule: str) -> str:
        if rule not in self.classes:
            self.classes[rule] = f"s{len(self.classes)}"
        return self.classes[rule]

    def _dropdown(self, validation: dict) -> int | None:
        condition = validation.get("condition") or {}
        kind = condition.get("type")
        if kind == "ONE_OF_LIST":
            choices = [(v.get("userEnteredValue") or "") for v in condition.get("values") or []]
        elif kind == "ONE_OF_RANGE":
            choices = [x for v in condition.get("values") or []
                       for x in self.range_values.get((v.get("userEnteredValue") or "").lstrip("="), [])]
        elif kind == "BOOLEAN":
            choices = ["TRUE", "FALSE"]
        else:
            return None
        key = (tuple(choices), bool(validation.get("strict")))
        if key not in self._dropdown_index:
            self._dropdown_index[key] = len(self.dropdowns)
            self.dropdowns.append({"values": list(choices), "strict": key[1]})
        return self._dropdown_index[key]

    def _td(self, row: int, column: Column, cell: dict, row_classes: str) -> str:
        col = column.index
        value = cell.get("effectiveValue") or {}
        text = cell.get("formattedValue", "")
        fmt = cell.get("userEnteredFormat") or {}
        top, skipped = self.rules.at(row, col, text, value)
        if top:
            fmt = overlay(fmt, top)
        classes = [c for c in (row_classes, column.classes) if c]
        titles, attrs = [], []
        rule = css(fmt, value)
        if rule:
            classes.append(self._class_for(rule))
        if cell.get("note"):
            classes.append("n")
            titles.append(cell["note"])
        protected = self.protections.at(row, col)
        if protected is not None:
            classes.append("p")
            titles.append(self.protections.title(protected))
            if protected.get("warningOnly"):
                attrs.append(' data-w="1"')
        if skipped:
            titles.append("Conditional formatting the emulator does not evaluate: " + "; ".join(skipped))
        validation = cell.get("dataValidation") or {}
        dropdown = self._dropdown(validation) if validation else None
        box = checkbox(validation)
        if dropdown is not None:
            classes.append("cbx" if box else "dd")
            attrs.append(f' data-l="{dropdown}"')
        formula = (cell.get("userEnteredValue") or {}).get("formulaValue")
        if formula is not None:
            attrs.append(f' data-v="{escape(formula)}"')
        elif box:   # the formula bar shows a checkbox's value
            attrs.append(f' data-v="{escape(text)}"')
        if self.selected == (row, col):
            classes.append("sel")
            self.chosen = {"text": formula if formula is not None else text, "dropdown": dropdown}
        open_tag = "<td"
        if classes:
            open_tag += f' class="{" ".join(classes)}"'
        if titles:
            open_tag += f' title="{escape(chr(10).join(titles))}"'
        return f"{open_tag}{''.join(attrs)}>{self._content(cell, text, value, box)}</td>"

    @staticmethod
    def _content(cell: dict, text: str, value: dict, box: tuple[str, str] | None) -> str:
        """The cell's text; a link as a link that opens in a new tab; a checkbox cell
        as a checkbox (text that is neither of its values stays text, as in Sheets)."""
        if box:
            on, off = box
            state = None
            if value.get("boolValue") is True or (text and text.casefold() == on.casefold()):
                state = "true"
            elif value.get("boolValue") is False or text == "" or text.casefold() == off.casefold():
                state = "false"
            if state:
                return (f'<span class="cb" role="checkbox" aria-checked="{state}" '
                        f'data-on="{escape(on)}" data-off="{escape(off)}"></span>')
        target = link(cell, text)
        if target is None:
            return str(escape(text))
        if target.startswith("#gid="):   # a link to a tab of this spreadsheet
            return f'<a class="ss-link" href="?gid={escape(target[5:])}">{escape(text)}</a>'
        return (f'<a class="ss-link" href="{escape(target)}" target="_blank" '
                f'rel="noopener noreferrer">{escape(text)}</a>')


def build(sheet: dict, data: list[dict], owner: str | None, me: str | None,
          range_values: dict[str, list[str]], selected: tuple[int, int] | None,
          rows: list[tuple[int, dict, dict]] | None = None) -> Grid:
    """The grid of ``data``; ``rows``: the row entries to show, in order (a filter's)."""
    return Builder(sheet, data, owner, me, range_values, selected, rows).build()
