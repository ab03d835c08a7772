"""Classroom v1: the school's CAS course, its roster and its announcements
(https://developers.google.com/classroom/reference/rest).

Students' email addresses are returned only with the
``classroom.profile.emails`` scope (UserProfile.emailAddress in the discovery
document), which ``credentials.SCOPES`` therefore asks for.
"""

from __future__ import annotations

from typing import Iterable

from .gateway import ApiGateway


class Classroom(ApiGateway):
    api, version = "classroom", "v1"

    def course(self, course_id: str) -> dict:
        return self.call(self.service.courses().get(id=course_id))

    def courses(self, teacher: str | None = None, states: Iterable[str] = ("ACTIVE",)) -> list[dict]:
        """The courses the acting user may see; ``teacher`` is an email, ID or "me"."""
        params = {"courseStates": list(states)}
        if teacher:
            params["teacherId"] = teacher
        return list(self.pages(self.service.courses().list, "courses", **params))

    def students(self, course_id: str) -> list[dict]:
        """The course's students: ``userId`` and ``profile`` (name, emailAddress)."""
        return list(self.pages(self.service.courses().students().list, "students",
                               courseId=course_id))

    def teachers(self, course_id: str) -> list[dict]:
        return list(self.pages(self.service.courses().teachers().list, "teachers",
                               courseId=course_id))

    def announce(self, course_id: str, text: str, student_ids: Iterable[str] | None = None,
                 materials: Iterable[dict] = (), state: str = "PUBLISHED") -> dict:
        """courses.announcements.create: to the whole course, or to some students
        only (``INDIVIDUAL_STUDENTS``; IDs or emails of the course's students)."""
        body = {"text": text, "state": state}
        if materials:
            body["materials"] = list(materials)
        if student_ids is not None:
            body["assigneeMode"] = "INDIVIDUAL_STUDENTS"
            body["individualStudentsOptions"] = {"studentIds": list(student_ids)}
        return self.call(self.service.courses().announcements().create(courseId=course_id,
                                                                       body=body))

    def delete_announcement(self, course_id: str, announcement_id: str) -> None:
        """courses.announcements.delete (only its creator may delete it)."""
        self.call(self.service.courses().announcements().delete(courseId=course_id,
                                                                id=announcement_id))

    def announcements(self, course_id: str, states: Iterable[str] = ("PUBLISHED",)) -> list[dict]:
        """The course's announcements, newest first (Classroom's default order)."""
        return list(self.pages(self.service.courses().announcements().list, "announcements",
                               courseId=course_id, announcementStates=list(states)))
