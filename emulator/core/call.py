"""One API call as a handler sees it, and the registry of handlers by method ID."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .discovery import Method

HANDLERS: dict[str, Callable] = {}


def handles(method_id: str):
    """Register a handler for a discovery method ID, e.g. ``drive.files.get``."""
    def register(fn):
        HANDLERS[method_id] = fn
        return fn
    return register


@dataclass
class Media:
    """A non-JSON answer (``alt=media`` downloads)."""
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class Call:
    method: Method
    params: dict            # typed path and query parameters
    body: dict | None       # parsed JSON body (metadata part of an upload)
    user: str               # the acting user's email
    world: object
    media: bytes | None = None
    media_type: str | None = None
    headers: dict = field(default_factory=dict)
    # Handlers that apply ``fields`` themselves (to honour a default mask) set this.
    fields_applied: bool = False

    def param(self, name: str, default=None):
        return self.params.get(name, default)
