"""What a request's view needs, made on demand (STYLE.md: never at import time):
the configuration, a ``Workspace`` of its own (httplib2 is not thread-safe, and
gunicorn may serve requests on threads), the templates (read once per process)."""

from __future__ import annotations

import datetime
import functools

from flask import current_app, g

from ..workspace import CallCounter, Workspace
from ..workspace.credentials import service_credentials


def config():
    return current_app.config["CAS"]


def workspace() -> Workspace:
    """This request's gateways, on the process's credentials: made once, their
    tokens are refreshed as they expire instead of fetched again for every request
    (in production each fetch is an IAM signBlob and a token exchange)."""
    if "cas_workspace" not in g:
        identities = current_app.extensions.get("cas_identities")
        if identities is None:
            made = Workspace.from_config(config())
            made.service_credentials = service_credentials(config())
            identities = current_app.extensions.setdefault("cas_identities", made)
        g.cas_workspace = identities.sibling(CallCounter())   # this request's calls only
    return g.cas_workspace


@functools.lru_cache(maxsize=1)
def templates():
    from ..templates import load_templates
    return load_templates()


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def today() -> datetime.date:
    return now().date()


def calls() -> dict:
    """The API calls this request made, by method."""
    return dict(g.cas_workspace.counter.as_dict()["calls"]) if "cas_workspace" in g else {}
