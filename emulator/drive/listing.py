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
    parts = [user] + [str(params.get(k, "")) for k in ("q", "orderBy", "spaces", "corpora", "driveId")]
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
        if ("drive" in corpora) != bool(params.get("driveId")):
            raise invalid("driveId", "The driveId parameter must be specified if and only if "
                                     "corpora is set to drive.")
        if params.get("driveId"):  # the emulator has no shared drives
            raise GoogleApiError(404, f"Shared drive not found: {params['driveId']}", "notFound",
                                 location="driveId", location_type="parameter")
        signature = _signature(user, params)
        after = _decode(params["pageToken"], signature) if params.get("pageToken") else None
        found = []
        if "drive" in spaces:  # appDataFolder and photos hold nothing here
            for f in self.files.values():
                if f.get("isRoot") or self.role_of(user, f["id"], listing=True) is None:
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
