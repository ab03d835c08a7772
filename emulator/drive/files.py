"""``files``: create, update, delete, copy, emptyTrash, generateIds.

https://developers.google.com/drive/api/reference/rest/v3/files
Listing and the query language are in ``listing`` and ``query``.
"""

from __future__ import annotations

import copy

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden
from . import convert, restrictions
from .appdata import NOT_TRASHABLE
from .common import DOCUMENT, FOLDER, SPREADSHEET, is_google_type, new_id

# The File fields a request may set (those the reference does not mark "Output only").
WRITABLE = {"appProperties", "clientEncryptionDetails", "contentHints", "contentRestrictions",
            "copyRequiresWriterPermission", "createdTime", "description", "downloadRestrictions",
            "folderColorRgb", "id", "inheritedPermissionsDisabled", "labelInfo",
            "linkShareMetadata", "mimeType", "modifiedByMeTime", "modifiedTime", "name",
            "originalFilename", "parents", "properties", "sharedWithMeTime", "shortcutDetails",
            "starred", "trashed", "trashedTime", "viewedByMeTime", "viewersCanCopyContent",
            "writersCanShare", "kind"}
# Drive allows at most 124 bytes per custom property, key and value together.
PROPERTY_LIMIT = 124


def not_writable(message: str = "The resource body includes fields which are not directly writable.") -> GoogleApiError:
    return forbidden(message, "fieldNotWritable")


def _check_writable(metadata: dict) -> None:
    if set(metadata) - WRITABLE:
        raise not_writable()


def _check_properties(metadata: dict) -> None:
    for key in ("appProperties", "properties"):
        for name, value in (metadata.get(key) or {}).items():
            if len(name.encode()) + len(str(value or "").encode()) > PROPERTY_LIMIT:
                raise bad_request(f"The size of the property \"{name}\" exceeds the limit of "
                                  f"{PROPERTY_LIMIT} bytes (key and value together).",
                                  "invalidProperty")


def merge_properties(current: dict | None, changes: dict | None) -> dict:
    """Patch semantics for properties: a key set to null is removed."""
    merged = dict(current or {})
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _viewers_can_copy(metadata: dict) -> None:
    """The deprecated ``viewersCanCopyContent`` is the inverse of copyRequiresWriterPermission."""
    if "viewersCanCopyContent" in metadata and "copyRequiresWriterPermission" not in metadata:
        metadata["copyRequiresWriterPermission"] = not metadata["viewersCanCopyContent"]


def _normal_time(value: str | None) -> str | None:
    """Times a client sets are kept in Google's own form (UTC, milliseconds)."""
    if value is None:
        return None
    try:
        return clock.rfc3339(clock.parse(value))
    except ValueError:
        raise bad_request(f"Invalid value for: {value} is not a valid date-time value.",
                          "invalid") from None


