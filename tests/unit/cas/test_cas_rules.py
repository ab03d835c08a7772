"""Each completion rule of CAS.md as a coordinator sees it in the Students tab: the
status and the reason in plain words, at the edges of every window and setting.

Ann (cas_cohort.py) does everything on time; each case takes something away or moves
a date and states what the Sheet then says. After the programme ends a missing rule
makes her Incomplete; while it runs, a rule that is late makes her At risk."""

from __future__ import annotations

import dataclasses

import pytest

from service.cas import assess

from cas_cohort import (ALL_CURRENT, ANN, D, END, MIDPOINT, SETTINGS, START, as_of, complete_records,
                        experience, interview, reflection)

AFTER_END = D(2028, 6, 1)


def assessed(records, today, student=ANN, **settings):
    return assess(student, *as_of(records, today), dataclasses.replace(SETTINGS, **settings),
                  today)


def ann(experiences=None, reflections=None, interviews=None, *, add=(), drop=()):
    """Ann's complete records with some replaced, added (records of any kind) or dropped
    (by experience code, reflection outcome or interview number)."""
    e, r, s, i = complete_records()
    e = [x for x in (experiences if experiences is not None else e) if x.experience_id not in drop]
    r = [x for x in (reflections if reflections is not None else r)
         if not set(x.outcomes) & set(drop)]
    i = [x for x in (interviews if interviews is not None else i) if x.number not in drop]
    for record in add:
        {"Experience": e, "Reflection": r, "Interview": i}[type(record).__name__].append(record)
    return e, r, s, i


def test_a_student_doing_everything_is_on_track_every_day_and_complete_from_the_final_interview():
    records = complete_records()
    day, seen = D(2026, 8, 1), []
    while day <= AFTER_END:
        status = assessed(records, day).status
        if not seen or seen[-1][1] != status:
            seen.append((day, status))
        day = day.fromordinal(day.toordinal() + 1)
    assert seen == [(D(2026, 8, 1), "On track"), (D(2028, 4, 1), "Complete")]


# -- after the end: every rule must be met ---------------------------------------
S1_PROJECT = dict(title="Beach clean-up", project=True)
INCOMPLETE_CASES = {
    "outcomes without evidence are named in the framework's order": (
        ann(drop=("Ethics", "Collaboration")), {},
        ["No evidence yet for: Collaboration, Ethics"]),
    "a reflection on an experience awaiting decision is not evidence": (
        ann(drop=("Ethics",), add=[experience("X1", decision=""),
                                   reflection("X1", D(2027, 5, 5), "Ethics")]), {},
        ["No evidence yet for: Ethics"]),
    "a reflection on another student's experience is not evidence": (
        ann(drop=("Ethics",), add=[experience("B1", student="S2"),
                                   reflection("B1", D(2027, 5, 5), "Ethics")]), {},
        ["No evidence yet for: Ethics"]),
    "no CAS project": (
        ann(drop=("S1",), add=[experience("S2", "Service")]), {}, ["No approved CAS project"]),
    "a CAS project still awaiting the advisor": (
        ann(drop=("S1",), add=[experience("S2", "Service", decision="", **S1_PROJECT),
                               experience("S3", "Service")]), {},
        ["No approved CAS project"]),
    "a project one day too short": (
        ann(drop=("S1",), add=[experience("S1", "Service", end=D(2026, 10, 29), **S1_PROJECT)]), {},
        ["The CAS project 'Beach clean-up' lasts 29 days (1 October 2026 to 29 October 2026); "
         "it needs at least 30"]),
    "a project without dates": (
        ann(drop=("S1",), add=[experience("S1", "Service", end=None, **S1_PROJECT)]), {},
        ["The CAS project 'Beach clean-up' has no start or end date"]),
    "the school asks for a longer project": (
        ann(), {"project_min_days": 200},
        ["The CAS project 'Beach clean-up' lasts 182 days (1 October 2026 to 31 March 2027); "
         "it needs at least 200"]),
    "the school asks for two projects": (
        ann(), {"min_projects": 2},
        ["1 of 2 CAS projects approved and at least 30 days long"]),
    "no approved Service experience": (
        ann(drop=("S1",), add=[experience("S1", "Creativity", **S1_PROJECT),
                               experience("S2", "Service", decision="Rejected")]), {},
        ["Approved experiences below the minimum: Service 0 of 1"]),
    "the school asks for two Creativity experiences": (
        ann(), {"min_creativity_experiences": 2},
        ["Approved experiences below the minimum: Creativity 1 of 2"]),
    "interview 3 never recorded": (
        ann(drop=(3,)), {}, ["Interview 3 not recorded"]),
    "interview 2 held the day before its window opened": (
        ann(drop=(2,), add=[interview(2, D(2027, 5, 16))]), {},
        ["Interview 2 was held on 16 May 2027, before its window opened on 17 May 2027; "
         "hold it again in its window"]),
    "interview 3 held before a leap-year window opened on 29 February": (
        ann(drop=(3,), add=[interview(3, D(2028, 2, 28))]), {},
        ["Interview 3 was held on 28 February 2028, before its window opened on "
         "29 February 2028; hold it again in its window"]),
    "an experience ticked complete with no reflection": (
        ann(add=[experience("X1", "Activity", marked_complete=True, title="Choir")]), {},
        ["'Choir' is marked complete but has no reflection"]),
    "nothing at all": (
        ([], [], [], []), {},
        ["No evidence yet for: Strengths and growth, Challenge and new skills, Initiative and "
         "planning, Commitment and perseverance, Collaboration, Global significance, Ethics",
         "No approved CAS project",
         "Approved experiences below the minimum: Creativity 0 of 1, Activity 0 of 1, Service 0 of 1",
         "Interview 1 not recorded", "Interview 2 not recorded", "Interview 3 not recorded"]),
}


