"""Splitting ``multipart/related`` (uploads) and ``multipart/mixed`` (batch) bodies.

google-api-python-client writes these with the email package, with ``\\n`` or
``\\r\\n`` line ends; both are accepted. Contents are kept as bytes.
"""

from __future__ import annotations

import re

from .errors import bad_request


def boundary_of(content_type: str) -> str:
    m = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not m:
        raise bad_request("Multipart body without a boundary.")
    return m.group(1)


def split(body: bytes, boundary: str) -> list[tuple[dict, bytes]]:
    delimiter = b"--" + boundary.encode()
    chunks = body.split(delimiter)
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk[1:] if chunk.startswith(b"\n") else chunk
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        elif chunk.endswith(b"\n"):
            chunk = chunk[:-1]
        headers, content = parse_headers(chunk)
        parts.append((headers, content))
    return parts


def parse_headers(block: bytes) -> tuple[dict, bytes]:
    """Split ``Header: value`` lines from the content after the first blank line."""
    m = re.search(rb"\r?\n\r?\n", block)
    if m is None:
        head, content = block, b""
    else:
        head, content = block[:m.start()], block[m.end():]
    headers = {}
    for line in re.split(rb"\r?\n", head):
        if b":" in line:
            name, _, value = line.partition(b":")
            headers[name.decode().strip().lower()] = value.decode().strip()
    return headers, content
