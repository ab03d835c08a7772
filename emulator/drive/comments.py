"""``comments``: create, list, get, delete (https://developers.google.com/workspace/drive/api/reference/rest/v3/comments,
https://developers.google.com/workspace/drive/api/guides/manage-comments).

A comment keeps what the caller wrote (``content``, ``anchor``, ``quotedFileContent``),
who wrote it and when, and whether it was resolved or deleted. Anyone who can see the
file reads its comments; commenters and above add them ("commenter" is the role that
comments, ref-roles). A deleted comment stays, with ``deleted: true`` and no content
("A deleted comment has no content"), and is listed or read only with
``includeDeleted``. The author is given without email address or permission ID, as
the Comment resource says ("The author's email address and permission ID will not be
populated").

``files.copy`` does not copy comments: "there is no way to preserve comment using
Copy API" (knative/community#346, 2020), which is why gspread's ``copy`` lists the
original's comments and creates them again on the copy.
"""

from __future__ import annotations

import base64
import html

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden, not_found
from . import restrictions
from .common import display_name, new_id, rank

DEFAULT_PAGE, MAX_PAGE = 20, 100
# What a comments.create body may set; the rest of a Comment is Drive's to fill in.
WRITABLE = ("content", "anchor", "quotedFileContent")


def comment_not_found(comment_id: str) -> GoogleApiError:
    return not_found(f"Comment not found: {comment_id}.", location="commentId",
                     location_type="parameter")


def _invalid(parameter: str) -> GoogleApiError:
    return GoogleApiError(400, "Invalid Value", "invalid", location=parameter,
                          location_type="parameter")


class CommentsMixin:
    """Comments of the Drive store (``self.comments``: file ID -> [comment])."""

    def comments_create(self, user: str, file_id: str, body: dict) -> dict:
        fid = self.resolve_id(user, file_id)
        self.require(user, fid, "reader")
        if rank(self.role_of(user, fid)) < rank("commenter") or \
                restrictions.is_read_only(self.files[fid]):   # "comments may not be added"
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        if not (body.get("content") or "").strip():
            raise bad_request("The comment content is required.", "required",
                              location="content", location_type="other")
        t = clock.stamp()
        comment = {"kind": "drive#comment", "id": new_id()[:12], "createdTime": t,
                   "modifiedTime": t, "_author": user, "deleted": False, "resolved": False,
                   "replies": []}
        for key in WRITABLE:
            if body.get(key) is not None:
                comment[key] = body[key]
        self.comments.setdefault(fid, []).append(comment)
        return comment

    def comments_list(self, user: str, file_id: str, page_size: int | None = None,
                      page_token: str | None = None, include_deleted: bool = False,
                      start_modified_time: str | None = None) -> dict:
        fid = self.resolve_id(user, file_id)
        self.require(user, fid, "reader")
        size = DEFAULT_PAGE if page_size is None else page_size
        if not 1 <= size <= MAX_PAGE:  # "Acceptable values are 1 to 100, inclusive"
            raise _invalid("pageSize")
        since = None
        if start_modified_time:
            try:
                since = clock.parse(start_modified_time)
            except ValueError:
                raise _invalid("startModifiedTime") from None
        shown = [c for c in self.comments.get(fid, [])
                 if (include_deleted or not c["deleted"])
                 and (since is None or clock.parse(c["modifiedTime"]) >= since)]
        start = _offset(fid, page_token) if page_token else 0
        out = {"kind": "drive#commentList", "comments": shown[start:start + size]}
        if start + size < len(shown):
            out["nextPageToken"] = _token(fid, start + size)
        return out

    def comments_get(self, user: str, file_id: str, comment_id: str,
                     include_deleted: bool = False) -> dict:
        fid = self.resolve_id(user, file_id)
        self.require(user, fid, "reader")
        comment = self._comment(fid, comment_id)
        if comment["deleted"] and not include_deleted:
            raise comment_not_found(comment_id)
        return comment

    def comments_delete(self, user: str, file_id: str, comment_id: str) -> None:
        """Its author deletes a comment, and so does anyone who may edit the file
        (the emulator's reading: the reference does not say who may)."""
        fid = self.resolve_id(user, file_id)
        self.require(user, fid, "reader")
        comment = self._comment(fid, comment_id)
        if comment["deleted"]:
            raise comment_not_found(comment_id)
        if comment["_author"] != user and rank(self.role_of(user, fid)) < rank("writer"):
            raise forbidden("The user does not have sufficient permissions for this file.",
                            "insufficientFilePermissions")
        comment["deleted"] = True
        comment["modifiedTime"] = clock.stamp()
        for key in ("content", "quotedFileContent"):
            comment.pop(key, None)

    def _comment(self, file_id: str, comment_id: str) -> dict:
        for comment in self.comments.get(file_id, []):
            if comment["id"] == comment_id:
                return comment
        raise comment_not_found(comment_id)


def comment_resource(comment: dict, viewer: str) -> dict:
    """The Comment as a caller reads it: the author without email or permission ID,
    ``htmlContent`` beside the plain ``content``."""
    out = {k: v for k, v in comment.items() if not k.startswith("_")}
    author = comment["_author"]
    out["author"] = {"kind": "drive#user", "displayName": display_name(author),
                     "me": author == viewer}
    if "content" in out:
        out["htmlContent"] = html.escape(out["content"]).replace("\n", "<br>")
    return out


def _token(file_id: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{file_id}:{offset}".encode()).decode().rstrip("=")


def _offset(file_id: str, token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        fid, _, offset = raw.rpartition(":")
        if fid != file_id or not offset.isdigit():
            raise ValueError
        return int(offset)
    except (ValueError, UnicodeDecodeError):
        raise _invalid("pageToken") from None
