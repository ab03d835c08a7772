"""Classroom's list paging: ``pageSize`` and an opaque ``nextPageToken``.

Google documents that a page token is only valid for a request "otherwise identical
to the one that resulted in this token"; the token carries a fingerprint of that
request, and a token used with another request (or a forged one) is INVALID_ARGUMENT.
"""

from __future__ import annotations

import base64
import hashlib
import json

from .errors import invalid_argument


def page(items: list, page_size: int | None, page_token: str | None, request_key: str,
         default_size: int, max_size: int | None = None) -> tuple[list, str | None]:
    """One page of ``items`` and the token of the next page (None on the last)."""
    if page_size is not None and page_size < 0:
        raise invalid_argument()
    size = page_size or default_size
    if max_size:
        size = min(size, max_size)
    fingerprint = hashlib.sha256(request_key.encode()).hexdigest()[:16]
    start = _offset(page_token, fingerprint) if page_token else 0
    end = start + size
    token = None
    if end < len(items):
        token = base64.urlsafe_b64encode(
            json.dumps({"o": end, "k": fingerprint}).encode()).decode().rstrip("=")
    return items[start:end], token


def _offset(token: str, fingerprint: str) -> int:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset, key = int(decoded["o"]), decoded["k"]
    except (ValueError, KeyError, TypeError):
        raise invalid_argument() from None
    if key != fingerprint or offset < 0:
        raise invalid_argument()
    return offset
