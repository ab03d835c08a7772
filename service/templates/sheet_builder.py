"""The master Sheet as Sheets API requests: a pure function of the template, the
school's settings and the advisors, applied with ONE spreadsheets.batchUpdate
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/batchUpdate).

A batchUpdate applies its requests in order, all or nothing, so one call can add the
tabs (with sheetIds fixed by the template, which later requests of the same call
name), delete the new spreadsheet's default ``Sheet1``, and then write and format them.

What a coordinator gets (README of sheets_templates/):
* the tabs in order, each with a frozen header row (and frozen ID/name columns);
* headers written as literal text (``stringValue`` is never parsed as a formula), with
  a note saying who fills the column in;
* widths, date formats, plain-text formats for IDs and text (so ``007`` stays ``007``),
  wrapping for long text;
* dropdowns on choice columns, checkboxes on yes/no columns, status colours;
* protected ranges: the header row and every protected column block, editable only
  by the coordinators of Settings (plus the spreadsheet's owner and the service's
  identity, whom Google never locks out), so advisors are blocked;
* developer metadata naming the template version, each tab and each column, so the
  sync finds columns after people insert or move them;
* the Settings tab filled with the school's settings, each value cell validated by type;
* a filter view per advisor on the tabs that have one (:func:`advisor_requests`).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .model import PEOPLE, SERVICE, Column, SheetTemplate, Tab
from .settings import date_serial, resolve_settings

# (background, text) for conditional formats; tab colours use the strong shade.
PALETTE = {
    "green": ("#d9ead3", "#274e13", "#6aa84f"),
    "amber": ("#fff2cc", "#7f6000", "#f1c232"),
    "red": ("#f4cccc", "#660000", "#cc0000"),
    "grey": ("#efefef", "#434343", "#999999"),
    "blue": ("#cfe2f3", "#073763", "#3c78d8"),
    "purple": ("#d9d2e9", "#20124d", "#674ea7"),
    "orange": ("#fce5cd", "#783f04", "#e69138"),
}
HEADER_BACKGROUND = {SERVICE: "#e8eaed", PEOPLE: "#fff2cc"}  # grey: the service's; yellow: yours
NUMBER_FORMATS = {
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"},
    "text": {"type": "TEXT"}, "email": {"type": "TEXT"}, "link": {"type": "TEXT"},
    "multiline": {"type": "TEXT"},
}
METADATA_TEMPLATE, METADATA_TAB, METADATA_COLUMN = "casTemplateVersion", "casTab", "casColumn"


def sheet_requests(template: SheetTemplate, settings: Mapping | None,
                   advisors: Iterable[str] | Mapping[str, str] = (), *,
                   replace_sheet_ids: Iterable[int] = (0,)) -> list[dict]:
    """The requests, in order, that turn a new spreadsheet into the master Sheet.

    ``settings``: the school's settings (checked and completed by ``resolve_settings``).
    ``advisors``: advisor emails, or a mapping of email to display name.
    ``replace_sheet_ids``: the new spreadsheet's own tabs, deleted once ours exist
    (spreadsheets.create gives one, ``Sheet1``, sheetId 0).
    """
    values = resolve_settings(template, settings)
    editors = list(values.get("coordinator_emails") or ())
    title = template.title.replace("{cohort}", values.get("cohort") or "").replace("  ", " ")
    requests: list[dict] = [
        {"updateSpreadsheetProperties": {"properties": {"title": title.strip()}, "fields": "title"}},
        _metadata(METADATA_TEMPLATE, str(template.version), {"spreadsheet": True}),
    ]
    requests += [{"addSheet": {"properties": _sheet_properties(tab, i, template)}}
                 for i, tab in enumerate(template.tabs)]
    ours = {tab.sheet_id for tab in template.tabs}
    requests += [{"deleteSheet": {"sheetId": sid}} for sid in replace_sheet_ids if sid not in ours]
    for tab in template.tabs:
        requests += _tab_requests(tab, editors)
    requests += _settings_requests(template, values)
    requests += advisor_requests(template, advisors)
    return requests


def advisor_requests(template: SheetTemplate, advisors: Iterable[str] | Mapping[str, str],
                     existing_filter_views: Iterable[str] = ()) -> list[dict]:
    """A filter view per advisor on each tab that names an advisor column, and the
    advisor dropdowns. Re-run with every advisor when advisors change: filter views
    whose titles are in ``existing_filter_views`` are not added again; the dropdowns
    are replaced."""
    pairs = advisors.items() if isinstance(advisors, Mapping) else ((e, "") for e in advisors)
    names = {email.strip().lower(): (name or "").strip() for email, name in pairs}
    emails = sorted(names)
    skip = set(existing_filter_views)
    requests = []
    for tab in template.tabs:
        for c, column in enumerate(tab.columns):
            if column.choices_from == "advisors" and emails:
                requests.append(_validation(_column_range(tab, c), _one_of(emails)))
        if not tab.advisor_filter_view:
            continue
        c = tab.index(tab.advisor_filter_view)
        for email in emails:
            title = filter_view_title(tab, email, names.get(email, ""))
            if title in skip:
                continue
            requests.append({"addFilterView": {"filter": {
                "title": title, "range": {"sheetId": tab.sheet_id},
                "filterSpecs": [{"columnIndex": c, "filterCriteria": {"condition": {
                    "type": "TEXT_EQ", "values": [{"userEnteredValue": email}]}}}],
            }}})
    return requests


def filter_view_title(tab: Tab, email: str, name: str = "") -> str:
    """The title of an advisor's filter view: found again by it on later runs."""
    return f"{tab.title}: {name} <{email}>" if name else f"{tab.title}: {email}"


