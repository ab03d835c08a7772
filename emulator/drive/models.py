"""The Drive store: files, their contents, permissions and the change log.

Plain dicts, one lock (the world's). A file is kept as Drive's File resource
(https://developers.google.com/drive/api/reference/rest/v3/files) less the fields
computed on read (owners, capabilities, links).
"""

from __future__ import annotations

import secrets

from ..core import clock
from ..core.errors import GoogleApiError, forbidden, not_found

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
FORM = "application/vnd.google-apps.form"
DOCUMENT = "application/vnd.google-apps.document"

# Drive's roles, weakest first (https://developers.google.com/drive/api/guides/ref-roles).
ROLES = ("reader", "commenter", "writer", "fileOrganizer", "organizer", "owner")


def rank(role: str | None) -> int:
    return ROLES.index(role) + 1 if role in ROLES else 0


def new_id() -> str:
    """An ID shaped like Drive's: 33 URL-safe characters starting with '1'."""
    return "1" + secrets.token_urlsafe(24)[:32]


class DriveStore:
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

    def snapshot(self) -> dict:
        return {"files": self.files, "contents": self.contents, "permissions": self.permissions,
                "roots": self.roots, "changes": self.changes}

    def load(self, state: dict) -> None:
        self.reset()
        for key, value in state.items():
            setattr(self, key, value)

    # -- lookups -----------------------------------------------------------
    def get_file(self, file_id: str) -> dict:
        """The one place a missing file becomes Drive's 404."""
        f = self.files.get(file_id)
        if f is None:
            raise not_found(f"File not found: {file_id}.", location="fileId")
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
            self.permissions[root] = [_permission("user", "owner", user)]
            self.roots[user] = root
        return root

    def resolve_id(self, user: str, file_id: str) -> str:
        """``root`` is an alias of the caller's My Drive."""
        return self.root_of(user) if file_id == "root" else file_id

    def ancestors(self, file_id: str) -> list[str]:
        """The file and every folder above it (all parents' chains)."""
        seen, todo = [], [file_id]
        while todo:
            fid = todo.pop()
            if fid in seen or fid not in self.files:
                continue
            seen.append(fid)
            todo.extend(self.files[fid].get("parents", []))
        return seen

    def role_of(self, user: str, file_id: str) -> str | None:
        """The user's effective role: the strongest of the file's own permissions
        and those inherited from every folder above it."""
        best = None
        domain = user.rpartition("@")[2]
        for fid in self.ancestors(file_id):
            for p in self.permissions.get(fid, []):
                if _applies(p, user, domain) and rank(p["role"]) > rank(best):
                    best = p["role"]
        return best

    def owner_of(self, file_id: str) -> str | None:
        for p in self.permissions.get(file_id, []):
            if p["role"] == "owner":
                return p.get("emailAddress")
        return None

    def require(self, user: str, file_id: str, role: str = "reader") -> dict:
        """The file if the user holds at least ``role`` on it. A file the user cannot
        see is 404, exactly as a file that does not exist; one they can see but not
        change is 403 insufficientFilePermissions."""
        f = self.files.get(file_id)
        have = self.role_of(user, file_id) if f else None
        if f is None or have is None:
            raise not_found(f"File not found: {file_id}.", location="fileId")
        if rank(have) < rank(role):
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        return f

    # -- writes ------------------------------------------------------------
    def create_file(self, user: str, metadata: dict, content: bytes | None = None) -> dict:
        """Create a file owned by ``user`` (in their My Drive unless parents are given)."""
        parents = [self.resolve_id(user, p) for p in metadata.get("parents") or []]
        if not parents:
            parents = [self.root_of(user)]
        for parent in parents:
            folder = self.require(user, parent, "writer")
            if folder["mimeType"] != FOLDER:
                raise GoogleApiError(400, "The specified parent is not a folder.", "invalidParents")
        t = clock.stamp()
        f = {"kind": "drive#file", "id": metadata.get("id") or new_id(),
             "name": metadata.get("name") or "Untitled",
             "mimeType": metadata.get("mimeType") or "application/octet-stream",
             "parents": parents, "trashed": False, "createdTime": t, "modifiedTime": t,
             "version": "1"}
        for key in ("description", "appProperties", "properties", "starred"):
            if metadata.get(key) is not None:
                f[key] = metadata[key]
        if f["id"] in self.files:
            raise GoogleApiError(409, "A file already exists with the provided ID.", "duplicate")
        self.files[f["id"]] = f
        self.permissions[f["id"]] = [_permission("user", "owner", user)]
        if content is not None:
            self.contents[f["id"]] = content
        self.record_change(f["id"])
        return f

    def touch(self, file_id: str) -> None:
        """A write to the file's content (through any API): new version and change."""
        f = self.files[file_id]
        f["modifiedTime"] = clock.stamp()
        f["version"] = str(int(f.get("version", "1")) + 1)
        self.record_change(file_id)

    def record_change(self, file_id: str, removed: bool = False) -> None:
        self.changes.append({"id": len(self.changes) + 1, "fileId": file_id,
                             "time": clock.stamp(), "removed": removed})


def _permission(kind: str, role: str, email: str | None = None, domain: str | None = None) -> dict:
    p = {"kind": "drive#permission", "id": secrets.token_hex(10), "type": kind, "role": role}
    if email:
        p["emailAddress"] = email
    if domain:
        p["domain"] = domain
    return p


def _applies(p: dict, user: str, domain: str) -> bool:
    kind = p["type"]
    if kind in ("user", "group"):
        return p.get("emailAddress", "").lower() == user
    if kind == "domain":
        return p.get("domain", "").lower() == domain
    return kind == "anyone"
