"""``changes``: getStartPageToken and list, over the store's change log.

https://developers.google.com/drive/api/guides/manage-changes
A page token is a position in the log. Listing from a token gives each changed
file once, at its latest change, in the order of those changes; a file the caller
can see comes with its current state, one they could see before the change but
not any more (deleted, unshared, moved away) comes as ``removed``. The last page
carries ``newStartPageToken`` (the position after the newest change), every other
page ``nextPageToken``. Changes to shared-drive items are left out unless the app
asks for them (``includeItemsFromAllDrives`` with ``supportsAllDrives``), or asks for
one drive's changes (``driveId``: only those). Changes in the application data
folder are listed only with ``spaces`` naming ``appDataFolder`` (its default is
``drive``).
"""

from __future__ import annotations

from ..core.errors import GoogleApiError
from .common import principal_applies

MAX_PAGE = 1000
DEFAULT_PAGE = 100


def _invalid_token() -> GoogleApiError:
    return GoogleApiError(400, "Invalid Value", "invalid", location="pageToken",
                          location_type="parameter")


class ChangesMixin:
    def changes_get_start_page_token(self, user: str) -> str:
        return str(len(self.changes) + 1)

    def changes_list(self, user: str, page_token: str, page_size: int | None = None,
                     include_removed: bool = True, restrict_to_my_drive: bool = False,
                     drive_id: str | None = None, shared_drives: bool = False,
                     spaces: str = "drive") -> dict:
        """The raw page: ``{"changes": [(change, file or None)], ...tokens}``."""
        if not page_token.isdigit() or not 1 <= int(page_token) <= len(self.changes) + 1:
            raise _invalid_token()
        size = min(page_size or DEFAULT_PAGE, MAX_PAGE)
        if size < 1:
            raise GoogleApiError(400, "Invalid Value", "invalid", location="pageSize",
                                 location_type="parameter")
        wanted_spaces = {s.strip() for s in spaces.split(",") if s.strip()}

        def wanted(change: dict) -> bool:
            if change.get("space", "drive") not in wanted_spaces:  # appdata.py
                return False
            if drive_id:
                return change.get("driveId") == drive_id
            return shared_drives or not change.get("driveId")

        latest = {c["fileId"]: c["id"] for c in self.changes}
        my_root = self.roots.get(user)
        page, position = [], int(page_token)
        while position <= len(self.changes) and len(page) < size:
            change = self.changes[position - 1]
            position += 1
            if latest[change["fileId"]] != change["id"] or not wanted(change):
                continue  # the file changed again later (it is listed there), or is not asked for
            f = self.files.get(change["fileId"])
            visible = f is not None and not f.get("isRoot") and self.role_of(user, f["id"]) is not None
            if visible and restrict_to_my_drive and my_root not in self.ancestors(f["id"]):
                visible = False
            if visible:
                page.append((change, f))
            elif include_removed and any(principal_applies(who, user) for who in change["audience"]):
                page.append((change, None))
        out = {"kind": "drive#changeList", "changes": page}
        more = any(latest[c["fileId"]] == c["id"] and wanted(c) for c in self.changes[position - 1:])
        if more:
            out["nextPageToken"] = str(position)
        else:
            out["newStartPageToken"] = str(len(self.changes) + 1)
        return out
