"""Classroom courses.create, patch, update and delete, as the reference documents them
(https://developers.google.com/workspace/classroom/reference/rest/v1/courses) and the
"Manage courses" guide describes them (guides/manage-courses)."""

import pytest
from googleapiclient.errors import HttpError

from _school import google_error
from emulator import school as school_fixture

OUTSIDER = "visitor@elsewhere.example"
BIOLOGY = {"name": "10th Grade Biology", "section": "Period 2", "descriptionHeading": "Welcome",
           "description": "Living creatures.", "room": "301", "ownerId": "me"}


def _refused(call) -> tuple[int, dict]:
    with pytest.raises(HttpError) as caught:
        call.execute()
    return caught.value.status_code, google_error(caught)


@pytest.fixture
def advisor(school, classroom_as):
    return classroom_as(school.advisors[0])


@pytest.fixture
def biology(advisor):
    """An ACTIVE course the first advisor owns."""
    return advisor.courses().create(body={**BIOLOGY, "courseState": "ACTIVE"}).execute()


# -- create ---------------------------------------------------------------
def test_a_new_course_is_provisioned_owned_and_taught_by_its_creator(school, advisor, classroom_as):
    """courseState "If unspecified, the default state is PROVISIONED"; the owner "is added as a teacher"."""
    course = advisor.courses().create(body=BIOLOGY).execute()
    me = advisor.userProfiles().get(userId="me").execute()["id"]
    assert course["courseState"] == "PROVISIONED"
    assert course["ownerId"] == me and course["id"].isdigit()
    assert course["name"] == "10th Grade Biology" and course["room"] == "301"
    assert course["enrollmentCode"] and course["alternateLink"] and "calendarId" not in course
    teachers = advisor.courses().teachers().list(courseId=course["id"]).execute()["teachers"]
    assert [t["userId"] for t in teachers] == [me]


def test_a_provisioned_course_is_seen_by_its_owner_and_admins_only(school, advisor, classroom_as):
    course = advisor.courses().create(body=BIOLOGY).execute()
    assert classroom_as(school.admin).courses().get(id=course["id"]).execute()["id"] == course["id"]
    status, _ = _refused(classroom_as(school.advisors[1]).courses().get(id=course["id"]))
    assert status == 403


def test_owner_id_may_be_an_email(school, advisor):
    course = advisor.courses().create(body={**BIOLOGY, "ownerId": school.advisors[0]}).execute()
    assert course["ownerId"] == advisor.userProfiles().get(userId="me").execute()["id"]


def test_a_non_admin_cannot_create_a_course_for_someone_else(school, advisor):
    """"A non-admin requesting user can only create a course with themselves as the owner.\""""
    status, error = _refused(advisor.courses().create(body={**BIOLOGY, "ownerId": school.advisors[1]}))
    assert (status, error["status"]) == (403, "PERMISSION_DENIED")


def test_a_domain_admin_creates_courses_owned_by_anyone_of_the_domain(school, classroom_as):
    course = classroom_as(school.admin).courses().create(
        body={**BIOLOGY, "ownerId": school.advisors[1], "courseState": "ACTIVE"}).execute()
    owner = classroom_as(school.advisors[1])
    assert course["ownerId"] == owner.userProfiles().get(userId="me").execute()["id"]
    assert [c["id"] for c in owner.courses().list(teacherId="me", courseStates=["ACTIVE"]).execute()["courses"]] \
        == [course["id"], school.course_id]  # newest first


def test_an_owner_who_is_no_user_is_not_found(school, classroom_as):
    """NOT_FOUND "if the primary teacher is not a valid user"."""
    status, _ = _refused(classroom_as(school.admin).courses().create(
        body={**BIOLOGY, "ownerId": "nobody@demo-school.example"}))
    assert status == 404


@pytest.mark.parametrize("body", [{**BIOLOGY, "name": ""}, {k: v for k, v in BIOLOGY.items() if k != "ownerId"},
                                  {**BIOLOGY, "name": "x" * 751}, {**BIOLOGY, "room": "x" * 651},
                                  {**BIOLOGY, "courseState": "SUSPENDED"}])
def test_a_course_without_a_valid_name_owner_or_state_is_invalid(school, advisor, body):
    """name is required, 1 to 750 characters; ownerId "must be set in a create request";
    room at most 650 characters."""
    status, error = _refused(advisor.courses().create(body=body))
    assert (status, error["status"]) == (400, "INVALID_ARGUMENT")


def test_a_course_title_holding_a_url_is_refused(school, advisor):
    status, error = _refused(advisor.courses().create(body={**BIOLOGY, "name": "See https://example.com"}))
    assert (status, error["status"]) == (400, "FAILED_PRECONDITION")
    assert error["message"].startswith("@CourseTitleCannotContainUrl")


