"""Latency, injected errors and per-user quotas set through POST /emulator/faults,
answered the way each Google API answers them."""

import time

import pytest
import requests
from googleapiclient.errors import HttpError


def configure(emulator, config):
    answer = requests.post(f"{emulator.url}/emulator/faults", json=config)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_faults_are_off_by_default(emulator, drive):
    for _ in range(10):  # well over the google preset's Drive write rate
        drive.files().create(body={"name": "n"}).execute()


def test_sheets_answers_429_resource_exhausted_after_60_reads_a_minute_per_user(emulator, sheets_as):
    # Sheets: 60 read requests per minute per user (https://developers.google.com/sheets/api/limits).
    owner = sheets_as("owner@school.example")
    sid = owner.spreadsheets().create(body={"properties": {"title": "Q"}}).execute()["spreadsheetId"]
    configure(emulator, {"preset": "google"})
    for _ in range(60):
        owner.spreadsheets().get(spreadsheetId=sid, fields="spreadsheetId").execute()
    with pytest.raises(HttpError) as caught:
        owner.spreadsheets().get(spreadsheetId=sid, fields="spreadsheetId").execute()
    assert caught.value.status_code == 429
    assert "Read requests per minute per user" in caught.value.reason
    # Writes have a budget of their own, and other users are not affected.
    owner.spreadsheets().values().update(spreadsheetId=sid, range="A1", valueInputOption="RAW",
                                         body={"values": [["still writable"]]}).execute()
    stats = requests.get(f"{emulator.url}/emulator/stats").json()
    assert stats["throttled"] == {"sheets.spreadsheets.get": 1}


def test_drive_answers_403_user_rate_limit_exceeded_over_its_write_rate(emulator, drive):
    configure(emulator, {"rules": [{"api": "drive", "group": "write",
                                    "quota": {"limit": 2, "perSeconds": 1}}]})
    drive.files().create(body={"name": "1"}).execute()
    drive.files().create(body={"name": "2"}).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"name": "3"}).execute()
    assert caught.value.status_code == 403
    assert caught.value.error_details[0]["reason"] == "userRateLimitExceeded"
    drive.files().list(fields="files(id)").execute()  # reads are not in the write group
    time.sleep(1.05)  # the window slides: the user may write again
    drive.files().create(body={"name": "4"}).execute()


def test_an_error_rate_fails_that_share_of_calls_with_the_chosen_status(emulator, drive):
    configure(emulator, {"seed": 7, "rules": [{"api": "drive", "methods": ["drive.files.list"],
                                               "errorRate": 0.5, "errorStatus": 503}]})
    outcomes = []
    for _ in range(40):
        try:
            drive.files().list().execute()
            outcomes.append("ok")
        except HttpError as err:
            outcomes.append(err.status_code)
    assert set(outcomes) == {"ok", 503}
    assert 8 <= outcomes.count(503) <= 32
    drive.files().create(body={"name": "other methods are untouched"}).execute()


def test_latency_is_added_to_matching_calls(emulator, drive):
    configure(emulator, {"rules": [{"api": "drive", "latency": {"distribution": "fixed", "ms": 300}}]})
    start = time.monotonic()
    drive.files().list().execute()
    assert time.monotonic() - start >= 0.3


def test_a_bad_fault_config_is_400_and_delete_switches_faults_off(emulator, drive):
    answer = requests.post(f"{emulator.url}/emulator/faults", json={"rules": [{"errorStatus": 404}]})
    assert answer.status_code == 400
    configure(emulator, {"rules": [{"api": "drive", "errorRate": 1.0}]})
    requests.delete(f"{emulator.url}/emulator/faults")
    drive.files().list().execute()


def test_gmail_over_its_send_quota_answers_429_with_retry_after(emulator):
    # Gmail answers rateLimitExceeded with "Retry after <time>" and a Retry-After header.
    from service.workspace import clients
    gmail = clients.build("gmail", "v1", clients.EmulatorCredentials("sender@school.example"), emulator.url)
    configure(emulator, {"rules": [{"api": "gmail", "methods": ["gmail.users.messages.send"],
                                    "quota": {"limit": 1, "perSeconds": 60}}]})
    import base64
    from email.message import EmailMessage
    mail = EmailMessage()
    mail["To"], mail["From"], mail["Subject"] = "a@school.example", "sender@school.example", "Hi"
    mail.set_content("Hello")
    raw = base64.urlsafe_b64encode(mail.as_bytes()).decode()
    gmail.users().messages().send(userId="me", body={"raw": raw}).execute()
    with pytest.raises(HttpError) as caught:
        gmail.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert caught.value.status_code == 429
    assert caught.value.resp["retry-after"]
    assert "Retry after" in caught.value.reason


def test_a_quota_of_zero_refuses_every_call_as_the_api_does(emulator, drive):
    configure(emulator, {"rules": [{"api": "drive", "group": "write", "quota": {"limit": 0, "perSeconds": 60}}]})
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"name": "never"}).execute()
    assert caught.value.status_code == 403
    assert caught.value.error_details[0]["reason"] == "userRateLimitExceeded"
