"""The signing key from Secret Manager (CAS_TOKEN_SECRET, deploy/README.md §6): read
once when the service or a command starts, through the real secretmanager client,
so every App Engine instance signs pages' sessions and supervisor links alike."""

from __future__ import annotations

import base64

import pytest

from _web import web_config
from service.app import create_app
from service.config import DEMO_TOKEN_KEY, Config, ConfigError
from service.sync.tokens import token_keys
from service.workspace import clients
from service.workspace.credentials import EMULATOR_SERVICE_ACCOUNT
from service.workspace.secrets import with_token_key

COORDINATOR = "coordinator@demo-school.example"
PROJECT = "projects/emulator-project"
KEY = base64.urlsafe_b64encode(b"k" * 48).decode()
NEXT = base64.urlsafe_b64encode(b"n" * 48).decode()


@pytest.fixture
def secret(emulator):
    """A secret holding the school's key, made as the service account (Secret
    Manager's own API, as deploy/README.md §6's gcloud commands do)."""
    secrets = clients.build("secretmanager", "v1",
                            clients.EmulatorCredentials(EMULATOR_SERVICE_ACCOUNT),
                            emulator.url).projects().secrets()
    name = secrets.create(parent=PROJECT, secretId="cas-token-signing-key",
                          body={"replication": {"automatic": {}}}).execute()["name"]

    def add(text: str) -> None:
        secrets.addVersion(parent=name, body={"payload": {
            "data": base64.b64encode(text.encode()).decode()}}).execute()
    add(KEY)
    return name, add


def test_the_key_is_read_from_the_secrets_latest_version(emulator, secret):
    name, add = secret
    config = with_token_key(web_config(emulator, token_secret=name))
    assert token_keys(config) == (b"k" * 48,)
    add(f"{NEXT},{KEY}")   # rotation: the new key signs, the old one still verifies
    assert token_keys(with_token_key(web_config(emulator, token_secret=name))) == \
        (b"n" * 48, b"k" * 48)
    assert token_keys(with_token_key(web_config(
        emulator, token_secret=f"{name}/versions/1"))) == (b"k" * 48,)


def test_two_instances_started_from_the_secret_accept_each_others_sessions(
        emulator, school, secret):
    # App Engine runs several instances; a coordinator signed in on one is the
    # same coordinator on the next (a per-process key would sign them out, and
    # every form's CSRF token would fail on the other instance).
    name, _ = secret
    first, second = (create_app(web_config(emulator, token_secret=name)) for _ in range(2))
    assert first.config["CAS"].token_key == KEY
    signed_in = first.test_client()
    assert signed_in.get(f"/dev/sign-in?as={COORDINATOR}").status_code == 302
    elsewhere = second.test_client()
    elsewhere.set_cookie("session", signed_in.get_cookie("session").value)
    assert elsewhere.get("/coordinator").status_code == 200
    stranger = create_app(web_config(emulator, token_key=NEXT)).test_client()
    stranger.set_cookie("session", signed_in.get_cookie("session").value)
    refused = stranger.get("/coordinator")   # another key: nobody is signed in
    assert refused.status_code == 302 and "/dev/sign-in" in refused.headers["Location"]


def test_a_secret_that_cannot_be_read_stops_the_start_saying_why(emulator):
    with pytest.raises(ConfigError, match=r"CAS_TOKEN_SECRET.*(?s:.*)deploy/README.md §6"):
        create_app(web_config(emulator, token_secret=f"{PROJECT}/secrets/nothing"))


def test_the_secrets_name_is_checked_and_not_set_beside_the_key():
    school = {"CAS_SUBJECT": "cas@school.example", "CAS_SCHOOL_DOMAIN": "school.example"}
    with pytest.raises(ConfigError, match="CAS_TOKEN_SECRET must name a Secret Manager"):
        Config.from_env({**school, "CAS_TOKEN_SECRET": "cas-token-signing-key"})
    with pytest.raises(ConfigError, match="not both"):
        Config.from_env({**school, "CAS_TOKEN_SECRET": f"{PROJECT}/secrets/k",
                         "CAS_TOKEN_KEY": KEY})
    config = Config.from_env({**school, "CAS_TOKEN_SECRET": f"{PROJECT}/secrets/k"})
    assert config.token_secret == f"{PROJECT}/secrets/k" and DEMO_TOKEN_KEY not in config.token_key

