"""Resources as a caller reads them: the stored file plus the fields Drive computes
on read (owners, capabilities, links, checksums, the caller's own star), and
permissions with their display names and inheritance details.

https://developers.google.com/drive/api/reference/rest/v3/files#File
https://developers.google.com/drive/api/reference/rest/v3/permissions#Permission
"""

from __future__ import annotations

import hashlib

from . import restrictions
from .common import (DOCUMENT, FOLDER, FORM, SPREADSHEET, display_name, is_google_type,
                     permission_id, rank)

# Pages for people, at Google's own URLs (DESIGN.md §6 serves look-alikes of these).
_EDITOR_LINKS = {
    SPREADSHEET: "https://docs.google.com/spreadsheets/d/{id}/edit",
    FORM: "https://docs.google.com/forms/d/{id}/edit",
    DOCUMENT: "https://docs.google.com/document/d/{id}/edit",
    FOLDER: "https://drive.google.com/drive/folders/{id}",
}


def web_view_link(f: dict) -> str:
    return _EDITOR_LINKS.get(f["mimeType"], "https://drive.google.com/file/d/{id}/view").format(id=f["id"])


def user_resource(email: str, viewer: str) -> dict:
    """Drive's User resource for an account."""
    return {"kind": "drive#user", "displayName": display_name(email), "emailAddress": email,
            "me": email == viewer, "permissionId": permission_id("user", email)}


def permission_resource(p: dict) -> dict:
    out = {k: v for k, v in p.items() if not k.startswith("_")}
    if p["type"] in ("user", "group"):
        out["displayName"] = display_name(p.get("emailAddress", ""))
        out["deleted"] = False
        if p["type"] == "user":
            out["pendingOwner"] = False
    elif p["type"] == "domain":
        out["displayName"] = p.get("domain", "")
    return out


def effective_permissions(store, file_id: str, views: bool = True) -> list[dict]:
    """The file's permissions and those it inherits from folders above it, one per
    grantee (strongest role), each with ``permissionDetails`` saying where it comes from:
    ``member`` for a shared drive's members, ``file`` for grants on the item or a folder.
    A permission in a view (a form's responders) is the file's own and, without
    ``views``, left out."""
    merged: dict[str, dict] = {}
    for fid in store.ancestors(file_id):
        inherited = fid != file_id
        for p in store.permissions.get(fid, []):
            if p.get("view") and (inherited or not views):
                continue
            role = "writer" if inherited and p["role"] == "owner" else p["role"]
            kind = "member" if fid in store.drives else "file"
            detail = {"permissionType": kind, "role": role, "inherited": inherited}
            if inherited:
                detail["inheritedFrom"] = fid
            current = merged.get(p["id"])
            if current is None:
                current = merged[p["id"]] = {**permission_resource(p), "role": role,
                                             "permissionDetails": []}
            elif rank(role) > rank(current["role"]):
                current["role"] = role
            current["permissionDetails"].append(detail)
    return list(merged.values())


def capabilities(store, f: dict, role: str | None, user: str) -> dict:
    """What the caller may do with the file (File.capabilities), from their role."""
    owner = store.owner_of(f["id"]) == user
    writer = rank(role) >= rank("writer")
    folder = f["mimeType"] == FOLDER
    copyable = writer or not f.get("copyRequiresWriterPermission")
    return {
        "canAcceptOwnership": False, "canAddChildren": folder and writer,
        "canAddMyDriveParent": False, "canChangeCopyRequiresWriterPermission": writer,
        "canChangeViewersCanCopyContent": writer, "canComment": rank(role) >= rank("commenter"),
        "canCopy": copyable and not folder, "canDelete": owner, "canDownload": copyable,
        "canEdit": writer, "canListChildren": folder and role is not None,
        "canModifyContent": writer, "canModifyContentRestriction": writer,
        "canModifyLabels": False, "canMoveItemOutOfDrive": owner,
        "canMoveItemWithinDrive": writer, "canReadLabels": False, "canReadRevisions": writer,
        "canRemoveChildren": folder and writer, "canRemoveMyDriveParent": owner,
        "canRename": writer, "canShare": owner or (writer and f.get("writersCanShare", True)),
        "canTrash": owner, "canUntrash": owner,
    }


def shared_drive_capabilities(store, f: dict, role: str | None, user: str) -> dict:
    """Capabilities of an item of a shared drive: the roles table's shared-drive rows
    (writers add, edit and share files; fileOrganizers also share folders, move and
    trash; organizers delete) and the fields "only populated for items in shared drives".
    The drive's own top folder is renamed and deleted only as the drive (drives.*)."""
    writer, organizes = rank(role) >= rank("writer"), rank(role) >= rank("fileOrganizer")
    organizer = rank(role) >= rank("organizer")
    item = not f.get("isRoot")
    folder = f["mimeType"] == FOLDER
    copyable = writer or not f.get("copyRequiresWriterPermission")
    return {
        "canAddChildren": folder and writer, "canAddFolderFromAnotherDrive": folder and organizes,
        "canChangeCopyRequiresWriterPermission": writer, "canChangeViewersCanCopyContent": writer,
        "canComment": rank(role) >= rank("commenter"), "canCopy": copyable and not folder,
        "canDelete": item and organizer, "canDeleteChildren": folder and organizer,
        "canDownload": copyable, "canEdit": writer, "canListChildren": folder and role is not None,
        "canModifyContent": writer, "canModifyContentRestriction": writer,
        "canModifyLabels": False, "canMoveChildrenOutOfDrive": folder and organizer,
        "canMoveChildrenWithinDrive": folder and organizes,
        "canMoveItemOutOfDrive": item and organizer, "canMoveItemWithinDrive": item and organizes,
        "canReadLabels": False, "canReadDrive": store.member_role(user, f["driveId"]) is not None,
        "canReadRevisions": writer, "canRemoveChildren": folder and organizes,
        "canRename": item and writer, "canShare": organizes if folder else writer,
        "canTrash": item and organizes, "canTrashChildren": folder and organizes,
        "canUntrash": item and organizes,
    }


