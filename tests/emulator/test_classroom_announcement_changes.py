"""Changing announcements: patch (updateMask text, state, scheduledTime), delete and
modifyAssignees. Google lets only the developer project that created an announcement
patch or delete it; the emulator treats the acting user as that project, and the
sample school's own announcements as posted in Classroom's web UI."""

import datetime as dt
import time

import pytest
from googleapiclient.errors import HttpError

from _school import google_error


@pytest.fixture
def coordinator(school, classroom_as):
    return classroom_as(school.coordinator)


@pytest.fixture
def posted(school, coordinator):
    return coordinator.courses().announcements().create(
        courseId=school.course_id, body={"text": "Interviews start on Monday", "state": "PUBLISHED"}).execute()


def announcements(classroom):
    return classroom.courses().announcements()


def test_patch_changes_the_text_and_the_update_time(school, coordinator, posted):
    changed = announcements(coordinator).patch(
        courseId=school.course_id, id=posted["id"], updateMask="text",
        body={"text": "Interviews start on Tuesday"}).execute()
    assert changed["text"] == "Interviews start on Tuesday"
    assert changed["updateTime"] > posted["updateTime"] and changed["creationTime"] == posted["creationTime"]
    newest = announcements(coordinator).list(courseId=school.course_id).execute()["announcements"][0]
    assert newest["text"] == "Interviews start on Tuesday"


def test_patch_publishes_a_draft(school, coordinator):
    draft = announcements(coordinator).create(courseId=school.course_id, body={"text": "Soon"}).execute()
    published = announcements(coordinator).patch(courseId=school.course_id, id=draft["id"], updateMask="state",
                                                 body={"state": "PUBLISHED"}).execute()
    assert published["state"] == "PUBLISHED" and published["alternateLink"]


def test_a_published_announcement_cannot_go_back_to_draft(school, coordinator, posted):
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).patch(courseId=school.course_id, id=posted["id"], updateMask="state",
                                         body={"state": "DRAFT"}).execute()
    assert caught.value.status_code == 400


@pytest.mark.parametrize("mask", [None, "", "assigneeMode", "text,creatorUserId"])
def test_a_missing_or_unsupported_update_mask_is_invalid_argument(school, coordinator, posted, mask):
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).patch(courseId=school.course_id, id=posted["id"], updateMask=mask,
                                         body={"text": "x", "assigneeMode": "ALL_STUDENTS"}).execute()
    assert caught.value.status_code == 400
    assert google_error(caught)["status"] == "INVALID_ARGUMENT"


def test_text_in_the_mask_but_not_in_the_body_is_invalid_since_text_cannot_be_empty(school, coordinator, posted):
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).patch(courseId=school.course_id, id=posted["id"], updateMask="text",
                                         body={}).execute()
    assert caught.value.status_code == 400


def test_another_teacher_may_not_patch_or_delete_it(school, classroom_as, posted):
    advisor = classroom_as(school.advisors[0])
    with pytest.raises(HttpError) as patching:
        announcements(advisor).patch(courseId=school.course_id, id=posted["id"], updateMask="text",
                                     body={"text": "Mine now"}).execute()
    with pytest.raises(HttpError) as deleting:
        announcements(advisor).delete(courseId=school.course_id, id=posted["id"]).execute()
    for caught in (patching, deleting):
        assert caught.value.status_code == 403
        assert google_error(caught)["message"].startswith("@ProjectPermissionDenied")


def test_an_announcement_posted_in_the_web_ui_cannot_be_patched_through_the_api(school, coordinator):
    seeded = announcements(coordinator).list(courseId=school.course_id, orderBy="updateTime asc").execute()
    welcome = seeded["announcements"][0]
    assert welcome["text"].startswith("Welcome to CAS")
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).patch(courseId=school.course_id, id=welcome["id"], updateMask="text",
                                         body={"text": "Edited"}).execute()
    assert caught.value.status_code == 403


def test_a_student_may_not_patch(school, classroom_as, posted):
    with pytest.raises(HttpError) as caught:
        announcements(classroom_as(school.students[0])).patch(
            courseId=school.course_id, id=posted["id"], updateMask="text", body={"text": "Ha"}).execute()
    assert caught.value.status_code == 403


def test_delete_answers_empty_and_leaves_a_deleted_announcement_for_teachers(school, coordinator, classroom_as, posted):
    assert announcements(coordinator).delete(courseId=school.course_id, id=posted["id"]).execute() == {}
    assert posted["id"] not in [a["id"] for a in announcements(coordinator).list(
        courseId=school.course_id).execute()["announcements"]]
    deleted = announcements(coordinator).list(courseId=school.course_id, announcementStates=["DELETED"]).execute()
    assert [(a["id"], a["state"]) for a in deleted["announcements"]] == [(posted["id"], "DELETED")]
    assert posted["id"] not in [a["id"] for a in announcements(classroom_as(school.students[0])).list(
        courseId=school.course_id).execute()["announcements"]]