class FilesMixin:
    """File operations of the Drive store (mixed into ``DriveStore``)."""

    def files_create(self, user: str, metadata: dict | None, media: bytes | None = None,
                     media_type: str | None = None) -> dict:
        meta = dict(metadata or {})
        _check_writable(meta)
        _check_properties(meta)
        _viewers_can_copy(meta)
        if "id" in meta and self.generated.get(meta["id"]) != user:
            raise bad_request("The provided file ID is not usable.", "fileIdNotUsable",
                              location="file.id", location_type="other")
        if media is not None and not meta.get("mimeType"):
            meta["mimeType"] = media_type or "application/octet-stream"
        if media is not None and is_google_type(meta["mimeType"]):
            convert.check(meta["mimeType"], media_type)   # an import (convert.py)
        for key in ("modifiedTime", "createdTime"):
            meta[key] = _normal_time(meta.get(key))
        wanted = restrictions.requested(meta.get("contentRestrictions"))
        if wanted and wanted.get("ownerRestricted") and meta.get("parents"):
            # Its maker owns a My Drive file; in a shared drive only organizers may.
            parent = self.files.get(self.resolve_id(user, meta["parents"][0]))
            if parent and parent.get("driveId") and not restrictions.owns(self, user, parent):
                raise restrictions.refused()
        f = self.create_file(user, meta, media)
        self.generated.pop(f["id"], None)
        if media is not None and is_google_type(f["mimeType"]):
            convert.into(self, f, media, media_type)
        if meta.get("contentRestrictions"):   # its maker owns it: they may restrict it
            restrictions.apply(self, user, f, meta["contentRestrictions"])
        if meta.get("trashed"):
            f["trashed"] = f["explicitlyTrashed"] = True
        return f

    def files_update(self, user: str, file_id: str, metadata: dict | None,
                     media: bytes | None = None, media_type: str | None = None,
                     add_parents: str | None = None, remove_parents: str | None = None) -> dict:
        fid = self.resolve_id(user, file_id)
        meta = dict(metadata or {})
        if "parents" in meta:
            raise not_writable("The parents field is not directly writable in update requests. "
                               "Use the addParents and removeParents parameters instead.")
        _check_writable(meta)
        if meta.get("id", fid) != fid:
            raise not_writable()
        _check_properties(meta)
        _viewers_can_copy(meta)
        f = self.require(user, fid, "reader")
        # Starring is the caller's own business; everything else needs edit rights.
        personal = set(meta) <= {"starred", "kind", "id"} and media is None \
            and not add_parents and not remove_parents
        if not personal:
            self.require(user, fid, "writer")
        if f.get("isRoot") and not personal:
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        if media is not None and is_google_type(f["mimeType"]):
            convert.check(f["mimeType"], media_type)   # imported again, in place
        # A read-only file is renamed or given new content by nobody, its owner
        # included, until the restriction is removed (by an earlier request).
        restrictions.check_edit(f, meta, media)
        if "contentRestrictions" in meta and not restrictions.may_change(
                self, user, f, restrictions.requested(meta["contentRestrictions"])):
            raise restrictions.refused()
        if f.get("driveId"):
            if "writersCanShare" in meta:  # "can't restrict sharing by role in shared drives"
                raise forbidden("writersCanShare cannot be set on items in shared drives.",
                                "fieldNotWritable")
            if "trashed" in meta:  # fileOrganizers and organizers trash shared-drive items
                self.require(user, fid, "fileOrganizer")
        elif ("trashed" in meta or "writersCanShare" in meta) and self.owner_of(fid) != user:
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        if meta.get("trashed"):
            self.refuse_in_app_data(fid, NOT_TRASHABLE)
        affected = [fid]
        if "trashed" in meta or add_parents or remove_parents:
            affected += self.descendants(fid)   # their trash state or access changes too
        before = {a: self.audience(a) for a in affected}
        self._move(user, f, add_parents, remove_parents)
        if "starred" in meta:
            starred = [u for u in f.get("_starredBy", []) if u != user]
            f["_starredBy"] = starred + [user] if meta["starred"] else starred
        if "trashed" in meta:
            f["trashed"] = f["explicitlyTrashed"] = bool(meta["trashed"])
            if meta["trashed"]:
                f["_trashingUser"], f["trashedTime"] = user, clock.stamp()
            else:
                f.pop("trashedTime", None)
        for key in ("name", "description", "copyRequiresWriterPermission", "writersCanShare",
                    "originalFilename", "folderColorRgb"):
            if key in meta:
                f[key] = meta[key]
        for key in ("appProperties", "properties"):
            if key in meta:
                merged = merge_properties(f.get(key), meta[key])
                if merged:
                    f[key] = merged
                else:
                    f.pop(key, None)
        if "contentRestrictions" in meta:
            restrictions.apply(self, user, f, meta["contentRestrictions"])
        if media is not None:
            # A new revision; only then may the MIME type change, as Drive documents.
            if not is_google_type(f["mimeType"]):
                self.contents[fid] = media
                f["mimeType"] = meta.get("mimeType") or media_type or f["mimeType"]
            else:
                convert.into(self, f, media, media_type)
            f["_revision"] = str(int(f.get("_revision", "1")) + 1)
        f["version"] = str(int(f.get("version", "1")) + 1)
        # Trashing and starring leave modifiedTime alone; edits and moves do not.
        if media is not None or add_parents or remove_parents or set(meta) - {"trashed", "starred", "kind", "id"}:
            f["modifiedTime"] = _normal_time(meta.get("modifiedTime")) or clock.stamp()
            f["_lastModifyingUser"] = user
        for a in affected:
            self.record_change(a, audience=before[a])
        return f

    def _move(self, user: str, f: dict, add_parents: str | None, remove_parents: str | None) -> None:
        """``addParents`` / ``removeParents``: a file has at most one parent, and an item
        of a shared drive exactly one, in the same drive (moving it there is the work of
        a fileOrganizer)."""
        adding = [self.resolve_id(user, p.strip()) for p in (add_parents or "").split(",") if p.strip()]
        removing = {self.resolve_id(user, p.strip()) for p in (remove_parents or "").split(",") if p.strip()}
        if not adding and not removing:
            return
        for parent in adding:
            folder = self.require(user, parent, "writer")
            if folder["mimeType"] != FOLDER:
                raise GoogleApiError(400, "The specified parent is not a folder.", "invalidParents")
            if parent == f["id"] or parent in self.descendants(f["id"]):
                raise bad_request("A folder cannot be moved into itself or one of its "
                                  "subfolders.", "invalidParents")
            if folder.get("driveId") != f.get("driveId"):
                raise forbidden("The emulator does not move items between My Drive and a shared "
                                "drive, or between shared drives.", "cannotMoveItemOutOfDrive")
        self.refuse_move_between_spaces(f["id"], adding)
        parents = [p for p in f.get("parents", []) if p not in removing]
        parents += [p for p in adding if p not in parents]
        if len(parents) > 1:
            raise forbidden("Increasing the number of parents is not allowed", "cannotAddParent")
        if f.get("driveId"):
            if len(parents) != 1:
                raise forbidden("A shared drive item must have exactly one parent.",
                                "teamDrivesParentLimit")
            self.require(user, f["id"], "fileOrganizer")
        f["parents"] = parents

    def files_delete(self, user: str, file_id: str) -> None:
        """Only the owner deletes; a folder takes with it what its owner owns below it.
        Others' files below are left without that parent, as Drive does. In a shared
        drive an organizer deletes, and a folder takes everything below it."""
        fid = self.resolve_id(user, file_id)
        f = self.require(user, fid, "reader")
        if f.get("driveId") and not f.get("isRoot"):
            self.require(user, fid, "organizer")
        elif self.owner_of(fid) != user or f.get("isRoot"):
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        self._purge(user, [fid])

    def _purge(self, user: str, ids: list[str]) -> None:
        doomed: list[str] = []
        for fid in ids:
            if fid in self.files and fid not in doomed:
                doomed.append(fid)
                drive_id = self.files[fid].get("driveId")
                doomed += [d for d in self.descendants(fid) if d not in doomed and (
                    self.owner_of(d) == user or (drive_id and self.files[d].get("driveId") == drive_id))]
        survivors = {d for fid in doomed for d in self.descendants(fid)} - set(doomed)
        before = {x: self.audience(x) for x in doomed + sorted(survivors)}
        for fid in doomed:
            del self.files[fid]
            self.contents.pop(fid, None)
            self.permissions.pop(fid, None)
            self.comments.pop(fid, None)
            sheets = getattr(self.world, "stores", {}).get("sheets")
            if sheets is not None and hasattr(sheets, "spreadsheets"):
                sheets.spreadsheets.pop(fid, None)
        for fid in survivors:
            s = self.files[fid]
            s["parents"] = [p for p in s.get("parents", []) if p in self.files]
        for fid in doomed:
            self.record_change(fid, removed=True, audience=before[fid])
        for fid in sorted(survivors):
            self.record_change(fid, audience=before[fid])

    def files_empty_trash(self, user: str, drive_id: str | None = None) -> None:
        """Permanently delete the user's trashed files (and theirs below trashed folders),
        or, with ``driveId``, a shared drive's trashed items (its organizers' work)."""
        if drive_id:
            self.get_drive(user, drive_id, "organizer")
            self._purge(user, [fid for fid in self.descendants(drive_id)
                               if self.files[fid].get("explicitlyTrashed")])
            return
        mine = [fid for fid in self.files if self.owner_of(fid) == user
                and not self.files[fid].get("isRoot") and self.is_trashed(fid)]
        self._purge(user, mine)

    def files_copy(self, user: str, file_id: str, metadata: dict | None) -> dict:
        fid = self.resolve_id(user, file_id)
        src = self.require(user, fid, "reader")
        meta = dict(metadata or {})
        _check_writable(meta)
        _check_properties(meta)
        if src["mimeType"] == FOLDER:
            raise forbidden("This file cannot be copied by the user.", "cannotCopyFile")
        if src.get("copyRequiresWriterPermission") and self.role_of(user, fid) not in (
                "writer", "fileOrganizer", "organizer", "owner"):
            raise forbidden("This file cannot be copied by the user.", "cannotCopyFile")
        parents = meta.get("parents")
        if not parents:  # the source's parent, if the caller may add to it
            parents = [p for p in src.get("parents", [])
                       if self.role_of(user, p) in ("writer", "fileOrganizer", "organizer", "owner")][:1]
        new_meta = {"name": meta.get("name") or f"Copy of {src['name']}",
                    "mimeType": src["mimeType"], "parents": parents,
                    "description": meta.get("description", src.get("description")),
                    "appProperties": merge_properties(src.get("appProperties"), meta.get("appProperties")),
                    "properties": merge_properties(src.get("properties"), meta.get("properties")),
                    "starred": meta.get("starred"),
                    "copyRequiresWriterPermission": meta.get("copyRequiresWriterPermission",
                                                             src.get("copyRequiresWriterPermission")),
                    "writersCanShare": meta.get("writersCanShare", True),
                    "id": meta.get("id")}
        if new_meta["id"] is not None and self.generated.get(new_meta["id"]) != user:
            raise bad_request("The provided file ID is not usable.", "fileIdNotUsable",
                              location="file.id", location_type="other")
        content = self.contents.get(fid)
        f = self.create_file(user, new_meta, None if content is None else bytes(content))
        self.generated.pop(f["id"], None)
        if src["mimeType"] == SPREADSHEET:
            self._copy_spreadsheet(fid, f)
        elif src["mimeType"] == DOCUMENT and content is not None:
            self.contents[f["id"]] = bytes(content)   # a Doc's body (documents.py)
        return f

    def _copy_spreadsheet(self, source_id: str, f: dict) -> None:
        """A copy of a spreadsheet copies its grid: one store, whichever API reads it."""
        sheets = getattr(self.world, "stores", {}).get("sheets")
        original = getattr(sheets, "spreadsheets", {}).get(source_id) if sheets else None
        if original is None:
            return
        duplicate = copy.deepcopy(original)
        duplicate["spreadsheetId"] = f["id"]
        duplicate.get("properties", {})["title"] = f["name"]
        sheets.spreadsheets[f["id"]] = duplicate

    def files_generate_ids(self, user: str, count: int) -> list[str]:
        ids = [new_id() for _ in range(count)]
        for fid in ids:
            self.generated[fid] = user
        return ids
