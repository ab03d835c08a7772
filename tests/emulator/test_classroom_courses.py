"""Classroom courses.get and courses.list: who sees a course, the filters Google
documents (teacherId / studentId as an ID, an email or "me"; courseStates) and paging."""

import pytest
from googleapiclient.errors import HttpError

from _school import google_error
from emulator import school as school_fixture

OUTSIDER = "visitor@elsewhere.example"


@pytest.fixture
def second_course(school, emulator):
    """An archived course of two advisors, with one of the sample's students."""
    data = dict(school.data)
    data["courses"] = [{"name": "CAS 2024-2026", "owner": school.advisors[0], "teachers": [school.advisors[1]],
                        "students": [school.students[0]], "courseState": "ARCHIVED",
                        "creationTime": "2024-08-26T08:00:00.000Z"}]
    school_fixture.load(emulator.world, data)
    return next(c for c in emulator.world.classroom.courses if c != school.course_id)


def test_a_course_has_googles_fields_and_a_classroom_link(emulator, school, classroom_as):
    course = classroom_as(school.coordinator).courses().get(id=school.course_id).execute()
    assert course["id"].isdigit()
    assert course["alternateLink"].startswith(f"{emulator.url}/c/")  # classroom.google.com/c/..., on the emulator
    assert course["section"] == "IB Diploma, class of 2028"
    for field in ("ownerId", "creationTime", "updateTime", "enrollmentCode", "teacherGroupEmail",
                  "courseGroupEmail"):
        assert course[field]


def test_students_see_the_course_but_not_its_class_code(school, classroom_as):
    course = classroom_as(school.students[5]).courses().get(id=school.course_id).execute()
    assert course["name"] == "CAS 2026-2028" and "enrollmentCode" not in course


def test_a_course_the_caller_is_not_in_is_permission_denied(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(OUTSIDER).courses().get(id=school.course_id).execute()
    assert caught.value.status_code == 403
    assert google_error(caught)["status"] == "PERMISSION_DENIED"
    assert google_error(caught)["message"] == "The caller does not have permission"


def test_a_course_that_does_not_exist_is_404_requested_entity_was_not_found(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().get(id="999999999999").execute()
    assert caught.value.status_code == 404
    assert google_error(caught)["message"] == "Requested entity was not found."


def test_a_domain_administrator_sees_every_course_of_the_domain(school, classroom_as, second_course):
    courses = classroom_as(school.admin).courses().list().execute()["courses"]
    assert {c["id"] for c in courses} == {school.course_id, second_course}


def test_list_shows_only_the_callers_courses_newest_first(school, classroom_as, second_course):
    both = classroom_as(school.students[0]).courses().list().execute()["courses"]
    assert [c["id"] for c in both] == [school.course_id, second_course]
    only_one = classroom_as(school.students[1]).courses().list().execute()["courses"]
    assert [c["id"] for c in only_one] == [school.course_id]


def test_a_caller_with_no_courses_gets_an_empty_answer_as_google_omits_empty_lists(school, classroom_as):
    assert classroom_as(OUTSIDER).courses().list().execute() == {}


@pytest.mark.parametrize("who", ["me", "email", "id"])
def test_teacher_id_may_be_me_an_email_or_a_numeric_id(school, classroom_as, second_course, who):
    advisor = school.advisors[1]
    uid = classroom_as(advisor).userProfiles().get(userId="me").execute()["id"]
    teacher_id = {"me": "me", "email": advisor, "id": uid}[who]
    courses = classroom_as(advisor).courses().list(teacherId=teacher_id).execute()["courses"]
    assert {c["id"] for c in courses} == {school.course_id, second_course}


def test_student_id_filters_to_courses_where_that_person_is_a_student(school, classroom_as, second_course):
    coordinator = classroom_as(school.coordinator)
    assert [c["id"] for c in coordinator.courses().list(studentId=school.students[0]).execute()["courses"]] \
        == [school.course_id]  # the coordinator does not teach the archived course
    assert coordinator.courses().list(teacherId="me").execute()["courses"][0]["id"] \
        == school.course_id
    assert coordinator.courses().list(studentId="me").execute() == {}


def test_course_states_restrict_the_list(school, classroom_as, second_course):
    advisor = classroom_as(school.advisors[0])
    archived = advisor.courses().list(courseStates=["ARCHIVED"]).execute()["courses"]
    assert [c["id"] for c in archived] == [second_course]
    both = advisor.courses().list(courseStates=["ACTIVE", "ARCHIVED"]).execute()["courses"]
    assert len(both) == 2


def test_a_filter_naming_nobody_is_not_found(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().list(teacherId="nobody@demo-school.example").execute()
    assert caught.value.status_code == 404


def test_teacher_id_and_student_id_together_are_invalid(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().list(teacherId="me", studentId="me").execute()
    assert caught.value.status_code == 400
    assert google_error(caught)["status"] == "INVALID_ARGUMENT"


def test_list_pages_with_page_size_and_page_token(school, classroom_as, second_course):
    advisor = classroom_as(school.advisors[0])
    first = advisor.courses().list(pageSize=1).execute()
    assert len(first["courses"]) == 1 and first["nextPageToken"]
    second = advisor.courses().list(pageSize=1, pageToken=first["nextPageToken"]).execute()
    assert "nextPageToken" not in second
    assert {first["courses"][0]["id"], second["courses"][0]["id"]} == {school.course_id, second_course}


def test_a_page_token_from_another_request_is_invalid(school, classroom_as, second_course):
    advisor = classroom_as(school.advisors[0])
    token = advisor.courses().list(pageSize=1).execute()["nextPageToken"]
    with pytest.raises(HttpError) as caught:
        advisor.courses().list(pageSize=1, pageToken=token, courseStates=["ACTIVE"]).execute()
    assert caught.value.status_code == 400
