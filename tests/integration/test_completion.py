"""Completion at the end of the programme, through the real clients against the
emulator with a fake clock (`--today`): the sync proposes ("Ready to confirm?") and
never decides; the coordinator's IB completion result is kept, flagged once when the
rules disagree, and acted on once (a Completed student's folder read-only for them
and their late responses sent to Needs review; a Not completed one's extension
tracked; a change back recorded with its date); `cas completion export` lists the
candidates as IBIS takes them. Every command re-run changes nothing more."""

from __future__ import annotations

import csv
import io

import pytest
from googleapiclient.errors import HttpError

from _sync import COORDINATOR, answer, propose, reflect
from service.sync import experience_code
from service.sync.table import column_letter

OUTCOMES = ("Strengths and growth, Challenge and new skills, Initiative and planning, "
            "Commitment and perseverance, Collaboration, Global significance, Ethics")
BEFORE_END = "2028-02-10"       # the cohort runs 1 September 2026 to 31 March 2028
LAST_WEEKS = "2028-03-10"       # 22 days left: too few for a 30-day project
AFTER_END = "2028-07-10"


@pytest.fixture
def students(sample_rows):
    rows = sample_rows()
    return rows[0], rows[1]     # Zoë (made ready below), José (does nothing)


@pytest.fixture
def make_ready(cohort, cas, emulator, decide, set_cell):
    """The student's three experiences (the Service one a 152-day project) approved,
    every outcome confirmed by the advisor, the three interviews recorded, each in
    its window. Returns the experience codes."""
    master, ids = cohort

    def make(student):
        email = student["Email"]
        codes = [experience_code(propose(emulator, ids, email, title, strands, project)[
            "responseId"]) for title, strands, project in (
            ("Drama club", ("Creativity",), "No"), ("Football", ("Activity",), "No"),
            ("Beach clean-up", ("Service",), "Yes"))]
        for number, day in (("1 (early)", "2026-10-15"), ("2 (mid-way)", "2027-06-15"),
                            ("3 (final)", "2028-02-01")):
            answer(emulator, ids["interview_record"], student["Advisor email"], {
                "40000001": student["Student ID"], "40000002": number,
                "40000003": "One-to-one", "40000004": day, "40000005": "Talked it through.",
                "40000007": "No"})
        assert cas("sync", "--today", BEFORE_END)[0] == 0
        for code_ in codes:
            decide(master, code_, "Approved")
        set_cell(master, "Students", student["Student ID"], "Outcomes confirmed by the advisor",
                 OUTCOMES)
        return codes
    return make


def decide_completion(set_cell, master, student, result, day=None):
    set_cell(master, "Students", student["Student ID"], "IB completion", result)
    if day:
        set_cell(master, "Students", student["Student ID"], "IB completion date", day)


def role_of(drive_as, folder, email):
    permissions = drive_as(COORDINATOR).permissions().list(
        fileId=folder, fields="permissions(id,type,role,emailAddress)").execute()["permissions"]
    return next((p["role"] for p in permissions if p.get("emailAddress") == email), None)


def digests(outbox):
    return [m for m in outbox() if m["to"] == COORDINATOR and "newly at risk" in m["subject"]]