# -- one tab -----------------------------------------------------------------
def _sheet_properties(tab: Tab, index: int, template: SheetTemplate) -> dict:
    rows = tab.rows
    if tab.key == "settings":
        rows = max(rows, len(template.settings) + 1)
    properties = {"sheetId": tab.sheet_id, "title": tab.title, "index": index, "gridProperties": {
        "rowCount": rows, "columnCount": len(tab.columns),
        "frozenRowCount": 1, "frozenColumnCount": tab.frozen_columns}}
    if tab.tab_colour:
        properties["tabColor"] = _rgb(PALETTE[tab.tab_colour][2])
    if tab.hidden:
        properties["hidden"] = True
    return properties


def _tab_requests(tab: Tab, editors: list[str]) -> list[dict]:
    sid = tab.sheet_id
    requests = [
        {"updateCells": {"start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0},
                         "rows": [{"values": [_header_cell(col) for col in tab.columns]}],
                         "fields": "userEnteredValue,userEnteredFormat,note"}},
        _metadata(METADATA_TAB, tab.key, {"sheetId": sid}),
    ]
    rule_index = 0
    for c, column in enumerate(tab.columns):
        requests += column_requests(tab, column, c, rule_index)
        rule_index += len(column.colours)
    return requests + _protection(tab, editors)


