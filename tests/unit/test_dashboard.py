"""The Dashboard tab's rows (service/sync/dashboard.py): one row per advisor and an
All row, each outcome with how many students have evidence of it, and each month
of the programme with its reflections and proposals."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from service.cas import Student, assess_cohort
from service.sync.dashboard import BAR, dashboard_rows

sys.path.insert(0, str(Path(__file__).parent / "cas"))
from cas_cohort import D, SETTINGS, experience, interview, reflection  # noqa: E402

ANN = Student("S1", "Ann Lee", "ann@school.example", "tutor@school.example")
BEN = Student("S2", "Ben Ode", "ben@school.example", "tutor@school.example")
CY = Student("S3", "Cy Park", "cy@school.example", "coach@school.example")
TODAY = D(2026, 12, 15)


def rows_for(students=(ANN, BEN, CY), experiences=(), reflections=(), interviews=(),
             proposed_on=None, review=None, today=TODAY):
    assessed = assess_cohort(students, experiences, reflections, (), interviews, SETTINGS, today)
    return dashboard_rows(students=students, assessments=assessed, experiences=experiences,
                          reflections=reflections, interviews=interviews,
                          proposed_on=proposed_on or {}, review_by_advisor=review or {},
                          review_total=sum((review or {}).values()), settings=SETTINGS,
                          today=today, updated=46000.5)


def block(rows, title):
    start = next(i for i, row in enumerate(rows) if row and row[0] == title)
    end = next((i for i in range(start, len(rows)) if not rows[i]), len(rows))
    return rows[start + 1:end]


def by_advisor(rows):
    return {row[0]: row for row in rows[:rows.index([])]}


def test_each_advisor_then_all_with_students_statuses_awaiting_interviews_and_review():
    rows = rows_for(experiences=[experience("C1", student="S1", decision="")],
                    interviews=[interview(1, D(2026, 10, 1), student="S2")],
                    review={"coach@school.example": 2})
    table = by_advisor(rows)
    assert list(table) == ["coach@school.example", "tutor@school.example", "All"]
    # advisor, students, Not started, On track, At risk, Complete, Incomplete,
    # awaiting decision, interviews due, needs review, updated
    assert table["tutor@school.example"][1] == 2
    assert table["tutor@school.example"][7] == 1        # Ann's proposal waits
    assert table["tutor@school.example"][8] == 1        # Ann's interview 1; Ben had his
    assert table["coach@school.example"][9] == 2
    assert table["All"][1:2] + table["All"][7:10] == [3, 1, 2, 2]
    assert sum(table["All"][2:7]) == 3
    assert table["All"][10] == 46000.5


@pytest.mark.parametrize("today, due", [
    (D(2026, 8, 31), 0),        # before the programme: no window has opened
    (D(2026, 9, 1), 3),         # interview 1's window opens for all three
    (D(2027, 5, 17), 6),        # interview 2's opens (17 May 2027)
    (D(2028, 2, 29), 9),        # interview 3's opens on the leap day
])
def test_interviews_count_as_due_from_the_day_their_window_opens(today, due):
    assert by_advisor(rows_for(today=today))["All"][8] == due


def test_outcomes_count_the_students_with_evidence_of_each():
    code = "C1"
    rows = rows_for(experiences=[experience(code, student="S1"), experience("C2", student="S2")],
                    reflections=[reflection(code, D(2026, 10, 2), "Collaboration", student="S1"),
                                 reflection("C2", D(2026, 10, 3), "Collaboration", "Ethics",
                                            student="S2")])
    outcomes = {row[0]: row for row in block(rows, "Outcomes: students with evidence")}
    assert len(outcomes) == 7 and list(outcomes)[0] == "Strengths and growth"
    assert outcomes["Collaboration"][1:3] == [2, "67%"]
    assert outcomes["Ethics"][1:3] == [1, "33%"]
    assert outcomes["Strengths and growth"][1:] == [0, "0%", ""]
    assert outcomes["Collaboration"][3] == BAR * 13 and outcomes["Ethics"][3].startswith(BAR)


def test_engagement_runs_from_the_programmes_start_to_this_month_with_a_bar():
    rows = rows_for(experiences=[experience("C1", student="S1")],
                    reflections=[reflection("C1", D(2026, 10, 2), student="S1"),
                                 reflection("C1", D(2026, 10, 20), student="S1", rid="b"),
                                 reflection("C1", D(2026, 12, 1), student="S2", rid="c")],
                    proposed_on={"C1": D(2026, 9, 20)})
    months = {row[0]: row for row in block(rows, "Engagement by month")}
    assert list(months) == ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
    assert months["Sep 2026"][1:4] == [0, 0, 1]
    assert months["Oct 2026"][1:4] == [2, 1, 0]
    assert months["Dec 2026"][1:4] == [1, 1, 0]
    assert months["Oct 2026"][4] == BAR * 20 and months["Dec 2026"][4] == BAR * 10
    assert months["Nov 2026"][4] == ""


def test_an_empty_cohort_still_has_its_all_row_and_every_outcome():
    rows = rows_for(students=())
    assert by_advisor(rows) == {"All": ["All", 0, 0, 0, 0, 0, 0, 0, 0, 0, 46000.5]}
    assert [row[1] for row in block(rows, "Outcomes: students with evidence")] == [0] * 7
