"""What every part of the Drive store shares: MIME types, roles, IDs and principals.

Kept apart from ``models`` so the store's parts (files, permissions, changes) can
import it without importing the store itself.
"""

from __future__ import annotations

import hashlib
import secrets

from ..core.errors import GoogleApiError, not_found

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
FORM = "application/vnd.google-apps.form"
DOCUMENT = "application/vnd.google-apps.document"
GOOGLE_TYPES = "application/vnd.google-apps."

# Drive's roles, weakest first (https://developers.google.com/drive/api/guides/ref-roles).
ROLES = ("reader", "commenter", "writer", "fileOrganizer", "organizer", "owner")
PERMISSION_TYPES = ("user", "group", "domain", "anyone")


def file_not_found(file_id: str) -> GoogleApiError:
    """Drive's 404 for a file the caller cannot see, exactly as for one that does not exist."""
    return not_found(f"File not found: {file_id}.", location="fileId", location_type="parameter")


def rank(role: str | None) -> int:
    return ROLES.index(role) + 1 if role in ROLES else 0


def is_google_type(mime_type: str) -> bool:
    """Google Workspace documents (and folders) have no binary content."""
    return mime_type.startswith(GOOGLE_TYPES)


def new_id(google_type: bool = False) -> str:
    """An ID shaped like Drive's: URL-safe, starting with '1'; 33 characters for
    uploaded files and 44 for Google documents, as Drive issues them."""
    return "1" + secrets.token_urlsafe(33)[:43 if google_type else 32]


def permission_id(kind: str, email: str | None = None, domain: str | None = None,
                  discoverable: bool = False) -> str:
    """Drive's permission IDs name the grantee, not the grant: one numeric ID per
    account (also published as ``User.permissionId``), ``anyoneWithLink`` /
    ``anyone`` for everyone. The same grantee has the same ID on every file."""
    if kind == "anyone":
        return "anyone" if discoverable else "anyoneWithLink"
    key = f"{kind}:{(email or domain or '').lower()}"
    digits = str(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16) % 10**20).zfill(20)
    return digits + "k" if kind == "domain" else digits


def principal(p: dict) -> str:
    """A permission's grantee as one string: ``user:a@b``, ``domain:b``, ``anyone``."""
    kind = p["type"]
    if kind in ("user", "group"):
        return f"user:{p.get('emailAddress', '').lower()}"
    if kind == "domain":
        return f"domain:{p.get('domain', '').lower()}"
    return "anyone"


def applies(p: dict, user: str) -> bool:
    """Whether a permission grants anything to ``user``. Group membership is not
    modelled: a group permission applies to the group's own address only."""
    return principal_applies(principal(p), user)


def principal_applies(who: str, user: str) -> bool:
    if who == "anyone":
        return True
    kind, _, value = who.partition(":")
    if kind == "domain":
        return user.rpartition("@")[2] == value
    return user == value


def discoverable(p: dict) -> bool:
    """Whether a permission lets its grantees find the file in lists and searches:
    people and groups always; a domain or anyone only with ``allowFileDiscovery``."""
    return p["type"] in ("user", "group") or bool(p.get("allowFileDiscovery"))


def display_name(email: str) -> str:
    """A readable name for an account, from its address (``jane.doe@…`` → ``Jane Doe``)."""
    local = email.partition("@")[0]
    words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w]
    return " ".join(w.capitalize() for w in words) or email


def new_permission(kind: str, role: str, email: str | None = None, domain: str | None = None,
                   allow_discovery: bool | None = None) -> dict:
    p = {"kind": "drive#permission", "type": kind, "role": role}
    if email:
        p["emailAddress"] = email.lower()
    if domain:
        p["domain"] = domain.lower()
    if kind in ("domain", "anyone"):
        p["allowFileDiscovery"] = bool(allow_discovery)
    p["id"] = permission_id(kind, email, domain, bool(allow_discovery))
    return p
