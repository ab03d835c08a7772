"""Building the real Google clients, for Google or for the local emulator.

The only difference between the two is the endpoint (DESIGN.md §6):

* google-api-python-client: ``client_options={"api_endpoint": ...}``. That option
  replaces the discovery document's ``rootUrl + servicePath``, so Drive's endpoint
  is ``<emulator>/drive/v3/`` and Sheets' is ``<emulator>/`` (its paths start
  with ``v4/``). Batch requests are built from ``rootUrl`` regardless of the
  option, so ``new_batch`` gives the batch URI explicitly.
* gspread: a requests session that sends gspread's Google hosts to the emulator.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import google.auth.credentials
import google_auth_httplib2
import gspread
import httplib2
from google.auth.transport.requests import AuthorizedSession
from googleapiclient import discovery
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.http import BatchHttpRequest

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")


class EmulatorCredentials(google.auth.credentials.Credentials):
    """Acts as ``email`` against the emulator (``Bearer emulator:<email>``)."""

    def __init__(self, email: str):
        super().__init__()
        self.email = email
        self.token = f"emulator:{email}"

    @property
    def expired(self) -> bool:
        return False

    @property
    def valid(self) -> bool:
        return True

    def refresh(self, request) -> None:  # nothing to refresh: the token never expires
        pass


def api_endpoint(emulator_url: str, api: str, version: str) -> str:
    """The ``api_endpoint`` that puts an API's paths on the emulator."""
    service_path = json.loads(get_static_doc(api, version))["servicePath"]
    return f"{emulator_url.rstrip('/')}/{service_path}"


class _EmulatorHttp(httplib2.Http):
    """Upload URLs keep the discovery document's ``https`` scheme: google-api-python-client
    swaps only their host for the ``api_endpoint``'s. This sends them to the emulator."""

    def __init__(self, emulator_url: str):
        super().__init__()
        self.emulator_url = emulator_url.rstrip("/")
        self.wrong_scheme = "https://" + urlsplit(self.emulator_url).netloc
        # A resumable upload's "308 Resume Incomplete" is not a redirect: the client's
        # own build_http() takes 308 out of httplib2's redirects, and so must this Http.
        self.redirect_codes = self.redirect_codes - {308}

    def request(self, uri, *args, **kwargs):
        if uri.startswith(self.wrong_scheme):
            uri = self.emulator_url + uri[len(self.wrong_scheme):]
        return super().request(uri, *args, **kwargs)


def build(api: str, version: str, credentials, emulator_url: str | None = None):
    """A google-api-python-client service, on Google or on the emulator."""
    if not emulator_url:
        return _reuse_collections(discovery.build(api, version, credentials=credentials,
                                                  static_discovery=True, cache_discovery=False))
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=_EmulatorHttp(emulator_url))
    return _reuse_collections(discovery.build(
        api, version, http=http,
        client_options={"api_endpoint": api_endpoint(emulator_url, api, version)},
        static_discovery=True, cache_discovery=False))


def _reuse_collections(resource):
    """``resource`` whose collections (``service.files()``, ``spreadsheets().values()``)
    are made once and then reused: the library makes a new one at every call, reading
    the discovery document's methods again (about 10 ms of CPU for Drive's files),
    which a sync writing hundreds of records paid at every call. A collection holds
    no state of a request; requests are made anew by its methods."""
    for name in list(getattr(resource, "_dynamic_attrs", ())):
        method = getattr(resource, name, None)
        if not getattr(getattr(method, "__func__", None), "__is_resource__", False):
            continue
        made: list = []

        def collection(method=method, made=made):
            if not made:
                made.append(_reuse_collections(method()))
            return made[0]
        setattr(resource, name, collection)
    return resource


def new_batch(service, api: str, version: str, emulator_url: str | None = None,
              callback=None) -> BatchHttpRequest:
    """A batch request that goes where the service's calls go."""
    if not emulator_url:
        return service.new_batch_http_request(callback=callback)
    return BatchHttpRequest(callback=callback,
                            batch_uri=f"{emulator_url.rstrip('/')}/batch/{api}/{version}")


class EmulatorSession(AuthorizedSession):
    """A google-auth session that sends requests for Google's hosts to the emulator."""

    def __init__(self, credentials, emulator_url: str):
        super().__init__(credentials)
        self.emulator_url = emulator_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        for host in GOOGLE_HOSTS:
            if url.startswith(host):
                url = self.emulator_url + url[len(host):]
                break
        return super().request(method, url, *args, **kwargs)


def gspread_client(credentials, emulator_url: str | None = None,
                   http_client=None) -> gspread.Client:
    """A gspread client, on Google or on the emulator. ``http_client`` replaces
    gspread's ``HTTPClient`` class (``sheets.FunnelHTTPClient`` counts and retries)."""
    extra = {"http_client": http_client} if http_client else {}
    if not emulator_url:
        return gspread.Client(auth=credentials, **extra)
    return gspread.Client(auth=credentials, session=EmulatorSession(credentials, emulator_url),
                          **extra)
