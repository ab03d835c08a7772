"""Classroom rosters and profiles: courses.students / courses.teachers list and create,
and userProfiles.get, with Google's rules on who may add whom and who sees whom
(https://developers.google.com/workspace/classroom/guides/manage-users)."""

import pytest
from googleapiclient.errors import HttpError

from _school import google_error
from emulator import school as school_fixture

NEWCOMER = "new.student@demo-school.example"


@pytest.fixture
def newcomer(school, emulator):
    """A school account that is in no course yet."""
    data = {"users": [{"email": NEWCOMER, "name": {"givenName": "Nova", "familyName": "Newcomb"}}]}
    school_fixture.load(emulator.world, data)
    return NEWCOMER


def enrollment_code(classroom_as, school):
    return classroom_as(school.coordinator).courses().get(id=school.course_id).execute()["enrollmentCode"]


def test_students_list_pages_thirty_at_a_time_by_default(school, classroom_as):
    students = classroom_as(school.advisors[0]).courses().students()
    first = students.list(courseId=school.course_id).execute()
    assert len(first["students"]) == 30
    second = students.list(courseId=school.course_id, pageToken=first["nextPageToken"]).execute()
    assert len(second["students"]) == 30 and "nextPageToken" not in second
    emails = [s["profile"]["emailAddress"] for s in first["students"] + second["students"]]
    assert emails == school.students


def test_list_next_walks_every_page(school, classroom_as):
    students = classroom_as(school.coordinator).courses().students()
    request, seen = students.list(courseId=school.course_id, pageSize=7), []
    while request is not None:
        answer = request.execute()
        seen += answer["students"]
        request = students.list_next(request, answer)
    assert len(seen) == 60 and all(s["courseId"] == school.course_id for s in seen)


def test_a_student_resource_carries_the_profile(school, classroom_as):
    first = classroom_as(school.coordinator).courses().students().list(
        courseId=school.course_id, pageSize=1).execute()["students"][0]
    assert first["userId"] == first["profile"]["id"]
    assert first["profile"]["name"] == {"givenName": "Zoë", "familyName": "Abernathy", "fullName": "Zoë Abernathy"}


def test_students_may_list_their_teachers(school, classroom_as):
    teachers = classroom_as(school.students[3]).courses().teachers().list(courseId=school.course_id).execute()
    assert len(teachers["teachers"]) == 7


def test_someone_outside_the_course_cannot_list_its_students(school, classroom_as, newcomer):
    with pytest.raises(HttpError) as caught:
        classroom_as(newcomer).courses().students().list(courseId=school.course_id).execute()
    assert caught.value.status_code == 403


def test_a_domain_administrator_adds_a_student_directly(school, classroom_as, newcomer):
    added = classroom_as(school.admin).courses().students().create(
        courseId=school.course_id, body={"userId": newcomer}).execute()
    assert added["profile"]["emailAddress"] == newcomer and added["courseId"] == school.course_id
    courses = classroom_as(newcomer).courses().list(studentId="me").execute()["courses"]
    assert [c["id"] for c in courses] == [school.course_id]


def test_a_teacher_cannot_add_a_student_directly_google_wants_an_invitation(school, classroom_as, newcomer):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().students().create(
            courseId=school.course_id, body={"userId": newcomer}).execute()
    assert caught.value.status_code == 403


def test_a_student_enrols_themself_with_the_class_code(school, classroom_as, newcomer):
    code = enrollment_code(classroom_as, school)
    added = classroom_as(newcomer).courses().students().create(
        courseId=school.course_id, enrollmentCode=code, body={"userId": "me"}).execute()
    assert added["profile"]["emailAddress"] == newcomer


def test_a_wrong_class_code_or_enrolling_someone_else_is_refused(school, classroom_as, newcomer):
    students = classroom_as(newcomer).courses().students()
    with pytest.raises(HttpError) as wrong_code:
        students.create(courseId=school.course_id, enrollmentCode="wrong12", body={"userId": "me"}).execute()
    with pytest.raises(HttpError) as someone_else:
        students.create(courseId=school.course_id, enrollmentCode=enrollment_code(classroom_as, school),
                        body={"userId": school.advisors[0]}).execute()
    assert wrong_code.value.status_code == someone_else.value.status_code == 403


def test_enrolling_a_member_again_is_409_already_exists(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.admin).courses().students().create(
            courseId=school.course_id, body={"userId": school.advisors[2]}).execute()
    assert caught.value.status_code == 409
    assert google_error(caught)["status"] == "ALREADY_EXISTS"


def test_an_administrator_cannot_directly_add_someone_outside_the_domain(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.admin).courses().teachers().create(
            courseId=school.course_id, body={"userId": "guest@elsewhere.example"}).execute()
    assert caught.value.status_code == 403
    assert google_error(caught)["message"].startswith("@CannotDirectAddUser")


def test_only_an_administrator_adds_teachers(school, classroom_as, newcomer):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().teachers().create(
            courseId=school.course_id, body={"userId": newcomer}).execute()
    assert caught.value.status_code == 403
    added = classroom_as(school.admin).courses().teachers().create(
        courseId=school.course_id, body={"userId": newcomer}).execute()
    assert added["profile"]["emailAddress"] == newcomer
    teachers = classroom_as(newcomer).courses().teachers().list(courseId=school.course_id).execute()
    assert teachers["teachers"][-1]["userId"] == added["userId"]


def test_adding_to_a_course_that_does_not_exist_is_404(school, classroom_as, newcomer):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.admin).courses().students().create(
            courseId="123", body={"userId": newcomer}).execute()
    assert caught.value.status_code == 404


@pytest.mark.parametrize("how", ["me", "email", "id"])
def test_a_profile_by_me_email_or_id(school, classroom_as, how):
    student = school.students[2]
    mine = classroom_as(student).userProfiles().get(userId="me").execute()
    user_id = {"me": "me", "email": student, "id": mine["id"]}[how]
    viewer = student if how == "me" else school.advisors[4]
    profile = classroom_as(viewer).userProfiles().get(userId=user_id).execute()
    assert profile["name"]["fullName"] == "Siobhán O'Connor"
    assert profile["emailAddress"] == student and profile["id"] == mine["id"]


def test_classmates_see_each_others_profiles_but_an_outsider_does_not(school, classroom_as, newcomer):
    classmate = classroom_as(school.students[0]).userProfiles().get(userId=school.students[1]).execute()
    assert classmate["name"]["givenName"] == "José"
    with pytest.raises(HttpError) as caught:
        classroom_as(newcomer).userProfiles().get(userId=school.students[1]).execute()
    assert caught.value.status_code == 403


def test_an_unknown_profile_is_permission_denied_not_404_as_documented(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).userProfiles().get(userId="nobody@demo-school.example").execute()
    assert caught.value.status_code == 403


def test_the_administrator_sees_any_profile_of_the_domain(school, classroom_as, newcomer):
    assert classroom_as(school.admin).userProfiles().get(userId=newcomer).execute()["emailAddress"] == newcomer
