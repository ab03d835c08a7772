"""The school fixture: the people and courses that Google Workspace would already hold.

A fixture is JSON (``fixtures/sample_school.json`` is the sample)::

    {"school": {"name": "Demo School", "domain": "demo-school.example"},
     "users": [{"email": "...", "name": {"givenName": "...", "familyName": "..."},
                "id": "optional numeric ID", "photoUrl": "optional",
                "admin": false}],                      # a Workspace domain administrator
     "courses": [{"name": "...", "section": "...", "owner": "email",
                  "teachers": ["email", ...], "students": ["email", ...],
                  "id": "optional", "courseState": "ACTIVE", "enrollmentCode": "optional",
                  "descriptionHeading": "", "description": "", "room": "",
                  "announcements": [{"text": "...", "creator": "teacher email",
                                     "state": "PUBLISHED", "students": ["optional emails"]}]}]}

``name.fullName`` defaults to "givenName familyName". Loading is idempotent (IDs derive
from emails and names unless given). ``python -m emulator --seed FILE`` and the control
plane load a file with ``load_file``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

SAMPLE = Path(__file__).parent / "fixtures" / "sample_school.json"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COURSE_STATES = ("ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED")


class FixtureError(ValueError):
    """A school fixture that does not describe a consistent school."""


def load(world, fixture: dict) -> dict:
    """Load a fixture into the world and persist it; returns what it holds (counts)."""
    with world.lock:
        summary = world.classroom.load_school(fixture)
        world.save()
    return summary


def load_file(world, path: str | os.PathLike) -> dict:
    try:
        fixture = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}: not JSON ({exc})") from None
    return load(world, fixture)


def validate(fixture) -> None:
    """Raise FixtureError naming the first inconsistency."""
    if not isinstance(fixture, dict) or not isinstance(fixture.get("users"), list):
        raise FixtureError('a school fixture is an object with a "users" list')
    emails = set()
    for i, person in enumerate(fixture["users"]):
        where = f"users[{i}]"
        email = person.get("email") if isinstance(person, dict) else None
        if not isinstance(email, str) or not _EMAIL.match(email):
            raise FixtureError(f"{where}: a valid email is required")
        name = person.get("name")
        if not isinstance(name, dict) or not all(isinstance(name.get(k), str) and name[k].strip()
                                                 for k in ("givenName", "familyName")):
            raise FixtureError(f"{where} ({email}): name.givenName and name.familyName are required")
        if "id" in person and not str(person["id"]).isdigit():
            raise FixtureError(f"{where} ({email}): an id is a decimal string, as Classroom's")
        if email.lower() in emails:
            raise FixtureError(f"{where}: {email} is listed twice")
        emails.add(email.lower())
    for i, course in enumerate(fixture.get("courses", [])):
        _validate_course(course, f"courses[{i}]", emails)


def _validate_course(course, where: str, emails: set) -> None:
    if not isinstance(course, dict) or not isinstance(course.get("name"), str) or not course["name"].strip():
        raise FixtureError(f"{where}: a name is required")
    where = f"{where} ({course['name']})"

    def known(email, role):
        if not isinstance(email, str) or email.lower() not in emails:
            raise FixtureError(f"{where}: {role} {email!r} is not one of the users")
        return email.lower()

    teachers = {known(course.get("owner"), "owner")}
    teachers |= {known(e, "teacher") for e in course.get("teachers", [])}
    students = {known(e, "student") for e in course.get("students", [])}
    both = teachers & students
    if both:
        raise FixtureError(f"{where}: {sorted(both)[0]} cannot be both a teacher and a student")
    if course.get("courseState", "ACTIVE") not in _COURSE_STATES:
        raise FixtureError(f"{where}: courseState must be one of {', '.join(_COURSE_STATES)}")
    if "id" in course and not str(course["id"]).isdigit():
        raise FixtureError(f"{where}: an id is a decimal string, as Classroom's")
    for j, post in enumerate(course.get("announcements", [])):
        at = f"{where}.announcements[{j}]"
        if not isinstance(post, dict) or not isinstance(post.get("text"), str) or not post["text"].strip():
            raise FixtureError(f"{at}: a text is required")
        if known(post.get("creator"), "creator") not in teachers:
            raise FixtureError(f"{at}: the creator must be a teacher of the course")
        if post.get("state", "PUBLISHED") not in ("PUBLISHED", "DRAFT"):
            raise FixtureError(f"{at}: state must be PUBLISHED or DRAFT")
        for email in post.get("students", []):
            if known(email, "student") not in students:
                raise FixtureError(f"{at}: {email} is not a student of the course")
