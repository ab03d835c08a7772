"""Classroom for people: the signed-in person's classes (classroom.google.com/h), a
course's stream (/c/COURSE) and one announcement (/c/COURSE/p/POST).

Read through the Classroom API as the person, so the stream is theirs: a student
sees only published announcements assigned to them, a teacher every announcement
(drafts too) with whom it is addressed to. Classroom's links carry IDs base64-encoded.
"""

from __future__ import annotations

import base64
import binascii

from . import ApiError, api, error_page, pages, render


def course_id_of(link_part: str) -> str:
    """The numeric ID a link part encodes (a bare numeric ID is accepted too)."""
    try:
        decoded = base64.b64decode(link_part + "=" * (-len(link_part) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return link_part
    return decoded if decoded.isdigit() else link_part


def _all(path: str, key: str, args: dict | None = None) -> list[dict]:
    found, token = [], None
    while True:
        page = api("GET", path, {**(args or {}), **({"pageToken": token} if token else {})})
        found += page.get(key, [])
        token = page.get("nextPageToken")
        if not token:
            return found


def _names(course_id: str, teacher: bool) -> dict[str, str]:
    """User ID -> full name of the course's teachers, and of its students for a teacher."""
    names = {t["userId"]: t["profile"]["name"]["fullName"]
             for t in _all(f"/v1/courses/{course_id}/teachers", "teachers")}
    if teacher:
        names.update({s["userId"]: s["profile"]["name"]["fullName"]
                      for s in _all(f"/v1/courses/{course_id}/students", "students")})
    return names


def _is_teacher(course_id: str) -> bool:
    me = api("GET", "/v1/userProfiles/me")["id"]
    return any(t["userId"] == me for t in _all(f"/v1/courses/{course_id}/teachers", "teachers"))


def _post_view(post: dict, names: dict, teacher: bool) -> dict:
    view = {**post, "author": names.get(post.get("creatorUserId"), "A teacher")}
    if teacher and post.get("assigneeMode") == "INDIVIDUAL_STUDENTS":
        ids = post.get("individualStudentsOptions", {}).get("studentIds", [])
        view["audience"] = f"to {len(ids)} student{'s' if len(ids) != 1 else ''}"
        view["audience_names"] = ", ".join(names.get(i, i) for i in ids)
    elif teacher:
        view["audience"] = "to all students"
    return view


@pages.get("/h")
def classes():
    try:
        courses = _all("/v1/courses", "courses", {"courseStates": ["ACTIVE"]})
        teaching = {c["id"] for c in _all("/v1/courses", "courses", {"teacherId": "me"})}
    except ApiError as err:
        return error_page(err)
    return render("classroom_home.html", courses=courses, teaching=teaching)


@pages.get("/c/<course_part>")
def stream(course_part):
    course_id = course_id_of(course_part)
    try:
        course = api("GET", f"/v1/courses/{course_id}")
        teacher = _is_teacher(course_id)
        states = ["PUBLISHED", "DRAFT"] if teacher else ["PUBLISHED"]
        posts = _all(f"/v1/courses/{course_id}/announcements", "announcements",
                     {"announcementStates": states, "orderBy": "updateTime desc"})
        names = _names(course_id, teacher)
    except ApiError as err:
        return error_page(err)
    return render("classroom_stream.html", course=course, teacher=teacher,
                  posts=[_post_view(p, names, teacher) for p in posts])


@pages.get("/c/<course_part>/p/<post_part>")
def announcement(course_part, post_part):
    course_id = course_id_of(course_part)
    try:
        course = api("GET", f"/v1/courses/{course_id}")
        post = api("GET", f"/v1/courses/{course_id}/announcements/{course_id_of(post_part)}")
        teacher = _is_teacher(course_id)
        names = _names(course_id, teacher)
    except ApiError as err:
        return error_page(err)
    return render("classroom_stream.html", course=course, teacher=teacher,
                  posts=[_post_view(post, names, teacher)], single=True)
