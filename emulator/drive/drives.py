"""``drives``: shared drives (create, get, list, update, delete) and the rules their
items follow.

https://developers.google.com/drive/api/reference/rest/v3/drives
https://developers.google.com/drive/api/guides/about-shareddrives
https://developers.google.com/drive/api/guides/enable-shareddrives

* A shared drive's ID is also the ID of its top-level folder: the store keeps that
  folder in ``files`` (``isRoot``, never listed) and the drive's members as its
  permissions, so a member's role reaches every item below by inheritance.
* The creator is its first ``organizer``. Membership is ``permissions.create`` with
  ``fileId`` = the drive ID.
* ``drives.create``: "A repeated request by the same user and with the same request
  ID will avoid creating duplicates ... If the shared drive already exists a 409
  error will be returned" (the ``requestId`` parameter's reference).
* ``drives.delete``: "for which the user is an organizer. The shared drive cannot
  contain any untrashed items."
* Apps that do not send ``supportsAllDrives=true`` do not see shared-drive items:
  Drive answers 404 for them, as for a file that does not exist.

Roles on shared-drive items, from the roles table (ref-roles, "Operations specific
to shared drives"): any member reads; ``writer`` adds and edits and shares files;
``fileOrganizer`` also shares folders, moves items within the drive and trashes
them; ``organizer`` also deletes items for good, manages members, renames and
deletes the drive.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden, not_found
from . import query
from .common import FOLDER, file_not_found, new_permission, rank

DEFAULT_PAGE = 10   # "If unspecified, at most 10 shared drives will be returned."
MAX_PAGE = 100
WRITABLE = {"name", "colorRgb", "themeId", "backgroundImageFile", "restrictions", "hidden",
            "kind", "id"}
RESTRICTIONS = {"adminManagedRestrictions": False, "copyRequiresWriterPermission": False,
                "domainUsersOnly": False, "driveMembersOnly": False,
                "sharingFoldersRequiresOrganizerPermission": False}


def drive_not_found(drive_id: str) -> GoogleApiError:
    return not_found(f"Shared drive not found: {drive_id}", location="driveId",
                     location_type="parameter")


def _insufficient() -> GoogleApiError:
    return forbidden("The user does not have sufficient permissions for this file.",
                     "insufficientFilePermissions")


def _token(offset: int, signature: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([offset, signature]).encode()).decode().rstrip("=")


def _offset(token: str, signature: str) -> int:
    try:
        offset, signed = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if signed != signature or not isinstance(offset, int):
            raise ValueError
        return offset
    except (ValueError, TypeError):
        raise GoogleApiError(400, "Invalid Value", "invalid", location="pageToken",
                             location_type="parameter") from None


class DrivesMixin:
    """Shared drives in the Drive store (mixed into ``DriveStore``)."""

    # -- lookups -----------------------------------------------------------
    def member_role(self, user: str, drive_id: str) -> str | None:
        """The user's role as a member of the drive (None: not a member)."""
        return self.role_of(user, drive_id) if drive_id in self.drives else None

    def get_drive(self, user: str, drive_id: str, role: str = "reader") -> dict:
        """The drive if the user is a member with at least ``role``; a drive they are
        not a member of is 404, as one that does not exist."""
        have = self.member_role(user, drive_id)
        if have is None:
            raise drive_not_found(drive_id)
        if rank(have) < rank(role):
            raise _insufficient()
        return self.drives[drive_id]

    def in_shared_drive(self, file_id: str) -> bool:
        return bool(self.files.get(file_id, {}).get("driveId"))

    def hide_shared_drive_items(self, user: str, file_ids) -> None:
        """For a call without ``supportsAllDrives``: an item of a shared drive (or the
        drive itself) is 404 "File not found", as Google answers such apps."""
        for file_id in file_ids:
            fid = self.resolve_id(user, file_id)
            if self.in_shared_drive(fid):
                raise file_not_found(fid)

    # -- drives.create / get / list / update / delete ------------------------
    def drives_create(self, user: str, request_id: str, body: dict | None) -> dict:
        body = dict(body or {})
        if not request_id.strip():
            raise bad_request("The requestId parameter is required.", "required",
                              location="requestId", location_type="parameter")
        key = f"{user}\x00{request_id}"
        if self.drive_requests.get(key) in self.drives:
            raise GoogleApiError(409, "A shared drive with this requestId already exists.",
                                 "duplicate", location="requestId", location_type="parameter")
        if set(body) - WRITABLE:
            raise forbidden("The resource body includes fields which are not directly writable.",
                            "fieldNotWritable")
        name = (body.get("name") or "").strip()
        if not name:
            raise bad_request("The shared drive name must not be empty.", "required",
                              location="name", location_type="other")
        drive_id = "0A" + uuid.uuid4().hex[:17].upper()  # Drive's shared drive IDs are short, "0A..."
        t = clock.stamp()
        self.drives[drive_id] = {"kind": "drive#drive", "id": drive_id, "name": body["name"],
                                 "createdTime": t, "hidden": bool(body.get("hidden")),
                                 "restrictions": dict(RESTRICTIONS)}
        for key_name in ("colorRgb", "themeId"):
            if body.get(key_name):
                self.drives[drive_id][key_name] = body[key_name]
        self.files[drive_id] = {"kind": "drive#file", "id": drive_id, "name": body["name"],
                                "mimeType": FOLDER, "parents": [], "trashed": False,
                                "explicitlyTrashed": False, "createdTime": t, "modifiedTime": t,
                                "version": "1", "isRoot": True, "driveId": drive_id,
                                "_lastModifyingUser": user}
        self.permissions[drive_id] = [new_permission("user", "organizer", user)]
        self.drive_requests[key] = drive_id
        return self.drives[drive_id]

    def drives_get(self, user: str, drive_id: str) -> dict:
        return self.get_drive(user, drive_id)

    def drives_list(self, user: str, page_size: int | None, page_token: str | None,
                    q: str | None) -> dict:
        """The drives the user is a member of, in the order they were made. ``q`` takes
        the terms of search-shareddrives a member may use: ``name``, ``createdTime``,
        ``hidden``."""
        tree = query.parse(q, terms="drives")
        size = DEFAULT_PAGE if page_size is None else page_size
        if size < 1:
            raise GoogleApiError(400, "Invalid Value", "invalid", location="pageSize",
                                 location_type="parameter")
        size = min(size, MAX_PAGE)  # "values above 100 will be coerced to 100"
        mine = [d for d in self.drives.values() if self.member_role(user, d["id"]) is not None
                and (tree is None or query.matches(tree, self, user, d))]
        signature = hashlib.sha256(f"{user}\x00{q or ''}".encode()).hexdigest()[:12]
        start = _offset(page_token, signature) if page_token else 0
        out = {"kind": "drive#driveList", "drives": mine[start:start + size]}
        if start + size < len(mine):
            out["nextPageToken"] = _token(start + size, signature)
        return out

    def drives_update(self, user: str, drive_id: str, body: dict | None) -> dict:
        body = dict(body or {})
        drive = self.get_drive(user, drive_id, "organizer")
        if set(body) - WRITABLE or body.get("id", drive_id) != drive_id:
            raise forbidden("The resource body includes fields which are not directly writable.",
                            "fieldNotWritable")
        if "name" in body:
            if not (body["name"] or "").strip():
                raise bad_request("The shared drive name must not be empty.", "invalid",
                                  location="name", location_type="other")
            drive["name"] = self.files[drive_id]["name"] = body["name"]
        for key in ("colorRgb", "themeId", "hidden"):
            if key in body:
                drive[key] = body[key]
        if body.get("restrictions"):
            drive["restrictions"] = {**drive["restrictions"],
                                     **{k: v for k, v in body["restrictions"].items() if k in RESTRICTIONS}}
        return drive

    def drives_delete(self, user: str, drive_id: str) -> None:
        self.get_drive(user, drive_id, "organizer")
        items = self.descendants(drive_id)
        if any(not self.is_trashed(fid) for fid in items):
            raise forbidden("The shared drive cannot be deleted because it contains one or more "
                            "untrashed items.", "cannotDeleteResourceWithChildren")
        before = {fid: self.audience(fid) for fid in items}
        for fid in [*items, drive_id]:
            self.files.pop(fid, None)
            self.contents.pop(fid, None)
            self.permissions.pop(fid, None)
        del self.drives[drive_id]
        for fid in items:
            self.record_change(fid, removed=True, audience=before[fid])

    # -- what a caller reads ---------------------------------------------------
    def drive_resource(self, user: str, drive: dict) -> dict:
        """The Drive resource as a member sees it, with their ``capabilities``."""
        role = self.member_role(user, drive["id"])
        organizer = rank(role) >= rank("organizer")
        organizes = rank(role) >= rank("fileOrganizer")
        writer = rank(role) >= rank("writer")
        out = {k: v for k, v in drive.items() if not k.startswith("_")}
        out["capabilities"] = {
            "canAddChildren": writer, "canComment": rank(role) >= rank("commenter"),
            "canCopy": True, "canDeleteChildren": organizer, "canDeleteDrive": organizer,
            "canDownload": True, "canEdit": writer, "canListChildren": True,
            "canManageMembers": organizer, "canReadRevisions": writer, "canRename": writer,
            "canRenameDrive": organizer, "canShare": writer, "canTrashChildren": organizes,
            "canChangeDriveBackground": organizer, "canResetDriveRestrictions": organizer,
            "canChangeCopyRequiresWriterPermissionRestriction": organizer,
            "canChangeDomainUsersOnlyRestriction": organizer,
            "canChangeDriveMembersOnlyRestriction": organizer,
            "canChangeSharingFoldersRequiresOrganizerPermissionRestriction": organizer,
            "canChangeDownloadRestriction": organizer,
        }
        return out
