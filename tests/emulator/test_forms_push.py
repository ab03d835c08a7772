"""Push delivery of Forms watch notifications: Pub/Sub's push envelope, with an
OIDC token the receiver verifies against the key the emulator publishes."""

import base64
import time

import google.auth.transport.requests
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from google.oauth2 import id_token

from emulator.forms import pubsub

TOPIC = "projects/cas-school/topics/forms"


@pytest.fixture
def watched(emulator, forms, new_form):
    """A published form with a RESPONSES watch on TOPIC; returns (form ID, question ID, watch)."""
    form_id, (question_id,) = new_form({"textQuestion": {}})
    watch = forms.forms().watches().create(formId=form_id, body={"watch": {
        "target": {"topic": {"topicName": TOPIC}}, "eventType": "RESPONSES"}}).execute()
    return form_id, question_id, watch


def respond(emulator, form_id, question_id):
    return emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "x"})


def bearer(request):
    scheme, _, token = request["headers"]["Authorization"].partition(" ")
    assert scheme == "Bearer"
    return token


def test_a_response_is_pushed_in_pubsubs_envelope(emulator, watched, push_receiver):
    form_id, question_id, watch = watched
    emulator.world.forms.set_push_endpoint(TOPIC, push_receiver.url + "/push/forms")
    respond(emulator, form_id, question_id)
    (request,) = push_receiver.wait_for(1)
    assert request["path"] == "/push/forms"
    message = request["body"]["message"]
    assert message["attributes"] == {"eventType": "RESPONSES", "formId": form_id, "watchId": watch["id"]}
    assert message["messageId"] == message["message_id"]
    assert message["publishTime"] == message["publish_time"]
    assert "data" not in message  # a Forms notification carries no form or response data
    assert request["body"]["subscription"] == "projects/cas-school/subscriptions/forms-push"


def test_the_oidc_token_verifies_with_google_auth_against_the_published_certs(emulator, watched, push_receiver):
    form_id, question_id, _ = watched
    url = push_receiver.url + "/push/forms"
    emulator.world.forms.set_push_endpoint(TOPIC, url)
    respond(emulator, form_id, question_id)
    (request,) = push_receiver.wait_for(1)
    claims = id_token.verify_token(bearer(request), google.auth.transport.requests.Request(),
                                   audience=url, certs_url=push_receiver.url + "/certs")
    assert claims["iss"] == "https://accounts.google.com"
    assert claims["email"] == pubsub.PUSH_SERVICE_ACCOUNT and claims["email_verified"] is True
    assert claims["iat"] <= time.time() < claims["exp"]


def test_the_token_audience_is_the_configured_one_and_names_the_push_account(emulator, watched, push_receiver):
    form_id, question_id, _ = watched
    emulator.world.forms.set_push_endpoint(TOPIC, push_receiver.url + "/push", audience="cas-push",
                                           service_account_email="push@cas-school.iam.gserviceaccount.com")
    respond(emulator, form_id, question_id)
    (request,) = push_receiver.wait_for(1)
    claims = id_token.verify_token(bearer(request), google.auth.transport.requests.Request(),
                                   audience="cas-push", certs_url=push_receiver.url + "/certs")
    assert claims["email"] == "push@cas-school.iam.gserviceaccount.com"


