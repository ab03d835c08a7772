"""The master Sheet as a durable store, as a coordinator uses it: people sort (the
whole tab, or the data columns only after adding a column of their own), insert
and delete rows, two at once, between the sync's read and its write; after each,
every student's status is on their own row and each expected email went exactly
once. Each test runs with the emulator carrying row metadata along with sorted
rows and with it leaving metadata in place (Google documents neither: the
``sorts`` fixture), since identity is the ID cell either way."""

from __future__ import annotations

import collections
import datetime

import pytest

from _sync import COORDINATOR, TODAY, before_the_write, workspace
from service.config import Config
from service.sync import experience_code, sync
from service.templates import load_templates

STUDENTS, EXPERIENCES = 100, 200
LATER = datetime.date(2027, 2, 1)
DECIDED = 8            # proposals decided in the scenario: 6 approved, 2 sent back
APPROVED = 6


def supervisor(i: int) -> str:
    return f"coach{i}@club.example"


@pytest.fixture
def scenario(cohort, cas, emulator, sample_rows, decide, set_cell):
    """Eight students proposed an experience with a supervisor (synced); their
    advisors approved six and sent two back; the coordinator set three other
    students' status by hand. The next sync must tell each decision and invite
    each approved experience's supervisor."""
    master, ids = cohort
    rows = sample_rows()
    codes = []
    for i, student in enumerate(rows[:DECIDED]):
        response = emulator.world.forms.submit_response(ids["experience_proposal"],
                                                        student["Email"], {
            "10000001": f"Experience {i}", "10000002": ["Service"], "10000003": "Weekly",
            "10000004": "2026-10-01", "10000005": "2027-06-01", "10000006": "No",
            "10000008": ["Ethics"], "10000009": "Local", "1000000a": f"Coach {i}",
            "1000000b": supervisor(i), "1000000c": "Coach"})
        codes.append(experience_code(response["responseId"]))
    assert cas("sync", "--today", TODAY)[0] == 0
    for i, code in enumerate(codes):
        decide(master, code, "Approved" if i < APPROVED else "Changes requested")
    manual = [row["Student ID"] for row in rows[20:23]]
    for sid in manual:
        set_cell(master, "Students", sid, "Status set by coordinator", "Complete")
        set_cell(master, "Students", sid, "Why the coordinator set it", f"Checked by hand: {sid}")
    return master, codes, manual, rows


def people(sheets_as, master):
    return sheets_as(COORDINATOR).spreadsheets()


def sort(sheets_as, master, sheet_id, column, columns=None, descending=True):
    rng = {"sheetId": sheet_id, "startRowIndex": 1}
    if columns:
        rng.update(startColumnIndex=0, endColumnIndex=columns)
    people(sheets_as, master).batchUpdate(spreadsheetId=master, body={"requests": [
        {"sortRange": {"range": rng, "sortSpecs": [{
            "dimensionIndex": column, "sortOrder": "DESCENDING" if descending else "ASCENDING"}]}}
    ]}).execute()


def add_own_column(sheets_as, master, sheet_id, title, header):
    """A coordinator's own column at the end of the tab, with a note on each row."""
    book = people(sheets_as, master)
    book.batchUpdate(spreadsheetId=master, body={"requests": [{"appendDimension": {
        "sheetId": sheet_id, "dimension": "COLUMNS", "length": 1}}]}).execute()
    width = book.get(spreadsheetId=master, ranges=[title]).execute()["sheets"][0][
        "properties"]["gridProperties"]["columnCount"]
    letter = "A" + chr(64 + width - 26) if width > 26 else chr(64 + width)
    book.values().update(spreadsheetId=master, range=f"'{title}'!{letter}1:{letter}4",
                         valueInputOption="RAW", body={"values": [
                             [header], ["a note"], ["another"], ["a third"]]}).execute()
    return width


def template_width(key):
    return len(load_templates().sheet.tab(key).columns)


EDITS = {
    "whole-tab sort": lambda s, m: sort(s, m, STUDENTS, 1),
    "data-columns sort after an own column": lambda s, m: (
        add_own_column(s, m, STUDENTS, "Students", "Notes"),
        sort(s, m, STUDENTS, 1, columns=template_width("students"), descending=False)),
    "rows inserted": lambda s, m: people(s, m).batchUpdate(spreadsheetId=m, body={"requests": [
        {"insertDimension": {"range": {"sheetId": sid, "dimension": "ROWS", "startIndex": 3,
                                       "endIndex": 6}}} for sid in (STUDENTS, EXPERIENCES)]}
    ).execute(),
    "a row deleted": lambda s, m: people(s, m).batchUpdate(spreadsheetId=m, body={"requests": [
        {"deleteDimension": {"range": {"sheetId": STUDENTS, "dimension": "ROWS",
                                       "startIndex": 40, "endIndex": 41}}}]}).execute(),
    "two people at once": lambda s, m: (
        sort(s, m, EXPERIENCES, 2),
        people(s, m).batchUpdate(spreadsheetId=m, body={"requests": [{"insertDimension": {
            "range": {"sheetId": EXPERIENCES, "dimension": "ROWS", "startIndex": 1,
                      "endIndex": 2}}}]}).execute(),
        sort(s, m, STUDENTS, 2, columns=template_width("students"))),
}