# -- readiness ----------------------------------------------------------------------
def test_the_sync_proposes_ready_not_yet_or_cannot_be_ready_with_the_evidence_or_reasons(
        cohort, cas, students, make_ready, tab):
    master, _ = cohort
    zoe, jose = students
    make_ready(zoe)
    assert cas("sync", "--today", BEFORE_END)[0] == 0
    rows = tab(master, "Students")
    ready = rows[zoe["Student ID"]]["Ready to confirm?"].splitlines()
    assert ready[0] == "Ready to confirm:"
    assert ready[1:] == [
        "All 7 learning outcomes evidenced",
        "Approved experiences: Creativity 1 (of 1 needed), Activity 1 (of 1 needed), "
        "Service 1 (of 1 needed)",
        "CAS project 'Beach clean-up': 1 October 2026 to 1 March 2027 (152 days)",
        "Interviews recorded: 1 on 15 October 2026, 2 on 15 June 2027, 3 on 1 February 2028",
        "Engaged from 1 October 2026 to 1 February 2028 (16 months of the programme's 19)"]
    not_yet = rows[jose["Student ID"]]["Ready to confirm?"].splitlines()
    assert not_yet[0] == "Not yet:" and "No approved CAS project" in not_yet
    assert "Interview 3 not recorded" in not_yet
    # The proposal is the service's; the coordinator's columns stay blank.
    assert rows[zoe["Student ID"]].get("IB completion", "") == ""

    assert cas("sync", "--today", LAST_WEEKS)[0] == 0
    cannot = tab(master, "Students")[jose["Student ID"]]["Ready to confirm?"].splitlines()
    assert cannot[0] == "Cannot be ready by the end:"
    assert cannot[1] == ("A CAS project must last at least 30 days and the longest still "
                         "possible lasts 22 (the programme ends on 31 March 2028)")
    assert cas("sync", "--today", AFTER_END)[0] == 0
    after = tab(master, "Students")[jose["Student ID"]]["Ready to confirm?"].splitlines()
    assert after[:2] == ["Cannot be ready by the end:", "The programme ended on 31 March 2028"]


def test_only_coordinators_can_set_the_ib_completion_columns(cohort, sheets_as, students):
    master, _ = cohort
    zoe, _ = students
    book = sheets_as(zoe["Advisor email"]).spreadsheets()
    header = book.values().get(spreadsheetId=master, range="Students!1:1").execute()["values"][0]
    column = header.index("IB completion")
    letter = column_letter(column)
    with pytest.raises(HttpError) as refused:
        book.values().update(spreadsheetId=master, range=f"Students!{letter}2",
                             valueInputOption="RAW", body={"values": [["Completed"]]}).execute()
    # Sheets answers 400 "You are trying to edit a protected cell or object".
    assert refused.value.resp.status == 400 and b"protected cell" in refused.value.content


# -- the coordinator's decision, kept and flagged once --------------------------------
def test_a_completed_on_a_student_not_ready_is_kept_and_flagged_once_in_the_digest(
        cohort, cas, students, set_cell, set_setting, tab, outbox):
    master, _ = cohort
    _, jose = students
    set_setting(master, "digest_frequency", "every sync")
    decide_completion(set_cell, master, jose, "Completed", "2028-07-06")
    assert cas("sync", "--today", AFTER_END)[0] == 0
    row = tab(master, "Students")[jose["Student ID"]]
    assert row["IB completion"] == "Completed"          # kept: it is their decision
    assert row["Ready to confirm?"].startswith("Cannot be ready by the end:")
    [digest] = digests(outbox)
    assert "1 decision to check" in digest["subject"]
    assert "Marked Completed, though the rules do not find them ready" in digest["body"]
    assert f"José Alvarado ({jose['Student ID']})" in digest["body"]
    assert "The programme ended on 31 March 2028" in digest["body"]
    assert "No approved CAS project" in digest["body"]

    for day in (AFTER_END, "2028-07-11"):                # not at every sync
        assert cas("sync", "--today", day)[0] == 0
    assert sum("Marked Completed" in m["body"] for m in digests(outbox)) == 1
    assert tab(master, "Students")[jose["Student ID"]]["IB completion"] == "Completed"


