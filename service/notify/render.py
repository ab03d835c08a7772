"""Emails from templates: ``render(kind, to=..., **context)`` gives an ``Email``;
``to_message``/``to_mime`` make it the RFC 5322 message Gmail's users.messages.send
takes (https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send:
``raw`` is the whole message, base64url).

Plain text only, no HTML part: a name or a title typed by a person is shown as the
characters they typed and can never become markup, and every mail client shows it.
Header injection is closed twice: every value a template prints is one line (CR, LF
and other control characters become a space) unless the template asks for a
paragraph (the advisor's comment), which is indented under the template's own
text; and addresses are checked here, before ``EmailMessage`` (which also refuses
a header with a line break) sees them.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import re
import unicodedata
from email.header import Header
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import jinja2

from ..cas.dates import format_date
from ..cas.records import APPROVED, CHANGES_REQUESTED, DECISIONS, REJECTED, STATUSES

TEMPLATES = Path(__file__).parent / "templates"
SUBJECT_LIMIT = 120     # characters; a person's long title is cut, not the mail
LINE_LIMIT = 300        # one printed value, e.g. a title pasted with a whole essay
PARAGRAPH_LIMIT = 3000  # the advisor's comment
SENDER_NAME = "The CAS coordinator"

# What each kind needs (the recipient cannot act without it) and may have.
REQUIRED: dict[str, tuple[str, ...]] = {
    "supervisor_invitation": ("supervisor_name", "student_name", "experience_title",
                              "start_date", "end_date", "link", "expires"),
    "supervisor_reminder": ("supervisor_name", "student_name", "experience_title",
                            "start_date", "end_date", "link", "expires", "invited_on"),
    "decision": ("student_name", "experience_title", "decision", "advisor_name"),
    "advisor_digest": ("advisor_name", "sheet_link", "proposals", "newly_at_risk"),
    "coordinator_digest": ("sheet_link", "counts_by_status", "newly_at_risk", "needs_review"),
    "parent_report": ("student_name", "term", "link"),
    "interview_window": ("advisor_name", "number", "label", "opens", "closes", "students",
                         "topics"),
}
OPTIONAL: dict[str, dict[str, Any]] = {
    "supervisor_invitation": {"sender_name": SENDER_NAME},
    "supervisor_reminder": {"sender_name": SENDER_NAME},
    "decision": {"comment": "", "revise_link": None, "reflection_link": None,
                 "supervisor_name": "", "sender_name": SENDER_NAME},
    "advisor_digest": {"sender_name": SENDER_NAME, "interviews_due": ()},
    "coordinator_digest": {"needs_review_link": None, "cohort": "", "problems": (),
                           "completion": (), "ibis": None, "interviews_due": ()},
    "interview_window": {"purpose": "", "suggested_format": "", "sender_name": SENDER_NAME},
    "parent_report": {"sender_name": SENDER_NAME},
}
KINDS = tuple(REQUIRED)

_ADDRESS = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Characters that would break a line or reorder text on screen (bidi overrides).
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class BadAddress(ValueError):
    """An address we cannot send to; the message quotes it, for Needs review."""


@dataclasses.dataclass(frozen=True)
class Email:
    """A rendered email, before it is a MIME message."""

    subject: str
    body_text: str
    to: tuple[str, ...]
    reply_to: str | None = None
    kind: str = ""


@dataclasses.dataclass(frozen=True)
class ProposalToDecide:
    """One line of an advisor's digest: a proposal waiting for their decision."""

    student_name: str
    experience_title: str
    link: str  # to the proposal in the master Sheet


@dataclasses.dataclass(frozen=True)
class NewlyAtRisk:
    """A student who became At risk since the last digest, with the reasons."""

    student_name: str
    reasons: Sequence[str]
    advisor_name: str = ""
    link: str = ""  # to the student in the master Sheet


class Paragraph(str):
    """Text a template prints as an indented block, keeping its line breaks."""


