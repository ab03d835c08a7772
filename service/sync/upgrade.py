"""``cas upgrade``: a master Sheet made by an older version of the service, or
damaged by hand, brought in line with the current template without touching
people's cells (DESIGN.md §8).

The Sheet carries its template version in spreadsheet developer metadata
(``casTemplateVersion``). The upgrade reads the Sheet in THREE calls (its tabs,
the service's metadata, the Settings keys) and makes, in ONE all-or-nothing
spreadsheets.batchUpdate, whatever the template has and the Sheet lacks:

* a whole tab (with its headers, formats, dropdowns, protection, metadata);
* a column of the template no longer found by its ``casColumn`` metadata (added by
  a newer template, or deleted or pasted over by a person): a new, empty column AT
  THE END of its tab, past people's own columns, with its header, formats,
  dropdown, protection and metadata. Nothing is moved or overwritten;
* Settings rows with their defaults, below the rows in use;
* from version 1 (before the Notices ledger): each experience's "Student told",
  "Supervisor invited" and "Supervisor reminded" date becomes a ``sent`` line of
  the ledger, so nobody is told again what they were told before;
* the new version number;
* given the Forms and Drive gateways, the questions a newer template added to the
  cohort's forms (form_upgrade.py), after the Sheet's write.

Interrupted, it has done nothing; run again, it finds nothing to do and makes no
write. The sync runs it first when the version is older than the template's.
"""

from __future__ import annotations

import dataclasses

from ..templates.sheet_builder import (METADATA_COLUMN, METADATA_TAB, METADATA_TEMPLATE,
                                       added_column_requests, added_tab_requests,
                                       setting_rows_requests)
from . import act, events
from .table import SETTINGS_RANGE, append_rows, read_tables

LEDGER_SINCE = 2    # the template version that brought the Notices ledger


@dataclasses.dataclass
class UpgradeResult:
    version_before: int
    version_after: int
    added_tabs: list[str] = dataclasses.field(default_factory=list)
    added_columns: list[str] = dataclasses.field(default_factory=list)   # "Tab: Header"
    added_settings: list[str] = dataclasses.field(default_factory=list)
    notices_imported: int = 0
    added_questions: list[str] = dataclasses.field(default_factory=list)   # "Form: title"
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added_tabs or self.added_columns or self.added_settings
                    or self.notices_imported or self.added_questions
                    or self.version_before != self.version_after)


def sheet_version(metadata: dict | None) -> int:
    try:
        return int((metadata or {}).get("metadataValue", "1"))
    except ValueError:
        return 1


def upgrade(sheets, spreadsheet_id: str, templates, *, editors: list[str],
            now_serial: float, write: bool = True, forms=None, drive=None) -> UpgradeResult:
    """Bring the Sheet to the template (the module docstring); ``editors``: who may
    edit the protected ranges it adds (the coordinators); with ``forms`` and
    ``drive`` (gateways), the cohort's forms too."""
    template = templates.sheet
    got = sheets.get(spreadsheet_id, fields="sheets.properties(sheetId,title,index,"
                                            "gridProperties.columnCount)")
    tabs = {s["properties"]["sheetId"]: s["properties"] for s in got.get("sheets", [])}
    found = sheets.search_metadata(spreadsheet_id, [
        {"developerMetadataLookup": {"metadataKey": key}}
        for key in (METADATA_TEMPLATE, METADATA_TAB, METADATA_COLUMN)])
    version_meta, tab_keys, columns = None, {}, set()
    for match in found:
        meta = match.get("developerMetadata", match)
        key, value = meta.get("metadataKey"), meta.get("metadataValue", "")
        if key == METADATA_TEMPLATE:
            version_meta = meta
        elif key == METADATA_TAB:
            tab_keys[value] = meta.get("location", {}).get("sheetId")
        elif key == METADATA_COLUMN:
            columns.add(value)
    before = sheet_version(version_meta)
    result = UpgradeResult(before, max(before, template.version))
    requests: list[dict] = []
    count = len(tabs)
    for tab in template.tabs:
        if tab.key not in tab_keys and tab.sheet_id not in tabs:
            requests += added_tab_requests(template, tab, count, editors)
            count += 1
            result.added_tabs.append(tab.title)
            continue
        width = tabs.get(tab_keys.get(tab.key, tab.sheet_id), {}).get(
            "gridProperties", {}).get("columnCount", len(tab.columns))
        lost = [c for c in tab.columns if f"{tab.key}.{c.key}" not in columns]
        if lost:
            requests.append({"appendDimension": {"sheetId": tab.sheet_id,
                                                 "dimension": "COLUMNS", "length": len(lost)}})
        for offset, column in enumerate(lost):
            requests += added_column_requests(tab, column, width + offset, editors)
            result.added_columns.append(f"{tab.title}: {column.header}")
    keys, last_row, coordinators, values = _settings_keys(sheets, spreadsheet_id)
    editors = sorted({e.lower() for e in [*editors, *coordinators] if e})
    missing = [s.key for s in template.settings if s.key not in keys]
    if missing:
        # Room for them: a Settings grid is only as tall as its settings were (Sheets
        # refuses cells beyond the grid).
        requests.append({"appendDimension": {"sheetId": template.tab("settings").sheet_id,
                                             "dimension": "ROWS", "length": len(missing)}})
        requests += setting_rows_requests(template, missing, last_row,
                                          {s.key: s.default for s in template.settings})
        result.added_settings = missing
    if before < LEDGER_SINCE and "events" not in tab_keys:
        lines = _told_before_the_ledger(sheets, spreadsheet_id, templates, now_serial)
        requests += append_rows(_ledger_table(templates), lines)
        result.notices_imported = len(lines)
    if result.version_after != before or version_meta is None:
        requests.append(_version_request(version_meta, result.version_after))
    if requests and write:
        sheets.batch_update(spreadsheet_id, requests)
    if forms is not None and drive is not None:
        from .form_upgrade import upgrade_forms
        done = upgrade_forms(forms, drive, templates, values, write=write)
        result.added_questions, result.problems = done.added, done.problems
    return result