@pytest.mark.parametrize("case", INCOMPLETE_CASES)
def test_after_the_end_an_unmet_rule_makes_the_student_incomplete(case):
    records, settings, reasons = INCOMPLETE_CASES[case]
    assessment = assessed(records, AFTER_END, **settings)
    assert (assessment.status, list(assessment.reasons)) == ("Incomplete", reasons)


COMPLETE_CASES = {
    "a project of exactly 30 days": ann(
        drop=("S1",), add=[experience("S1", "Service", end=D(2026, 10, 30), **S1_PROJECT)]),
    "interview 2 on the first day of its window": ann(
        drop=(2,), add=[interview(2, D(2027, 5, 17))]),
    "interview 3 on 29 February, the first day of its window": ann(
        drop=(3,), add=[interview(3, D(2028, 2, 29))]),
    "interview 1 held late still counts (the Interviews tab says Late)": ann(
        drop=(1,), add=[interview(1, D(2026, 12, 1))]),
    "one experience counting in two strands": ann(
        drop=("A1", "S1"), add=[experience("S1", "Service", "Activity", **S1_PROJECT)]),
    "outcomes confirmed by the advisor instead of reflections": ann(
        drop=("Collaboration", "Ethics")),
}


@pytest.mark.parametrize("case", COMPLETE_CASES)
def test_every_rule_met_at_its_edge_is_complete(case):
    student = ANN
    if case.startswith("outcomes confirmed"):
        student = dataclasses.replace(ANN, advisor_confirmed_outcomes=("collaboration", "Ethics"))
    assessment = assessed(COMPLETE_CASES[case], AFTER_END, student=student)
    assert (assessment.status, assessment.reasons) == ("Complete", ())


def test_a_strand_the_school_does_not_require_may_be_left_out():
    records = ann(drop=("S1",), add=[experience("S1", "Activity", **S1_PROJECT)])
    assert assessed(records, AFTER_END, min_service_experiences=0).status == "Complete"


def test_the_last_day_of_the_programme_is_still_on_track_and_the_next_incomplete():
    records = ann(drop=(3,))
    on_the_day = assessed(records, END)
    assert (on_the_day.status, on_the_day.reasons) == ("On track", ())
    assert on_the_day.to_do == ("Interview 3 not recorded",)
    assert assessed(records, D(2028, 6, 1)).reasons == ("Interview 3 not recorded",)


# -- while the programme runs: late is at risk ----------------------------------------
STARTED = [experience("C1", "Creativity"), experience("A1", "Activity"),
           experience("S1", "Service", **S1_PROJECT)]
EARLY_MONTHS = (STARTED, [], [], [interview(1, D(2026, 10, 1))])
NOTHING = ([], [], [], [])
ONE_REFLECTION = (STARTED, [reflection("C1", D(2026, 12, 1), "Collaboration")], [],
                  [interview(1, D(2026, 10, 1))])


def pace(outcomes):
    """Started, interviews 1 and 2 done, one reflection on 1 July 2027 showing the first
    ``outcomes`` outcomes."""
    return (STARTED, [reflection("C1", D(2027, 7, 1), *ALL_CURRENT[:outcomes])], [],
            [interview(1, D(2026, 10, 1)), interview(2, D(2027, 7, 1))])


