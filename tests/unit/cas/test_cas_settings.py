"""The rules' settings come from the Settings tab's values: the same defaults as the
template, typed values from resolve_settings accepted, and a value the rules cannot use
refused with the setting's name."""

from __future__ import annotations

import dataclasses

import pytest

from service.cas import CasSettings, outcomes
from service.templates import load_sheet_template, resolve_settings

from cas_cohort import D


@pytest.fixture(scope="module")
def sheet():
    return load_sheet_template()


def test_every_rule_setting_is_a_setting_of_the_sheet_with_the_same_default(sheet):
    specs = {spec.key: spec for spec in sheet.settings}
    for field in dataclasses.fields(CasSettings):
        assert field.name in specs, f"{field.name} is not in the Settings tab"
        assert field.default == specs[field.name].default, field.name


def test_the_values_resolve_settings_gives_are_taken_as_they_are(sheet):
    values = resolve_settings(sheet, {
        "cohort_start": "2026-09-01", "cohort_end": "2028-05-31", "outcome_framework": "older-8",
        "min_service_experiences": "2", "inactivity_gap_days": 30,
        "interview_2_months_around_midpoint": "1.5", "positive_statement_completes": "FALSE",
        "coordinator_emails": "head@school.example"})
    settings = CasSettings.from_values(values)
    assert settings.cohort_start == D(2026, 9, 1) and settings.cohort_end == D(2028, 5, 31)
    assert settings.framework.key == outcomes.OLDER
    assert settings.min_service_experiences == 2
    assert settings.inactivity_gap_days == 30
    assert settings.interview_2_months_around_midpoint == 1.5
    assert settings.positive_statement_completes is False
    assert settings.min_projects == 1  # the default


def test_a_fresh_sheet_without_dates_gives_undated_settings(sheet):
    settings = CasSettings.from_values(resolve_settings(sheet, {}))
    assert settings == CasSettings()
    assert not settings.dated


def test_blank_values_take_the_defaults():
    assert CasSettings.from_values({"min_projects": None, "outcome_framework": " "}) == CasSettings()


@pytest.mark.parametrize("values, message", [
    ({"min_projects": 1.5}, "setting 'min_projects': expected a whole number, got 1.5"),
    ({"project_min_days": -1}, "setting 'project_min_days': must not be negative, got -1"),
    ({"hours_tracking": "maybe"}, "setting 'hours_tracking': expected TRUE or FALSE"),
    ({"cohort_start": "next September"}, "setting 'cohort_start': expected a date"),
    ({"inactivity_gap_days": True}, "setting 'inactivity_gap_days': expected a number"),
    ({"outcome_framework": "newest-9"}, "Unknown outcome framework 'newest-9'"),
    ({"cohort_start": D(2028, 5, 31), "cohort_end": D(2026, 9, 1)},
     "cohort_start (2028-05-31) must be before cohort_end (2026-09-01)"),
])
def test_a_value_the_rules_cannot_use_is_refused_naming_it(values, message):
    with pytest.raises(ValueError) as refused:
        CasSettings.from_values(values)
    assert message in str(refused.value)


def test_minimum_experiences_are_listed_by_strand_in_the_sheets_order():
    settings = CasSettings(min_creativity_experiences=2, min_activity_experiences=0)
    assert settings.min_experiences_by_strand == {"Creativity": 2, "Activity": 0, "Service": 1}
