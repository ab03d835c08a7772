"""Submitting a response (what the responder page does, ``world.forms.submit_response``):
the checks Google Forms makes, and the answers as forms.responses.get returns them."""

import pytest

from emulator.forms.responses import SubmissionRefused

STUDENT = "student@school.example"


@pytest.fixture
def submit(emulator):
    return emulator.world.forms.submit_response


def get(forms, form_id, response):
    return forms.forms().responses().get(formId=form_id, responseId=response["responseId"]).execute()


def values(response, question_id):
    return [a["value"] for a in response["answers"][question_id]["textAnswers"]["answers"]]


@pytest.mark.parametrize("question,given,kept", [
    ({"textQuestion": {}}, "Beach clean-up", ["Beach clean-up"]),
    ({"textQuestion": {"paragraph": True}}, "Line one\nLine two", ["Line one\nLine two"]),
    ({"choiceQuestion": {"type": "RADIO", "options": [{"value": "Yes"}, {"value": "No"}]}}, "No", ["No"]),
    ({"choiceQuestion": {"type": "CHECKBOX", "options": [{"value": "C"}, {"value": "A"}, {"value": "S"}]}},
     ["C", "S"], ["C", "S"]),
    ({"choiceQuestion": {"type": "DROP_DOWN", "options": [{"value": "10A"}, {"value": "10B"}]}}, "10B", ["10B"]),
    ({"scaleQuestion": {"low": 1, "high": 5}}, "4", ["4"]),
    ({"dateQuestion": {"includeYear": True}}, "2026-05-19", ["2026-05-19"]),
    ({"dateQuestion": {}}, "05-19", ["05-19"]),
    ({"dateQuestion": {"includeYear": True, "includeTime": True}}, "2026-05-19 14:51", ["2026-05-19 14:51"]),
    ({"timeQuestion": {}}, "14:51", ["14:51"]),
    ({"timeQuestion": {"duration": True}}, "02:30", ["02:30"]),
], ids=["short", "paragraph", "radio", "checkbox", "dropdown", "scale", "date-with-year",
        "date-month-day", "date-and-time", "time", "duration"])
def test_answers_are_kept_as_text_answers_in_the_documented_formats(new_form, submit, forms, question, given, kept):
    form_id, (question_id,) = new_form(question)
    response = get(forms, form_id, submit(form_id, STUDENT, {question_id: given}))
    assert response["answers"][question_id]["questionId"] == question_id
    assert values(response, question_id) == kept


@pytest.mark.parametrize("question,given", [
    ({"choiceQuestion": {"type": "RADIO", "options": [{"value": "Yes"}]}}, "Maybe"),
    ({"choiceQuestion": {"type": "RADIO", "options": [{"value": "Yes"}, {"value": "No"}]}}, ["Yes", "No"]),
    ({"choiceQuestion": {"type": "DROP_DOWN", "options": [{"value": "A"}]}}, "B"),
    ({"choiceQuestion": {"type": "CHECKBOX", "options": [{"value": "A"}]}}, ["A", "Z"]),
    ({"scaleQuestion": {"low": 1, "high": 5}}, "6"),
    ({"dateQuestion": {"includeYear": True}}, "19/05/2026"),
    ({"dateQuestion": {"includeYear": True}}, "2026-02-30"),
    ({"timeQuestion": {}}, "25:00"),
], ids=["radio-stranger", "radio-two", "dropdown-stranger", "checkbox-stranger", "scale-range",
        "date-format", "date-impossible", "time-range"])
def test_an_answer_the_question_cannot_take_is_refused(new_form, submit, question, given):
    form_id, (question_id,) = new_form(question)
    with pytest.raises(SubmissionRefused) as caught:
        submit(form_id, STUDENT, {question_id: given})
    assert caught.value.reason == "invalidAnswer" and caught.value.question_id == question_id


def test_an_other_option_takes_free_text(new_form, submit, forms):
    form_id, (question_id,) = new_form({"choiceQuestion": {"type": "CHECKBOX", "options": [
        {"value": "Service"}, {"isOther": True}]}})
    response = get(forms, form_id, submit(form_id, STUDENT, {question_id: ["Service", "Tutoring"]}))
    assert values(response, question_id) == ["Service", "Tutoring"]


def test_a_required_question_left_empty_is_refused(new_form, submit):
    form_id, (optional, required) = new_form({"textQuestion": {}}, {"required": True, "textQuestion": {}})
    with pytest.raises(SubmissionRefused) as caught:
        submit(form_id, STUDENT, {optional: "x", required: ""})
    assert caught.value.reason == "required" and caught.value.question_id == required


