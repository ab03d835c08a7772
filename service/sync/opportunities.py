"""The CAS Classroom course's announcements as rows of the Opportunities tab
(https://developers.google.com/classroom/reference/rest/v1/courses.announcements/list).

Coordinators and advisors post opportunities (a charity needing volunteers, a
club starting) in the course; the sync copies each published announcement into
the tab once, keyed by its ID, and keeps its text in step when it is edited. The
people-owned cells beside it (strands, notes) are never touched. The service's
own posts are left out: the welcome (its ID is in Settings) and the note to the
students newly At risk (its text is the service's own).
"""

from __future__ import annotations

from typing import Iterable, Mapping


def opportunity_rows(announcements: Iterable[Mapping], own_ids: set[str], own_text: str,
                     names: Mapping[str, str], as_serial) -> dict[str, dict]:
    """announcement ID -> the Opportunities tab's service cells. ``names``:
    Classroom user ID -> a person's name; ``as_serial`` turns an RFC 3339 time
    into the Sheet's date-time serial."""
    rows = {}
    for post in announcements:
        if post.get("id") in own_ids or post.get("text") == own_text:
            continue
        if post.get("state", "PUBLISHED") != "PUBLISHED":
            continue
        links = [m["link"]["url"] for m in post.get("materials") or [] if m.get("link", {}).get("url")]
        author = post.get("creatorUserId", "")
        rows[post["id"]] = {
            "announcement_id": post["id"],
            "posted": as_serial(post.get("creationTime", "")) if post.get("creationTime") else "",
            "author": names.get(author, author),
            "text": post.get("text", ""),
            "link": "\n".join(links) or post.get("alternateLink", ""),
        }
    return rows