def test_the_token_verifies_against_the_jwks_too(emulator, watched, push_receiver):
    form_id, question_id, _ = watched
    emulator.world.forms.set_push_endpoint(TOPIC, push_receiver.url + "/push")
    respond(emulator, form_id, question_id)
    (request,) = push_receiver.wait_for(1)
    head, body, signature = bearer(request).split(".")
    (key,) = pubsub.jwks()["keys"]
    number = lambda b64: int.from_bytes(base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)), "big")  # noqa: E731
    public = rsa.RSAPublicNumbers(number(key["e"]), number(key["n"])).public_key()
    public.verify(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
                  f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    assert key["alg"] == "RS256" and key["use"] == "sig"


def test_a_token_from_another_key_does_not_verify(push_receiver):
    foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    genuine = pubsub.oidc_token("aud")
    head, body, _ = genuine.split(".")
    forged = foreign.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    token = f"{head}.{body}." + base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
    with pytest.raises(ValueError):
        id_token.verify_token(token, google.auth.transport.requests.Request(), audience="aud",
                              certs_url=push_receiver.url + "/certs")


def test_without_a_push_endpoint_the_message_is_published_but_not_delivered(emulator, watched, push_receiver):
    form_id, question_id, _ = watched
    respond(emulator, form_id, question_id)
    time.sleep(0.3)
    assert len(emulator.world.forms.published) == 1 and push_receiver.requests == []


def test_a_receiver_that_is_down_fails_nothing_and_is_retried(emulator, watched, push_receiver, forms):
    form_id, question_id, _ = watched
    push_receiver.status = 503
    emulator.world.forms.set_push_endpoint(TOPIC, push_receiver.url + "/push")
    started = time.monotonic()
    respond(emulator, form_id, question_id)
    assert time.monotonic() - started < 2.0   # retrying inline would take 3.7 s: it did not wait
    push_receiver.wait_for(2)
    push_receiver.status = 204
    push_receiver.wait_for(3)
    deadline = time.monotonic() + 5
    while not emulator.world.forms.deliveries.all()[0]["delivered"] and time.monotonic() < deadline:
        time.sleep(0.05)
    record = emulator.world.forms.deliveries.all()[0]
    assert record["delivered"] and record["attempts"] >= 3
    assert len(forms.forms().responses().list(formId=form_id).execute()["responses"]) == 1


def test_an_unreachable_receiver_does_not_fail_the_api_call(emulator, forms, new_form):
    form_id, _ = new_form({"textQuestion": {}})
    forms.forms().watches().create(formId=form_id, body={"watch": {
        "target": {"topic": {"topicName": TOPIC}}, "eventType": "SCHEMA"}}).execute()
    emulator.world.forms.set_push_endpoint(TOPIC, "http://127.0.0.1:9/nobody-listens")
    forms.forms().batchUpdate(formId=form_id, body={"requests": [
        {"updateFormInfo": {"info": {"title": "New"}, "updateMask": "title"}}]}).execute()
    assert forms.forms().get(formId=form_id).execute()["info"]["title"] == "New"



def test_a_push_subscription_set_through_the_control_plane_delivers_a_token_verifiable_at_oauth2_certs(
        emulator, watched, push_receiver):
    import requests
    form_id, question_id, _ = watched
    url = push_receiver.url + "/push/forms"
    answer = requests.post(f"{emulator.url}/emulator/pubsub/subscriptions",
                           json={"topic": TOPIC, "pushEndpoint": url, "audience": "cas-workspace"})
    assert answer.status_code == 200
    respond(emulator, form_id, question_id)
    (request,) = push_receiver.wait_for(1)
    # The receiver fetches the keys where Google publishes its own (oauth2/v1/certs), on the emulator.
    claims = id_token.verify_token(bearer(request), google.auth.transport.requests.Request(),
                                   audience="cas-workspace", certs_url=f"{emulator.url}/oauth2/v1/certs")
    assert claims["iss"] == "https://accounts.google.com"
    jwks = requests.get(f"{emulator.url}/oauth2/v3/certs").json()
    assert [k["kty"] for k in jwks["keys"]] == ["RSA"]


def advance_clock(emulator, seconds):
    import requests
    answer = requests.post(f"{emulator.url}/emulator/clock", json={"advanceSeconds": seconds}, timeout=10)
    assert answer.status_code == 200


def test_an_expired_watch_pushes_nothing_and_a_renewed_one_still_does(emulator, forms, new_form, push_receiver):
    # forms.watches: "A watch expires seven days after it is created unless it is renewed
    # with watches.renew"; the target receives notifications "until the watch expires"
    # (https://developers.google.com/workspace/forms/api/guides/push-notifications).
    expiring_form, (expiring_question,) = new_form({"textQuestion": {}})
    renewed_form, (renewed_question,) = new_form({"textQuestion": {}})
    for form_id in (expiring_form, renewed_form):
        forms.forms().watches().create(formId=form_id, body={"watch": {
            "target": {"topic": {"topicName": TOPIC}}, "eventType": "RESPONSES"}}).execute()
    emulator.world.forms.set_push_endpoint(TOPIC, push_receiver.url + "/push")
    advance_clock(emulator, 6 * 86400)
    renewed_id = forms.forms().watches().list(formId=renewed_form).execute()["watches"][0]["id"]
    forms.forms().watches().renew(formId=renewed_form, watchId=renewed_id).execute()
    advance_clock(emulator, 86400 + 1)        # seven days and a second after creation
    respond(emulator, expiring_form, expiring_question)
    respond(emulator, renewed_form, renewed_question)
    (request,) = push_receiver.wait_for(1)
    time.sleep(0.3)                            # a push for the expired watch would have come by now
    assert [r["body"]["message"]["attributes"]["formId"] for r in push_receiver.requests] == [renewed_form]
    assert [m["attributes"]["formId"] for m in emulator.world.forms.published] == [renewed_form]