def test_deleting_or_patching_a_deleted_announcement_is_failed_precondition(school, coordinator, posted):
    announcements(coordinator).delete(courseId=school.course_id, id=posted["id"]).execute()
    with pytest.raises(HttpError) as again:
        announcements(coordinator).delete(courseId=school.course_id, id=posted["id"]).execute()
    with pytest.raises(HttpError) as patching:
        announcements(coordinator).patch(courseId=school.course_id, id=posted["id"], updateMask="text",
                                         body={"text": "Back"}).execute()
    for caught in (again, patching):
        assert caught.value.status_code == 400
        assert google_error(caught)["status"] == "FAILED_PRECONDITION"


def test_modify_assignees_narrows_an_announcement_to_individual_students(school, coordinator, classroom_as, posted):
    kept, dropped = school.students[40], school.students[41]
    narrowed = announcements(coordinator).modifyAssignees(
        courseId=school.course_id, id=posted["id"],
        body={"assigneeMode": "INDIVIDUAL_STUDENTS",
              "modifyIndividualStudentsOptions": {"addStudentIds": [kept, dropped]}}).execute()
    assert narrowed["assigneeMode"] == "INDIVIDUAL_STUDENTS"
    assert len(narrowed["individualStudentsOptions"]["studentIds"]) == 2
    narrowed = announcements(coordinator).modifyAssignees(
        courseId=school.course_id, id=posted["id"],
        body={"assigneeMode": "INDIVIDUAL_STUDENTS",
              "modifyIndividualStudentsOptions": {"removeStudentIds": [dropped]}}).execute()
    kept_id = coordinator.userProfiles().get(userId=kept).execute()["id"]
    assert narrowed["individualStudentsOptions"]["studentIds"] == [kept_id]
    get = announcements(classroom_as(dropped)).get(courseId=school.course_id, id=posted["id"])
    with pytest.raises(HttpError):
        get.execute()
    assert announcements(classroom_as(kept)).get(courseId=school.course_id, id=posted["id"]).execute()


def test_modify_assignees_back_to_all_students(school, coordinator, classroom_as, posted):
    body = {"assigneeMode": "INDIVIDUAL_STUDENTS",
            "modifyIndividualStudentsOptions": {"addStudentIds": [school.students[1]]}}
    announcements(coordinator).modifyAssignees(courseId=school.course_id, id=posted["id"], body=body).execute()
    everyone = announcements(coordinator).modifyAssignees(
        courseId=school.course_id, id=posted["id"], body={"assigneeMode": "ALL_STUDENTS"}).execute()
    assert everyone["assigneeMode"] == "ALL_STUDENTS" and "individualStudentsOptions" not in everyone
    assert announcements(classroom_as(school.students[50])).get(courseId=school.course_id, id=posted["id"]).execute()


def test_removing_every_assignee_is_failed_precondition_empty_assignees(school, coordinator, posted):
    body = {"assigneeMode": "INDIVIDUAL_STUDENTS",
            "modifyIndividualStudentsOptions": {"addStudentIds": [school.students[1]]}}
    announcements(coordinator).modifyAssignees(courseId=school.course_id, id=posted["id"], body=body).execute()
    body["modifyIndividualStudentsOptions"] = {"removeStudentIds": [school.students[1]]}
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).modifyAssignees(courseId=school.course_id, id=posted["id"], body=body).execute()
    assert caught.value.status_code == 400
    assert google_error(caught)["message"].startswith("@EmptyAssignees")


def test_individual_options_with_all_students_are_invalid(school, coordinator, posted):
    with pytest.raises(HttpError) as caught:
        announcements(coordinator).modifyAssignees(
            courseId=school.course_id, id=posted["id"],
            body={"assigneeMode": "ALL_STUDENTS",
                  "modifyIndividualStudentsOptions": {"addStudentIds": [school.students[1]]}}).execute()
    assert caught.value.status_code == 400


def test_any_teacher_of_the_course_may_modify_assignees_but_a_student_may_not(school, classroom_as, posted):
    body = {"assigneeMode": "INDIVIDUAL_STUDENTS",
            "modifyIndividualStudentsOptions": {"addStudentIds": [school.students[1]]}}
    assert announcements(classroom_as(school.advisors[2])).modifyAssignees(
        courseId=school.course_id, id=posted["id"], body=body).execute()["assigneeMode"] == "INDIVIDUAL_STUDENTS"
    with pytest.raises(HttpError) as caught:
        announcements(classroom_as(school.students[1])).modifyAssignees(
            courseId=school.course_id, id=posted["id"], body=body).execute()
    assert caught.value.status_code == 403


def test_a_scheduled_draft_is_published_once_its_time_has_come(school, coordinator, classroom_as):
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    draft = announcements(coordinator).create(
        courseId=school.course_id, body={"text": "Scheduled", "scheduledTime": soon}).execute()
    student = announcements(classroom_as(school.students[0]))
    assert draft["state"] == "DRAFT"
    assert draft["id"] not in [a["id"] for a in student.list(courseId=school.course_id).execute()["announcements"]]
    time.sleep(1.2)
    assert student.list(courseId=school.course_id).execute()["announcements"][0]["id"] == draft["id"]
