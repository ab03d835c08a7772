"""`cas setup` against the emulator through the real clients: the cohort's folders,
master Sheet and Forms made once, found the second time, finished after a stop,
and seen as a coordinator, a student and a supervisor would see them."""

from __future__ import annotations

import pytest
import requests

from _drive import by_tag
from _gateways import RecordedSleep, clear_faults, set_faults
from emulator.forms.responses import SubmissionRefused
from service.config import TestConfig
from service.provision import run_setup
from service.templates import load_templates, resolve_settings
from service.templates.form_builder import options as form_options
from service.workspace.clients import EmulatorCredentials
from service.workspace.errors import WorkspaceError
from service.workspace.retry import RetryPolicy
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
STUDENT = "zoe.abernathy@demo-school.example"
FOLDER = "application/vnd.google-apps.folder"
TABS = ["Students", "Experiences", "Reflections", "Supervisor statements", "Interviews",
        "Opportunities", "Dashboard", "Settings", "Needs review", "Sync log", "Notices",
        "IBIS export"]


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def cohort_files(drive_as) -> dict:
    """What the coordinator finds in Drive tagged for the cohort, by (casKind, casId)."""
    files = drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casCohort' and value='2026-2028' } and trashed = false",
        fields="files(id,name,mimeType,parents,appProperties)").execute()["files"]
    return by_tag(files)


def settings_tab(sheets_as, spreadsheet_id) -> dict:
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=spreadsheet_id, range="Settings!A2:B").execute()["values"]
    return {row[0]: (row[1] if len(row) > 1 else "") for row in rows}


def test_setup_makes_the_folders_the_sheet_and_the_four_forms_in_the_cohort_folder(
        school, cas, drive_as):
    code, out, err = cas("setup")
    assert code == 0, err
    files = cohort_files(drive_as)
    root, advisors = files[("root", "root")], files[("advisors", "advisors")]
    sheet = files[("master_sheet", "master_sheet")]
    assert root["name"] == "CAS 2026-2028" and root["mimeType"] == FOLDER
    assert advisors["name"] == "Advisors" and advisors["parents"] == [root["id"]]
    assert sheet["parents"] == [root["id"]]
    forms = {k[1]: f for k, f in files.items() if k[0] == "form"}
    assert sorted(forms) == ["experience_proposal", "interview_record", "reflection",
                             "supervisor_statement"]
    assert all(f["parents"] == [root["id"]] for f in forms.values())
    assert all(f["appProperties"]["casState"] == "ready" for f in files.values())
    assert "made   folder CAS 2026-2028" in out and "made   form CAS reflection" in out
    assert f"spreadsheets/d/{sheet['id']}" in out
    assert "drive.files.list" in out and "total" in out  # the calls per method


def test_a_second_setup_finds_everything_and_makes_no_create_call(school, cas, emulator, drive_as):
    assert cas("setup")[0] == 0
    before = calls(emulator)
    code, out, _ = cas("setup")
    after = calls(emulator)
    assert code == 0 and "Everything already existed: nothing was made." in out
    assert "found  master Sheet" in out
    made = {m: after[m] - before.get(m, 0) for m in after if after[m] != before.get(m, 0)}
    # One Drive listing finds the cohort; one read of Settings finds the links.
    assert made == {"drive.files.list": 1, "sheets.spreadsheets.values.batchGet": 1}
    assert len(cohort_files(drive_as)) == 7


def test_the_sheet_has_every_tab_and_its_settings_hold_every_id(school, cas, drive_as,
                                                                    sheets_as, forms_as):
    assert cas("setup", "--classroom-course", school)[0] == 0
    files = cohort_files(drive_as)
    sheet_id = files[("master_sheet", "master_sheet")]["id"]
    got = sheets_as(COORDINATOR).spreadsheets().get(spreadsheetId=sheet_id).execute()
    assert [s["properties"]["title"] for s in got["sheets"]] == TABS
    assert got["properties"]["title"] == "CAS 2026-2028 — master sheet"
    settings = settings_tab(sheets_as, sheet_id)
    assert settings["root_folder_id"] == files[("root", "root")]["id"]
    assert settings["advisors_folder_id"] == files[("advisors", "advisors")]["id"]
    assert settings["classroom_course_id"] == school
    assert settings["coordinator_emails"] == COORDINATOR
    for key in ("experience_proposal", "reflection", "supervisor_statement", "interview_record"):
        form_id = files[("form", key)]["id"]
        assert settings[f"{key}_form_id"] == form_id
        assert settings[f"{key}_form_link"] == forms_as(COORDINATOR).forms().get(
            formId=form_id).execute()["responderUri"]