def statuses(tab, master):
    return {sid: (row.get("Status"), row.get("Why")) for sid, row in tab(master, "Students").items()}


def sent(outbox):
    return collections.Counter((m["to"], m["subject"]) for m in outbox())


def expected_mail(rows, codes):
    students = {row["Email"] for row in rows[:DECIDED]}
    supervisors = {supervisor(i) for i in range(APPROVED)}
    return students, supervisors


def assert_each_told_once(outbox, rows, codes):
    mails = sent(outbox)
    students, supervisors = expected_mail(rows, codes)
    assert all(n == 1 for n in mails.values()), [m for m, n in mails.items() if n > 1]
    told = {to for to, _ in mails}
    assert students <= told and supervisors <= told
    assert sum(1 for to, _ in mails if to in students | supervisors) == DECIDED + APPROVED


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


# -- notices: each exactly once, whatever Gmail or the process does ---------------------
@pytest.fixture
def quick_retries(monkeypatch):
    """`cas sync` gives up on a refused call after two tries, with no waits (the
    default waits out up to three minutes of refusals per call)."""
    from service.workspace import retry
    monkeypatch.setattr("service.workspace.workspace.RetryPolicy",
                        lambda: retry.RetryPolicy(sleep=lambda seconds: None, max_attempts=2))


def test_with_gmail_refusing_every_send_nothing_is_marked_told_and_the_next_sync_sends_each_once(
        scenario, emulator, cas, tab, outbox, quick_retries):
    master, codes, _, rows = scenario
    before = sent(outbox)
    to_coordinator = len([m for m in outbox() if m["to"] == COORDINATOR])
    emulator.world.faults.configure({"rules": [{
        "api": "gmail", "methods": ["gmail.users.messages.send"], "errorRate": 1.0,
        "errorStatus": 503}]})
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 3, out + err
    assert "could not be sent" in err and "the next sync tries them again" in err
    assert sent(outbox) == before
    experiences = tab(master, "Experiences")
    assert all(experiences[c].get("Student told", "") == "" for c in codes)
    assert all(experiences[c].get("Supervisor invited", "") == "" for c in codes)
    log = list(tab(master, "Sync log").values())[-1]
    assert "not sent (tried again at the next sync)" in log["Errors"]
    assert log["Emails sent"] == "0"

    emulator.world.faults.clear()
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 0, err
    assert_each_told_once(outbox, rows, codes)
    experiences = tab(master, "Experiences")
    assert all(experiences[c]["Student told"] == LATER.isoformat() for c in codes)
    # The coordinators hear of it in their next daily digest, once.
    next_day = (LATER + datetime.timedelta(days=1)).isoformat()
    assert cas("sync", "--today", next_day)[0] == 0
    assert cas("sync", "--today", next_day)[0] == 0
    assert_each_told_once(outbox, rows, codes)
    told = [m for m in outbox() if m["to"] == COORDINATOR][to_coordinator:]
    assert [m for m in told if "could not be sent" in m["body"]] != []
    assert len([m for m in told if "could not be sent" in m["body"]]) == 1


@pytest.mark.parametrize("keeps_message_id", [True, False],
                         ids=["gmail-keeps-message-id", "gmail-replaces-message-id"])
@pytest.mark.parametrize("kill_after", [1, 7, DECIDED + APPROVED])
def test_a_sync_killed_while_sending_leaves_each_email_sent_exactly_once(
        scenario, emulator, tab, outbox, keeps_message_id, kill_after):
    """`kill -9` once Gmail has accepted some of the emails; the next sync (once the
    lock of the one killed has expired) sends the rest and none twice, whether Gmail
    keeps the Message-ID the service sets (undocumented: the emulator's switch)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    master, codes, _, rows = scenario
    emulator.world.behaviour["gmailKeepsMessageId"] = keeps_message_id
    emulator.world.faults.configure({"rules": [{
        "api": "gmail", "methods": ["gmail.users.messages.send"],
        "latency": {"distribution": "fixed", "ms": 150}}]})
    process = subprocess.Popen([sys.executable, "-m", "service", "sync", "--today",
                                LATER.isoformat()], env=dict(os.environ),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(emulator.world.gmail.outbox(COORDINATOR)) < kill_after and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    emulator.world.faults.clear()
    assert 0 < len(sent(outbox)) <= DECIDED + APPROVED
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=20)
    sync(workspace(), Config.from_env(), load_templates(), today=LATER, now=later)
    assert_each_told_once(outbox, rows, codes)
    sync(workspace(), Config.from_env(), load_templates(), today=LATER,
         now=later + datetime.timedelta(minutes=1))
    assert_each_told_once(outbox, rows, codes)


# -- random edits interleaved with syncs (Hypothesis) ----------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

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


@settings(max_examples=6, deadline=None, derandomize=True,
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