def _settings_keys(sheets, spreadsheet_id: str) -> tuple[set[str], int, list[str], dict]:
    """The Settings tab's keys, the row index below the last one in use, the
    coordinators it names (the editors of what the upgrade protects), and the
    values by key."""
    [answer] = sheets.values_batch_get(spreadsheet_id, [SETTINGS_RANGE])
    rows = answer.get("values", [])
    keys = {str(row[0]).strip() for row in rows if row and str(row[0]).strip()}
    values = {str(row[0]).strip(): row[1] for row in rows
              if len(row) > 1 and str(row[0]).strip()}
    coordinators = next((str(row[1]) for row in rows if len(row) > 1
                         and str(row[0]).strip() == "coordinator_emails"), "")
    return keys, len(rows) + 1, [e.strip() for e in coordinators.replace(";", ",").split(",")
                                 if "@" in e], values


def _told_before_the_ledger(sheets, spreadsheet_id: str, templates, now_serial: float) -> list:
    """The ledger's ``sent`` lines for what a Sheet of version 1 says was told."""
    [experiences] = read_tables(sheets, spreadsheet_id, templates, ["experiences"])[0].values()
    lines = []
    for code, cells in experiences.by_id().items():
        for key, event_id, kind in (
                ("decision_notified_on", act.decision_event(cells), "decision"),
                ("supervisor_invited_on", act.invitation_event(code), "supervisor_invitation"),
                ("supervisor_reminded_on", act.reminder_event(code), "supervisor_reminder")):
            day = cells.get(key)
            if isinstance(day, (int, float)) and not isinstance(day, bool) and day:
                lines.append((event_id, {"kind": kind, "recorded": float(day),
                                         "state": events.SENT,
                                         "detail": "told before the Notices tab existed "
                                                   "(from the Sheet's date)"}))
    return lines


def _ledger_table(templates):
    """The Notices tab as the template lays it out (the upgrade adds it in the same
    write that appends to it)."""
    from .table import Table, column_letter
    tab = templates.sheet.tab(events.TAB)
    letters = {c.key: column_letter(i) for i, c in enumerate(tab.columns)}
    return Table(tab.key, tab.title, tab.sheet_id, tab.id_column, letters, [], [],
                 tab.column(tab.id_column).header, False)


def _version_request(meta: dict | None, version: int) -> dict:
    if meta is not None:
        return {"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataKey": METADATA_TEMPLATE}}],
            "developerMetadata": {"metadataValue": str(version)}, "fields": "metadataValue"}}
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": METADATA_TEMPLATE, "metadataValue": str(version),
        "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}}