# -- the lock -----------------------------------------------------------------------------
def test_a_completed_student_is_locked_and_their_late_reflection_goes_to_needs_review(
        cohort, cas, emulator, students, make_ready, set_cell, tab, drive_as):
    master, ids = cohort
    zoe, _ = students
    codes = make_ready(zoe)
    folder, email = ids[zoe["Student ID"]], zoe["Email"]
    record = drive_as(COORDINATOR).files().create(body={
        "name": "My CAS record", "parents": [folder]}, fields="id").execute()["id"]
    assert role_of(drive_as, folder, email) == "writer"
    decide_completion(set_cell, master, zoe, "Completed", "2028-04-02")
    assert cas("sync", "--today", "2028-04-02")[0] == 0
    row = tab(master, "Students")[zoe["Student ID"]]
    assert row["IB completion history"] == ("2028-04-02: Completed; folder read-only for "
                                            "the student")
    assert role_of(drive_as, folder, email) == "reader"
    as_student = drive_as(email).files()
    for attempt in (lambda: as_student.create(body={"name": "late.jpg", "parents": [folder]},
                                              fields="id").execute(),
                    lambda: as_student.update(fileId=record, body={"name": "Mine"}).execute()):
        with pytest.raises(HttpError) as refused:
            attempt()
        assert refused.value.resp.status == 403
    assert as_student.get(fileId=record, fields="id").execute()["id"] == record  # still seen

    late = reflect(emulator, ids, email, codes[0], "One more thing I learned.")
    proposal = propose(emulator, ids, email, "Another club")
    code, out, err = cas("sync", "--today", "2028-04-03")
    assert code == 0, err
    review = tab(master, "Needs review")
    for response in (late, proposal):
        assert "completion already confirmed" in review[response["responseId"]]["Reason"]
    assert late["responseId"] not in tab(master, "Reflections")
    assert experience_code(proposal["responseId"]) not in tab(master, "Experiences")

    # Re-run: nothing more happens; provisioning leaves the folder read-only.
    assert cas("sync", "--today", "2028-04-04")[0] == 0
    assert cas("provision")[0] == 0
    assert role_of(drive_as, folder, email) == "reader"
    assert tab(master, "Students")[zoe["Student ID"]]["IB completion history"].count("\n") == 0

    # The coordinator changes their mind: the folder is the student's again.
    decide_completion(set_cell, master, zoe, "Pending")
    assert cas("sync", "--today", "2028-04-05")[0] == 0
    assert role_of(drive_as, folder, email) == "writer"
    as_student.create(body={"name": "late.jpg", "parents": [folder]}, fields="id").execute()
    assert tab(master, "Students")[zoe["Student ID"]]["IB completion history"].splitlines()[-1] \
        == "2028-04-05: Pending (was Completed); folder open to the student again"


def test_not_completed_tracks_the_extension_and_a_later_completed_is_recorded_with_its_date(
        cohort, cas, students, set_cell, tab, drive_as):
    master, ids = cohort
    _, jose = students
    folder, email = ids[jose["Student ID"]], jose["Email"]
    decide_completion(set_cell, master, jose, "Not completed", "2028-07-06")
    assert cas("sync", "--today", AFTER_END)[0] == 0
    row = tab(master, "Students")[jose["Student ID"]]
    assert row["Extension until"] == "2029-07-06"
    assert row["IB completion history"] == "2028-07-10: Not completed; extension until 2029-07-06"
    assert role_of(drive_as, folder, email) == "writer"          # the student keeps access
    assert cas("sync", "--today", "2028-08-01")[0] == 0          # nothing new
    assert tab(master, "Students")[jose["Student ID"]]["IB completion history"].count("\n") == 0

    decide_completion(set_cell, master, jose, "Completed", "2028-11-02")
    assert cas("sync", "--today", "2028-11-02")[0] == 0
    row = tab(master, "Students")[jose["Student ID"]]
    assert row["IB completion history"].splitlines() == [
        "2028-07-10: Not completed; extension until 2029-07-06",
        "2028-11-02: Completed (was Not completed); folder read-only for the student"]
    assert row["IB completion date"] == "2028-11-02"             # the coordinator's, untouched
    assert row["Extension until"] == "2029-07-06"
    assert role_of(drive_as, folder, email) == "reader"


# -- the IBIS export ------------------------------------------------------------------------
@pytest.fixture
def coded(cohort, cas, sample_rows, tmp_path):
    """The roster imported again with IB personal codes and session numbers (the
    first student's session number missing, the third's code missing)."""
    rows = sample_rows()
    path = tmp_path / "roster.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(list(rows[0]) + ["IB personal code", "Candidate session number"])
        for n, row in enumerate(rows):
            writer.writerow(list(row.values()) + [
                "" if n == 2 else f"Abc{100 + n}", "" if n == 0 else str(200 - n)])
    code, out, err = cas("roster", "import", "--csv", path)
    assert code == 0, err + out
    assert f"{len(rows)} changed" in out
    code, out, err = cas("roster", "import", "--csv", path)      # again: nothing to do
    assert code == 0 and "Nothing changed in the Students tab." in out
    return rows


