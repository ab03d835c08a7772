"""A Google Doc as its reader sees it (docs.google.com/document/d/ID/edit, the Doc's
``webViewLink``): its title, owner and last change, and its content.

Read as the signed-in person with files.get and files.export (text/html), so access
is Drive's: an anonymous visitor is asked to sign in (401); someone signed in who
may not read an existing Doc gets Google's "You need access" page (403) with
nothing of the Doc on it; a Doc that does not exist is "Not found". The content is
the Doc's sanitised HTML (drive/documents.py), shown in a sandboxed frame without
scripts, under a Content-Security-Policy that fetches nothing. The page only reads:
there is no editor (a Doc changes through files.update with new media).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import redirect, request
from werkzeug.datastructures import MultiDict

from ..core.dispatch import dispatch
from ..drive.common import DOCUMENT
from . import ApiError, api, error_page, pages, render, signed_in, world
from .mail import SANDBOX_HEAD

FIELDS = ("id,name,mimeType,webViewLink,modifiedTime,capabilities(canEdit,canModifyContent),"
          "contentRestrictions(readOnly,reason),"
          "owners(displayName,emailAddress),lastModifyingUser(displayName)")
# How the content reads in its frame: a page of a document.
PAGE_STYLE = ("<style>body{font-family:Arial,sans-serif;font-size:11pt;line-height:1.5;"
              "max-width:48rem;margin:1.5rem auto;padding:0 1.5rem;color:#202124}"
              "table{border-collapse:collapse}td,th{border:1px solid #dadce0;padding:.25rem .5rem}"
              "</style>")


def _exists(file_id: str) -> bool:
    """Whether the Doc exists, which Google's refusal page tells a person who may not
    read it (the API answers both cases with the same 404)."""
    with world().lock:
        found = world().drive.files.get(file_id)
    return found is not None and found["mimeType"] == DOCUMENT


def _content(file_id: str, who: str) -> str:
    """The Doc as HTML, exported as the person."""
    answer = dispatch(world(), "GET", f"/drive/v3/files/{quote(file_id, safe='')}/export",
                      MultiDict({"mimeType": "text/html"}),
                      {"authorization": f"Bearer emulator:{who}"}, b"",
                      base_url=request.host_url, internal=True)
    if answer.status >= 400:
        raise ApiError(answer.status, json.loads(answer.body or b"{}").get("error", {}))
    return answer.body.decode("utf-8")


@pages.get("/document/d/<file_id>/edit")
def document(file_id):
    who = signed_in()
    try:
        found = api("GET", f"/drive/v3/files/{quote(file_id, safe='')}",
                    {"fields": FIELDS, "supportsAllDrives": True})
        if found["mimeType"] != DOCUMENT:
            return redirect(found["webViewLink"])
        content = _content(found["id"], who)
    except ApiError as err:
        if err.status == 404 and who and _exists(file_id):
            return render("document_denied.html"), 403
        return error_page(err)
    # A read-only restriction (drive/restrictions.py) makes it view-only for everyone.
    capabilities = found["capabilities"]
    locked = next((r for r in found.get("contentRestrictions") or () if r.get("readOnly")), None)
    return render("document.html", doc=found, locked=locked,
                  can_edit=capabilities["canEdit"] and capabilities.get("canModifyContent", True),
                  srcdoc=SANDBOX_HEAD + PAGE_STYLE + content)


@pages.get("/document/d/<file_id>")
def document_short(file_id):
    return redirect(f"/document/d/{quote(file_id, safe='')}/edit")
