"""The discovery documents, served at Google's addresses, so clients built from a live
document (``build(..., static_discovery=False)``, as Google's own samples do) start
against the emulator.

Google's addresses are the two google-api-python-client tries (``DISCOVERY_URI``,
``V2_DISCOVERY_URI`` in googleapiclient/discovery.py):
``https://www.googleapis.com/discovery/v1/apis/{api}/{apiVersion}/rest`` and
``https://{api}.googleapis.com/$discovery/rest?version={apiVersion}``.
"""

from __future__ import annotations

import json

import httplib2
import pytest
from googleapiclient import discovery
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import UnknownApiNameOrVersion

from service.workspace.clients import EmulatorCredentials

USER = "coordinator@school.example"
V1_TEMPLATE = "/discovery/v1/apis/{api}/{apiVersion}/rest"

# One call per API that a new user can make on an empty emulator.
FIRST_CALL = {
    ("drive", "v3"): lambda s: s.files().list().execute()["kind"] == "drive#fileList",
    ("sheets", "v4"): lambda s: s.spreadsheets().create(body={}).execute()["spreadsheetId"],
    ("forms", "v1"): lambda s: s.forms().create(body={"info": {"title": "T"}}).execute()["formId"],
    ("classroom", "v1"): lambda s: s.courses().list().execute() == {},
    ("gmail", "v1"): lambda s: s.users().getProfile(userId="me").execute()["emailAddress"] == USER,
}


def _fetch(url: str, host: str | None = None) -> tuple[int, dict]:
    headers = {"Host": host} if host else {}
    response, content = httplib2.Http().request(url, headers=headers)
    return response.status, json.loads(content)


@pytest.mark.parametrize("api,version", list(FIRST_CALL))
def test_a_client_built_from_the_emulators_document_calls_the_emulator(emulator, api, version):
    """Only the discovery URL's host changes; no client_options: the document's rootUrl
    sends the calls to the emulator."""
    service = discovery.build(api, version, credentials=EmulatorCredentials(USER),
                              discoveryServiceUrl=emulator.url + V1_TEMPLATE,
                              static_discovery=False, cache_discovery=False)
    assert FIRST_CALL[(api, version)](service)
    assert emulator.world.stats()["total"] == 1  # the call reached the emulator; discovery is not a call


@pytest.mark.parametrize("api,version", list(FIRST_CALL))
def test_the_document_is_the_one_the_client_library_ships_with_the_emulator_as_root(emulator, api, version):
    status, served = _fetch(f"{emulator.url}/discovery/v1/apis/{api}/{version}/rest")
    shipped = json.loads(get_static_doc(api, version))
    assert status == 200
    assert served["rootUrl"] == emulator.url + "/"
    assert served["servicePath"] == shipped["servicePath"]
    assert {k: v for k, v in served.items() if k not in ("rootUrl", "mtlsRootUrl", "baseUrl")} == \
        {k: v for k, v in shipped.items() if k not in ("rootUrl", "mtlsRootUrl", "baseUrl")}


def test_asked_on_googles_host_the_document_is_googles_unchanged(emulator):
    """A proxy that keeps the Host header gets Google's rootUrl, so calls keep going through it."""
    status, served = _fetch(f"{emulator.url}/$discovery/rest?version=v1", host="forms.googleapis.com")
    assert status == 200
    assert served == json.loads(get_static_doc("forms", "v1"))


def test_api_endpoint_still_replaces_the_root(emulator):
    """client_options api_endpoint wins over the document's rootUrl, as with Google's."""
    service = discovery.build("drive", "v3", credentials=EmulatorCredentials(USER),
                              discoveryServiceUrl=emulator.url + V1_TEMPLATE,
                              client_options={"api_endpoint": emulator.url + "/drive/v3/"},
                              static_discovery=False, cache_discovery=False)
    assert service.files().list().execute()["kind"] == "drive#fileList"


def test_the_host_named_document_is_found_by_the_hosts_first_label(emulator):
    """https://{api}.googleapis.com/$discovery/rest: the host names the API (here
    forms.localhost, for a machine that resolves *.localhost to the emulator), and the
    document's root is that host."""
    port = emulator.url.rsplit(":", 1)[1]
    status, served = _fetch(f"{emulator.url}/$discovery/rest?version=v1", host=f"forms.localhost:{port}")
    assert status == 200
    assert (served["name"], served["rootUrl"]) == ("forms", f"http://forms.localhost:{port}/")


def test_on_the_bare_host_a_version_that_names_one_api_is_enough(emulator):
    service = discovery.build("drive", "v3", credentials=EmulatorCredentials(USER),
                              discoveryServiceUrl=emulator.url + "/$discovery/rest?version={apiVersion}",
                              static_discovery=False, cache_discovery=False)
    assert service.files().list().execute()["kind"] == "drive#fileList"


def test_on_the_bare_host_an_ambiguous_version_is_404_naming_the_address_that_works(emulator):
    status, body = _fetch(f"{emulator.url}/$discovery/rest?version=v1")
    assert status == 404
    assert f"{emulator.url}/discovery/v1/apis/{{api}}/{{version}}/rest" in body["error"]["message"]
    with pytest.raises(UnknownApiNameOrVersion):
        discovery.build("forms", "v1", credentials=EmulatorCredentials(USER),
                        discoveryServiceUrl=emulator.url + "/$discovery/rest?version={apiVersion}",
                        static_discovery=False, cache_discovery=False)


def test_an_api_the_emulator_does_not_serve_is_unknown_to_the_client(emulator):
    with pytest.raises(UnknownApiNameOrVersion):
        discovery.build("calendar", "v3", credentials=EmulatorCredentials(USER),
                        discoveryServiceUrl=emulator.url + V1_TEMPLATE,
                        static_discovery=False, cache_discovery=False)


def test_a_batch_from_the_emulators_document_goes_to_the_emulator(emulator):
    """new_batch_http_request() posts to rootUrl + batchPath (batch/drive/v3)."""
    service = discovery.build("drive", "v3", credentials=EmulatorCredentials(USER),
                              discoveryServiceUrl=emulator.url + V1_TEMPLATE,
                              static_discovery=False, cache_discovery=False)
    answers = []
    batch = service.new_batch_http_request(callback=lambda _id, response, error: answers.append(error or response))
    batch.add(service.files().create(body={"name": "a"}))
    batch.add(service.files().create(body={"name": "b"}))
    batch.execute()
    assert sorted(a["name"] for a in answers) == ["a", "b"]
