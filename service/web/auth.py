"""Who is asking for a page, and what they may see (DESIGN.md §4).

**In production** the pages sit behind Identity-Aware Proxy, and every request's
``x-goog-iap-jwt-assertion`` is verified here with google-auth's
``id_token.verify_token`` (https://cloud.google.com/iap/docs/signed-headers-howto):
signed with ES256 by one of IAP's keys (the JWK set at CAS_IAP_CERTS_URL,
Google's https://www.gstatic.com/iap/verify/public_key-jwk by default), ``aud``
equal to CAS_IAP_AUDIENCE (``/projects/PROJECT_NUMBER/apps/PROJECT_ID`` on App
Engine), not expired, issued by ``https://cloud.google.com/iap``. The unsigned
headers IAP also sets (``x-goog-authenticated-user-email``) are never read: a
request that bypassed IAP could carry anything there.

**Locally** (only with CAS_EMULATOR_URL, which the configuration accepts only on
this machine), a development sign-in replaces IAP: ``/dev/sign-in`` lets one pick
a person of the emulator's school. Its blueprint is registered only with the
emulator configuration, and the IAP check is the only identity of the production
one, so it cannot be turned on against Google.

Then the role comes from the school's data (school.py): a coordinator, an advisor,
or nobody the pages serve (a 403 page that says whom to ask).
"""

from __future__ import annotations

import dataclasses
import functools

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   session, url_for)
from google.auth import exceptions as auth_exceptions
from google.oauth2 import id_token

from .logs import log
from .trust import _CachedCerts

IAP_HEADER = "X-Goog-IAP-JWT-Assertion"
IAP_ISSUER = "https://cloud.google.com/iap"
SESSION_KEY = "cas_dev_email"

_certs = _CachedCerts()


class NotVerified(Exception):
    """The IAP header is missing or does not prove who is calling; the message says why."""


def verify_iap(token: str, audience: str, certs_url: str, transport=None) -> str:
    """The verified email in IAP's signed header ``token``; raises ``NotVerified``."""
    if not audience:
        raise NotVerified("CAS_IAP_AUDIENCE is not set: the service cannot check IAP's header")
    if not token:
        raise NotVerified(f"no {IAP_HEADER} header: the request did not come through IAP")
    try:
        import jwt as pyjwt   # google-auth verifies JWK sets (IAP's keys) with PyJWT
        claims = id_token.verify_token(token, transport or _certs, audience=audience,
                                       certs_url=certs_url)
    except auth_exceptions.TransportError as err:
        raise NotVerified(f"IAP's keys could not be fetched: {err}") from err
    except (ValueError, pyjwt.exceptions.PyJWTError) as err:
        raise NotVerified(f"IAP's header is not valid: {err}") from err
    if "exp" not in claims:
        raise NotVerified("IAP's header has no expiry")
    if claims.get("iss") != IAP_ISSUER:
        raise NotVerified(f"IAP's header was not issued by IAP ({claims.get('iss')!r})")
    email = str(claims.get("email") or "").strip().lower()
    if not email:
        raise NotVerified("IAP's header names nobody")
    return email


@dataclasses.dataclass
class Person:
    email: str
    coordinator: bool = False
    advisor: bool = False


def signed_in_email() -> str | None:
    """The caller's email, proved; None when nobody is signed in (``g.auth_problem`` says why)."""
    config = current_app.config["CAS"]
    if config.uses_emulator:
        return session.get(SESSION_KEY)
    try:
        return verify_iap(request.headers.get(IAP_HEADER, ""), config.iap_audience,
                          config.iap_certs_url)
    except NotVerified as err:
        log("WARNING", f"refused {request.method} {request.path}: {err}", status=401,
            path=request.path)
        g.auth_problem = str(err)
        return None


def person() -> Person | None:
    if "cas_person" not in g:
        from .school import school

        email = signed_in_email()
        if email is None:
            g.cas_person = None
        else:
            found = school()
            g.cas_person = Person(email, found.is_coordinator(email), email in found.advisees)
    return g.cas_person


def _refuse_anonymous():
    if current_app.config["CAS"].uses_emulator:
        return redirect(url_for("dev_signin.sign_in", next=request.full_path))
    return render_template("pages/unauthenticated.html",
                           problem=g.get("auth_problem", "")), 401


def _forbidden():
    from .school import school

    return render_template("pages/forbidden.html", coordinators=sorted(school().coordinators),
                           who=person()), 403


def allowed(*roles: str):
    """The view only for people in one of ``roles`` ("coordinator", "advisor")."""
    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            who = person()
            if who is None:
                return _refuse_anonymous()
            if not any(getattr(who, role) for role in roles):
                return _forbidden()
            return view(*args, **kwargs)
        checked.roles = roles
        return checked
    return wrap


def not_found():
    abort(404)


# -- the development sign-in (emulator only) ---------------------------------------------
dev_signin = Blueprint("dev_signin", __name__)


@dev_signin.route("/dev/sign-in", methods=["GET", "POST"])
def sign_in():
    from .school import school

    if not current_app.config["CAS"].uses_emulator:   # never registered so; belt and braces
        abort(404)
    email = (request.form.get("email") or request.args.get("as") or "").strip().lower()
    if email and (request.method == "POST" or request.args.get("as")):
        session[SESSION_KEY] = email
        target = request.values.get("next") or "/"
        return redirect(target if target.startswith("/") and not target.startswith("//")
                        else "/")
    return render_template("pages/signin.html", people=sorted(school().people.items()),
                           next=request.args.get("next", "/"),
                           current=session.get(SESSION_KEY))


@dev_signin.post("/dev/sign-out")
def sign_out():
    session.pop(SESSION_KEY, None)
    return redirect(url_for("dev_signin.sign_in"))