def test_a_consumer_account_cannot_create_an_active_course(school, classroom_as, emulator):
    """"Consumer accounts (*@gmail.com) can't create ACTIVE courses" (403), guides/manage-courses."""
    school_fixture.load(emulator.world, {"users": [
        {"email": "someone@gmail.com", "name": {"givenName": "Some", "familyName": "One"}}]})
    consumer = classroom_as("someone@gmail.com")
    status, error = _refused(consumer.courses().create(body={**BIOLOGY, "courseState": "ACTIVE"}))
    assert (status, error["status"]) == (403, "PERMISSION_DENIED")
    assert consumer.courses().create(body=BIOLOGY).execute()["courseState"] == "PROVISIONED"


# -- patch ----------------------------------------------------------------
def test_patch_changes_only_the_fields_of_the_update_mask(school, advisor, biology):
    patched = advisor.courses().patch(id=biology["id"], updateMask="section,room",
                                      body={"section": "Period 4", "room": "410", "name": "ignored"}).execute()
    assert (patched["section"], patched["room"], patched["name"]) == ("Period 4", "410", "10th Grade Biology")
    assert patched["updateTime"] >= biology["updateTime"]
    assert advisor.courses().get(id=biology["id"]).execute()["room"] == "410"


@pytest.mark.parametrize("mask", [None, "", "enrollmentCode", "name,creationTime", "id"])
def test_patch_without_an_update_mask_or_with_a_field_it_does_not_list_is_invalid(school, advisor, biology, mask):
    """INVALID_ARGUMENT "if invalid fields are specified in the update mask or if no update mask is supplied"."""
    status, error = _refused(advisor.courses().patch(id=biology["id"], updateMask=mask, body={"name": "x"}))
    assert (status, error["status"]) == (400, "INVALID_ARGUMENT")


def test_a_field_in_the_mask_but_not_in_the_body_is_cleared(school, advisor, biology):
    patched = advisor.courses().patch(id=biology["id"], updateMask="room", body={}).execute()
    assert "room" not in patched


def test_a_co_teacher_may_patch_a_student_may_not(school, classroom_as):
    """Teachers "are permitted to view and change the course details" (guides/manage-users)."""
    patched = classroom_as(school.advisors[2]).courses().patch(
        id=school.course_id, updateMask="room", body={"room": "B12"}).execute()
    assert patched["room"] == "B12"
    status, _ = _refused(classroom_as(school.students[0]).courses().patch(
        id=school.course_id, updateMask="room", body={"room": "B13"}))
    assert status == 403


def test_the_owner_accepts_a_provisioned_course_by_making_it_active(school, advisor):
    """A PROVISIONED course is activated "via the API to change courseState to ACTIVE"."""
    course = advisor.courses().create(body=BIOLOGY).execute()
    active = advisor.courses().patch(id=course["id"], updateMask="courseState",
                                     body={"courseState": "ACTIVE"}).execute()
    assert active["courseState"] == "ACTIVE" and active["calendarId"]


@pytest.mark.parametrize("start,path,refused", [
    ("PROVISIONED", ["DECLINED", "PROVISIONED", "ACTIVE", "ARCHIVED", "ACTIVE"], "DECLINED"),
    ("PROVISIONED", [], "ARCHIVED"),
    ("ACTIVE", ["ARCHIVED"], "PROVISIONED"),
    ("ARCHIVED", [], "DECLINED"),
])
def test_course_states_move_only_as_the_course_state_enum_says(school, advisor, start, path, refused):
    """PROVISIONED -> ACTIVE or DECLINED; "may only be changed to PROVISIONED if it is in
    the DECLINED state", "to DECLINED if it is in the PROVISIONED state"; ARCHIVED may
    change "to a different state"."""
    course = advisor.courses().create(body={**BIOLOGY, "courseState": start}).execute()
    for state in path:
        course = advisor.courses().patch(id=course["id"], updateMask="courseState",
                                         body={"courseState": state}).execute()
        assert course["courseState"] == state
    status, error = _refused(advisor.courses().patch(id=course["id"], updateMask="courseState",
                                                     body={"courseState": refused}))
    assert (status, error["status"]) == (400, "FAILED_PRECONDITION")


