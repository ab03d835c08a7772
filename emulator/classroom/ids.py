"""Classroom's identifiers and links: decimal IDs, base64 link parts, domains."""

from __future__ import annotations

import base64
import hashlib

CLASSROOM = "https://classroom.google.com"


def derived_id(kind: str, key: str, digits: int) -> str:
    """A stable numeric ID (Classroom's IDs are decimal strings) for a fixture entry,
    so loading the same fixture twice gives the same IDs."""
    number = int(hashlib.sha256(f"{kind}:{key}".encode()).hexdigest(), 16)
    return "1" + str(number % 10 ** (digits - 1)).zfill(digits - 1)


def link_part(identifier: str) -> str:
    """Classroom's web links carry IDs base64-encoded: /c/<course>/p/<post>."""
    return base64.b64encode(identifier.encode()).decode().rstrip("=")


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()
