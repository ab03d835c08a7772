"""forms.setPublishSettings: a form accepts responses only while it is published
and accepting them; publishing is metadata, not content."""

import pytest
from googleapiclient.errors import HttpError

from emulator.forms.responses import SubmissionRefused


def publish(forms, form_id, published, accepting, **body):
    return forms.forms().setPublishSettings(formId=form_id, body={"publishSettings": {
        "publishState": {"isPublished": published, "isAcceptingResponses": accepting}}, **body}).execute()


@pytest.fixture
def unpublished(new_form):
    form_id, (question_id,) = new_form({"textQuestion": {}}, publish=False)
    return form_id, question_id


def test_an_unpublished_form_refuses_responses(emulator, unpublished):
    form_id, question_id = unpublished
    with pytest.raises(SubmissionRefused) as caught:
        emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "hi"})
    assert caught.value.reason == "unpublished"


def test_publishing_opens_the_form_to_responses(emulator, forms, unpublished):
    form_id, question_id = unpublished
    answer = publish(forms, form_id, True, True)
    assert answer == {"formId": form_id, "publishSettings": {
        "publishState": {"isPublished": True, "isAcceptingResponses": True}}}
    emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "hi"})
    assert len(forms.forms().responses().list(formId=form_id).execute()["responses"]) == 1


def test_a_published_form_that_stopped_accepting_refuses_responses(emulator, forms, unpublished):
    form_id, question_id = unpublished
    publish(forms, form_id, True, False)
    with pytest.raises(SubmissionRefused) as caught:
        emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "hi"})
    assert caught.value.reason == "notAccepting"


def test_forms_get_shows_the_publish_state(forms, unpublished):
    form_id, _ = unpublished
    publish(forms, form_id, True, False)
    state = forms.forms().get(formId=form_id).execute()["publishSettings"]["publishState"]
    assert state.get("isPublished") and not state.get("isAcceptingResponses")


def test_accepting_responses_while_unpublished_is_an_error(forms, unpublished):
    # PublishSettings: "setting is_accepting_responses to true and is_published to
    # false isn't supported and returns an error."
    with pytest.raises(HttpError) as caught:
        publish(forms, unpublished[0], False, True)
    assert caught.value.status_code == 400


def test_both_flags_must_be_set_when_updating_the_publish_state(forms, unpublished):
    with pytest.raises(HttpError) as caught:
        forms.forms().setPublishSettings(formId=unpublished[0], body={"publishSettings": {
            "publishState": {"isPublished": True}}, "updateMask": "publishState"}).execute()
    assert caught.value.status_code == 400


def test_the_update_mask_accepts_publish_state_and_star_only(forms, unpublished):
    publish(forms, unpublished[0], True, True, updateMask="publishState")
    publish(forms, unpublished[0], True, True, updateMask="*")
    with pytest.raises(HttpError) as caught:
        publish(forms, unpublished[0], True, True, updateMask="info")
    assert caught.value.status_code == 400


def test_publishing_does_not_change_the_revision_id(forms, unpublished):
    # Form.revisionId: form content excludes publish_settings.
    before = forms.forms().get(formId=unpublished[0]).execute()["revisionId"]
    publish(forms, unpublished[0], True, True)
    assert forms.forms().get(formId=unpublished[0]).execute()["revisionId"] == before


def test_only_an_editor_may_publish(forms_as, unpublished, drive):
    drive.permissions().create(fileId=unpublished[0], body={
        "type": "user", "role": "reader", "emailAddress": "student@school.example"}).execute()
    with pytest.raises(HttpError) as caught:
        publish(forms_as("student@school.example"), unpublished[0], True, True)
    assert caught.value.status_code == 403
