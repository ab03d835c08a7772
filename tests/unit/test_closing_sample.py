"""The moderation pack's pure parts: the sample (service/closing/sample.py), drawn
across statuses first, then advisors, the same for the same seed whatever order the
rows are in; the expiry day; the experiences list and the starred reflections page."""

import datetime
import random

import pytest

from service.closing.common import ClosingRefused
from service.closing.moderation import experiences_csv, expiry_time, starred_reflections_html
from service.closing.sample import Candidate, stratified_sample

STATUSES = ("Not started", "On track", "At risk", "Complete", "Incomplete")


def cohort(students=60, advisors=6):
    return [Candidate(f"S{i:03d}", STATUSES[i % 5], f"advisor{i % advisors}@school.example")
            for i in range(students)]


def test_the_same_seed_draws_the_same_students_whatever_the_rows_order():
    people = cohort()
    shuffled = people[:]
    random.Random(1).shuffle(shuffled)
    assert stratified_sample(people, 8, seed=5) == stratified_sample(shuffled, 8, seed=5)


def test_another_seed_draws_other_students():
    assert stratified_sample(cohort(), 8, seed=5) != stratified_sample(cohort(), 8, seed=6)


def test_every_status_comes_before_any_comes_twice():
    people = cohort()
    status = {c.student_id: c.status for c in people}
    drawn = stratified_sample(people, 7, seed=3)
    assert {status[s] for s in drawn[:5]} == set(STATUSES)


def test_advisors_are_spread_within_the_sample():
    people = [Candidate(f"S{i:03d}", "On track", f"a{i % 3}@x.example") for i in range(30)]
    advisor = {c.student_id: c.advisor for c in people}
    drawn = stratified_sample(people, 6, seed=9)
    counts = {a: sum(1 for s in drawn if advisor[s] == a) for a in set(advisor.values())}
    assert sorted(counts.values()) == [2, 2, 2]


def test_a_sample_larger_than_the_cohort_is_everyone_once():
    people = cohort(students=7)
    drawn = stratified_sample(people, 50, seed=1)
    assert sorted(drawn) == sorted(c.student_id for c in people)


def test_an_expiry_is_the_end_of_its_day_and_within_a_year():
    now = datetime.datetime(2028, 5, 10, 9, 0, tzinfo=datetime.timezone.utc)
    assert expiry_time(datetime.date(2028, 6, 30), now) == "2028-07-01T00:00:00.000Z"
    with pytest.raises(ClosingRefused):
        expiry_time(datetime.date(2028, 5, 9), now)
    with pytest.raises(ClosingRefused):
        expiry_time(datetime.date(2029, 5, 11), now)


def test_the_experiences_list_is_a_csv_oldest_first_with_dates():
    rows = [{"experience_id": "B", "title": "Later", "start_date": 46300, "cas_project": True},
            {"experience_id": "A", "title": "Earlier", "start_date": 46200}]
    text = experiences_csv(rows).decode()
    lines = text.split("\r\n")
    assert lines[0].startswith("Experience code,Title,Strands")
    assert lines[1].startswith("A,Earlier,,,,2026-06-27") and ",Yes," in lines[2]


def test_the_starred_reflections_page_escapes_what_students_wrote():
    page = starred_reflections_html("Zoë (S1)", [
        {"response_id": "r", "experience_title": "<b>Choir</b>", "submitted": 46300.5,
         "reflection": "I <script>sang</script>\nSecond paragraph"}]).decode()
    assert "&lt;b&gt;Choir&lt;/b&gt;" in page and "<script>" not in page
    assert "<p>Second paragraph</p>" in page
    assert "No reflection" in starred_reflections_html("Zoë (S1)", []).decode()
