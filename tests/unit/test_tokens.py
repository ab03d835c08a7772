"""The supervisor statement token: a link's token names the experience and the
supervisor we invited, until its expiry day; anything else a supervisor's form
carries gets a reason a coordinator can read in Needs review."""

from __future__ import annotations

import base64
import datetime

import pytest

from service.config import DEMO_TOKEN_KEY, Config, ConfigError, EmulatorConfig
from service.sync.tokens import (INCOMPLETE, MISSING, NOT_OURS, TokenKeyError, issue_token,
                                 token_id, token_key_from_env, token_keys,
                                 token_keys_from_text, verify_token)

D = datetime.date
KEY = b"k" * 32
OLD_KEY = b"o" * 32
EXPIRES = D(2027, 3, 3)
EXPERIENCE = "K7M-3QX"
SUPERVISOR = "coach.smith@swimclub.example"
SCHOOL = {"CAS_SUBJECT": "cas.coordinator@school.example",
          "CAS_SCHOOL_DOMAIN": "school.example", "CAS_COHORT": "2026-2028"}


def token(key=KEY, **overrides):
    args = dict(experience_id=EXPERIENCE, supervisor_email=SUPERVISOR, expires=EXPIRES)
    return issue_token(key, **{**args, **overrides})


def changed_at(text: str, index: int) -> str:
    swapped = "B" if text[index] != "B" else "C"
    return text[:index] + swapped + text[index + 1:]


def test_a_token_round_trips_to_the_experience_and_supervisor():
    check = verify_token(KEY, token(), today=D(2026, 10, 1))
    assert check and check.ok and check.reason == ""
    assert (check.experience_id, check.supervisor_email, check.expires) == \
        (EXPERIENCE, SUPERVISOR, EXPIRES)


