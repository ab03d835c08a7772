"""The Drive store: files, their contents, permissions and the change log.

Plain dicts, one lock (the world's). A file is kept as Drive's File resource
(https://developers.google.com/drive/api/reference/rest/v3/files) less the fields
computed on read (owners, capabilities, links: see ``views``), plus a few private
keys starting with ``_`` that never leave the store. Operations live beside this
file, one module per resource (``files``, ``permissions``, ``changes``, ``drives``),
and are named after the discovery method they implement.

A shared drive is a record in ``drives`` and a top-level folder in ``files`` with
the same ID (as the Drive resource says: "also the ID of the top level folder");
its members are permissions on that folder, so membership flows to every item by
the same inheritance as folder sharing. Items in a shared drive carry ``driveId``
and have no owner permission: the drive owns them.
"""

from __future__ import annotations

from ..core import clock
from ..core.errors import GoogleApiError, forbidden
from .appdata import ALIAS as APP_DATA, SPACE as APP_DATA_SPACE, AppDataMixin
from .changes import ChangesMixin
from .comments import CommentsMixin
from .drives import DrivesMixin
from .expiry import ExpiryMixin
from .common import (DOCUMENT, FOLDER, FORM, GOOGLE_TYPES, ROLES, SPREADSHEET,  # noqa: F401
                     applies, discoverable, file_not_found, is_google_type, new_id, new_permission,
                     principal, rank)
from .files import FilesMixin
from .listing import ListingMixin
from .permissions import PermissionsMixin


def insufficient_permissions() -> GoogleApiError:
    return forbidden("The user does not have sufficient permissions for this file.",
                     "insufficientFilePermissions")


