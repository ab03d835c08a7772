"""Who is calling: ``Authorization: Bearer emulator:<email>`` acts as that user
(DESIGN.md §6). Tokens minted by the OAuth endpoint map to their subject."""

from __future__ import annotations

import re

from .errors import GoogleApiError, unauthenticated

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def user_from(authorization: str | None, world) -> str:
    if not authorization:
        raise unauthenticated()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise unauthenticated()
    token = token.strip()
    if token.startswith("emulator:"):
        email = token[len("emulator:"):].strip().lower()
        if _EMAIL.match(email):
            return email
    subject = world.oauth.subject_of(token)
    if subject:
        return subject
    raise GoogleApiError(401, "Request had invalid authentication credentials. Expected "
                         "OAuth 2 access token, login cookie or other valid authentication "
                         "credential.", "authError", location="Authorization",
                         location_type="header")
