"""Classroom's errors, worded as Google answers them.

Classroom is a newer (ESF-fronted) API: its messages are the canonical ones of
google.rpc codes, and its precondition and access errors carry a ``@Code`` prefix
(https://developers.google.com/workspace/classroom/troubleshooting/common-errors,
https://developers.google.com/workspace/classroom/reference/Access.Errors).
Classroom answers FAILED_PRECONDITION with HTTP 400, not 412.
"""

from __future__ import annotations

from ..core.errors import GoogleApiError


def not_found() -> GoogleApiError:
    return GoogleApiError(404, "Requested entity was not found.", "notFound")


def permission_denied(message: str = "The caller does not have permission") -> GoogleApiError:
    return GoogleApiError(403, message, "forbidden")


def project_permission_denied() -> GoogleApiError:
    """Only the developer project that created an item may modify it."""
    return permission_denied("@ProjectPermissionDenied The Developer Console project is not "
                             "permitted to make this request.")


def cannot_direct_add_user() -> GoogleApiError:
    return permission_denied("@CannotDirectAddUser Unable to directly add the user to the "
                             "course. Please check that the user account exists and is within "
                             "the course admin's domain.")


def invalid_argument(message: str = "Request contains an invalid argument.") -> GoogleApiError:
    return GoogleApiError(400, message, "badRequest")


def already_exists() -> GoogleApiError:
    return GoogleApiError(409, "Requested entity already exists", "alreadyExists",
                          status="ALREADY_EXISTS")


def failed_precondition(code: str, message: str) -> GoogleApiError:
    return GoogleApiError(400, f"@{code} {message}", "failedPrecondition",
                          status="FAILED_PRECONDITION")


def course_not_modifiable() -> GoogleApiError:
    return failed_precondition("CourseNotModifiable", "The course is not modifiable.")


def precondition_check_failed() -> GoogleApiError:
    """FAILED_PRECONDITION without a documented ``@Code`` (the canonical message)."""
    return GoogleApiError(400, "Precondition check failed.", "failedPrecondition",
                          status="FAILED_PRECONDITION")
