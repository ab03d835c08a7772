"""Permissions that expire: ``Permission.expirationTime`` checked when it is set,
and honoured when it passes.

What Google says, and what the emulator does with it:

* The Permission resource (drive v3 discovery document): "Expiration times have
  the following restrictions: - They can only be set on user and group
  permissions - The time must be in the future - The time cannot be more than a
  year in the future". Refused here with the reasons Google's answers carry
  (``cannotSetExpirationOnAnyoneOrDomain``, ``expirationDatesMustBeInTheFuture``,
  as client libraries that handle them list them, e.g. GAM's gapi errors); the
  status codes of the last two and every message wording are the emulator's.
* Drive's sharing guide (manage-sharing): "Temporary access (governed by an
  expiration date and time) isn't allowed on My Drive folders with
  role=writer"; Google's help (answer 9308784): "For folders, you can set
  expiration dates for viewers and commenters"; for shared drive folders
  "an expiration date specifically to the Viewer role" (Workspace updates,
  November 2025). Refused with 403 ``cannotSetExpiration`` "Expiration dates
  cannot be set on this item." (as Google answers, googleapis/google-api-php-client#1228).
  A shared drive's members cannot be given one
  (``expirationDateNotAllowedForSharedDriveMembers``).
* manage-sharing: "If the user with role=writer has temporary access governed by
  an expiration date and time, they can't share the file" (permissions.py).
* When the time passes, access ends and the permission is gone: it is removed from
  the store (so ``permissions.list`` no longer shows it and ``files.get`` by the
  grantee is 404), the file changes for ``changes.list``, and what the grantee
  still inherits from a folder above stays (Workspace updates, November 2025:
  "their permission will revert to the access they have on the parent folder").
  The store looks for expired permissions before every call (``expire``), by the
  emulator's clock, so ``POST /emulator/clock`` makes a grant expire without waiting.
"""

from __future__ import annotations

import datetime as dt

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden
from .common import FOLDER, rank

MAX_AHEAD = dt.timedelta(days=366)   # "not more than a year in the future" (a leap year's)


def cannot_set() -> GoogleApiError:
    return forbidden("Expiration dates cannot be set on this item.", "cannotSetExpiration")


def check_expiration(store, f: dict, kind: str, role: str, value: str) -> str:
    """The RFC 3339 time to keep for ``value`` on a ``kind``/``role`` permission of
    ``f``, or Google's refusal."""
    if kind not in ("user", "group"):
        raise forbidden("Expiration dates cannot be set on anyone or domain permissions.",
                        "cannotSetExpirationOnAnyoneOrDomain")
    try:
        when = clock.parse(value)
    except ValueError:
        raise bad_request("Invalid value for expirationTime.", "invalid",
                          location="permission.expirationTime", location_type="other") from None
    now = clock.now()
    if when <= now:
        raise bad_request("Expiration dates must be in the future.",
                          "expirationDatesMustBeInTheFuture",
                          location="permission.expirationTime", location_type="other")
    if when > now + MAX_AHEAD:
        raise bad_request("Expiration dates cannot be more than a year in the future.", "invalid",
                          location="permission.expirationTime", location_type="other")
    if f.get("driveId") and f["id"] == f["driveId"]:
        raise forbidden("Expiration dates cannot be set on shared drive members.",
                        "expirationDateNotAllowedForSharedDriveMembers")
    if rank(role) > rank("writer"):
        raise cannot_set()
    if f["mimeType"] == FOLDER:
        allowed = ("reader",) if f.get("driveId") else ("reader", "commenter")
        if role not in allowed:
            raise cannot_set()
    return clock.rfc3339(when)


class ExpiryMixin:
    """The DriveStore's part that ends expired permissions."""

    def _expiry_set(self) -> None:
        """A permission with an expiration time was set: look again before the next call."""
        self._next_expiry = None

    def _earliest_expiry(self) -> dt.datetime | None:
        times = [clock.parse(p["expirationTime"]) for grants in self.permissions.values()
                 for p in grants if p.get("expirationTime")]
        return min(times) if times else None

    def expire(self) -> None:
        """Remove every permission whose expiration time has passed (cheap when none
        has: the earliest time is remembered between calls)."""
        due = getattr(self, "_next_expiry", None)
        if due is None:
            due = self._next_expiry = self._earliest_expiry() or dt.datetime.max.replace(
                tzinfo=dt.timezone.utc)
        now = clock.now()
        if now < due:
            return
        for fid, grants in list(self.permissions.items()):
            ended = [p for p in grants if p.get("expirationTime")
                     and clock.parse(p["expirationTime"]) <= now]
            if not ended or fid not in self.files:
                continue
            before = self._audiences(fid)
            for p in ended:
                grants.remove(p)
            self._access_changed(fid, before)
        self._next_expiry = None
