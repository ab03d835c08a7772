"""Drive v3 handlers: thin, one per discovery method ID
(https://developers.google.com/drive/api/reference/rest/v3).

They read the call, ask the store and render what the caller may see. Drive
answers a subset of each resource's fields when ``fields`` is absent (files:
kind, id, name, mimeType; permissions: kind, id, type, role; drives: kind, id,
name), so the handlers apply the mask themselves.

Calls that name an item of a shared drive without ``supportsAllDrives=true`` are
answered 404 (``_all_drives``): "The supportsAllDrives=true parameter informs
Google Drive that your application is designed to handle files on shared drives"
(enable-shareddrives), and an app that did not say so does not see them.
"""

from __future__ import annotations

from ..core import fields
from ..core.call import Media, handles
from ..core.errors import GoogleApiError, bad_request, forbidden
from ..core.resumable import before_upload
from . import convert, export
from .common import is_google_type
from .views import file_resource, user_resource

FILE = "kind,id,name,mimeType"
FILE_LIST = f"kind,incompleteSearch,nextPageToken,files({FILE})"
PERMISSION = "kind,id,type,role"
PERMISSION_LIST = f"kind,nextPageToken,permissions({PERMISSION})"
DRIVE = "kind,id,name"
DRIVE_LIST = f"kind,nextPageToken,drives({DRIVE})"
CHANGE_LIST = (f"kind,nextPageToken,newStartPageToken,"
               f"changes(kind,type,changeType,time,removed,fileId,file({FILE}))")
STORAGE_LIMIT = str(15 * 1024**3)   # a free account's 15 GB
MAX_UPLOAD = "5497558138880"        # files.create's mediaUpload maxSize


def _mask(call, default: str):
    call.fields_applied = True
    return fields.parse(call.param("fields") or default)


def _wanted(mask, *path: str) -> set[str] | None:
    """Top-level File fields a mask asks for at ``path`` (None: all of them)."""
    for name in path:
        if not isinstance(mask, dict) or "*" in mask:
            return None
        mask = mask.get(name, {})
    if not isinstance(mask, dict) or "*" in mask:
        return None
    return set(mask)


def _file(call, f: dict) -> dict:
    mask = _mask(call, FILE)
    return fields.apply(file_resource(call.world.drive, f, call.user, _wanted(mask)), mask)


def _all_drives(call, *file_ids: str) -> None:
    """404 for shared-drive items named by a call that did not say ``supportsAllDrives``."""
    if not (call.param("supportsAllDrives") or call.param("supportsTeamDrives")):
        call.world.drive.hide_shared_drive_items(call.user, [i for i in file_ids if i])


def _ids(listed: str | None) -> list[str]:
    return [p.strip() for p in (listed or "").split(",") if p.strip()]


# -- files ----------------------------------------------------------------
@handles("drive.files.get")
def files_get(call):
    store = call.world.drive
    f = store.require(call.user, store.resolve_id(call.user, call.params["fileId"]))
    _all_drives(call, f["id"])
    if call.param("alt") == "media":
        if is_google_type(f["mimeType"]):
            raise forbidden("Only files with binary content can be downloaded. Use Export with "
                            "Docs Editors files.", "fileNotDownloadable",
                            location="alt", location_type="parameter")
        return Media(store.contents.get(f["id"], b""), f["mimeType"])
    return _file(call, f)


@handles("drive.files.export")
def files_export(call):
    """The answer is the content, typed as the ``mimeType`` asked for (export.py)."""
    content = export.files_export(call.world.drive, call.user, call.params["fileId"],
                                  call.params["mimeType"])
    return Media(content, call.params["mimeType"])


@handles("drive.files.create")
def files_create(call):
    _all_drives(call, *((call.body or {}).get("parents") or []))
    f = call.world.drive.files_create(call.user, call.body, call.media, call.media_type)
    return _file(call, f)


@handles("drive.files.update")
def files_update(call):
    _all_drives(call, call.params["fileId"], *_ids(call.param("addParents")))
    f = call.world.drive.files_update(call.user, call.params["fileId"], call.body, call.media,
                                      call.media_type, call.param("addParents"),
                                      call.param("removeParents"))
    return _file(call, f)


