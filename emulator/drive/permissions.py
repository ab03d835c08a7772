"""``permissions``: create, list, get, update, delete, with Drive's sharing rules.

https://developers.google.com/drive/api/reference/rest/v3/permissions
https://developers.google.com/drive/api/guides/manage-sharing

* Owners share; writers share too unless the file's ``writersCanShare`` is false.
* A grantee has one permission per file: sharing again with the same person
  changes the role of the existing permission and answers with its ID.
* ``role=owner`` needs ``transferOwnership=true``; the previous owner becomes a writer.
* ``sendNotificationEmail`` applies to people and groups only and cannot be turned
  off for an ownership transfer. No mail is sent: the would-be email is recorded in
  ``store.notifications``.
* Access granted on a folder flows to everything below it; such inherited
  permissions are listed on the children but changed only where they are granted.
* In a shared drive (``drives``): members are permissions on the drive ID (users and
  groups; any role but ``owner``), managed by organizers; items are shared by
  writers (files) or fileOrganizers (folders); nobody owns an item, so ``owner``
  and ``transferOwnership`` do not apply; a drive keeps at least one organizer.
* ``view: "published"`` with ``role: reader`` names who may answer a form
  (https://developers.google.com/workspace/forms/api/guides/publish-form): the
  grant opens the form's published view, not the file ("grants reader access to
  the published view of a file, but doesn't grant reader access to the file",
  ref-roles). A grantee keeps one permission per file: a grant without a view
  already covers the published one and replaces it.
"""

from __future__ import annotations

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden, not_found
from .common import FOLDER, PERMISSION_TYPES, ROLES, applies, new_permission, principal, rank
from .expiry import check_expiration
from .views import effective_permissions, permission_resource

NOTIFY_ERROR = ("The sendNotificationEmail parameter is only applicable for permissions of "
                "type 'user' or 'group', and must not be disabled for ownership transfers.")


def _insufficient() -> GoogleApiError:
    return forbidden("The user does not have sufficient permissions for this file.",
                     "insufficientFilePermissions")


def _permission_not_found(permission_id: str) -> GoogleApiError:
    return not_found(f"Permission not found: {permission_id}.", location="permissionId",
                     location_type="parameter")


def _invalid(field: str, message: str | None = None):
    return bad_request(message or f"The permission {field} field is invalid.", "invalid",
                       location=f"permission.{field}", location_type="other")


