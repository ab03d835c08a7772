"""What the Students tab shows for a student beyond the rules themselves: the
coordinator's status winning with its reason, the advisor's concern, a cohort whose
dates are not set yet, the older outcome framework, the summary cells, and a whole
cohort at once."""

from __future__ import annotations

import dataclasses

import pytest

from service.cas import CasSettings, assess, assess_cohort

from cas_cohort import (ANN, D, SETTINGS, as_of, complete_records, experience, interview,
                        reflection)

AFTER_END = D(2028, 6, 1)
MID_PROGRAMME = D(2027, 3, 1)


def assessed(student=ANN, records=None, today=AFTER_END, settings=SETTINGS):
    records = complete_records() if records is None else records
    return assess(student, *as_of(records, today), settings, today)


def without_interview_3():
    e, r, s, i = complete_records()
    return e, r, s, [x for x in i if x.number != 3]


# -- the coordinator's status --------------------------------------------------------
@pytest.mark.parametrize("manual, why, status, reasons", [
    ("Complete", "Final interview held on paper, seen 2 June",
     "Complete", ["Set by the coordinator: Final interview held on paper, seen 2 June",
                  "The rules alone say Incomplete:", "Interview 3 not recorded"]),
    ("Incomplete", "", "Incomplete", ["Set by the coordinator"]),
    ("  complete ", "Checked", "Complete", ["Set by the coordinator: Checked",
                                            "The rules alone say Incomplete:",
                                            "Interview 3 not recorded"]),
])
def test_the_coordinators_status_wins_and_says_why(manual, why, status, reasons):
    student = dataclasses.replace(ANN, manual_status=manual, manual_status_reason=why)
    assessment = assessed(student, without_interview_3())
    assert (assessment.status, list(assessment.reasons)) == (status, reasons)
    assert assessment.computed_status == "Incomplete"


def test_a_coordinators_status_the_rules_agree_with_shows_only_the_coordinators_reason():
    student = dataclasses.replace(ANN, manual_status="Complete", manual_status_reason="Signed off")
    assert assessed(student).reasons == ("Set by the coordinator: Signed off",)


def test_a_coordinators_status_that_is_not_one_of_the_five_is_ignored_and_noted():
    student = dataclasses.replace(ANN, manual_status="Done")
    assessment = assessed(student, without_interview_3())
    assert assessment.status == "Incomplete"
    assert assessment.notes == ("'Done' in \"Status set by coordinator\" is not one of Not "
                                "started, On track, At risk, Complete, Incomplete, so it is ignored",)


# -- the advisor's concern --------------------------------------------------------------
def test_an_advisors_concern_puts_the_student_at_risk_while_the_programme_runs():
    student = dataclasses.replace(ANN, advisor_concern="Missed three club sessions")
    assessment = assessed(student, today=MID_PROGRAMME)
    assert (assessment.status, assessment.reasons) == (
        "At risk", ("Advisor's concern: Missed three club sessions",))


def test_a_concern_does_not_undo_a_completed_programme():
    student = dataclasses.replace(ANN, advisor_concern="Missed three club sessions")
    assert assessed(student).status == "Complete"


# -- a Sheet whose dates are not set yet ------------------------------------------------
UNDATED = CasSettings()


@pytest.mark.parametrize("records, status", [
    (([], [], [], []), "Not started"),
    (([experience("C1")], [], [], []), "On track"),
    (([experience("C1", decision="")], [reflection("C1", D(2027, 1, 1))], [], []), "On track"),
    (complete_records(), "Complete"),
])
def test_without_programme_dates_only_the_rules_that_need_no_date_apply(records, status):
    assessment = assessed(records=records, today=D(2030, 1, 1), settings=UNDATED)
    assert (assessment.status, assessment.reasons) == (status, ())
    if status != "Complete":
        assert assessment.notes[0].startswith("Set cohort_start and cohort_end in Settings")