def _shared_drive_fields(store, f: dict, out: dict, user: str, want) -> None:
    """An item of a shared drive: owned by the drive, so no owners, ``ownedByMe``,
    ``shared``, ``writersCanShare`` or ``folderColorRgb``; ``permissions`` "not
    populated for items in shared drives" (list them with permissions.list), while
    ``permissionIds`` and ``hasAugmentedPermissions`` are (shared-drives-diffs)."""
    for key in ("owners", "ownedByMe", "shared", "writersCanShare", "folderColorRgb", "permissions"):
        out.pop(key, None)
    out["teamDriveId"] = f["driveId"]   # the deprecated name, still answered
    if f.get("explicitlyTrashed") and f.get("_trashingUser"):
        out["trashingUser"] = user_resource(f["_trashingUser"], user)
    if any(want(k) for k in ("capabilities", "permissionIds", "hasAugmentedPermissions")):
        role = store.role_of(user, f["id"])
        out["capabilities"] = shared_drive_capabilities(store, f, role, user)
        out["capabilities"].update(_restricted(store, f, role, user))
        out["permissionIds"] = [p["id"] for p in effective_permissions(store, f["id"], views=False)]
        out["hasAugmentedPermissions"] = f["id"] not in store.drives and any(
            not p.get("view") for p in store.permissions.get(f["id"], []))


def file_resource(store, f: dict, user: str, wanted: set[str] | None = None) -> dict:
    """The File resource as ``user`` sees it. ``wanted`` (top-level field names, or
    None for all) spares computing what the caller did not ask for."""
    def want(name: str) -> bool:
        return wanted is None or name in wanted

    fid = f["id"]
    out = {k: v for k, v in f.items() if not k.startswith("_") and k != "isRoot"}
    out.pop("contentRestrictions", None)
    if restrictions.is_read_only(f):
        out["contentRestrictions"] = restrictions.resource(f, user, user_resource)
    out["trashed"] = store.is_trashed(fid) if want("trashed") else bool(f.get("explicitlyTrashed"))
    out["explicitlyTrashed"] = bool(f.get("explicitlyTrashed"))
    out["starred"] = user in f.get("_starredBy", [])
    # Parents the caller cannot see are not shown to them (nor is the root's absence).
    parents = [p for p in f.get("parents", []) if not want("parents") or store.role_of(user, p)]
    if parents:
        out["parents"] = parents
    else:
        out.pop("parents", None)
    out["webViewLink"] = web_view_link(f)
    out["iconLink"] = f"https://drive-thirdparty.googleusercontent.com/16/type/{f['mimeType']}"
    out["spaces"] = [store.space_of(fid)]
    out["copyRequiresWriterPermission"] = bool(f.get("copyRequiresWriterPermission"))
    out["viewersCanCopyContent"] = not out["copyRequiresWriterPermission"]
    out["hasThumbnail"] = False
    out["thumbnailVersion"] = "0"
    out["isAppAuthorized"] = False
    content = store.contents.get(fid)
    if content is not None and not is_google_type(f["mimeType"]):
        out.update(_content_fields(f, content))
    out["quotaBytesUsed"] = out.get("size", "0")
    if any(want(k) for k in ("owners", "ownedByMe", "capabilities", "permissions",
                             "permissionIds", "shared", "lastModifyingUser", "modifiedByMe")):
        owner = store.owner_of(fid)
        role = store.role_of(user, fid)
        out["owners"] = [user_resource(owner, user)] if owner else []
        out["ownedByMe"] = owner == user
        last = f.get("_lastModifyingUser")
        if last:
            out["lastModifyingUser"] = user_resource(last, user)
            out["modifiedByMe"] = last == user
        out["capabilities"] = capabilities(store, f, role, user)
        out["capabilities"].update(_restricted(store, f, role, user))
        permissions = effective_permissions(store, fid, views=False)
        out["permissionIds"] = [p["id"] for p in permissions]
        out["shared"] = any(p["role"] != "owner" for p in permissions)
        # The full list only for those who may share the file, as Drive documents.
        if out["capabilities"]["canShare"]:
            out["permissions"] = permissions
    if f.get("driveId"):
        _shared_drive_fields(store, f, out, user, want)
    return out


def _restricted(store, f: dict, role: str | None, user: str) -> dict:
    """What a read-only restriction takes away (restrictions.py)."""
    writer = rank(role) >= rank("writer")
    out = restrictions.capabilities(store, user, f, writer)
    if restrictions.is_read_only(f):
        out.update(canModifyContent=False, canRename=False, canComment=False)
    return out


def _content_fields(f: dict, content: bytes) -> dict:
    out = {"size": str(len(content)), "md5Checksum": hashlib.md5(content).hexdigest(),
           "sha1Checksum": hashlib.sha1(content).hexdigest(),
           "sha256Checksum": hashlib.sha256(content).hexdigest(),
           "headRevisionId": f.get("_revision", "1"),
           "webContentLink": f"https://drive.google.com/uc?id={f['id']}&export=download",
           "originalFilename": f.get("originalFilename") or f["name"]}
    name = out["originalFilename"]
    if "." in name.strip(".") and not name.endswith("."):
        full = name.split(".", 1)[1] if not name.startswith(".") else name[1:].split(".", 1)[-1]
        out["fullFileExtension"] = full
        out["fileExtension"] = full.rsplit(".", 1)[-1]
    return out