class DriveStore(FilesMixin, ListingMixin, PermissionsMixin, ChangesMixin, DrivesMixin,
                 AppDataMixin, CommentsMixin, ExpiryMixin):
    def __init__(self, world):
        self.world = world
        self.reset()

    # -- state -------------------------------------------------------------
    def reset(self) -> None:
        self.files: dict[str, dict] = {}          # id -> File resource
        self.contents: dict[str, bytes] = {}      # id -> uploaded bytes
        self.permissions: dict[str, list] = {}    # file id -> [Permission]
        self.roots: dict[str, str] = {}           # user email -> My Drive root id
        self.changes: list[dict] = []             # the change log, oldest first
        self.generated: dict[str, str] = {}       # id from generateIds -> user it was issued to
        self.notifications: list[dict] = []       # sharing emails Drive would have sent
        self.drives: dict[str, dict] = {}         # shared drive id -> Drive resource (stored part)
        self.drive_requests: dict[str, str] = {}  # "user\x00requestId" of drives.create -> drive id
        self.app_data: dict[str, str] = {}        # user email -> their appDataFolder id
        self.comments: dict[str, list] = {}       # file id -> [Comment], oldest first
        self._next_expiry = None                  # the earliest expirationTime (expiry.py)

    def before_call(self) -> None:
        """Before every call of any API: permissions whose time has passed end (expiry.py)."""
        self.expire()

    def snapshot(self) -> dict:
        return {"files": self.files, "contents": self.contents, "permissions": self.permissions,
                "roots": self.roots, "changes": self.changes, "generated": self.generated,
                "notifications": self.notifications, "drives": self.drives,
                "drive_requests": self.drive_requests, "app_data": self.app_data,
                "comments": self.comments}

    def load(self, state: dict) -> None:
        self.reset()
        for key, value in state.items():
            setattr(self, key, value)

    # -- lookups -----------------------------------------------------------
    def get_file(self, file_id: str) -> dict:
        """The one place a missing file becomes Drive's 404."""
        f = self.files.get(file_id)
        if f is None:
            raise file_not_found(file_id)
        return f

    def root_of(self, user: str) -> str:
        """The user's My Drive folder, made on first use."""
        root = self.roots.get(user)
        if root is None:
            root = new_id()
            t = clock.stamp()
            self.files[root] = {"kind": "drive#file", "id": root, "name": "My Drive",
                                "mimeType": FOLDER, "parents": [], "trashed": False,
                                "createdTime": t, "modifiedTime": t, "version": "1",
                                "isRoot": True}
            self.permissions[root] = [new_permission("user", "owner", user)]
            self.roots[user] = root
        return root

    def resolve_id(self, user: str, file_id: str) -> str:
        """``root`` is an alias of the caller's My Drive, ``appDataFolder`` of their
        application data folder."""
        if file_id == APP_DATA:
            return self.app_data_of(user)
        return self.root_of(user) if file_id == "root" else file_id

    def ancestors(self, file_id: str) -> list[str]:
        """The file and every folder above it (all parents' chains), the file first."""
        seen, todo = [], [file_id]
        while todo:
            fid = todo.pop()
            if fid in seen or fid not in self.files:
                continue
            seen.append(fid)
            todo.extend(self.files[fid].get("parents", []))
        return seen

    def descendants(self, folder_id: str) -> list[str]:
        """Every file below a folder, depth first (the folder itself excluded)."""
        for f in self.files.values():   # a new folder, shared as it is made, has none:
            if folder_id in f.get("parents", ()):   # a quick look, then the map of all
                break
        else:
            return []
        children: dict[str, list[str]] = {}
        for f in self.files.values():
            for parent in f.get("parents", []):
                children.setdefault(parent, []).append(f["id"])
        out, todo, seen = [], list(children.get(folder_id, [])), {folder_id}
        while todo:
            fid = todo.pop()
            if fid in seen:
                continue
            seen.add(fid)
            out.append(fid)
            todo.extend(children.get(fid, []))
        return out

    def role_of(self, user: str, file_id: str, listing: bool = False,
                membership: bool = True) -> str | None:
        """The user's effective role: the strongest of the file's own permissions
        and those inherited from every folder above it (a shared drive's members
        included, unless ``membership`` is false). Owning a folder makes one a
        writer (not the owner) of what others put in it, as in My Drive. With
        ``listing``, only grants that let the user find the file count (not a
        link-only ``anyone`` or ``domain`` permission). A permission in a view
        (``published``: a form's responders) gives no role on the file itself."""
        best = None
        for fid in self.ancestors(file_id):
            if not membership and fid in self.drives:
                continue
            for p in self.permissions.get(fid, []):
                if p.get("view") or not applies(p, user) or (listing and not discoverable(p)):
                    continue
                role = "writer" if p["role"] == "owner" and fid != file_id else p["role"]
                if rank(role) > rank(best):
                    best = role
        return best

    def document_role(self, user: str, file_id: str, mime_type: str) -> str | None:
        """The user's role on a Google document of this type (a spreadsheet, a form),
        or None when it does not exist, is another type, or the user cannot see it:
        the APIs built on Drive answer all three with the same 404."""
        f = self.files.get(file_id)
        if f is None or f["mimeType"] != mime_type:
            return None
        return self.role_of(user, file_id)

    def may_respond(self, user: str | None, file_id: str) -> bool:
        """Whether ``user`` (None: an anonymous visitor) may answer the form: anyone with
        a role on the file (its editors, and readers: a grant without a view covers the
        published view too), or a permission in the ``published`` view that covers them
        (https://developers.google.com/workspace/forms/api/guides/publish-form: a user,
        their domain, or anyone with the link). A form with no published-view
        permission at all stays open to anyone with the link (emulator's choice, see
        README: forms published before responders were named keep working)."""
        own = self.permissions.get(file_id, [])
        published = [p for p in own if p.get("view") == "published"]
        if not published:
            return True
        if user is None:
            return any(p["type"] == "anyone" for p in published) or any(
                p["type"] == "anyone" and not p.get("view")
                for fid in self.ancestors(file_id) for p in self.permissions.get(fid, []))
        return self.role_of(user, file_id) is not None or any(applies(p, user) for p in published)

    def owner_of(self, file_id: str) -> str | None:
        for p in self.permissions.get(file_id, []):
            if p["role"] == "owner":
                return p.get("emailAddress")
        return None

    def audience(self, file_id: str) -> set[str]:
        """Every grantee (``principal``) who can see the file now, for the change log."""
        return {principal(p) for fid in self.ancestors(file_id)
                for p in self.permissions.get(fid, []) if not p.get("view")}

    def is_trashed(self, file_id: str) -> bool:
        """Trashed explicitly or with a folder above it."""
        return any(self.files[fid].get("explicitlyTrashed") for fid in self.ancestors(file_id))

    def require(self, user: str, file_id: str, role: str = "reader") -> dict:
        """The file if the user holds at least ``role`` on it. A file the user cannot
        see is 404, exactly as a file that does not exist; one they can see but not
        change is 403 insufficientFilePermissions."""
        f = self.files.get(file_id)
        have = self.role_of(user, file_id) if f else None
        if f is None or have is None:
            raise file_not_found(file_id)
        if rank(have) < rank(role):
            raise insufficient_permissions()
        return f

    # -- writes shared with other APIs --------------------------------------
    def create_file(self, user: str, metadata: dict, content: bytes | None = None) -> dict:
        """Create a file owned by ``user`` (in their My Drive unless parents are given),
        or, under a folder of a shared drive, owned by that drive. Other APIs (Sheets,
        Forms) create their documents through this too."""
        parents = [self.resolve_id(user, p) for p in metadata.get("parents") or []]
        if len(parents) > 1:
            raise forbidden("Increasing the number of parents is not allowed", "cannotAddParent")
        if not parents:
            parents = [self.root_of(user)]
        for parent in parents:
            folder = self.require(user, parent, "writer")
            if folder["mimeType"] != FOLDER:
                raise GoogleApiError(400, "The specified parent is not a folder.", "invalidParents")
        mime_type = metadata.get("mimeType") or "application/octet-stream"
        t = clock.stamp()
        f = {"kind": "drive#file", "id": metadata.get("id") or new_id(is_google_type(mime_type)),
             "name": metadata.get("name") or "Untitled", "mimeType": mime_type,
             "parents": parents, "trashed": False, "explicitlyTrashed": False,
             "createdTime": metadata.get("createdTime") or t,
             "modifiedTime": metadata.get("modifiedTime") or t, "version": "1",
             "writersCanShare": metadata.get("writersCanShare", True),
             "_lastModifyingUser": user, "_starredBy": [user] if metadata.get("starred") else []}
        for key in ("description", "copyRequiresWriterPermission", "originalFilename",
                    "folderColorRgb"):
            if metadata.get(key) is not None:
                f[key] = metadata[key]
        for key in ("appProperties", "properties"):
            values = {k: v for k, v in (metadata.get(key) or {}).items() if v is not None}
            if values:
                f[key] = values
        if f["id"] in self.files:
            raise GoogleApiError(409, "A file already exists with the provided ID.", "duplicate")
        drive_id = self.files[parents[0]].get("driveId")
        if drive_id:  # shared drives own their items; sharing flags are the drive's business
            f["driveId"] = drive_id
            for key in ("writersCanShare", "folderColorRgb"):
                f.pop(key, None)
        self.files[f["id"]] = f
        self.permissions[f["id"]] = [] if drive_id else [new_permission("user", "owner", user)]
        if content is not None and not is_google_type(mime_type):
            self.contents[f["id"]] = content
        self.record_change(f["id"])
        return f

    def touch(self, file_id: str, user: str | None = None) -> None:
        """A write to the file's content (through any API): new version and change."""
        f = self.files[file_id]
        f["modifiedTime"] = clock.stamp()
        f["version"] = str(int(f.get("version", "1")) + 1)
        if user:
            f["_lastModifyingUser"] = user
        self.record_change(file_id)

    def record_change(self, file_id: str, removed: bool = False,
                      audience: set[str] | None = None) -> None:
        """Append to the change log. ``audience`` names who could see the file before
        the change, so that those who lose it hear of it as ``removed``."""
        seen = set(audience or ()) | (self.audience(file_id) if file_id in self.files else set())
        change = {"id": len(self.changes) + 1, "fileId": file_id, "time": clock.stamp(),
                  "removed": removed, "audience": sorted(seen)}
        drive_id = self.files.get(file_id, {}).get("driveId")
        if drive_id:  # kept, so that a deleted item's removal is still known to be in that drive
            change["driveId"] = drive_id
        if self.app_data:  # which space: changes.list's ``spaces`` (appdata.py)
            if file_id in self.files:
                space = self.space_of(file_id)
            else:  # deleted: the space its last change recorded
                space = next((c.get("space") for c in reversed(self.changes)
                              if c["fileId"] == file_id), None)
            if space == APP_DATA_SPACE:
                change["space"] = space
        self.changes.append(change)
