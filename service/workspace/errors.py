"""Our own errors for Google's answers, so nothing outside ``service/workspace/``
sees googleapiclient's ``HttpError`` or gspread's ``APIError``.

Google's error envelope (https://cloud.google.com/apis/design/errors#http_mapping)
is ``{"error": {"code", "message", "status", "errors": [{"domain", "reason",
"message"}], "details": [...]}}``. The *reason* says more than the status: Drive
answers 403 both for "you may not" (``insufficientFilePermissions``) and for "slow
down" (``userRateLimitExceeded``), so the class is chosen from status and reason
together, and the reason is kept on the error for whoever reports it.
"""

from __future__ import annotations

import json

# Reasons of a 403 that mean "too fast", not "not allowed": Drive's answer to a
# user or project over its per-minute quota
# (https://developers.google.com/drive/api/guides/handle-errors#resolve_a_403_error_usage_limit_exceeded).
RATE_LIMIT_REASONS = frozenset({"userRateLimitExceeded", "rateLimitExceeded"})


class WorkspaceError(Exception):
    """A Google API call failed. ``status`` is the HTTP status (0 when no answer
    came), ``reason`` Google's reason (``notFound``, ``userRateLimitExceeded``...)
    or, when Google gave none, its status name (``NOT_FOUND``), ``method`` the
    discovery method ID of the call (``drive.files.get``)."""

    def __init__(self, status: int, reason: str, message: str, method: str = "",
                 retry_after: float | None = None):
        super().__init__(f"{method or 'Google API'}: {status} {reason}: {message}")
        self.status, self.reason, self.message, self.method = status, reason, message, method
        self.retry_after = retry_after  # seconds Google asked us to wait, if it said


class InvalidArgument(WorkspaceError):
    """400: the request is malformed or names something invalid."""


class FailedPrecondition(WorkspaceError):
    """400/412 FAILED_PRECONDITION: valid, but not in the resource's current state
    (a Forms revision that moved on, an announcement already published)."""


class Unauthenticated(WorkspaceError):
    """401: the credentials were refused."""


class PermissionDenied(WorkspaceError):
    """403 other than a rate limit: the acting user may not do this."""


class NotFound(WorkspaceError):
    """404: no such thing, or (Drive, Forms, Classroom) the acting user may not see it:
    those APIs do not say which. Sheets does: a spreadsheet that exists but is not
    shared with the acting user is a 403 ``PermissionDenied``."""


class Conflict(WorkspaceError):
    """409: it already exists, or a concurrent change won."""


class RateLimited(WorkspaceError):
    """429, or Drive's rate-limit 403: retryable after a wait."""


class Unavailable(WorkspaceError):
    """5xx, or no answer at all: Google's side failed."""


def error_class(status: int, reason: str, status_name: str = "") -> type[WorkspaceError]:
    if status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS):
        return RateLimited
    if status_name == "FAILED_PRECONDITION" or status == 412:
        return FailedPrecondition
    if status >= 500 or status == 0:
        return Unavailable
    return {400: InvalidArgument, 401: Unauthenticated, 403: PermissionDenied,
            404: NotFound, 409: Conflict}.get(status, WorkspaceError)


def parse_envelope(content: bytes | str) -> tuple[str, str, str]:
    """``(reason, status name, message)`` from Google's error body; blanks when it
    is not JSON (a proxy's HTML page, say)."""
    try:
        error = json.loads(content)["error"]
    except (ValueError, TypeError, KeyError):
        return "", "", (content.decode("utf-8", "replace") if isinstance(content, bytes)
                        else str(content or ""))[:300]
    if not isinstance(error, dict):  # OAuth's {"error": "invalid_grant", ...}
        return str(error), "", ""
    status_name = error.get("status", "")
    reason = ""
    for entry in error.get("errors") or []:
        reason = entry.get("reason", "")
        if reason:
            break
    if not reason:  # the newer envelope keeps it in an ErrorInfo detail
        for detail in error.get("details") or []:
            if isinstance(detail, dict) and detail.get("@type", "").endswith("ErrorInfo"):
                reason = detail.get("reason", "")
                break
    return reason or status_name, status_name, error.get("message", "")


def from_response(status: int, content: bytes | str, method: str,
                  retry_after: float | None = None) -> WorkspaceError:
    """Our error for an HTTP answer with Google's error envelope."""
    reason, status_name, message = parse_envelope(content)
    return error_class(status, reason, status_name)(status, reason, message, method, retry_after)
