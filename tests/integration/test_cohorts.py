"""Several cohorts at once: the service finds the school's cohorts by their tagged
root folders (one Drive listing), judges each one's state from the dates in its
Settings tab, and every `cas` command works on the cohort `--cohort` names
(CAS_COHORT being the default). `cas cohorts` lists them."""

import datetime
import re

from service.cohorts import (FINISHED, LIVE, SET_UP, SETTING_UP, UNKNOWN, find_cohorts,
                             list_cohorts)
from service.config import Config
from service.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
TODAY = datetime.date(2026, 12, 7)


def setup(cas, name, start, end):
    code, out, err = cas("setup", "--cohort", name, "--start", start, "--end", end)
    assert code == 0, err + out
    return out


def workspace():
    return Workspace.from_config(Config.from_env())


def test_cas_cohorts_lists_each_cohort_with_its_state_last_sync_and_statuses(
        cohort, cas, emulator):
    setup(cas, "2025-2027", "2025-09-01", "2027-03-31")
    setup(cas, "2027-2029", "2027-09-01", "2029-03-31")
    setup(cas, "2022-2024", "2022-09-01", "2024-03-31")
    code, out, err = cas("sync", "--cohort", "2026-2028", "--today", "2026-12-07")
    assert code == 0, err + out
    code, out, err = cas("cohorts", "--today", "2026-12-07")
    assert code == 0, err + out
    assert "2022-2024: finished (2022-09-01 to 2024-03-31)" in out
    assert "2025-2027: live (2025-09-01 to 2027-03-31)" in out
    assert "2026-2028: live (2026-09-01 to 2028-03-31)" in out
    assert "2027-2029: set up (2027-09-01 to 2029-03-31)" in out
    block = out.split("2026-2028: live")[1].split("2027-2029")[0]
    assert re.search(r"last sync: 2026-12-07 \d\d:\d\d UTC \(command\), 1 in its Sync log",
                     block), block
    counts = re.search(r"students: (.+)", block).group(1)
    assert sum(int(n) for n in re.findall(r"(\d+)", counts)) == 60, counts
    assert out.split("2025-2027: live")[1].split("2026-2028")[0].count("last sync: never") == 1


def test_cohorts_come_from_one_drive_listing_and_one_settings_read_each(cohort, cas):
    setup(cas, "2025-2027", "2025-09-01", "2027-03-31")
    ws = workspace()
    found = find_cohorts(ws, Config.from_env(), TODAY)
    assert [(c.name, c.state) for c in found] == [("2025-2027", LIVE), ("2026-2028", LIVE)]
    calls = ws.counter.as_dict()["calls"]
    assert calls == {"drive.files.list": 1, "sheets.spreadsheets.values.batchGet": 2}
    live = {c.name: c for c in found}["2026-2028"]
    assert sorted(live.forms) == ["experience_proposal", "interview_record", "reflection",
                                  "supervisor_statement"]
    assert live.sheet_id == cohort[0]


def test_the_grace_setting_keeps_a_cohort_live_after_its_end(school, cas, monkeypatch):
    setup(cas, "2024-2026", "2024-09-01", "2026-10-31")
    config = Config.from_env()
    [found] = find_cohorts(workspace(), config, TODAY)       # 37 days after its end
    assert found.state == LIVE
    monkeypatch.setenv("CAS_LIVE_GRACE_DAYS", "30")
    [found] = find_cohorts(workspace(), Config.from_env(), TODAY)
    assert found.state == FINISHED


def test_a_cohort_whose_settings_cannot_be_read_is_unknown_and_the_others_are_judged(
        cohort, cas, sheets_as):
    setup(cas, "2025-2027", "2025-09-01", "2027-03-31")
    broken = {c.name: c for c in list_cohorts(workspace().drive)}["2025-2027"]
    sheets = sheets_as(COORDINATOR)
    tabs = sheets.spreadsheets().get(spreadsheetId=broken.sheet_id).execute()["sheets"]
    [settings] = [t["properties"]["sheetId"] for t in tabs if t["properties"]["title"] == "Settings"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=broken.sheet_id, body={"requests": [
        {"deleteSheet": {"sheetId": settings}}]}).execute()
    states = {c.name: (c.state, c.problem) for c in find_cohorts(workspace(), Config.from_env(),
                                                                  TODAY)}
    assert states["2026-2028"] == (LIVE, "")
    assert states["2025-2027"][0] == UNKNOWN and "Settings tab could not be read" in \
        states["2025-2027"][1]


def test_a_cohort_whose_setup_stopped_half_way_is_setting_up(school, cas, drive_as):
    setup(cas, "2025-2027", "2025-09-01", "2027-03-31")
    drive = drive_as(COORDINATOR)
    [sheet] = drive.files().list(q="appProperties has { key='casKind' and value='master_sheet' }",
                                 fields="files(id)").execute()["files"]
    drive.files().update(fileId=sheet["id"], body={"appProperties": {"casState": "new"}}).execute()
    [found] = find_cohorts(workspace(), Config.from_env(), TODAY)
    assert found.state == SETTING_UP and "cas setup" in found.problem


def test_every_command_takes_the_cohort_and_cas_cohort_is_only_the_default(
        cohort, cas, monkeypatch):
    setup(cas, "2025-2027", "2025-09-01", "2027-03-31")
    monkeypatch.delenv("CAS_COHORT")
    code, out, err = cas("sync", "--cohort", "2025-2027", "--today", "2026-12-07")
    assert code == 0, err + out
    code, out, err = cas("provision", "--cohort", "2026-2028", "--dry-run")
    assert code == 0 and "every student is provisioned" in out, err + out
    # With neither (the emulator's settings default to the demo's cohort; Google's
    # have no default), the command says how to name one. The web service needs none.
    monkeypatch.delenv("CAS_EMULATOR_URL")
    code, out, err = cas("sync")
    assert code == 2 and "--cohort NAME" in err


def test_a_cohort_before_its_start_is_set_up(school, cas):
    setup(cas, "2027-2029", "2027-09-01", "2029-03-31")
    [found] = find_cohorts(workspace(), Config.from_env(), TODAY)
    assert (found.state, found.start, found.end) == (
        SET_UP, datetime.date(2027, 9, 1), datetime.date(2029, 3, 31))
