"""What the New cohort page accepts before it enqueues a setup: a name fit for
folder names and addresses, dates (a name like 2026-2028 has them by default),
an end after the start, a framework, and only the courses and drives offered."""

import datetime

import pytest

from service.config import TestConfig
from service.provision.new_cohort import NewCohort, NewCohortRefused, check_new_cohort
from service.templates import load_templates

CONFIG = TestConfig(subject="coordinator@school.example", school_domain="school.example")
TEMPLATES = load_templates()


def check(**fields):
    return check_new_cohort(fields, CONFIG, TEMPLATES, courses={"c1": "CAS"},
                            drives={"d1": "Records"})


def test_a_name_of_years_brings_its_dates():
    made = check(name=" 2026-2028 ", framework="older", classroom_course="c1")
    assert made.name == "2026-2028"
    assert (made.options.start, made.options.end) == (datetime.date(2026, 9, 1),
                                                      datetime.date(2028, 3, 31))
    assert made.options.framework == "older" and made.options.classroom_course == "c1"
    assert NewCohort.from_body(made.as_body()) == made


@pytest.mark.parametrize("fields, problem", [
    ({"name": "a/b"}, "Name: use 1 to 40 letters"),
    ({"name": "new-cohort"}, "Name: use 1 to 40 letters"),
    ({"name": "Year 12"}, "Programme start and end: give both"),
    ({"name": "Year 12", "start": "2027-13-01", "end": "2028-01-01"}, "is not a date"),
    ({"name": "Year 12", "start": "2028-01-01", "end": "2027-01-01"}, "is not after the start"),
    ({"name": "2026-2028", "framework": "newest"}, "Outcome framework"),
    ({"name": "2026-2028", "classroom_course": "c2"}, "pick one of your courses"),
    ({"name": "2026-2028", "shared_drive": "d2"}, "Where: pick My Drive"),
])
def test_each_problem_is_named_and_nothing_is_returned(fields, problem):
    with pytest.raises(NewCohortRefused) as refused:
        check(**fields)
    assert any(problem in p for p in refused.value.problems), refused.value.problems
