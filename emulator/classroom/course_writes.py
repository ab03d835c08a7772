"""Creating, changing and deleting courses
(https://developers.google.com/workspace/classroom/reference/rest/v1/courses).

Google's rules kept here:
- create: ``name`` and ``ownerId`` are required; ``ownerId`` is a numeric ID, an email
  or ``me``; a non-admin may only own what they create, a domain administrator may
  create courses for anyone of their domain (403 otherwise); an owner who is no user
  is NOT_FOUND; the owner becomes the course's first teacher; ``courseState``
  defaults to PROVISIONED, and consumer accounts (``@gmail.com``) cannot create an
  ACTIVE course (403) (courses.create, and the "Manage courses" guide,
  https://developers.google.com/workspace/classroom/guides/manage-courses);
- an ``id`` given to create is an alias (``d:``/``p:``, aliases.py), created with
  the course; an alias that exists is ALREADY_EXISTS; the course's ``id`` is always
  Classroom's own;
- teachers (and domain administrators) change a course's details; only the owner or
  a domain administrator changes the owner and deletes the course ("Only a Course
  owner can delete the Course and change the Course owner", the "User roles" guide;
  ``ownerId``: "Admins can also specify this field in a patch course request");
- patch needs an ``updateMask`` of the fields its reference lists (INVALID_ARGUMENT
  otherwise); update (PUT) replaces the writable fields and keeps ``levels`` when
  omitted; read-only fields are ignored;
- the states move as the ``courseState`` enum describes: PROVISIONED -> ACTIVE or
  DECLINED, DECLINED -> PROVISIONED, ACTIVE -> ARCHIVED, ARCHIVED -> ACTIVE; an
  ARCHIVED, DECLINED or SUSPENDED course cannot be changed otherwise
  (``@CourseNotModifiable``), but its state may change in the same request as its
  other fields (the "Request errors" page), so what counts is the state it ends in;
- a course name holding a URL is ``@CourseTitleCannotContainUrl``;
- delete: an ACTIVE course must be archived first (Classroom's Help Center: "To
  delete a class, you need to archive it first"; Google's API answers
  FAILED_PRECONDITION, as recorded by openclaw/gogcli#770).
"""

from __future__ import annotations

import hashlib
import re
import secrets

from ..core import clock
from .aliases import CONSUMER_DOMAINS
from .courses import FROZEN
from .errors import (course_not_modifiable, failed_precondition, invalid_argument, not_found,
                     permission_denied, precondition_check_failed)
from .ids import CLASSROOM, domain_of, link_part

# Length limits of the Course fields' descriptions in the discovery document.
LIMITS = {"name": 750, "section": 2800, "descriptionHeading": 3600, "description": 30_000,
          "room": 650, "levels": 999}
TEXT_FIELDS = ("name", "section", "descriptionHeading", "description", "room", "subject", "levels")
MASKABLE = {"courseState", "description", "descriptionHeading", "name", "ownerId", "room",
            "section", "subject", "learningStandardSettings", "levels"}
MOVES = {"PROVISIONED": {"ACTIVE", "DECLINED"}, "DECLINED": {"PROVISIONED"},
         "ACTIVE": {"ARCHIVED"}, "ARCHIVED": {"ACTIVE"}, "SUSPENDED": set()}
CREATABLE = ("ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED")
_URL = re.compile(r"(https?://|www\.)\S", re.IGNORECASE)


