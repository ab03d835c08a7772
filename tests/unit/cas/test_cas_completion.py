"""Readiness for the coordinator's decision ("Ready to confirm?" in the Students tab):
Ready to confirm with the evidence, Not yet with what is missing, or Cannot be ready by
the end with why; and what the coordinator's IB completion result means (kept, flagged
when the rules disagree, a year's extension after Not completed). Today is always a
parameter."""

from __future__ import annotations

import pytest

from service.cas import CasSettings
from service.cas.completion import (CANNOT, COMPLETED, NOT_COMPLETED, NOT_YET, PENDING, READY,
                                    Readiness, extension_until, flag_decision, ib_result,
                                    readiness, readiness_cohort)

from cas_cohort import ANN, D, END, SETTINGS, Student, as_of, complete_records, experience

AFTER_END = D(2028, 6, 1)


def ready_on(today, records=None, settings=SETTINGS, student=ANN):
    records = complete_records() if records is None else records
    return readiness(student, *as_of(records, today), settings, today)


def without(records, *, interviews=(), experiences=()):
    e, r, s, i = records
    return ([x for x in e if x.experience_id not in experiences], r, s,
            [x for x in i if x.number not in interviews])


# -- the three verdicts, table-driven ------------------------------------------------
@pytest.mark.parametrize("case, records, today, verdict, first_line", [
    ("everything done, before the end", complete_records(), D(2028, 4, 2), READY,
     "All 7 learning outcomes evidenced"),
    ("everything done, after the end", complete_records(), AFTER_END, READY,
     "All 7 learning outcomes evidenced"),
    ("interview 3 missing, time left", without(complete_records(), interviews=(3,)),
     D(2028, 4, 2), NOT_YET, "Interview 3 not recorded"),
    ("interview 3 missing on the last day: it can still be held", without(
        complete_records(), interviews=(3,)), END, NOT_YET, "Interview 3 not recorded"),
    ("interview 3 missing after the end", without(complete_records(), interviews=(3,)),
     AFTER_END, CANNOT, "The programme ended on 31 May 2028"),
    ("no project, 40 days left: a 30-day one still fits", without(
        complete_records(), experiences=("S1",)), D(2028, 4, 22), NOT_YET,
     "No approved CAS project"),
    ("no project, 20 days left", without(complete_records(), experiences=("S1",)),
     D(2028, 5, 12), CANNOT,
     "A CAS project must last at least 30 days and the longest still possible lasts 20 "
     "(the programme ends on 31 May 2028)"),
])
def test_the_verdict_and_its_first_line(case, records, today, verdict, first_line):
    found = ready_on(today, records)
    assert found.verdict == verdict, case
    assert found.lines[0] == first_line, case


def test_ready_shows_the_evidence_the_coordinator_checks():
    found = ready_on(D(2028, 4, 2))
    assert found.ready
    assert found.text() == "\n".join([
        "Ready to confirm:",
        "All 7 learning outcomes evidenced",
        "Approved experiences: Creativity 1 (of 1 needed), Activity 1 (of 1 needed), "
        "Service 1 (of 1 needed)",
        "CAS project 'Beach clean-up': 1 October 2026 to 31 March 2027 (182 days)",
        "Interviews recorded: 1 on 15 October 2026, 2 on 1 July 2027, 3 on 1 April 2028",
        "Engaged from 1 October 2026 to 1 April 2028 (18 months of the programme's 21)"])


def test_not_yet_lists_every_gap_in_the_rules_order():
    records = without(complete_records(), interviews=(2, 3))
    found = ready_on(D(2027, 3, 1), records)
    assert found.verdict == NOT_YET
    assert found.text().splitlines()[0] == "Not yet:"
    assert found.lines[-2:] == ("Interview 2 not recorded", "Interview 3 not recorded")
    assert any(line.startswith("No evidence yet for: ") for line in found.lines)


def test_a_short_project_that_can_still_be_extended_is_not_yet():
    """An approved project of 10 days that began in January can run to the end: the
    rule may still be met (the student revises the dates)."""
    e, r, s, i = complete_records()
    short = experience("S1", "Service", project=True, title="Beach clean-up",
                       start=D(2028, 1, 10), end=D(2028, 1, 19))
    found = ready_on(D(2028, 5, 20), ([x for x in e if x.experience_id != "S1"] + [short], r, s, i))
    assert found.verdict == NOT_YET
    assert "lasts 10 days" in found.lines[0]


def test_a_cohort_without_dates_is_never_out_of_time():
    undated = CasSettings()
    found = ready_on(D(2030, 1, 1), without(complete_records(), interviews=(3,)),
                     settings=undated)
    assert found.verdict == NOT_YET


def test_the_cohort_at_once_matches_one_by_one():
    e, r, s, i = complete_records()
    other = Student("S2", "Bo", "bo@school.example")
    cohort = readiness_cohort([ANN, other], e, r, s, i, SETTINGS, AFTER_END)
    assert cohort["S1"] == ready_on(AFTER_END)
    assert cohort["S2"].verdict == CANNOT


# -- the coordinator's result -----------------------------------------------------------
@pytest.mark.parametrize("cell, result", [
    ("", PENDING), (None, PENDING), ("Pending", PENDING), ("completed", COMPLETED),
    ("  Not  completed ", NOT_COMPLETED), ("Done", None)])
def test_ib_results_read_from_the_cell(cell, result):
    assert ib_result(cell) == result


@pytest.mark.parametrize("result, verdict, flagged", [
    (COMPLETED, READY, False), (COMPLETED, NOT_YET, True), (COMPLETED, CANNOT, True),
    (NOT_COMPLETED, CANNOT, False), (PENDING, NOT_YET, False)])
def test_a_completed_on_a_student_not_ready_is_flagged_not_changed(result, verdict, flagged):
    found = flag_decision(result, Readiness(verdict, ("Interview 3 not recorded",)))
    assert (found is not None) == flagged
    if flagged:
        assert found == (verdict, "Interview 3 not recorded")


@pytest.mark.parametrize("decided, until", [
    (D(2028, 7, 6), D(2029, 7, 6)), (D(2028, 2, 29), D(2029, 2, 28))])
def test_the_extension_runs_a_year(decided, until):
    assert extension_until(decided) == until
