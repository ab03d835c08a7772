"""The Classroom store: the school's user directory, courses, their rosters and
announcements (https://developers.google.com/workspace/classroom/reference/rest).

Plain dicts, one lock (the world's). The directory and the courses come from a
school fixture (``load_school``); the API then reads them, creates and changes
courses, and adds enrolments, aliases and announcements. Operations live beside this
file by resource (``courses.py``, ``course_writes.py``, ``aliases.py``,
``announcements.py``) and are named after the discovery method IDs.
"""

from __future__ import annotations

import copy

from ..core import clock
from .aliases import AliasOps
from .announcements import AnnouncementOps
from .course_writes import CourseWriteOps, new_course
from .courses import CourseOps
from .errors import not_found
from .ids import derived_id, domain_of


class ClassroomStore(CourseOps, CourseWriteOps, AliasOps, AnnouncementOps):
    def __init__(self, world):
        self.world = world
        self.reset()

    # -- state -------------------------------------------------------------
    def reset(self) -> None:
        self.school: dict = {}                 # {"name", "domain"}
        self.users: dict[str, dict] = {}       # user id -> {"id", "email", "name", "photoUrl"?, "admin"}
        self.emails: dict[str, str] = {}       # lowercase email -> user id
        self.courses: dict[str, dict] = {}     # course id -> Course resource (stored fields)
        self.teachers: dict[str, list] = {}    # course id -> [user id], the owner first
        self.students: dict[str, list] = {}    # course id -> [user id], in enrolment order
        self.announcements: dict[str, dict] = {}  # course id -> {id -> Announcement + "_project"}
        self.aliases: dict[str, dict] = {}     # scoped key (aliases.py) -> {"alias", "courseId"}

    def snapshot(self) -> dict:
        return {"school": self.school, "users": self.users, "courses": self.courses,
                "teachers": self.teachers, "students": self.students,
                "announcements": self.announcements, "aliases": self.aliases}

    def load(self, state: dict) -> None:
        self.reset()
        for key, value in state.items():
            setattr(self, key, value)
        self.emails = {u["email"].lower(): uid for uid, u in self.users.items()}

    # -- the school fixture ------------------------------------------------
    def load_school(self, fixture: dict) -> dict:
        """Make the store hold the school a fixture describes (emulator/school.py has
        the format). Idempotent: IDs derive from emails and names unless given, and
        loading again adds nothing; enrolments and announcements made through the API
        are kept. Returns counts of what the fixture holds."""
        from ..school import validate
        validate(fixture)
        school = fixture.get("school", {})
        self.school = {k: school[k] for k in ("name", "domain") if k in school}
        for person in fixture["users"]:
            self._upsert_user(person)
        for course in fixture.get("courses", []):
            self._upsert_course(course)
        return {"users": len(fixture["users"]), "courses": len(fixture.get("courses", []))}

    def _upsert_user(self, person: dict) -> None:
        email = person["email"].lower()
        uid = str(person.get("id") or self.emails.get(email) or derived_id("user", email, 21))
        name = dict(person["name"])
        name.setdefault("fullName", f"{name['givenName']} {name['familyName']}")
        user = {"id": uid, "email": email, "name": name, "admin": bool(person.get("admin"))}
        if person.get("photoUrl"):
            user["photoUrl"] = person["photoUrl"]
        self.users[uid] = user
        self.emails[email] = uid

    def _upsert_course(self, spec: dict) -> None:
        course_id = str(spec.get("id") or derived_id("course", f"{spec['name']}|{spec.get('section', '')}", 12))
        owner = self.emails[spec["owner"].lower()]
        existing = self.courses.get(course_id, {})
        t = existing.get("creationTime") or spec.get("creationTime") or clock.stamp()
        course = new_course(course_id, spec["name"], owner, spec["owner"],
                            spec.get("courseState", "ACTIVE"), t)
        course["updateTime"] = existing.get("updateTime", t)
        if spec.get("enrollmentCode"):
            course["enrollmentCode"] = spec["enrollmentCode"]
        course.setdefault("calendarId", f"classroom{course_id}@group.calendar.google.com")
        for key in ("section", "descriptionHeading", "description", "room"):
            if spec.get(key):
                course[key] = spec[key]
        self.courses[course_id] = course
        teachers = self.teachers.setdefault(course_id, [])
        for email in [spec["owner"], *spec.get("teachers", [])]:
            uid = self.emails[email.lower()]
            if uid not in teachers:
                teachers.append(uid)
        teachers.remove(owner)
        teachers.insert(0, owner)
        students = self.students.setdefault(course_id, [])
        for email in spec.get("students", []):
            uid = self.emails[email.lower()]
            if uid not in students:
                students.append(uid)
        posts = self.announcements.setdefault(course_id, {})
        for post in spec.get("announcements", []):
            self._seed_announcement(course_id, post, posts)

    def _seed_announcement(self, course_id: str, post: dict, posts: dict) -> None:
        """An announcement a teacher posted in Classroom's web UI: no developer project
        created it, so no API caller may modify it (as with Google)."""
        creator = self.emails[post["creator"].lower()]
        ann_id = str(post.get("id") or derived_id("announcement", f"{course_id}|{post['text']}", 12))
        t = post.get("creationTime") or posts.get(ann_id, {}).get("creationTime") or clock.stamp()
        ann = {"courseId": course_id, "id": ann_id, "text": post["text"],
               "state": post.get("state", "PUBLISHED"), "creationTime": t, "updateTime": t,
               "creatorUserId": creator, "assigneeMode": "ALL_STUDENTS", "_project": None}
        if post.get("students"):
            ann["assigneeMode"] = "INDIVIDUAL_STUDENTS"
            ann["individualStudentsOptions"] = {
                "studentIds": [self.emails[e.lower()] for e in post["students"]]}
        posts[ann_id] = ann

    # -- lookups -----------------------------------------------------------
    def get_course(self, course_id: str) -> dict:
        """The one place a missing course becomes Classroom's 404."""
        course = self.courses.get(course_id)
        if course is None:
            raise not_found()
        return course

    def user_id_of(self, email: str) -> str:
        """The caller's user ID; a Google account outside the school directory still
        has one (derived from its email), it just belongs to no course."""
        return self.emails.get(email.lower()) or derived_id("user", email.lower(), 21)

    def resolve(self, identifier: str | None, caller: str) -> str | None:
        """A user given as Google allows (numeric ID, email or ``me``) -> user ID, or
        None when no such user exists."""
        if not identifier:
            return None
        if identifier == "me":
            return self.user_id_of(caller)
        if "@" in identifier:
            return self.emails.get(identifier.lower())
        return identifier if identifier in self.users else None

    def is_admin(self, email: str, domain: str) -> bool:
        """A domain administrator of ``domain``."""
        user = self.users.get(self.emails.get(email.lower(), ""))
        return bool(user and user["admin"] and domain_of(user["email"]) == domain)

    def course_domain(self, course: dict) -> str:
        return domain_of(self.users[course["ownerId"]]["email"])

    def role(self, course_id: str, uid: str) -> str | None:
        if uid in self.teachers.get(course_id, ()):
            return "teacher"
        if uid in self.students.get(course_id, ()):
            return "student"
        return None

    def profile(self, uid: str, email: str | None = None) -> dict:
        """A UserProfile resource. The emulator always fills ``emailAddress`` and
        ``photoUrl`` (Google does only with the profile.emails/photos scopes)."""
        user = self.users.get(uid)
        if user is None:  # a caller outside the directory: what we know is the email
            local = (email or "").partition("@")[0]
            return {"id": uid, "name": {"givenName": local, "familyName": "", "fullName": local},
                    "emailAddress": email}
        out = {"id": uid, "name": copy.deepcopy(user["name"]), "emailAddress": user["email"]}
        if user.get("photoUrl"):
            out["photoUrl"] = user["photoUrl"]
        return out

    def directory(self) -> list[dict]:
        """The school's people (for pages that offer a "signed in as" switch)."""
        return [{"id": u["id"], "email": u["email"], "name": u["name"]["fullName"],
                 "admin": u["admin"]} for u in self.users.values()]
