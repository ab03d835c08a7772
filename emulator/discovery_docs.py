"""The discovery documents, served where Google serves them, so a client that builds
itself from a live document (``googleapiclient.discovery.build(...,
static_discovery=False)``, Google's own samples) starts against the emulator.

Google serves each API's document at two addresses, the ones google-api-python-client
tries in turn (``DISCOVERY_URI`` and ``V2_DISCOVERY_URI`` in googleapiclient/discovery.py):

- ``https://www.googleapis.com/discovery/v1/apis/{api}/{version}/rest``;
- ``https://{api}.googleapis.com/$discovery/rest?version={version}``, on the API's own host.

The documents are the ones google-api-python-client ships (the emulator's spec,
``core/discovery.py``), for the APIs the emulator serves; any other API is 404, which
the client reads as "try the next address" and then ``UnknownApiNameOrVersion``.
No credentials are needed, as with Google, and these reads are not API calls: they
are neither counted nor subject to faults.

``rootUrl`` is where a client built from the document sends its calls. Asked on a
Google host (a proxy that keeps the ``Host`` header), the document is Google's, byte
for byte. Asked on the emulator's own host, ``rootUrl`` (and ``mtlsRootUrl``,
``baseUrl``) name that host, the way link fields are moved (``core/links.py``):
otherwise a sample whose discovery URL was pointed at the emulator would send its
calls to Google. ``servicePath``, ``batchPath`` and every method path stay Google's,
and ``client_options={"api_endpoint": ...}`` still overrides ``rootUrl`` as usual.

On the emulator's host, ``$discovery/rest`` cannot tell which API is meant unless the
host's first label names it (``forms.localhost:PORT``) or the version alone does
(``v3`` is Drive, ``v4`` Sheets); otherwise it is 404 naming the addresses that work.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from .core import discovery
from .core.errors import not_found

discovery_docs = Blueprint("discovery_docs", __name__)

JSON = "application/json; charset=UTF-8"


def _served() -> dict[tuple[str, str], str]:
    """(api name, version) -> document name, for the APIs the emulator serves."""
    out = {}
    for name in discovery.SERVED_APIS:
        raw = discovery.load(name).raw
        out[(raw["name"], raw["version"])] = name
    return out


@discovery_docs.get("/discovery/v1/apis/<api>/<version>/rest")
def v1_document(api: str, version: str):
    """https://developers.google.com/discovery/v1/reference/apis/getRest"""
    name = _served().get((api, version))
    if name is None:
        return _not_found(f"No discovery document for {api} {version}: the emulator serves "
                          + ", ".join(f"{a} {v}" for a, v in sorted(_served())) + ".")
    return _document(name)


@discovery_docs.get("/$discovery/rest")
def host_document():
    """The document of the API whose host was asked (``forms.googleapis.com``)."""
    version = request.args.get("version", "")
    served = _served()
    label = request.host.split(":")[0].split(".")[0].lower()
    named = {(a, v): n for (a, v), n in served.items() if a == label}
    if named:
        choices = {k: n for k, n in named.items() if not version or k[1] == version}
    else:
        choices = {k: n for k, n in served.items() if k[1] == version}
    if len(choices) == 1:
        return _document(next(iter(choices.values())))
    where = f"{request.host_url}discovery/v1/apis/{{api}}/{{version}}/rest"
    return _not_found(f"This host does not name an API and version {version or '(none)'} is "
                      f"not one API's: ask {where}, or a host whose first label is the API "
                      f"({label if named else 'forms'}.localhost:{request.host.partition(':')[2]}).")


def _document(name: str) -> Response:
    raw = discovery.load(name).raw
    host = request.host.split(":")[0].lower()
    if not host.endswith(".googleapis.com"):
        raw = _on_host(raw, request.host_url)
    return Response(json.dumps(raw, indent=1), status=200, content_type=JSON)


def _on_host(raw: dict, base_url: str) -> dict:
    """A copy whose calls go to ``base_url`` (see the module docstring)."""
    out = dict(raw)
    out["rootUrl"] = base_url
    if "mtlsRootUrl" in out:
        out["mtlsRootUrl"] = base_url
    if "baseUrl" in out:
        out["baseUrl"] = base_url + raw.get("servicePath", "")
    return out


def _not_found(message: str) -> Response:
    err = not_found(message)
    return Response(json.dumps(err.envelope(), indent=2), status=404, content_type=JSON)
