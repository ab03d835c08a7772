"""forms.create and forms.get: a new form is an empty Drive file of the caller's,
with only a title; who may read it is decided by Drive sharing."""

import json
import re
from urllib.parse import urlsplit

import pytest
from googleapiclient.errors import HttpError

OWNER = "coordinator@school.example"
STUDENT = "student@school.example"


def test_create_keeps_the_title_and_document_title_and_answers_a_form_resource(forms):
    form = forms.forms().create(body={"info": {"title": "Reflection", "documentTitle": "CAS 2026 – Reflection"}}).execute()
    assert form["info"] == {"title": "Reflection", "documentTitle": "CAS 2026 – Reflection"}
    assert re.fullmatch(r"1[A-Za-z0-9_-]{43}", form["formId"])
    assert form["revisionId"]
    assert "items" not in form


def test_the_document_title_defaults_to_the_title(forms):
    form = forms.forms().create(body={"info": {"title": "Proposal"}}).execute()
    assert form["info"]["documentTitle"] == "Proposal"


@pytest.mark.parametrize("body", [
    {"info": {"title": "T", "description": "set later"}},
    {"info": {"title": "T"}, "items": [{"title": "Q", "textItem": {}}]},
    {"info": {"title": "T"}, "settings": {"emailCollectionType": "VERIFIED"}},
], ids=["description", "items", "settings"])
def test_create_refuses_anything_but_the_titles_as_the_reference_says_they_are_disallowed(forms, body):
    with pytest.raises(HttpError) as caught:
        forms.forms().create(body=body).execute()
    assert caught.value.status_code == 400


def responder_path(uri):
    """The responder link's path: Google's, on whatever host serves the people pages."""
    return urlsplit(uri).path


def test_the_responder_uri_is_a_viewform_link_that_stays_the_same(emulator, forms):
    form = forms.forms().create(body={"info": {"title": "T"}}).execute()
    path = responder_path(form["responderUri"])
    assert re.fullmatch(r"/forms/d/e/1FAIpQLS[A-Za-z0-9_-]{48}/viewform", path)
    forms.forms().batchUpdate(formId=form["formId"], body={"requests": [
        {"updateFormInfo": {"info": {"title": "Renamed"}, "updateMask": "title"}}]}).execute()
    assert responder_path(forms.forms().get(formId=form["formId"]).execute()["responderUri"]) == path
    responder_id = path.split("/")[4]
    assert emulator.world.forms.form_by_responder_id(responder_id)["formId"] == form["formId"]


def test_a_form_created_through_the_api_starts_unpublished_since_mid_2026(forms):
    form = forms.forms().create(body={"info": {"title": "T"}}).execute()
    state = form["publishSettings"]["publishState"]
    assert not state.get("isPublished") and not state.get("isAcceptingResponses")


def test_unpublished_false_asks_for_a_published_form(forms):
    form = forms.forms().create(body={"info": {"title": "T"}}, unpublished=False).execute()
    assert form["publishSettings"]["publishState"] == {"isPublished": True, "isAcceptingResponses": True}


def test_a_workspace_owners_form_collects_verified_emails_by_default(forms_as):
    # FormSettings.emailCollectionType: VERIFIED is the "Default value if the form
    # owner uses a Google Workspace account", DO_NOT_COLLECT for a Google account.
    workspace = forms_as(OWNER).forms().create(body={"info": {"title": "T"}}).execute()
    consumer = forms_as("someone@gmail.com").forms().create(body={"info": {"title": "T"}}).execute()
    assert workspace["settings"]["emailCollectionType"] == "VERIFIED"
    assert consumer["settings"]["emailCollectionType"] == "DO_NOT_COLLECT"


def test_the_form_is_a_drive_file_of_the_caller_in_their_my_drive(forms, drive):
    form_id = forms.forms().create(body={"info": {"title": "T", "documentTitle": "Doc"}}).execute()["formId"]
    f = drive.files().get(fileId=form_id, fields="name,mimeType,parents,owners").execute()
    root = drive.files().get(fileId="root", fields="id").execute()["id"]
    assert f["mimeType"] == "application/vnd.google-apps.form"
    assert f["name"] == "Doc" and f["parents"] == [root]
    assert [o["emailAddress"] for o in f["owners"]] == [OWNER]
    listed = drive.files().list(q="mimeType='application/vnd.google-apps.form'", fields="files(id)").execute()
    assert [x["id"] for x in listed["files"]] == [form_id]