def test_a_token_is_short_enough_to_paste_and_safe_in_a_url():
    text = token()
    assert len(text) <= 100
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@pytest.mark.parametrize("label, tamper, today, reason", [
    ("the expiry day itself", lambda t: t, EXPIRES, ""),
    ("the day after expiry", lambda t: t, D(2027, 3, 4), "The link expired on 3 March 2027"),
    ("a changed character in the middle", lambda t: changed_at(t, 40), EXPIRES, NOT_OURS),
    ("a changed first character (the version)", lambda t: changed_at(t, 0), EXPIRES, NOT_OURS),
    ("a changed character in the signature", lambda t: changed_at(t, -5), EXPIRES, NOT_OURS),
    ("the last characters cut off", lambda t: t[:-6], EXPIRES, INCOMPLETE),
    ("one character cut off", lambda t: t[:-1], EXPIRES, INCOMPLETE),
    ("only the first half", lambda t: t[:len(t) // 2], EXPIRES, INCOMPLETE),
    ("extra characters pasted after it", lambda t: t + "AAAA", EXPIRES, NOT_OURS),
    ("spaces around it (kept by the form)", lambda t: f"  {t}\n", EXPIRES, ""),
    ("characters base64 never has", lambda t: t[:10] + "!" + t[11:], EXPIRES, NOT_OURS),
    ("words typed instead of the token", lambda t: "I lost the link sorry", EXPIRES, NOT_OURS),
    ("nothing", lambda t: "   ", EXPIRES, MISSING),
])
def test_what_a_statement_carries_is_valid_or_has_its_reason(label, tamper, today, reason):
    check = verify_token(KEY, tamper(token()), today=today)
    assert check.ok == (reason == ""), label
    assert check.reason == reason, label


def test_another_key_is_not_ours():
    check = verify_token(KEY, token(key=b"x" * 32), today=D(2026, 10, 1))
    assert not check and check.reason == NOT_OURS
    assert check.experience_id == "" and check.supervisor_email == ""  # unsigned claims are not facts


def test_an_expired_token_still_says_which_experience_it_was_for():
    check = verify_token(KEY, token(), today=D(2027, 5, 1))
    assert check.reason == "The link expired on 3 March 2027"
    assert check.experience_id == EXPERIENCE and check.supervisor_email == SUPERVISOR


def test_a_token_for_another_experience_than_expected_is_refused_with_both_codes():
    check = verify_token(KEY, token(), today=EXPIRES, experience_id_hint="ABC-123")
    assert not check and check.reason == "The link is for experience K7M-3QX, not ABC-123"
    assert verify_token(KEY, token(), today=EXPIRES, experience_id_hint=EXPERIENCE)


def test_rotation_the_first_key_signs_and_every_key_verifies():
    rotated = [KEY, OLD_KEY]
    from_old_key = token(key=OLD_KEY)
    from_rotated = token(key=rotated)
    assert verify_token(rotated, from_old_key, today=EXPIRES)
    assert verify_token([KEY], from_rotated, today=EXPIRES)       # signed by the first
    assert not verify_token([OLD_KEY], from_rotated, today=EXPIRES)
    assert verify_token([b"n" * 32], from_old_key, today=EXPIRES).reason == NOT_OURS  # retired


def test_each_invitation_gets_its_own_token_unless_it_names_its_event():
    assert token() != token()
    assert token(nonce="approval K7M-3QX") == token(nonce="approval K7M-3QX")
    assert token(nonce="approval K7M-3QX") != token(nonce="re-invitation K7M-3QX")


def test_token_id_is_stable_distinct_and_not_the_token():
    first, second = token(), token()
    assert token_id(first) == token_id(f" {first} ") == verify_token(KEY, first, today=EXPIRES).token_id
    assert token_id(first) != token_id(second)
    assert first not in token_id(first) and not verify_token(KEY, token_id(first), today=EXPIRES)


def test_another_spelling_of_the_same_bytes_has_the_same_token_id():
    # base64's last character carries unused bits: changing them gives a string that
    # decodes to the same token, which must not pass as "not used yet".
    text = token()
    assert len(text) % 4 in (2, 3)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    respelled = text[:-1] + alphabet[alphabet.index(text[-1]) ^ 1]
    assert respelled != text
    assert verify_token(KEY, respelled, today=EXPIRES)
    assert token_id(respelled) == token_id(text)


def test_non_ascii_experience_codes_and_addresses_round_trip():
    check = verify_token(KEY, token(experience_id="ÉTÉ-1", supervisor_email="josé@club.example"),
                         today=EXPIRES)
    assert (check.experience_id, check.supervisor_email) == ("ÉTÉ-1", "josé@club.example")


@pytest.mark.parametrize("overrides", [
    dict(experience_id=""), dict(supervisor_email="  "), dict(supervisor_email="a" * 300),
    dict(expires=D(2019, 12, 31)), dict(expires=D(2200, 1, 1)),
])
def test_a_token_that_could_not_be_checked_is_never_issued(overrides):
    with pytest.raises(ValueError):
        token(**overrides)


@pytest.mark.parametrize("key", [b"", [], "a text key", [KEY, b""]])
def test_a_key_is_bytes_or_a_list_of_bytes(key):
    with pytest.raises(TypeError):
        token(key=key)


# The key: CAS_TOKEN_KEY, base64 as deploy/README.md §6 makes it with
# secrets.token_urlsafe(48) (URL-safe, no padding), newest first when rotating.

def test_keys_from_text_accept_urlsafe_and_standard_base64_newest_first():
    urlsafe = base64.urlsafe_b64encode(b"\xfb" * 48).decode().rstrip("=")
    standard = base64.b64encode(b"\xfc" * 33).decode()
    assert token_keys_from_text(f"{urlsafe}, {standard}") == (b"\xfb" * 48, b"\xfc" * 33)


@pytest.mark.parametrize("text, complaint", [
    ("", "empty"), ("a!key!with!bangs", "must be base64"),
    (base64.b64encode(b"short").decode(), "at least 32 bytes"),
])
def test_a_bad_key_is_refused_with_how_to_make_one(text, complaint):
    with pytest.raises(TokenKeyError, match=complaint):
        token_keys_from_text(text)


def test_talking_to_google_without_a_key_says_where_it_comes_from():
    with pytest.raises(TokenKeyError, match="CAS_TOKEN_KEY is required.*Secret Manager"):
        token_key_from_env({})
    with pytest.raises(TokenKeyError, match="CAS_TOKEN_KEY is required"):
        token_keys(Config.from_env(SCHOOL))


def test_the_demo_key_serves_the_emulator_only():
    demo = token_keys_from_text(DEMO_TOKEN_KEY)
    assert token_key_from_env({"CAS_EMULATOR_URL": "http://127.0.0.1:8765"}) == demo
    assert token_keys(EmulatorConfig()) == demo
    with pytest.raises(TokenKeyError, match="demo key, which is public"):
        token_key_from_env({"CAS_TOKEN_KEY": DEMO_TOKEN_KEY})
    with pytest.raises(ConfigError, match="demo key, which is public"):
        Config.from_env({**SCHOOL, "CAS_TOKEN_KEY": DEMO_TOKEN_KEY})


def test_the_schools_key_is_used_and_never_shown():
    secret = base64.urlsafe_b64encode(b"s" * 48).decode()
    config = Config.from_env({**SCHOOL, "CAS_TOKEN_KEY": secret})
    assert token_keys(config) == (b"s" * 48,)
    assert token_key_from_env({"CAS_TOKEN_KEY": secret}) == (b"s" * 48,)
    assert config.settings()["CAS_TOKEN_KEY"] == "(set, not shown)"
    assert secret not in repr(config.settings())
    assert EmulatorConfig().settings()["CAS_TOKEN_KEY"] == "the demo key (emulator only)"
