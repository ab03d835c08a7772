"""Credentials: the emulator's own identity, the production path (a service-account
key with a subject: domain-wide delegation) against the emulator's token endpoint,
and the one list of scopes the deploy guide shows."""

import json
import re
from pathlib import Path

import pytest
import requests

from service.config import ConfigError, EmulatorConfig
from service.workspace import credentials as creds
from service.workspace.clients import EmulatorCredentials
from service.workspace.errors import Unauthenticated
from service.workspace.gmail import message
from service.workspace.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
SUBJECT = "coordinator@school.example"


@pytest.fixture
def key_file(emulator, tmp_path):
    """What ``python -m emulator keygen key.json`` writes: a key the emulator trusts."""
    key = requests.post(f"{emulator.url}/emulator/service-accounts").json()
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    return path


def config(emulator, **settings):
    return EmulatorConfig(emulator_url=emulator.url, subject=SUBJECT, **settings)


def test_without_a_key_the_emulator_identity_acts_as_the_subject(emulator):
    made = Workspace.from_config(config(emulator)).drive.create_folder("Mine")
    assert isinstance(creds.credentials(config(emulator)), EmulatorCredentials)
    owners = Workspace.from_config(config(emulator)).drive.get(made["id"], "owners(emailAddress)")
    assert owners["owners"] == [{"emailAddress": SUBJECT}]


def test_a_service_account_key_with_a_subject_acts_as_that_subject_in_every_gateway(
        emulator, key_file):
    workspace = Workspace.from_config(config(emulator, credentials_file=str(key_file)))
    folder = workspace.drive.create_folder("By delegation")
    assert workspace.drive.get(folder["id"], "owners(emailAddress)")["owners"] == [
        {"emailAddress": SUBJECT}]
    sheet = workspace.sheets.create({"properties": {"title": "Master"}})  # gspread's session too
    assert workspace.drive.get(sheet["spreadsheetId"], "owners(emailAddress)")["owners"] == [
        {"emailAddress": SUBJECT}]
    workspace.gmail.send(message("someone@club.example", "Hello", "Hi"))
    assert emulator.world.gmail.outbox(SUBJECT)[0]["subject"] == "Hello"
    assert workspace.counter.calls["drive.files.create"] == 1


def test_acting_as_another_subject_keeps_the_counter(emulator, key_file):
    workspace = Workspace.from_config(config(emulator, credentials_file=str(key_file)))
    sender = workspace.acting_as("cas.sender@school.example")
    sender.gmail.send(message("someone@club.example", "From the sender", "Hi"))
    assert emulator.world.gmail.outbox("cas.sender@school.example")[0]["subject"] == "From the sender"
    assert workspace.counter.calls == {"gmail.users.messages.send": 1}


def test_a_key_the_token_endpoint_refuses_is_our_unauthenticated_error(emulator, key_file, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = json.loads(key_file.read_text())
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key["private_key"] = stranger.private_bytes(serialization.Encoding.PEM,
                                                serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()).decode()
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(key))
    workspace = Workspace.from_config(config(emulator, credentials_file=str(forged)))
    with pytest.raises(Unauthenticated) as raised:
        workspace.drive.create_folder("Never")
    assert raised.value.reason == "invalid_grant" and raised.value.method == "drive.files.create"
    with pytest.raises(Unauthenticated):
        workspace.sheets.get("any-id")


def test_a_key_file_that_does_not_exist_stops_the_configuration(emulator, tmp_path):
    with pytest.raises(ConfigError, match="CAS_CREDENTIALS must be the path"):
        config(emulator, credentials_file=str(tmp_path / "missing.json"))


def test_application_default_credentials_that_are_a_key_are_delegated_to_the_subject(
        emulator, key_file, monkeypatch):
    # google.auth.default() reads GOOGLE_APPLICATION_CREDENTIALS first.
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    delegated = creds.from_application_default(SUBJECT)
    assert set(delegated.scopes) == set(creds.SCOPES)
    drive = Workspace(delegated, emulator.url).drive
    assert drive.get(drive.create_folder("ADC")["id"], "owners(emailAddress)")["owners"] == [
        {"emailAddress": SUBJECT}]


def test_a_persons_application_default_credentials_are_refused(tmp_path, monkeypatch):
    # `gcloud auth application-default login` writes an authorized_user file: such
    # credentials act as that person, not as CAS_SUBJECT through delegation.
    person = tmp_path / "adc.json"
    person.write_text(json.dumps({"type": "authorized_user", "client_id": "x",
                                  "client_secret": "y", "refresh_token": "z"}))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(person))
    with pytest.raises(creds.CredentialsError, match="a person's"):
        creds.from_application_default(SUBJECT)


def test_the_deploy_guide_delegates_exactly_the_scopes_the_service_asks_for():
    guide = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    [listed] = re.findall(r"^(https://www\.googleapis\.com/auth/\S+,\S+)$", guide, re.M)
    assert tuple(listed.split(",")) == creds.SCOPES
    table = re.findall(r"^\| `(https://www\.googleapis\.com/auth/[^`]+)` \|", guide, re.M)
    assert tuple(table) == creds.SCOPES


# Every method the gateways call, and the discovery document's word on which scopes
# allow it: a scope dropped from SCOPES that a gateway still needs fails here.
GATEWAY_METHODS = {
    "drive": ["files.list", "files.get", "files.create", "files.update", "files.delete",
              "permissions.create", "permissions.list", "permissions.delete",
              "changes.getStartPageToken", "changes.list"],
    "sheets": ["spreadsheets.create", "spreadsheets.get", "spreadsheets.batchUpdate",
               "spreadsheets.values.batchGet", "spreadsheets.values.batchUpdate",
               "spreadsheets.values.append", "spreadsheets.values.batchClear",
               "spreadsheets.developerMetadata.search", "spreadsheets.values.batchGetByDataFilter",
               "spreadsheets.values.batchUpdateByDataFilter"],
    "forms": ["forms.create", "forms.get", "forms.batchUpdate", "forms.setPublishSettings",
              "forms.responses.list"],
    "classroom": ["courses.get", "courses.list", "courses.students.list",
                  "courses.teachers.list", "courses.announcements.create",
                  "courses.announcements.list"],
    "gmail": ["users.messages.send", "users.messages.list"],
}


@pytest.mark.parametrize("api", sorted(GATEWAY_METHODS))
def test_every_method_the_gateways_call_is_allowed_by_one_of_the_scopes(api):
    from googleapiclient.discovery_cache import get_static_doc
    version = {"drive": "v3", "sheets": "v4"}.get(api, "v1")
    doc = json.loads(get_static_doc(api, version))
    for path in GATEWAY_METHODS[api]:
        *resources, name = path.split(".")
        node = doc
        for resource in resources:
            node = node["resources"][resource]
        allowed = set(node["methods"][name]["scopes"])
        assert allowed & set(creds.SCOPES), f"{api}.{path} needs one of {sorted(allowed)}"
