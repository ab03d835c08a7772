"""The school fixture: the people and the CAS course Workspace would already hold,
loaded from a JSON file, idempotently, and kept by ``--data``."""

import json

import pytest

from emulator import school as school_fixture
from emulator.core.world import World


def test_the_sample_school_has_a_coordinator_six_advisors_and_sixty_students(school, classroom_as):
    course = classroom_as(school.coordinator).courses().get(id=school.course_id).execute()
    assert course["name"] == "CAS 2026-2028" and course["courseState"] == "ACTIVE"
    assert len(school.advisors) == 6 and len(school.students) == 60
    assert all(email.endswith("@demo-school.example") for email in school.users)


def test_names_with_apostrophes_accents_and_hyphens_come_back_as_written(school, classroom_as):
    classroom = classroom_as(school.coordinator)
    students = classroom.courses().students().list(courseId=school.course_id, pageSize=100).execute()
    full_names = {s["profile"]["name"]["fullName"] for s in students["students"]}
    assert {"Siobhán O'Connor", "Anna-Lena Becker", "Łukasz Kowalczyk", "Aoife Ní Bhriain"} <= full_names
    assert len(full_names) == 60


def test_the_coordinator_owns_the_course_and_the_advisors_teach_it(school, classroom_as):
    classroom = classroom_as(school.coordinator)
    course = classroom.courses().get(id=school.course_id).execute()
    teachers = classroom.courses().teachers().list(courseId=school.course_id).execute()["teachers"]
    emails = [t["profile"]["emailAddress"] for t in teachers]
    assert emails[0] == school.coordinator and set(emails[1:]) == set(school.advisors)
    assert teachers[0]["userId"] == course["ownerId"]


def test_loading_the_fixture_again_changes_nothing_and_keeps_what_the_api_added(school, emulator, classroom_as):
    classroom = classroom_as(school.coordinator)
    posted = classroom.courses().announcements().create(
        courseId=school.course_id, body={"text": "Posted through the API", "state": "PUBLISHED"}).execute()
    before = classroom.courses().students().list(courseId=school.course_id, pageSize=100).execute()
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    after = classroom.courses().students().list(courseId=school.course_id, pageSize=100).execute()
    assert after == before
    assert list(emulator.world.classroom.courses) == [school.course_id]
    assert classroom.courses().announcements().get(courseId=school.course_id, id=posted["id"]).execute()["text"] \
        == "Posted through the API"


def test_ids_derive_from_the_fixture_so_a_fresh_world_gets_the_same_ones(school, emulator):
    fresh = World()
    school_fixture.load(fresh, school.data)
    assert list(fresh.classroom.courses) == [school.course_id]
    assert fresh.classroom.emails == emulator.world.classroom.emails


def test_given_ids_are_kept(emulator, classroom_as, tmp_path, people_url):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps({
        "users": [{"email": "t@tiny.example", "id": "123456789012345678901",
                   "name": {"givenName": "Tess", "familyName": "Teacher"}}],
        "courses": [{"id": "424242424242", "name": "Tiny", "owner": "t@tiny.example"}]}))
    assert school_fixture.load_file(emulator.world, path) == {"users": 1, "courses": 1}
    course = classroom_as("t@tiny.example").courses().get(id="424242424242").execute()
    assert course["ownerId"] == "123456789012345678901"
    assert course["alternateLink"] == people_url("https://classroom.google.com/c/NDI0MjQyNDI0MjQy")


@pytest.mark.parametrize("broken, complaint", [
    ({"courses": []}, '"users" list'),
    ({"users": [{"email": "not-an-email", "name": {"givenName": "A", "familyName": "B"}}]}, "valid email"),
    ({"users": [{"email": "a@x.example", "name": {"givenName": "A"}}]}, "familyName"),
    ({"users": [{"email": "a@x.example", "name": {"givenName": "A", "familyName": "B"}}],
      "courses": [{"name": "C", "owner": "a@x.example", "students": ["ghost@x.example"]}]}, "ghost@x.example"),
    ({"users": [{"email": "a@x.example", "name": {"givenName": "A", "familyName": "B"}}],
      "courses": [{"name": "C", "owner": "a@x.example", "students": ["a@x.example"]}]}, "both a teacher and a student"),
])
def test_an_inconsistent_fixture_is_refused_naming_the_problem(emulator, broken, complaint):
    with pytest.raises(school_fixture.FixtureError, match=complaint):
        school_fixture.load(emulator.world, broken)
    assert emulator.world.classroom.users == {}


def test_a_loaded_school_survives_a_restart_with_data(tmp_path):
    school_fixture.load_file(World(tmp_path), school_fixture.SAMPLE)
    restarted = World(tmp_path)
    assert len(restarted.classroom.users) == 68
    assert restarted.classroom.emails["siobhan.oconnor@demo-school.example"]
