"""The emulator's shared behaviour: routing at Google's paths, identity, validation
against the discovery documents and Google's error envelope."""

import pytest
import requests
from googleapiclient.errors import HttpError


def test_health_answers_ok(emulator):
    assert requests.get(f"{emulator.url}/emulator/health").json() == {"status": "ok"}


def test_a_call_without_a_bearer_token_is_401_in_googles_envelope(emulator):
    answer = requests.get(f"{emulator.url}/drive/v3/about", params={"fields": "user"})
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["status"] == "UNAUTHENTICATED" and error["code"] == 401
    assert error["errors"][0]["reason"] == "required"


def test_an_unknown_query_parameter_is_rejected_as_google_does(emulator):
    answer = requests.get(f"{emulator.url}/drive/v3/files", params={"colour": "red"},
                          headers={"Authorization": "Bearer emulator:a@school.example"})
    assert answer.status_code == 400
    assert 'Unknown name "colour"' in answer.json()["error"]["message"]


def test_a_discovery_method_without_a_handler_answers_501(emulator, drive):
    with pytest.raises(HttpError) as caught:
        drive.comments().list(fileId="x", fields="*").execute()
    assert caught.value.status_code == 501


def test_an_unknown_body_field_names_the_field_and_its_path(emulator, sheets):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(body={"properties": {"title": "T", "colour": "red"}}).execute()
    assert caught.value.status_code == 400
    assert "Unknown name \"colour\" at 'properties'" in caught.value.reason


def test_a_wrong_type_in_the_body_is_400_naming_the_field(emulator, sheets):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(
            body={"sheets": [{"properties": {"gridProperties": {"rowCount": "many"}}}]}).execute()
    assert caught.value.status_code == 400
    assert "sheets[0].properties.grid_properties.row_count" in caught.value.reason
