"""Google's error envelope, in one place.

Every API answers errors as ``{"error": {"code", "message", "status", "errors": [...]}}``
(https://cloud.google.com/apis/design/errors). Handlers raise a ``GoogleApiError``;
the adapter in ``emulator.app`` renders it once.
"""

from __future__ import annotations

STATUS_BY_CODE = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


class GoogleApiError(Exception):
    """An error Google would answer, with its HTTP code, status and reason."""

    def __init__(self, code: int, message: str, reason: str = "badRequest", *,
                 status: str | None = None, domain: str = "global",
                 location: str | None = None, location_type: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        self.status = status or STATUS_BY_CODE.get(code, "UNKNOWN")
        self.domain = domain
        self.location = location
        self.location_type = location_type
        self.headers = headers or {}

    def envelope(self) -> dict:
        detail = {"domain": self.domain, "reason": self.reason, "message": self.message}
        if self.location:
            detail["location"] = self.location
            detail["locationType"] = self.location_type or "parameter"
        return {"error": {"code": self.code, "message": self.message,
                          "status": self.status, "errors": [detail]}}


def bad_request(message: str, reason: str = "badRequest", **kw) -> GoogleApiError:
    return GoogleApiError(400, message, reason, **kw)


def invalid_argument(message: str) -> GoogleApiError:
    """The wording Sheets (and every ESF-fronted API) uses for a bad request."""
    return GoogleApiError(400, message, "badRequest")


def not_found(message: str, reason: str = "notFound", **kw) -> GoogleApiError:
    return GoogleApiError(404, message, reason, **kw)


def forbidden(message: str, reason: str = "forbidden", **kw) -> GoogleApiError:
    return GoogleApiError(403, message, reason, **kw)


def unauthenticated() -> GoogleApiError:
    return GoogleApiError(
        401,
        "Request is missing required authentication credential. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential.",
        "required", location="Authorization", location_type="header")


def not_implemented(method_id: str) -> GoogleApiError:
    return GoogleApiError(501, f"Method {method_id} is not implemented by the emulator.",
                          "notImplemented")
