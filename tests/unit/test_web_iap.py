"""IAP's signed header is what proves who asks for a page in production
(https://cloud.google.com/iap/docs/signed-headers-howto: ES256, IAP's published
keys, ``aud`` /projects/NUMBER/apps/PROJECT_ID, ``exp``, ``iss``
https://cloud.google.com/iap). The keys here are made by the test and served
from 127.0.0.1 in IAP's JWK format; never the network."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests._iap import AUDIENCE, IapKeys
from service.web.auth import NotVerified, verify_iap


@pytest.fixture(scope="module")
def iap():
    keys = IapKeys()
    yield keys
    keys.close()


def test_a_token_signed_by_iaps_key_for_our_audience_names_the_person(iap):
    assert verify_iap(iap.token("Amara.Okafor@demo-school.example"), AUDIENCE,
                      iap.url) == "amara.okafor@demo-school.example"


def test_an_expired_token_is_refused(iap):
    with pytest.raises(NotVerified, match="xpired"):
        verify_iap(iap.token("coordinator@demo-school.example", expires_in=-60), AUDIENCE,
                   iap.url)


def test_a_token_for_another_apps_audience_is_refused(iap):
    with pytest.raises(NotVerified, match="udience"):
        verify_iap(iap.token("coordinator@demo-school.example",
                             audience="/projects/999/apps/another-school"), AUDIENCE, iap.url)


def test_a_token_signed_by_another_key_under_iaps_key_id_is_refused(iap):
    forger = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(NotVerified, match="ignature"):
        verify_iap(iap.token("coordinator@demo-school.example", key=forger), AUDIENCE, iap.url)


def test_a_token_signed_by_a_key_iap_does_not_publish_is_refused(iap):
    forger = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(NotVerified, match="signing key"):
        verify_iap(iap.token("coordinator@demo-school.example", key=forger, kid="forged"),
                   AUDIENCE, iap.url)


def test_a_token_not_issued_by_iap_is_refused(iap):
    with pytest.raises(NotVerified, match="not issued by IAP"):
        verify_iap(iap.token("coordinator@demo-school.example",
                             issuer="https://accounts.google.com"), AUDIENCE, iap.url)


@pytest.mark.parametrize("token", ["", "not-a-jwt"])
def test_a_missing_or_garbled_header_is_refused(iap, token):
    with pytest.raises(NotVerified):
        verify_iap(token, AUDIENCE, iap.url)


def test_without_an_audience_setting_nothing_is_accepted(iap):
    with pytest.raises(NotVerified, match="CAS_IAP_AUDIENCE"):
        verify_iap(iap.token("coordinator@demo-school.example"), "", iap.url)