class CourseWriteOps:
    def courses_create(self, caller: str, body: dict) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/create"""
        body = body or {}
        if not body.get("ownerId"):
            raise invalid_argument()
        _check_texts(body)
        owner = self.resolve(body["ownerId"], caller)
        if owner is None or owner not in self.users:
            raise not_found()  # "if the primary teacher is not a valid user"
        owner_email = self.users[owner]["email"]
        if owner != self.user_id_of(caller) and not self.is_admin(caller, domain_of(owner_email)):
            raise permission_denied()
        state = body.get("courseState") or "PROVISIONED"
        if state == "COURSE_STATE_UNSPECIFIED":
            state = "PROVISIONED"
        if state not in CREATABLE:
            raise invalid_argument()
        if state == "ACTIVE" and domain_of(owner_email) in CONSUMER_DOMAINS:
            raise permission_denied()
        alias_key = self.check_new_alias(caller, body["id"], None) if body.get("id") else None
        course_id = self._new_course_id()
        course = new_course(course_id, body["name"], owner, owner_email, state, clock.stamp())
        for field in TEXT_FIELDS[1:]:
            if body.get(field):
                course[field] = body[field]
        self.courses[course_id] = course
        self.teachers[course_id] = [owner]
        self.students[course_id] = []
        if alias_key:
            self.aliases[alias_key] = {"alias": body["id"], "courseId": course_id}
        return self._render_course(course, caller)

    def courses_patch(self, caller: str, course_id: str, body: dict, update_mask) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/patch"""
        fields = [f.strip() for f in (update_mask or "").split(",") if f.strip()]
        if not fields or any(f not in MASKABLE for f in fields):
            raise invalid_argument()
        body = body or {}
        course = self._changeable(caller, course_id)
        change = {f: body.get(f) for f in fields if f not in ("ownerId", "learningStandardSettings")}
        if "ownerId" in fields:
            self._check_new_owner(caller, course, body.get("ownerId"))
        return self._apply(caller, course, change, body.get("ownerId") if "ownerId" in fields else None)

    def courses_update(self, caller: str, course_id: str, body: dict) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/update
        ``ownerId`` is read-only here (only patch transfers a course); an omitted
        ``courseState`` leaves the state as it is (the emulator's reading)."""
        body = body or {}
        course = self._changeable(caller, course_id)
        change = {f: body.get(f) for f in TEXT_FIELDS if f != "levels" or "levels" in body}
        if "courseState" in body:
            change["courseState"] = body["courseState"]
        return self._apply(caller, course, change, None)

    def courses_delete(self, caller: str, course_id: str) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses/delete"""
        course = self.visible_course(caller, course_id)
        if not self._owner_or_admin(caller, course):
            raise permission_denied()
        if course["courseState"] == "ACTIVE":
            raise precondition_check_failed()  # archive it first
        cid = course["id"]
        for table in (self.courses, self.teachers, self.students, self.announcements):
            table.pop(cid, None)
        self.drop_aliases(cid)
        return {}

    # -- helpers -----------------------------------------------------------
    def _changeable(self, caller: str, course_id: str) -> dict:
        course = self.visible_course(caller, course_id)
        if self.role(course["id"], self.user_id_of(caller)) != "teacher" and not self.is_admin(
                caller, self.course_domain(course)):
            raise permission_denied()  # students see a course but do not change it
        return course

    def _owner_or_admin(self, caller: str, course: dict) -> bool:
        return (self.user_id_of(caller) == course["ownerId"]
                or self.is_admin(caller, self.course_domain(course)))

    def _check_new_owner(self, caller: str, course: dict, identifier) -> None:
        if not self._owner_or_admin(caller, course):
            raise permission_denied()
        uid = self.resolve(identifier, caller) if identifier else None
        # The new owner must be a teacher of the course (Classroom's UI transfers
        # ownership to a co-teacher) in the course's domain.
        if uid is None or uid not in self.teachers.get(course["id"], ()) or \
                domain_of(self.users[uid]["email"]) != self.course_domain(course):
            raise failed_precondition("IneligibleOwner", "The requested owner is not eligible "
                                      "to own this course.")

    def _apply(self, caller: str, course: dict, change: dict, new_owner) -> dict:
        """Check a change as a whole, then make it: nothing changes if any part fails."""
        state = course["courseState"]
        if "courseState" in change:
            state = change.pop("courseState")
            if state not in MOVES:  # left out, or COURSE_STATE_UNSPECIFIED
                raise invalid_argument()
            if state != course["courseState"] and state not in MOVES[course["courseState"]]:
                raise precondition_check_failed()  # a move the courseState enum does not allow
        texts = {f: v for f, v in change.items() if (v or None) != (course.get(f) or None)}
        _check_texts({**{f: course.get(f) for f in ("name",)}, **change})
        owner = self.resolve(new_owner, caller) if new_owner else course["ownerId"]
        if (texts or owner != course["ownerId"]) and state in FROZEN:
            raise course_not_modifiable()
        for field, value in texts.items():
            if value:
                course[field] = value
            else:
                course.pop(field, None)
        if owner != course["ownerId"]:
            course["ownerId"] = owner
            teachers = self.teachers[course["id"]]
            teachers.remove(owner)
            teachers.insert(0, owner)
        course["courseState"] = state
        if state == "ACTIVE":
            course.setdefault("calendarId", f"classroom{course['id']}@group.calendar.google.com")
        course["updateTime"] = clock.stamp()
        return self._render_course(course, caller)

    def _new_course_id(self) -> str:
        while True:
            course_id = str(10 ** 11 + secrets.randbelow(9 * 10 ** 11))
            if course_id not in self.courses:
                return course_id


def _check_texts(fields: dict) -> None:
    """The Course fields' documented limits; ``name`` is required (1 to 750 characters)."""
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid_argument()
    for field, limit in LIMITS.items():
        value = fields.get(field)
        if isinstance(value, str) and len(value) > limit:
            raise invalid_argument()
    if _URL.search(name):
        raise failed_precondition("CourseTitleCannotContainUrl", "The course title cannot "
                                  "contain a URL.")


def new_course(course_id: str, name: str, owner_id: str, owner_email: str, state: str,
               t: str) -> dict:
    """A Course resource as Classroom makes it: its class code, link, group emails.
    The calendar is made when the course is first ACTIVE (the ``calendarId`` field)."""
    domain = domain_of(owner_email)
    slug = "".join(ch if ch.isalnum() else "_" for ch in name)
    course = {
        "id": course_id, "name": name, "ownerId": owner_id,
        "creationTime": t, "updateTime": t,
        "enrollmentCode": _enrollment_code(course_id),
        "courseState": state,
        "alternateLink": f"{CLASSROOM}/c/{link_part(course_id)}",
        "teacherGroupEmail": f"{slug}_teachers_{course_id[-6:]}@{domain}",
        "courseGroupEmail": f"{slug}_{course_id[-6:]}@{domain}",
        "guardiansEnabled": False,
    }
    if state == "ACTIVE":
        course["calendarId"] = f"classroom{course_id}@group.calendar.google.com"
    return course


def _enrollment_code(course_id: str) -> str:
    """Classroom's class codes are short lowercase alphanumeric strings."""
    digest = hashlib.sha256(f"code:{course_id}".encode()).digest()
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:7])
