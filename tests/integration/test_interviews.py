"""Interviews that run themselves, against the emulator through the real clients:
when a window opens each advisor gets one email with exactly their advisees due,
their record links and the stage's topics, and the students due a Classroom post
meant for them; each once, whatever re-runs or Gmail does; at the window's close
those still due are in the advisors' and the coordinator's digests. A group
record of three advisees and a stranger makes three rows sharing a Group ID and
one Needs review line, and never more; a recording's link is checked to be in the
student's folder.

The sample cohort runs from 1 September 2026 to 31 March 2028: interview 1's
window is 1 September to 1 November 2026 (Settings: within 2 months)."""

from __future__ import annotations

import datetime
import re

import pytest

from _sync import workspace
from _web import service  # noqa: F401
from service.config import Config
from service.sync import sync as run_sync
from service.templates import load_templates

COORDINATOR = "coordinator@demo-school.example"
OPEN, CLOSED = "2026-09-10", "2026-11-05"
WINDOW_1 = "CAS interview 1:"


def sync(cas, day: str) -> str:
    code, out, err = cas("sync", "--today", day)
    assert code == 0, err + out
    return out


def record(emulator, ids, interviewer, students, date="2026-09-20", number="1 (early)",
           fmt="One-to-one", recording=None, response_id=None, notes="Talked about plans."):
    """An interview record as the form page submits it: up to four students."""
    answers = {"40000002": number, "40000003": fmt, "40000004": date, "40000005": notes}
    for question, student in zip(("40000001", "40000008", "40000009", "4000000a"), students):
        answers[question] = student
    if recording:
        answers["4000000b"] = recording
    return emulator.world.forms.submit_response(ids["interview_record"], interviewer, answers,
                                                response_id)


def window_mails(outbox, number=1):
    return [m for m in outbox() if m["subject"].startswith(f"CAS interview {number}:")]


def listed(body: str) -> list[str]:
    return re.findall(r"^  - .* \((DS\d+)\)$", body, re.M)


@pytest.fixture
def quick_retries(monkeypatch):
    """A refused call is given up after two tries, with no waits."""
    from service.workspace import retry
    monkeypatch.setattr("service.workspace.workspace.RetryPolicy",
                        lambda: retry.RetryPolicy(sleep=lambda seconds: None, max_attempts=2))


# -- the window opens ---------------------------------------------------------------
def test_a_window_opening_tells_each_advisor_once_of_exactly_their_advisees_due(
        cohort, cas, emulator, sample_rows, outbox, tab):
    master, ids = cohort
    rows = sample_rows()
    seen = rows[0]                                  # interviewed before the window's notice
    record(emulator, ids, seen["Advisor email"], [seen["Student ID"]], date="2026-09-05")
    sync(cas, OPEN)
    mails = window_mails(outbox)
    advisors = sorted({r["Advisor email"] for r in rows})
    assert sorted(m["to"] for m in mails) == advisors          # one email each
    links = {sid: row["Record an interview"] for sid, row in tab(master, "Students").items()}
    topics = load_templates().interview_topics[1]
    for mail in mails:
        due = sorted(r["Student ID"] for r in rows
                     if r["Advisor email"] == mail["to"] and r is not seen)
        assert sorted(listed(mail["body"])) == due
        for sid in due:
            assert f"Record the interview: {links[sid]}" in mail["body"]
        assert all(topic in mail["body"] for topic in topics.topics)
        assert "from 1 September 2026 to 1 November 2026" in mail["body"]
        assert mail["subject"] == f"{WINDOW_1} {len(due)} advisees to see by 1 November 2026"
    assert seen["Student ID"] not in "".join(m["body"] for m in mails)

    sync(cas, OPEN)                                 # a re-run
    sync(cas, "2026-10-01")                         # a later sync, the window still open
    assert len(window_mails(outbox)) == len(advisors)


