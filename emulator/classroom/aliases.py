"""Course aliases (https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases).

Google's rules kept here (the ``CourseAlias`` schema and the methods' descriptions):
- ``d:<name>`` is domain-scoped: unique within, and visible to, the domain of the
  domain administrator who made it; only a domain administrator makes one, and a
  user outside any Workspace domain (a consumer account) asking for one is
  FAILED_PRECONDITION;
- ``p:<name>`` is project-scoped: unique within, and visible to, the developer
  project that made it. The emulator has no projects: "the same project" is "the
  same acting user", as for announcements;
- an alias is at most 256 characters; a second alias with the same name in the same
  scope is ALREADY_EXISTS (409), which makes a random ``p:`` alias an idempotency key
  for ``courses.create``;
- an alias may be used wherever a course ID is (``course_key``): an alias the caller
  cannot see names no course, so it is NOT_FOUND.
"""

from __future__ import annotations

from .errors import (already_exists, invalid_argument, not_found, permission_denied,
                     precondition_check_failed)
from .ids import domain_of
from .paging import page

MAX_ALIAS = 256
ALIASES_PAGE = 100     # "the server may assign a maximum": the emulator's choice
CONSUMER_DOMAINS = ("gmail.com", "googlemail.com")


class AliasOps:
    # -- scopes ------------------------------------------------------------
    def _alias_key(self, alias: str, caller: str) -> str:
        """The key an alias has in the caller's scope: their domain or their project."""
        if alias.startswith("d:"):
            return f"d|{domain_of(caller)}|{alias}"
        return f"p|{caller.lower()}|{alias}"

    def course_key(self, caller: str, identifier: str | None) -> str | None:
        """A course ID as given (a Classroom ID or an alias) -> the Classroom ID.
        An alias the caller cannot see is left as given, so it is not found."""
        if identifier and identifier[:2] in ("d:", "p:"):
            found = self.aliases.get(self._alias_key(identifier, caller))
            if found:
                return found["courseId"]
        return identifier

    def check_new_alias(self, caller: str, alias, course: dict | None) -> str:
        """The key a new alias would take; refuses one the caller may not make or that
        exists. ``course`` is None while the course is being created by the caller."""
        if not isinstance(alias, str) or alias[:2] not in ("d:", "p:") or len(alias) < 3 \
                or len(alias) > MAX_ALIAS:
            raise invalid_argument()
        if alias.startswith("d:"):
            domain = domain_of(caller)
            if domain in CONSUMER_DOMAINS:
                raise precondition_check_failed()  # no domain to scope it to
            if not self.is_admin(caller, domain) or (
                    course is not None and self.course_domain(course) != domain):
                raise permission_denied()
        elif course is not None:
            uid = self.user_id_of(caller)
            if self.role(course["id"], uid) != "teacher" and not self.is_admin(
                    caller, self.course_domain(course)):
                raise permission_denied()
        key = self._alias_key(alias, caller)
        if key in self.aliases:
            raise already_exists()
        return key

    # -- methods -----------------------------------------------------------
    def courses_aliases_create(self, caller: str, course_id: str, body: dict) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases/create"""
        course = self.visible_course(caller, course_id)
        alias = (body or {}).get("alias")
        key = self.check_new_alias(caller, alias, course)
        self.aliases[key] = {"alias": alias, "courseId": course["id"]}
        return {"alias": alias}

    def courses_aliases_list(self, caller: str, course_id: str, page_size=None,
                             page_token=None) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases/list
        The aliases in the caller's scopes: their domain's and their project's."""
        course = self.visible_course(caller, course_id)
        mine = [entry["alias"] for key, entry in self.aliases.items()
                if entry["courseId"] == course["id"] and key == self._alias_key(entry["alias"], caller)]
        items, token = page(mine, page_size, page_token, f"aliases|{course['id']}|{caller}",
                            ALIASES_PAGE)
        out: dict = {}
        if items:
            out["aliases"] = [{"alias": a} for a in items]
        if token:
            out["nextPageToken"] = token
        return out

    def courses_aliases_delete(self, caller: str, course_id: str, alias: str) -> dict:
        """https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases/delete"""
        course = self.visible_course(caller, course_id)
        if alias[:2] not in ("d:", "p:"):
            raise invalid_argument()  # "This may not be the Classroom-assigned identifier."
        if alias.startswith("d:"):
            domain = domain_of(caller)
            if domain in CONSUMER_DOMAINS:
                raise precondition_check_failed()
            if not self.is_admin(caller, domain):
                raise permission_denied()
        key = self._alias_key(alias, caller)
        entry = self.aliases.get(key)
        if entry is None or entry["courseId"] != course["id"]:
            raise not_found()
        del self.aliases[key]
        return {}

    def drop_aliases(self, course_id: str) -> None:
        """A deleted course takes its aliases with it (they may be used again)."""
        for key in [k for k, e in self.aliases.items() if e["courseId"] == course_id]:
            del self.aliases[key]