@before_upload("drive.files.create")
def files_create_upload(call):
    """A resumable create is refused before its bytes for a parent the caller may not
    add to, or an import the media cannot make."""
    meta = call.body or {}
    _all_drives(call, *(meta.get("parents") or []))
    store = call.world.drive
    for parent in meta.get("parents") or []:
        store.require(call.user, store.resolve_id(call.user, parent), "writer")
    if is_google_type(meta.get("mimeType") or ""):
        convert.check(meta["mimeType"], call.media_type)


@before_upload("drive.files.update")
def files_update_upload(call):
    """A resumable update: the file must be there for the caller, who must be able to write it."""
    _all_drives(call, call.params["fileId"])
    store = call.world.drive
    f = store.require(call.user, store.resolve_id(call.user, call.params["fileId"]), "writer")
    if is_google_type(f["mimeType"]):
        convert.check(f["mimeType"], call.media_type)


@handles("drive.files.copy")
def files_copy(call):
    _all_drives(call, call.params["fileId"], *((call.body or {}).get("parents") or []))
    return _file(call, call.world.drive.files_copy(call.user, call.params["fileId"], call.body))


@handles("drive.files.delete")
def files_delete(call):
    _all_drives(call, call.params["fileId"])
    call.world.drive.files_delete(call.user, call.params["fileId"])


@handles("drive.files.emptyTrash")
def files_empty_trash(call):
    call.world.drive.files_empty_trash(call.user, call.param("driveId"))


@handles("drive.files.list")
def files_list(call):
    store = call.world.drive
    mask = _mask(call, FILE_LIST)
    answer = store.files_list(call.user, call.params)
    wanted = _wanted(mask, "files")
    answer["files"] = [file_resource(store, f, call.user, wanted) for f in answer["files"]]
    return fields.apply(answer, mask)


@handles("drive.files.generateIds")
def files_generate_ids(call):
    count = call.param("count", 10)
    if not 1 <= count <= 1000:
        raise GoogleApiError(400, "Invalid Value", "invalid", location="count",
                             location_type="parameter")
    space, kind = call.param("space", "drive"), call.param("type", "files")
    if space not in ("drive", "appDataFolder") or kind not in ("files", "shortcuts"):
        raise GoogleApiError(400, "Invalid Value", "invalid",
                             location="space" if kind in ("files", "shortcuts") else "type",
                             location_type="parameter")
    return {"kind": "drive#generatedIds", "space": space,
            "ids": call.world.drive.files_generate_ids(call.user, count)}


# -- permissions ------------------------------------------------------------
@handles("drive.permissions.create")
def permissions_create(call):
    _all_drives(call, call.params["fileId"])
    p = call.world.drive.permissions_create(
        call.user, call.params["fileId"], call.body or {},
        send_notification=call.param("sendNotificationEmail"),
        email_message=call.param("emailMessage"),
        transfer_ownership=call.param("transferOwnership", False))
    return fields.apply(p, _mask(call, PERMISSION))


@handles("drive.permissions.list")
def permissions_list(call):
    _all_drives(call, call.params["fileId"])
    answer = call.world.drive.permissions_list(call.user, call.params["fileId"],
                                               call.param("pageSize"), call.param("pageToken"),
                                               call.param("includePermissionsForView"))
    return fields.apply(answer, _mask(call, PERMISSION_LIST))


@handles("drive.permissions.get")
def permissions_get(call):
    _all_drives(call, call.params["fileId"])
    p = call.world.drive.permissions_get(call.user, call.params["fileId"], call.params["permissionId"])
    return fields.apply(p, _mask(call, PERMISSION))


@handles("drive.permissions.update")
def permissions_update(call):
    _all_drives(call, call.params["fileId"])
    p = call.world.drive.permissions_update(
        call.user, call.params["fileId"], call.params["permissionId"], call.body or {},
        transfer_ownership=call.param("transferOwnership", False),
        remove_expiration=call.param("removeExpiration", False))
    return fields.apply(p, _mask(call, PERMISSION))


@handles("drive.permissions.delete")
def permissions_delete(call):
    _all_drives(call, call.params["fileId"])
    call.world.drive.permissions_delete(call.user, call.params["fileId"], call.params["permissionId"])


# -- drives -------------------------------------------------------------------
def _drive(call, drive: dict, default: str = DRIVE):
    return fields.apply(call.world.drive.drive_resource(call.user, drive), _mask(call, default))


