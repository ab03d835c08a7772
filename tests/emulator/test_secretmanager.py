"""Secret Manager v1 in the emulator, through google-api-python-client: what the
service reads at start (its token signing key) behaves as Google's reference says."""

from __future__ import annotations

import base64

import pytest
from googleapiclient.errors import HttpError

from emulator.secretmanager.models import crc32c

OWNER = "coordinator@school.example"

PROJECT = "projects/emulator-project"


@pytest.fixture
def secrets(emulator):
    from service.workspace import clients
    service = clients.build("secretmanager", "v1", clients.EmulatorCredentials(OWNER),
                            emulator.url)
    return service.projects().secrets()


def _add(secrets, name: str, text: str) -> dict:
    data = text.encode()
    return secrets.addVersion(parent=name, body={"payload": {
        "data": base64.b64encode(data).decode(), "dataCrc32c": str(crc32c(data))}}).execute()


def _make(secrets, secret_id: str) -> str:
    return secrets.create(parent=PROJECT, secretId=secret_id,
                          body={"replication": {"automatic": {}}}).execute()["name"]


def test_latest_is_an_alias_of_the_most_recently_created_version(secrets):
    name = _make(secrets, "cas-token-signing-key")
    assert _add(secrets, name, "first")["name"] == f"{name}/versions/1"
    _add(secrets, name, "second")
    latest = secrets.versions().access(name=f"{name}/versions/latest").execute()
    assert latest["name"] == f"{name}/versions/2"
    assert base64.b64decode(latest["payload"]["data"]) == b"second"
    assert int(latest["payload"]["dataCrc32c"]) == crc32c(b"second")
    first = secrets.versions().access(name=f"{name}/versions/1").execute()
    assert base64.b64decode(first["payload"]["data"]) == b"first"


def test_crc32c_is_castagnoli():
    # RFC 3720's check value for "123456789".
    assert crc32c(b"123456789") == 0xE3069283


def test_a_secret_that_does_not_exist_or_has_no_versions_is_404(secrets):
    with pytest.raises(HttpError) as missing:
        secrets.versions().access(name=f"{PROJECT}/secrets/nothing/versions/latest").execute()
    assert missing.value.resp.status == 404
    name = _make(secrets, "empty")
    with pytest.raises(HttpError) as empty:
        secrets.versions().access(name=f"{name}/versions/latest").execute()
    assert empty.value.resp.status == 404


def test_a_disabled_version_cannot_be_accessed(secrets):
    name = _make(secrets, "rotated")
    _add(secrets, name, "old")
    secrets.versions().disable(name=f"{name}/versions/1", body={}).execute()
    with pytest.raises(HttpError) as refused:
        secrets.versions().access(name=f"{name}/versions/1").execute()
    assert refused.value.resp.status == 400 and b"FAILED_PRECONDITION" in refused.value.content


def test_a_checksum_that_does_not_match_the_payload_is_refused(secrets):
    name = _make(secrets, "checked")
    with pytest.raises(HttpError) as refused:
        secrets.addVersion(parent=name, body={"payload": {
            "data": base64.b64encode(b"key").decode(), "dataCrc32c": "1"}}).execute()
    assert refused.value.resp.status == 400
    assert secrets.get(name=name).execute()["name"] == name


def test_a_secret_is_made_once(secrets):
    _make(secrets, "once")
    with pytest.raises(HttpError) as twice:
        _make(secrets, "once")
    assert twice.value.resp.status == 409


def test_methods_the_emulator_does_not_serve_answer_501(secrets):
    with pytest.raises(HttpError) as refused:
        secrets.list(parent=PROJECT).execute()
    assert refused.value.resp.status == 501