def column_requests(tab: Tab, column: Column, c: int, rule_index: int = 0) -> list[dict]:
    """One column at index ``c``: width, its casColumn metadata, formats, dropdown or
    checkbox, status colours (conditional format rules from ``rule_index`` on)."""
    sid = tab.sheet_id
    requests = [{"updateDimensionProperties": {
        "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1},
        "properties": {"pixelSize": column.width}, "fields": "pixelSize"}},
        _metadata(METADATA_COLUMN, f"{tab.key}.{column.key}", {"dimensionRange": {
            "sheetId": sid, "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1}}),
        {"repeatCell": {"range": _column_range(tab, c), "cell": {
            "userEnteredFormat": _data_format(column)},
            "fields": "userEnteredFormat(numberFormat,wrapStrategy,verticalAlignment)"}}]
    if column.type == "choice" and column.choices:
        requests.append(_validation(_column_range(tab, c), _one_of(column.choices)))
    elif column.type == "boolean":
        requests.append(_validation(_column_range(tab, c), {"type": "BOOLEAN"}))
    for choice, colour in column.colours:
        background, text, _ = PALETTE[colour]
        requests.append({"addConditionalFormatRule": {"index": rule_index, "rule": {
            "ranges": [_column_range(tab, c)],
            "booleanRule": {"condition": {"type": "TEXT_EQ",
                                          "values": [{"userEnteredValue": choice}]},
                            "format": {"backgroundColor": _rgb(background),
                                       "textFormat": {"foregroundColor": _rgb(text)}}}}}})
        rule_index += 1
    return requests


def added_column_requests(tab: Tab, column: Column, c: int, editors: list[str]) -> list[dict]:
    """A template column put back (or added by a newer template) at index ``c`` of an
    existing tab: its header, what ``column_requests`` gives, and its protection."""
    requests = [{"updateCells": {"start": {"sheetId": tab.sheet_id, "rowIndex": 0,
                                           "columnIndex": c},
                                 "rows": [{"values": [_header_cell(column)]}],
                                 "fields": "userEnteredValue,userEnteredFormat,note"}}]
    requests += column_requests(tab, column, c)
    if column.is_protected and not tab.protected:
        requests.append(_protect({"sheetId": tab.sheet_id, "startRowIndex": 1,
                                  "startColumnIndex": c, "endColumnIndex": c + 1}, editors,
                                 _group_description(tab, (column,))))
    return requests


def added_tab_requests(template: SheetTemplate, tab: Tab, index: int,
                       editors: list[str]) -> list[dict]:
    """A whole tab a newer template has, added to an existing Sheet at ``index``."""
    return [{"addSheet": {"properties": _sheet_properties(tab, index, template)}},
            *_tab_requests(tab, editors)]


def setting_rows_requests(template: SheetTemplate, keys: Iterable[str], first_row: int,
                          values: Mapping) -> list[dict]:
    """Settings rows a newer template has, with their defaults, written from row index
    ``first_row`` of the Settings tab (below the rows in use)."""
    tab = template.tab("settings")
    wanted = [spec for spec in template.settings if spec.key in set(keys)]
    requests = []
    for offset, spec in enumerate(wanted):
        r = first_row + offset
        requests.append({"updateCells": {"start": {"sheetId": tab.sheet_id, "rowIndex": r,
                                                   "columnIndex": 0}, "rows": [{"values": [
            {"userEnteredValue": {"stringValue": spec.key},
             "userEnteredFormat": _data_format(tab.column("key"))},
            _setting_cell(spec.type, values.get(spec.key)),
            {"userEnteredValue": {"stringValue": spec.description},
             "userEnteredFormat": _data_format(tab.column("description"))}]}],
            "fields": "userEnteredValue,userEnteredFormat"}})
        condition = _setting_condition(spec)
        if condition:
            requests.append(_validation({"sheetId": tab.sheet_id, "startRowIndex": r,
                                         "endRowIndex": r + 1, "startColumnIndex": 1,
                                         "endColumnIndex": 2}, condition))
    return requests


def _header_cell(column: Column) -> dict:
    if column.owner == SERVICE:
        who = (f"Filled in by the CAS service ({column.producer})" if column.producer
               else "Filled in by the CAS service from form answers")
        who += ". Only coordinators can edit it; the service may overwrite a change."
    else:
        who = "For people to fill in: the service never overwrites it."
        if column.protected:
            who += " Only coordinators can edit it."
    note = f"{column.note}\n\n{who}" if column.note else who
    return {"userEnteredValue": {"stringValue": column.header},
            "userEnteredFormat": {"textFormat": {"bold": True},
                                  "backgroundColor": _rgb(HEADER_BACKGROUND[column.owner]),
                                  "wrapStrategy": "WRAP", "verticalAlignment": "MIDDLE"},
            "note": note}


def _data_format(column: Column) -> dict:
    fmt = {"verticalAlignment": "TOP",
           "wrapStrategy": "WRAP" if column.type == "multiline" else "OVERFLOW_CELL"}
    if column.type in NUMBER_FORMATS:
        fmt["numberFormat"] = NUMBER_FORMATS[column.type]
    return fmt


def _protection(tab: Tab, editors: list[str]) -> list[dict]:
    """Google lets a protected range either warn everyone (``warningOnly``) or restrict
    editing to its editors; "Editors are not supported with warning_only protection"
    (ProtectedRange in the Sheets reference). We restrict: the coordinators are editors
    and edit freely, advisors are blocked. The description and the header note say that
    the service may overwrite a change, which is the warning a coordinator gets."""
    sid = tab.sheet_id
    if tab.protected:
        return [_protect({"sheetId": sid}, editors,
                         f"{tab.title}: only coordinators and the CAS service edit this tab.")]
    ranges = [_protect({"sheetId": sid, "startRowIndex": 0, "endRowIndex": 1}, editors,
                       f"{tab.title} headers: the CAS service and people rely on them.")]
    start = None
    for c, column in enumerate(tab.columns + (None,)):
        group = _protection_group(column)
        if start is not None and group != _protection_group(tab.columns[start]):
            ranges.append(_protect(
                {"sheetId": sid, "startRowIndex": 1, "startColumnIndex": start, "endColumnIndex": c},
                editors, _group_description(tab, tab.columns[start:c])))
            start = None
        if start is None and group is not None:
            start = c
    return ranges


def _protection_group(column: Column | None) -> str | None:
    if column is None or not column.is_protected:
        return None
    return column.owner


def _group_description(tab: Tab, columns: tuple[Column, ...]) -> str:
    headers = ", ".join(c.header for c in columns)
    if columns[0].owner == SERVICE:
        return (f"{tab.title}: {headers} — written by the CAS service; only coordinators "
                f"can edit, and the service may overwrite a change.")
    return f"{tab.title}: {headers} — only coordinators can edit."


def _protect(grid_range: dict, editors: list[str], description: str) -> dict:
    return {"addProtectedRange": {"protectedRange": {
        "range": grid_range, "description": description, "warningOnly": False,
        "editors": {"users": list(editors)}}}}


# -- the Settings tab --------------------------------------------------------
def _settings_requests(template: SheetTemplate, values: dict) -> list[dict]:
    tab = template.tab("settings")
    sid = tab.sheet_id
    rows, requests = [], []
    for r, spec in enumerate(template.settings, start=1):
        # Formats are written with the values (the fields mask clears what a cell omits).
        rows.append({"values": [
            {"userEnteredValue": {"stringValue": spec.key},
             "userEnteredFormat": _data_format(tab.column("key"))},
            _setting_cell(spec.type, values.get(spec.key)),
            {"userEnteredValue": {"stringValue": spec.description},
             "userEnteredFormat": _data_format(tab.column("description"))}]})
        condition = _setting_condition(spec)
        if condition:
            requests.append(_validation({"sheetId": sid, "startRowIndex": r, "endRowIndex": r + 1,
                                         "startColumnIndex": 1, "endColumnIndex": 2}, condition))
    write = {"updateCells": {"start": {"sheetId": sid, "rowIndex": 1, "columnIndex": 0},
                             "rows": rows, "fields": "userEnteredValue,userEnteredFormat"}}
    return [write] + requests


def _setting_cell(kind: str, value) -> dict:
    """A typed cell, so a coordinator sees a date, a number or a checkbox, not text."""
    top = {"verticalAlignment": "TOP"}
    if value is None or value == ():
        return {"userEnteredFormat": {**top, **({"numberFormat": NUMBER_FORMATS["date"]}
                                                if kind == "date" else {})}}
    if kind == "boolean":
        return {"userEnteredValue": {"boolValue": bool(value)}, "userEnteredFormat": top}
    if kind == "number":
        return {"userEnteredValue": {"numberValue": value}, "userEnteredFormat": top}
    if kind == "date":
        return {"userEnteredValue": {"numberValue": date_serial(value)},
                "userEnteredFormat": {**top, "numberFormat": NUMBER_FORMATS["date"]}}
    text = ", ".join(value) if kind == "email_list" else str(value)
    return {"userEnteredValue": {"stringValue": text},
            "userEnteredFormat": {**top, "numberFormat": {"type": "TEXT"}}}


def _setting_condition(spec) -> dict | None:
    if spec.type == "boolean":
        return {"type": "BOOLEAN"}
    if spec.type == "choice":
        return _one_of(spec.choices)
    if spec.type == "date":
        return {"type": "DATE_IS_VALID"}
    if spec.type == "email":
        return {"type": "TEXT_IS_EMAIL"}
    if spec.type == "number":
        return {"type": "NUMBER_GREATER_THAN_EQ",
                "values": [{"userEnteredValue": f"{spec.minimum or 0:g}"}]}
    return None


# -- small pieces ------------------------------------------------------------
def _column_range(tab: Tab, c: int) -> dict:
    """A column below its header, to the end of the grid (rows added later included)."""
    return {"sheetId": tab.sheet_id, "startRowIndex": 1, "startColumnIndex": c,
            "endColumnIndex": c + 1}


def _one_of(values: Iterable[str]) -> dict:
    return {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in values]}


def _validation(grid_range: dict, condition: dict) -> dict:
    return {"setDataValidation": {"range": grid_range, "rule": {
        "condition": condition, "strict": True, "showCustomUi": True}}}


def _metadata(key: str, value: str, location: dict) -> dict:
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "metadataValue": value, "location": location,
        "visibility": "DOCUMENT"}}}


def _rgb(hex_colour: str) -> dict:
    return {name: int(hex_colour[i:i + 2], 16) / 255
            for name, i in (("red", 1), ("green", 3), ("blue", 5))}
