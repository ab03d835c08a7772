"""``files.list``: the files a caller can find, filtered by ``q``, sorted by
``orderBy`` and cut into pages.

https://developers.google.com/drive/api/reference/rest/v3/files/list
Page tokens are opaque to clients: here they carry the sort key of the last file
returned, so a page starts after that file even if files were added or removed
meanwhile (no file is skipped or repeated unless it moved in the order).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re

from ..core.errors import GoogleApiError
from . import query
from .appdata import ALIAS as APP_DATA
from .common import FOLDER

MAX_PAGE = 1000
DEFAULT_PAGE = 100
ORDER_KEYS = {"createdTime", "folder", "modifiedByMeTime", "modifiedTime", "name", "name_natural",
              "quotaBytesUsed", "recency", "sharedWithMeTime", "starred", "viewedByMeTime"}
SPACES = {"drive", "appDataFolder", "photos"}
CORPORA = {"user", "domain", "drive", "allDrives"}


def invalid(parameter: str, message: str = "Invalid Value") -> GoogleApiError:
    return GoogleApiError(400, message, "invalid", location=parameter, location_type="parameter")


def _order(order_by: str | None) -> list[tuple[str, bool]]:
    """``orderBy`` as (key, descending) pairs; files the same on every key go by ID."""
    keys = []
    for part in (order_by or "").split(","):
        words = part.split()
        if not words:
            continue
        if len(words) > 2 or words[0] not in ORDER_KEYS or (
                len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise invalid("orderBy")
        keys.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
    return keys or [("createdTime", False)]


def _natural(name: str) -> list:
    return [[0, int(part), ""] if part.isdigit() else [1, 0, part]
            for part in re.split(r"(\d+)", name.casefold()) if part]


def _sort_value(key: str, store, user: str, f: dict):
    if key == "folder":
        return 0 if f["mimeType"] == FOLDER else 1      # folders first, as Drive shows them
    if key == "name":
        return f["name"].casefold()
    if key == "name_natural":
        return _natural(f["name"])
    if key == "quotaBytesUsed":
        return len(store.contents.get(f["id"], b""))
    if key == "starred":
        return 0 if user in f.get("_starredBy", []) else 1  # starred first
    if key == "createdTime":
        return f["createdTime"]
    return f["modifiedTime"]  # modifiedTime, recency and the per-user times we do not track


def _compare(order: list[tuple[str, bool]], a: list, b: list) -> int:
    for (_, desc), x, y in zip(order + [("id", False)], a, b):
        if x != y:
            less = x < y
            return (1 if less else -1) if desc else (-1 if less else 1)
    return 0


def _signature(user: str, params: dict) -> str:
    parts = [user] + [str(params.get(k, "")) for k in ("q", "orderBy", "spaces", "corpora", "driveId",
                                                          "includeItemsFromAllDrives", "supportsAllDrives")]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def _encode(signature: str, key: list) -> str:
    raw = json.dumps({"s": signature, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, signature: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        if data["s"] != signature or not isinstance(data["k"], list):
            raise ValueError
        return data["k"]
    except (ValueError, KeyError, TypeError):
        raise invalid("pageToken") from None


class ListingMixin:
    def files_list(self, user: str, params: dict) -> dict:
        tree = query.parse(params.get("q"))
        if params.get("orderBy") and query.uses_full_text(tree):
            raise invalid("orderBy", "Sorting is not supported for queries with fullText terms. "
                                     "Results are always in descending relevance order.")
        order = _order(params.get("orderBy"))
        size = params.get("pageSize", DEFAULT_PAGE)
        if size < 1:
            raise invalid("pageSize")
        size = min(size, MAX_PAGE)  # larger values are coerced, as the reference says
        spaces = {s.strip() for s in params.get("spaces", "drive").split(",") if s.strip()}
        if not spaces or spaces - SPACES:
            raise invalid("spaces")
        corpora = {c.strip() for c in params.get("corpora", "user").split(",") if c.strip()}
        if not corpora or corpora - CORPORA:
            raise invalid("corpora")
        drive_id = params.get("driveId") or params.get("teamDriveId")
        if ("drive" in corpora) != bool(drive_id):
            raise invalid("driveId", "The driveId parameter must be specified if and only if "
                                     "corpora is set to drive.")
        include = bool(params.get("includeItemsFromAllDrives") or params.get("includeTeamDriveItems"))
        if corpora & {"drive", "allDrives"} and not include:
            raise GoogleApiError(403, "The includeItemsFromAllDrives parameter must be set to true "
                                      "when driveId is specified or corpora contains drive or "
                                      "allDrives.", "teamDriveIncludeItemsRequired",
                                 location="includeItemsFromAllDrives", location_type="parameter")
        if drive_id:
            self.get_drive(user, drive_id)   # 404 "Shared drive not found" for a non-member
        # Shared-drive items are listed only to apps that support them and ask for them
        # (enable-shareddrives: "If not present or set to false, then shared drive items
        # aren't returned").
        shared = include and bool(params.get("supportsAllDrives") or params.get("supportsTeamDrives"))
        signature = _signature(user, params)
        after = _decode(params["pageToken"], signature) if params.get("pageToken") else None
        # A query that names the folders its files are in is answered from those
        # folders' files: the others cannot match (aliases are resolved as they match).
        within = query.parents_named(tree)
        if within is not None and within & {"root", APP_DATA}:
            within = None
        found = []
        for f in self.files.values():  # photos holds nothing here
            if within is not None and within.isdisjoint(f.get("parents", ())):
                continue
            if f.get("isRoot") or not self._in_corpora(user, f, corpora, drive_id, shared):
                continue
            if self.space_of(f["id"]) not in spaces:  # appdata.py: never in the drive space
                continue
            if tree is not None and not query.matches(tree, self, user, f):
                continue
            key = [_sort_value(k, self, user, f) for k, _ in order] + [f["id"]]
            if after is not None and _compare(order, key, after) <= 0:
                continue
            found.append((key, f))
        found.sort(key=functools.cmp_to_key(lambda a, b: _compare(order, a[0], b[0])))
        page = found[:size]
        out = {"kind": "drive#fileList", "incompleteSearch": False, "files": [f for _, f in page]}
        if len(found) > size:
            out["nextPageToken"] = _encode(signature, page[-1][0])
        return out

    def _in_corpora(self, user: str, f: dict, corpora: set[str], drive_id: str | None,
                    shared: bool) -> bool:
        """Whether the caller can find the file in these corpora: My Drive items in
        ``user``/``domain``/``allDrives``; a shared drive's items with ``driveId`` (that
        drive) or ``allDrives`` (every drive they may read), and in ``user`` only where
        they were shared with the caller themselves, not through membership."""
        item_drive = f.get("driveId")
        if item_drive is None:
            return corpora != {"drive"} and self.role_of(user, f["id"], listing=True) is not None
        if not shared:
            return False
        if drive_id or "allDrives" in corpora:
            if drive_id and item_drive != drive_id and "allDrives" not in corpora:
                return False
            return self.role_of(user, f["id"], listing=True) is not None
        return self.role_of(user, f["id"], listing=True, membership=False) is not None
