"""What every response and every form of the pages carries.

- **CSRF**: Flask-WTF's ``CSRFProtect`` checks a token on every POST of the pages
  (the session's, signed with the app's secret key). The task and push endpoints
  are exempt: their callers (Cloud Tasks, Pub/Sub) prove themselves another way
  (trust.py) and hold no session.
- **Headers**: a Content-Security-Policy allowing only the service's own scripts
  and styles (no inline script), no framing (``frame-ancestors 'none'`` and
  ``X-Frame-Options: DENY``), ``Referrer-Policy: no-referrer`` (links out to the
  Sheet do not carry the page's address), ``X-Content-Type-Options: nosniff``.
- **The secret key** signing the session is derived from CAS_TOKEN_KEY (the
  school's secret, the same on every instance) with HMAC, so it is never the
  token key itself; without one (a misconfigured service), a random key of this
  process: forms still work, on one instance.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

from .logs import log

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

csrf = CSRFProtect()


def secret_key(config) -> bytes:
    if config.token_key:
        return hmac.new(config.token_key.encode(), b"cas pages session", hashlib.sha256).digest()
    log("WARNING", "Neither CAS_TOKEN_KEY nor CAS_TOKEN_SECRET is set: the pages' sessions "
                   "are signed with a key of this process only, which other instances refuse")
    return os.urandom(32)


def setup(app: Flask, exempt=()) -> None:
    config = app.config["CAS"]
    app.secret_key = secret_key(config)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=not config.uses_emulator,
                      WTF_CSRF_TIME_LIMIT=8 * 3600)   # a school day on one page
    csrf.init_app(app)
    for blueprint in exempt:
        csrf.exempt(blueprint)

    @app.after_request
    def headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(CSRFError)
    def expired_form(err):
        return render_template("pages/error.html", title="This form has expired",
                               message="Reload the page and try again: nothing was written. "
                                       f"({err.description})"), 400
