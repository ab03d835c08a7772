"""Calendar arithmetic as a coordinator reads the Settings: a month added to the 31st
lands on the month's last day (28 or 29 February), windows include both ends, and the
Interviews tab says Early, Yes or Late."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from service.cas import add_months, format_date, interview_timing, interview_window, midpoint
from service.cas.dates import Window, days_inclusive, elapsed_fraction

from cas_cohort import D, END, MIDPOINT, SETTINGS, START


@pytest.mark.parametrize("day, months, expected", [
    (D(2027, 1, 31), 1, D(2027, 2, 28)),     # February is short
    (D(2028, 1, 31), 1, D(2028, 2, 29)),     # leap year
    (D(2028, 5, 31), -3, D(2028, 2, 29)),    # back into a leap February
    (D(2027, 5, 31), -3, D(2027, 2, 28)),
    (D(2026, 9, 1), 2, D(2026, 11, 1)),
    (D(2026, 11, 30), 2, D(2027, 1, 30)),    # across the year's end
    (D(2027, 3, 15), -15, D(2025, 12, 15)),
    (D(2028, 2, 29), 12, D(2029, 2, 28)),    # 29 February a year on
    (D(2026, 9, 1), 0, D(2026, 9, 1)),
    (D(2026, 9, 1), 1.5, D(2026, 10, 16)),   # half a month is 15 days
    (D(2026, 9, 1), -1.5, D(2026, 7, 17)),
])
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)), st.integers(-40, 40))
def test_adding_months_never_spills_into_the_next_month(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)).filter(lambda d: d.day <= 28),
       st.integers(-40, 40))
def test_adding_then_removing_months_comes_back_for_days_every_month_has(day, months):
    assert add_months(add_months(day, months), -months) == day


def test_the_midpoint_is_halfway_rounded_down():
    assert midpoint(START, END) == MIDPOINT
    assert midpoint(D(2027, 1, 1), D(2027, 1, 4)) == D(2027, 1, 2)


def test_elapsed_fraction_is_zero_before_the_start_and_one_after_the_end():
    assert elapsed_fraction(START, END, D(2026, 1, 1)) == 0
    assert elapsed_fraction(START, END, MIDPOINT) == 0.5
    assert elapsed_fraction(START, END, D(2030, 1, 1)) == 1


def test_dates_read_the_same_in_every_locale():
    assert format_date(D(2027, 3, 31)) == "31 March 2027"
    assert format_date(D(2028, 2, 29)) == "29 February 2028"


def test_a_project_from_the_first_to_the_thirtieth_lasts_thirty_days():
    assert days_inclusive(D(2026, 9, 1), D(2026, 9, 30)) == 30


@pytest.mark.parametrize("number, opens, closes", [
    (1, D(2026, 9, 1), D(2026, 11, 1)),
    (2, D(2027, 5, 17), D(2027, 9, 17)),
    (3, D(2028, 2, 29), D(2028, 5, 31)),
])
def test_the_interview_windows_of_the_default_settings(number, opens, closes):
    assert interview_window(number, SETTINGS) == Window(opens, closes)


def test_the_windows_follow_the_settings():
    settings = dataclasses.replace(SETTINGS, interview_1_within_months=1,
                                   interview_2_months_around_midpoint=1,
                                   interview_3_last_months=2)
    assert interview_window(1, settings) == Window(D(2026, 9, 1), D(2026, 10, 1))
    assert interview_window(2, settings) == Window(D(2027, 6, 17), D(2027, 8, 17))
    assert interview_window(3, settings) == Window(D(2028, 3, 31), D(2028, 5, 31))


@pytest.mark.parametrize("number, held_on, shown", [
    (1, D(2026, 8, 31), "Early"),
    (1, D(2026, 9, 1), "Yes"),
    (1, D(2026, 11, 1), "Yes"),
    (1, D(2026, 11, 2), "Late"),
    (2, D(2027, 5, 16), "Early"),
    (2, D(2027, 5, 17), "Yes"),
    (2, D(2027, 9, 17), "Yes"),
    (2, D(2027, 9, 18), "Late"),
    (3, D(2028, 2, 28), "Early"),
    (3, D(2028, 2, 29), "Yes"),
    (3, D(2028, 5, 31), "Yes"),
    (3, D(2028, 6, 1), "Late"),
    (4, D(2027, 1, 1), ""),        # not an interview the form offers
    (None, D(2027, 1, 1), ""),
    (2, None, ""),
])
def test_the_interviews_tab_says_whether_each_was_in_its_window(number, held_on, shown):
    assert interview_timing(number, held_on, SETTINGS) == shown


def test_without_programme_dates_no_window_can_be_told():
    undated = dataclasses.replace(SETTINGS, cohort_start=None, cohort_end=None)
    assert interview_window(1, undated) is None
    assert interview_timing(1, D(2027, 1, 1), undated) == ""
