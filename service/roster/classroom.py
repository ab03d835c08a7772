"""A roster from the school's CAS Classroom course.

The input is the items of ``courses.students.list`` and ``courses.teachers.list``
as the API returns them (Student and Teacher resources: ``userId`` and a
``profile`` with ``name.givenName``/``familyName``/``fullName`` and
``emailAddress``;
https://developers.google.com/classroom/reference/rest/v1/courses.students).

Decisions where Classroom cannot say what the Students tab needs:

* **Advisor.** Classroom has no advisor assignment, so every student comes with
  an empty advisor. The import still writes them; a student whose Sheet row has
  no advisor yet is listed as needing one (``RosterDiff.needs_advisor``), and
  the coordinator assigns advisors in the Sheet, where an assignment already
  made is never overwritten by this empty value.
* **Student ID.** Classroom does not know the school's student ID; the local
  part of the student's email stands in (``zoe.abernathy``), or the whole email
  when two students share a local part on different subdomains. A student whose
  Sheet row already has an ID is matched by email and keeps it
  (``diff_roster``).
* **Teachers** of the course become the candidate advisors (``advisors``), the
  school's own accounts only; a teacher from outside the school is left out,
  since an advisor must be able to open the students' Drive folders. Google
  adds the course owner as a teacher, so the coordinator is among them.
* **Problems.** A student with no email (the caller lacks the
  ``classroom.profile.emails`` scope, without which Google leaves
  ``emailAddress`` out) or an email outside the school domain makes the whole
  roster fail with ``RosterError``, as a CSV line would: the coordinator
  removes the guest from the course or fixes the scope, then imports again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Iterable, Mapping

from .records import (Advisor, RosterError, Student, email_problem, normalise_email,
                      problem)


@dataclasses.dataclass(frozen=True)
class ClassroomRoster:
    """The students of a course and the teachers who may advise them."""

    students: list[Student]
    advisors: list[Advisor]


def roster_from_classroom(students: Iterable[Mapping], teachers: Iterable[Mapping],
                          school_domain: str, cohort: str = "") -> ClassroomRoster:
    """Student records from a course's students, candidate advisors from its
    teachers; ``RosterError`` with every student that cannot be imported."""
    domain = school_domain.strip().lower()
    problems, found = [], []
    for item in students:
        profile = item.get("profile") or {}
        names = profile.get("name") or {}
        given = (names.get("givenName") or "").strip()
        family = (names.get("familyName") or "").strip()
        name = (names.get("fullName") or "").strip() or " ".join(x for x in (given, family) if x)
        email = normalise_email(profile.get("emailAddress") or "")
        where = f"Classroom student {name or item.get('userId', '?')}"
        if not email:
            problems.append(problem(None, "email", "", "is missing: the service needs the "
                                    "classroom.profile.emails scope to read it.", where=where))
            continue
        why = email_problem(email, domain)
        if why:
            problems.append(problem(None, "email", email, why + "; remove this student "
                                    "from the course or give them a school account.", where=where))
            continue
        found.append(Student(student_id="", name=name or email, email=email, cohort=cohort,
                             given_name=given, family_name=family))
    if problems:
        raise RosterError(problems)
    return ClassroomRoster(students=_with_ids(found), advisors=_advisors(teachers, domain))


def _with_ids(students: list[Student]) -> list[Student]:
    """Each student with an ID from their email, unique in the roster; a
    student listed twice (a page read twice) is kept once."""
    unique = list({s.email: s for s in students}.values())
    locals_ = Counter(s.email.partition("@")[0] for s in unique)
    out = []
    for s in unique:
        local = s.email.partition("@")[0]
        out.append(dataclasses.replace(s, student_id=local if locals_[local] == 1 else s.email))
    return out


def _advisors(teachers: Iterable[Mapping], domain: str) -> list[Advisor]:
    advisors = {}
    for item in teachers:
        profile = item.get("profile") or {}
        email = normalise_email(profile.get("emailAddress") or "")
        if email and not email_problem(email, domain):
            names = profile.get("name") or {}
            advisors.setdefault(email, Advisor(email=email, name=(names.get("fullName") or "").strip()))
    return list(advisors.values())
