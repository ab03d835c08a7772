"""The supervisor statement token (DESIGN.md §3, §4): what the emailed link puts in
the Supervisor statement form's "Reference" question (forms/supervisor_statement.json,
key ``token``, questionId 30000001), so a supervisor with no school account can be
trusted to be the one we invited, for the experience we named, before a date.

A token is base64url (no padding) of::

    version (1) | expiry, days since 2020-01-01 (2) | nonce (6)
    | len(experience_id) (1) | experience_id | len(email) (1) | email
    | HMAC-SHA256(key, domain tag + all of the above), first 16 bytes

About 90 characters for a typical code and address: short enough to paste.

Why 16 bytes of MAC is enough: a forger must guess a 128-bit tag, and each guess
costs them a form submission that the sync reads and files in Needs review; at a
million guesses a second that is still about 10^25 years for an even chance.
Truncating HMAC keeps its strength up to the truncated length (NIST SP 800-107
§5.3.4 asks for at least 64 bits with limited guesses).

Signed and expiring here; single-use is the sync's job, since only it knows which
statements arrived: ``token_id`` names a token for that de-duplication without
being a working link (the token itself is never written to the Sheet).

Keys rotate: every function takes one key or a list, the first signs and all
verify. The key comes from ``CAS_TOKEN_KEY`` (``token_key_from_env``/``token_keys``)
or a Secret Manager payload in the same format (``token_keys_from_text``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import hashlib
import hmac
import os
import re
import secrets
import struct
from typing import Mapping, Sequence

from ..cas.dates import format_date
from ..config import DEMO_TOKEN_KEY, Config, ConfigError

VERSION = 1
MAC_BYTES = 16
NONCE_BYTES = 6
MIN_KEY_BYTES = 32            # HMAC-SHA256's own output size; shorter keys are guessable
_EPOCH = datetime.date(2020, 1, 1)
_DOMAIN_TAG = b"cas-workspace supervisor token\x00"  # a MAC for this use and no other
_HEADER = struct.Struct(">BH")  # version, expiry day
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+$")

NOT_OURS = "The link's token is not ours (forged or mistyped)"
INCOMPLETE = "The link's token is incomplete (part of it was lost when the link was copied)"
MISSING = "The statement has no token: it was not sent through the link in our email"


class TokenKeyError(ConfigError):
    """No usable signing key; the message says what to set."""


@dataclasses.dataclass(frozen=True)
class TokenCheck:
    """What a token says, if it is ours and still valid; else ``reason`` in plain
    words for the Needs review tab. Truthy when the token is good."""

    ok: bool
    reason: str = ""
    experience_id: str = ""
    supervisor_email: str = ""
    expires: datetime.date | None = None
    token_id: str = ""

    def __bool__(self) -> bool:
        return self.ok


def issue_token(key: bytes | Sequence[bytes], experience_id: str, supervisor_email: str,
                expires: datetime.date, nonce: bytes | str | None = None) -> str:
    """A token for ``supervisor_email``'s statement on ``experience_id``, valid up to
    and including ``expires``. Without ``nonce`` each call gives a new token (a fresh
    invitation is not "already used"); a ``nonce`` naming the event (e.g. the
    approval) gives the same token every time, so two syncs agree on it."""
    signing_key = _keys(key)[0]
    experience = experience_id.strip().encode("utf-8")
    email = supervisor_email.strip().encode("utf-8")
    for label, value in (("experience ID", experience), ("supervisor email", email)):
        if not value or len(value) > 255:
            raise ValueError(f"A token needs a {label} of 1 to 255 bytes; got {value!r}.")
    day = (expires - _EPOCH).days
    if not 0 <= day <= 0xFFFF:
        raise ValueError(f"A token's expiry must fall between {_EPOCH} and 2199; got {expires}.")
    if nonce is None:
        nonce_bytes = secrets.token_bytes(NONCE_BYTES)
    else:
        raw = nonce.encode("utf-8") if isinstance(nonce, str) else bytes(nonce)
        nonce_bytes = hashlib.sha256(raw).digest()[:NONCE_BYTES]
    body = (_HEADER.pack(VERSION, day) + nonce_bytes + bytes([len(experience)]) + experience
            + bytes([len(email)]) + email)
    return _encode(body + _mac(signing_key, body))


def verify_token(key: bytes | Sequence[bytes], token: str, *, today: datetime.date,
                 experience_id_hint: str | None = None) -> TokenCheck:
    """Check a token from a statement: ours (any of the keys), complete, not expired
    (the expiry day itself is valid) and, given ``experience_id_hint``, for that
    experience. Never raises on what a person typed."""
    keys = _keys(key)
    text = (token or "").strip()
    if not text:
        return TokenCheck(False, MISSING)
    ident = token_id(text)
    raw = _decode(text)
    parsed = NOT_OURS if raw is None else _parse(raw)
    if isinstance(parsed, str):
        return TokenCheck(False, parsed, token_id=ident)
    body, mac, expires, experience_id, email = parsed
    if not any(hmac.compare_digest(mac, _mac(k, body)) for k in keys):
        return TokenCheck(False, NOT_OURS, token_id=ident)
    facts = dict(experience_id=experience_id, supervisor_email=email, expires=expires,
                 token_id=ident)
    if today > expires:
        return TokenCheck(False, f"The link expired on {format_date(expires)}", **facts)
    hint = (experience_id_hint or "").strip()
    if hint and hint != experience_id:
        return TokenCheck(False, f"The link is for experience {experience_id}, "
                                 f"not {hint}", **facts)
    return TokenCheck(True, **facts)


def token_id(token: str) -> str:
    """A stable name for a token, for "already used" checks: the same for every
    spelling that decodes to the same bytes, and not a working token itself."""
    text = (token or "").strip()
    raw = _decode(text)
    material = raw if raw is not None else text.encode("utf-8")
    return hashlib.sha256(b"token-id\x00" + material).hexdigest()[:32]


def token_keys_from_text(text: str) -> tuple[bytes, ...]:
    """Keys from ``CAS_TOKEN_KEY`` or a Secret Manager payload: base64 (standard or
    URL-safe, padding optional, as ``secrets.token_urlsafe(48)`` prints), several
    separated by commas or whitespace, newest first."""
    keys = []
    for part in re.split(r"[\s,]+", text.strip()):
        if not part:
            continue
        urlsafe = part.replace("+", "-").replace("/", "_").rstrip("=")
        try:
            key = base64.urlsafe_b64decode(_padded(urlsafe)) if _BASE64URL.match(urlsafe) else b""
        except (binascii.Error, ValueError):
            key = b""
        if not key:
            raise TokenKeyError("CAS_TOKEN_KEY must be base64, e.g. from "
                                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'.")
        if len(key) < MIN_KEY_BYTES:
            raise TokenKeyError(f"CAS_TOKEN_KEY's keys must be at least {MIN_KEY_BYTES} "
                                f"bytes; one is {len(key)}. Make one with "
                                f"python3 -c 'import secrets; print(secrets.token_urlsafe(48))'.")
        keys.append(key)
    if not keys:
        raise TokenKeyError("CAS_TOKEN_KEY is empty.")
    return tuple(keys)


def token_keys(config: Config) -> tuple[bytes, ...]:
    """The signing keys of a configuration: ``config.token_key`` (the demo key is the
    emulator configuration's default). Raises ``TokenKeyError`` when talking to
    Google without a key, or with the public demo key."""
    return _keys_for(config.token_key, uses_emulator=config.uses_emulator)


def token_key_from_env(environ: Mapping[str, str] | None = None) -> tuple[bytes, ...]:
    """The signing keys from ``CAS_TOKEN_KEY``; unset, the demo key only when
    ``CAS_EMULATOR_URL`` is set (the emulator), else ``TokenKeyError``."""
    environ = os.environ if environ is None else environ
    uses_emulator = bool(environ.get("CAS_EMULATOR_URL", "").strip())
    text = environ.get("CAS_TOKEN_KEY", "").strip()
    return _keys_for(text or (DEMO_TOKEN_KEY if uses_emulator else ""),
                     uses_emulator=uses_emulator)


def _keys_for(text: str, *, uses_emulator: bool) -> tuple[bytes, ...]:
    if not text.strip():
        raise TokenKeyError(
            "CAS_TOKEN_KEY is required to send or check supervisor links: the key from "
            "Secret Manager (deploy/README.md §6), base64.")
    keys = token_keys_from_text(text)
    if not uses_emulator and token_keys_from_text(DEMO_TOKEN_KEY)[0] in keys:
        raise TokenKeyError("CAS_TOKEN_KEY holds the emulator's demo key, which is public; "
                            "talking to Google needs the school's own key (deploy/README.md §6).")
    return keys


def _keys(key: bytes | Sequence[bytes]) -> tuple[bytes, ...]:
    keys = (key,) if isinstance(key, (bytes, bytearray)) else tuple(key)
    if not keys or any(not isinstance(k, (bytes, bytearray)) or not k for k in keys):
        raise TypeError("A token key is non-empty bytes, or a list of them (first signs).")
    return tuple(bytes(k) for k in keys)


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, _DOMAIN_TAG + body, hashlib.sha256).digest()[:MAC_BYTES]


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)


def _decode(text: str) -> bytes | None:
    """The bytes of a base64url token, or None for text that is not one. A length
    that base64 cannot end on (a character cut off) loses that character, so the
    shortfall shows as an incomplete token rather than a forgery."""
    text = text.rstrip("=")
    if not _BASE64URL.match(text):
        return None
    if len(text) % 4 == 1:
        text = text[:-1]
    try:
        return base64.urlsafe_b64decode(_padded(text))
    except (binascii.Error, ValueError):
        return None


def _parse(raw: bytes):
    """(body, mac, expires, experience_id, email), or the reason it cannot be."""
    if len(raw) < _HEADER.size:
        return INCOMPLETE
    version, day = _HEADER.unpack_from(raw)
    if version != VERSION:
        return NOT_OURS
    at = _HEADER.size + NONCE_BYTES
    fields = []
    for _ in range(2):
        if len(raw) <= at:
            return INCOMPLETE
        length = raw[at]
        fields.append(raw[at + 1:at + 1 + length])
        at += 1 + length
    expected = at + MAC_BYTES
    if len(raw) < expected:
        return INCOMPLETE
    if len(raw) > expected:
        return NOT_OURS
    try:
        experience_id, email = (f.decode("utf-8") for f in fields)
    except UnicodeDecodeError:
        return NOT_OURS
    return raw[:at], raw[at:], _EPOCH + datetime.timedelta(days=day), experience_id, email