def test_app_properties_set_through_drive_find_the_form_again(forms, drive):
    form_id = forms.forms().create(body={"info": {"title": "T"}}).execute()["formId"]
    drive.files().update(fileId=form_id, body={"appProperties": {"casKind": "reflection"}}).execute()
    found = drive.files().list(q="appProperties has { key='casKind' and value='reflection' }",
                               fields="files(id)").execute()["files"]
    assert [f["id"] for f in found] == [form_id]


def test_renaming_the_file_in_drive_changes_the_document_title_not_the_title(forms, drive):
    form_id = forms.forms().create(body={"info": {"title": "Reflection"}}).execute()["formId"]
    drive.files().update(fileId=form_id, body={"name": "Renamed in Drive"}).execute()
    info = forms.forms().get(formId=form_id).execute()["info"]
    assert info == {"title": "Reflection", "documentTitle": "Renamed in Drive"}


def test_another_user_without_access_gets_404_as_if_the_form_did_not_exist(forms, forms_as):
    form_id = forms.forms().create(body={"info": {"title": "T"}}).execute()["formId"]
    with pytest.raises(HttpError) as caught:
        forms_as(STUDENT).forms().get(formId=form_id).execute()
    assert caught.value.status_code == 404
    assert json.loads(caught.value.content)["error"]["status"] == "NOT_FOUND"


def test_sharing_the_file_in_drive_lets_another_user_read_the_form(forms, forms_as, drive):
    form_id = forms.forms().create(body={"info": {"title": "T"}}).execute()["formId"]
    drive.permissions().create(fileId=form_id, body={"type": "user", "role": "reader",
                                                     "emailAddress": STUDENT}).execute()
    assert forms_as(STUDENT).forms().get(formId=form_id).execute()["formId"] == form_id


def test_a_reader_cannot_change_the_form(forms, forms_as, drive):
    form_id = forms.forms().create(body={"info": {"title": "T"}}).execute()["formId"]
    drive.permissions().create(fileId=form_id, body={"type": "user", "role": "reader",
                                                     "emailAddress": STUDENT}).execute()
    with pytest.raises(HttpError) as caught:
        forms_as(STUDENT).forms().batchUpdate(formId=form_id, body={"requests": [
            {"updateFormInfo": {"info": {"title": "Mine"}, "updateMask": "title"}}]}).execute()
    assert caught.value.status_code == 403


def test_the_id_of_a_drive_file_that_is_not_a_form_is_404(forms, drive):
    spreadsheet_id = drive.files().create(body={
        "name": "Master", "mimeType": "application/vnd.google-apps.spreadsheet"}).execute()["id"]
    with pytest.raises(HttpError) as caught:
        forms.forms().get(formId=spreadsheet_id).execute()
    assert caught.value.status_code == 404


def test_a_form_created_through_drive_is_an_empty_form_for_the_forms_api(forms, drive):
    form_id = drive.files().create(body={
        "name": "Interview record", "mimeType": "application/vnd.google-apps.form"}).execute()["id"]
    form = forms.forms().get(formId=form_id).execute()
    assert form["info"] == {"title": "Interview record", "documentTitle": "Interview record"}
    assert "items" not in form


def test_a_form_and_its_responses_survive_a_restart_with_a_data_folder(tmp_path):
    from emulator.app import create_app
    from emulator.server import RunningEmulator
    from service.workspace import clients

    def forms_on(running):
        return clients.build("forms", "v1", clients.EmulatorCredentials(OWNER), running.url)

    with RunningEmulator(create_app(data_dir=tmp_path)) as first:
        service = forms_on(first)
        form = service.forms().create(body={"info": {"title": "Kept"}}, unpublished=False).execute()
        reply = service.forms().batchUpdate(formId=form["formId"], body={"requests": [{"createItem": {
            "item": {"title": "Q", "questionItem": {"question": {"textQuestion": {}}}},
            "location": {"index": 0}}}]}).execute()
        question_id = reply["replies"][0]["createItem"]["questionId"][0]
        first.world.forms.submit_response(form["formId"], STUDENT, {question_id: "kept"})
    with RunningEmulator(create_app(data_dir=tmp_path)) as second:
        service = forms_on(second)
        again = service.forms().get(formId=form["formId"]).execute()
        responses = service.forms().responses().list(formId=form["formId"]).execute()["responses"]
    assert responder_path(again["responderUri"]) == responder_path(form["responderUri"])
    assert again["items"][0]["title"] == "Q"
    assert responses[0]["answers"][question_id]["textAnswers"]["answers"] == [{"value": "kept"}]
