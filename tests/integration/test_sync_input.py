"""`cas sync` given what people really do, against the emulator through the real
clients: text that looks like a formula, answers longer than a cell holds, answers
from people or about experiences the Sheet does not know, a form reworded or
extended in the Forms editor, rows deleted between syncs, an empty Sheet, and a
tab sorted while the sync runs (DESIGN.md §3-§5).

What a coordinator can count on (each is a test below):
* A person's text is stored as the text typed, never as a formula or a number.
* An answer longer than a cell holds is stored cut, and the row says so and how
  long the answer was (the whole answer stays in the form's responses).
* A response from an address not on the roster, or about another student's
  experience, goes to Needs review with the reason; nobody else's row changes.
* Rewording a question keeps its answers in their column; the answer to a question
  the coordinator added is kept in the row's "Other answers", with its title.
* A deleted row is the person's choice: the sync does not put it back. A response
  the person who sent it edits afterwards comes back as a new row (nothing they
  submitted is lost).
* A sync of a Sheet with no students, or no responses, finishes and logs a line.
* Sorting a tab while a sync runs cannot put a value on another experience's row.
"""

from __future__ import annotations

import datetime
import re

import pytest

from _sync import COORDINATOR, TODAY, answer, before_the_write, propose, reflect, workspace
from service.config import Config
from service.sync import experience_code, sync
from service.templates import load_templates

EXPERIENCES, REFLECTIONS, STUDENTS = 200, 300, 100   # the tabs' sheet IDs (master_sheet.json)
CELL_LIMIT = 50_000   # characters a Sheets cell holds


def synced(cas) -> str:
    """Run `cas sync`; its output (it must succeed)."""
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err + out
    return out


def row_number(sheets_as, master, title, first_cell) -> int:
    """The 1-based row of the tab whose first cell is ``first_cell``."""
    column = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range=f"'{title}'!A:A").execute()["values"]
    return next(i + 1 for i, row in enumerate(column) if row and row[0] == first_cell)


def delete_rows(sheets_as, master, sheet_id, first, last) -> None:
    """A person deletes rows first..last (1-based, inclusive) of a tab."""
    sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={"requests": [
        {"deleteDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS",
                                       "startIndex": first - 1, "endIndex": last}}}]}).execute()


def cells(sheets_as, master, title, render) -> dict[str, dict]:
    """The tab's rows by their first cell, each as {header: value}, read with this
    valueRenderOption (the `tab` fixture reads FORMATTED_VALUE)."""
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range=f"'{title}'", valueRenderOption=render
    ).execute().get("values", [])
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:] if row and row[0]}


def headers(sheets_as, master, title) -> list[str]:
    return sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range=f"'{title}'!1:1").execute()["values"][0]


def sync_log(sheets_as, master) -> list[dict]:
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="'Sync log'", valueRenderOption="UNFORMATTED_VALUE"
    ).execute().get("values", [])
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# -- a person's text -------------------------------------------------------------------
TITLES = ['=HYPERLINK("http://evil.example","Choir")', "+1 relay team", "-10 °C winter swim",
          "@home baking for the food bank"]
REFLECTIONS_TEXT = ['=IMPORTRANGE("http://evil.example","A1") is what I typed first',
                    "+44 20 7946 0000", "-5", "@Ms Rivers showed me how to plan a session."]


