"""sheet_requests: the one spreadsheets.batchUpdate that turns a new spreadsheet into
the master Sheet, read as a coordinator would check it, request by request."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from service.templates import (SettingsError, advisor_requests, load_templates, resolve_settings,
                               sheet_requests)
from service.templates.sheet_builder import filter_view_title

COORDINATORS = ["coordinator@school.example", "deputy@school.example"]
ADVISORS = {"amara.okafor@school.example": "Amara Okafor", "henrik@school.example": ""}
SETTINGS = {"cohort": "2026-2028", "cohort_start": "2026-08-24", "cohort_end": "2028-03-31",
            "coordinator_emails": ", ".join(COORDINATORS)}


@pytest.fixture(scope="module")
def sheet():
    return load_templates().sheet


@pytest.fixture(scope="module")
def requests(sheet):
    return sheet_requests(sheet, SETTINGS, ADVISORS)


def of_kind(requests, kind):
    return [r[kind] for r in requests if kind in r]


def on_sheet(items, sheet_id, path=("range",)):
    def sid(item):
        for part in path:
            item = item[part]
        return item["sheetId"]
    return [i for i in items if sid(i) == sheet_id]


def test_the_tabs_are_added_in_order_before_the_default_sheet_goes(sheet, requests):
    added = of_kind(requests, "addSheet")
    assert [a["properties"]["title"] for a in added] == [t.title for t in sheet.tabs]
    assert [a["properties"]["index"] for a in added] == list(range(len(sheet.tabs)))
    # Deleting Sheet1 first would delete the only sheet, which Sheets refuses.
    kinds = [next(iter(r)) for r in requests]
    assert kinds.index("deleteSheet") > max(i for i, k in enumerate(kinds) if k == "addSheet")
    assert of_kind(requests, "deleteSheet") == [{"sheetId": 0}]


def test_the_spreadsheet_is_named_after_the_cohort(requests):
    assert requests[0] == {"updateSpreadsheetProperties": {
        "properties": {"title": "CAS 2026-2028 — master sheet"}, "fields": "title"}}


def test_every_tab_freezes_its_header_row_and_its_id_columns(sheet, requests):
    for added, tab in zip(of_kind(requests, "addSheet"), sheet.tabs):
        grid = added["properties"]["gridProperties"]
        assert grid["frozenRowCount"] == 1
        assert grid["frozenColumnCount"] == tab.frozen_columns
        assert grid["columnCount"] == len(tab.columns)
    students = of_kind(requests, "addSheet")[0]["properties"]["gridProperties"]
    assert students["frozenColumnCount"] == 2  # ID and name stay visible


def test_headers_are_literal_text_with_a_note_on_who_fills_them(sheet, requests):
    students = sheet.tab("students")
    [header] = [u for u in on_sheet(of_kind(requests, "updateCells"), students.sheet_id, ("start",))
                if u["start"]["rowIndex"] == 0]
    cells = header["rows"][0]["values"]
    assert [c["userEnteredValue"] for c in cells] == [{"stringValue": c.header}
                                                       for c in students.columns]
    status, concern = cells[students.index("status")], cells[students.index("advisor_concern")]
    assert "Filled in by the CAS service (sync: computed completion status)" in status["note"]
    assert "the service never overwrites it" in concern["note"]
    assert all(c["userEnteredFormat"]["textFormat"]["bold"] for c in cells)


def test_a_header_that_looks_like_a_formula_stays_text(sheet):
    tab = sheet.tab("students")
    odd = dataclasses.replace(tab.columns[0], header="=IMPORTXML(1)")
    changed = dataclasses.replace(sheet, tabs=(dataclasses.replace(
        tab, columns=(odd,) + tab.columns[1:]),) + sheet.tabs[1:])
    header = of_kind(sheet_requests(changed, SETTINGS), "updateCells")[0]
    # stringValue is stored as typed: never parsed as a formula (unlike formulaValue).
    assert header["rows"][0]["values"][0]["userEnteredValue"] == {"stringValue": "=IMPORTXML(1)"}


def test_columns_get_their_widths_and_a_format_by_type(sheet, requests):
    experiences = sheet.tab("experiences")
    widths = on_sheet(of_kind(requests, "updateDimensionProperties"), experiences.sheet_id)
    assert [w["properties"]["pixelSize"] for w in widths] == [c.width for c in experiences.columns]
    formats = {f["range"]["startColumnIndex"]: f["cell"]["userEnteredFormat"]
               for f in on_sheet(of_kind(requests, "repeatCell"), experiences.sheet_id)}
    assert formats[experiences.index("start_date")]["numberFormat"] == {
        "type": "DATE", "pattern": "yyyy-mm-dd"}
    assert formats[experiences.index("experience_id")]["numberFormat"] == {"type": "TEXT"}
    assert formats[experiences.index("description")]["wrapStrategy"] == "WRAP"
    assert all(f["verticalAlignment"] == "TOP" for f in formats.values())


def test_the_decision_column_is_a_strict_dropdown_and_yes_no_columns_are_checkboxes(sheet, requests):
    experiences = sheet.tab("experiences")
    rules = {v["range"]["startColumnIndex"]: v["rule"]
             for v in on_sheet(of_kind(requests, "setDataValidation"), experiences.sheet_id)}
    decision = rules[experiences.index("advisor_decision")]
    assert decision["condition"] == {"type": "ONE_OF_LIST", "values": [
        {"userEnteredValue": "Approved"}, {"userEnteredValue": "Changes requested"},
        {"userEnteredValue": "Rejected"}]}
    assert decision["strict"] and decision["showCustomUi"]
    assert rules[experiences.index("cas_project")]["condition"] == {"type": "BOOLEAN"}
    assert experiences.index("title") not in rules


def test_statuses_are_coloured_in_the_order_the_template_gives(sheet, requests):
    students = sheet.tab("students")
    rules = [r for r in of_kind(requests, "addConditionalFormatRule")
             if r["rule"]["ranges"][0]["sheetId"] == students.sheet_id]
    assert [r["index"] for r in rules] == list(range(len(rules)))  # first rule wins: keep order
    status = [r["rule"] for r in rules
              if r["rule"]["ranges"][0]["startColumnIndex"] == students.index("status")]
    colours = {r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]:
               r["booleanRule"]["format"]["backgroundColor"] for r in status}
    assert colours["On track"] == colours["Complete"]          # green
    assert colours["At risk"]["red"] > colours["At risk"]["blue"]  # amber
    assert colours["Incomplete"]["red"] > colours["Incomplete"]["green"]  # red
    assert len(set(map(str, colours.values()))) == 4


def test_protected_ranges_let_only_the_coordinators_edit_service_columns(sheet, requests):
    experiences = sheet.tab("experiences")
    ranges = [p["protectedRange"] for p in of_kind(requests, "addProtectedRange")
              if p["protectedRange"]["range"]["sheetId"] == experiences.sheet_id]
    for protected in ranges:
        assert protected["editors"] == {"users": COORDINATORS}
        assert protected["warningOnly"] is False  # warning-only ranges cannot name editors
    header = next(p for p in ranges if p["range"].get("endRowIndex") == 1)
    assert header["range"] == {"sheetId": experiences.sheet_id, "startRowIndex": 0, "endRowIndex": 1}
    covered = set()
    for p in ranges:
        if p["range"].get("startRowIndex") == 1:
            covered |= set(range(p["range"]["startColumnIndex"], p["range"]["endColumnIndex"]))
    service = {i for i, c in enumerate(experiences.columns) if c.owner == "service"}
    assert covered == service
    assert experiences.index("advisor_decision") not in covered


def test_neighbouring_protected_columns_share_one_range(sheet, requests):
    students = sheet.tab("students")
    blocks = [p["protectedRange"]["range"] for p in of_kind(requests, "addProtectedRange")
              if p["protectedRange"]["range"]["sheetId"] == students.sheet_id
              and p["protectedRange"]["range"].get("startRowIndex") == 1]
    first = blocks[0]
    # student_id, name, email are the service's; advisor_email is the coordinators' own.
    assert (first["startColumnIndex"], first["endColumnIndex"]) == (0, 3)
    assert len(blocks) < sum(c.is_protected for c in students.columns)


def test_whole_tabs_are_protected_where_the_template_says(sheet, requests):
    whole = {p["protectedRange"]["range"]["sheetId"] for p in of_kind(requests, "addProtectedRange")
             if p["protectedRange"]["range"] == {"sheetId": p["protectedRange"]["range"]["sheetId"]}}
    assert whole == {sheet.tab(k).sheet_id for k in ("dashboard", "settings", "sync_log", "events",
                                                          "ibis_export")}


def test_the_settings_tab_holds_typed_values_with_descriptions(sheet, requests):
    settings = sheet.tab("settings")
    [write] = [u for u in on_sheet(of_kind(requests, "updateCells"), settings.sheet_id, ("start",))
               if u["start"]["rowIndex"] == 1]
    rows = {r["values"][0]["userEnteredValue"]["stringValue"]: r["values"] for r in write["rows"]}
    assert list(rows) == [s.key for s in sheet.settings]
    start = rows["cohort_start"][1]
    # Sheets counts days from 1899-12-30: 2026-08-24 is serial 46258.
    assert start["userEnteredValue"] == {"numberValue": 46258}
    assert start["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    assert rows["inactivity_gap_days"][1]["userEnteredValue"] == {"numberValue": 45}
    assert rows["hours_tracking"][1]["userEnteredValue"] == {"boolValue": False}
    assert rows["outcome_framework"][1]["userEnteredValue"] == {"stringValue": "current-7"}
    assert rows["coordinator_emails"][1]["userEnteredValue"] == {
        "stringValue": ", ".join(COORDINATORS)}
    assert "userEnteredValue" not in rows["root_folder_id"][1]  # recorded later by setup
    assert rows["hours_tracking"][2]["userEnteredValue"]["stringValue"].startswith("Ask students")


def test_each_setting_value_only_accepts_its_type(sheet, requests):
    settings = sheet.tab("settings")
    rules = {v["range"]["startRowIndex"]: v["rule"]["condition"]
             for v in on_sheet(of_kind(requests, "setDataValidation"), settings.sheet_id)}
    row = {s.key: i for i, s in enumerate(sheet.settings, start=1)}
    assert rules[row["hours_tracking"]] == {"type": "BOOLEAN"}
    assert rules[row["cohort_start"]] == {"type": "DATE_IS_VALID"}
    assert rules[row["outcome_framework"]]["values"] == [{"userEnteredValue": "current-7"},
                                                         {"userEnteredValue": "older-8"}]
    assert rules[row["inactivity_gap_days"]] == {"type": "NUMBER_GREATER_THAN_EQ",
                                                 "values": [{"userEnteredValue": "1"}]}
    assert row["classroom_course_id"] not in rules


def test_developer_metadata_names_every_tab_and_column(sheet, requests):
    metadata = [m["developerMetadata"] for m in of_kind(requests, "createDeveloperMetadata")]
    columns = {m["metadataValue"]: m["location"]["dimensionRange"]["startIndex"]
               for m in metadata if m["metadataKey"] == "casColumn"}
    assert columns["experiences.advisor_decision"] == sheet.tab("experiences").index("advisor_decision")
    assert len(columns) == sum(len(t.columns) for t in sheet.tabs)
    tabs = {m["metadataValue"]: m["location"]["sheetId"] for m in metadata if m["metadataKey"] == "casTab"}
    assert tabs == {t.key: t.sheet_id for t in sheet.tabs}
    assert {"metadataKey": "casTemplateVersion", "metadataValue": "3",
            "location": {"spreadsheet": True}, "visibility": "DOCUMENT"} in metadata


def test_each_advisor_gets_a_filter_view_on_their_tabs(sheet, requests):
    views = [v["filter"] for v in of_kind(requests, "addFilterView")]
    assert len(views) == 3 * len(ADVISORS)
    students = sheet.tab("students")
    amara = next(v for v in views if v["title"] == "Students: Amara Okafor <amara.okafor@school.example>")
    assert amara["range"] == {"sheetId": students.sheet_id}
    assert amara["filterSpecs"] == [{"columnIndex": students.index("advisor_email"), "filterCriteria": {
        "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "amara.okafor@school.example"}]}}}]
    assert any(v["title"] == "Reflections: henrik@school.example" for v in views)


def test_the_advisor_column_offers_the_advisors(sheet, requests):
    students = sheet.tab("students")
    [rule] = [v["rule"] for v in on_sheet(of_kind(requests, "setDataValidation"), students.sheet_id)
              if v["range"]["startColumnIndex"] == students.index("advisor_email")]
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == sorted(ADVISORS)


def test_adding_an_advisor_later_adds_only_their_views(sheet):
    existing = [filter_view_title(sheet.tab(k), e, n) for k in ("students", "experiences", "reflections")
                for e, n in ADVISORS.items()]
    more = advisor_requests(sheet, {**ADVISORS, "mei@school.example": "Mei Tanaka"}, existing)
    assert sorted(v["filter"]["title"] for v in of_kind(more, "addFilterView")) == [
        "Experiences: Mei Tanaka <mei@school.example>", "Reflections: Mei Tanaka <mei@school.example>",
        "Students: Mei Tanaka <mei@school.example>"]
    assert len(of_kind(more, "setDataValidation")) == 1  # the dropdown now lists three


def test_without_advisors_there_is_no_empty_dropdown(sheet):
    # A ONE_OF_LIST rule with no values is refused by Sheets.
    built = sheet_requests(sheet, SETTINGS, [])
    assert of_kind(built, "addFilterView") == []
    for rule in of_kind(built, "setDataValidation"):
        assert rule["rule"]["condition"].get("values", [1]) != []


def test_resolved_settings_are_typed_and_defaulted(sheet):
    values = resolve_settings(sheet, {"cohort_start": datetime.date(2026, 8, 24), "hours_tracking": "TRUE",
                                      "coordinator_emails": ["A@School.example"], "min_projects": "2"})
    assert values["cohort_start"] == datetime.date(2026, 8, 24)
    assert values["hours_tracking"] is True and values["min_projects"] == 2
    assert values["coordinator_emails"] == ("a@school.example",)
    assert values["inactivity_gap_days"] == 45 and values["cohort_end"] is None
    # A date read back from the Sheet unformatted is its serial number.
    assert resolve_settings(sheet, {"cohort_start": 46258})["cohort_start"] == datetime.date(2026, 8, 24)


def test_bad_settings_are_all_named_at_once(sheet):
    with pytest.raises(SettingsError) as caught:
        sheet_requests(sheet, {"cohort_start": "24/08/2026", "outcome_framework": "newest-9",
                               "inactivity_gap_days": 0, "coordinator_emails": "a@x.example, nobody",
                               "hours_trackin": True})
    problems = caught.value.problems
    assert "setting 'hours_trackin': unknown" in problems[0]
    assert "setting 'cohort_start': expected a date as YYYY-MM-DD, got '24/08/2026'" in problems
    assert "setting 'outcome_framework': 'newest-9' is not one of current-7, older-8" in problems
    assert "setting 'inactivity_gap_days': must be at least 1, got 0" in problems
    assert "setting 'coordinator_emails': not an email address: nobody" in problems
