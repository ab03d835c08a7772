"""The Classroom gateway against the emulator's sample school: the CAS course and
its roster with emails, announcements to the course and to some students only."""

import pytest

from _gateways import workspace_as
from emulator import school as school_fixture
from service.workspace.errors import NotFound, PermissionDenied

COORDINATOR = "coordinator@demo-school.example"


@pytest.fixture
def course_id(emulator):
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    [course] = emulator.world.classroom.courses
    return course


@pytest.fixture
def workspace(emulator):
    return workspace_as(emulator, COORDINATOR)


def test_the_coordinators_cas_course_is_found(workspace, course_id):
    courses = workspace.classroom.courses(teacher="me")
    assert [c["id"] for c in courses] == [course_id]
    assert workspace.classroom.course(course_id)["name"] == "CAS 2026-2028"


def test_the_roster_lists_every_student_with_an_email_across_pages(workspace, course_id):
    # students.list pages 30 at a time by default: 60 students take two calls.
    students = workspace.classroom.students(course_id)
    emails = [s["profile"]["emailAddress"] for s in students]
    assert len(emails) == 60 == len(set(emails))
    assert "zoe.abernathy@demo-school.example" in emails
    assert workspace.counter.calls["classroom.courses.students.list"] == 2
    assert len(workspace.classroom.teachers(course_id)) >= 6


def test_an_announcement_to_some_students_reaches_only_them(emulator, workspace, course_id):
    made = workspace.classroom.announce(course_id, "Book your first interview.",
                                        student_ids=["zoe.abernathy@demo-school.example"])
    assert made["assigneeMode"] == "INDIVIDUAL_STUDENTS" and made["state"] == "PUBLISHED"
    zoe = workspace_as(emulator, "zoe.abernathy@demo-school.example").classroom
    assert made["id"] in [a["id"] for a in zoe.announcements(course_id)]
    jose = workspace_as(emulator, "jose.alvarado@demo-school.example").classroom
    assert made["id"] not in [a["id"] for a in jose.announcements(course_id)]


def test_an_announcement_to_the_course_is_read_back_with_the_others(workspace, course_id):
    made = workspace.classroom.announce(course_id, "Welcome to CAS, class of 2028!")
    texts = [a["text"] for a in workspace.classroom.announcements(course_id)]
    assert texts[0] == "Welcome to CAS, class of 2028!" and len(texts) == 4
    assert made["assigneeMode"] == "ALL_STUDENTS"


def test_a_student_cannot_post_and_is_told_so_at_once(emulator, course_id):
    student = workspace_as(emulator, "zoe.abernathy@demo-school.example")
    with pytest.raises(PermissionDenied) as raised:
        student.classroom.announce(course_id, "Party!")
    assert raised.value.method == "classroom.courses.announcements.create"
    assert not student.counter.retries


def test_an_unknown_course_is_not_found(workspace, course_id):
    with pytest.raises(NotFound):
        workspace.classroom.course("999999999")
