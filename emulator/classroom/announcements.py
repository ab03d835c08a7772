"""Course announcements (https://developers.google.com/workspace/classroom/reference/rest/v1/courses.announcements).

Google's rules kept here:
- only the course's teachers post; teachers and domain administrators see every
  announcement, students only PUBLISHED ones that are assigned to them (ALL_STUDENTS,
  or INDIVIDUAL_STUDENTS naming them);
- ``list`` defaults to ``announcementStates=PUBLISHED`` and ``orderBy=updateTime desc``;
- ``patch`` and ``delete`` are allowed only to the developer project (OAuth client)
  that created the announcement. The emulator has no projects: it treats "the same
  acting user, through the API" as "the same project"; announcements from a school
  fixture count as posted in Classroom's web UI, so no API caller may change them;
- a state left unspecified on create is DRAFT (the ``state`` field's description;
  the enum's description calls PUBLISHED the default, the field's wins here);
- a DRAFT with a ``scheduledTime`` is published once that time has passed.
"""

from __future__ import annotations

import copy
import secrets

from ..core import clock
from .errors import (course_not_modifiable, failed_precondition, invalid_argument, not_found,
                     permission_denied, precondition_check_failed, project_permission_denied)
from .ids import link_part
from .paging import page

MAX_TEXT = 30_000
MAX_MATERIALS = 20
PAGE = 100            # "the server may assign a maximum": the emulator's choice
PATCHABLE = {"text": "text", "state": "state", "scheduledTime": "scheduledTime",
             "scheduled_time": "scheduledTime"}


