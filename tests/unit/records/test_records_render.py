"""A student's record and their parents' report, rendered from the Sheet's rows and
the student's assessment (service/records: pure, no Google call). Each test reads
the text a student or a parent would read."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest

from service import cas
from service.records import (ReportOptions, record_hash, record_html, report_html,
                             student_view)

FRAMEWORK = cas.outcomes.framework("current-7")
SERIAL = lambda d: (d - datetime.date(1899, 12, 30)).days  # noqa: E731 - a Sheet date


def assessment(**changes) -> cas.Assessment:
    values = dict(student_id="S1234", status="At risk", computed_status="At risk",
                  reasons=("No reflection for 50 days (the limit is 45).",),
                  to_do=("Write a reflection on 'Choir'.", "Hold interview 2 with your advisor."),
                  notes=(), outcomes_evidenced=2, outcomes_total=7,
                  outcomes_missing=tuple(o.label for o in FRAMEWORK.outcomes[2:]),
                  strand_counts=(("Creativity", 1), ("Activity", 0), ("Service", 1)),
                  project="'Beach clean-up' (approved)", interviews_done=1,
                  last_reflection=datetime.date(2026, 10, 1))
    values.update(changes)
    return cas.Assessment(**values)


STUDENT = {"student_id": "S1234", "name": "Ana López", "email": "ana@school.example",
           "advisor_confirmed_outcomes": "Challenge and new skills"}
EXPERIENCES = [
    {"experience_id": "K7M-3QX", "student_id": "S1234", "title": "Choir", "strands": "Creativity",
     "advisor_decision": "Approved", "advisor_comment": "Lovely idea.\nKeep a diary.",
     "experience_status": "Awaiting supervisor", "targeted_outcomes": "Strengths and growth",
     "supervisor_name": "Mr Bell", "supervisor_email": "bell@choir.example",
     "supervisor_statement": "Awaited", "supervisor_invited_on": SERIAL(datetime.date(2026, 10, 2)),
     "supervisor_reminded_on": SERIAL(datetime.date(2026, 10, 16)),
     "start_date": SERIAL(datetime.date(2026, 9, 15))},
    {"experience_id": "B2C-4DE", "student_id": "S1234", "title": "Beach clean-up",
     "strands": "Service", "cas_project": True, "advisor_decision": "Approved",
     "experience_status": "Completed", "supervisor_name": "Ms Sea",
     "supervisor_email": "sea@ngo.example", "supervisor_statement": "Positive",
     "targeted_outcomes": "Collaboration\nEthics", "start_date": SERIAL(datetime.date(2026, 9, 20))},
    {"experience_id": "ZZZ-999", "student_id": "S9999", "title": "Someone else's"},
]
REFLECTIONS = [
    {"response_id": "r1", "student_id": "S1234", "experience_id": "K7M-3QX",
     "submitted": SERIAL(datetime.date(2026, 10, 1)), "outcomes": "Strengths and growth",
     "cas_stage": "Action", "reflection": "I sang <b>alone</b> for the first time."},
    {"response_id": "r2", "student_id": "S9999", "experience_id": "ZZZ-999",
     "submitted": SERIAL(datetime.date(2026, 10, 1)), "reflection": "Not Ana's."},
]
INTERVIEWS = [
    {"response_id": "i1", "student_id": "S1234", "interview": "1 (early)",
     "interview_date": SERIAL(datetime.date(2026, 10, 5)), "format": "One-to-one",
     "notes": "Wants to start a choir.", "action_points": "Find a supervisor.",
     "share_with_student": True},
    {"response_id": "i2", "student_id": "S1234", "interview": "2 (mid-way)",
     "interview_date": SERIAL(datetime.date(2027, 3, 5)), "format": "Group discussion",
     "notes": "Private worry about motivation.", "action_points": "Check in monthly.",
     "share_with_student": False},
]


def view(student=STUDENT, see_notes=False, **assessed):
    return student_view(student, assessment(**assessed), cohort="2026-2028", framework=FRAMEWORK,
                        experiences=EXPERIENCES, reflections=REFLECTIONS, interviews=INTERVIEWS,
                        students_see_interview_notes=see_notes)


def text_of(page: str) -> str:
    """The text a reader reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_record_says_the_status_why_and_what_to_do_next():
    page = text_of(record_html(view()))
    assert "Status: At risk" in page
    assert "No reflection for 50 days (the limit is 45)." in page
    assert "What to do next Write a reflection on 'Choir'. Hold interview 2" in page


def test_the_outcomes_matrix_names_the_experiences_the_reflections_and_the_advisor():
    the_view = view()
    rows = {o.label: o for o in the_view.outcomes}
    assert [o.label for o in the_view.outcomes] == FRAMEWORK.labels()
    assert rows["Strengths and growth"].targeted_by == ("Choir",)
    assert [r.experience_title for r in rows["Strengths and growth"].evidenced_by] == ["Choir"]
    assert rows["Challenge and new skills"].confirmed_by_advisor
    assert rows["Collaboration"].targeted_by == ("Beach clean-up",) and not rows[
        "Collaboration"].evidenced
    page = text_of(record_html(the_view))
    assert "Learning outcomes: 2 of 7 evidenced" in page
    assert "1. Strengths and growth Choir Choir (1 October 2026) No Yes" in page
    assert "2. Challenge and new skills None yet None yet Yes Yes" in page