def test_the_cohort_of_2026_2028_runs_from_1_september_2026_to_31_march_2028_unless_told(
        school, cas, drive_as, sheets_as):
    assert cas("setup")[0] == 0
    sheet_id = cohort_files(drive_as)[("master_sheet", "master_sheet")]["id"]
    settings = settings_tab(sheets_as, sheet_id)
    assert (settings["cohort_start"], settings["cohort_end"]) == ("2026-09-01", "2028-03-31")
    assert settings["outcome_framework"] == "current-7"


def test_options_choose_the_dates_and_the_older_framework_whose_8_outcomes_the_forms_offer(
        school, cas, drive_as, sheets_as, forms_as):
    assert cas("setup", "--start", "2026-08-24", "--end", "2028-04-30",
               "--framework", "older")[0] == 0
    files = cohort_files(drive_as)
    settings = settings_tab(sheets_as, files[("master_sheet", "master_sheet")]["id"])
    assert (settings["cohort_start"], settings["cohort_end"]) == ("2026-08-24", "2028-04-30")
    assert settings["outcome_framework"] == "older-8"
    reflection = forms_as(COORDINATOR).forms().get(
        formId=files[("form", "reflection")]["id"]).execute()
    outcome_options = [len(i["questionItem"]["question"]["choiceQuestion"]["options"])
                       for i in reflection["items"]
                       if "outcome" in i["title"].lower() and "choiceQuestion" in
                       i.get("questionItem", {}).get("question", {})]
    assert outcome_options == [8]


def test_a_bad_date_is_refused_before_anything_is_made(school, cas, emulator):
    code, _, err = cas("setup", "--start", "1 September")
    assert code == 2 and "--start" in err
    assert "drive.files.create" not in calls(emulator)


def answers_for(form_template):
    """A valid answer to every required question (what a person would pick)."""
    settings = resolve_settings(load_templates().sheet, {"cohort": "2026-2028"})
    answers = {}
    for q in form_template.questions:
        if not q.required:
            continue
        if q.type == "dateQuestion":
            answers[q.question_id] = "2026-10-01"
        elif q.type == "choiceQuestion":
            options = form_options(q, settings, form_template)
            answers[q.question_id] = [options[0]] if q.choice_type == "CHECKBOX" else options[0]
        else:
            answers[q.question_id] = "Yes" if not q.paragraph else "Some words."
    return answers


def test_the_forms_are_published_students_sign_in_and_supervisors_answer_without_an_account(
        school, cas, emulator, drive_as, forms_as):
    assert cas("setup")[0] == 0
    files = cohort_files(drive_as)
    templates = load_templates()
    for key, template in templates.forms.items():
        form_id = files[("form", key)]["id"]
        form = forms_as(COORDINATOR).forms().get(formId=form_id).execute()
        assert form["publishSettings"]["publishState"] == {"isPublished": True,
                                                           "isAcceptingResponses": True}
        permissions = drive_as(COORDINATOR).permissions().list(
            fileId=form_id, fields="permissions(type,domain)").execute()["permissions"]
        if key == "supervisor_statement":
            assert form["settings"].get("emailCollectionType", "DO_NOT_COLLECT") == "DO_NOT_COLLECT"
            assert {"type": "anyone"} in permissions
        else:
            assert form["settings"]["emailCollectionType"] == "VERIFIED"
            assert {"type": "domain", "domain": "demo-school.example"} in permissions
    reflection = templates.forms["reflection"]
    form_id = files[("form", "reflection")]["id"]
    with pytest.raises(SubmissionRefused) as refused:  # verified: a student must sign in
        emulator.world.forms.submit_response(form_id, None, answers_for(reflection))
    assert refused.value.reason == "emailRequired"
    emulator.world.forms.submit_response(form_id, STUDENT, answers_for(reflection))
    supervisor = templates.forms["supervisor_statement"]
    emulator.world.forms.submit_response(files[("form", "supervisor_statement")]["id"], None,
                                         answers_for(supervisor))
    responses = forms_as(COORDINATOR).forms().responses().list(formId=form_id).execute()
    assert [r["respondentEmail"] for r in responses["responses"]] == [STUDENT]


