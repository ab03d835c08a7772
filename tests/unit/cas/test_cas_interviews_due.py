"""Which interview an advisor should hold now: due while its window is open,
overdue once it closed, nothing before it opens or once it is held (as the rules
count it: a record held before its window does not count)."""

import datetime

import pytest

from service.cas import CasSettings, Interview
from service.cas.interviews_due import interviews_due

D = datetime.date
# 1 Sept 2026 to 31 March 2028: interview 1 to 1 Nov 2026; midpoint 15 June 2027,
# interview 2 from 15 April to 15 August 2027; interview 3 from 31 Dec 2027.
SETTINGS = CasSettings(cohort_start=D(2026, 9, 1), cohort_end=D(2028, 3, 31))


def held(number, on):
    return Interview(f"r{number}{on}", "S1", number, on)


@pytest.mark.parametrize("today, recorded, expected", [
    (D(2026, 9, 1), [], [(1, False)]),                       # window 1 opens on the start
    (D(2026, 11, 1), [], [(1, False)]),                      # its last day, still due
    (D(2026, 11, 2), [], [(1, True)]),                       # the day after: overdue
    (D(2026, 11, 2), [held(1, D(2026, 10, 5))], []),
    (D(2027, 5, 1), [held(1, D(2026, 10, 5))], [(2, False)]),
    (D(2027, 5, 1), [held(1, D(2026, 10, 5)), held(2, D(2027, 3, 1))], [(2, False)]),  # early
    (D(2028, 1, 10), [held(1, D(2026, 10, 5))], [(2, True), (3, False)]),
    (D(2026, 8, 1), [], []),                                 # before the programme
])
def test_interviews_due_by_the_cohorts_windows(today, recorded, expected):
    got = [(d.number, d.overdue) for d in interviews_due(recorded, SETTINGS, today)]
    assert got == expected


def test_without_the_cohorts_dates_nothing_is_said_to_be_due():
    assert interviews_due([], CasSettings(), D(2027, 1, 1)) == []


def test_the_wording_names_the_interview_and_the_window_end():
    [due] = interviews_due([], SETTINGS, D(2026, 9, 10))
    assert due.describe() == "Interview 1 (early) is due by 1 November 2026"
    [late] = interviews_due([], SETTINGS, D(2026, 12, 1))
    assert late.describe() == "Interview 1 (early) is overdue: its window closed on 1 November 2026"
