"""The pure parts of interviews that run themselves (service/interviews/): which
window's notices a day calls for, who is due, the notices' IDs (the same from any
sync, so the ledger holds each once), group rows' IDs, and which links name a
Drive file."""

from __future__ import annotations

import datetime

import pytest

from service import cas
from service.interviews import group, recordings, windows
from service.sync import digests, events
from service.templates import load_templates

D = datetime.date
SETTINGS = {"cohort_start": D(2026, 9, 1), "cohort_end": D(2028, 3, 31),
            "interview_1_within_months": 2, "interview_2_months_around_midpoint": 2,
            "interview_3_last_months": 3, "classroom_course_id": "course-1",
            "interview_record_form_link": "https://docs.google.com/forms/d/e/F/viewform"}
ADVISOR_A, ADVISOR_B = "a@school.example", "b@school.example"


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def student(sid, advisor, status="Active", link=""):
    return {"student_id": sid, "name": f"Student {sid}", "email": f"{sid.lower()}@school.example",
            "advisor_email": advisor, "roster_status": status, "interview_link": link}


STUDENTS = [student("S1", ADVISOR_A), student("S2", ADVISOR_A), student("S3", ADVISOR_B),
            student("S4", ADVISOR_B, status="Withdrawn")]


def notices(templates, today, interviews=(), ledger=None):
    ledger = ledger or events.Ledger(None)
    mails = windows.window_notices(
        ledger=ledger, students=STUDENTS, interviews=list(interviews), values=SETTINGS,
        topics=templates.interview_topics, forms=templates.forms, advisor_names={},
        today=today, cohort="2026-2028", coordinators=["coord@school.example"])
    return mails, ledger


@pytest.mark.parametrize("today, opened", [
    (D(2026, 8, 31), False), (D(2026, 9, 1), True), (D(2026, 11, 1), True),
    (D(2026, 11, 2), False)])
def test_the_advisors_emails_go_while_the_window_is_open_both_ends_included(
        templates, today, opened):
    mails, _ = notices(templates, today)
    assert bool(mails) is opened


def test_one_email_per_advisor_listing_the_active_students_not_yet_interviewed(templates):
    held = cas.Interview("r1", "S2", 1, D(2026, 9, 5))
    mails, ledger = notices(templates, D(2026, 9, 10), [held])
    assert [(m.to, m.event_id) for m in mails] == [
        (ADVISOR_A, f"interview_window 2026-2028 1 {ADVISOR_A}"),
        (ADVISOR_B, f"interview_window 2026-2028 1 {ADVISOR_B}")]
    assert [s["student_id"] for s in mails[0].context["students"]] == ["S1"]
    assert [s["student_id"] for s in mails[1].context["students"]] == ["S3"]   # S4 withdrawn
    # Without a link in the Students tab, the record form's link prefilled with the ID.
    assert mails[0].context["students"][0]["link"].endswith(f"entry.{int('40000001', 16)}=S1")
    assert mails[0].context["topics"] == list(templates.interview_topics[1].topics)
    [post] = ledger.new.values()
    assert post.event_id == "interview_window_announcement 2026-2028 1"
    assert post.content["emails"] == ["s1@school.example", "s3@school.example"]
    assert windows.is_window_announcement(post.content["text"])


def test_an_interview_held_before_its_window_does_not_count(templates):
    early = cas.Interview("r1", "S1", 2, D(2027, 1, 5))     # window 2 opens 15 April 2027
    mails, _ = notices(templates, D(2027, 4, 20), [early])
    assert [s["student_id"] for s in mails[0].context["students"]] == ["S1", "S2"]


def test_what_the_ledger_holds_is_not_made_again(templates):
    mails, ledger = notices(templates, D(2026, 9, 10))
    for mail in mails:
        ledger.sent[mail.event_id] = 1.0
    ledger.sent.update({i: 1.0 for i in ledger.new})
    ledger.new.clear()
    again, ledger = notices(templates, D(2026, 10, 1), ledger=ledger)
    assert again == [] and not ledger.new


@pytest.mark.parametrize("today, items", [
    (D(2026, 11, 1), False), (D(2026, 11, 2), True), (D(2026, 11, 15), True),
    (D(2026, 11, 16), False)])
def test_after_the_close_the_students_still_due_are_digest_items_for_14_days(
        templates, today, items):
    mails, ledger = notices(templates, today)
    found = sorted(n.event_id for n in ledger.new.values() if n.kind == digests.ITEM)
    assert bool(found) is items
    if items:
        assert found == sorted([
            f"digest_item advisor_digest {ADVISOR_A} interviews_due 2026-2028 1",
            f"digest_item advisor_digest {ADVISOR_B} interviews_due 2026-2028 1",
            f"digest_item coordinator_digest coord@school.example interviews_due 2026-2028 1 "
            f"{ADVISOR_A}",
            f"digest_item coordinator_digest coord@school.example interviews_due 2026-2028 1 "
            f"{ADVISOR_B}"])
        assert mails == []


def test_a_group_records_rows_keep_the_response_id_first_and_share_a_group_id():
    assert group.row_id("R", 1) == "R" and group.row_id("R", 3) == "R/3"
    assert group.group_id("R") == group.group_id("R") != group.group_id("S")
    assert group.group_id("R").startswith("G-") and len(group.group_id("R")) == 8


def test_coordinators_come_from_the_setting_and_the_account_the_service_acts_as():
    assert group.coordinator_emails("A@x.example, b@x.example;c@x.example", "me@x.example") == {
        "a@x.example", "b@x.example", "c@x.example", "me@x.example"}
    assert group.coordinator_emails(["a@x.example"]) == {"a@x.example"}


@pytest.mark.parametrize("link, file_id", [
    ("https://drive.google.com/file/d/1AbCdEfGhIjK/view?usp=sharing", "1AbCdEfGhIjK"),
    ("https://docs.google.com/document/d/1AbCdEfGhIjKL/edit", "1AbCdEfGhIjKL"),
    ("https://drive.google.com/open?id=1AbCdEfGhIjK", "1AbCdEfGhIjK"),
    ("https://drive.google.com/drive/folders/1AbCdEfGhIjK", None),        # a folder
    ("https://www.youtube.com/watch?v=1AbCdEfGhIjK", None),
    ("https://drive.google.com.evil.example/file/d/1AbCdEfGhIjK/view", None),
])
def test_which_links_name_a_drive_file(link, file_id):
    assert recordings.drive_file_id(link) == file_id


def test_the_emulators_drive_pages_are_recognised_only_when_given():
    link = "http://127.0.0.1:8765/file/d/1AbCdEfGhIjK/view"
    assert recordings.drive_file_id(link) is None
    assert recordings.drive_file_id(link, (*recordings.GOOGLE_HOSTS,
                                           "http://127.0.0.1:8765")) == "1AbCdEfGhIjK"


def test_a_teachers_post_about_interviews_is_not_taken_for_the_services_own():
    assert not windows.is_window_announcement("CAS interview tips: book a slot with me.")
