"""Pages for people, at the paths of Google's own links (docs.google.com/spreadsheets/d/ID/edit,
docs.google.com/forms/d/e/ID/viewform, drive.google.com/drive/folders/ID,
classroom.google.com/c/ID, the sent mail), served on the emulator's host.

A person is "signed in" by a cookie that the switch at the top of every page sets
(a school user, or anonymous). Pages read and change state only through the same
API calls a client would make (``api``), run internally as the signed-in person:
permissions, protected ranges and validation are the API's own, and the calls are
neither counted nor throttled, as Google's own UI does not spend API quota.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, redirect, render_template, request
from werkzeug.datastructures import MultiDict

from ..core.dispatch import dispatch

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/emulator/static")

COOKIE = "emulator_user"


class ApiError(Exception):
    """An API call made on a person's behalf failed; ``error`` is Google's error body."""

    def __init__(self, status: int, error: dict):
        super().__init__(error.get("message", ""))
        self.status, self.error = status, error


def world():
    return current_app.config["WORLD"]


def signed_in() -> str | None:
    """The signed-in person's email, or None when anonymous."""
    return request.cookies.get(COOKIE) or None


def people() -> list[dict]:
    """Whom the "signed in as" switch offers: the school's directory, then anyone
    else the emulator has seen (owners of My Drives)."""
    with world().lock:
        known = {p["email"]: p["name"] for p in world().classroom.directory()}
        for email in world().drive.roots:
            known.setdefault(email, email)
    return [{"email": e, "name": n} for e, n in sorted(known.items(), key=lambda kv: kv[1].lower())]


def api(http_method: str, path: str, args: dict | None = None, body=None, user: str | None = None):
    """Call the emulated API as the signed-in person (or ``user``); raise ApiError."""
    who = user or signed_in()
    if not who:
        raise ApiError(401, {"code": 401, "message": "Sign in to see this page."})
    query = MultiDict()
    for key, value in (args or {}).items():
        for v in value if isinstance(value, list) else [value]:
            query.add(key, str(v).lower() if isinstance(v, bool) else str(v))
    answer = dispatch(world(), http_method, path, query,
                      {"authorization": f"Bearer emulator:{who}", "content-type": "application/json"},
                      json.dumps(body).encode() if body is not None else b"",
                      base_url=request.host_url, internal=True)
    payload = json.loads(answer.body) if answer.body and answer.content_type.startswith("application/json") else {}
    if answer.status >= 400:
        raise ApiError(answer.status, payload.get("error", {}))
    return payload


def path(*segments: str) -> str:
    """An API path with each segment percent-encoded (a Sheets range may hold '/' or ':')."""
    return "/" + "/".join(quote(s, safe=":") if i else s for i, s in enumerate(segments))


def render(template: str, **context):
    return render_template(template, me=signed_in(), people=people(),
                           here=request.full_path.rstrip("?"), **context)


def error_page(err: ApiError):
    status = 404 if err.status == 404 else err.status
    return render("error.html", status=status, message=err.error.get("message", "")), status


@pages.get("/emulator/signin")
def signin():
    """Switch who is signed in (``as`` empty: anonymous), then go back to ``next``."""
    target = request.args.get("next") or "/"
    if not target.startswith("/"):
        target = "/"
    answer = redirect(target)
    email = (request.args.get("as") or "").strip().lower()
    if email:
        answer.set_cookie(COOKIE, email, samesite="Lax")
    else:
        answer.delete_cookie(COOKIE)
    return answer


@pages.get("/")
def home():
    """Where to go: the signed-in person's Drive, the school's courses, the sent mail."""
    return render("home.html")


def signin_link(email: str | None, next_url: str) -> str:
    return "/emulator/signin?" + urlencode({"as": email or "", "next": next_url})


# The pages, each registering its routes on ``pages`` (imported last: they use the helpers above).
from . import classroom, drive, forms, mail  # noqa: E402,F401
from . import sheets  # noqa: E402,F401  (the spreadsheet page)
from . import docs  # noqa: E402,F401  (a Google Doc's page)