def test_an_unanswered_optional_question_has_no_answer(new_form, submit, forms):
    form_id, (optional, required) = new_form({"textQuestion": {}}, {"required": True, "textQuestion": {}})
    response = get(forms, form_id, submit(form_id, STUDENT, {required: "x"}))
    assert list(response["answers"]) == [required]


def test_an_unknown_question_id_is_refused(new_form, submit):
    form_id, _ = new_form({"textQuestion": {}})
    with pytest.raises(SubmissionRefused) as caught:
        submit(form_id, STUDENT, {"0badbeef": "x"})
    assert caught.value.reason == "unknownQuestion"


def test_a_response_has_an_id_a_create_time_and_a_last_submitted_time(new_form, submit, forms):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    response = get(forms, form_id, submit(form_id, STUDENT, {question_id: "x"}))
    assert response["formId"] == form_id and response["responseId"].startswith("ACYDBN")
    assert response["createTime"] == response["lastSubmittedTime"]


def test_editing_a_response_keeps_its_id_and_create_time_and_moves_its_last_submitted_time(new_form, submit, forms):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    first = submit(form_id, STUDENT, {question_id: "draft"})
    edited = submit(form_id, STUDENT, {question_id: "final"}, response_id=first["responseId"])
    response = get(forms, form_id, first)
    assert edited["responseId"] == first["responseId"]
    assert response["createTime"] == first["createTime"]
    assert response["lastSubmittedTime"] > first["lastSubmittedTime"]
    assert values(response, question_id) == ["final"]
    assert len(forms.forms().responses().list(formId=form_id).execute()["responses"]) == 1


def test_editing_a_response_that_does_not_exist_is_refused(new_form, submit):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    with pytest.raises(SubmissionRefused):
        submit(form_id, STUDENT, {question_id: "x"}, response_id="ACYDBNnope")


def test_verified_email_collection_records_the_signed_in_respondent(new_form, submit, forms):
    form_id, (question_id,) = new_form({"textQuestion": {}}, emailCollectionType="VERIFIED")
    response = get(forms, form_id, submit(form_id, "Student@School.example", {question_id: "x"}))
    assert response["respondentEmail"] == "student@school.example"


def test_verified_email_collection_refuses_an_anonymous_respondent(new_form, submit):
    form_id, (question_id,) = new_form({"textQuestion": {}}, emailCollectionType="VERIFIED")
    with pytest.raises(SubmissionRefused) as caught:
        submit(form_id, None, {question_id: "x"})
    assert caught.value.reason == "emailRequired"


def test_responder_input_records_the_email_as_typed(new_form, submit, forms):
    form_id, (question_id,) = new_form({"textQuestion": {}}, emailCollectionType="RESPONDER_INPUT")
    response = get(forms, form_id, submit(form_id, "Supervisor@Example.org", {question_id: "x"}))
    assert response["respondentEmail"] == "Supervisor@Example.org"


def test_without_email_collection_no_respondent_email_is_kept(new_form, submit, forms):
    form_id, (question_id,) = new_form({"textQuestion": {}}, emailCollectionType="DO_NOT_COLLECT")
    response = get(forms, form_id, submit(form_id, STUDENT, {question_id: "x"}))
    assert "respondentEmail" not in response
    anonymous = get(forms, form_id, submit(form_id, None, {question_id: "y"}))
    assert "respondentEmail" not in anonymous


def test_a_quiz_response_is_autograded_from_the_answer_key(new_form, submit, forms):
    grading = {"pointValue": 2, "correctAnswers": {"answers": [{"value": "B"}]}}
    form_id, (question_id,) = new_form(
        {"choiceQuestion": {"type": "RADIO", "options": [{"value": "A"}, {"value": "B"}]}, "grading": grading},
        quizSettings={"isQuiz": True})
    right = get(forms, form_id, submit(form_id, STUDENT, {question_id: "B"}))
    wrong = get(forms, form_id, submit(form_id, STUDENT, {question_id: "A"}))
    assert right["totalScore"] == 2 and right["answers"][question_id]["grade"] == {"score": 2, "correct": True}
    assert wrong["totalScore"] == 0 and not wrong["answers"][question_id]["grade"].get("correct")


def test_a_form_deleted_through_drive_takes_no_more_responses(new_form, submit, drive):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    drive.files().delete(fileId=form_id).execute()
    with pytest.raises(SubmissionRefused) as caught:
        submit(form_id, STUDENT, {question_id: "x"})
    assert caught.value.reason == "notFound"
