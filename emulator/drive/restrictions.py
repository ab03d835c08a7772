"""Content restrictions: a file's content made read-only without changing who may
open it (https://developers.google.com/workspace/drive/api/guides/content-restrictions,
file-locking; the ContentRestriction resource).

* ``contentRestrictions: [{"readOnly": true, "reason": ..., "ownerRestricted": ...}]``
  on files.create or files.update sets the file's one restriction ("setting a
  content restriction on an item overwrites the existing one");
  ``[{"readOnly": false}]`` removes it.
* While it is read-only nobody, its owner included, may rename the file, upload a
  revision (new media) or add comments ("a new revision of the file may not be
  added, comments may not be added or modified, and the title of the file may not
  be modified"). Other changes stay as their role allows (moving, sharing,
  properties: "A content restriction isn't an access restriction").
* Adding or removing one takes a writer (``canModifyEditorContentRestriction``);
  an ``ownerRestricted`` one is added, changed or removed only by the file's owner,
  or in a shared drive by an organizer ("you must own the file or have
  role=organizer").
* The answer to a refused change: 403 ``insufficientFilePermissions``, as for any
  change the caller's capabilities do not allow. Google's own reason for a change
  refused by a restriction is not documented.
"""

from __future__ import annotations

from ..core import clock
from ..core.errors import forbidden
from .common import rank

TYPE = "globalContentRestriction"


def refused():
    return forbidden("The user does not have sufficient permissions for this file.",
                     "insufficientFilePermissions")


def restriction(f: dict) -> dict | None:
    """The file's read-only restriction, if it has one."""
    found = [r for r in f.get("contentRestrictions") or () if r.get("readOnly")]
    return found[0] if found else None


def is_read_only(f: dict) -> bool:
    return restriction(f) is not None


def owns(store, user: str, f: dict) -> bool:
    """The file's owner, or in a shared drive an organizer of it."""
    if f.get("driveId"):
        return rank(store.role_of(user, f["id"])) >= rank("organizer")
    return store.owner_of(f["id"]) == user


def may_change(store, user: str, f: dict, wanted: dict | None) -> bool:
    """Whether ``user`` may set ``wanted`` (None: remove) over the file's present one."""
    if rank(store.role_of(user, f["id"])) < rank("writer"):
        return False
    current = restriction(f)
    if (current and current.get("ownerRestricted")) or (wanted and wanted.get("ownerRestricted")):
        return owns(store, user, f)
    return True


def requested(value) -> dict | None:
    """The restriction a request asks for (None: none), from its list."""
    items = [r for r in value or () if isinstance(r, dict)]
    wanted = next((r for r in items if _true(r.get("readOnly"))), None)
    return wanted


def apply(store, user: str, f: dict, value) -> None:
    """Set (or remove) the file's restriction as ``value`` asks, if ``user`` may."""
    wanted = requested(value)
    if not may_change(store, user, f, wanted):
        raise refused()
    if wanted is None:
        f.pop("contentRestrictions", None)
        return
    f["contentRestrictions"] = [{
        "readOnly": True, "ownerRestricted": _true(wanted.get("ownerRestricted")),
        "reason": str(wanted.get("reason") or ""), "type": TYPE,
        "systemRestricted": False, "_restrictingUser": user,
        "restrictionTime": clock.stamp()}]


def check_edit(f: dict, meta: dict, media) -> None:
    """Refuse a rename or new content of a read-only file."""
    if not is_read_only(f):
        return
    if media is not None or ("name" in meta and meta["name"] != f.get("name")):
        raise refused()


def capabilities(store, user: str, f: dict, writer: bool) -> dict:
    """The capabilities a restriction changes (File.capabilities)."""
    current = restriction(f)
    owner = owns(store, user, f)
    removable = bool(current) and writer and (owner or not current.get("ownerRestricted"))
    return {"canModifyEditorContentRestriction": writer and not (
                current and current.get("ownerRestricted") and not owner),
            "canModifyOwnerContentRestriction": writer and owner,
            "canRemoveContentRestriction": removable,
            "canModifyContentRestriction": writer and (owner or not (
                current and current.get("ownerRestricted")))}


def resource(f: dict, viewer: str, user_resource) -> list[dict] | None:
    """The ``contentRestrictions`` field as a caller reads it."""
    current = restriction(f)
    if current is None:
        return None
    out = {k: v for k, v in current.items() if not k.startswith("_")}
    out["restrictingUser"] = user_resource(current["_restrictingUser"], viewer)
    return [out]


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")