def test_the_students_due_see_one_announcement_meant_for_them_alone(
        cohort, cas, emulator, school, sample_rows, classroom_as, tab):
    master, ids = cohort
    rows = sample_rows()
    seen, due = rows[0], rows[1]
    record(emulator, ids, seen["Advisor email"], [seen["Student ID"]], date="2026-09-05")
    sync(cas, OPEN)

    def posts(who=COORDINATOR):
        return [p for p in classroom_as(who).courses().announcements().list(
            courseId=school).execute().get("announcements", [])
            if p["text"].startswith("CAS interview 1 (early)")]
    [post] = posts()
    assert post["assigneeMode"] == "INDIVIDUAL_STUDENTS"
    assert len(post["individualStudentsOptions"]["studentIds"]) == len(rows) - 1
    assert "between 1 September 2026 and 1 November 2026" in post["text"]
    assert load_templates().interview_topics[1].topics[0] in post["text"]
    assert [p["id"] for p in posts(due["Email"])] == [post["id"]]
    assert posts(seen["Email"]) == []
    sync(cas, OPEN)
    sync(cas, "2026-10-01")
    assert len(posts()) == 1
    # The service's own post is not an opportunity.
    assert not [o for o in tab(master, "Opportunities").values()
                if o.get("Announcement", "").startswith("CAS interview")]


def test_gmail_refusing_the_window_emails_then_recovering_sends_each_once(
        cohort, cas, emulator, sample_rows, outbox, quick_retries):
    advisors = {r["Advisor email"] for r in sample_rows()}
    emulator.world.faults.configure({"rules": [{
        "api": "gmail", "methods": ["gmail.users.messages.send"], "errorRate": 1.0,
        "errorStatus": 503}]})
    code, out, err = cas("sync", "--today", OPEN)
    assert code == 3, out + err                      # notices wait: the next sync sends them
    assert window_mails(outbox) == []
    emulator.world.faults.clear()
    sync(cas, OPEN)
    assert sorted(m["to"] for m in window_mails(outbox)) == sorted(advisors)
    sync(cas, "2026-09-11")
    assert sorted(m["to"] for m in window_mails(outbox)) == sorted(advisors)


def test_no_window_open_no_notice(cohort, cas, outbox):
    sync(cas, "2026-11-20")            # interview 1's closed over 14 days ago; 2's not open
    assert window_mails(outbox) == [] and window_mails(outbox, 2) == []


# -- the window closes --------------------------------------------------------------
def test_at_the_close_those_still_due_are_in_their_advisors_and_the_coordinators_digests(
        cohort, cas, emulator, sample_rows, outbox, tab):
    master, ids = cohort
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    theirs = [r for r in rows if r["Advisor email"] == advisor]
    sync(cas, OPEN)
    for student in theirs[:2]:                       # two had their interview in the window
        record(emulator, ids, advisor, [student["Student ID"]], date="2026-10-01")
    sync(cas, "2026-10-02")
    before = len(outbox())
    sync(cas, CLOSED)
    mails = outbox()[before:]
    [digest] = [m for m in mails if m["to"] == advisor]
    assert "8 interviews still due" in digest["subject"]
    assert "Interview 1's window closed on 1 November 2026; not recorded yet (8)" in digest["body"]
    links = {sid: row["Record an interview"] for sid, row in tab(master, "Students").items()}
    for student in theirs[2:]:
        assert f"{student['First name']} {student['Last name']}" in digest["body"]
        assert links[student["Student ID"]] in digest["body"]
    for student in theirs[:2]:
        assert links[student["Student ID"]] not in digest["body"]
    [to_coordinator] = [m for m in mails if m["to"] == COORDINATOR]
    assert "58 interviews still due" in to_coordinator["subject"]
    assert "not recorded yet (58)" in to_coordinator["body"]
    third = theirs[2]
    assert f"{third['First name']} {third['Last name']} (advisor: " in to_coordinator["body"]
    again = len(outbox())
    sync(cas, "2026-11-06")
    assert not [m for m in outbox()[again:] if "still due" in m["subject"]]


