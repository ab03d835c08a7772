"""`cas sync` against the emulator through the real clients: responses from the
forms become rows keyed by response ID, matched to the roster by the verified
email; what cannot be matched goes to Needs review; every student's status is
written with its reasons; nothing is written twice and a sort mid-sync cannot
put a value on another row. (Bad input, and people editing between and during
syncs: test_sync_input.py.)"""

from __future__ import annotations

import datetime

import pytest
import requests

from _sync import COORDINATOR, TODAY, answer, before_the_write, propose, reflect, workspace
from service.config import Config
from service.sync import SyncBusy, experience_code, sync
from service.templates import load_templates


def test_a_proposal_becomes_an_experience_row_awaiting_the_advisors_decision(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    student = sample_rows()[0]
    response = propose(emulator, ids, student["Email"], "Saturday swimming coaching")
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err
    assert "Responses read: 1" in out and "new rows in experiences: 1" in out
    code_ = experience_code(response["responseId"])
    row = tab(master, "Experiences")[code_]
    assert row["Title"] == "Saturday swimming coaching"
    assert row["Experience status"] == "Awaiting decision"
    assert row["Student ID"] == student["Student ID"]
    assert row["Student"] == f"{student['First name']} {student['Last name']}"
    assert row["Advisor"] == student["Advisor email"]
    assert row["Starts"] == "2026-10-01" and row["Strands"] == "Service"
    assert f"entry.{int('20000001', 16)}={code_}" in row["Reflection link"]


def test_a_reflection_on_the_students_own_experience_is_kept_with_its_outcomes_and_dates(
        cohort, cas, emulator, sample_rows, tab, decide):
    master, ids = cohort
    student = sample_rows()[0]
    code_ = experience_code(propose(emulator, ids, student["Email"], "Choir")["responseId"])
    assert cas("sync", "--today", TODAY)[0] == 0
    decide(master, code_, "Approved")
    response = reflect(emulator, ids, student["Email"], code_.lower())  # typed in lower case
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err
    row = tab(master, "Reflections")[response["responseId"]]
    assert row["Experience code"] == code_ and row["Experience"] == "Choir"
    assert row["Outcomes addressed"] == "Strengths and growth"
    experience = tab(master, "Experiences")[code_]
    assert experience["Experience status"] == "Approved" and experience["Reflections"] == "1"
    students = tab(master, "Students")
    me = students[student["Student ID"]]
    assert me["Last reflection"] == datetime.date.today().isoformat()
    assert me["Outcomes evidenced"].startswith("1 of 7")


@pytest.mark.parametrize("who, code_of, reason", [
    ("stranger@demo-school.example", "own", "is not a student of the Students tab"),
    ("student", "other", "is not one of"),
    ("student", "none", "is not one of"),
])
def test_a_reflection_that_cannot_be_matched_goes_to_needs_review_with_the_reason(
        cohort, cas, emulator, sample_rows, tab, who, code_of, reason):
    master, ids = cohort
    me, other = sample_rows()[0], sample_rows()[1]
    mine = experience_code(propose(emulator, ids, me["Email"], "Choir")["responseId"])
    theirs = experience_code(propose(emulator, ids, other["Email"], "Football")["responseId"])
    code_ = {"own": mine, "other": theirs, "none": "ZZZ-ZZZ"}[code_of]
    response = reflect(emulator, ids, me["Email"] if who == "student" else who, code_,
                       text="=IMPORTRANGE(\"x\",\"y\")")
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err
    assert "needs review:" in out and reason in out
    review = tab(master, "Needs review")[response["responseId"]]
    assert reason in review["Reason"]
    assert "=IMPORTRANGE" in review["Answers"]  # kept, as text
    assert response["responseId"] not in tab(master, "Reflections")


def test_text_that_looks_like_a_formula_is_stored_as_text(
        cohort, cas, emulator, sheets_as, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    code_ = experience_code(propose(emulator, ids, student["Email"], "=HYPERLINK(\"x\")")[
        "responseId"])
    assert cas("sync", "--today", TODAY)[0] == 0
    got = sheets_as(COORDINATOR).spreadsheets().get(
        spreadsheetId=master, ranges=["Experiences!A2:C3"], includeGridData=True,
        fields="sheets.data.rowData.values(userEnteredValue)").execute()
    cells = [v.get("userEnteredValue", {}) for row in got["sheets"][0]["data"][0]["rowData"]
             for v in row.get("values", [])]
    assert {"stringValue": "=HYPERLINK(\"x\")"} in cells
    assert not any("formulaValue" in c for c in cells)
    assert code_


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def test_a_second_sync_adds_no_row_and_an_edited_response_updates_its_own_row(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    student = sample_rows()[0]
    response = propose(emulator, ids, student["Email"], "Choir")
    assert cas("sync", "--today", TODAY)[0] == 0
    before = tab(master, "Experiences")
    assert cas("sync", "--today", TODAY)[0] == 0
    assert tab(master, "Experiences") == before
    answer(emulator, ids["experience_proposal"], student["Email"], {
        "10000001": "Chamber choir", "10000002": ["Creativity"], "10000003": "What I will do",
        "10000004": "2026-10-01", "10000005": "2027-03-01", "10000006": "No",
        "10000008": ["Ethics"], "10000009": "Local"}, response_id=response["responseId"])
    assert cas("sync", "--today", TODAY)[0] == 0
    after = tab(master, "Experiences")
    assert list(after) == list(before)
    assert after[experience_code(response["responseId"])]["Title"] == "Chamber choir"


def test_the_sheets_calls_of_a_sync_do_not_depend_on_how_many_responses_came(
        cohort, cas, emulator, sample_rows):
    master, ids = cohort
    assert cas("sync", "--today", TODAY)[0] == 0   # every status written once
    counts = []
    for batch in (1, 12):
        for row in sample_rows()[:batch]:
            propose(emulator, ids, row["Email"], f"Experience of {row['First name']}")
        before = calls(emulator)
        assert cas("sync", "--today", TODAY)[0] == 0
        after = calls(emulator)
        counts.append({m: after[m] - before.get(m, 0) for m in after
                       if m.startswith("sheets.") and after[m] != before.get(m, 0)})
    assert counts[0] == counts[1]
    # lock, two reads, the write of the rows and the notices due, and the last
    # write (what was sent, the cursors, the log and the release)
    assert sum(counts[0].values()) == 5


def test_every_active_student_gets_a_status_with_reasons(cohort, cas, sheets_as, sample_rows, tab):
    master, _ = cohort
    code, out, err = cas("sync", "--today", "2027-02-01")
    assert code == 0, err
    students = tab(master, "Students")
    assert {row["Status"] for row in students.values()} == {"At risk"}
    first = students[sample_rows()[0]["Student ID"]]
    assert "Interview 1" in first["Why"]
    log = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Sync log").execute()["values"]
    assert len(log) == 2 and "sheets" in " ".join(log[1])


def test_a_sync_while_another_holds_the_lock_stops_and_changes_nothing(
        cohort, emulator, sample_rows, tab):
    master, ids = cohort
    student = sample_rows()[0]
    propose(emulator, ids, student["Email"], "Choir")
    outcome = {}
    first = workspace()

    def second_sync(method):
        if method == "sheets.spreadsheets.values.batchGetByDataFilter" and not outcome:
            try:
                sync(workspace(), Config.from_env(), load_templates(),
                     today=datetime.date(2026, 11, 20))
                outcome["second"] = "ran"
            except SyncBusy as busy:
                outcome["second"] = str(busy)
    first.counter.watch(second_sync)
    sync(first, Config.from_env(), load_templates(), today=datetime.date(2026, 11, 20))
    assert outcome["second"].startswith("Another sync is running")
    assert len(tab(master, "Experiences")) == 1
    # The lock was released: the next sync runs.
    sync(workspace(), Config.from_env(), load_templates(), today=datetime.date(2026, 11, 20))


def test_statuses_land_on_the_right_rows_when_students_are_sorted_during_the_sync(
        cohort, sorts, sheets_as, tab):
    master, _ = cohort
    running = workspace()

    def sort():
        sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={
            "requests": [{"sortRange": {
                "range": {"sheetId": 100, "startRowIndex": 1, "endRowIndex": 61},
                "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}]}}]}).execute()
    running.counter.watch(watch := before_the_write(sort))
    # A manual status on one student tells the rows apart.
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Students!A2:A3").execute()["values"]
    header = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Students!1:1").execute()["values"][0]
    column = chr(ord("A") + header.index("Status set by coordinator"))
    sheets_as(COORDINATOR).spreadsheets().values().update(
        spreadsheetId=master, range=f"Students!{column}2", valueInputOption="RAW",
        body={"values": [["Complete"]]}).execute()
    sync(running, Config.from_env(), load_templates(), today=datetime.date(2027, 2, 1))
    assert watch.done()
    students = tab(master, "Students")
    assert next(iter(students)) == "DS1060"
    assert students[rows[0][0]]["Status"] == "Complete"
    assert {s["Status"] for sid, s in students.items() if sid != rows[0][0]} == {"At risk"}


def test_an_approval_tells_the_student_once_and_invites_the_supervisor_whose_statement_is_attached(
        cohort, cas, emulator, sample_rows, tab, decide, outbox):
    from urllib.parse import parse_qs, urlsplit
    master, ids = cohort
    student = sample_rows()[0]
    response = answer(emulator, ids["experience_proposal"], student["Email"], {
        "10000001": "Beach clean-up", "10000002": ["Service"], "10000003": "Monthly clean-ups",
        "10000004": "2026-10-01", "10000005": "2027-03-01", "10000006": "No",
        "10000008": ["Ethics"], "10000009": "Local", "1000000a": "Jo Rivers",
        "1000000b": "jo.rivers@charity.example", "1000000c": "Volunteer lead"})
    code_ = experience_code(response["responseId"])
    assert cas("sync", "--today", TODAY)[0] == 0
    decide(master, code_, "Approved")
    assert cas("sync", "--today", TODAY)[0] == 0
    assert cas("sync", "--today", TODAY)[0] == 0   # a third sync sends nothing again
    mails = outbox()
    to_student = [m for m in mails if m["to"] == student["Email"]]
    to_supervisor = [m for m in mails if m["to"] == "jo.rivers@charity.example"]
    assert len(to_student) == 1 and len(to_supervisor) == 1
    row = tab(master, "Experiences")[code_]
    assert row["Student told"] == "2026-11-20" and row["Supervisor invited"] == "2026-11-20"
    link = next(word for word in to_supervisor[0]["body"].split() if "/viewform?" in word)
    token = parse_qs(urlsplit(link).query)[f"entry.{int('30000001', 16)}"][0]
    statement = {"30000001": token, "30000002": "Jo Rivers", "30000003": "Always or almost always",
                 "30000004": "Reliable and kind.", "30000005": "Yes",
                 "30000006": ["I am an adult and I am not a member of the student's family."]}
    first = answer(emulator, ids["supervisor_statement"], None, statement)
    again = answer(emulator, ids["supervisor_statement"], None, statement)   # the link reused
    forged = answer(emulator, ids["supervisor_statement"], None, dict(statement, **{
        "30000001": token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")}))
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err
    statements = tab(master, "Supervisor statements")
    assert list(statements) == [first["responseId"]]
    assert code_ in statements[first["responseId"]].values()
    review = tab(master, "Needs review")
    assert "already used" in review[again["responseId"]]["Reason"]
    assert "not ours" in review[forged["responseId"]]["Reason"]
    assert tab(master, "Experiences")[code_]["Supervisor statement"] == "Positive"
