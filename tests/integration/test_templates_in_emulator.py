"""The master Sheet and the forms, built from the templates through the real clients
against the emulator, and checked the way a coordinator, an advisor and a student
would notice them."""

from __future__ import annotations

import html

import pytest
import requests
from googleapiclient.errors import HttpError

from service.cas import outcomes
from service.templates import (form_requests, load_templates, prefill_url, publish_request,
                               resolve_settings, sheet_requests)

COORDINATOR = "coordinator@school.example"   # owns the Sheet: the service acts as them
DEPUTY = "deputy@school.example"             # a second coordinator (Settings), a writer
ADVISOR = "amara.okafor@school.example"      # a writer who is no coordinator
OTHER_ADVISOR = "henrik.lindqvist@school.example"
STUDENT = "ana.lopez@school.example"
PROTECTED = "You are trying to edit a protected cell or object."


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def settings_for(templates, **given):
    return resolve_settings(templates.sheet, {
        "cohort": "2026-2028", "cohort_start": "2026-08-24", "cohort_end": "2028-03-31",
        "coordinator_emails": [COORDINATOR, DEPUTY], **given})


def letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)


@pytest.fixture
def master(templates, sheets_as, drive_as):
    """A new spreadsheet made into the master Sheet with one batchUpdate, shared for
    writing with the deputy coordinator and both advisors."""
    sheets = sheets_as(COORDINATOR)
    spreadsheet_id = sheets.spreadsheets().create(
        body={"properties": {"title": "new"}}).execute()["spreadsheetId"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet_id, body={"requests": sheet_requests(
        templates.sheet, settings_for(templates),
        {ADVISOR: "Amara Okafor", OTHER_ADVISOR: "Henrik Lindqvist"})}).execute()
    for email in (DEPUTY, ADVISOR, OTHER_ADVISOR):
        drive_as(COORDINATOR).permissions().create(
            fileId=spreadsheet_id, sendNotificationEmail=False,
            body={"type": "user", "role": "writer", "emailAddress": email}).execute()
    return spreadsheet_id


def stats(emulator) -> dict:
    return requests.get(emulator.url + "/emulator/stats").json()["calls"]


def test_the_whole_sheet_is_built_in_one_batch_update(templates, emulator, sheets_as):
    sheets = sheets_as(COORDINATOR)
    spreadsheet_id = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet_id, body={"requests": sheet_requests(
        templates.sheet, settings_for(templates), [ADVISOR])}).execute()
    assert stats(emulator)["sheets.spreadsheets.batchUpdate"] == 1


def test_the_tabs_are_in_order_with_frozen_headers(templates, master, sheets_as):
    got = sheets_as(COORDINATOR).spreadsheets().get(spreadsheetId=master).execute()
    assert got["properties"]["title"] == "CAS 2026-2028 — master sheet"
    assert [s["properties"]["title"] for s in got["sheets"]] == [
        "Students", "Experiences", "Reflections", "Supervisor statements", "Interviews",
        "Opportunities", "Dashboard", "Settings", "Needs review", "Sync log", "Notices",
        "IBIS export"]
    assert all(s["properties"]["gridProperties"]["frozenRowCount"] == 1 for s in got["sheets"])
    header = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Experiences!1:1").execute()["values"][0]
    assert header == [c.header for c in templates.sheet.tab("experiences").columns]


def test_the_decision_column_offers_the_three_decisions(templates, master, sheets_as):
    column = letter(templates.sheet.tab("experiences").index("advisor_decision"))
    got = sheets_as(ADVISOR).spreadsheets().get(
        spreadsheetId=master, ranges=[f"Experiences!{column}2"],
        fields="sheets.data.rowData.values.dataValidation").execute()
    rule = got["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == [
        "Approved", "Changes requested", "Rejected"]
    assert rule["strict"] is True


def test_an_advisor_decides_but_cannot_touch_the_status_and_a_coordinator_can(templates, master, sheets_as):
    experiences, students = templates.sheet.tab("experiences"), templates.sheet.tab("students")
    decision = f"Experiences!{letter(experiences.index('advisor_decision'))}2"
    status = f"Students!{letter(students.index('status'))}2"

    def write(user, cell, value):
        return sheets_as(user).spreadsheets().values().update(
            spreadsheetId=master, range=cell, valueInputOption="RAW", body={"values": [[value]]}).execute()

    write(ADVISOR, decision, "Approved")
    with pytest.raises(HttpError) as caught:
        write(ADVISOR, status, "Complete")
    assert caught.value.status_code == 400 and PROTECTED in caught.value.reason
    write(DEPUTY, status, "Complete")       # an editor of the range
    write(COORDINATOR, status, "On track")  # the owner, whom Google never locks out
    values = sheets_as(ADVISOR).spreadsheets().values().batchGet(
        spreadsheetId=master, ranges=[decision, status]).execute()["valueRanges"]
    assert [v["values"] for v in values] == [[["Approved"]], [["On track"]]]


def test_an_advisor_cannot_rename_headers_or_change_settings(master, sheets_as):
    for cell in ("Students!A1", "Settings!B2"):
        with pytest.raises(HttpError) as caught:
            sheets_as(ADVISOR).spreadsheets().values().update(
                spreadsheetId=master, range=cell, valueInputOption="RAW", body={"values": [["x"]]}).execute()
        assert PROTECTED in caught.value.reason


