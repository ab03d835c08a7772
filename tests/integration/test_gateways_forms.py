"""The Forms gateway against the emulator: a form made, given questions and
published; its responses read all at once and then only the new ones; a stale
revision refused as FailedPrecondition."""

import pytest

from _gateways import workspace_as
from service.workspace.errors import FailedPrecondition, NotFound

STUDENT = "ana.student@school.example"


@pytest.fixture
def workspace(emulator):
    return workspace_as(emulator)


@pytest.fixture
def reflection_form(workspace):
    """A published form with one required paragraph question: (form ID, question ID)."""
    forms = workspace.forms
    form = forms.create("Reflection", document_title="CAS Reflection (2026-2028)")
    reply = forms.batch_update(form["formId"], [{"createItem": {"location": {"index": 0}, "item": {
        "title": "Your reflection", "questionItem": {"question": {
            "required": True, "textQuestion": {"paragraph": True}}}}}}])
    forms.publish(form["formId"])
    return form["formId"], reply["replies"][0]["createItem"]["questionId"][0]


def test_a_form_is_created_with_its_questions_and_published(workspace, reflection_form):
    form = workspace.forms.get(reflection_form[0])
    assert form["info"] == {"title": "Reflection", "documentTitle": "CAS Reflection (2026-2028)"}
    assert form["items"][0]["title"] == "Your reflection"
    assert form["publishSettings"]["publishState"] == {"isPublished": True,
                                                       "isAcceptingResponses": True}
    assert workspace.counter.calls["forms.forms.setPublishSettings"] == 1


def test_responses_are_read_whole_then_only_those_submitted_since(emulator, workspace,
                                                                  reflection_form):
    form_id, question = reflection_form
    submit = emulator.world.forms.submit_response
    submit(form_id, STUDENT, {question: "I learnt to plan a concert."})
    first = workspace.forms.responses(form_id)
    assert [r["answers"][question]["textAnswers"]["answers"][0]["value"] for r in first] == [
        "I learnt to plan a concert."]
    assert first[0]["respondentEmail"] == STUDENT
    cursor = first[0]["lastSubmittedTime"]
    submit(form_id, STUDENT, {question: "And to ask for help."})
    newer = workspace.forms.responses(form_id, submitted_after=cursor)
    assert [r["answers"][question]["textAnswers"]["answers"][0]["value"] for r in newer] == [
        "And to ask for help."]


def test_a_change_against_a_revision_someone_else_moved_on_is_refused(workspace, reflection_form):
    form_id, _ = reflection_form
    revision = workspace.forms.get(form_id)["revisionId"]
    workspace.forms.batch_update(form_id, [{"updateFormInfo": {"info": {"description": "v2"},
                                                               "updateMask": "description"}}])
    with pytest.raises(FailedPrecondition) as raised:
        workspace.forms.batch_update(form_id, [{"updateFormInfo": {
            "info": {"description": "v3"}, "updateMask": "description"}}],
            required_revision_id=revision)
    assert raised.value.status == 400 and raised.value.method == "forms.forms.batchUpdate"
    assert workspace.forms.get(form_id)["info"]["description"] == "v2"


def test_a_form_someone_cannot_see_is_not_found(emulator, reflection_form):
    with pytest.raises(NotFound) as raised:
        workspace_as(emulator, STUDENT).forms.get(reflection_form[0])
    assert raised.value.method == "forms.forms.get"
