"""Every endpoint proves who is calling before doing anything (DESIGN.md §4).

Cron and task endpoints: App Engine's own header (X-Appengine-Cron: true,
X-AppEngine-QueueName), which App Engine strips from outside requests, and only
on App Engine (GAE_ENV=standard with GAE_APPLICATION); off App Engine, the header
AND the local secret (X-CAS-Local-Task-Secret = CAS_LOCAL_TASK_SECRET). The push
endpoint: Pub/Sub's OIDC token, verified with google-auth (signature, expiry,
audience, issuer, the push service account). Each refusal is checked to have made
no API call and enqueued nothing."""

import base64
import json
import time

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from _web import AUDIENCE, SECRET, web_config
from emulator.forms import pubsub
from service.app import create_app

CRON = [("get", "/tasks/sync"), ("get", "/tasks/watches")]
TASKS = [("post", "/tasks/sync/2026-2028"), ("post", "/tasks/provision/2026-2028"),
         ("post", "/tasks/setup/2026-2028"), ("post", "/tasks/report/2026-2028")]
PUSH_BODY = {"message": {"attributes": {"eventType": "RESPONSES", "formId": "nope",
                                        "watchId": "w"}, "messageId": "1"},
             "subscription": "projects/emulator-project/subscriptions/cas-forms-push"}


def calls(emulator) -> int:
    return requests.get(f"{emulator.url}/emulator/stats", timeout=10).json()["total"]


@pytest.fixture
def client(emulator):
    return create_app(web_config(emulator)).test_client()


@pytest.fixture
def on_app_engine(monkeypatch):
    monkeypatch.setenv("GAE_ENV", "standard")
    monkeypatch.setenv("GAE_APPLICATION", "e~cas-school")


def refused(answer, status=403):
    assert answer.status_code == status, answer.get_data(as_text=True)
    return answer.get_json()["error"]


@pytest.mark.parametrize("method, path", CRON + TASKS)
def test_without_app_engines_header_it_is_refused_even_with_the_secret(client, emulator, method,
                                                                        path):
    answer = getattr(client, method)(path, headers={"X-CAS-Local-Task-Secret": SECRET})
    assert "only App Engine may call this" in refused(answer)
    assert calls(emulator) == 0


@pytest.mark.parametrize("method, path", CRON + TASKS)
def test_off_app_engine_the_header_alone_is_refused(client, emulator, method, path):
    header = "X-Appengine-Cron" if method == "get" else "X-AppEngine-QueueName"
    answer = getattr(client, method)(path, headers={header: "true" if method == "get" else "sync"})
    assert "X-CAS-Local-Task-Secret does not match" in refused(answer)
    assert calls(emulator) == 0


@pytest.mark.parametrize("method, path", CRON + TASKS)
def test_off_app_engine_a_wrong_secret_is_refused(client, emulator, method, path):
    header = "X-Appengine-Cron" if method == "get" else "X-AppEngine-QueueName"
    answer = getattr(client, method)(path, headers={
        header: "true" if method == "get" else "sync", "X-CAS-Local-Task-Secret": SECRET + "x"})
    assert "does not match" in refused(answer)
    assert calls(emulator) == 0


@pytest.mark.parametrize("method, path", CRON + TASKS)
def test_off_app_engine_without_a_local_secret_set_everything_is_refused(emulator, method, path):
    client = create_app(web_config(emulator, local_task_secret="")).test_client()
    header = "X-Appengine-Cron" if method == "get" else "X-AppEngine-QueueName"
    answer = getattr(client, method)(path, headers={
        header: "true" if method == "get" else "sync", "X-CAS-Local-Task-Secret": ""})
    assert "CAS_LOCAL_TASK_SECRET is not set" in refused(answer)
    assert calls(emulator) == 0


def test_a_cron_header_other_than_true_is_refused(client, emulator):
    answer = client.get("/tasks/sync", headers={"X-Appengine-Cron": "false",
                                                "X-CAS-Local-Task-Secret": SECRET})
    refused(answer)
    assert calls(emulator) == 0


@pytest.mark.parametrize("method, path", [("get", "/tasks/sync/2026-2028"),
                                          ("post", "/tasks/sync"), ("post", "/tasks/watches")])
def test_a_cron_request_cannot_call_a_task_endpoint_nor_the_reverse(client, emulator, method,
                                                                     path):
    headers = {"X-Appengine-Cron": "true", "X-CAS-Local-Task-Secret": SECRET}
    assert getattr(client, method)(path, headers=headers).status_code == 405
    answer = client.post("/tasks/sync/2026-2028", headers=headers)
    assert "X-AppEngine-QueueName is missing" in refused(answer)
    answer = client.get("/tasks/sync", headers={"X-AppEngine-QueueName": "sync",
                                                "X-CAS-Local-Task-Secret": SECRET})
    assert "X-Appengine-Cron is missing" in refused(answer)
    assert calls(emulator) == 0