def test_each_experience_with_its_decision_comment_state_and_supervisor_statement():
    page = text_of(record_html(view()))
    assert "Choir (K7M-3QX)" in page and "Advisor's decision: Approved" in page
    assert "Advisor's comment: Lovely idea. / Keep a diary." in page
    assert "State: Awaiting supervisor" in page
    assert ("Supervisor statement: Awaited from Mr Bell: asked on 2 October 2026, reminded on "
            "16 October 2026.") in page
    assert "Beach clean-up (B2C-4DE): CAS project" in page
    assert "Supervisor statement: Received from Ms Sea: completed successfully." in page
    assert "Someone else's" not in page and "Not Ana's." not in page


def test_strand_balance_and_the_project():
    page = text_of(record_html(view()))
    assert "Creativity 1 Activity 0 Service 1" in page
    assert "CAS project: 'Beach clean-up' (approved)" in page


def test_peoples_text_is_text_never_markup():
    page = record_html(view(student=dict(STUDENT, name="<script>alert(1)</script>")))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>alone</b>" not in page
    assert "I sang &lt;b&gt;alone&lt;/b&gt; for the first time." in page


def test_interview_notes_only_when_the_interviewer_shared_them():
    page = text_of(record_html(view()))
    assert "Interview 1 (early) Date: 5 October 2026 Format: One-to-one" in page
    assert "Wants to start a choir." in page and "Find a supervisor." in page
    assert "Interview 2 (mid-way) Date: 5 March 2027 Format: Group discussion" in page
    assert "Private worry" not in page and "Check in monthly." not in page
    assert "The notes of this interview are kept by your advisor." in page


def test_every_interviews_notes_when_the_school_lets_students_see_them():
    page = text_of(record_html(view(see_notes=True)))
    assert "Private worry about motivation." in page and "Check in monthly." in page


def test_a_completion_the_coordinator_confirmed_is_said():
    assert "completion is confirmed" not in text_of(record_html(view()))
    page = text_of(record_html(view(student=dict(
        STUDENT, ib_completion="Completed", ib_completion_date=SERIAL(datetime.date(2028, 4, 1))))))
    assert "Your CAS completion is confirmed (1 April 2028)." in page
    pending = text_of(record_html(view(student=dict(STUDENT, ib_completion="Pending"))))
    assert "completion is confirmed" not in pending


def test_the_hash_is_the_same_for_the_same_record_and_changes_with_it():
    assert record_hash(record_html(view())) == record_hash(record_html(view()))
    changed = record_html(view(outcomes_evidenced=3))
    assert record_hash(changed) != record_hash(record_html(view()))


def test_the_hash_leaves_out_the_day_and_its_counts_but_not_the_week():
    friday, saturday, monday = (datetime.date(2026, 11, d) for d in (20, 21, 23))
    before = record_html(view(reasons=["No reflection for 52 days"]), as_of=friday)
    after = record_html(view(reasons=["No reflection for 53 days"]), as_of=saturday)
    assert "As of 21 November 2026." in text_of(after)
    assert record_hash(before, friday) == record_hash(after, saturday)
    assert record_hash(after, saturday) != record_hash(after, monday)
    other = record_html(view(reasons=["Interview 1 is overdue"]), as_of=saturday)
    assert record_hash(other, saturday) != record_hash(after, saturday)


def test_the_parents_report_is_short_status_counts_comments_and_no_reflections():
    page = text_of(report_html(view(), ReportOptions(term="Term 1")))
    assert page.startswith("CAS report: Term 1 Ana López (S1234)")
    assert "Status At risk" in page
    assert "Learning outcomes evidenced 2 of 7" in page
    assert "Creativity 1 Activity 0 Service 1" in page
    assert "Choir (Approved): Lovely idea. / Keep a diary." in page
    assert "I sang" not in page and "Wants to start a choir." not in page


def test_the_parents_report_shows_the_status_as_a_coloured_indicator():
    assert 'style="background-color:#d93025;color:#ffffff"' in report_html(
        view(), ReportOptions(term="Term 1"))
    assert "#188038" in report_html(view(status="On track", reasons=()), ReportOptions("T"))


def test_reflections_go_to_parents_only_when_the_school_says_so():
    page = text_of(report_html(view(), ReportOptions(term="Term 1", include_reflections=True)))
    assert "Reflections Choir, 1 October 2026 I sang <b>alone</b> for the first time." in page


@pytest.mark.parametrize("status", cas.STATUSES)
def test_every_status_renders(status):
    assert f"Status: {status}" in text_of(record_html(view(status=status)))