# -- group interviews ---------------------------------------------------------------
def test_a_group_of_three_advisees_and_a_stranger_makes_three_rows_and_one_review_line(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    group = [r for r in rows if r["Advisor email"] == advisor][:3]
    stranger = next(r for r in rows if r["Advisor email"] != advisor)
    response = record(emulator, ids, advisor,
                      [group[0]["Student ID"], group[1]["Email"], group[2]["Student ID"],
                       stranger["Student ID"]], fmt="Group discussion")
    rid = response["responseId"]
    sync(cas, OPEN)
    interviews = tab(master, "Interviews")
    assert sorted(interviews) == sorted([rid, f"{rid}/2", f"{rid}/3"])
    assert [interviews[i]["Student ID"] for i in (rid, f"{rid}/2", f"{rid}/3")] == [
        g["Student ID"] for g in group]
    [group_id] = {row["Group ID"] for row in interviews.values()}
    assert group_id.startswith("G-")
    assert {row["Format"] for row in interviews.values()} == {"Group discussion"}
    [review] = tab(master, "Needs review").values()
    assert review["Response ID"] == f"{rid}/4"
    assert f"{stranger['Student ID']}) is not an advisee of {advisor}" in review["Reason"]
    students = tab(master, "Students")
    assert [students[g["Student ID"]]["Interviews done"] for g in group] == ["1", "1", "1"]
    assert students[stranger["Student ID"]]["Interviews done"] == "0"

    sync(cas, OPEN)                                  # read again: nothing duplicated
    record(emulator, ids, advisor,                   # the record edited and submitted again
           [group[0]["Student ID"], group[1]["Email"], group[2]["Student ID"],
            stranger["Student ID"]], fmt="Group discussion", response_id=rid,
           notes="Talked about plans; the group chose a project.")
    sync(cas, "2026-09-21")
    interviews = tab(master, "Interviews")
    assert sorted(interviews) == sorted([rid, f"{rid}/2", f"{rid}/3"])
    assert {row["Notes"] for row in interviews.values()} == {
        "Talked about plans; the group chose a project."}
    assert len(tab(master, "Needs review")) == 1


def test_an_unknown_student_in_a_group_goes_to_review_and_the_others_are_kept(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    response = record(emulator, ids, advisor, [rows[0]["Student ID"], "nobody@elsewhere.example"])
    sync(cas, OPEN)
    rid = response["responseId"]
    assert list(tab(master, "Interviews")) == [rid]
    [review] = tab(master, "Needs review").values()
    assert review["Response ID"] == f"{rid}/2"
    assert "No student has the email or ID 'nobody@elsewhere.example'" in review["Reason"]


def test_a_coordinator_may_record_any_students_interview_but_an_advisor_only_their_own(
        cohort, cas, emulator, sample_rows, tab):
    master, ids = cohort
    rows = sample_rows()
    other = next(r for r in rows if r["Advisor email"] != rows[0]["Advisor email"])
    by_coordinator = record(emulator, ids, COORDINATOR, [other["Student ID"]])
    by_advisor = record(emulator, ids, rows[0]["Advisor email"], [other["Student ID"]])
    sync(cas, OPEN)
    assert list(tab(master, "Interviews")) == [by_coordinator["responseId"]]
    assert list(tab(master, "Needs review")) == [by_advisor["responseId"]]


# -- recordings ---------------------------------------------------------------------
def test_a_recording_in_the_students_folder_is_kept_and_one_elsewhere_is_noted(
        cohort, cas, emulator, sample_rows, tab, drive_as):
    master, ids = cohort
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    first, second, third = [r for r in rows if r["Advisor email"] == advisor][:3]
    students = tab(master, "Students")

    def upload(who, parent=None):
        body = {"name": "interview.m4a", "mimeType": "audio/mp4"}
        if parent:
            body["parents"] = [parent]
        made = drive_as(who).files().create(body=body, fields="id,webViewLink").execute()
        return made["webViewLink"]

    def folder(row):
        return students[row["Student ID"]]["Folder"].rstrip("/").rsplit("/", 1)[-1]
    in_folder = upload(first["Email"], folder(first))
    in_a_group_folder = upload(second["Email"], folder(second))
    elsewhere = upload(COORDINATOR)                  # the coordinator's My Drive
    private = upload(third["Email"])                 # the student's own My Drive, unshared
    good = record(emulator, ids, advisor, [first["Student ID"]], recording=in_folder)
    group = record(emulator, ids, advisor, [first["Student ID"], second["Student ID"]],
                   number="2 (mid-way)", date="2027-05-01", recording=in_a_group_folder)
    outside = record(emulator, ids, advisor, [second["Student ID"]], recording=elsewhere)
    unseen = record(emulator, ids, advisor, [third["Student ID"]], recording=private)
    video = record(emulator, ids, advisor, [third["Student ID"]], number="2 (mid-way)",
                   date="2027-05-01", recording="https://video.example/watch/123")
    recordings = {link.split("/file/d/")[1].split("/")[0]
                  for link in (in_folder, in_a_group_folder, elsewhere, private)}
    assert recordings <= looked_up(OPEN)             # new links: each looked up
    interviews = tab(master, "Interviews")
    notes = lambda response: interviews[response["responseId"]].get("Sync notes", "")  # noqa: E731
    assert interviews[good["responseId"]]["Recording"] == in_folder
    assert notes(good) == ""
    assert notes(group) == "" and interviews[group["responseId"] + "/2"].get("Sync notes", "") == ""
    assert notes(outside) == (f"Recording: the Drive file is not in {second['First name']} "
                              f"{second['Last name']}'s CAS folder: move it there so it stays "
                              f"with their record.")
    assert interviews[outside["responseId"]]["Recording"] == elsewhere    # kept all the same
    assert "cannot open this Drive file" in notes(unseen)
    assert "not a Drive file's" in notes(video)

    sync(cas, "2026-09-11")
    assert tab(master, "Interviews") == interviews
    asked = looked_up("2026-09-12")                  # nothing new: no recording looked up
    record(emulator, ids, advisor, [second["Student ID"]], recording=elsewhere,  # read again
           response_id=outside["responseId"], notes="Edited.")
    asked |= looked_up("2026-09-13")
    assert not asked & recordings                    # the same links: not looked up again
    again = tab(master, "Interviews")[outside["responseId"]]
    assert again["Notes"] == "Edited." and again["Sync notes"] == notes(outside)


def looked_up(day: str) -> set[str]:
    """The Drive files a sync on ``day`` asked files.get for (its Drive gateway watched)."""
    watched = workspace()
    asked: set[str] = set()
    real = watched.drive.get_request

    def get_request(file_id, fields=None):
        asked.add(file_id)
        return real(file_id, fields) if fields else real(file_id)
    watched.drive.get_request = get_request
    run_sync(watched, Config.from_env(), load_templates(), today=datetime.date.fromisoformat(day))
    return asked


def test_the_coordinator_resolves_a_group_members_review_line_on_the_review_page(
        cohort, cas, emulator, sample_rows, tab, service):
    """A group member's review line is keyed ``response ID/position``: its page's
    Resolved button reaches it (the route takes the slash)."""
    from _web import Browser
    master, ids = cohort
    rows = sample_rows()
    stranger = next(r for r in rows if r["Advisor email"] != rows[0]["Advisor email"])
    rid = record(emulator, ids, rows[0]["Advisor email"],
                 [rows[0]["Student ID"], stranger["Student ID"]])["responseId"]
    sync(cas, OPEN)
    coordinator = Browser(service.app, COORDINATOR)
    page = coordinator.get("/coordinator/2026-2028/review").get_data(as_text=True)
    assert f"/coordinator/2026-2028/review/{rid}/2" in page
    answer = coordinator.post(f"/coordinator/2026-2028/review/{rid}/2",
                              note="Recorded again by their own advisor.")
    assert answer.status_code in (200, 302)
    assert tab(master, "Needs review")[f"{rid}/2"]["Resolved"] == "TRUE"
