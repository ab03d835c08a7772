"""The cron round, end to end: App Engine's cron calls GET /tasks/sync, which puts
one task per live cohort on the `sync` queue (through the real Cloud Tasks client,
to the emulator), and Cloud Tasks delivers each to POST /tasks/sync/<cohort>,
which syncs that cohort. Two cohorts, each made by `cas setup`, `cas roster import`
and `cas provision` with --cohort; a finished cohort is left alone."""

import datetime

import requests

from _web import CRON_HEADERS, control, dispatch, outcomes, service, small_roster  # noqa: F401

COORDINATOR = "coordinator@demo-school.example"
TODAY = datetime.date.today()


def make_cohort(cas, tmp_path, name, start, end, students):
    for args in (("setup", "--start", start, "--end", end),
                 ("roster", "import", "--csv", small_roster(tmp_path, students, name)),
                 ("provision",)):
        code, out, err = cas(*args, "--cohort", name)
        assert code == 0, err + out


def sync_log(tab, sheet_id):
    return list(tab(sheet_id, "Sync log").values())


def sheet_of(cas, name):
    code, out, _ = cas("cohorts")
    block = out.split(f"{name}: ")[1]
    return block.split("/spreadsheets/d/")[1].split("/")[0]


def test_a_cron_round_syncs_each_live_cohort_once_through_cloud_tasks(
        school, service, cas, tmp_path, emulator, tab, monkeypatch):
    monkeypatch.delenv("CAS_COHORT")        # every command names its cohort
    days = datetime.timedelta(days=1)
    make_cohort(cas, tmp_path, "Year 12", (TODAY - 30 * days).isoformat(),
                (TODAY + 500 * days).isoformat(), 6)
    make_cohort(cas, tmp_path, "Year 13", (TODAY - 400 * days).isoformat(),
                (TODAY + 150 * days).isoformat(), 8)
    make_cohort(cas, tmp_path, "2020-2022", "2020-09-01", "2022-03-31", 3)
    answer = service.get("/tasks/sync", headers=CRON_HEADERS)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert sorted(report["enqueued"]) == ["Year 12", "Year 13"]
    assert report["skipped"] == {"2020-2022": "finished"} and report["failed"] == {}
    deliveries = dispatch(emulator)
    assert outcomes(deliveries) == [("tasks/sync/Year%2012", 200, "succeeded"),
                                    ("tasks/sync/Year%2013", 200, "succeeded")]
    assert {d["queue"].rsplit("/", 1)[1] for d in deliveries} == {"sync"}
    for name, students in (("Year 12", 6), ("Year 13", 8)):
        [line] = sync_log(tab, sheet_of(cas, name))
        assert line["Trigger"] == "cron", (name, line)
        statuses = tab(sheet_of(cas, name), "Students")
        assert len(statuses) == students and all(r.get("Status") for r in statuses.values())
    assert sync_log(tab, sheet_of(cas, "2020-2022")) == []


def test_a_cron_delivered_twice_in_a_quarter_hour_enqueues_nothing_twice(cohort, service,
                                                                         emulator):
    first = service.get("/tasks/sync", headers=CRON_HEADERS).json()
    again = service.get("/tasks/sync", headers=CRON_HEADERS).json()
    assert first["enqueued"] == ["2026-2028"] and again["enqueued"] == []
    assert again["already"] == ["2026-2028"]          # Cloud Tasks' ALREADY_EXISTS
    assert outcomes(dispatch(emulator)) == [("tasks/sync/2026-2028", 200, "succeeded")]


def test_the_cron_round_does_no_sync_work(cohort, service, emulator):
    control(emulator, "cloudtasks/target", {"url": ""})    # hold the tasks
    service.get("/tasks/sync", headers=CRON_HEADERS)
    stats = requests.get(f"{emulator.url}/emulator/stats", timeout=10).json()["calls"]
    # One Drive listing of the cohorts, one Settings read a cohort, one task a cohort.
    assert stats == {"drive.files.list": 1, "sheets.spreadsheets.values.batchGet": 1,
                     "cloudtasks.projects.locations.queues.tasks.create": 1}


def test_one_cohorts_failing_sync_does_not_stop_anothers(cohort, service, cas, tmp_path,
                                                         emulator, tab, sheets_as):
    start = (TODAY - datetime.timedelta(days=30)).isoformat()
    end = (TODAY + datetime.timedelta(days=500)).isoformat()
    make_cohort(cas, tmp_path, "broken", start, end, 3)
    broken = sheet_of(cas, "broken")
    # Someone deletes the Students tab of one cohort's master Sheet.
    sheets = sheets_as(COORDINATOR)
    tabs = sheets.spreadsheets().get(spreadsheetId=broken).execute()["sheets"]
    [students] = [t["properties"]["sheetId"] for t in tabs
                  if t["properties"]["title"] == "Students"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=broken, body={"requests": [
        {"deleteSheet": {"sheetId": students}}]}).execute()
    assert service.get("/tasks/sync", headers=CRON_HEADERS).status_code == 200
    found = {d["url"].rsplit("/", 1)[1]: d["outcome"] for d in dispatch(emulator)}
    assert found["2026-2028"] == "succeeded"
    assert found["broken"] == "retrying"     # a 500: Cloud Tasks tries it again later
    [line] = sync_log(tab, cohort[0])
    assert line["Trigger"] == "cron"
