"""A school that deploys a new version is never broken by it: a master Sheet built
by the template as it stood before the Notices ledger (tests/fixtures/
master_sheet_v1.json, the template at an earlier commit), with a coordinator's own
column and rows and what that version's sync had written, is upgraded in place by
`cas upgrade` or by the next `cas sync`: the new tab, nobody told twice, people's
cells where they were. A column a person deleted is reported by the sync, which
does what it can, and put back by `cas upgrade`."""

from __future__ import annotations

import pathlib

import pytest
import requests

from service.config import Config
from service.provision import run_setup
from service.templates import load_templates
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
V1 = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "master_sheet_v1.json"
ROSTER = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"
TOLD = "2026-10-05"


def batch_updates(emulator) -> int:
    stats = requests.get(f"{emulator.url}/emulator/stats").json()["calls"]
    return stats.get("sheets.spreadsheets.batchUpdate", 0)


@pytest.fixture
def old_sheet(school, cas, sheets_as, emulator):
    """The cohort set up by the version-1 template, its roster imported, a proposal
    approved and told (as that version's sync wrote it), a coordinator's own column
    on Students and a row of their own on Experiences."""
    result = run_setup(Workspace.from_config(Config.from_env()), Config.from_env(),
                       templates=load_templates(V1))
    master = result.sheet_id
    code, out, err = cas("roster", "import", "--csv", ROSTER)
    assert code == 0, err
    book = sheets_as(COORDINATOR).spreadsheets()
    header = book.values().get(spreadsheetId=master, range="Experiences!1:1").execute()[
        "values"][0]
    row = [""] * len(header)
    for title, value in (("Experience code", "ABC-123"), ("Title", "Beach clean-up"),
                         ("Student ID", "DS1001"), ("Student", "Zoë Abernathy"), ("Decision", "Approved"),
                         ("Supervisor email", "jo.rivers@charity.example"),
                         ("Supervisor", "Jo Rivers"), ("Strands", "Service"),
                         ("Student told", TOLD), ("Supervisor invited", TOLD)):
        row[header.index(title)] = value
    book.values().update(spreadsheetId=master, range="Experiences!A2",
                         valueInputOption="USER_ENTERED", body={"values": [row]}).execute()
    # The coordinator's own column at the end of Students, and notes in it.
    width = len(book.values().get(spreadsheetId=master, range="Students!1:1").execute()[
        "values"][0])
    letter = chr(65 + width) if width < 26 else "A" + chr(65 + width - 26)
    book.batchUpdate(spreadsheetId=master, body={"requests": [{"appendDimension": {
        "sheetId": 100, "dimension": "COLUMNS", "length": 1}}]}).execute()
    book.values().update(spreadsheetId=master, range=f"Students!{letter}1:{letter}3",
                         valueInputOption="RAW",
                         body={"values": [["My notes"], ["call home"], ["star"]]}).execute()
    return master, letter


def tab_titles(sheets_as, master):
    got = sheets_as(COORDINATOR).spreadsheets().get(spreadsheetId=master).execute()
    return {s["properties"]["title"]: s["properties"] for s in got["sheets"]}


def test_cas_upgrade_adds_what_the_new_template_has_and_leaves_peoples_cells(
        old_sheet, cas, sheets_as, emulator, tab):
    master, notes = old_sheet
    assert "Notices" not in tab_titles(sheets_as, master)
    code, out, err = cas("upgrade", "--dry-run")
    assert code == 0, err
    assert "1 -> 3" in out and "Would add the tab Notices" in out
    assert "Notices" not in tab_titles(sheets_as, master)

    code, out, err = cas("upgrade")
    assert code == 0, err
    assert "Added the tab Notices" in out and "1 notice(s)" not in out
    tabs = tab_titles(sheets_as, master)
    assert tabs["Notices"].get("hidden") is True
    ledger = tab(master, "Notices")
    told = {event: line for event, line in ledger.items()}
    assert told["decision ABC-123"]["State"] == "sent"
    assert told["supervisor_invitation ABC-123"]["State"] == "sent"
    notes_now = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range=f"Students!{notes}1:{notes}3").execute()["values"]
    assert notes_now == [["My notes"], ["call home"], ["star"]]
    assert tab(master, "Experiences")["ABC-123"]["Student told"] == TOLD

    writes = batch_updates(emulator)
    code, out, err = cas("upgrade")
    assert code == 0 and "up to date" in out
    assert batch_updates(emulator) == writes     # nothing to do: no write at all


def test_the_next_sync_upgrades_an_old_sheet_first_and_tells_nobody_twice(
        old_sheet, cas, tab, outbox, sheets_as):
    master, notes = old_sheet
    code, out, err = cas("sync", "--today", "2026-11-20")
    assert code == 0, err + out
    assert "Notices" in tab_titles(sheets_as, master)
    mails = outbox()
    assert not [m for m in mails if m["to"] == "zoe.abernathy@demo-school.example"]
    # The supervisor invited before is not invited again; six weeks on, reminded once.
    to_supervisor = [m["subject"] for m in mails if m["to"] == "jo.rivers@charity.example"]
    assert len(to_supervisor) == 1 and to_supervisor[0].startswith("Reminder")
    assert tab(master, "Experiences")["ABC-123"]["Student told"] == TOLD
    assert tab(master, "Students")["DS1001"]["Status"]
    code, out, err = cas("sync", "--today", "2026-11-20")
    assert code == 0, err


def test_a_deleted_column_is_reported_the_sync_goes_on_and_upgrade_puts_it_back(
        cohort, cas, sheets_as, tab, emulator):
    master, ids = cohort
    assert cas("sync", "--today", "2026-11-20")[0] == 0
    book = sheets_as(COORDINATOR).spreadsheets()
    header = book.values().get(spreadsheetId=master, range="Students!1:1").execute()["values"][0]
    lost = header.index("Evidence files")
    book.batchUpdate(spreadsheetId=master, body={"requests": [{"deleteDimension": {"range": {
        "sheetId": 100, "dimension": "COLUMNS", "startIndex": lost,
        "endIndex": lost + 1}}}]}).execute()
    code, out, err = cas("sync", "--today", "2027-02-01")
    assert code == 0, err
    assert "Evidence files are missing" in err and "cas upgrade" in err
    log = list(tab(master, "Sync log").values())[-1]
    assert "Evidence files are missing" in log["Errors"]
    assert {row["Status"] for row in tab(master, "Students").values()} == {"At risk"}

    code, out, err = cas("upgrade")
    assert code == 0, err
    assert "Added the column Students: Evidence files (empty, at the end of its tab)" in out
    header = book.values().get(spreadsheetId=master, range="Students!1:1").execute()["values"][0]
    assert header[-1] == "Evidence files"
    code, out, err = cas("sync", "--today", "2027-02-01")
    assert code == 0 and "missing" not in err
