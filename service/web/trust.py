"""Who may call the cron, task and push endpoints (DESIGN.md §4). Every check runs
before the endpoint does anything; a request without its proof is refused.

**Cron and task requests** (``@from_cron``, ``@from_queue``) must carry the
header App Engine sets, ``X-Appengine-Cron: true`` for cron
(https://cloud.google.com/appengine/docs/standard/scheduling-jobs-with-cron-yaml#validating_cron_requests)
or ``X-AppEngine-QueueName`` for Cloud Tasks
(https://cloud.google.com/tasks/docs/creating-appengine-handlers#reading_request_headers).
App Engine removes those headers from requests that come from outside, so on App
Engine (``GAE_ENV=standard`` and ``GAE_APPLICATION`` set, as the runtime sets
them) the header is the proof. Anywhere else anybody can send it, so it is
trusted only together with ``X-CAS-Local-Task-Secret`` equal to
CAS_LOCAL_TASK_SECRET (the emulator's Cloud Tasks sends it; compared in constant
time); without that setting every such request is refused. A missing header is
403; off App Engine, a missing or wrong secret is 403 too.

**Pub/Sub push** (``verify_push``): ``Authorization: Bearer <OIDC token>``
(https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions), verified
with google-auth's ``id_token.verify_token``: Google's signature (the keys at
``https://www.googleapis.com/oauth2/v1/certs``; the emulator's at its own
``/oauth2/v1/certs``), not expired, ``aud`` equal to CAS_PUSH_AUDIENCE; then the
issuer is Google's and ``email`` is CAS_PUSH_SERVICE_ACCOUNT, verified. No token
is 401; a token that fails any check is 403.
"""

from __future__ import annotations

import functools
import hmac
import os
import threading
import time

from flask import current_app, jsonify, request
from google.auth import exceptions as auth_exceptions
from google.auth.transport import requests as auth_requests
from google.oauth2 import id_token

from .logs import log

CRON_HEADER = "X-Appengine-Cron"
QUEUE_HEADER = "X-AppEngine-QueueName"
SECRET_HEADER = "X-CAS-Local-Task-Secret"
GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v1/certs"
ISSUERS = ("accounts.google.com", "https://accounts.google.com")
CERTS_SECONDS = 300   # Google's keys are fetched again at most this often


def on_app_engine(environ=None) -> bool:
    """Whether this process runs on App Engine standard (the runtime's variables)."""
    environ = os.environ if environ is None else environ
    return environ.get("GAE_ENV", "") == "standard" and bool(environ.get("GAE_APPLICATION"))


def refuse(status: int, reason: str):
    log("WARNING", f"refused {request.method} {request.path}: {reason}", status=status,
        path=request.path)
    return jsonify({"error": reason}), status


def _platform_proof(header: str, expected: str | None):
    """None when the request carries App Engine's ``header`` (with the value
    ``expected``, if given) and, off App Engine, the local secret; else the refusal."""
    value = request.headers.get(header, "")
    if not value or (expected is not None and value != expected):
        return refuse(403, f"only App Engine may call this ({header} is missing)")
    if current_app.config["ON_APP_ENGINE"]:
        return None
    secret = current_app.config["CAS"].local_task_secret
    if not secret:
        return refuse(403, "not on App Engine, and CAS_LOCAL_TASK_SECRET is not set")
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return refuse(403, f"not on App Engine, and {SECRET_HEADER} does not match")
    return None


def from_cron(view):
    """Only App Engine's cron (or, locally, whoever holds the local secret)."""
    @functools.wraps(view)
    def checked(*args, **kwargs):
        return _platform_proof(CRON_HEADER, "true") or view(*args, **kwargs)
    checked.trusts = "cron"
    return checked


def from_queue(view):
    """Only Cloud Tasks' App Engine tasks (or, locally, the emulator with the secret)."""
    @functools.wraps(view)
    def checked(*args, **kwargs):
        return _platform_proof(QUEUE_HEADER, None) or view(*args, **kwargs)
    checked.trusts = "queue"
    return checked


class _CachedCerts:
    """A google-auth transport that keeps the certificates it fetched for a while,
    so a burst of pushes does not fetch Google's keys once each."""

    def __init__(self):
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, object]] = {}
        self._request = auth_requests.Request()

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        with self._lock:
            kept = self._kept.get(url)
            if kept and time.monotonic() - kept[0] < CERTS_SECONDS:
                return kept[1]
        answer = self._request(url, method=method, body=body, headers=headers,
                               timeout=timeout or 10, **kwargs)
        if answer.status == 200:
            with self._lock:
                self._kept[url] = (time.monotonic(), answer)
        return answer

    def forget(self, url: str) -> None:
        with self._lock:
            self._kept.pop(url, None)


_certs = _CachedCerts()


def certs_url(config) -> str:
    return f"{config.emulator_url}/oauth2/v1/certs" if config.uses_emulator else GOOGLE_CERTS


def verify_push():
    """None when the request carries a valid OIDC token from the push subscription's
    service account for our audience; else the refusal (401 or 403)."""
    config = current_app.config["CAS"]
    if not config.push_audience or not config.push_service_account:
        return refuse(403, "push is not configured (CAS_PUSH_AUDIENCE, CAS_PUSH_SERVICE_ACCOUNT)")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return refuse(401, "no bearer token")
    url = certs_url(config)
    claims = None
    for attempt in range(2):
        try:
            claims = id_token.verify_token(token.strip(), _certs, audience=config.push_audience,
                                           certs_url=url)
            break
        except auth_exceptions.TransportError as err:
            log("ERROR", "could not fetch the keys that sign push tokens", error=str(err))
            return refuse(503, "the keys that sign push tokens could not be fetched")
        except ValueError as err:
            # Google rotates its keys: a token signed by a key newer than those kept
            # is checked once more against freshly fetched ones.
            if attempt == 0 and "Certificate for key id" in str(err):
                _certs.forget(url)
                continue
            return refuse(403, f"the push token is not valid: {err}")
    if claims is None:
        return refuse(403, "the push token is not valid")
    if claims.get("iss") not in ISSUERS:
        return refuse(403, f"the push token was not issued by Google ({claims.get('iss')!r})")
    if claims.get("email") != config.push_service_account or not claims.get("email_verified"):
        return refuse(403, f"the push token is not the push subscription's service account "
                           f"({claims.get('email')!r})")
    return None
