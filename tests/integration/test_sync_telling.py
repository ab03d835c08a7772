"""What `cas sync` tells people, each thing once, against the emulator through the
real clients: a supervisor who has not answered is reminded once with the link of
their invitation; each advisor gets a digest of new proposals and advisees newly
At risk; the coordinators get one when someone became At risk or something waits
in Needs review; when Settings say so, the students newly At risk see a Classroom
announcement meant for them alone."""

from __future__ import annotations

import datetime

import pytest

from service.sync import experience_code

COORDINATOR = "coordinator@demo-school.example"
START = datetime.date(2026, 9, 1)


@pytest.fixture
def synced(cohort, cas):
    """The cohort after a first sync with no responses (every status known)."""
    assert cas("sync", "--today", "2026-09-10")[0] == 0
    return cohort


def sync(cas, day: str) -> str:
    code, out, err = cas("sync", "--today", day)
    assert code == 0, err + out
    return out


def proposal_with_supervisor(emulator, ids, who, title="Beach clean-up"):
    return emulator.world.forms.submit_response(ids["experience_proposal"], who, {
        "10000001": title, "10000002": ["Service"], "10000003": "Monthly clean-ups",
        "10000004": "2026-09-05", "10000005": "2026-10-01", "10000006": "No",
        "10000008": ["Ethics"], "10000009": "Local", "1000000a": "Jo Rivers",
        "1000000b": "jo.rivers@charity.example", "1000000c": "Volunteer lead"})


def test_a_supervisor_who_has_not_answered_is_reminded_once_with_the_invitations_own_link(
        synced, cas, emulator, sheets_as, gmail_as, sample_rows, decide, outbox, tab):
    master, ids = synced
    student = sample_rows()[0]
    code = experience_code(proposal_with_supervisor(emulator, ids, student["Email"])["responseId"])
    sync(cas, "2026-09-10")
    decide(master, code, "Approved")
    sync(cas, "2026-09-10")                        # invited on 10 September
    sync(cas, "2026-09-23")                        # 13 days: not yet (the setting says 14)
    assert not [m for m in outbox() if m["subject"].startswith("Reminder")]
    sync(cas, "2026-10-02")                        # the end date passed, 22 days on
    sync(cas, "2026-10-03")                        # the next sync reminds no one again
    to_supervisor = [m for m in outbox() if m["to"] == "jo.rivers@charity.example"]
    invitation, reminder = to_supervisor
    assert invitation["subject"].startswith("Supervising ")
    assert reminder["subject"].startswith("Reminder: a short statement")
    assert "On 10 September 2026 we asked you" in reminder["body"]
    link = lambda mail: next(w for w in mail["body"].split() if "/viewform?" in w)  # noqa: E731
    assert link(reminder) == link(invitation)
    assert tab(master, "Experiences")[code]["Supervisor reminded"] == "2026-10-02"


def test_each_advisor_hears_of_new_proposals_once_and_nobody_hears_of_nothing(
        synced, cas, emulator, gmail_as, sample_rows, outbox):
    master, ids = synced
    students = sample_rows()
    first, second = students[0], students[1]
    assert first["Advisor email"] == second["Advisor email"]
    for who, title in ((first, "Choir"), (second, "Food bank")):
        proposal_with_supervisor(emulator, ids, who["Email"], title)
    before = len(outbox())
    sync(cas, "2026-09-12")
    digests = [m for m in outbox()[before:] if m["to"] == first["Advisor email"]]
    assert len(digests) == 1 and digests[0]["subject"] == "CAS: 2 proposals to decide"
    body = digests[0]["body"]
    assert f"{first['First name']} {first['Last name']}: Choir" in body
    assert f"{second['First name']} {second['Last name']}: Food bank" in body
    assert "#gid=200" in body                     # the link opens the Experiences tab
    quiet = len(outbox())
    sync(cas, "2026-09-12")
    assert len(outbox()) == quiet                 # nothing new: no digest to anyone