def test_a_setting_the_coordinator_changed_is_kept_by_the_next_setup(school, cas, drive_as,
                                                                     sheets_as):
    assert cas("setup")[0] == 0
    sheet_id = cohort_files(drive_as)[("master_sheet", "master_sheet")]["id"]
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=sheet_id, range="Settings!A2:A").execute()["values"]
    row = [r[0] for r in rows].index("inactivity_gap_days") + 2
    sheets_as(COORDINATOR).spreadsheets().values().update(
        spreadsheetId=sheet_id, range=f"Settings!B{row}", valueInputOption="RAW",
        body={"values": [[60]]}).execute()
    code, out, _ = cas("setup", "--framework", "older")
    assert code == 0 and "--framework and --classroom-course were not applied" in out
    settings = settings_tab(sheets_as, sheet_id)
    assert settings["inactivity_gap_days"] == "60"
    assert settings["outcome_framework"] == "current-7"   # an existing Sheet is left as it is


def stopping_workspace(emulator):
    """The coordinator's Workspace with a policy that gives up at the first refusal
    and never sleeps: a run that meets a fault stops there, as if killed."""
    policy = RetryPolicy(sleep=RecordedSleep(), max_attempts=1)
    return Workspace(EmulatorCredentials(COORDINATOR), emulator.url, policy)


@pytest.mark.parametrize("stop_at", [
    {"api": "forms", "methods": ["forms.forms.create"], "quota": {"limit": 2, "perSeconds": 3600}},
    {"api": "forms", "methods": ["forms.forms.setPublishSettings"],
     "quota": {"limit": 1, "perSeconds": 3600}},
    {"api": "sheets", "methods": ["sheets.spreadsheets.batchUpdate"], "errorRate": 1,
     "errorStatus": 503},
    {"api": "drive", "methods": ["drive.files.update"], "quota": {"limit": 4, "perSeconds": 3600}},
    {"api": "drive", "methods": ["drive.files.get"], "errorRate": 1, "errorStatus": 503},
], ids=["after-two-forms", "after-one-publish", "before-the-sheet-is-built", "mid-tagging",
    "a-form-made-and-not-yet-tagged"])
def test_a_setup_stopped_half_way_is_finished_by_the_next_with_nothing_twice(
        school, cas, emulator, drive_as, sheets_as, forms_as, stop_at):
    config = TestConfig(emulator_url=emulator.url)
    set_faults(emulator, stop_at)
    with pytest.raises(WorkspaceError):
        run_setup(stopping_workspace(emulator), config)
    clear_faults(emulator)
    code, out, err = cas("setup")
    assert code == 0, err
    files = cohort_files(drive_as)
    assert len(files) == 7 and all(f["appProperties"]["casState"] == "ready"
                                   for f in files.values())
    all_forms = drive_as(COORDINATOR).files().list(
        q="mimeType = 'application/vnd.google-apps.form'", fields="files(id)").execute()
    assert len(all_forms["files"]) == 4
    sheet_id = files[("master_sheet", "master_sheet")]["id"]
    got = sheets_as(COORDINATOR).spreadsheets().get(spreadsheetId=sheet_id).execute()
    assert [s["properties"]["title"] for s in got["sheets"]] == TABS
    settings = settings_tab(sheets_as, sheet_id)
    for key in ("experience_proposal", "reflection", "supervisor_statement", "interview_record"):
        form = forms_as(COORDINATOR).forms().get(formId=files[("form", key)]["id"]).execute()
        assert form["publishSettings"]["publishState"]["isPublished"] is True
        assert len(form["items"]) > 2
        assert settings[f"{key}_form_link"] == form["responderUri"]


def test_a_root_folder_made_before_is_used_not_made_again(school, cas, emulator, drive_as):
    made = drive_as(COORDINATOR).files().create(body={
        "name": "CAS 2026-2028", "mimeType": FOLDER, "appProperties": {
            "casKind": "root", "casId": "root", "casCohort": "2026-2028", "casState": "ready"}},
        fields="id").execute()
    code, out, _ = cas("setup")
    assert code == 0 and "found  folder CAS 2026-2028" in out
    assert cohort_files(drive_as)[("root", "root")]["id"] == made["id"]
    assert calls(emulator)["drive.files.create"] == 1 + 2  # ours, then Advisors and the Sheet
