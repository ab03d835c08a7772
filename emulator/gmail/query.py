"""Gmail's search language (the ``q`` of ``users.messages.list``), the part of it a
mailbox of sent mail needs (https://support.google.com/mail/answer/7190):

- ``from:`` ``to:`` ``cc:`` ``bcc:`` match a name or address (case-insensitive, any
  part of it: ``to:alice`` finds alice@school.example); ``to:`` finds any recipient,
  Cc and Bcc included, as Gmail's does;
- ``subject:`` words (or ``subject:"a phrase"``, ``subject:(two words)``);
- ``in:`` / ``label:`` a label (``in:sent``; ``in:anywhere`` is everything), ``is:unread``;
- ``after:`` ``before:`` (``2026/09/01`` or epoch seconds), ``newer_than:`` and
  ``older_than:`` (``3d``, ``2m``, ``1y``), ``rfc822msgid:``;
- plain words and ``"quoted phrases"`` match whole words of the headers and bodies;
- terms are ANDed; ``OR``, ``{a b}`` (any of), ``-term`` (not) and ``( )`` group.
An operator Gmail has and the emulator does not is searched for as plain words.
"""

from __future__ import annotations

import datetime as dt
import re

from ..core.errors import bad_request

_TOKEN = re.compile(r'"[^"]*"|[(){}]|-(?=\S)|[^\s(){}"]+(?:"[^"]*")?')
_WORD = re.compile(r"\w+")
_ADDRESS_FIELDS = ("from", "to", "cc", "bcc")
_DATE_FIELDS = ("after", "before", "newer", "older")


def compile_query(q: str | None):
    """A predicate over a message's search view (see ``GmailStore._view``)."""
    tokens = _TOKEN.findall(q or "")
    parser = _Parser(tokens)
    predicate = parser.sequence(stop=None)
    if parser.pos != len(tokens):
        raise bad_request("Invalid search query.", "invalidArgument")
    return predicate


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def sequence(self, stop):
        terms = []
        while self.peek() is not None and self.peek() != stop:
            terms.append(self.either())
        return lambda m: all(t(m) for t in terms)

    def either(self):
        options = [self.unary()]
        while self.peek() == "OR":
            self.take()
            options.append(self.unary())
        if len(options) == 1:
            return options[0]
        return lambda m: any(o(m) for o in options)

    def unary(self):
        token = self.take()
        if token == "-":
            inner = self.unary()
            return lambda m: not inner(m)
        if token == "(":
            inner = self.sequence(stop=")")
            self._expect(")")
            return inner
        if token == "{":
            options = []
            while self.peek() not in ("}", None):
                options.append(self.unary())
            self._expect("}")
            return lambda m: any(o(m) for o in options)
        if token in (")", "}", "OR", None):
            raise bad_request("Invalid search query.", "invalidArgument")
        return self.term(token)

    def _expect(self, closing):
        if self.take() != closing:
            raise bad_request("Invalid search query.", "invalidArgument")

    def term(self, token):
        key, colon, value = token.partition(":")
        key = key.lower()
        if colon and not value and self.peek() == "(":  # subject:(two words)
            self.take()
            words = []
            while self.peek() not in (")", None):
                words.append(self.take())
            self._expect(")")
            value = " ".join(words)
        value = value.strip('"')
        if colon and key in _ADDRESS_FIELDS:
            needle, field = value.lower(), "recipients" if key == "to" else key
            return lambda m: needle in m[field].lower()
        if colon and key == "subject":
            return _words_in(value, "subject")
        if colon and key in ("in", "label", "is"):
            return _label(value)
        if colon and (key in _DATE_FIELDS or key in ("newer_than", "older_than")):
            return _date(key, value)
        if colon and key == "rfc822msgid":
            return lambda m: m["message_id"].strip("<>") == value.strip("<>")
        return _words_in(token.strip('"'), "all")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _words_in(phrase: str, field: str):
    """A whole-word phrase match: the words of ``phrase``, consecutively."""
    wanted = _words(phrase)

    def match(m):
        haystack = _words(m[field])
        n = len(wanted)
        return not wanted or any(haystack[i:i + n] == wanted for i in range(len(haystack) - n + 1))
    return match


def _label(value: str):
    name = value.upper()
    if name == "ANYWHERE":
        return lambda m: True
    if name == "READ":
        return lambda m: "UNREAD" not in m["labels"]
    return lambda m: name in m["labels"]


def _date(key: str, value: str):
    if key in ("newer_than", "older_than"):
        m = re.fullmatch(r"(\d+)([dmy])", value.lower())
        if not m:
            raise bad_request("Invalid search query.", "invalidArgument")
        days = int(m.group(1)) * {"d": 1, "m": 30, "y": 365}[m.group(2)]
        cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
        key = "after" if key == "newer_than" else "before"
    elif value.isdigit():
        cutoff = dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    else:
        try:
            # Gmail reads a date as midnight in the account's time zone; the emulator's is UTC.
            cutoff = dt.datetime.strptime(value.replace("-", "/"), "%Y/%m/%d").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise bad_request("Invalid search query.", "invalidArgument") from None
    if key in ("after", "newer"):
        return lambda m: m["date"] >= cutoff
    return lambda m: m["date"] < cutoff
