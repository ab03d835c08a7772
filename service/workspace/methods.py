"""Which discovery method a raw HTTP call is, from its HTTP method and URL.

gspread calls URLs, not discovery methods; to count its calls under the same
names as everything else (``sheets.spreadsheets.values.batchGet``), each URL is
matched against the paths of the discovery documents google-api-python-client
ships. Templates like ``{range}`` match one path segment, ``{+name}`` several;
when two paths match, the one with more literal text wins
(``values/{range}:append`` over ``values/{range}``).
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlsplit

from googleapiclient.discovery_cache import get_static_doc

# The APIs gspread reaches, on the hosts it uses.
_APIS = (("sheets", "v4"), ("drive", "v3"))
_TEMPLATE = re.compile(r"\{(\+?)[^}]+\}")


@functools.lru_cache(maxsize=None)
def _routes() -> list[tuple[int, str, re.Pattern, str]]:
    routes = []
    for api, version in _APIS:
        doc = json.loads(get_static_doc(api, version))

        def walk(resource: dict):
            for method in resource.get("methods", {}).values():
                paths = [doc["servicePath"] + method.get("flatPath", method["path"])]
                upload = method.get("mediaUpload", {}).get("protocols", {}).get("simple", {})
                if upload.get("path"):
                    paths.append(upload["path"].lstrip("/"))
                for path in paths:
                    literal, pattern, last = 0, "", 0
                    for found in _TEMPLATE.finditer(path):
                        text = path[last:found.start()]
                        literal += len(text)
                        pattern += re.escape(text) + ("(?:.+)" if found.group(1) else "(?:[^/]+)")
                        last = found.end()
                    literal += len(path) - last
                    pattern += re.escape(path[last:])
                    routes.append((literal, method["httpMethod"], re.compile(pattern + "$"),
                                   method["id"]))
            for child in resource.get("resources", {}).values():
                walk(child)

        walk(doc)
    routes.sort(key=lambda route: -route[0])
    return routes


def method_id(http_method: str, url: str) -> str:
    """The discovery method ID of a call, e.g. ``("get", ".../values:batchGet")`` is
    ``sheets.spreadsheets.values.batchGet``; unknown calls are ``"<METHOD> <path>"``."""
    path = urlsplit(url).path.lstrip("/")
    verb = http_method.upper()
    for _, route_verb, pattern, found in _routes():
        if route_verb == verb and pattern.match(path):
            return found
    return f"{verb} /{path}"
