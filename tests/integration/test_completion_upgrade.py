"""A school's master Sheet made before completion existed (template version 2: this
template without the completion columns, the ibis_submission_date setting and the
IBIS export tab) gets them from `cas upgrade`, at the end of their tabs, protected
as a new Sheet's are, with people's cells where they were; then the roster's codes,
the sync's readiness and the export work on it. Run again, the upgrade does
nothing."""

from __future__ import annotations

import json
import pathlib

import pytest
from googleapiclient.errors import HttpError

from service.config import Config
from service.provision import run_setup
from service.templates import load_templates
from service.templates.loader import SHEET_FILE
from service.workspace.workspace import Workspace
from service.sync.table import column_letter

COORDINATOR = "coordinator@demo-school.example"
ROSTER = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"
NEW_COLUMNS = ("ib_personal_code", "candidate_session", "ib_completion", "ib_completion_date",
               "ib_completion_note", "completion_readiness", "extension_until",
               "completion_history")


@pytest.fixture
def version_2(tmp_path):
    """The template as it stood before completion."""
    document = json.loads(pathlib.Path(SHEET_FILE).read_text(encoding="utf-8"))
    document["version"] = 2
    document["tabs"] = [t for t in document["tabs"] if t["key"] != "ibis_export"]
    students = next(t for t in document["tabs"] if t["key"] == "students")
    students["columns"] = [c for c in students["columns"] if c["key"] not in NEW_COLUMNS]
    document["settings"] = [s for s in document["settings"] if s["key"] != "ibis_submission_date"]
    path = tmp_path / "master_sheet_v2.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_templates(path)


@pytest.fixture
def old_sheet(school, cas, version_2, sheets_as):
    """A version-2 cohort with its roster, and a coordinator's note in a column of
    their own at the end of Students."""
    master = run_setup(Workspace.from_config(Config.from_env()), Config.from_env(),
                       templates=version_2).sheet_id
    code, out, err = cas("roster", "import", "--csv", ROSTER)
    assert code == 0, err
    book = sheets_as(COORDINATOR).spreadsheets()
    width = len(book.values().get(spreadsheetId=master, range="Students!1:1").execute()[
        "values"][0])
    book.batchUpdate(spreadsheetId=master, body={"requests": [{"appendDimension": {
        "sheetId": 100, "dimension": "COLUMNS", "length": 1}}]}).execute()
    letter = column_letter(width)
    book.values().update(spreadsheetId=master, range=f"Students!{letter}1:{letter}2",
                         valueInputOption="RAW", body={"values": [["My notes"], ["call home"]]}
                         ).execute()
    return master, letter


def test_cas_upgrade_adds_the_completion_columns_setting_and_tab(
        old_sheet, cas, sheets_as, tab, set_cell, tmp_path, drive_as):
    master, notes = old_sheet
    code, out, err = cas("upgrade")
    assert code == 0, err
    assert "Template version: 2 -> 3" in out
    for header in ("IB personal code", "Candidate session number", "IB completion",
                   "IB completion date", "IB completion note", "Ready to confirm?",
                   "Extension until", "IB completion history"):
        assert f"Added the column Students: {header} (empty, at the end of its tab)" in out
    assert "Added the setting ibis_submission_date" in out
    assert "Added the tab IBIS export" in out
    book = sheets_as(COORDINATOR).spreadsheets()
    header = book.values().get(spreadsheetId=master, range="Students!1:1").execute()["values"][0]
    assert header[-9:] == ["My notes", "IB personal code", "Candidate session number",
                           "IB completion", "IB completion date", "IB completion note",
                           "Ready to confirm?", "Extension until", "IB completion history"]
    assert book.values().get(spreadsheetId=master, range=f"Students!{notes}2").execute()[
        "values"] == [["call home"]]

    # The coordinator's columns are protected from advisors as in a new Sheet.
    advisor = tab(master, "Students")["DS1001"]["Advisor"]
    column = header.index("IB completion")
    drive_as(COORDINATOR).permissions().create(   # as `cas provision` shares it
        fileId=master, sendNotificationEmail=False,
        body={"type": "user", "role": "writer", "emailAddress": advisor}).execute()
    with pytest.raises(HttpError) as refused:
        sheets_as(advisor).spreadsheets().values().update(
            spreadsheetId=master, range=f"Students!{column_letter(column)}2",
            valueInputOption="RAW", body={"values": [["Completed"]]}).execute()
    assert refused.value.resp.status == 400 and b"protected cell" in refused.value.content

    code, again, err = cas("upgrade")
    assert code == 0 and "up to date" in again

    # The upgraded Sheet works: the sync proposes, the export lists the candidates.
    set_cell(master, "Students", "DS1001", "IB completion", "Completed")
    code, out, err = cas("sync", "--today", "2028-02-10")
    assert code == 0, err
    row = tab(master, "Students")["DS1001"]
    assert row["Ready to confirm?"].startswith("Not yet:")
    assert row["IB completion history"] == "2028-02-10: Completed; no folder yet"
    code, out, err = cas("completion", "export", "--today", "2028-02-10", "--csv",
                         tmp_path / "ibis.csv")
    assert code == 0, err
    assert "59 candidate(s) still Pending" in out