def render(kind: str, *, to: str | Iterable[str], reply_to: str | None = None,
           **context: Any) -> Email:
    """The ``kind`` email (one of ``KINDS``) to ``to``. ``context`` holds the
    kind's ``REQUIRED`` names and any of its ``OPTIONAL`` ones; dates may be
    ``datetime.date`` (printed "3 March 2027"). Raises ``TypeError`` for a missing
    or unknown name, ``ValueError`` for an unknown decision or a decision
    missing its link, ``BadAddress`` for an address we cannot send to."""
    if kind not in REQUIRED:
        raise ValueError(f"No email template {kind!r}; the kinds are {', '.join(KINDS)}.")
    missing = [name for name in REQUIRED[kind] if name not in context]
    unknown = [name for name in context if name not in REQUIRED[kind] + tuple(OPTIONAL[kind])]
    if missing or unknown:
        raise TypeError(f"The {kind} email needs {', '.join(missing) or 'nothing more'}"
                        f"{'; it does not take ' + ', '.join(unknown) if unknown else ''}.")
    values = {**OPTIONAL[kind], **context}
    if kind == "decision":
        _check_decision(values)
    module = _environment().get_template(f"{kind}.txt").make_module(values)
    return Email(subject=_subject(str(module.subject)), body_text=str(module).strip() + "\n",
                 to=addresses(to), reply_to=address(reply_to) if reply_to else None, kind=kind)


def to_message(email: Email, sender: str | None = None) -> EmailMessage:
    """The email as a plain-text RFC 5322 message, what ``Gmail.send`` takes. Without
    ``sender`` there is no From: Gmail writes the acting user's address."""
    mail = EmailMessage()
    mail["To"] = ", ".join(addresses(email.to))
    if sender:
        mail["From"] = address(sender)
    if email.reply_to:
        mail["Reply-To"] = address(email.reply_to)
    subject = _subject(email.subject)
    if subject.isascii():
        mail["Subject"] = subject
    else:
        # Python 3.11's header folder drops a space where it splits a non-ASCII
        # subject between encoded words ("Chœur — été" arrives "Chœur— été"); the
        # older Header encoder folds it right, so its lines go in as they are.
        mail.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode())
    # RFC 3834: sent by a program, so out-of-office replies do not answer it.
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(email.body_text)
    return mail


def to_mime(email: Email, sender: str | None = None) -> str:
    """users.messages.send's ``raw``: the message, base64url, as the Gmail gateway
    encodes it."""
    return base64.urlsafe_b64encode(to_message(email, sender).as_bytes()).decode("ascii")


def address(text: str) -> str:
    """One bare address (no display name, which is where injection hides), checked."""
    value = (text or "").strip()
    if not _ADDRESS.match(value) or not (value.isascii() and value.isprintable()):
        raise BadAddress(f"{value!r} is not an email address we can send to.")
    return value


def addresses(to: str | Iterable[str]) -> tuple[str, ...]:
    found = tuple(address(one) for one in ([to] if isinstance(to, str) else to))
    if not found:
        raise BadAddress("An email needs at least one recipient.")
    return found


def one_line(value: Any) -> str:
    """A value as the template prints it: dates as "3 March 2027", None as nothing,
    any line break or control character as a space, bidi overrides removed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return format_date(value)
    text = str(value).translate(_BIDI)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= LINE_LIMIT else text[:LINE_LIMIT - 1].rstrip() + "…"


def _paragraph(value: Any, indent: int = 4) -> Paragraph:
    """Several lines, each cleaned like ``one_line`` and indented, so a person's
    text stays visibly inside the template's own."""
    text = "" if value is None else str(value)[:PARAGRAPH_LIMIT]
    lines = [one_line(line) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text)]
    while lines and not lines[-1]:
        lines.pop()
    return Paragraph("\n".join((" " * indent + line) if line else "" for line in lines))


def _finalize(value: Any) -> str:
    return value if isinstance(value, Paragraph) else one_line(value)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _subject(text: str) -> str:
    subject = one_line(text)
    return subject if len(subject) <= SUBJECT_LIMIT else subject[:SUBJECT_LIMIT - 1] + "…"


def _check_decision(values: Mapping[str, Any]) -> None:
    decision = values["decision"]
    if decision not in DECISIONS:
        raise ValueError(f"A decision is one of {', '.join(DECISIONS)}; got {decision!r}.")
    if decision == CHANGES_REQUESTED and not values.get("revise_link"):
        raise ValueError("A 'Changes requested' email needs the revise_link, so the "
                         "student can revise the same proposal.")
    if decision == APPROVED and not values.get("reflection_link"):
        raise ValueError("An 'Approved' email needs the reflection_link for the experience.")


_ENV: jinja2.Environment | None = None


def _environment() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,  # plain text
            undefined=jinja2.StrictUndefined, finalize=_finalize,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters.update(paragraph=_paragraph, plural=_plural)
        env.globals.update(APPROVED=APPROVED, CHANGES_REQUESTED=CHANGES_REQUESTED,
                           REJECTED=REJECTED, STATUSES=STATUSES)
        _ENV = env
    return _ENV
