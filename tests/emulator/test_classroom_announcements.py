"""Classroom announcements: posting, listing and reading, and who sees what. Only
teachers post; teachers see every announcement, a student only the published ones
assigned to them (ALL_STUDENTS, or INDIVIDUAL_STUDENTS naming them)."""

import pytest
from googleapiclient.errors import HttpError

from _school import google_error

# The sample school's three announcements, newest first; the newest is addressed to
# the first ten students only.
SEEDED = 3


def post(classroom, course_id, text, **fields):
    return classroom.courses().announcements().create(courseId=course_id, body={"text": text, **fields}).execute()


def listed(classroom, course_id, **params):
    answer = classroom.courses().announcements().list(courseId=course_id, **params).execute()
    return answer.get("announcements", [])


def test_a_teacher_posts_and_gets_googles_fields_back(emulator, school, classroom_as):
    advisor = classroom_as(school.advisors[1])
    me = advisor.userProfiles().get(userId="me").execute()
    made = post(advisor, school.course_id, "Beach clean-up on Saturday", state="PUBLISHED")
    assert made["courseId"] == school.course_id and made["id"].isdigit()
    assert made["creatorUserId"] == me["id"]
    assert made["assigneeMode"] == "ALL_STUDENTS" and made["state"] == "PUBLISHED"
    assert made["creationTime"] == made["updateTime"]
    assert made["alternateLink"].startswith(f"{emulator.url}/c/")  # Google's classroom.google.com/c/ path, on the emulator
    assert advisor.courses().announcements().get(courseId=school.course_id, id=made["id"]).execute() == made


