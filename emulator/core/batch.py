"""Batch requests: ``POST /batch/<api>/<version>`` with ``multipart/mixed`` parts.

Each part is an ``application/http`` request that runs through ``dispatch`` on its
own: authorised (its own Authorization header, else the outer one), counted and
answered independently (https://developers.google.com/drive/api/guides/performance#batch).
Google caps a batch at 100 calls: the calls past the hundredth are answered 403.
"""

from __future__ import annotations

import uuid
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from werkzeug.datastructures import MultiDict

from . import multipart
from .dispatch import Response, dispatch, error_response
from .errors import GoogleApiError, bad_request

MAX_PARTS = 100
CLIENT_MAX_PARTS = 1000  # google-api-python-client's own cap (http.MAX_BATCH_LIMIT)


def run(world, outer_headers: dict, body: bytes, base_url: str | None = None) -> Response:
    try:
        parts = multipart.split(body, multipart.boundary_of(outer_headers.get("content-type", "")))
        if len(parts) > CLIENT_MAX_PARTS:
            raise bad_request(f"A batch request may contain at most {CLIENT_MAX_PARTS} calls; "
                              f"this one has {len(parts)}.")
    except GoogleApiError as err:
        return error_response(err)
    boundary = "batch_" + uuid.uuid4().hex
    out = []
    for n, (part_headers, content) in enumerate(parts):
        # Past the cap Google still answers the batch, refusing each extra call on its
        # own (observed: google-api-python-client#2201); such calls never run.
        response = _one(world, outer_headers, content, base_url) if n < MAX_PARTS else error_response(
            GoogleApiError(403, "Exceeds allowed inner batch requests soft limit. Please retry.",
                           "forbidden"))
        content_id = part_headers.get("content-id", "")
        if content_id.startswith("<") and content_id.endswith(">"):
            content_id = "<response-" + content_id[1:]
        reason = HTTPStatus(response.status).phrase
        head = [f"HTTP/1.1 {response.status} {reason}"]
        if response.body:
            head.append(f"Content-Type: {response.content_type}")
        # Google gives every part a Content-Length, 0 for an empty answer (a delete's
        # 204); google-api-python-client cannot parse a part with no header at all.
        head.append(f"Content-Length: {len(response.body)}")
        for name, value in response.headers.items():
            head.append(f"{name}: {value}")
        out.append(
            f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: {content_id}\r\n\r\n".encode()
            + "\r\n".join(head).encode() + b"\r\n\r\n" + response.body + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return Response(200, b"".join(out), f"multipart/mixed; boundary={boundary}")


def _one(world, outer_headers: dict, content: bytes, base_url: str | None) -> Response:
    request_line, _, rest = content.partition(b"\n")
    method, target, *_ = request_line.decode().strip().split(" ")
    headers, body = multipart.parse_headers(rest)
    if "authorization" not in headers and "authorization" in outer_headers:
        headers["authorization"] = outer_headers["authorization"]
    url = urlsplit(target)
    args = MultiDict(parse_qsl(url.query, keep_blank_values=True))
    return dispatch(world, method, url.path, args, headers, body, base_url=base_url)
