"""The sent mail (mail.google.com/mail/u/0/): everything anyone sent through the Gmail
API, newest first, and one message with its headers, bodies and links.

An emulator convenience, not Gmail: the outbox of every sender is shown to whoever
opens the page (signed in or not), so tests and the demo can read what the service
sent. It reads ``GmailStore.outbox()``, as there is no API that lists everyone's mail.
"""

from __future__ import annotations

from flask import request

from ..core.links import on_host
from . import ApiError, error_page, pages, render, world


def _sent() -> list[dict]:
    with world().lock:
        return list(reversed(world().gmail.outbox()))


def _matches(needle: str, *haystacks: str) -> bool:
    return not needle or any(needle in h.lower() for h in haystacks)


@pages.get("/mail/u/0/")
def mail_list():
    """Newest first; ``?to=`` and ``?from=`` keep messages whose recipients or sender
    contain the text (case-insensitive), e.g. a whole address or a domain."""
    to = (request.args.get("to") or "").strip().lower()
    sender = (request.args.get("from") or "").strip().lower()
    messages = [m for m in _sent()
                if _matches(to, m["to"], m["cc"], m["bcc"], *m["recipients"])
                and _matches(sender, m["from"], m["sender"])]
    return render("mail_list.html", messages=messages, to=to, sender=sender)


@pages.get("/mail/u/0/<message_id>")
def mail_message(message_id):
    found = [m for m in _sent() if m["id"] == message_id]
    if not found:
        return error_page(ApiError(404, {"message": "No such message."}))
    message = found[0]
    local = request.host_url
    # A link to Google's people hosts also opens here, on the emulator's own pages.
    links = [{"href": href, "local": on_host(href, local) if on_host(href, local) != href else None,
              "safe": href.lower().startswith(("http://", "https://", "mailto:"))}
             for href in message["links"]]
    return render("mail_message.html", message=message, links=links,
                  srcdoc=SANDBOX_HEAD + message["html"] if message["html"] else "")


# Put first in the HTML body's frame: links open in a new tab, and nothing is fetched
# (no scripts run either: the frame is sandboxed without allow-scripts).
SANDBOX_HEAD = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                'style-src \'unsafe-inline\'; img-src data:">'
                '<base target="_blank">')