# -- frameworks -------------------------------------------------------------------------
def test_a_cohort_on_the_older_framework_needs_its_eight_outcomes():
    older = dataclasses.replace(SETTINGS, outcome_framework="older-8")
    assessment = assessed(settings=older)
    assert assessment.status == "Incomplete"
    assert assessment.reasons[0] == ("No evidence yet for: New challenges, Planning and "
                                     "initiative, Perseverance and commitment, Global issues, "
                                     "New skills")
    assert (assessment.outcomes_evidenced, assessment.outcomes_total) == (3, 8)
    assert assessment.notes == (
        "Not outcomes of the older 8-outcome framework, so not counted: 'Challenge and new "
        "skills', 'Commitment and perseverance', 'Global significance', 'Initiative and planning'",)


def test_an_outcome_the_advisor_names_by_a_wrong_label_is_noted_not_counted():
    e, r, s, i = complete_records()
    r = [x for x in r if "Collaboration" not in x.outcomes]
    student = dataclasses.replace(ANN, advisor_confirmed_outcomes=("Teamwork",))
    assessment = assessed(student, (e, r, s, i))
    assert assessment.reasons == ("No evidence yet for: Collaboration",)
    assert assessment.notes == ("Not outcomes of the current 7-outcome framework, so not "
                                "counted: 'Teamwork'",)


# -- the Students tab's cells ------------------------------------------------------------
def test_the_students_tab_cells_of_a_complete_student():
    assert assessed().students_cells() == {
        "status": "Complete", "reasons": "", "outcomes_evidenced": "7 of 7",
        "outcomes_missing": "", "strand_counts": "1 / 1 / 1",
        "project": "Beach clean-up: Approved, 1 October 2026 to 31 March 2027",
        "interviews_done": 3, "last_reflection": D(2028, 5, 1)}


def test_the_students_tab_cells_of_a_student_part_way():
    records = ([experience("C1", "Creativity", "Service"),
                experience("P1", "Service", decision="", project=True, title="Food bank",
                           start=D(2027, 1, 10), end=D(2027, 6, 30)),
                experience("R1", "Activity", decision="Rejected", project=True, title="Gym")],
               [reflection("C1", D(2027, 2, 1), "Collaboration", "Ethics")], [],
               [interview(1, D(2026, 10, 1)), interview(3, D(2026, 10, 2))])
    cells = assessed(records=records, today=MID_PROGRAMME).students_cells()
    assert cells == {
        "status": "On track", "reasons": "", "outcomes_evidenced": "2 of 7",
        "outcomes_missing": "Strengths and growth\nChallenge and new skills\nInitiative and "
                            "planning\nCommitment and perseverance\nGlobal significance",
        "strand_counts": "1 / 0 / 1",
        "project": "Food bank: Awaiting decision, 10 January 2027 to 30 June 2027",
        "interviews_done": 1,  # interview 3 in October 2026 is long before its window
        "last_reflection": D(2027, 2, 1)}


def test_reasons_are_one_per_line_in_the_why_cell():
    records = without_interview_3()
    e, r, s, i = records
    cell = assessed(records=(e, [x for x in r if "Ethics" not in x.outcomes], s, i)).students_cells()
    assert cell["reasons"] == "No evidence yet for: Ethics\nInterview 3 not recorded"


# -- a whole cohort ---------------------------------------------------------------------
def test_an_empty_cohort_has_no_assessments():
    assert assess_cohort([], [], [], [], [], SETTINGS, AFTER_END) == {}


def test_a_cohort_is_each_student_assessed_with_their_own_records():
    ben = dataclasses.replace(ANN, student_id="S2", name="Ben Ode")
    e, r, s, i = complete_records()
    strays = [experience("Z1", student="S9"), reflection("Z1", D(2027, 1, 1), student="S9"),
              interview(1, D(2026, 10, 1), student="S9")]
    cohort = assess_cohort([ANN, ben], e + [strays[0]], r + [strays[1]], s, i + [strays[2]],
                           SETTINGS, AFTER_END)
    assert cohort == {"S1": assess(ANN, e, r, s, i, SETTINGS, AFTER_END),
                      "S2": assess(ben, [], [], [], [], SETTINGS, AFTER_END)}
    assert (cohort["S1"].status, cohort["S2"].status) == ("Complete", "Incomplete")
