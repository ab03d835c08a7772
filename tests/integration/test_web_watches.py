"""The daily watches round (GET /tasks/watches): each live cohort's Forms get a
RESPONSES watch on CAS_PUSH_TOPIC; a watch that expired (seven days, then gone,
as the Forms reference says) is made again, one expiring within two days is
renewed, one on another topic is replaced; the state is written in the cohort's
Settings tab, one row, updated in place."""

import datetime

import requests

from _sync import propose
from _web import CRON_HEADERS, TOPIC, advance, service, web_config, wait_until  # noqa: F401
from service.cohorts import list_cohorts
from service.schedule.watches import keep_watches
from service.workspace import Workspace

FORMS = ["experience_proposal", "interview_record", "reflection", "supervisor_statement"]
COORDINATOR = "coordinator@demo-school.example"


def watches_round(service):
    answer = service.get("/tasks/watches", headers=CRON_HEADERS)
    assert answer.status_code == 200, answer.text
    [report] = answer.json()["cohorts"]
    return report


def emulator_now(emulator) -> datetime.datetime:
    now = requests.get(f"{emulator.url}/emulator/clock", timeout=10).json()["now"]
    return datetime.datetime.fromisoformat(now.replace("Z", "+00:00"))


def the_watches(forms_as, form_id):
    return forms_as(COORDINATOR).forms().watches().list(formId=form_id).execute().get(
        "watches", [])


def test_a_watch_that_expired_is_made_again_and_pushes_again(cohort, service, emulator,
                                                             forms_as, tab, sample_rows):
    sheet, ids = cohort
    assert sorted(watches_round(service)["created"]) == FORMS
    advance(emulator, 8 * 24 * 3600)                       # every watch expired and is gone
    assert the_watches(forms_as, ids["reflection"]) == []
    report = watches_round(service)
    assert sorted(report["created"]) == FORMS and report["renewed"] == []
    [watch] = the_watches(forms_as, ids["experience_proposal"])
    assert watch["state"] == "ACTIVE" and watch["target"]["topic"]["topicName"] == TOPIC
    propose(emulator, ids, sample_rows()[0]["Email"], "After the renewal")
    assert wait_until(lambda: [d for d in emulator.world.forms.deliveries.all()
                               if d["status"] == 200])


def test_a_watch_expiring_within_two_days_is_renewed_the_others_are_kept(cohort, service,
                                                                         emulator, forms_as):
    sheet, ids = cohort
    watches_round(service)
    advance(emulator, 6 * 24 * 3600)                       # a day left of seven
    workspace = Workspace.from_config(web_config(emulator))
    [found] = list_cohorts(workspace.drive)
    report = keep_watches(workspace, web_config(emulator), found, now=emulator_now(emulator))
    assert sorted(report.renewed) == FORMS and report.created == []
    [watch] = the_watches(forms_as, ids["experience_proposal"])
    expires = datetime.datetime.fromisoformat(watch["expireTime"].replace("Z", "+00:00"))
    assert expires - emulator_now(emulator) > datetime.timedelta(days=6, hours=23)
    again = keep_watches(workspace, web_config(emulator), found, now=emulator_now(emulator))
    assert sorted(again.kept) == FORMS and again.renewed == again.created == []


def test_a_watch_on_another_topic_is_replaced(cohort, emulator, forms_as):
    sheet, ids = cohort
    forms_as(COORDINATOR).forms().watches().create(formId=ids["reflection"], body={"watch": {
        "target": {"topic": {"topicName": "projects/old/topics/old"}},
        "eventType": "RESPONSES"}}).execute()
    workspace = Workspace.from_config(web_config(emulator))
    [found] = list_cohorts(workspace.drive)
    report = keep_watches(workspace, web_config(emulator), found, now=emulator_now(emulator))
    assert sorted(report.created) == FORMS
    [watch] = the_watches(forms_as, ids["reflection"])
    assert watch["target"]["topic"]["topicName"] == TOPIC


def test_the_state_is_one_row_of_the_settings_tab_updated_in_place(cohort, service, tab):
    sheet, _ = cohort
    watches_round(service)
    first = tab(sheet, "Settings")["form_watches"]["Value"]
    assert "experience_proposal: ACTIVE until " in first and "(checked " in first
    watches_round(service)
    settings = tab(sheet, "Settings")
    assert list(settings).count("form_watches") == 1
    assert "experience_proposal: ACTIVE until " in settings["form_watches"]["Value"]


def test_a_cohort_that_is_not_live_gets_no_watches(school, service, cas, forms_as):
    code, out, err = cas("setup", "--cohort", "2030-2032", "--start", "2030-09-01",
                         "--end", "2032-03-31")
    assert code == 0, err + out
    answer = service.get("/tasks/watches", headers=CRON_HEADERS)
    assert answer.status_code == 200 and answer.json() == {"cohorts": [],
                                                           "skipped": {"2030-2032": "set up"}}