def test_an_archived_course_is_not_modifiable_except_for_its_state(school, advisor, biology):
    """ARCHIVED: "You cannot modify it except to change it to a different state"; the
    state may change in the same request as other fields (Request errors: CourseNotModifiable)."""
    advisor.courses().patch(id=biology["id"], updateMask="courseState", body={"courseState": "ARCHIVED"}).execute()
    status, error = _refused(advisor.courses().patch(id=biology["id"], updateMask="room", body={"room": "1"}))
    assert (status, error["message"]) == (400, "@CourseNotModifiable The course is not modifiable.")
    back = advisor.courses().patch(id=biology["id"], updateMask="courseState,room",
                                   body={"courseState": "ACTIVE", "room": "1"}).execute()
    assert (back["courseState"], back["room"]) == ("ACTIVE", "1")


def test_only_the_owner_or_an_admin_transfers_a_course_to_one_of_its_teachers(school, classroom_as):
    """ownerId: "Admins can also specify this field in a patch course request to transfer
    ownership"; "Only a Course owner can ... change the Course owner" (User roles guide)."""
    co_teacher = classroom_as(school.advisors[0])
    status, _ = _refused(co_teacher.courses().patch(id=school.course_id, updateMask="ownerId",
                                                    body={"ownerId": school.advisors[0]}))
    assert status == 403
    status, error = _refused(classroom_as(school.admin).courses().patch(
        id=school.course_id, updateMask="ownerId", body={"ownerId": school.students[0]}))
    assert (status, error["message"].split()[0]) == (400, "@IneligibleOwner")
    moved = classroom_as(school.admin).courses().patch(id=school.course_id, updateMask="ownerId",
                                                       body={"ownerId": school.advisors[0]}).execute()
    new_owner = co_teacher.userProfiles().get(userId="me").execute()["id"]
    assert moved["ownerId"] == new_owner
    teachers = co_teacher.courses().teachers().list(courseId=school.course_id).execute()["teachers"]
    assert teachers[0]["userId"] == new_owner and len(teachers) == 1 + len(school.advisors)


# -- update ---------------------------------------------------------------
def test_update_replaces_the_course_as_the_get_modify_update_sample_does(school, advisor, biology):
    """Google's classroom_update_course sample: get, change name, section and room, update
    with the whole resource (read-only fields included, and ignored)."""
    course = advisor.courses().get(id=biology["id"]).execute()
    course.update(name="10th Grade Physics - Light", section="Period 4", room="410")
    updated = advisor.courses().update(id=biology["id"], body=course).execute()
    assert (updated["name"], updated["section"], updated["room"]) == ("10th Grade Physics - Light", "Period 4", "410")
    assert updated["enrollmentCode"] == biology["enrollmentCode"] and updated["id"] == biology["id"]


def test_update_clears_what_it_leaves_out_and_keeps_the_owner(school, advisor, biology):
    updated = advisor.courses().update(id=biology["id"], body={"name": "Biology",
                                                               "ownerId": school.advisors[1]}).execute()
    assert "room" not in updated and "section" not in updated
    assert updated["ownerId"] == biology["ownerId"]  # ownerId is read-only outside patch
    assert updated["courseState"] == "ACTIVE"


# -- delete ---------------------------------------------------------------
def test_an_active_course_must_be_archived_before_it_is_deleted(school, advisor, biology):
    status, error = _refused(advisor.courses().delete(id=biology["id"]))
    assert (status, error["status"]) == (400, "FAILED_PRECONDITION")
    advisor.courses().patch(id=biology["id"], updateMask="courseState", body={"courseState": "ARCHIVED"}).execute()
    assert advisor.courses().delete(id=biology["id"]).execute() == {}
    status, _ = _refused(advisor.courses().get(id=biology["id"]))
    assert status == 404


def test_a_provisioned_course_may_be_deleted(school, advisor):
    course = advisor.courses().create(body=BIOLOGY).execute()
    assert advisor.courses().delete(id=course["id"]).execute() == {}
    assert advisor.courses().list(teacherId="me", courseStates=["PROVISIONED"]).execute() == {}


def test_only_the_owner_or_an_admin_deletes_a_course(school, classroom_as):
    """"Only a Course owner can delete the Course" (User roles guide); admins manage their domain's."""
    admin = classroom_as(school.admin)
    admin.courses().patch(id=school.course_id, updateMask="courseState", body={"courseState": "ARCHIVED"}).execute()
    status, _ = _refused(classroom_as(school.advisors[0]).courses().delete(id=school.course_id))
    assert status == 403
    assert admin.courses().delete(id=school.course_id).execute() == {}


def test_a_course_that_does_not_exist_cannot_be_changed_or_deleted(school, advisor):
    for call in (advisor.courses().delete(id="123456789012"),
                 advisor.courses().patch(id="123456789012", updateMask="room", body={"room": "1"})):
        status, _ = _refused(call)
        assert status == 404
