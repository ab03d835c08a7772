"""The Gmail store: each user's sent mail, as the raw RFC 2822 bytes Gmail keeps,
with what a reader needs parsed beside it (https://developers.google.com/workspace/gmail/api/reference/rest).

Plain dicts, one lock (the world's). ``outbox()`` is how tests and the mail page
read what the service sent. Messages are kept only in the sender's mailbox: the
emulator delivers nothing to recipients (a message to oneself is also in the inbox,
as Gmail labels it).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr

from ..core import clock
from ..core.errors import GoogleApiError, bad_request, forbidden, not_found
from . import mime
from .query import compile_query

PAGE = 100        # maxResults "defaults to 100"
MAX_PAGE = 500    # "The maximum allowed value for this field is 500."


def _invalid(message: str) -> GoogleApiError:
    return bad_request(message, "invalidArgument")


class GmailStore:
    def __init__(self, world):
        self.world = world
        self.reset()

    # -- state -------------------------------------------------------------
    def reset(self) -> None:
        self.mailboxes: dict[str, list] = {}   # user email -> [message record], oldest first
        self.history_id = 1000

    def snapshot(self) -> dict:
        return {"mailboxes": self.mailboxes, "history_id": self.history_id}

    def load(self, state: dict) -> None:
        self.reset()
        for key, value in state.items():
            setattr(self, key, value)

    # -- lookups -----------------------------------------------------------
    def mailbox(self, caller: str, user_id: str) -> list:
        """The caller's mailbox; ``userId`` is ``me`` or the caller's own address
        (another user's mailbox needs delegation, which the emulator does not grant)."""
        if user_id != "me" and user_id.lower() != caller.lower():
            raise forbidden(f"Delegation denied for {caller}")
        return self.mailboxes.setdefault(caller.lower(), [])

    def get_message(self, box: list, message_id: str) -> dict:
        """The one place a missing message becomes Gmail's 404."""
        if not message_id or any(ch not in "0123456789abcdef" for ch in message_id.lower()):
            raise _invalid("Invalid id value")
        for message in box:
            if message["id"] == message_id:
                return message
        raise not_found("Requested entity was not found.")

    # -- users.messages.send -------------------------------------------------
    def users_messages_send(self, caller: str, user_id: str, body: dict | None,
                            media: bytes | None = None) -> dict:
        """https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send"""
        box = self.mailbox(caller, user_id)
        body = body or {}
        if media:
            raw = media
        elif body.get("raw"):
            raw = _decode_raw(body["raw"])
        else:
            raise _invalid("'raw' RFC822 payload message string or uploading message via "
                           "/upload/* URL required")
        msg = mime.parse(raw)
        recipients = _recipients(msg)
        if not self.world.behaviour.get("gmailKeepsMessageId", True):
            del msg["Message-ID"]  # the switch: Gmail makes its own
        raw = _as_sent(msg, caller)
        now = clock.now()
        millis = int(now.timestamp() * 1000)
        message_id = f"{millis:x}{secrets.token_hex(3)}"[:16].rjust(16, "0")
        sent = mime.parse(raw)
        text, html_body = mime.bodies(sent)
        self.history_id += 1
        to_self = caller.lower() in recipients
        record = {
            "id": message_id,
            "threadId": self._thread_for(box, body.get("threadId"), sent) or message_id,
            "labelIds": ["UNREAD", "SENT", "INBOX"] if to_self else ["SENT"],
            "internalDate": str(millis), "historyId": str(self.history_id), "raw": raw,
            "sender": caller.lower(), "recipients": recipients,
            "from": str(sent.get("From", "")), "to": str(sent.get("To", "")),
            "cc": str(sent.get("Cc", "")), "bcc": str(sent.get("Bcc", "")),
            "subject": str(sent.get("Subject", "")), "messageId": str(sent.get("Message-ID", "")),
            "text": text, "html": html_body, "links": mime.links(text, html_body),
            "snippet": mime.snippet(text, html_body),
        }
        box.append(record)
        return {"id": record["id"], "threadId": record["threadId"], "labelIds": list(record["labelIds"])}

    def _thread_for(self, box: list, thread_id: str | None, msg) -> str | None:
        """Gmail adds a sent message to ``threadId`` only if it replies to a message of
        that thread (References / In-Reply-To) and the subjects match; else a new thread."""
        if not thread_id:
            return None
        members = [m for m in box if m["threadId"] == thread_id]
        referenced = f"{msg.get('References', '')} {msg.get('In-Reply-To', '')}"
        subject = _bare_subject(str(msg.get("Subject", "")))
        for m in members:
            if m["messageId"] and m["messageId"] in referenced and _bare_subject(m["subject"]) == subject:
                return thread_id
        return None

    # -- users.messages.list / get ------------------------------------------
    def users_messages_list(self, caller: str, user_id: str, q=None, label_ids=None,
                            max_results=None, page_token=None) -> dict:
        """https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list
        Newest first."""
        box = self.mailbox(caller, user_id)
        matches = compile_query(q)
        wanted = [label.upper() for label in (label_ids or [])]
        found = [m for m in reversed(box)
                 if all(label in m["labelIds"] for label in wanted) and matches(_view(m))]
        if max_results is not None and max_results < 0:
            raise _invalid("Invalid maxResults")
        size = min(max_results or PAGE, MAX_PAGE)
        start = 0
        if page_token:
            if not page_token.isdigit():
                raise _invalid("Invalid pageToken")
            start = int(page_token)
        page = found[start:start + size]
        out: dict = {}
        if page:
            out["messages"] = [{"id": m["id"], "threadId": m["threadId"]} for m in page]
        if start + size < len(found):
            out["nextPageToken"] = f"{start + size:020d}"
        out["resultSizeEstimate"] = len(found)
        return out

    def users_messages_get(self, caller: str, user_id: str, message_id: str, fmt: str = "full",
                           metadata_headers=None) -> dict:
        """https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/get"""
        m = self.get_message(self.mailbox(caller, user_id), message_id)
        out = {"id": m["id"], "threadId": m["threadId"], "labelIds": list(m["labelIds"]),
               "snippet": m["snippet"], "sizeEstimate": len(m["raw"]),
               "historyId": m["historyId"], "internalDate": m["internalDate"]}
        fmt = (fmt or "full").lower()
        if fmt == "raw":
            out["raw"] = mime.b64url(m["raw"])
        elif fmt == "metadata":
            msg = mime.parse(m["raw"])
            headers = mime.headers_of(msg)
            if metadata_headers:
                names = {h.lower() for h in metadata_headers}
                headers = [h for h in headers if h["name"].lower() in names]
            out["payload"] = {"mimeType": msg.get_content_type(), "headers": headers}
        elif fmt == "full":
            out["payload"] = mime.payload(mime.parse(m["raw"]))
        return out

    def users_get_profile(self, caller: str, user_id: str) -> dict:
        """https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile"""
        box = self.mailbox(caller, user_id)
        return {"emailAddress": caller.lower(), "messagesTotal": len(box),
                "threadsTotal": len({m["threadId"] for m in box}),
                "historyId": str(self.history_id)}

    # -- for tests and the mail page -----------------------------------------
    def outbox(self, sender: str | None = None) -> list[dict]:
        """Every sent message (or ``sender``'s), oldest first, as a reader sees it:
        sender, recipients (every To, Cc and Bcc address), headers, subject, text and
        HTML bodies, and the links found in them."""
        boxes = [self.mailboxes.get(sender.lower(), [])] if sender else self.mailboxes.values()
        sent = [m for box in boxes for m in box if "SENT" in m["labelIds"]]
        sent.sort(key=lambda m: (int(m["internalDate"]), m["id"]))
        keys = ("id", "threadId", "sender", "recipients", "from", "to", "cc", "bcc", "subject",
                "text", "html", "links", "messageId", "snippet")
        return [{**{k: m[k] for k in keys}, "recipients": list(m["recipients"]),
                 "links": list(m["links"]),
                 "sentAt": clock.rfc3339(dt.datetime.fromtimestamp(int(m["internalDate"]) / 1000,
                                                                   dt.timezone.utc))}
                for m in sent]


def _decode_raw(text: str) -> bytes:
    """``raw`` is base64url; Gmail also takes standard base64 and missing padding."""
    cleaned = text.strip().replace("+", "-").replace("/", "_")
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        raise bad_request("Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed",
                          "invalidArgument") from None


def _recipients(msg) -> list[str]:
    """Every To, Cc and Bcc address; Gmail refuses a message with none or a bad one."""
    found = []
    for header in ("To", "Cc", "Bcc"):
        values = [str(v) for v in msg.get_all(header, [])]
        for name, address in getaddresses(values):
            if not address:
                continue
            if "@" not in address or address.startswith("@") or address.endswith("@"):
                raise _invalid(f"Invalid {header} header")
            found.append(address.lower())
    if not found:
        raise _invalid("Recipient address required")
    return list(dict.fromkeys(found))


def _as_sent(msg, caller: str) -> bytes:
    """The message as Gmail stores it: From is the sender's own address (Gmail rewrites
    an address that is not one of the account's), and Date and Message-ID are added
    when missing."""
    name, address = parseaddr(str(msg.get("From", "")))
    if address.lower() != caller.lower():
        del msg["From"]
        msg["From"] = f"{name} <{caller}>" if name else caller
    if msg.get("Date") is None:
        msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    if msg.get("Message-ID") is None:
        msg["Message-ID"] = make_msgid(domain="mail.gmail.com")
    return msg.as_bytes()


def _bare_subject(subject: str) -> str:
    while True:
        stripped = subject.strip()
        lowered = stripped.lower()
        for prefix in ("re:", "fwd:", "fw:"):
            if lowered.startswith(prefix):
                subject = stripped[len(prefix):]
                break
        else:
            return stripped


def _view(m: dict) -> dict:
    """What the search language looks at."""
    text = mime.readable(m["text"], m["html"])
    return {"from": m["from"], "cc": m["cc"], "bcc": m["bcc"],
            "recipients": " ".join([m["to"], m["cc"], m["bcc"]]),
            "subject": m["subject"], "labels": m["labelIds"], "message_id": m["messageId"],
            "date": dt.datetime.fromtimestamp(int(m["internalDate"]) / 1000, dt.timezone.utc),
            "all": " ".join([m["from"], m["to"], m["cc"], m["subject"], text])}