@pytest.mark.parametrize("method, path", CRON + TASKS)
def test_on_app_engine_a_request_without_the_header_is_refused_secret_or_not(
        on_app_engine, emulator, method, path):
    client = create_app(web_config(emulator)).test_client()
    answer = getattr(client, method)(path, headers={"X-CAS-Local-Task-Secret": SECRET})
    assert "only App Engine may call this" in refused(answer)
    assert calls(emulator) == 0


def test_on_app_engine_the_cron_header_is_the_proof(on_app_engine, emulator, school):
    client = create_app(web_config(emulator, local_task_secret="")).test_client()
    answer = client.get("/tasks/sync", headers={"X-Appengine-Cron": "true"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["enqueued"] == []          # no cohort in this school yet
    assert calls(emulator) == 1                          # the one Drive listing


def test_off_app_engine_header_and_secret_are_the_proof(client, emulator, school):
    answer = client.get("/tasks/sync", headers={"X-Appengine-Cron": "true",
                                                "X-CAS-Local-Task-Secret": SECRET})
    assert answer.status_code == 200, answer.get_data(as_text=True)


# -- the push endpoint ---------------------------------------------------------------
def push(client, token=None, scheme="Bearer"):
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    return client.post("/push/forms", json=PUSH_BODY, headers=headers)


def forged(claims: dict) -> str:
    """A token shaped like Google's, signed by a key Google never published."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    head = enc({"alg": "RS256", "kid": pubsub._ensure_key()["kid"], "typ": "JWT"})
    signing_input = f"{head}.{enc(claims)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


def test_a_push_without_a_token_is_401(client, emulator):
    assert "no bearer token" in refused(push(client), 401)
    assert "no bearer token" in refused(push(client, "abc", scheme="Basic"), 401)
    assert calls(emulator) == 0


def test_a_push_with_a_malformed_token_is_403(client, emulator):
    assert "not valid" in refused(push(client, "not.a.jwt"))
    assert calls(emulator) == 0


def test_a_push_token_for_another_audience_is_403(client, emulator):
    token = pubsub.oidc_token("https://someone-else.example/push")
    assert "not valid" in refused(push(client, token))
    assert calls(emulator) == 0


def test_a_push_token_of_another_service_account_is_403(client, emulator):
    token = pubsub.oidc_token(AUDIENCE, email="attacker@evil-project.iam.gserviceaccount.com")
    assert "not the push subscription's service account" in refused(push(client, token))
    assert calls(emulator) == 0


def test_a_push_token_signed_by_another_key_is_403(client, emulator):
    now = int(time.time())
    token = forged({"iss": "https://accounts.google.com", "aud": AUDIENCE,
                    "email": pubsub.PUSH_SERVICE_ACCOUNT, "email_verified": True,
                    "iat": now, "exp": now + 3600, "sub": "1"})
    assert "not valid" in refused(push(client, token))
    assert calls(emulator) == 0


def test_an_expired_push_token_is_403(client, emulator):
    token = pubsub.oidc_token(AUDIENCE, now=time.time() - 7200)
    assert "not valid" in refused(push(client, token))
    assert calls(emulator) == 0


def test_without_push_settings_every_push_is_refused(emulator):
    client = create_app(web_config(emulator, push_audience="")).test_client()
    answer = push(client, pubsub.oidc_token(AUDIENCE))
    assert "push is not configured" in refused(answer)
    assert calls(emulator) == 0


def test_a_valid_push_for_a_form_no_cohort_has_is_acknowledged_and_ignored(client, emulator,
                                                                           school):
    answer = push(client, pubsub.oidc_token(AUDIENCE))
    assert answer.status_code == 200 and answer.get_json()["outcome"] == "ignored"
    assert "no cohort has the form nope" in answer.get_json()["detail"]


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"message": "x"}',
                                  b'{"message": {"attributes": {"eventType": "RESPONSES"}}}',
                                  b'{"message": {"attributes": {"formId": "f", '
                                  b'"eventType": "SCHEMA"}}}'])
def test_a_malformed_or_useless_push_is_acknowledged_so_pubsub_does_not_retry_it(
        client, emulator, body):
    answer = client.post("/push/forms", data=body, content_type="application/json",
                         headers={"Authorization": f"Bearer {pubsub.oidc_token(AUDIENCE)}"})
    assert answer.status_code == 200 and answer.get_json()["outcome"] == "ignored"
    assert calls(emulator) == 0