@handles("drive.drives.create")
def drives_create(call):
    return _drive(call, call.world.drive.drives_create(call.user, call.params["requestId"], call.body))


@handles("drive.drives.get")
def drives_get(call):
    return _drive(call, call.world.drive.drives_get(call.user, call.params["driveId"]))


@handles("drive.drives.list")
def drives_list(call):
    store = call.world.drive
    answer = store.drives_list(call.user, call.param("pageSize"), call.param("pageToken"),
                               call.param("q"))
    answer["drives"] = [store.drive_resource(call.user, d) for d in answer["drives"]]
    return fields.apply(answer, _mask(call, DRIVE_LIST))


@handles("drive.drives.update")
def drives_update(call):
    return _drive(call, call.world.drive.drives_update(call.user, call.params["driveId"], call.body))


@handles("drive.drives.delete")
def drives_delete(call):
    call.world.drive.drives_delete(call.user, call.params["driveId"])


# -- changes ------------------------------------------------------------------
def _changes_drive(call) -> str | None:
    """``driveId``: the changes of one shared drive, for its members and apps that
    support shared drives (else "Shared drive not found", as for a stranger)."""
    drive_id = call.param("driveId") or call.param("teamDriveId")
    if drive_id:
        if not (call.param("supportsAllDrives") or call.param("supportsTeamDrives")):
            raise GoogleApiError(404, f"Shared drive not found: {drive_id}", "notFound",
                                 location="driveId", location_type="parameter")
        call.world.drive.get_drive(call.user, drive_id)
    return drive_id


@handles("drive.changes.getStartPageToken")
def changes_get_start_page_token(call):
    _changes_drive(call)
    return {"kind": "drive#startPageToken",
            "startPageToken": call.world.drive.changes_get_start_page_token(call.user)}


@handles("drive.changes.list")
def changes_list(call):
    drive_id = _changes_drive(call)
    store = call.world.drive
    mask = _mask(call, CHANGE_LIST)
    shared = bool((call.param("includeItemsFromAllDrives") or call.param("includeTeamDriveItems"))
                  and (call.param("supportsAllDrives") or call.param("supportsTeamDrives")))
    answer = store.changes_list(call.user, call.params["pageToken"], call.param("pageSize"),
                                call.param("includeRemoved", True),
                                call.param("restrictToMyDrive", False),
                                drive_id=drive_id, shared_drives=shared,
                                spaces=call.param("spaces", "drive"))
    wanted = _wanted(mask, "changes", "file")
    changes = []
    for change, f in answer["changes"]:
        item = {"kind": "drive#change", "changeType": "file", "type": "file",
                "time": change["time"], "removed": f is None, "fileId": change["fileId"]}
        if change.get("driveId"):
            item["driveId"] = change["driveId"]
        if f is not None:
            item["file"] = file_resource(store, f, call.user, wanted)
        changes.append(item)
    answer["changes"] = changes
    return fields.apply(answer, mask)


# -- about ----------------------------------------------------------------------
@handles("drive.about.get")
def about_get(call):
    if not call.param("fields"):
        raise bad_request("The 'fields' parameter is required for this method.", "required",
                          location="fields", location_type="parameter")
    store, me = call.world.drive, call.user
    mine = [fid for fid in store.files if store.owner_of(fid) == me]
    used = sum(len(store.contents.get(fid, b"")) for fid in mine)
    trashed = sum(len(store.contents.get(fid, b"")) for fid in mine if store.is_trashed(fid))
    return {
        "kind": "drive#about",
        "user": user_resource(me, me),
        "storageQuota": {"limit": STORAGE_LIMIT, "usage": str(used), "usageInDrive": str(used),
                         "usageInDriveTrash": str(trashed)},
        "maxUploadSize": MAX_UPLOAD, "appInstalled": False,
        "canCreateDrives": True, "canCreateTeamDrives": True,
        # What the emulator imports and exports: a subset of Google's lists.
        "importFormats": {k: list(v) for k, v in convert.IMPORT_FORMATS.items()},
        "exportFormats": {k: list(v) for k, v in export.EXPORT_FORMATS.items()},
        "maxImportSizes": dict(convert.MAX_IMPORT_SIZES),
        "folderColorPalette": ["#8f8f8f", "#4986e7", "#16a765", "#ffad47", "#f83a22"],
        "driveThemes": [],
    }
