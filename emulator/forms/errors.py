"""The errors the Forms API answers with, in one place (its front end words them
like every ESF-fronted API: "Requested entity was not found.")."""

from __future__ import annotations

from ..core.errors import GoogleApiError


def forms_not_found() -> GoogleApiError:
    return GoogleApiError(404, "Requested entity was not found.", "notFound")


def forms_forbidden() -> GoogleApiError:
    return GoogleApiError(403, "The caller does not have permission", "forbidden")
