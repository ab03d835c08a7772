"""A school that deploys a new version is never broken by it: a master Sheet built
by the template as it stood before the Notices ledger (tests/fixtures/
master_sheet_v1.json, the template at an earlier commit), with a coordinator's own
column and rows and what that version's sync had written, is upgraded in place by
`cas upgrade` or by the next `cas sync`: the new tab, nobody told twice, people's
cells where they were. A column a person deleted is reported by the sync, which
does what it can, and put back by `cas upgrade`."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
import requests

from service.config import Config
from service.provision import run_setup
from service.templates import load_templates
from service.templates.loader import FORMS_DIR
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
V1 = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "master_sheet_v1.json"
ROSTER = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"
TOLD = "2026-10-05"


def forms_before(version: int, folder: pathlib.Path) -> pathlib.Path:
    """The forms as they stood before template ``version``: today's, less the
    questions added since (``added_in``)."""
    shutil.copytree(FORMS_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    for path in folder.glob("*.json"):
        document = json.loads(path.read_text())
        if "questions" in document:
            document["questions"] = [q for q in document["questions"]
                                     if q.get("added_in", 0) < version]
            path.write_text(json.dumps(document))
    return folder


def batch_updates(emulator) -> int:
    stats = requests.get(f"{emulator.url}/emulator/stats").json()["calls"]
    return stats.get("sheets.spreadsheets.batchUpdate", 0)


@pytest.fixture
def old_sheet(school, cas, sheets_as, emulator, tmp_path):
    """The cohort set up by the version-1 template, its roster imported, a proposal
    approved and told (as that version's sync wrote it), a coordinator's own column
    on Students and a row of their own on Experiences."""
    result = run_setup(Workspace.from_config(Config.from_env()), Config.from_env(),
                       templates=load_templates(V1, forms_before(2, tmp_path / "forms")))
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
    # version 3: the Star of reflections, the Sync log's What was done, and retention
    assert "Added the column Reflections: Star (empty, at the end of its tab)" in out
    assert "Added the column Sync log: What was done" in out
    assert "Added the setting keep_records_until" in out and "archived_on" in out
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


def form_questions(forms_as, form_id) -> list[str]:
    """The form's question IDs in order, as its respondents see them."""
    form = forms_as(COORDINATOR).forms().get(formId=form_id).execute()
    return [item["questionItem"]["question"]["questionId"] for item in form.get("items", [])
            if "questionItem" in item]


def test_cas_upgrade_adds_the_questions_a_newer_template_brought_to_an_existing_form_in_place(
        old_sheet, cas, forms_as, drive_as, tab, emulator):
    master, _ = old_sheet
    form_id = tab(master, "Settings")["interview_record_form_id"]["Value"]
    link = tab(master, "Settings")["interview_record_form_link"]["Value"]
    before = form_questions(forms_as, form_id)
    assert "40000008" not in before                   # made by the older version

    code, out, err = cas("upgrade", "--dry-run")
    assert "Would add the form question CAS interview record (staff): Second student" in out
    assert form_questions(forms_as, form_id) == before

    code, out, err = cas("upgrade")
    assert code == 0, err
    assert "Added the form question CAS interview record (staff): Link to a recording" in out
    # Each new question sits where the template puts it: the group's students after
    # the first student, the recording after the action points; the others untouched.
    assert form_questions(forms_as, form_id) == [
        "40000001", "40000008", "40000009", "4000000a", "40000002", "40000003", "40000004",
        "40000005", "40000006", "4000000b", "40000007"]
    assert tab(master, "Settings")["interview_record_form_link"]["Value"] == link
    assert drive_as(COORDINATOR).files().get(fileId=form_id, fields="appProperties").execute()[
        "appProperties"]["casFormVersion"] == "3"

    # A coordinator who removes a new question keeps it removed: the form is at this
    # version, and the next upgrade neither reads nor changes it.
    form = forms_as(COORDINATOR).forms().get(formId=form_id).execute()
    index = next(i for i, item in enumerate(form["items"])
                 if item["questionItem"]["question"]["questionId"] == "4000000a")
    forms_as(COORDINATOR).forms().batchUpdate(formId=form_id, body={"requests": [
        {"deleteItem": {"location": {"index": index}}}]}).execute()
    code, out, err = cas("upgrade")
    assert code == 0 and "up to date" in out
    assert "4000000a" not in form_questions(forms_as, form_id)


def test_a_form_edited_while_the_upgrade_reads_it_gets_the_questions_once(
        old_sheet, cas, forms_as, tab, emulator):
    """forms.batchUpdate with writeControl.requiredRevisionId is refused when the
    form changed since it was read (WriteControl): the upgrade reads it again."""
    master, _ = old_sheet
    form_id = tab(master, "Settings")["interview_record_form_id"]["Value"]
    from service.sync import form_upgrade
    from service.workspace import Workspace
    workspace = Workspace.from_config(Config.from_env())
    real_get = workspace.forms.get
    edits = []

    def get_then_someone_edits(form_id_):
        form = real_get(form_id_)
        if not edits:   # a coordinator adds a question of their own meanwhile
            edits.append(forms_as(COORDINATOR).forms().batchUpdate(formId=form_id_, body={
                "requests": [{"createItem": {"item": {"title": "Room", "questionItem": {
                    "question": {"textQuestion": {}}}}, "location": {"index": 0}}}]}).execute())
        return form
    workspace.forms.get = get_then_someone_edits
    values = {"interview_record_form_id": form_id}
    done = form_upgrade.upgrade_forms(workspace.forms, workspace.drive, load_templates(), values)
    assert len(done.added) == 4 and not done.problems
    ids = form_questions(forms_as, form_id)
    ours = {q.question_id for q in load_templates().forms["interview_record"].questions}
    assert [i for i in ids if i in ours] == [
        "40000001", "40000008", "40000009", "4000000a", "40000002", "40000003", "40000004",
        "40000005", "40000006", "4000000b", "40000007"]
    assert len(ids) == 12                       # the coordinator's question is kept
