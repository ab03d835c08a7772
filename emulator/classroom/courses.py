"""Courses, their teachers and students, and user profiles: who sees what.

Google's rules, as the reference and the "Manage teachers and students" guide give them
(https://developers.google.com/workspace/classroom/guides/manage-users):
- a course is visible to its teachers and students while ACTIVE or ARCHIVED, to its
  owner only while PROVISIONED, DECLINED or SUSPENDED, and always to an administrator
  of the owner's domain (the ``courseState`` descriptions in the discovery document);
- only a domain administrator adds teachers or students directly, and only users of
  their own domain; a student may add themself with the course's enrollment code;
  a teacher must send an invitation instead (not emulated) and is refused;
- a user sees their own profile and the profiles of people in their courses.
"""

from __future__ import annotations

import copy

from .errors import (already_exists, cannot_direct_add_user, course_not_modifiable,
                     invalid_argument, not_found, permission_denied)
from .ids import domain_of
from .paging import page

# States in which a course cannot be changed (its description in the discovery doc).
FROZEN = ("ARCHIVED", "DECLINED", "SUSPENDED")
MEMBERS_SEE = ("ACTIVE", "ARCHIVED")
ROSTER_PAGE = 30       # "The default is 30 if unspecified or 0."
COURSES_PAGE = 100     # "the server may assign a maximum": the emulator's choice


class CourseOps:
    # -- access ------------------------------------------------------------
    def can_view(self, course: dict, caller: str) -> bool:
        uid = self.user_id_of(caller)
        if self.is_admin(caller, self.course_domain(course)):
            return True
        if course["courseState"] in MEMBERS_SEE:
            return self.role(course["id"], uid) is not None
        return uid == course["ownerId"]

    def visible_course(self, caller: str, course_id: str) -> dict:
        """The course, or 404 if it does not exist and 403 if the caller may not see it."""
        course = self.get_course(course_id)
        if not self.can_view(course, caller):
            raise permission_denied()
        return course

    def _render_course(self, course: dict, caller: str) -> dict:
        out = copy.deepcopy(course)
        uid = self.user_id_of(caller)
        # The class code is shown to the course's teachers (and admins), not to students.
        if self.role(course["id"], uid) != "teacher" and not self.is_admin(caller, self.course_domain(course)):
            out.pop("enrollmentCode", None)
        return out

    # -- courses -----------------------------------------------------------
    def courses_get(self, caller: str, course_id: str) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/get"""
        return self._render_course(self.visible_course(caller, course_id), caller)

    def courses_list(self, caller: str, teacher_id=None, student_id=None, course_states=None,
                     page_size=None, page_token=None) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/list
        Newest first; a teacherId or studentId that names nobody is NOT_FOUND."""
        if teacher_id and student_id:
            raise invalid_argument()
        teacher = self._filter_user(teacher_id, caller)
        student = self._filter_user(student_id, caller)
        states = [s for s in (course_states or []) if s != "COURSE_STATE_UNSPECIFIED"]
        found = [c for c in self.courses.values()
                 if self.can_view(c, caller)
                 and (teacher is None or teacher in self.teachers.get(c["id"], ()))
                 and (student is None or student in self.students.get(c["id"], ()))
                 and (not states or c["courseState"] in states)]
        found.sort(key=lambda c: (c["creationTime"], c["id"]), reverse=True)
        key = f"courses|{teacher_id}|{student_id}|{sorted(states)}|{caller}"
        items, token = page(found, page_size, page_token, key, COURSES_PAGE)
        return _listing("courses", [self._render_course(c, caller) for c in items], token)

    def _filter_user(self, identifier, caller):
        if not identifier:
            return None
        uid = self.resolve(identifier, caller)
        if uid is None:
            raise not_found()
        return uid

    # -- rosters -----------------------------------------------------------
    def _member(self, course_id: str, uid: str) -> dict:
        return {"courseId": course_id, "userId": uid, "profile": self.profile(uid)}

    def _roster(self, caller, course_id, kind, page_size, page_token) -> dict:
        self.visible_course(caller, course_id)
        ids = getattr(self, kind)[course_id]
        items, token = page(ids, page_size, page_token, f"{kind}|{course_id}", ROSTER_PAGE)
        return _listing(kind, [self._member(course_id, uid) for uid in items], token)

    def courses_students_list(self, caller, course_id, page_size=None, page_token=None) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.students/list"""
        return self._roster(caller, course_id, "students", page_size, page_token)

    def courses_teachers_list(self, caller, course_id, page_size=None, page_token=None) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.teachers/list"""
        return self._roster(caller, course_id, "teachers", page_size, page_token)

    def courses_students_create(self, caller, course_id, body: dict, enrollment_code=None) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.students/create"""
        course = self.get_course(course_id)
        target = self._new_member(body, caller)
        if self.is_admin(caller, self.course_domain(course)):
            if target is None or domain_of_user(self, target) != self.course_domain(course):
                raise cannot_direct_add_user()
        elif (target not in self.users or target != self.user_id_of(caller)
              or not enrollment_code or enrollment_code != course["enrollmentCode"]):
            # Without admin rights, only self-enrolment with the right class code.
            raise permission_denied()
        self._check_enrollable(course, target)
        self.students[course_id].append(target)
        return self._member(course_id, target)

    def courses_teachers_create(self, caller, course_id, body: dict) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.teachers/create"""
        course = self.get_course(course_id)
        target = self._new_member(body, caller)
        if not self.is_admin(caller, self.course_domain(course)):
            raise permission_denied()
        if target is None or domain_of_user(self, target) != self.course_domain(course):
            raise cannot_direct_add_user()
        self._check_enrollable(course, target)
        self.teachers[course_id].append(target)
        return self._member(course_id, target)

    def _new_member(self, body, caller) -> str | None:
        if not (body or {}).get("userId"):
            raise invalid_argument()
        return self.resolve(body["userId"], caller)

    def _check_enrollable(self, course, uid) -> None:
        if course["courseState"] in FROZEN:
            raise course_not_modifiable()
        if self.role(course["id"], uid) is not None:
            raise already_exists()

    # -- profiles ----------------------------------------------------------
    def user_profiles_get(self, caller: str, user_id: str) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/userProfiles/get
        PERMISSION_DENIED both for a profile the caller may not see and for one that
        does not exist, as documented."""
        me = self.user_id_of(caller)
        uid = self.resolve(user_id, caller)
        if uid == me:
            return self.profile(me, caller.lower())
        if uid is None:
            raise permission_denied()
        if self.is_admin(caller, domain_of_user(self, uid)) or self._share_a_course(me, uid):
            return self.profile(uid)
        raise permission_denied()

    def _share_a_course(self, a: str, b: str) -> bool:
        for course_id in self.courses:
            members = {*self.teachers.get(course_id, ()), *self.students.get(course_id, ())}
            if a in members and b in members:
                return True
        return False


def domain_of_user(store, uid: str) -> str | None:
    user = store.users.get(uid)
    return domain_of(user["email"]) if user else None


def _listing(name: str, items: list, token: str | None) -> dict:
    """Google's JSON omits empty repeated fields: an empty page is ``{}``."""
    out: dict = {}
    if items:
        out[name] = items
    if token:
        out["nextPageToken"] = token
    return out