def test_a_student_cannot_post(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        post(classroom_as(school.students[0]), school.course_id, "Hello everyone", state="PUBLISHED")
    assert caught.value.status_code == 403
    assert google_error(caught)["status"] == "PERMISSION_DENIED"


def test_an_announcement_without_a_state_is_a_draft_as_the_state_field_documents(school, classroom_as):
    made = post(classroom_as(school.coordinator), school.course_id, "Not yet")
    assert made["state"] == "DRAFT" and "alternateLink" not in made


def test_an_announcement_needs_text(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        post(classroom_as(school.coordinator), school.course_id, "  ", state="PUBLISHED")
    assert caught.value.status_code == 400
    assert google_error(caught)["status"] == "INVALID_ARGUMENT"


def test_posting_in_a_course_that_does_not_exist_is_404(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        post(classroom_as(school.coordinator), "111111111111", "Hello", state="PUBLISHED")
    assert caught.value.status_code == 404


def test_list_is_newest_first_by_default_and_oldest_first_with_update_time_asc(school, classroom_as):
    coordinator = classroom_as(school.coordinator)
    made = [post(coordinator, school.course_id, f"Reminder {i}", state="PUBLISHED")["id"] for i in range(3)]
    newest_first = [a["id"] for a in listed(coordinator, school.course_id)]
    assert newest_first[:3] == made[::-1] and len(newest_first) == 3 + SEEDED
    assert [a["id"] for a in listed(coordinator, school.course_id, orderBy="updateTime asc")] == newest_first[::-1]
    assert [a["id"] for a in listed(coordinator, school.course_id, orderBy="updateTime desc")] == newest_first


def test_an_order_other_than_update_time_is_invalid(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        listed(classroom_as(school.coordinator), school.course_id, orderBy="creationTime desc")
    assert caught.value.status_code == 400


def test_list_shows_published_only_unless_states_are_asked_for(school, classroom_as):
    coordinator = classroom_as(school.coordinator)
    draft = post(coordinator, school.course_id, "A draft")
    assert draft["id"] not in [a["id"] for a in listed(coordinator, school.course_id)]
    drafts = listed(coordinator, school.course_id, announcementStates=["DRAFT"])
    assert [a["id"] for a in drafts] == [draft["id"]]
    everything = listed(coordinator, school.course_id, announcementStates=["DRAFT", "PUBLISHED"])
    assert len(everything) == SEEDED + 1


def test_list_pages(school, classroom_as):
    coordinator = classroom_as(school.coordinator)
    for i in range(4):
        post(coordinator, school.course_id, f"Note {i}", state="PUBLISHED")
    announcements = coordinator.courses().announcements()
    request, pages, seen = announcements.list(courseId=school.course_id, pageSize=3), 0, []
    while request is not None:
        answer = request.execute()
        pages, seen = pages + 1, seen + answer["announcements"]
        request = announcements.list_next(request, answer)
    assert pages == 3 and len({a["id"] for a in seen}) == 4 + SEEDED


def test_a_student_does_not_see_an_announcement_addressed_to_other_students(school, classroom_as):
    coordinator = classroom_as(school.coordinator)
    chosen, other = school.students[20], school.students[21]
    targeted = post(coordinator, school.course_id, "Your interview is on Monday", state="PUBLISHED",
                    assigneeMode="INDIVIDUAL_STUDENTS",
                    individualStudentsOptions={"studentIds": [chosen]})
    assert [a["id"] for a in listed(classroom_as(chosen), school.course_id)][0] == targeted["id"]
    assert targeted["id"] not in [a["id"] for a in listed(classroom_as(other), school.course_id)]
    with pytest.raises(HttpError) as caught:
        classroom_as(other).courses().announcements().get(courseId=school.course_id, id=targeted["id"]).execute()
    assert caught.value.status_code == 403


def test_individual_students_may_be_named_by_email_or_id_and_come_back_as_ids(school, classroom_as):
    coordinator = classroom_as(school.coordinator)
    one = coordinator.userProfiles().get(userId=school.students[30]).execute()["id"]
    made = post(coordinator, school.course_id, "Two of you", state="PUBLISHED",
                assigneeMode="INDIVIDUAL_STUDENTS",
                individualStudentsOptions={"studentIds": [one, school.students[31]]})
    two = coordinator.userProfiles().get(userId=school.students[31]).execute()["id"]
    assert made["individualStudentsOptions"] == {"studentIds": [one, two]}


def test_individual_students_must_be_students_of_the_course(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        post(classroom_as(school.coordinator), school.course_id, "Advisors only?", state="PUBLISHED",
             assigneeMode="INDIVIDUAL_STUDENTS", individualStudentsOptions={"studentIds": [school.advisors[0]]})
    assert caught.value.status_code == 400


def test_the_seeded_targeted_announcement_reaches_only_its_ten_students(school, classroom_as):
    assert len(listed(classroom_as(school.students[0]), school.course_id)) == SEEDED
    assert len(listed(classroom_as(school.students[59]), school.course_id)) == SEEDED - 1


def test_students_never_see_drafts_even_when_they_ask(school, classroom_as):
    draft = post(classroom_as(school.coordinator), school.course_id, "Draft")
    student = classroom_as(school.students[0])
    assert listed(student, school.course_id, announcementStates=["DRAFT"]) == []
    with pytest.raises(HttpError) as caught:
        student.courses().announcements().get(courseId=school.course_id, id=draft["id"]).execute()
    assert caught.value.status_code == 403


def test_a_domain_administrator_reads_every_announcement(school, classroom_as):
    post(classroom_as(school.coordinator), school.course_id, "Draft")
    assert len(listed(classroom_as(school.admin), school.course_id,
                      announcementStates=["DRAFT", "PUBLISHED"])) == SEEDED + 1


def test_an_announcement_that_does_not_exist_is_404(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        classroom_as(school.coordinator).courses().announcements().get(
            courseId=school.course_id, id="123456789012").execute()
    assert caught.value.status_code == 404
    assert google_error(caught)["message"] == "Requested entity was not found."


def test_someone_outside_the_course_reads_nothing(school, classroom_as):
    with pytest.raises(HttpError) as caught:
        listed(classroom_as("visitor@elsewhere.example"), school.course_id)
    assert caught.value.status_code == 403
