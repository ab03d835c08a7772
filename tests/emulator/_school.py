"""Helpers of the Classroom and Gmail tests (the ``school`` fixture is in conftest.py)."""

from __future__ import annotations

import json

COORDINATOR = "coordinator@demo-school.example"
ADMIN = "admin@demo-school.example"


def google_error(caught) -> dict:
    """The ``error`` object of Google's envelope, from a caught HttpError."""
    return json.loads(caught.value.content)["error"]
