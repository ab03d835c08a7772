"""Each student's "My CAS record", a Google Doc in their Drive folder made and kept
up to date by `cas sync`, against the emulator through the real clients: made on
the first sync, linked from the Students tab, rewritten in place (same ID, same
link) only when what it says changed, read-only to the student, and showing
interview notes only as the school and the interviewer allow."""

from __future__ import annotations

import pytest
import requests
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from _sync import TODAY, propose, reflect
from service.sync import experience_code

COORDINATOR = "coordinator@demo-school.example"
DOC = "application/vnd.google-apps.document"
RECORD_QUERY = "appProperties has { key='casKind' and value='studentRecord' } and trashed = false"


def sync(cas) -> str:
    code, out, err = cas("sync", "--today", TODAY)
    assert code == 0, err + out
    return out


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def drive_writes(before: dict, after: dict) -> dict:
    return {m: after[m] - before.get(m, 0) for m in after
            if m.startswith("drive.") and m.split(".")[-1] in ("create", "update", "delete")
            and after[m] != before.get(m, 0)}


def record_of(drive_as, who, student_id) -> dict:
    """The record as ``who`` finds it by its tags."""
    [found] = drive_as(who).files().list(
        q=f"{RECORD_QUERY} and appProperties has {{ key='casId' and value='{student_id}' }}",
        fields="files(id,name,mimeType,parents,appProperties,webViewLink,capabilities,"
               "contentRestrictions)").execute()["files"]
    return found


def text_of(drive_as, who, file_id) -> str:
    data = drive_as(who).files().export(fileId=file_id, mimeType="text/plain").execute()
    return " ".join(data.decode("utf-8-sig").split())


def folder_of(tab, master, student_id) -> str:
    return tab(master, "Students")[student_id]["Folder"].split("/folders/")[1].split("?")[0]


def interview(emulator, ids, advisor, student, number, notes, share):
    return emulator.world.forms.submit_response(ids["interview_record"], advisor, {
        "40000001": student["Email"], "40000002": number, "40000003": "One-to-one",
        "40000004": "2026-10-15", "40000005": notes, "40000006": f"Next: {notes}",
        "40000007": "Yes" if share else "No"})


def test_a_students_record_is_made_in_their_folder_on_their_first_sync(
        cohort, cas, drive_as, tab, sample_rows):
    master, _ = cohort
    student = sample_rows()[0]
    sid = student["Student ID"]
    out = sync(cas)
    assert f"Student records written: {len(sample_rows())}" in out
    record = record_of(drive_as, student["Email"], sid)
    assert record["name"] == "My CAS record" and record["mimeType"] == DOC
    assert record["parents"] == [folder_of(tab, master, sid)]
    assert record["appProperties"]["casCohort"] == "2026-2028"
    assert len(record["appProperties"]["casHash"]) == 16
    assert tab(master, "Students")[sid]["CAS record"] == record["webViewLink"]
    text = text_of(drive_as, student["Email"], record["id"])
    assert f"My CAS record {student['First name']} {student['Last name']} ({sid})" in text
    assert "Status: At risk Why: * Not started: no approved experience and no reflection" in text
    assert "* Interview 1 is overdue" in text
    assert "Learning outcomes: 0 of 7 evidenced" in text


def test_unchanged_students_cost_no_drive_write_on_the_next_sync(cohort, cas, emulator, tab,
                                                                 sample_rows):
    master, _ = cohort
    sync(cas)
    before = calls(emulator)
    out = sync(cas)
    after = calls(emulator)
    assert "Student records written" not in out
    assert drive_writes(before, after) == {}
    # The records were found in one listing, besides the master Sheet's; the records
    # written by the last sync are not evidence, so no folder is recounted for them.
    assert after["drive.files.list"] - before["drive.files.list"] == 2
    # The master Sheet, which every sync changes, is the service's own file: its
    # change in Drive's feed is not evidence and costs no lookup of its parents.
    assert after.get("drive.files.get", 0) == before.get("drive.files.get", 0)
    assert tab(master, "Students")[sample_rows()[0]["Student ID"]]["Evidence files"] == "0"


def test_the_next_days_sync_rewrites_no_record_for_its_day_counts_alone(
        cohort, cas, emulator, drive_as):
    # The reasons count days ("80 days into the programme"): every record would
    # change every day, three Drive writes a student. They are rewritten for that
    # once a week (2026-11-20 is a Friday, the 21st a Saturday, the 23rd a Monday).
    for day, writes in (("2026-11-20", None), ("2026-11-21", {}),
                        ("2026-11-23", {"drive.files.update": 3 * 60})):
        before = calls(emulator)
        code, out, err = cas("sync", "--today", day)
        assert code == 0, err + out
        if writes is not None:
            assert drive_writes(before, calls(emulator)) == writes, day
    record = record_of(drive_as, COORDINATOR, "DS1001")
    text = text_of(drive_as, COORDINATOR, record["id"])
    assert "As of 23 November 2026." in text and "83 days into the programme" in text


