"""The funnel every google-api-python-client call goes through.

``ApiGateway.call(request)`` executes one ``HttpRequest`` (as built by the
discovery client, e.g. ``self.service.files().get(fileId=...)``): it counts the
attempt under the request's discovery method ID, retries what the retry policy
allows, and turns ``HttpError``, transport and credential errors into our
``WorkspaceError``s with Google's reason kept. The Drive, Forms, Classroom and
Gmail gateways are subclasses that add the operations the product needs.
"""

from __future__ import annotations

from typing import Any, Iterator

import google.auth.exceptions
import httplib2
import requests
from googleapiclient.errors import HttpError
from gspread.exceptions import APIError

from . import clients
from .calls import CallCounter
from .errors import RateLimited, Unauthenticated, Unavailable, WorkspaceError, from_response
from .retry import Pace, RetryPolicy


class ApiGateway:
    """One Google API, as one identity, on Google or on the emulator."""

    api = ""       # discovery name, e.g. "drive"
    version = ""   # e.g. "v3"

    def __init__(self, credentials, emulator_url: str | None = None,
                 policy: RetryPolicy | None = None, counter: CallCounter | None = None):
        self.emulator_url = emulator_url
        self.policy = policy or RetryPolicy()
        self.counter = counter if counter is not None else CallCounter()
        self.service = clients.build(self.api, self.version, credentials, emulator_url)
        self.write_pace: Pace | None = None

    def pace_writes(self, per_second: float | None) -> None:
        """Send writes at most ``per_second`` on average (None: as fast as answered)."""
        self.write_pace = Pace(per_second, self.policy) if per_second else None

    # -- the funnel --------------------------------------------------------
    def call(self, request) -> Any:
        """Execute one request: counted, retried, errors translated."""
        method = request.methodId
        pace = self.write_pace if request.method != "GET" else None

        def attempt():
            if pace:
                pace.before()
            self.counter.call(method)
            try:
                return request.execute(num_retries=0)  # retries are ours, not the library's
            except Exception as exc:  # noqa: BLE001 - translated, never swallowed
                raise self.translate(exc, method) from exc
            finally:
                if pace:
                    pace.after(1)

        def on_retry(error: WorkspaceError, wait: float):
            self.counter.retry(method, wait)

        try:
            return self.policy.run(attempt, on_retry)
        except WorkspaceError:
            self.counter.fail(method)
            raise

    def translate(self, exc: Exception, method: str) -> WorkspaceError:
        """Our error for whatever executing a request raised (counting rate limits)."""
        error = translate(exc, method, self.policy)
        if isinstance(error, RateLimited):
            self.counter.throttle(method)
        return error

    def pages(self, method, items_key: str, **params) -> Iterator[dict]:
        """Every item of a paged list method (``nextPageToken``), page after page."""
        token = None
        while True:
            page = self.call(method(**params, **({"pageToken": token} if token else {})))
            yield from page.get(items_key, [])
            token = page.get("nextPageToken")
            if not token:
                return


def translate(exc: Exception, method: str, policy: RetryPolicy) -> WorkspaceError:
    """Our error for what either client library raised while calling ``method``."""
    if isinstance(exc, WorkspaceError):
        return exc
    if isinstance(exc, HttpError) and exc.resp is not None:  # google-api-python-client
        return from_response(exc.status_code, exc.content, method,
                             policy.retry_after(exc.resp.get("retry-after")))
    if isinstance(exc, APIError):  # gspread
        return from_response(exc.response.status_code, exc.response.content, method,
                             policy.retry_after(exc.response.headers.get("Retry-After")))
    if isinstance(exc, google.auth.exceptions.RefreshError):
        # The token endpoint refused the service account or the subject (not
        # delegated, scopes not granted): waiting does not help.
        message = str(exc.args[0]) if exc.args else str(exc)
        return Unauthenticated(401, _refresh_reason(message), message, method)
    if isinstance(exc, (HttpError, httplib2.HttpLib2Error, requests.RequestException, OSError,
                        google.auth.exceptions.TransportError)):
        # No answer, or one that is not HTTP (a BatchError on a garbled batch response).
        return Unavailable(0, "transportError", str(exc) or type(exc).__name__, method)
    raise exc  # a bug of ours, not Google's answer: let it show as it is


def _refresh_reason(message: str) -> str:
    """OAuth's error code, which google-auth writes first ("invalid_grant: ...")."""
    return message.split(":", 1)[0].strip() if ":" in message else "refreshError"
