"""The records speak the Sheet's words: a cell listing outcomes splits into labels, the
Interviews tab's "2 (mid-way)" is interview 2, an advisor's "approved " still counts
as Approved, and a submitted time is kept as its day."""

from __future__ import annotations

import datetime

import pytest

from service.cas import (DECISIONS, EXPERIENCE_STATUSES, INTERVIEW_FORMATS, INTERVIEW_LABELS,
                         STATEMENT_STATES, STATUSES, STRANDS, Experience, Reflection,
                         SupervisorStatement, interview_number, split_list)
from service.templates import load_sheet_template, load_form_templates

from cas_cohort import D


@pytest.mark.parametrize("cell, items", [
    ("Collaboration, Ethics", ("Collaboration", "Ethics")),
    ("Collaboration\nEthics\n", ("Collaboration", "Ethics")),
    (" , ", ()),
    ("", ()),
    (None, ()),
])
def test_a_cell_listing_several_splits_on_commas_and_lines(cell, items):
    assert split_list(cell) == items


@pytest.mark.parametrize("value, number", [
    ("1 (early)", 1), ("2 (mid-way)", 2), ("3 (final)", 3), ("2", 2), (3, 3),
    ("4", None), ("", None), (None, None), ("12", None), ("mid-way", None),
])
def test_the_interview_number_is_read_from_the_tabs_value(value, number):
    assert interview_number(value) == number


def test_the_records_words_are_the_sheets_and_the_forms():
    sheet = load_sheet_template()
    forms = load_form_templates()
    students, experiences = sheet.tab("students"), sheet.tab("experiences")
    assert STATUSES == students.column("status").choices == students.column("manual_status").choices
    assert DECISIONS == experiences.column("advisor_decision").choices
    assert EXPERIENCE_STATUSES == experiences.column("experience_status").choices
    assert STATEMENT_STATES == experiences.column("supervisor_statement").choices
    assert STRANDS == forms["experience_proposal"].question("strands").options
    assert tuple(INTERVIEW_LABELS.values()) == forms["interview_record"].question("interview").options
    assert INTERVIEW_FORMATS == forms["interview_record"].question("format").options


@pytest.mark.parametrize("decision, approved", [
    ("Approved", True), (" approved ", True), ("Changes requested", False), ("", False)])
def test_an_advisors_decision_is_read_whatever_its_case(decision, approved):
    assert Experience("E1", "S1", advisor_decision=decision).approved is approved


def test_a_submitted_time_is_kept_as_its_day():
    moment = datetime.datetime(2027, 3, 31, 23, 59)
    assert Reflection("r1", "S1", "E1", moment).submitted == D(2027, 3, 31)
    assert SupervisorStatement("s1", "E1", moment, True).submitted == D(2027, 3, 31)


def test_a_statement_counts_only_from_an_adult_outside_the_family():
    assert SupervisorStatement("s1", "E1", D(2027, 1, 1), True).positive
    unconfirmed = SupervisorStatement("s1", "E1", D(2027, 1, 1), True, adult_not_family=False)
    assert not unconfirmed.counts and not unconfirmed.positive
