"""An advisor's decision made on a page lands on its experience's row even when a
person sorts the Experiences tab between the page's read and its write, and the
row that was there keeps its own decision."""

from __future__ import annotations

import pytest

from _sync import TODAY, propose
from service.config import Config
from service.sheet_edits import decide_experience
from service.sync import experience_code
from service.templates import load_templates
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
EXPERIENCES = 200


@pytest.mark.parametrize("moves_metadata", [True, False],
                         ids=["sort-moves-metadata", "sort-leaves-metadata"])
def test_a_decision_lands_on_its_row_when_the_tab_is_sorted_meanwhile(
        cohort, cas, emulator, sample_rows, sheets_as, tab, decide, moves_metadata):
    master, ids = cohort
    emulator.world.behaviour["sortMovesMetadata"] = moves_metadata
    rows = [r for r in sample_rows() if r["Advisor email"] == sample_rows()[0]["Advisor email"]]
    codes = [experience_code(propose(emulator, ids, row["Email"], title)["responseId"])
             for row, title in zip(rows, ["Athletics", "Beach clean-up", "Choir"])]
    assert cas("sync", "--today", TODAY)[0] == 0
    decide(master, codes[2], "Rejected")     # a decision already on another row
    advisor = rows[0]["Advisor email"]
    config = Config.from_env()
    workspace = Workspace.from_config(config, subject=advisor)
    sorted_ = []

    def sort_before_the_write(method):
        if method == "sheets.spreadsheets.batchUpdate" and not sorted_:
            sorted_.append(method)
            header = tab(master, "Experiences")
            column = list(next(iter(header.values()))).index("Title")
            sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={
                "requests": [{"sortRange": {"range": {"sheetId": EXPERIENCES, "startRowIndex": 1},
                              "sortSpecs": [{"dimensionIndex": column,
                                             "sortOrder": "DESCENDING"}]}}]}).execute()
    workspace.counter.watch(sort_before_the_write)
    decide_experience(workspace, load_templates(), master, codes[0], "Approved", "Well planned",
                      advisor)
    assert sorted_
    experiences = tab(master, "Experiences")
    assert experiences[codes[0]]["Decision"] == "Approved"
    assert experiences[codes[0]]["Advisor's comment"] == "Well planned"
    assert experiences[codes[2]]["Decision"] == "Rejected"
    assert experiences[codes[1]].get("Decision", "") == ""
