"""Reading an RFC 2822 message as Gmail presents it: the ``payload`` tree of
MessageParts, the snippet, and what a person reads (text, HTML, links).

Gmail's shapes (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#MessagePart):
the top part has ``partId`` "" and its children "0", "1", ... (then "1.0", ...);
a container's ``body`` is ``{"size": 0}``; a leaf's ``body.data`` is its decoded
content in base64url; header values come back decoded (RFC 2047 words undone).
"""

from __future__ import annotations

import base64
import html
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
SNIPPET_LENGTH = 200


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def headers_of(part) -> list[dict]:
    return [{"name": name, "value": str(value)} for name, value in part.items()]


def payload(part, part_id: str = "") -> dict:
    """The MessagePart tree of ``part``."""
    out = {"partId": part_id, "mimeType": part.get_content_type(),
           "filename": part.get_filename() or "", "headers": headers_of(part)}
    if part.is_multipart():
        out["body"] = {"size": 0}
        prefix = f"{part_id}." if part_id else ""
        out["parts"] = [payload(child, f"{prefix}{i}")
                        for i, child in enumerate(part.iter_parts())]
    else:
        data = part.get_payload(decode=True) or b""
        out["body"] = {"size": len(data)}
        if data:
            out["body"]["data"] = b64url(data)
    return out


def bodies(msg: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) as a reader sees them; attachments are not bodies."""
    text = html_body = ""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and not text:
            text = _content(part)
        elif kind == "text/html" and not html_body:
            html_body = _content(part)
    return text, html_body


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):  # an unknown or lying charset
        return (part.get_payload(decode=True) or b"").decode("utf-8", "replace")


def links(text: str, html_body: str) -> list[str]:
    """Every link of the mail, once: the HTML's hrefs, then the URLs written out in
    the text (of either body; in HTML, its text, not its tags)."""
    found = []
    if html_body:
        collector = _Hrefs()
        collector.feed(html_body)
        found += collector.hrefs
    for body in (text, readable("", html_body)):
        found += [url.rstrip(".,;:!?)]") for url in _URL.findall(body)]
    return list(dict.fromkeys(u for u in found if u))


def readable(text: str, html_body: str) -> str:
    """The text a reader sees: the plain part, else the HTML without its tags."""
    if text.strip():
        return text
    stripper = _Text()
    stripper.feed(html_body)
    return stripper.text()


def snippet(text: str, html_body: str) -> str:
    """Gmail's snippet: the start of the readable text, whitespace collapsed, with
    HTML's special characters escaped as Gmail escapes them (``'`` is ``&#39;``)."""
    flat = " ".join(readable(text, html_body).split())[:SNIPPET_LENGTH]
    return html.escape(flat, quote=True).replace("&#x27;", "&#39;")


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.strip().lower().startswith(("http://", "https://", "mailto:")):
                self.hrefs.append(href.strip())


class _Text(HTMLParser):
    _SKIP = ("script", "style", "head", "title")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in ("br", "p", "div", "li", "tr", "h1", "h2", "h3"):
            self._chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self._chunks.append(data)

    def text(self) -> str:
        return "".join(self._chunks)