# (records, today, settings, status, reasons)
RUNNING_CASES = {
    "nothing before the programme starts": (NOTHING, D(2026, 8, 20), {}, "Not started", []),
    "nothing on the last day of interview 1's window": (
        NOTHING, D(2026, 11, 1), {}, "Not started", []),
    "nothing the day after": (
        NOTHING, D(2026, 11, 2), {}, "At risk",
        ["Not started: no approved experience and no reflection, 62 days into the programme",
         "Interview 1 is overdue: its window closed on 1 November 2026"]),
    "a proposal not yet approved is not a start": (
        ([experience("C1", decision="")], [], [], []), D(2026, 10, 1), {}, "Not started", []),
    "approved, no reflection after exactly 45 days": (
        EARLY_MONTHS, D(2026, 10, 16), {}, "On track", []),
    "approved, no reflection after 46 days": (
        EARLY_MONTHS, D(2026, 10, 17), {}, "At risk", ["No reflection yet, 46 days into the programme"]),
    "45 days since the last reflection": (ONE_REFLECTION, D(2027, 1, 15), {}, "On track", []),
    "46 days since the last reflection": (
        ONE_REFLECTION, D(2027, 1, 16), {}, "At risk", ["No reflection for 46 days"]),
    "a reflection before the programme started does not start the clock early": (
        (STARTED, [reflection("C1", D(2026, 7, 3))], [], [interview(1, D(2026, 10, 1))]),
        D(2026, 10, 16), {}, "On track", []),
    "nor does it hide a long silence after the start": (
        (STARTED, [reflection("C1", D(2026, 7, 3))], [], [interview(1, D(2026, 10, 1))]),
        D(2026, 10, 17), {}, "At risk", ["No reflection since the programme started 46 days ago"]),
    "52 days with a school that allows 60": (
        ONE_REFLECTION, D(2027, 1, 22), {"inactivity_gap_days": 60}, "On track", []),
    "interview 1 on time is enough until interview 2's window closes": (
        ann(drop=(2,)), D(2027, 9, 17), {}, "On track", []),
    "interview 2 overdue": (
        ann(drop=(2,)), D(2027, 9, 18), {}, "At risk",
        ["Interview 2 is overdue: its window closed on 17 September 2027"]),
    "interview 3 is not overdue on the programme's last day": (
        ann(drop=(3,)), END, {}, "On track", []),
    "half the outcomes by the midpoint: 3 of 7 is enough": (
        pace(3), MIDPOINT, {}, "On track", []),
    "2 of 7 at the midpoint is behind": (
        pace(2), MIDPOINT, {}, "At risk",
        ["Only 2 of 7 outcomes evidenced; about 3 expected by now "
         "(50% of the programme has passed)"]),
    "no approved project the day before the midpoint is still to do": (
        ann(drop=("S1",), add=[experience("S1", "Service")]), D(2027, 7, 16), {}, "On track", []),
    "no approved project at the midpoint": (
        ann(drop=("S1",), add=[experience("S1", "Service")]), MIDPOINT, {}, "At risk",
        ["No approved CAS project"]),
    "a project approved but starting after the midpoint": (
        ann(drop=("S1",), add=[experience("S1", "Service", start=D(2027, 8, 1),
                                          end=D(2027, 12, 1), **S1_PROJECT)]),
        MIDPOINT, {}, "At risk", ["No CAS project under way at the midpoint (17 July 2027)"]),
    "no approved Service experience the day before the midpoint": (
        ann(drop=("S1",), add=[experience("S1", "Activity", **S1_PROJECT)]), D(2027, 7, 16), {},
        "On track", []),
    "no approved Service experience at the midpoint": (
        ann(drop=("S1",), add=[experience("S1", "Activity", **S1_PROJECT)]), MIDPOINT, {},
        "At risk", ["Approved experiences below the minimum: Service 0 of 1"]),
    "an experience ticked complete without a reflection is still to do, not a risk": (
        ann(add=[experience("X1", marked_complete=True, title="Choir")]), D(2027, 3, 1), {},
        "On track", []),
}


@pytest.mark.parametrize("case", RUNNING_CASES)
def test_while_the_programme_runs(case):
    records, today, settings, status, reasons = RUNNING_CASES[case]
    assessment = assessed(records, today, **settings)
    assert (assessment.status, list(assessment.reasons)) == (status, reasons)


def test_what_is_late_is_a_reason_and_not_repeated_in_what_is_still_to_do():
    assessment = assessed(ann(drop=(2,)), D(2027, 9, 18))
    assert "Interview 2 is overdue: its window closed on 17 September 2027" in assessment.reasons
    assert assessment.to_do == ("Interview 3 not recorded",)


def test_the_ticked_experience_is_listed_to_do():
    records = ann(add=[experience("X1", marked_complete=True, title="Choir")])
    assert "'Choir' is marked complete but has no reflection" in assessed(records, D(2027, 3, 1)).to_do


def test_the_programme_start_is_day_zero():
    assert assessed(NOTHING, START).status == "Not started"
