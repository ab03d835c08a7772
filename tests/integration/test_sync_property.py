"""Random sequences of people's edits (sort any rows, whole tab or data columns,
insert, delete, move rows, add columns) interleaved with syncs and with the
sync's read and write (Hypothesis), under both sort behaviours: no status stays
on another student's row past the next sync, and no email goes twice."""

from __future__ import annotations

import datetime

import pytest

from _durable import (EXPERIENCES, LATER, STUDENTS, add_own_column, people, sent, statuses,
                      template_width)
from _sync import before_the_write, workspace
from service.config import Config
from service.sync import sync
from service.templates import load_templates
from hypothesis import HealthCheck, given, settings, strategies as st


ROWS = 61   # the header and the sample school's 60 students


def edit_strategy():
    tab = st.sampled_from([STUDENTS, EXPERIENCES])
    sort = st.tuples(st.just("sort"), tab, st.integers(1, 30), st.integers(31, 200),
                     st.integers(0, 5), st.booleans(), st.booleans())
    insert = st.tuples(st.just("insert"), tab, st.integers(1, 40), st.integers(1, 3))
    move = st.tuples(st.just("move"), tab, st.integers(1, 30), st.integers(1, 50))
    delete = st.tuples(st.just("delete"), st.just(STUDENTS), st.integers(40, 55))
    column = st.tuples(st.just("column"), tab)
    return st.one_of(sort, insert, move, delete, column)


def apply_edit(sheets_as, master, edit):
    book = people(sheets_as, master)
    kind, sheet_id = edit[0], edit[1]
    if kind == "sort":
        _, _, start, end, column, data_only, descending = edit
        rng = {"sheetId": sheet_id, "startRowIndex": start, "endRowIndex": end}
        if data_only:
            key = "students" if sheet_id == STUDENTS else "experiences"
            rng.update(startColumnIndex=0, endColumnIndex=template_width(key))
        request = {"sortRange": {"range": rng, "sortSpecs": [{
            "dimensionIndex": column, "sortOrder": "DESCENDING" if descending else "ASCENDING"}]}}
    elif kind == "insert":
        request = {"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS",
                                                 "startIndex": edit[2],
                                                 "endIndex": edit[2] + edit[3]}}}
    elif kind == "move":
        request = {"moveDimension": {"source": {"sheetId": sheet_id, "dimension": "ROWS",
                                                "startIndex": edit[2], "endIndex": edit[2] + 1},
                                     "destinationIndex": edit[3]}}
    elif kind == "delete":
        request = {"deleteDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS",
                                                 "startIndex": edit[2], "endIndex": edit[2] + 1}}}
    else:
        title = "Students" if sheet_id == STUDENTS else "Experiences"
        add_own_column(sheets_as, master, sheet_id, title, "Mine")
        return
    try:
        book.batchUpdate(spreadsheetId=master, body={"requests": [request]}).execute()
    except Exception as err:   # noqa: BLE001 - a request out of the grid: Sheets refuses it too
        if "exceeds grid limits" not in str(err) and "outside" not in str(err) \
                and "out of" not in str(err):
            raise


@pytest.fixture
def scenario_state(scenario, emulator):
    import pickle
    with emulator.world.lock:
        state = pickle.dumps({name: store.snapshot()
                              for name, store in emulator.world.stores.items()})
    return scenario, state


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=st.lists(st.tuples(st.lists(edit_strategy(), max_size=3),
                               st.lists(edit_strategy(), max_size=2)), min_size=1, max_size=3),
       moves_metadata=st.booleans())
def test_random_edits_interleaved_with_syncs_never_misplace_a_status_or_repeat_an_email(
        scenario_state, emulator, sheets_as, tab, outbox, plan, moves_metadata):
    import pickle
    (master, codes, manual, rows), state = scenario_state
    with emulator.world.lock:
        for name, snapshot in pickle.loads(state).items():
            emulator.world.stores[name].load(snapshot)
    emulator.world.behaviour["sortMovesMetadata"] = moves_metadata
    before = sent(outbox)
    for day, (between, during) in enumerate(plan):
        for edit in between:
            apply_edit(sheets_as, master, edit)
        running = workspace()
        running.counter.watch(before_the_write(
            lambda during=during: [apply_edit(sheets_as, master, e) for e in during]))
        sync(running, Config.from_env(), load_templates(),
             today=LATER + datetime.timedelta(days=day))
        now = statuses(tab, master)
        for sid in manual:
            if sid in now:
                assert now[sid][0] == "Complete" and f"Checked by hand: {sid}" in now[sid][1]
        mails = sent(outbox)
        assert all(n == 1 for key, n in mails.items() if key not in before), mails
    # A sync with nobody editing finds every row as it should be: nothing to write.
    last = LATER + datetime.timedelta(days=len(plan) - 1)
    sync(workspace(), Config.from_env(), load_templates(), today=last)
    settled = sync(workspace(), Config.from_env(), load_templates(), today=last)
    assert settled.rows_updated == 0
    students = tab(master, "Students")
    experiences = tab(master, "Experiences")
    students_told = {to for to, _ in sent(outbox)}
    for i, code in enumerate(codes):
        if code in experiences and rows[i]["Student ID"] in students:
            assert rows[i]["Email"] in students_told
    assert all(n == 1 for key, n in sent(outbox).items() if key not in before)