class PermissionsMixin:
    def _require_sharer(self, user: str, file_id: str) -> dict:
        f = self.require(user, file_id, "reader")
        role = self.role_of(user, file_id)
        if f.get("driveId"):
            if f["id"] == f["driveId"]:
                need = "organizer"          # the drive's members
            else:
                need = "fileOrganizer" if f["mimeType"] == FOLDER else "writer"
            if rank(role) < rank(need):
                raise _insufficient()
            return f
        if self.owner_of(file_id) == user:
            return f
        if rank(role) >= rank("writer") and f.get("writersCanShare", True) and \
                not f.get("isRoot") and not self._temporary_writer(user, file_id):
            return f
        raise _insufficient()

    def _temporary_writer(self, user: str, file_id: str) -> bool:
        """Whether every grant that makes the user a writer (or more) of the file
        expires: "If the user with role=writer has temporary access governed by an
        expiration date and time, they can't share the file" (manage-sharing)."""
        grants = [p for fid in self.ancestors(file_id) for p in self.permissions.get(fid, [])
                  if not p.get("view") and applies(p, user) and rank(p["role"]) >= rank("writer")]
        return bool(grants) and all(p.get("expirationTime") for p in grants)

    def _access_changed(self, file_id: str, before: dict[str, set]) -> None:
        """Sharing a folder changes what is visible below it: one change per file."""
        f = self.files[file_id]
        f["version"] = str(int(f.get("version", "1")) + 1)
        for fid, audience in before.items():
            self.record_change(fid, audience=audience)

    def _audiences(self, file_id: str) -> dict[str, set]:
        return {fid: self.audience(fid) for fid in [file_id, *self.descendants(file_id)]}

    def _require_permission_reader(self, user: str, file_id: str) -> dict:
        """Who may list a file's permissions: in a shared drive, writers and above ("can
        access detailed file permissions", ref-roles); in My Drive, those who may share."""
        f = self.require(user, file_id, "reader")
        if f.get("driveId"):
            return self.require(user, file_id, "writer")
        return self._require_sharer(user, file_id)

    def permissions_create(self, user: str, file_id: str, body: dict, *,
                           send_notification: bool | None = None, email_message: str | None = None,
                           transfer_ownership: bool = False) -> dict:
        fid = self.resolve_id(user, file_id)
        f = self._require_sharer(user, fid)
        self.refuse_in_app_data(fid)  # appdata.py: its files cannot be shared
        kind, role = body.get("type"), body.get("role")
        if not kind:
            raise bad_request("The permission type field is required.", "required",
                              location="permission.type", location_type="other")
        if not role:
            raise bad_request("The permission role field is required.", "required",
                              location="permission.role", location_type="other")
        if kind not in PERMISSION_TYPES:
            raise bad_request("The permission type field is invalid.", "invalid",
                              location="permission.type", location_type="other")
        if role not in ROLES:
            raise _invalid("role")
        view = body.get("view")
        if view is not None and view != "published":   # "metadata" is Drive's to set
            raise _invalid("view")
        if view and role != "reader":
            raise _invalid("role", "A permission in the published view has the role reader.")
        if f.get("driveId"):
            self._check_shared_drive_grant(f, kind, role, transfer_ownership)
        email, domain = body.get("emailAddress"), body.get("domain")
        if kind in ("user", "group") and not email:
            raise bad_request("The permission emailAddress field is required.", "required",
                              location="permission.emailAddress", location_type="other")
        if kind == "domain" and not domain:
            raise bad_request("The permission domain field is required.", "required",
                              location="permission.domain", location_type="other")
        notifiable = kind in ("user", "group")
        if send_notification and not notifiable:
            raise forbidden(NOTIFY_ERROR, "forbidden")
        if role == "owner":
            if not transfer_ownership:
                raise forbidden("The transferOwnership parameter must be enabled when the "
                                "permission role is 'owner'.", "forbidden",
                                location="transferOwnership", location_type="parameter")
            if send_notification is False:
                raise forbidden(NOTIFY_ERROR, "forbidden")
            if kind != "user":
                raise bad_request("Only a user can own a file.", "invalidSharingRequest")
            if self.owner_of(fid) != user:
                raise _insufficient()
        asked = new_permission(kind, role, email if notifiable else None,
                               domain if kind == "domain" else None, body.get("allowFileDiscovery"))
        if view:
            asked["view"] = view
        if body.get("expirationTime"):
            asked["expirationTime"] = check_expiration(self, f, kind, role, body["expirationTime"])
            self._expiry_set()
        before = self._audiences(fid)
        granted = self._grant(fid, asked)
        if notifiable and send_notification is not False:
            self.notifications.append({"fileId": fid, "from": user, "to": granted.get("emailAddress"),
                                       "role": granted["role"], "message": email_message or "",
                                       "time": clock.stamp()})
        self._access_changed(fid, before)
        return permission_resource(granted)

    @staticmethod
    def _check_shared_drive_grant(f: dict, kind: str, role: str, transfer_ownership: bool) -> None:
        """What a shared drive and its items accept (about-shareddrives: the drive owns
        its items; members are people and groups)."""
        if role == "owner" or transfer_ownership:
            raise forbidden("Items in shared drives are owned by the shared drive; ownership "
                            "cannot be given to a user.", "cannotTransferOwnership")
        if f["id"] == f["driveId"]:
            if kind not in ("user", "group"):
                raise bad_request("Shared drive members are users and groups.",
                                  "invalidSharingRequest")
        elif role == "organizer":
            raise _invalid("role", "The organizer role is given on the shared drive itself.")

    def _grant(self, file_id: str, asked: dict) -> dict:
        """Add a permission, or change the grantee's existing one."""
        own = self.permissions.setdefault(file_id, [])
        if asked["role"] == "owner":
            for p in own:
                if p["role"] == "owner":
                    p["role"] = "writer"   # the previous owner keeps edit access
        existing = next((p for p in own if principal(p) == principal(asked)), None)
        if existing is None:
            own.append(asked)
            return asked
        if asked.get("view") and not existing.get("view"):
            return existing    # a role on the file already opens its published view
        if existing["role"] != "owner" or asked["role"] == "owner":
            existing.pop("view", None)
            existing.update({k: v for k, v in asked.items() if k != "kind"})
        return existing

    def permissions_list(self, user: str, file_id: str, page_size: int | None = None,
                         page_token: str | None = None, view: str | None = None) -> dict:
        fid = self.resolve_id(user, file_id)
        f = self._require_permission_reader(user, fid)
        if view not in (None, "published"):   # "Only published is supported."
            raise GoogleApiError(400, "Invalid Value", "invalid", location="includePermissionsForView",
                                 location_type="parameter")
        everyone = effective_permissions(self, fid)
        if f.get("driveId") and not page_size:
            page_size = 100   # "at most 100 permissions will be returned for shared drives"
        start = 0
        if page_token:
            if not page_token.isdigit() or int(page_token) > len(everyone):
                raise GoogleApiError(400, "Invalid Value", "invalid", location="pageToken",
                                     location_type="parameter")
            start = int(page_token)
        size = min(page_size, 100) if page_size else len(everyone) or 1
        out = {"kind": "drive#permissionList", "permissions": everyone[start:start + size]}
        if start + size < len(everyone):
            out["nextPageToken"] = str(start + size)
        return out

    def permissions_get(self, user: str, file_id: str, permission_id: str) -> dict:
        fid = self.resolve_id(user, file_id)
        self._require_permission_reader(user, fid)
        for p in effective_permissions(self, fid):
            if p["id"] == permission_id:
                return p
        raise _permission_not_found(permission_id)

    def _own_permission(self, file_id: str, permission_id: str) -> dict:
        for p in self.permissions.get(file_id, []):
            if p["id"] == permission_id:
                return p
        if any(p["id"] == permission_id for p in effective_permissions(self, file_id)):
            raise forbidden("The permission is inherited from a parent folder; change it "
                            "there.", "cannotModifyInheritedPermission")
        raise _permission_not_found(permission_id)

    def permissions_update(self, user: str, file_id: str, permission_id: str, body: dict, *,
                           transfer_ownership: bool = False, remove_expiration: bool = False) -> dict:
        fid = self.resolve_id(user, file_id)
        self._require_sharer(user, fid)
        p = self._own_permission(fid, permission_id)
        if set(body) - {"role", "expirationTime", "kind", "id"} or body.get("id", p["id"]) != p["id"]:
            raise forbidden("The resource body includes fields which are not directly writable.",
                            "fieldNotWritable")
        role = body.get("role", p["role"])
        if role not in ROLES:
            raise _invalid("role")
        if p.get("view") and role != "reader":
            raise _invalid("role", "A permission in the published view has the role reader.")
        f = self.files[fid]
        if f.get("driveId"):
            self._check_shared_drive_grant(f, p["type"], role, transfer_ownership)
            self._keep_an_organizer(fid, p, role)
        if role == "owner" and p["role"] != "owner":
            if not transfer_ownership:
                raise forbidden("The transferOwnership parameter must be enabled when the "
                                "permission role is 'owner'.", "forbidden",
                                location="transferOwnership", location_type="parameter")
            if self.owner_of(fid) != user or p["type"] != "user":
                raise _insufficient()
        elif p["role"] == "owner" and role != "owner":
            raise forbidden("The owner's role cannot be changed; transfer ownership first.",
                            "cannotModifyOwner")
        expires = None
        if not remove_expiration and (body.get("expirationTime") or p.get("expirationTime")):
            # checked before anything changes; an unchanged time is checked for the new role
            expires = check_expiration(self, f, p["type"], role,
                                       body.get("expirationTime") or p["expirationTime"])
        before = self._audiences(fid)
        if role == "owner" and p["role"] != "owner":
            self._grant(fid, {**p, "role": "owner"})
        p["role"] = role
        if remove_expiration:
            p.pop("expirationTime", None)
        elif expires:
            p["expirationTime"] = expires
            self._expiry_set()
        self._access_changed(fid, before)
        return permission_resource(p)

    def _keep_an_organizer(self, file_id: str, p: dict, new_role: str | None) -> None:
        """A shared drive cannot be left without an organizer (emulator wording)."""
        if file_id not in self.drives or p["role"] != "organizer" or new_role == "organizer":
            return
        if not any(q is not p and q["role"] == "organizer" for q in self.permissions[file_id]):
            raise forbidden("A shared drive must keep at least one organizer.",
                            "cannotRemoveLastOrganizer")

    def permissions_delete(self, user: str, file_id: str, permission_id: str) -> None:
        fid = self.resolve_id(user, file_id)
        self._require_sharer(user, fid)
        p = self._own_permission(fid, permission_id)
        if p["role"] == "owner":
            raise forbidden("The owner of a file cannot be removed.", "cannotRemoveOwner")
        if self.files[fid].get("driveId"):
            self._keep_an_organizer(fid, p, None)
        before = self._audiences(fid)
        self.permissions[fid].remove(p)
        self._access_changed(fid, before)
