"""Handlers of the classroom API, by discovery method ID: read the call, ask the store.

A course may be named by its Classroom ID or by an alias wherever the reference says
"This identifier can be either the Classroom-assigned identifier or an alias", so
every course parameter goes through ``_course``."""

from __future__ import annotations

from ..core.call import Call, handles


def _store(call: Call):
    return call.world.classroom


def _course(call: Call, name: str = "courseId") -> str:
    return _store(call).course_key(call.user, call.param(name))


@handles("classroom.courses.get")
def courses_get(call: Call):
    return _store(call).courses_get(call.user, _course(call, "id"))


@handles("classroom.courses.list")
def courses_list(call: Call):
    return _store(call).courses_list(
        call.user, teacher_id=call.param("teacherId"), student_id=call.param("studentId"),
        course_states=call.param("courseStates"), page_size=call.param("pageSize"),
        page_token=call.param("pageToken"))


@handles("classroom.courses.students.list")
def students_list(call: Call):
    return _store(call).courses_students_list(call.user, _course(call),
                                              call.param("pageSize"), call.param("pageToken"))


@handles("classroom.courses.students.create")
def students_create(call: Call):
    return _store(call).courses_students_create(call.user, _course(call), call.body,
                                                call.param("enrollmentCode"))


@handles("classroom.courses.teachers.list")
def teachers_list(call: Call):
    return _store(call).courses_teachers_list(call.user, _course(call),
                                              call.param("pageSize"), call.param("pageToken"))


@handles("classroom.courses.teachers.create")
def teachers_create(call: Call):
    return _store(call).courses_teachers_create(call.user, _course(call), call.body)


@handles("classroom.userProfiles.get")
def user_profiles_get(call: Call):
    return _store(call).user_profiles_get(call.user, call.param("userId"))


@handles("classroom.courses.announcements.create")
def announcements_create(call: Call):
    return _store(call).courses_announcements_create(call.user, _course(call), call.body)


@handles("classroom.courses.announcements.get")
def announcements_get(call: Call):
    return _store(call).courses_announcements_get(call.user, _course(call), call.param("id"))


@handles("classroom.courses.announcements.list")
def announcements_list(call: Call):
    return _store(call).courses_announcements_list(
        call.user, _course(call), states=call.param("announcementStates"),
        order_by=call.param("orderBy"), page_size=call.param("pageSize"),
        page_token=call.param("pageToken"))


@handles("classroom.courses.announcements.patch")
def announcements_patch(call: Call):
    return _store(call).courses_announcements_patch(
        call.user, _course(call), call.param("id"), call.body, call.param("updateMask"))


@handles("classroom.courses.announcements.delete")
def announcements_delete(call: Call):
    return _store(call).courses_announcements_delete(call.user, _course(call),
                                                     call.param("id"))


@handles("classroom.courses.announcements.modifyAssignees")
def announcements_modify_assignees(call: Call):
    return _store(call).courses_announcements_modify_assignees(
        call.user, _course(call), call.param("id"), call.body)


@handles("classroom.courses.create")
def courses_create(call: Call):
    return _store(call).courses_create(call.user, call.body)


@handles("classroom.courses.patch")
def courses_patch(call: Call):
    return _store(call).courses_patch(call.user, _course(call, "id"), call.body,
                                      call.param("updateMask"))


@handles("classroom.courses.update")
def courses_update(call: Call):
    return _store(call).courses_update(call.user, _course(call, "id"), call.body)


@handles("classroom.courses.delete")
def courses_delete(call: Call):
    return _store(call).courses_delete(call.user, _course(call, "id"))


@handles("classroom.courses.aliases.create")
def aliases_create(call: Call):
    return _store(call).courses_aliases_create(call.user, _course(call), call.body)


@handles("classroom.courses.aliases.list")
def aliases_list(call: Call):
    return _store(call).courses_aliases_list(call.user, _course(call), call.param("pageSize"),
                                             call.param("pageToken"))


@handles("classroom.courses.aliases.delete")
def aliases_delete(call: Call):
    return _store(call).courses_aliases_delete(call.user, _course(call), call.param("alias"))