def test_a_student_newly_at_risk_is_in_their_advisors_digest_and_the_coordinators_once(
        synced, cas, sample_rows, outbox):
    student = sample_rows()[0]
    before = len(outbox())
    # After interview 1's window (two months) a student with nothing is At risk.
    out = sync(cas, "2026-11-05")
    assert "Newly at risk:" in out
    mails = outbox()[before:]
    [digest] = [m for m in mails if m["to"] == student["Advisor email"]]
    assert "newly at risk" in digest["subject"]
    assert f"{student['First name']} {student['Last name']}" in digest["body"]
    assert "Interview 1" in digest["body"]        # with the reasons, in plain words
    [to_coordinator] = [m for m in mails if m["to"] == COORDINATOR]
    assert "newly at risk" in to_coordinator["subject"]
    again = len(outbox())
    sync(cas, "2026-11-06")                        # still At risk: not news any more
    assert len(outbox()) == again


def test_the_at_risk_announcement_goes_only_to_the_students_newly_at_risk_when_settings_say_so(
        synced, cas, school, classroom_as, sample_rows, set_setting, set_cell):
    master, _ = synced
    students = sample_rows()
    kept, idle = students[0], students[1]
    set_cell(master, "Students", kept["Student ID"], "Status set by coordinator", "On track")
    posts = lambda who: classroom_as(who).courses().announcements().list(  # noqa: E731
        courseId=school).execute().get("announcements", [])
    targeted = lambda: [p for p in posts(COORDINATOR)  # noqa: E731
                        if p.get("assigneeMode") == "INDIVIDUAL_STUDENTS"
                        and "see your CAS advisor" in p["text"]]
    assert "Newly at risk" in sync(cas, "2026-11-05")   # interview 1 is overdue for all
    assert not targeted()                                 # the setting is off
    set_setting(master, "announce_at_risk_to_students", True)
    sync(cas, "2026-10-20")   # back inside interview 1's window: Not started, no risk
    sync(cas, "2026-11-05")   # past it: newly At risk again, all but the one kept On track
    [post] = targeted()
    assert len(post["individualStudentsOptions"]["studentIds"]) == len(students) - 1
    assert "see your CAS advisor" in post["text"]
    assert [p["id"] for p in posts(idle["Email"])].count(post["id"]) == 1
    assert post["id"] not in [p["id"] for p in posts(kept["Email"])]
    sync(cas, "2026-11-06")
    assert len(targeted()) == 1                           # still At risk is not news


def test_a_revised_proposal_awaits_a_new_decision_which_the_student_is_told(
        synced, cas, emulator, sample_rows, decide, outbox, tab):
    master, ids = synced
    student = sample_rows()[0]
    code = experience_code(proposal_with_supervisor(emulator, ids, student["Email"])["responseId"])
    sync(cas, "2026-09-10")
    decide(master, code, "Changes requested")
    sync(cas, "2026-09-10")
    [asked] = [m for m in outbox() if m["to"] == student["Email"]]
    revise = next(w for w in asked["body"].split() if "/viewform?" in w)
    assert f"entry.{int('1000000e', 16)}={code}" in revise
    emulator.world.forms.submit_response(ids["experience_proposal"], student["Email"], {
        "10000001": "Beach clean-up, with a plan", "10000002": ["Service"],
        "10000003": "Monthly clean-ups, planned with the council", "10000004": "2026-09-05",
        "10000005": "2026-10-01", "10000006": "No", "10000008": ["Ethics"],
        "10000009": "Local", "1000000e": code})
    sync(cas, "2026-09-12")
    row = tab(master, "Experiences")[code]
    assert row["Experience status"] == "Awaiting decision"
    assert row["Title"] == "Beach clean-up, with a plan" and not row.get("Student told")
    assert len([m for m in outbox() if m["to"] == student["Email"]]) == 1   # not told again
    decide(master, code, "Approved")
    sync(cas, "2026-09-13")
    told = [m for m in outbox() if m["to"] == student["Email"]]
    assert len(told) == 2 and told[-1]["subject"].startswith("Approved")
    assert tab(master, "Experiences")[code]["Experience status"] == "Approved"