def test_text_starting_with_a_formula_sign_is_stored_as_the_text_typed(
        cohort, cas, emulator, sheets_as, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    proposals = [propose(emulator, ids, student["Email"], title) for title in TITLES]
    codes = [experience_code(p["responseId"]) for p in proposals]
    synced(cas)
    reflections = [reflect(emulator, ids, student["Email"], codes[0], text)
                   for text in REFLECTIONS_TEXT]
    # An edited proposal is written over its row (values.batchUpdateByDataFilter).
    propose(emulator, ids, student["Email"], "=2+2", response_id=proposals[1]["responseId"])
    synced(cas)
    titles = dict(zip(codes, ["=2+2" if i == 1 else t for i, t in enumerate(TITLES)]))
    texts = {r["responseId"]: text for r, text in zip(reflections, REFLECTIONS_TEXT)}
    for render in ("FORMULA", "UNFORMATTED_VALUE"):
        experiences = cells(sheets_as, master, "Experiences", render)
        assert {code: experiences[code]["Title"] for code in codes} == titles
        kept = cells(sheets_as, master, "Reflections", render)
        assert {rid: kept[rid]["Reflection"] for rid in texts} == texts
        assert {kept[rid]["Experience"] for rid in texts} == {TITLES[0]}
    # Not a formula in Sheets' own terms either (the emulator does not evaluate
    # formulas, so only the cell's userEnteredValue tells "=..." text from a formula).
    got = sheets_as(COORDINATOR).spreadsheets().get(
        spreadsheetId=master, ranges=["Experiences", "Reflections"],
        fields="sheets.data.rowData.values.userEnteredValue").execute()
    entered = [cell.get("userEnteredValue", {}) for sheet in got["sheets"]
               for data in sheet["data"] for row in data.get("rowData", [])
               for cell in row.get("values", [])]
    assert not [cell for cell in entered if "formulaValue" in cell]
    typed = set(titles.values()) | set(texts.values())
    assert typed <= {cell.get("stringValue") for cell in entered}


# -- answers longer than a cell --------------------------------------------------------
def long_text(length: int) -> str:
    sentence = "Today I coached the under-nines and learned to keep it simple. "
    return (sentence * (length // len(sentence) + 1))[:length - 4] + " END"


def test_an_answer_longer_than_a_cell_holds_is_stored_cut_and_the_row_says_so(
        cohort, cas, emulator, sheets_as, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    code_ = experience_code(propose(emulator, ids, student["Email"], "Coaching")["responseId"])
    synced(cas)
    text = long_text(60_000)
    response = reflect(emulator, ids, student["Email"], code_, text)
    out = synced(cas)
    assert "new rows in reflections: 1" in out
    row = cells(sheets_as, master, "Reflections", "UNFORMATTED_VALUE")[response["responseId"]]
    stored = row["Reflection"]
    assert 0 < len(stored) <= CELL_LIMIT and text.startswith(stored) and stored != text
    notes = row["Sync notes"].replace(",", "")
    assert "cut" in notes and "60000" in notes and str(len(stored)) in notes


def test_an_answer_held_for_review_that_is_longer_than_a_cell_holds_is_cut_with_a_note(
        cohort, cas, emulator, sheets_as):
    master, ids = cohort
    text = long_text(60_000)
    response = reflect(emulator, ids, "new.student@demo-school.example", "ZZZ-ZZZ", text)
    synced(cas)
    row = cells(sheets_as, master, "Needs review", "UNFORMATTED_VALUE")[response["responseId"]]
    stored = row["Answers"]
    assert len(stored) <= CELL_LIMIT
    assert text[:1000] in stored
    last_line = stored.rpartition("\n")[2]
    assert "cut" in last_line.lower()   # and how long the answers were:
    assert max(int(n) for n in re.findall(r"\d+", last_line.replace(",", ""))) > 60_000


def test_a_reflection_pasted_into_the_experience_code_goes_to_review_in_cells_sheets_accepts(
        cohort, cas, emulator, sheets_as, sample_rows):
    """The reason repeats the code typed: a whole reflection pasted there must not make a
    cell Sheets refuses (its refusal would fail every sync, which reads it again)."""
    master, ids = cohort
    student = sample_rows()[0]
    text = long_text(60_000)
    response = reflect(emulator, ids, student["Email"], text, "See the code field.")
    synced(cas)
    row = cells(sheets_as, master, "Needs review", "UNFORMATTED_VALUE")[response["responseId"]]
    assert row["Reason"].startswith(f"The experience code {text[:100].upper()}")
    assert {header: len(str(value)) for header, value in row.items()
            if len(str(value)) > CELL_LIMIT} == {}


# -- answers the Sheet cannot place ----------------------------------------------------
def test_a_proposal_from_an_address_not_on_the_roster_goes_to_needs_review_with_the_reason(
        cohort, cas, emulator, tab):
    master, ids = cohort
    response = propose(emulator, ids, "new.student@demo-school.example", "Robotics club")
    out = synced(cas)
    reason = "new.student@demo-school.example is not a student of the Students tab."
    assert f"needs review: Experience proposal from new.student@demo-school.example: " \
           f"{reason}" in out
    review = tab(master, "Needs review")
    assert review[response["responseId"]]["Reason"] == reason
    assert review[response["responseId"]]["Form"] == "Experience proposal"
    assert review[response["responseId"]]["Who"] == "new.student@demo-school.example"
    assert "Robotics club" in review[response["responseId"]]["Answers"]
    assert experience_code(response["responseId"]) not in tab(master, "Experiences")
    synced(cas)   # read again (the cursor's own response): still one review row
    assert list(tab(master, "Needs review")) == [response["responseId"]]


def test_a_reflection_on_another_students_experience_goes_to_review_and_leaves_theirs_alone(
        cohort, cas, emulator, sample_rows, tab, decide):
    master, ids = cohort
    me, other = sample_rows()[0], sample_rows()[1]
    theirs = experience_code(propose(emulator, ids, other["Email"], "Football")["responseId"])
    synced(cas)
    decide(master, theirs, "Approved")
    reflect(emulator, ids, other["Email"], theirs, "Their own reflection.")
    synced(cas)
    before = tab(master, "Experiences")[theirs]
    their_reflections = tab(master, "Reflections")
    students_before = tab(master, "Students")
    response = reflect(emulator, ids, me["Email"], theirs, "I was at their match.")
    out = synced(cas)
    reason = f"The experience code {theirs} is not one of {me['First name']} {me['Last name']}'s " \
             f"experiences."
    assert reason in out
    assert tab(master, "Needs review")[response["responseId"]]["Reason"] == reason
    assert tab(master, "Experiences")[theirs] == before
    assert before["Reflections"] == "1"
    assert tab(master, "Reflections") == their_reflections
    students = tab(master, "Students")
    assert students[other["Student ID"]] == students_before[other["Student ID"]]
    assert students[me["Student ID"]].get("Last reflection", "") == ""


def test_a_revised_proposal_naming_another_students_experience_goes_to_review_and_changes_nothing(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    me, other = sample_rows()[0], sample_rows()[1]
    theirs = experience_code(propose(emulator, ids, other["Email"], "Football")["responseId"])
    synced(cas)
    before = tab(master, "Experiences")
    response = answer(emulator, ids["experience_proposal"], me["Email"], {
        "10000001": "My football", "10000002": ["Activity"], "10000003": "Mine now",
        "10000004": "2026-10-01", "10000005": "2027-03-01", "10000006": "No",
        "10000008": ["Strengths and growth"], "10000009": "Local",
        "1000000e": theirs.lower()})
    synced(cas)
    assert "is not one of" in tab(master, "Needs review")[response["responseId"]]["Reason"]
    assert tab(master, "Experiences") == before


# -- the forms changed in the Forms editor ---------------------------------------------
def reword_and_add_a_question(forms_as, form_id) -> str:
    """The coordinator rewords the reflection question and adds one of their own at the
    end, through the Forms API; the new question's ID."""
    forms = forms_as(COORDINATOR).forms()
    items = forms.get(formId=form_id).execute()["items"]
    index = next(i for i, item in enumerate(items)
                 if item.get("questionItem", {}).get("question", {}).get("questionId")
                 == "20000004")
    reply = forms.batchUpdate(formId=form_id, body={"requests": [
        {"updateItem": {"item": {"title": "What did you learn, and what will you change?"},
                        "location": {"index": index}, "updateMask": "title"}},
        {"createItem": {"item": {"title": "How many hours did it take?",
                                 "questionItem": {"question": {"textQuestion": {}}}},
                        "location": {"index": len(items)}}}]}).execute()
    item = forms.get(formId=form_id).execute()["items"][index]
    assert item["title"] == "What did you learn, and what will you change?"
    assert item["questionItem"]["question"]["questionId"] == "20000004"
    return reply["replies"][1]["createItem"]["questionId"][0]


def reflect_on_the_changed_form(cohort, cas, emulator, forms_as, sample_rows, tab) -> dict:
    master, ids = cohort
    student = sample_rows()[0]
    code_ = experience_code(propose(emulator, ids, student["Email"], "Choir")["responseId"])
    synced(cas)
    added = reword_and_add_a_question(forms_as, ids["reflection"])
    response = answer(emulator, ids["reflection"], student["Email"], {
        "20000001": code_, "20000002": ["Collaboration"], "20000003": "Action",
        "20000004": "Singing in parts takes listening.", added: "About 12 hours"})
    synced(cas)
    row = tab(master, "Reflections")[response["responseId"]]
    assert row["Experience code"] == code_
    return row


def test_a_reworded_question_still_fills_its_column_and_an_added_questions_answer_is_kept(
        cohort, cas, emulator, forms_as, sample_rows, tab):
    row = reflect_on_the_changed_form(cohort, cas, emulator, forms_as, sample_rows, tab)
    assert row["Reflection"] == "Singing in parts takes listening."
    assert row["Outcomes addressed"] == "Collaboration" and row["CAS stage"] == "Action"
    assert "About 12 hours" in row["Other answers"]


def test_an_added_questions_answer_is_kept_under_its_title(
        cohort, cas, emulator, forms_as, sample_rows, tab):
    row = reflect_on_the_changed_form(cohort, cas, emulator, forms_as, sample_rows, tab)
    assert "How many hours did it take?: About 12 hours" in row["Other answers"]


# -- rows people deleted ---------------------------------------------------------------
def test_a_deleted_row_stays_deleted_until_the_student_edits_their_response(
        cohort, cas, emulator, sheets_as, sample_rows, tab):
    master, ids = cohort
    student, later = sample_rows()[0], sample_rows()[1]
    proposal = propose(emulator, ids, student["Email"], "Choir")
    code_ = experience_code(proposal["responseId"])
    synced(cas)
    reflection = reflect(emulator, ids, student["Email"], code_, "First rehearsal.")
    propose(emulator, ids, later["Email"], "Football")   # the newest response of all
    reflect(emulator, ids, later["Email"], "ZZZ-ZZZ")     # and of the reflections
    synced(cas)
    delete_rows(sheets_as, master, EXPERIENCES, *[row_number(sheets_as, master, "Experiences",
                                                             code_)] * 2)
    delete_rows(sheets_as, master, REFLECTIONS, *[row_number(
        sheets_as, master, "Reflections", reflection["responseId"])] * 2)
    synced(cas)
    assert code_ not in tab(master, "Experiences")
    assert reflection["responseId"] not in tab(master, "Reflections")
    # Edited by the student: submitted again, so it is a new row of theirs.
    propose(emulator, ids, student["Email"], "Chamber choir", response_id=proposal["responseId"])
    reflect(emulator, ids, student["Email"], code_, "Second thoughts.",
            response_id=reflection["responseId"])
    out = synced(cas)
    assert "new rows in experiences: 1" in out and "new rows in reflections: 1" in out
    assert tab(master, "Experiences")[code_]["Title"] == "Chamber choir"
    assert tab(master, "Experiences")[code_]["Reflections"] == "1"
    assert tab(master, "Reflections")[reflection["responseId"]]["Reflection"] == \
        "Second thoughts."


def test_the_deleted_row_of_the_newest_response_stays_deleted_too(
        cohort, cas, emulator, sheets_as, sample_rows, tab):
    master, ids = cohort
    student = sample_rows()[0]
    code_ = experience_code(propose(emulator, ids, student["Email"], "Choir")["responseId"])
    synced(cas)
    delete_rows(sheets_as, master, EXPERIENCES, *[row_number(sheets_as, master, "Experiences",
                                                             code_)] * 2)
    out = synced(cas)
    assert code_ not in tab(master, "Experiences"), out


# -- an empty Sheet --------------------------------------------------------------------
def test_a_sync_of_a_students_tab_emptied_by_a_person_finishes_and_logs_it(
        cohort, cas, emulator, sheets_as, sample_rows, tab):
    master, ids = cohort
    students = sample_rows()
    delete_rows(sheets_as, master, STUDENTS, 2, len(students) + 1)
    assert tab(master, "Students") == {}
    response = propose(emulator, ids, students[0]["Email"], "Choir")
    out = synced(cas)
    assert "Responses read: 1" in out
    assert "is not a student of the Students tab" in \
        tab(master, "Needs review")[response["responseId"]]["Reason"]
    assert tab(master, "Students") == {}
    [line] = sync_log(sheets_as, master)
    assert line["Responses read"] == 1 and line["Sent to review"] == 1
    assert not line.get("Errors")


def test_a_sync_of_a_freshly_set_up_sheet_finishes_and_logs_it(school, cas, sheets_as, drive_as):
    code, out, err = cas("setup", "--classroom-course", school, "--start", "2026-09-01",
                         "--end", "2028-03-31")
    assert code == 0, err + out
    [master] = [f["id"] for f in drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casId' and value='master_sheet' }",
        fields="files(id)").execute()["files"]]
    out = synced(cas)
    assert "Responses read: 0" in out
    [line] = sync_log(sheets_as, master)
    assert line["Responses read"] == 0 and not line.get("Errors")
    synced(cas)   # and again
    assert len(sync_log(sheets_as, master)) == 2


# -- a tab sorted while the sync runs --------------------------------------------------
def test_each_experiences_cells_land_on_its_own_row_when_the_tab_is_sorted_during_the_sync(
        cohort, sorts, cas, emulator, sheets_as, sample_rows, tab, decide):
    master, ids = cohort
    students = sample_rows()[:3]
    titles = ["Athletics", "Beach clean-up", "Choir", "Debating"]
    codes = {}
    for i, title in enumerate(titles):
        codes[title] = experience_code(propose(
            emulator, ids, students[i % 3]["Email"], title)["responseId"])
    synced(cas)
    owner = {title: students[i % 3] for i, title in enumerate(titles)}
    decide(master, codes["Beach clean-up"], "Approved")
    for title, count in (("Athletics", 2), ("Choir", 1)):
        for n in range(count):
            reflect(emulator, ids, owner[title]["Email"], codes[title], f"{title} {n}")
    codes["Egg painting"] = experience_code(propose(
        emulator, ids, students[0]["Email"], "Egg painting")["responseId"])
    # Someone cleared the reflection links: this sync writes them all again.
    header = headers(sheets_as, master, "Experiences")
    letter = chr(ord("A") + header.index("Reflection link"))
    sheets_as(COORDINATOR).spreadsheets().values().clear(
        spreadsheetId=master, range=f"Experiences!{letter}2:{letter}").execute()

    running = workspace()

    def sort_by_title_descending():
        column = header.index("Title")
        sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={
            "requests": [{"sortRange": {
                "range": {"sheetId": EXPERIENCES, "startRowIndex": 1},
                "sortSpecs": [{"dimensionIndex": column, "sortOrder": "DESCENDING"}]}}]}
        ).execute()
    running.counter.watch(watch := before_the_write(sort_by_title_descending))
    sync(running, Config.from_env(), load_templates(), today=datetime.date(2026, 11, 20))
    assert watch.done()
    rows = tab(master, "Experiences")
    assert [rows[codes[t]]["Title"] for t in titles] == titles
    assert list(rows)[:4] == [codes[t] for t in reversed(titles)]   # still sorted
    expected = {"Athletics": ("Awaiting decision", "2"), "Beach clean-up": ("Approved", "0"),
                "Choir": ("Awaiting decision", "1"), "Debating": ("Awaiting decision", "0"),
                "Egg painting": ("Awaiting decision", "0")}
    for title, (status, reflections) in expected.items():
        row = rows[codes[title]]
        assert (row["Title"], row["Experience status"], row["Reflections"]) == \
            (title, status, reflections)
        assert f"entry.{int('20000001', 16)}={codes[title]}" in row["Reflection link"]