class AnnouncementOps:
    # -- access ------------------------------------------------------------
    def _reader(self, caller: str, course_id: str) -> tuple[dict, str]:
        """(course, how the caller reads it: "teacher", "admin" or "student")."""
        course = self.visible_course(caller, course_id)
        self._publish_due(course_id)
        uid = self.user_id_of(caller)
        role = self.role(course_id, uid)
        if role is None:  # can_view let them in: an administrator of the domain
            role = "admin"
        return course, role

    def _teacher(self, caller: str, course_id: str) -> dict:
        course, role = self._reader(caller, course_id)
        if role != "teacher":
            raise permission_denied()
        return course

    def get_announcement(self, course_id: str, ann_id: str) -> dict:
        ann = self.announcements.get(course_id, {}).get(ann_id)
        if ann is None:
            raise not_found()
        return ann

    def _sees(self, role: str, uid: str, ann: dict) -> bool:
        if role != "student":
            return True
        if ann["state"] != "PUBLISHED":
            return False
        if ann["assigneeMode"] == "INDIVIDUAL_STUDENTS":
            return uid in ann.get("individualStudentsOptions", {}).get("studentIds", [])
        return True

    def _publish_due(self, course_id: str) -> None:
        now = clock.now()
        for ann in self.announcements.get(course_id, {}).values():
            due = ann.get("scheduledTime")
            if ann["state"] == "DRAFT" and due and clock.parse(due) <= now:
                ann["state"] = "PUBLISHED"
                ann["updateTime"] = due

    def _render(self, ann: dict) -> dict:
        out = {k: copy.deepcopy(v) for k, v in ann.items() if not k.startswith("_")}
        if ann["state"] == "PUBLISHED":
            course = self.courses[ann["courseId"]]
            out["alternateLink"] = f"{course['alternateLink']}/p/{link_part(ann['id'])}"
        return out

    # -- methods -----------------------------------------------------------
    def courses_announcements_create(self, caller: str, course_id: str, body: dict) -> dict:
        course = self._teacher(caller, course_id)
        if course["courseState"] != "ACTIVE":
            raise course_not_modifiable()
        body = body or {}
        text = body.get("text") or ""
        if not text.strip() or len(text) > MAX_TEXT or len(body.get("materials") or []) > MAX_MATERIALS:
            raise invalid_argument()
        state = body.get("state") or "DRAFT"
        if state == "ANNOUNCEMENT_STATE_UNSPECIFIED":
            state = "DRAFT"
        if state not in ("DRAFT", "PUBLISHED"):
            raise invalid_argument()
        posts = self.announcements.setdefault(course_id, {})
        ann_id = _new_id(posts)
        t = clock.stamp()
        ann = {"courseId": course_id, "id": ann_id, "text": text, "state": state,
               "creationTime": t, "updateTime": t, "creatorUserId": self.user_id_of(caller),
               "_project": caller.lower()}
        if body.get("materials"):
            ann["materials"] = copy.deepcopy(body["materials"])
        if body.get("scheduledTime"):
            ann["scheduledTime"] = _timestamp(body["scheduledTime"])
        self._set_assignees(ann, body.get("assigneeMode"), body.get("individualStudentsOptions"), caller)
        posts[ann_id] = ann
        return self._render(ann)

    def courses_announcements_get(self, caller: str, course_id: str, ann_id: str) -> dict:
        _, role = self._reader(caller, course_id)
        ann = self.get_announcement(course_id, ann_id)
        if not self._sees(role, self.user_id_of(caller), ann):
            raise permission_denied()  # documented: "not permitted to access the ... announcement"
        return self._render(ann)

    def courses_announcements_list(self, caller: str, course_id: str, states=None, order_by=None,
                                   page_size=None, page_token=None) -> dict:
        _, role = self._reader(caller, course_id)
        uid = self.user_id_of(caller)
        wanted = [s for s in (states or []) if s != "ANNOUNCEMENT_STATE_UNSPECIFIED"] or ["PUBLISHED"]
        newest_first = _order(order_by)
        found = [a for a in self.announcements.get(course_id, {}).values()
                 if a["state"] in wanted and self._sees(role, uid, a)]
        found.sort(key=lambda a: (a["updateTime"], a["id"]), reverse=newest_first)
        key = f"announcements|{course_id}|{sorted(wanted)}|{newest_first}|{caller}"
        items, token = page(found, page_size, page_token, key, PAGE)
        out: dict = {}
        if items:
            out["announcements"] = [self._render(a) for a in items]
        if token:
            out["nextPageToken"] = token
        return out

    def courses_announcements_patch(self, caller: str, course_id: str, ann_id: str, body: dict,
                                    update_mask: str | None) -> dict:
        ann = self._modifiable(caller, course_id, ann_id)
        paths = [p.strip() for p in (update_mask or "").split(",") if p.strip()]
        if not paths or any(p not in PATCHABLE for p in paths):
            raise invalid_argument()
        body = body or {}
        change = {}
        for field in {PATCHABLE[p] for p in paths}:
            value = body.get(field)
            if field == "text":
                if not value or not value.strip() or len(value) > MAX_TEXT:
                    raise invalid_argument()  # text does not support an empty value
                change["text"] = value
            elif field == "state":
                # Only a draft may be published; a published post does not go back.
                if value not in ("DRAFT", "PUBLISHED") or (ann["state"] == "PUBLISHED" and value == "DRAFT"):
                    raise invalid_argument()
                change["state"] = value
            else:
                change["scheduledTime"] = _timestamp(value) if value else None
        for field, value in change.items():
            if value is None:
                ann.pop(field, None)
            else:
                ann[field] = value
        ann["updateTime"] = clock.stamp()
        self._publish_due(course_id)
        return self._render(ann)

    def courses_announcements_delete(self, caller: str, course_id: str, ann_id: str) -> dict:
        ann = self._modifiable(caller, course_id, ann_id)
        ann["state"] = "DELETED"
        ann["updateTime"] = clock.stamp()
        return {}

    def courses_announcements_modify_assignees(self, caller: str, course_id: str, ann_id: str,
                                              body: dict) -> dict:
        self._teacher(caller, course_id)
        ann = self.get_announcement(course_id, ann_id)
        if ann["state"] == "DELETED":
            raise precondition_check_failed()
        body = body or {}
        mode = body.get("assigneeMode")
        changes = body.get("modifyIndividualStudentsOptions")
        if mode == "INDIVIDUAL_STUDENTS":
            current = (ann.get("individualStudentsOptions", {}).get("studentIds", [])
                       if ann["assigneeMode"] == "INDIVIDUAL_STUDENTS" else [])
            removed = set(self._student_ids(course_id, (changes or {}).get("removeStudentIds", []), caller))
            added = self._student_ids(course_id, (changes or {}).get("addStudentIds", []), caller)
            ids = [s for s in current if s not in removed]
            ids += [s for s in added if s not in ids and s not in removed]
            if not ids:
                raise failed_precondition("EmptyAssignees", "An announcement must have at least one assignee.")
            self._set_assignees(ann, mode, {"studentIds": ids}, caller)
        elif mode == "ALL_STUDENTS" and changes is None:
            self._set_assignees(ann, mode, None, caller)
        else:  # no mode, or individual options with ALL_STUDENTS
            raise invalid_argument()
        ann["updateTime"] = clock.stamp()
        return self._render(ann)

    # -- helpers -----------------------------------------------------------
    def _modifiable(self, caller: str, course_id: str, ann_id: str) -> dict:
        course = self._teacher(caller, course_id)
        ann = self.get_announcement(course_id, ann_id)
        if ann.get("_project") != caller.lower():
            raise project_permission_denied()
        if ann["state"] == "DELETED":
            raise precondition_check_failed()
        if course["courseState"] != "ACTIVE":
            raise course_not_modifiable()
        return ann

    def _set_assignees(self, ann: dict, mode, options, caller) -> None:
        mode = mode if mode and mode != "ASSIGNEE_MODE_UNSPECIFIED" else "ALL_STUDENTS"
        ann.pop("individualStudentsOptions", None)
        ann["assigneeMode"] = mode
        if mode == "ALL_STUDENTS":
            if options:
                raise invalid_argument()  # options are "set only if INDIVIDUAL_STUDENTS"
            return
        ids = self._student_ids(ann["courseId"], (options or {}).get("studentIds", []), caller)
        if not ids:
            raise invalid_argument()
        ann["individualStudentsOptions"] = {"studentIds": list(dict.fromkeys(ids))}

    def _student_ids(self, course_id: str, identifiers: list, caller: str) -> list[str]:
        """Students given by ID or email -> their user IDs; each must be a student of
        the course."""
        ids = []
        for identifier in identifiers:
            uid = self.resolve(identifier, caller)
            if uid is None or uid not in self.students.get(course_id, ()):
                raise invalid_argument()
            ids.append(uid)
        return ids


def _order(order_by: str | None) -> bool:
    """True for newest first. Only ``updateTime`` is supported; without a direction
    keyword a field sorts ascending (AIP-132), and the default is ``updateTime desc``."""
    if not order_by or not order_by.strip():
        return True
    words = order_by.split()
    if words[0] != "updateTime" or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
        raise invalid_argument()
    return len(words) == 2 and words[1] == "desc"


def _timestamp(text: str) -> str:
    try:
        return clock.rfc3339(clock.parse(text))
    except (TypeError, ValueError):
        raise invalid_argument() from None


def _new_id(posts: dict) -> str:
    while True:
        ann_id = str(10 ** 11 + secrets.randbelow(9 * 10 ** 11))
        if ann_id not in posts:
            return ann_id