def test_settings_read_back_as_typed_values(templates, master, sheets_as):
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Settings!A2:B").execute()["values"]
    shown = {row[0]: (row[1] if len(row) > 1 else "") for row in rows}
    assert shown["cohort_start"] == "2026-08-24"      # a date cell, shown as the template formats it
    assert shown["hours_tracking"] == "FALSE"
    assert shown["inactivity_gap_days"] == "45"
    assert shown["outcome_framework"] == "current-7"
    assert shown["coordinator_emails"] == f"{COORDINATOR}, {DEPUTY}"
    raw = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Settings!A2:B", valueRenderOption="UNFORMATTED_VALUE").execute()["values"]
    read_back = resolve_settings(templates.sheet, {r[0]: r[1] for r in raw if len(r) > 1})
    assert read_back == settings_for(templates)


def test_each_advisor_has_a_filter_view_of_their_own_students(templates, master, sheets_as):
    got = sheets_as(ADVISOR).spreadsheets().get(
        spreadsheetId=master, fields="sheets(properties(title),filterViews)").execute()
    views = {s["properties"]["title"]: s.get("filterViews", []) for s in got["sheets"]}
    assert sorted(v["title"] for v in views["Students"]) == [
        "Students: Amara Okafor <amara.okafor@school.example>",
        "Students: Henrik Lindqvist <henrik.lindqvist@school.example>"]
    assert len(views["Experiences"]) == len(views["Reflections"]) == 2 and views["Settings"] == []
    amara = next(v for v in views["Students"] if ADVISOR in v["title"])
    [spec] = amara["filterSpecs"]
    assert spec["columnIndex"] == templates.sheet.tab("students").index("advisor_email")
    assert spec["filterCriteria"]["condition"]["values"] == [{"userEnteredValue": ADVISOR}]


def test_a_column_is_found_by_its_metadata_after_the_coordinator_inserts_one(templates, master, sheets_as):
    sheets = sheets_as(COORDINATOR)
    experiences = templates.sheet.tab("experiences")

    def where():
        lookup = {"metadataKey": "casColumn", "metadataValue": "experiences.advisor_decision"}
        found = sheets.spreadsheets().developerMetadata().search(
            spreadsheetId=master, body={"dataFilters": [{"developerMetadataLookup": lookup}]}).execute()
        [match] = found["matchedDeveloperMetadata"]
        return match["developerMetadata"]["location"]["dimensionRange"]["startIndex"]

    assert where() == experiences.index("advisor_decision")
    sheets.spreadsheets().batchUpdate(spreadsheetId=master, body={"requests": [{"insertDimension": {
        "range": {"sheetId": experiences.sheet_id, "dimension": "COLUMNS",
                  "startIndex": 2, "endIndex": 3}}}]}).execute()
    assert where() == experiences.index("advisor_decision") + 1


# -- the forms -----------------------------------------------------------------
def build_form(forms_as, form, settings):
    forms = forms_as(COORDINATOR)
    form_id = forms.forms().create(body={"info": {"title": form.title}}).execute()["formId"]
    forms.forms().batchUpdate(formId=form_id, body={"requests": form_requests(form, settings)}).execute()
    forms.forms().setPublishSettings(formId=form_id, body=publish_request()).execute()
    return forms.forms().get(formId=form_id).execute()


def test_the_reflection_form_offers_the_outcomes_of_the_chosen_framework(templates, emulator, forms_as):
    form = templates.forms["reflection"]
    built = build_form(forms_as, form, settings_for(templates, outcome_framework="older-8"))
    assert built["settings"]["emailCollectionType"] == "VERIFIED"
    questions = {i["questionItem"]["question"]["questionId"]: i for i in built["items"]}
    assert list(questions) == [q.question_id for q in form.questions]  # our IDs were kept
    outcome_item = questions[form.question("outcomes").question_id]
    options = [o["value"] for o in outcome_item["questionItem"]["question"]["choiceQuestion"]["options"]]
    assert options == outcomes.framework("older-8").labels() and len(options) == 8


def test_a_prefilled_reflection_link_opens_with_the_experience_code(templates, emulator, forms_as):
    form = templates.forms["reflection"]
    built = build_form(forms_as, form, settings_for(templates))
    link = prefill_url(form, built["responderUri"], {"experience_code": "K7M-3QX"})
    session = requests.Session()
    session.cookies.set("emulator_user", STUDENT)  # the emulator's "signed in as" switch
    page = session.get(link)
    assert page.status_code == 200
    assert f'name="{form.question("experience_code").entry}"' in page.text
    assert 'value="K7M-3QX"' in page.text
    assert STUDENT in html.unescape(page.text)  # verified email: the student is signed in


def test_a_supervisor_opens_the_statement_link_without_an_account(templates, emulator, forms_as):
    form = templates.forms["supervisor_statement"]
    built = build_form(forms_as, form, settings_for(templates))
    assert built["settings"].get("emailCollectionType") == "DO_NOT_COLLECT"
    link = prefill_url(form, built["responderUri"], {"token": "tok123", "supervisor_name": "Zoë Abernathy"})
    page = requests.get(link)  # no cookie: anonymous
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert 'value="tok123"' in text and 'value="Zoë Abernathy"' in text
    assert "I am an adult and I am not a member of the student's family." in text


def test_the_hours_question_appears_only_for_a_school_that_tracks_hours(templates, emulator, forms_as):
    form = templates.forms["experience_proposal"]
    titles = lambda built: [i["title"] for i in built["items"]]  # noqa: E731
    without = build_form(forms_as, form, settings_for(templates))
    with_hours = build_form(forms_as, form, settings_for(templates, hours_tracking=True))
    assert "Roughly how many hours will it take?" not in titles(without)
    assert "Roughly how many hours will it take?" in titles(with_hours)
