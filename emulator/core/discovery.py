"""The discovery documents shipped in google-api-python-client, used as the spec.

Routes are built from each method's ``path`` (joined to the API's ``servicePath``),
so the emulator answers at Google's own paths. Path parameters are matched against
the raw, still percent-encoded request path: a Sheets range such as ``'My tab'!A1:B2``
arrives encoded and may contain ``:`` or ``/`` once decoded.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import googleapiclient

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"

# The APIs the emulator serves, by discovery document name.
SERVED_APIS = ("drive.v3", "sheets.v4", "forms.v1", "classroom.v1", "gmail.v1", "cloudtasks.v2",
               "secretmanager.v1")
# Single methods of other documents, served for what a widely used client needs of
# them, at Google's paths: Drive v2's files.update, whose media upload with
# convert=true is gspread's import_csv. Their IDs carry the version
# (``drive.v2.files.update``), as v2 and v3 share method IDs.
PARTLY_SERVED = {"drive.v2": ("drive.files.update",)}


@dataclass
class Method:
    id: str
    api: str               # "drive", "sheets", ...
    http_method: str
    path: str              # full path template, no leading slash
    parameters: dict       # method parameters merged with the document's standard ones
    request_ref: str | None
    doc: "Document"
    media_path: str | None = None
    regex: re.Pattern = field(default=None, repr=False)
    media_regex: re.Pattern | None = field(default=None, repr=False)


@dataclass
class Document:
    name: str
    raw: dict

    @property
    def schemas(self) -> dict:
        return self.raw.get("schemas", {})


def _template_regex(template: str, parameters: dict | None = None) -> re.Pattern:
    """A template's regex. A parameter with a ``pattern`` matches only that pattern:
    Cloud Tasks' methods share ``v2/{+name}`` and differ only by the name's shape
    (``projects/*/locations/*/queues/*`` or ``.../tasks/*``), as Google routes them."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\+?)([A-Za-z0-9_.]+)\}", template):
        out.append(re.escape(template[pos:m.start()]))
        name = m.group(2).replace(".", "__")
        pattern = ((parameters or {}).get(m.group(2)) or {}).get("pattern")
        if pattern:
            out.append(f"(?P<{name}>{pattern.removeprefix('^').removesuffix('$')})")
        else:
            out.append(f"(?P<{name}>.+)" if m.group(1) else f"(?P<{name}>[^/]+)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("^/" + "".join(out) + "$")


def _walk(resource: dict):
    for method in resource.get("methods", {}).values():
        yield method
    for child in resource.get("resources", {}).values():
        yield from _walk(child)


@functools.cache
def load(name: str) -> Document:
    return Document(name, json.loads((DOCUMENTS / f"{name}.json").read_text()))


@functools.cache
def methods() -> dict[str, Method]:
    """Every method of every served API (and the few partly served), by method ID."""
    found = {}
    for name in SERVED_APIS + tuple(PARTLY_SERVED):
        doc = load(name)
        standard = doc.raw.get("parameters", {})
        service_path = doc.raw["servicePath"]
        for m in _walk(doc.raw):
            method_id = m["id"]
            if name in PARTLY_SERVED:
                if method_id not in PARTLY_SERVED[name]:
                    continue
                api = doc.raw["name"]
                method_id = f"{api}.{doc.raw['version']}.{method_id[len(api) + 1:]}"
            path = service_path + m["path"]
            media = m.get("mediaUpload", {}).get("protocols", {}).get("simple", {}).get("path")
            method = Method(
                id=method_id, api=doc.raw["name"], http_method=m["httpMethod"], path=path,
                parameters={**standard, **m.get("parameters", {})},
                request_ref=(m.get("request") or {}).get("$ref"), doc=doc,
                media_path=media.lstrip("/") if media else None)
            method.regex = _template_regex(path, method.parameters)
            if method.media_path:
                method.media_regex = _template_regex(method.media_path)
            found[method.id] = method
    return found


def route(http_method: str, raw_path: str) -> tuple[Method, dict, bool] | None:
    """Find the method for a request: (method, decoded path parameters, is_upload)."""
    candidates = []
    for method in methods().values():
        if method.http_method != http_method:
            continue
        for regex, upload in ((method.regex, False), (method.media_regex, True)):
            if regex is None:
                continue
            m = regex.match(raw_path)
            if m:
                params = {k.replace("__", "."): unquote(v) for k, v in m.groupdict().items()}
                # Prefer the most literal template (files/generateIds over files/{fileId}).
                literal = len(re.sub(r"\{[^}]+\}", "", method.path))
                candidates.append((literal, method, params, upload))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    _, method, params, upload = candidates[0]
    return method, params, upload
