"""The OAuth token endpoint: service-account credentials with a subject act as that
subject, exactly the production credential path; bad assertions get invalid_grant."""

import json
import time

import google.auth.exceptions
import google.auth.jwt
import pytest
import requests
from google.auth.transport.requests import Request
from google.oauth2 import service_account
from googleapiclient import discovery

from service.workspace import clients

SCOPES = ["https://www.googleapis.com/auth/drive"]


@pytest.fixture
def key_file(emulator, tmp_path):
    key = requests.post(f"{emulator.url}/emulator/service-accounts").json()
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    return path


def drive_with(credentials, url):
    return discovery.build("drive", "v3", credentials=credentials, static_discovery=True,
                           client_options={"api_endpoint": clients.api_endpoint(url, "drive", "v3")})


def test_the_key_file_is_in_googles_format_and_points_at_the_emulator(emulator, key_file):
    key = json.loads(key_file.read_text())
    assert key["type"] == "service_account"
    assert key["token_uri"] == f"{emulator.url}/token"
    assert key["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    assert set(key) >= {"private_key_id", "client_email", "client_id"}


def test_credentials_with_a_subject_act_as_that_subject(emulator, key_file, drive_as):
    creds = service_account.Credentials.from_service_account_file(
        str(key_file), scopes=SCOPES, subject="coordinator@school.example")
    drive = drive_with(creds, emulator.url)
    made = drive.files().create(body={"name": "Made by delegation"}, fields="id,owners").execute()
    assert made["owners"][0]["emailAddress"] == "coordinator@school.example"
    # The coordinator, with the emulator's own token, sees the same file.
    assert drive_as("coordinator@school.example").files().get(fileId=made["id"]).execute()["name"] \
        == "Made by delegation"


def test_a_token_from_a_key_the_emulator_did_not_issue_is_invalid_grant(emulator, key_file, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = json.loads(key_file.read_text())
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key["private_key"] = stranger.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()).decode()
    creds = service_account.Credentials.from_service_account_info(key, scopes=SCOPES, subject="a@school.example")
    with pytest.raises(google.auth.exceptions.RefreshError, match="invalid_grant: Invalid JWT Signature"):
        creds.refresh(Request())


def test_an_expired_assertion_is_invalid_grant(emulator, key_file):
    key = json.loads(key_file.read_text())
    signer = service_account.Credentials.from_service_account_info(key).signer
    past = int(time.time()) - 7200
    assertion = google.auth.jwt.encode(signer, {
        "iss": key["client_email"], "sub": "a@school.example", "scope": SCOPES[0],
        "aud": key["token_uri"], "iat": past, "exp": past + 3600}).decode()
    answer = requests.post(key["token_uri"], data={
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert "short-lived" in answer.json()["error_description"]


def test_an_unknown_bearer_token_is_401(emulator):
    answer = requests.get(f"{emulator.url}/drive/v3/about", params={"fields": "user"},
                          headers={"Authorization": "Bearer ya29.not-a-token"})
    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"
