"""Classroom course aliases (reference: courses.aliases and the CourseAlias schema):
``d:`` domain-scoped ones made by domain administrators, ``p:`` project-scoped ones
(the emulator's project is the acting user), unique in their scope, and usable
wherever a course ID is."""

import pytest
from googleapiclient.errors import HttpError

from _school import google_error
from emulator import school as school_fixture

COURSE = {"name": "English", "section": "Period 2", "ownerId": "me"}


def _refused(call) -> tuple[int, dict]:
    with pytest.raises(HttpError) as caught:
        call.execute()
    return caught.value.status_code, google_error(caught)


def test_an_alias_given_as_the_id_of_a_new_course_names_it(school, classroom_as):
    """Google's classroom_add_alias_new sample: create with id 'd:...'; the course's own
    id is Classroom's ("The id is still assigned by Classroom")."""
    admin = classroom_as(school.admin)
    course = admin.courses().create(body={**COURSE, "id": "d:school_physics_333"}).execute()
    assert course["id"].isdigit()
    assert admin.courses().get(id="d:school_physics_333").execute()["id"] == course["id"]
    assert admin.courses().aliases().list(courseId=course["id"]).execute() == {
        "aliases": [{"alias": "d:school_physics_333"}]}


def test_a_domain_alias_is_seen_by_everyone_of_the_domain_in_every_method(school, classroom_as):
    """"A domain-scoped alias is visible to all users within the alias creator's domain"."""
    classroom_as(school.admin).courses().aliases().create(
        courseId=school.course_id, body={"alias": "d:cas_2026"}).execute()
    student = classroom_as(school.students[0])
    assert student.courses().get(id="d:cas_2026").execute()["id"] == school.course_id
    assert student.courses().announcements().list(courseId="d:cas_2026").execute()["announcements"]
    assert student.courses().aliases().list(courseId="d:cas_2026").execute()["aliases"] == [{"alias": "d:cas_2026"}]


def test_only_a_domain_admin_makes_a_domain_alias(school, classroom_as):
    """A domain-scoped alias "can be created only by a domain admin"."""
    status, error = _refused(classroom_as(school.coordinator).courses().aliases().create(
        courseId=school.course_id, body={"alias": "d:cas"}))
    assert (status, error["status"]) == (403, "PERMISSION_DENIED")


def test_a_project_alias_is_seen_only_by_the_project_that_made_it(school, classroom_as):
    """"A project-scoped alias is visible to any request from an application using the
    Developer Console project ID that created the alias" (here: the same acting user)."""
    teacher = classroom_as(school.coordinator)
    assert teacher.courses().aliases().create(courseId=school.course_id,
                                              body={"alias": "p:sis-42"}).execute() == {"alias": "p:sis-42"}
    assert teacher.courses().get(id="p:sis-42").execute()["id"] == school.course_id
    other = classroom_as(school.advisors[0])
    status, _ = _refused(other.courses().get(id="p:sis-42"))
    assert status == 404
    assert other.courses().aliases().list(courseId=school.course_id).execute() == {}


def test_a_student_cannot_alias_a_course(school, classroom_as):
    status, _ = _refused(classroom_as(school.students[0]).courses().aliases().create(
        courseId=school.course_id, body={"alias": "p:mine"}))
    assert status == 403


def test_the_same_alias_again_is_already_exists_so_a_retried_create_makes_no_second_course(school, classroom_as):
    """"retrying a request will return ALREADY_EXISTS if a previous one has succeeded"."""
    teacher = classroom_as(school.advisors[0])
    first = teacher.courses().create(body={**COURSE, "id": "p:request-7f3a"}).execute()
    status, error = _refused(teacher.courses().create(body={**COURSE, "id": "p:request-7f3a"}))
    assert (status, error["status"]) == (409, "ALREADY_EXISTS")
    courses = teacher.courses().list(teacherId="me", courseStates=["PROVISIONED"]).execute()["courses"]
    assert [c["id"] for c in courses] == [first["id"]]


def test_the_same_alias_on_another_course_is_already_exists(school, classroom_as):
    admin = classroom_as(school.admin)
    other = admin.courses().create(body={**COURSE, "ownerId": school.coordinator}).execute()
    admin.courses().aliases().create(courseId=school.course_id, body={"alias": "d:math_101"}).execute()
    status, error = _refused(admin.courses().aliases().create(courseId=other["id"], body={"alias": "d:math_101"}))
    assert (status, error["status"]) == (409, "ALREADY_EXISTS")


@pytest.mark.parametrize("alias", ["math_101", "x:math", "d:", "p:" + "a" * 255])
def test_an_alias_without_a_scope_prefix_or_too_long_is_invalid(school, classroom_as, alias):
    """The format "indicates the desired alias scoping" (d: or p:), "maximum length of 256 characters"."""
    status, error = _refused(classroom_as(school.admin).courses().aliases().create(
        courseId=school.course_id, body={"alias": alias}))
    assert (status, error["status"]) == (400, "INVALID_ARGUMENT")


def test_a_deleted_alias_names_nothing_and_may_be_made_again(school, classroom_as):
    admin = classroom_as(school.admin)
    admin.courses().aliases().create(courseId=school.course_id, body={"alias": "d:cas"}).execute()
    assert admin.courses().aliases().delete(courseId="d:cas", alias="d:cas").execute() == {}
    status, _ = _refused(admin.courses().get(id="d:cas"))
    assert status == 404
    status, _ = _refused(admin.courses().aliases().delete(courseId=school.course_id, alias="d:cas"))
    assert status == 404  # "NOT_FOUND if the alias does not exist"
    admin.courses().aliases().create(courseId=school.course_id, body={"alias": "d:cas"}).execute()


def test_only_a_domain_admin_deletes_a_domain_alias(school, classroom_as):
    classroom_as(school.admin).courses().aliases().create(courseId=school.course_id, body={"alias": "d:cas"}).execute()
    status, _ = _refused(classroom_as(school.coordinator).courses().aliases().delete(
        courseId=school.course_id, alias="d:cas"))
    assert status == 403


def test_a_consumer_account_asking_for_a_domain_alias_is_failed_precondition(school, classroom_as, emulator):
    """FAILED_PRECONDITION "if a user not in a domain attempts to access a domain-scoped alias"."""
    school_fixture.load(emulator.world, {"users": [
        {"email": "someone@gmail.com", "name": {"givenName": "Some", "familyName": "One"}}]})
    status, error = _refused(classroom_as("someone@gmail.com").courses().create(
        body={**COURSE, "id": "d:english"}))
    assert (status, error["status"]) == (400, "FAILED_PRECONDITION")


def test_deleting_a_course_frees_its_aliases(school, classroom_as):
    teacher = classroom_as(school.advisors[0])
    course = teacher.courses().create(body={**COURSE, "id": "p:english"}).execute()
    teacher.courses().delete(id="p:english").execute()
    again = teacher.courses().create(body={**COURSE, "id": "p:english"}).execute()
    assert again["id"] != course["id"]
    assert teacher.courses().get(id="p:english").execute()["id"] == again["id"]
