"""Helpers of the master Sheet's durability tests (test_sync_durable*.py): the
scenario's figures, what people do in the Sheet (sort, add a column of their own),
and what is read back (statuses, emails)."""

from __future__ import annotations

import collections
import datetime

from _sync import COORDINATOR
from service.templates import load_templates
from service.sync.table import column_letter

STUDENTS, EXPERIENCES = 100, 200
LATER = datetime.date(2027, 2, 1)
DECIDED = 8            # proposals decided in the scenario: 6 approved, 2 sent back
APPROVED = 6


def supervisor(i: int) -> str:
    return f"coach{i}@club.example"


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
    letter = column_letter(width - 1)
    book.values().update(spreadsheetId=master, range=f"'{title}'!{letter}1:{letter}4",
                         valueInputOption="RAW", body={"values": [
                             [header], ["a note"], ["another"], ["a third"]]}).execute()
    return width


def template_width(key):
    return len(load_templates().sheet.tab(key).columns)


# What people do between a sync's read and its write.
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
