"""Google's resumable upload protocol (``uploadType=resumable``), for any method whose
discovery document supports media upload (https://developers.google.com/drive/api/guides/manage-uploads#resumable):

1. The method's own request on its ``/upload`` path with ``uploadType=resumable``:
   the metadata as a JSON body, ``X-Upload-Content-Type`` and (optionally)
   ``X-Upload-Content-Length`` headers. The answer is 200 with no body and the
   session URI in ``Location``: the same URL with an ``upload_id``.
2. ``PUT`` to the session URI with bytes and ``Content-Range: bytes FIRST-LAST/TOTAL``
   (``/*`` while the total is unknown). Until the last byte, the answer is 308
   "Resume Incomplete" with ``Range: bytes=0-LAST`` of what is kept (no ``Range``
   before the first byte). Chunks other than the last are kept in whole 256 KiB
   units ("create chunks in multiples of 256 KB", the guide; Drive was seen keeping
   2,359,296 of a 2,500,000-byte chunk), and a chunk that starts past what is kept
   is refused with Google's 503 "Invalid request.  According to the Content-Range
   header, the upload offset is N byte(s), which exceeds already uploaded size of
   M byte(s)." Bytes already kept that a chunk repeats are skipped.
3. ``PUT`` with no bytes and ``Content-Range: bytes */TOTAL`` asks for the status:
   308 with ``Range`` while incomplete, the method's answer once complete.

The last byte completes the upload: the method runs as if the whole media had come
in one request (``core.dispatch`` does that). What can be refused without the bytes
(the file, the caller's access, an import the media type cannot make) is refused
when the session starts, by the API's check registered with ``before_upload``. Sessions are a store of their own, so
they survive a restart with ``--data``, and expire after a week, as Google's do.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from . import clock
from .errors import GoogleApiError, bad_request, not_found

UNIT = 256 * 1024
LIFETIME = dt.timedelta(days=7)
_RANGE = re.compile(r"^bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)$")

# Checks run when a session starts, by method ID: called with the Call (no media yet;
# ``media_type`` is the X-Upload-Content-Type); they raise GoogleApiError to refuse.
BEFORE_UPLOAD: dict = {}


def before_upload(method_id: str):
    def register(fn):
        BEFORE_UPLOAD[method_id] = fn
        return fn
    return register


class OffsetBeyondUpload(GoogleApiError):
    """A chunk that starts past the bytes kept: Google's upload server answers 503
    with a plain-text body (not the JSON envelope)."""

    def __init__(self, offset: int, kept: int):
        super().__init__(503, f"Invalid request.  According to the Content-Range header, the "
                              f"upload offset is {offset} byte(s), which exceeds already uploaded "
                              f"size of {kept} byte(s).", "backendError")


class UploadSessions:
    """The open upload sessions, by upload ID (a store: plain dicts, ``reset``,
    ``snapshot``/``load``)."""

    def __init__(self, world):
        self.world = world
        self.reset()

    def reset(self) -> None:
        self.sessions: dict[str, dict] = {}

    def snapshot(self) -> dict:
        return {"sessions": self.sessions}

    def load(self, state: dict) -> None:
        self.sessions = state["sessions"]

    def start(self, method_id: str, params: dict, metadata, user: str,
              media_type: str | None, total: str | None) -> str:
        """Open a session for a call whose media will follow; return its upload ID."""
        now = clock.now()
        for upload_id in [u for u, s in self.sessions.items() if now - clock.parse(s["created"]) > LIFETIME]:
            del self.sessions[upload_id]
        upload_id = secrets.token_urlsafe(48)
        self.sessions[upload_id] = {
            "method": method_id, "params": params, "metadata": metadata, "user": user,
            "mediaType": media_type or "application/octet-stream",
            "total": int(total) if total and total.isdigit() else None,
            "received": b"", "created": clock.rfc3339(now), "answer": None}
        return upload_id

    def get(self, upload_id: str) -> dict:
        session = self.sessions.get(upload_id)
        if session is None or clock.now() - clock.parse(session["created"]) > LIFETIME:
            raise not_found("Upload session not found or expired: start the upload again.")
        return session

    def put(self, upload_id: str, content_range: str | None, body: bytes) -> bytes | None:
        """Take one PUT to the session: the whole media when it is complete, else None
        (``kept`` then says how many bytes are kept)."""
        session = self.get(upload_id)
        received = session["received"]
        if content_range is None:  # the whole media in one request
            first, last, total = 0, len(body) - 1, len(body)
        else:
            m = _RANGE.match(content_range.strip())
            if not m:
                raise bad_request("Failed to parse Content-Range header.")
            first, last = (int(m.group(1)), int(m.group(2))) if m.group(1) else (None, None)
            total = None if m.group(3) == "*" else int(m.group(3))
        if total is not None:
            session["total"] = total
        if first is None:  # a status query
            return received if total is not None and len(received) == total else None
        if first > len(received):
            raise OffsetBeyondUpload(first, len(received))
        if last - first + 1 != len(body) or (total is not None and last >= total):
            raise bad_request("The Content-Range header does not match the bytes sent.")
        received += body[len(received) - first:]
        if total is not None and len(received) >= total:
            session["received"] = received[:total]
            return session["received"]
        session["received"] = received[:len(received) // UNIT * UNIT]
        return None

    def finish(self, upload_id: str, answer: dict) -> None:
        """Keep the method's answer (for a status query after the last chunk's answer
        was lost), and let go of the bytes."""
        session = self.sessions[upload_id]
        session["answer"], session["received"] = answer, b""

    @staticmethod
    def kept(session: dict) -> int:
        return len(session["received"])
