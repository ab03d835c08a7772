"""The roster the demo ships (demo/sample_roster.csv) is the sample school's: the
students of its CAS Classroom course with their names as the school's directory
holds them, each with one of the course's teachers as advisor, so a demo that
imports it and then reads Classroom sees one school, not two."""

import json
from collections import Counter
from pathlib import Path

from emulator import school
from service.roster import parse_roster_csv

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ROSTER = ROOT / "demo" / "sample_roster.csv"
FIXTURE = json.loads(school.SAMPLE.read_text(encoding="utf-8"))
DOMAIN = FIXTURE["school"]["domain"]
COURSE = FIXTURE["courses"][0]
USERS = {u["email"]: u for u in FIXTURE["users"]}


def sample_roster():
    return parse_roster_csv(SAMPLE_ROSTER.read_bytes(), DOMAIN,
                            known_advisors=COURSE["teachers"], cohort="2026-2028")


def test_the_sample_roster_is_valid_with_the_course_teachers_as_the_known_advisors():
    roster = sample_roster()
    assert len(roster) == 60
    assert {s.cohort for s in roster} == {"2026-2028"}
    assert all(s.is_active for s in roster)


def test_its_students_are_the_course_students_named_as_in_the_directory():
    roster = sample_roster()
    assert [s.email for s in roster] == COURSE["students"]
    for student in roster:
        name = USERS[student.email]["name"]
        assert (student.given_name, student.family_name) == (name["givenName"], name["familyName"])


def test_each_of_the_six_advisors_has_ten_advisees():
    advisees = Counter(s.advisor_email for s in sample_roster())
    assert set(advisees) == set(COURSE["teachers"]) and len(advisees) == 6
    assert set(advisees.values()) == {10}


def test_an_advisors_advisees_are_those_their_classroom_reminder_went_to():
    [reminder] = [a for a in COURSE["announcements"] if "my advisees" in a["text"]]
    advisees = [s.email for s in sample_roster() if s.advisor_email == reminder["creator"]]
    assert advisees == reminder["students"]
