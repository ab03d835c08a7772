"""Pub/Sub push delivery, as Forms watches reach a subscriber.

A watch publishes to a Pub/Sub topic; the emulator has no Pub/Sub of its own, so
a topic may be given a push endpoint (``FormsStore.set_push_endpoint``) and every
message published to it is POSTed there in Pub/Sub's push envelope
(https://cloud.google.com/pubsub/docs/push#receive_push)::

    {"message": {"attributes": {...}, "messageId", "message_id",
                 "publishTime", "publish_time"},
     "subscription": "projects/<project>/subscriptions/<name>"}

with ``Authorization: Bearer <OIDC token>``: an RS256 JWT from
``https://accounts.google.com`` whose ``aud`` is the configured audience (else the
push URL) and whose ``email`` is the push service account, as Pub/Sub's
authenticated push sends it (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions).
The signing key belongs to the emulator process; its public half is published
both as a JWK Set (``jwks()``) and in Google's v1 x509 format (``x509_certs()``,
what ``google.oauth2.id_token.verify_token`` reads without PyJWT).

Delivery runs on a background thread that first waits for the world lock, so a
push never arrives before the change it announces is committed, never blocks the
API call, and never fails it: a receiver that is down or answers an error is
retried a few times with backoff, then the message is dropped (each attempt is
recorded in a ``DeliveryLog``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import threading
import time
import urllib.error
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

ISSUER = "https://accounts.google.com"
PUSH_SERVICE_ACCOUNT = "pubsub-push@emulator-project.iam.gserviceaccount.com"
TOKEN_SECONDS = 3600
# Pub/Sub treats 102, 200, 201, 202 and 204 as an acknowledgement; anything else is retried.
ACK_STATUSES = (102, 200, 201, 202, 204)
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)   # seconds before each retry; short, for tests and demos
TIMEOUT = 5.0

_key_lock = threading.Lock()
_key: dict = {}               # {"private": RSAPrivateKey, "kid": str, "cert": PEM}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64url(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


# -- the signing key ----------------------------------------------------
def _ensure_key() -> dict:
    with _key_lock:
        if not _key:
            _install(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _key


def _install(private) -> None:
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    kid = hashlib.sha1(public_der).hexdigest()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "emulator-pubsub-push")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .sign(private, hashes.SHA256()))
    _key.update(private=private, kid=kid,
                cert=cert.public_bytes(serialization.Encoding.PEM).decode())


def private_pem() -> str:
    """The signing key in PEM (persisted with the world, so a restart keeps it)."""
    private = _ensure_key()["private"]
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()


def use_private_pem(pem: str) -> None:
    with _key_lock:
        _key.clear()
        _install(serialization.load_pem_private_key(pem.encode(), password=None))


def jwks() -> dict:
    """The public key as a JWK Set (RFC 7517), like https://www.googleapis.com/oauth2/v3/certs."""
    key = _ensure_key()
    numbers = key["private"].public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": key["kid"],
                      "n": _int_b64url(numbers.n), "e": _int_b64url(numbers.e)}]}


def x509_certs() -> dict:
    """``{kid: PEM certificate}``, like https://www.googleapis.com/oauth2/v1/certs."""
    key = _ensure_key()
    return {key["kid"]: key["cert"]}


def oidc_token(audience: str, email: str = PUSH_SERVICE_ACCOUNT, now: float | None = None) -> str:
    """An OIDC ID token as Pub/Sub attaches to an authenticated push."""
    key = _ensure_key()
    iat = int(now if now is not None else time.time())
    subject = str(int(hashlib.sha256(email.encode()).hexdigest(), 16) % 10**21)
    claims = {"iss": ISSUER, "aud": audience, "azp": subject, "sub": subject,
              "email": email, "email_verified": True, "iat": iat, "exp": iat + TOKEN_SECONDS}
    header = {"alg": "RS256", "kid": key["kid"], "typ": "JWT"}
    signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + _b64url(json.dumps(claims, separators=(",", ":")).encode()))
    signature = key["private"].sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64url(signature)


# -- delivery -----------------------------------------------------------
def envelope(message: dict, subscription: str) -> dict:
    """Pub/Sub's push body: both spellings of the ID and time, as Pub/Sub sends them."""
    inner = {"attributes": dict(message["attributes"]),
             "messageId": message["messageId"], "message_id": message["messageId"],
             "publishTime": message["publishTime"], "publish_time": message["publishTime"]}
    if message.get("data"):
        inner["data"] = message["data"]
    return {"message": inner, "subscription": subscription}


class DeliveryLog:
    """What happened to each push, oldest first (runtime only, not persisted)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._records: list[dict] = []

    def add(self, record: dict) -> None:
        with self._lock:
            self._records.append(record)

    def update(self, record: dict, **changes) -> None:
        with self._lock:
            record.update(changes)

    def all(self) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self._records]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


def deliver_later(world_lock, endpoint: dict, message: dict, log: DeliveryLog) -> None:
    """POST the message to the endpoint from a background thread, once the world
    lock (held by the API call that published it) has been released."""
    body = json.dumps(envelope(message, endpoint["subscription"])).encode()
    record = {"messageId": message["messageId"], "url": endpoint["pushUrl"],
              "attributes": dict(message["attributes"]), "attempts": 0, "status": None,
              "delivered": False}
    log.add(record)
    thread = threading.Thread(target=_deliver, args=(world_lock, endpoint, body, record, log),
                              name=f"pubsub-push-{message['messageId']}", daemon=True)
    thread.start()


def _deliver(world_lock, endpoint: dict, body: bytes, record: dict, log: DeliveryLog) -> None:
    with world_lock:   # wait for the publishing call to commit
        pass
    audience = endpoint.get("audience") or endpoint["pushUrl"]
    for attempt, delay in enumerate((0.0,) + RETRY_DELAYS):
        if delay:
            time.sleep(delay)
        token = oidc_token(audience, endpoint.get("serviceAccountEmail") or PUSH_SERVICE_ACCOUNT)
        request = urllib.request.Request(
            endpoint["pushUrl"], data=body, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                     "User-Agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                status = answer.status
        except urllib.error.HTTPError as err:
            status = err.code
        except (OSError, ValueError):
            status = None   # refused, unreachable or timed out
        delivered = status in ACK_STATUSES
        log.update(record, attempts=attempt + 1, status=status, delivered=delivered)
        if delivered:
            return