def test_the_export_lists_every_candidate_pending_first_in_session_order(
        cohort, cas, coded, set_cell, set_setting, tab, tmp_path):
    master, _ = cohort
    rows = coded
    students = tab(master, "Students")
    assert students[rows[1]["Student ID"]]["IB personal code"] == "Abc101"
    assert students[rows[1]["Student ID"]]["Candidate session number"] == "0199"
    decide_completion(set_cell, master, rows[1], "Completed")
    decide_completion(set_cell, master, rows[3], "Not completed")
    set_cell(master, "Students", rows[4]["Student ID"], "Name", "=HYPERLINK(\"x\")")
    set_setting(master, "ibis_submission_date", "2028-07-01")
    path = tmp_path / "ibis.csv"
    code, out, err = cas("completion", "export", "--csv", path, "--today", "2028-06-20")
    assert code == 0, err
    assert f"WARNING: {len(rows) - 2} candidate(s) still Pending (listed first)" in out
    assert "WARNING: 2 candidate(s) cannot be entered as they are" in out
    assert "IBIS submission date: 1 July 2028 (11 day(s) left)" in out

    exported = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert exported[0] == ["Candidate session number", "Personal code", "Name", "CAS result",
                           "Student ID", "Check before entering"]
    lines = exported[1:]
    assert len(lines) == len(rows)
    results = [line[3] for line in lines]
    assert results == ["Pending"] * (len(rows) - 2) + ["Not completed", "Completed"]
    pending = lines[:len(rows) - 2]
    sessions = [line[0] for line in pending]
    assert sessions[:-1] == sorted(sessions[:-1]) and sessions[-1] == ""   # none: last
    assert pending[-1][4] == rows[0]["Student ID"]
    assert "Candidate session number missing" in pending[-1][5]
    assert lines[-1][:5] == ["0199", "Abc101", "José Alvarado", "Completed", rows[1]["Student ID"]]
    by_id = {line[4]: line for line in lines}
    assert "IB personal code missing" in by_id[rows[2]["Student ID"]][5]
    assert by_id[rows[4]["Student ID"]][2] == "'=HYPERLINK(\"x\")"   # never a formula
    assert by_id[rows[5]["Student ID"]][5].startswith("Pending: decide it")

    sheet = tab(master, "IBIS export")      # keyed by session number; the one without, ""
    assert len(sheet) == len(rows) - 1
    assert sheet["0196"]["Name"] == "=HYPERLINK(\"x\")"          # text, not run
    assert sheet["0199"]["CAS result"] == "Completed"

    code, again, err = cas("completion", "export", "--csv", path, "--today", "2028-06-20")
    assert code == 0, err
    assert list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))) == exported
    assert tab(master, "IBIS export") == sheet


def test_the_coordinators_digest_counts_down_to_the_submission_date(
        cohort, cas, set_setting, outbox):
    master, _ = cohort
    set_setting(master, "digest_frequency", "every sync")
    set_setting(master, "ibis_submission_date", "2028-07-01")
    assert cas("sync", "--today", "2028-05-01")[0] == 0          # more than 30 days before
    assert not any("IBIS" in m["body"] for m in digests(outbox))
    assert cas("sync", "--today", "2028-06-20")[0] == 0
    [digest] = [m for m in digests(outbox) if "IBIS" in m["body"]]
    assert "IBIS in 11 days" in digest["subject"]
    assert "IBIS: 11 days to the submission date (1 July 2028). Still Pending: 60" in \
        digest["body"].replace("\n", " ")
    assert cas("sync", "--today", "2028-06-20")[0] == 0          # once a day
    assert sum("IBIS" in m["body"] for m in digests(outbox)) == 1
