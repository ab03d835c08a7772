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


AS_A = {"Authorization": "Bearer emulator:coordinator@school.example"}


def test_sheets_refuses_a_query_parameter_it_cannot_bind_as_google_does(emulator, sheets):
    # Google: 'Unknown name "...": Cannot bind query parameter' (VBA-tools/VBA-Web#332).
    book = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    answer = requests.get(f"{emulator.url}/v4/spreadsheets/{book}", params={"colour": "red"},
                          headers=AS_A)
    assert answer.status_code == 400
    assert 'Unknown name "colour": Cannot bind query parameter' in answer.json()["error"]["message"]


def test_drive_ignores_a_query_parameter_its_method_does_not_declare(emulator):
    # Google answers 200 to gspread's files.get?includeItemsFromAllDrives=True, a parameter
    # files.get does not declare (gspread tests/cassettes/SpreadsheetTest.test_creationTime_prop.json).
    answer = requests.get(f"{emulator.url}/drive/v3/files", params={"colour": "red"}, headers=AS_A)
    assert answer.status_code == 200 and answer.json()["kind"] == "drive#fileList"


@pytest.mark.parametrize("name", ["userIp", "$userProject", "$ct", "api_key"])
def test_every_api_takes_googles_system_parameters(emulator, sheets, name):
    # cloud.google.com/apis/docs/system-parameters: "available across all Google REST APIs".
    book = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    answer = requests.get(f"{emulator.url}/v4/spreadsheets/{book}", params={name: "x"}, headers=AS_A)
    assert answer.status_code == 200


def test_a_dollar_system_parameter_is_the_same_as_its_plain_name(emulator, sheets):
    book = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    answer = requests.get(f"{emulator.url}/v4/spreadsheets/{book}",
                          params={"$fields": "spreadsheetId"}, headers=AS_A)
    assert answer.json() == {"spreadsheetId": book}


def test_a_discovery_method_without_a_handler_answers_501(emulator, drive):
    with pytest.raises(HttpError) as caught:
        drive.revisions().list(fileId="x", fields="*").execute()
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