def test_a_new_reflection_updates_that_students_record_in_place(
        cohort, cas, emulator, drive_as, tab, decide, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    sid = student["Student ID"]
    code = experience_code(propose(emulator, ids, student["Email"], "Saturday choir")["responseId"])
    sync(cas)
    decide(master, code, "Approved")
    sync(cas)
    made = record_of(drive_as, COORDINATOR, sid)
    reflect(emulator, ids, student["Email"], code, text="I sang a solo & nobody left.")
    before = calls(emulator)
    out = sync(cas)
    writes = drive_writes(before, calls(emulator))
    assert "Student records written: 1" in out
    # Unlock, new content, lock with the new hash: this student's record alone.
    assert writes == {"drive.files.update": 3}
    now = record_of(drive_as, COORDINATOR, sid)
    assert now["id"] == made["id"] and now["webViewLink"] == made["webViewLink"]
    assert now["appProperties"]["casHash"] != made["appProperties"]["casHash"]
    text = text_of(drive_as, student["Email"], now["id"])
    assert "I sang a solo & nobody left." in text
    assert "Saturday choir" in text and "Advisor's decision: Approved" in text
    assert tab(master, "Students")[sid]["CAS record"] == made["webViewLink"]


def test_interview_notes_show_only_when_shared_or_the_school_lets_students_see_them(
        cohort, cas, emulator, drive_as, sample_rows, set_setting):
    master, ids = cohort
    student = sample_rows()[0]
    advisor = student["Advisor email"]
    interview(emulator, ids, advisor, student, "1 (early)", "Keen on music.", share=True)
    interview(emulator, ids, advisor, student, "2 (mid-way)", "Worried about time.", share=False)
    sync(cas)
    record = record_of(drive_as, COORDINATOR, student["Student ID"])
    text = text_of(drive_as, student["Email"], record["id"])
    assert "Interview 1 (early) * Date: 15 October 2026 * Format: One-to-one" in text
    assert "Keen on music." in text and "Next: Keen on music." in text
    assert "Interview 2 (mid-way)" in text and "Worried about time." not in text
    assert "The notes of this interview are kept by your advisor." in text
    set_setting(master, "students_see_interview_notes", "TRUE")
    sync(cas)
    text = text_of(drive_as, student["Email"], record["id"])
    assert "Worried about time." in text and "Next: Worried about time." in text


def test_a_student_reads_their_record_and_cannot_change_it(cohort, cas, drive_as, sample_rows):
    student = sample_rows()[0]
    sync(cas)
    me = drive_as(student["Email"])
    record = record_of(drive_as, student["Email"], student["Student ID"])
    # The folder is theirs to edit, and the record in it is still read-only to them.
    assert record["capabilities"]["canModifyContent"] is False
    assert record["capabilities"]["canRemoveContentRestriction"] is False
    assert record["contentRestrictions"][0]["ownerRestricted"] is True
    attempts = [
        lambda: me.files().update(fileId=record["id"], media_body=MediaInMemoryUpload(
            b"<p>Status: Complete</p>", mimetype="text/html")).execute(),
        lambda: me.files().update(fileId=record["id"], body={
            "contentRestrictions": [{"readOnly": False}]}).execute(),
        lambda: me.files().update(fileId=record["id"], body={"name": "Mine now"}).execute(),
        lambda: me.comments().create(fileId=record["id"], fields="id",
                                     body={"content": "changed"}).execute(),
    ]
    for attempt in attempts:
        with pytest.raises(HttpError) as caught:
            attempt()
        assert caught.value.status_code == 403
        assert caught.value.error_details[0]["reason"] == "insufficientFilePermissions"
    assert "Status: At risk" in text_of(drive_as, student["Email"], record["id"])


def test_another_student_cannot_open_the_record(cohort, cas, drive_as, sample_rows):
    me, other = sample_rows()[0], sample_rows()[1]
    sync(cas)
    record = record_of(drive_as, COORDINATOR, me["Student ID"])
    with pytest.raises(HttpError) as caught:
        drive_as(other["Email"]).files().get(fileId=record["id"]).execute()
    assert caught.value.status_code == 404


def test_a_record_someone_unlocked_is_locked_again_by_the_next_sync(
        cohort, cas, drive_as, sample_rows, emulator):
    student = sample_rows()[0]
    sync(cas)
    record = record_of(drive_as, COORDINATOR, student["Student ID"])
    drive_as(COORDINATOR).files().update(fileId=record["id"], body={
        "contentRestrictions": [{"readOnly": False}]}).execute()
    before = calls(emulator)
    sync(cas)
    assert drive_writes(before, calls(emulator)) == {"drive.files.update": 1}
    assert record_of(drive_as, COORDINATOR, student["Student ID"])["contentRestrictions"]


def test_a_record_made_outside_a_sync_is_the_one_the_sync_would_make(
        cohort, cas, drive_as, sample_rows, tab):
    """make_records: what the moderation pack or the archive calls when a student has
    no record yet. The sync then finds it current and writes only the others."""
    import datetime

    from _sync import workspace
    from service.config import Config
    from service.records import find_records
    from service.records.make import make_records
    from service.templates import load_templates
    master, _ = cohort
    sid = sample_rows()[0]["Student ID"]
    done = make_records(workspace(), Config.from_env(), load_templates(),
                        today=datetime.date.fromisoformat(TODAY), student_ids=[sid])
    assert done.made == [sid]
    assert set(find_records(workspace().drive, "2026-2028")) == {sid}
    out = sync(cas)
    assert f"Student records written: {len(sample_rows()) - 1}" in out
    assert tab(master, "Students")[sid]["CAS record"] == done.links[sid]


def test_a_sort_while_the_records_are_made_is_put_right_by_the_next_sync(
        cohort, cas, sheets_as, drive_as, tab):
    """The new records' links go in the sync's last write, at the rows as read; a
    person sorting the Students tab meanwhile may move them. The next sync puts each
    record's link on its student's row, in the write it checks."""
    from _durable import sort
    from _sync import workspace
    from service.config import Config
    from service.sync import sync as run_sync
    from service.templates import load_templates
    master, _ = cohort
    running = workspace()
    sorted_once = []

    def sort_during_the_records(method):
        if method == "drive.files.create" and not sorted_once:
            sorted_once.append(True)
            sort(sheets_as, master, 100, 1)     # by name, Z to A
    running.counter.watch(sort_during_the_records)
    import datetime
    run_sync(running, Config.from_env(), load_templates(),
             today=datetime.date.fromisoformat(TODAY))
    assert sorted_once
    records = {f["appProperties"]["casId"]: f["webViewLink"] for f in drive_as(COORDINATOR).files(
    ).list(q=RECORD_QUERY, fields="files(appProperties,webViewLink)", pageSize=1000).execute()[
        "files"]}
    after_the_sort = {sid: row.get("CAS record") for sid, row in tab(master, "Students").items()}
    assert after_the_sort != records        # moved by the sort
    sync(cas)
    rows = tab(master, "Students")
    assert {sid: row["CAS record"] for sid, row in rows.items()} == records


def test_a_drive_failure_loses_no_row_and_the_next_sync_makes_the_records(
        cohort, cas, emulator, tab, sample_rows):
    """Drive failing while the records are made: the rows are written (they went
    first), the sync stops trying after the first record Drive kept refusing, and
    the next sync makes every record."""
    import datetime

    from _gateways import clear_faults, set_faults
    from service.config import Config
    from service.sync import sync as run_sync
    from service.templates import load_templates
    from service.workspace import Workspace
    from service.workspace.retry import RetryPolicy
    master, ids = cohort
    student = sample_rows()[0]
    propose(emulator, ids, student["Email"], "Saturday choir")
    set_faults(emulator, {"api": "drive", "methods": ["drive.files.create"], "errorRate": 1,
                          "errorStatus": 503})
    config = Config.from_env()
    quick = Workspace.from_config(config, policy=RetryPolicy(max_attempts=2, base=0.01))
    result = run_sync(quick, config, load_templates(), today=datetime.date.fromisoformat(TODAY))
    clear_faults(emulator)
    assert result.rows_added["experiences"] == 1 and result.records_written == 0
    [problem] = [p for p in result.problems if "Student records" in p]
    assert "Drive failed" in problem and f"{len(sample_rows())} wait for the next sync" in problem
    assert tab(master, "Students")[student["Student ID"]].get("CAS record", "") == ""
    assert "Saturday choir" in {r["Title"] for r in tab(master, "Experiences").values()}
    out = sync(cas)
    assert f"Student records written: {len(sample_rows())}" in out
    assert tab(master, "Students")[student["Student ID"]]["CAS record"]
