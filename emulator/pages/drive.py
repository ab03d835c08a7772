"""Drive for people: a folder's contents (drive.google.com/drive/folders/ID, /drive/my-drive,
/drive/shared-with-me), one file (/file/d/ID/view) and its download
(/uc?id=ID&export=download, a file's webContentLink). A Google Doc has a page of
its own (``docs``).

Everything is read with files.get and files.list as the signed-in person, so a
person sees exactly what Drive's sharing lets them find; anything else is the
not-found page, as Drive answers 404. The pages are an app that supports shared
drives (``supportsAllDrives``, ``corpora=allDrives``): a member opens a shared
drive's folders like any other, and /drive/shared-drives lists their drives
(drives.list).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import Response, redirect, request
from werkzeug.datastructures import MultiDict

from ..core import clock
from ..core.dispatch import dispatch
from ..drive.common import DOCUMENT, FOLDER, FORM, SPREADSHEET, is_google_type
from . import ApiError, api, error_page, pages, render, signed_in, world

FIELDS = ("id,name,mimeType,parents,webViewLink,webContentLink,modifiedTime,size,description,"
          "owners(displayName,emailAddress),lastModifyingUser(displayName)")
LIST_FIELDS = f"nextPageToken,files({FIELDS})"
ALL_DRIVES = {"supportsAllDrives": True}   # Drive hides shared-drive items from apps without it
KINDS = {FOLDER: ("folder", "Folder"), SPREADSHEET: ("sheet", "Sheet"), FORM: ("form", "Form"),
         DOCUMENT: ("doc", "Doc"), "application/pdf": ("pdf", "PDF")}


@pages.app_template_filter("when")
def when(stamp: str | None) -> str:
    """An RFC 3339 time as people read it (UTC, as the emulator keeps no time zones)."""
    if not stamp:
        return ""
    t = clock.parse(stamp)
    return f"{t.day} {t:%b %Y, %H:%M} UTC"


@pages.app_template_filter("kind")
def kind(mime_type: str) -> tuple[str, str]:
    """(CSS class, label) of a file's type."""
    if mime_type in KINDS:
        return KINDS[mime_type]
    if mime_type.startswith("image/"):
        return "image", "Image"
    if is_google_type(mime_type):
        return "google", mime_type.rsplit(".", 1)[-1].capitalize()
    return "file", (mime_type.rsplit("/", 1)[-1][:6] or "File").upper()


@pages.app_template_filter("size")
def size(value) -> str:
    if value in (None, ""):
        return ""
    n = float(value)
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{int(n)} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _children(query: str) -> list[dict]:
    """Every file the query finds (folders first, then by name, as Drive lists them)."""
    found, token = [], None
    while True:
        args = {"q": query, "fields": LIST_FIELDS, "pageSize": 1000, "orderBy": "folder,name_natural",
                "corpora": "allDrives", "includeItemsFromAllDrives": True, **ALL_DRIVES}
        if token:
            args["pageToken"] = token
        page = api("GET", "/drive/v3/files", args)
        found += page.get("files", [])
        token = page.get("nextPageToken")
        if not token:
            return found


def _breadcrumbs(folder: dict, my_root: str) -> list[dict]:
    """The folders above this one that the person can see (files.get hides the
    parents they cannot), the outermost first."""
    chain, current = [], folder
    while current.get("parents") and len(chain) < 50:
        parent = api("GET", f"/drive/v3/files/{current['parents'][0]}", {"fields": FIELDS, **ALL_DRIVES})
        chain.insert(0, parent)
        current = parent
    for crumb in chain:
        if crumb["id"] == my_root:
            crumb["webViewLink"] = "/drive/my-drive"
    return chain


def _my_root() -> str:
    return api("GET", "/drive/v3/files/root", {"fields": "id"})["id"]


def _folder_page(title: str, folder: dict | None, files: list[dict], crumbs: list[dict], status: int = 200):
    return render("drive_folder.html", title=title, folder=folder, files=files, crumbs=crumbs), status


@pages.get("/drive/my-drive")
def my_drive():
    try:
        root = _my_root()
        files = _children(f"'{root}' in parents and trashed = false")
    except ApiError as err:
        return error_page(err)
    return _folder_page("My Drive", None, files, [])


@pages.get("/drive/shared-with-me")
def shared_with_me():
    try:
        files = _children("sharedWithMe and trashed = false")
    except ApiError as err:
        return error_page(err)
    return _folder_page("Shared with me", None, files, [])


@pages.get("/drive/shared-drives")
def shared_drives():
    """The shared drives the person is a member of (drives.list), each opening as a folder."""
    try:
        found, token = [], None
        while True:
            page = api("GET", "/drive/v3/drives", {"pageSize": 100, "fields": "nextPageToken,drives(id,name)",
                                                   **({"pageToken": token} if token else {})})
            found += page.get("drives", [])
            token = page.get("nextPageToken")
            if not token:
                break
    except ApiError as err:
        return error_page(err)
    drives = [{"id": d["id"], "name": d["name"], "mimeType": FOLDER,
               "webViewLink": f"/drive/folders/{d['id']}"} for d in found]
    return _folder_page("Shared drives", None, drives, [])


@pages.get("/drive/folders/<folder_id>")
def folder(folder_id):
    try:
        found = api("GET", f"/drive/v3/files/{quote(folder_id)}", {"fields": FIELDS, **ALL_DRIVES})
        if found["mimeType"] != FOLDER:
            return redirect(found["webViewLink"])
        root = _my_root()
        if found["id"] == root:
            return redirect("/drive/my-drive")
        files = _children(f"'{found['id']}' in parents and trashed = false")
        crumbs = _breadcrumbs(found, root)
    except ApiError as err:
        return error_page(err)
    return _folder_page(found["name"], found, files, crumbs)


@pages.get("/file/d/<file_id>/view")
def file_view(file_id):
    """An uploaded file: its name, type, size and a download link. Google's own
    documents open on their own pages."""
    try:
        found = api("GET", f"/drive/v3/files/{quote(file_id)}", {"fields": FIELDS, **ALL_DRIVES})
        if is_google_type(found["mimeType"]) and found["webViewLink"] != request.base_url:
            return redirect(found["webViewLink"])
        crumbs = _breadcrumbs(found, _my_root())
    except ApiError as err:
        return error_page(err)
    return render("drive_file.html", file=found, crumbs=crumbs)


@pages.get("/uc")
def download():
    """A file's content (webContentLink), read with files.get alt=media as the person."""
    file_id = request.args.get("id", "")
    who = signed_in()
    if not who:
        return error_page(ApiError(401, {"message": "Sign in to download this file."}))
    answer = dispatch(world(), "GET", f"/drive/v3/files/{quote(file_id, safe='')}",
                      MultiDict({"alt": "media", "supportsAllDrives": "true"}),
                      {"authorization": f"Bearer emulator:{who}"}, b"", base_url=request.host_url, internal=True)
    if answer.status >= 400:
        error = json.loads(answer.body or b"{}").get("error", {})
        return error_page(ApiError(answer.status, error))
    name = api("GET", f"/drive/v3/files/{quote(file_id, safe='')}", {"fields": "name", **ALL_DRIVES})["name"]
    # Always an attachment: uploaded HTML shown inline would run on the emulator's origin.
    return Response(answer.body, content_type=answer.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff"})
