"""The master Sheet as a durable store, as a coordinator uses it: people sort (the
whole tab, or the data columns only after adding a column of their own), insert
and delete rows, two at once, between the sync's read and its write; after each,
every student's status is on their own row and each expected email went exactly
once. Each test runs with the emulator carrying row metadata along with sorted
rows and with it leaving metadata in place (Google documents neither: the
``sorts`` fixture), since identity is the ID cell either way. The scenario is the
``durable_scenario`` fixture (conftest.py)."""

from __future__ import annotations

import pytest

from _durable import (APPROVED, EDITS, LATER, STUDENTS, add_own_column, assert_each_told_once,
                      people,
                      sort, statuses, template_width)
from _sync import before_the_write, workspace
from service.config import Config
from service.sync import sync
from service.templates import load_templates


@pytest.mark.parametrize("edit", list(EDITS))
def test_people_editing_between_the_read_and_the_write_leave_every_value_on_its_row(
        scenario, sorts, edit, sheets_as, tab, outbox):
    master, codes, manual, rows = scenario
    running = workspace()
    running.counter.watch(watch := before_the_write(lambda: EDITS[edit](sheets_as, master)))
    sync(running, Config.from_env(), load_templates(), today=LATER)
    assert watch.done()
    after_disrupted = statuses(tab, master)
    for sid in manual:
        assert after_disrupted[sid][0] == "Complete"
        assert f"Checked by hand: {sid}" in after_disrupted[sid][1]
    assert {status for sid, (status, _) in after_disrupted.items() if sid not in manual} \
        <= {"At risk", "Not started", "On track"}
    experiences = tab(master, "Experiences")
    for i, code in enumerate(codes):
        assert experiences[code]["Title"] == f"Experience {i}"
        assert experiences[code]["Student told"] == LATER.isoformat()
        assert experiences[code].get("Supervisor invited", "") == \
            (LATER.isoformat() if i < APPROVED else "")
    assert_each_told_once(outbox, rows, codes)
    # A sync with nothing new and nobody editing finds nothing out of place.
    again = sync(workspace(), Config.from_env(), load_templates(), today=LATER)
    assert statuses(tab, master) == after_disrupted
    assert again.rows_updated == 0, again
    assert_each_told_once(outbox, rows, codes)


def test_the_reported_case_a_notes_column_then_the_data_sorted_by_name(
        scenario, sorts, cas, sheets_as, tab):
    """The coordinator adds "Notes" at the end of Students, selects A2:X61 and sorts
    by Name; the next sync (same day) changes no student's status."""
    master, _, _, _ = scenario
    assert cas("sync", "--today", LATER.isoformat())[0] == 0
    before = statuses(tab, master)
    add_own_column(sheets_as, master, STUDENTS, "Students", "Notes")
    sort(sheets_as, master, STUDENTS, 1, columns=template_width("students"), descending=False)
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 0, err
    assert statuses(tab, master) == before


def test_an_id_on_two_rows_is_reported_and_neither_row_is_written(
        scenario, cas, set_cell, sheets_as, tab):
    master, _, _, rows = scenario
    assert cas("sync", "--today", LATER.isoformat())[0] == 0
    # A person pastes one student's ID over another's.
    book = people(sheets_as, master)
    book.values().update(spreadsheetId=master, range="Students!A3", valueInputOption="RAW",
                         body={"values": [[rows[0]["Student ID"]]]}).execute()
    set_cell(master, "Students", rows[5]["Student ID"], "Status set by coordinator", "Complete")
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 0, err
    assert f"{rows[0]['Student ID']!r} is on rows 2, 3" in err
    log = list(tab(master, "Sync log").values())[-1]
    assert "is on rows 2, 3" in log["Errors"]
    # The other rows are still written.
    assert tab(master, "Students")[rows[5]["Student ID"]]["Status"] == "Complete"
