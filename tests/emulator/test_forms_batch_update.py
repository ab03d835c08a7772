"""forms.batchUpdate: items created, changed, moved and deleted in order, all or
nothing, with a new revision ID per change and writeControl guarding stale edits."""

import re

import pytest
from googleapiclient.errors import HttpError


def question_item(title, question, **item):
    return {"title": title, "questionItem": {"question": question}, **item}


def create(item, index=0):
    return {"createItem": {"item": item, "location": {"index": index}}}


@pytest.fixture
def form_id(forms):
    return forms.forms().create(body={"info": {"title": "Proposal"}}).execute()["formId"]


def update(forms, form_id, *requests, **body):
    return forms.forms().batchUpdate(formId=form_id, body={"requests": list(requests), **body}).execute()


def items_of(forms, form_id):
    return forms.forms().get(formId=form_id).execute().get("items", [])


def test_create_item_replies_with_the_item_id_and_question_ids_of_8_hex_digits(forms, form_id):
    answer = update(forms, form_id, create(question_item("Title", {"textQuestion": {}})))
    reply = answer["replies"][0]["createItem"]
    assert re.fullmatch(r"[0-9a-f]{8}", reply["itemId"])
    assert len(reply["questionId"]) == 1 and re.fullmatch(r"[0-9a-f]{8}", reply["questionId"][0])
    item = items_of(forms, form_id)[0]
    assert item["itemId"] == reply["itemId"]
    assert item["questionItem"]["question"]["questionId"] == reply["questionId"][0]


def test_replies_map_one_to_one_to_requests_and_only_create_item_has_a_body(forms, form_id):
    answer = update(forms, form_id,
                    {"updateFormInfo": {"info": {"description": "Plan"}, "updateMask": "description"}},
                    create({"title": "Section", "textItem": {}}),
                    {"updateSettings": {"settings": {"emailCollectionType": "VERIFIED"},
                                        "updateMask": "emailCollectionType"}})
    assert [list(r) for r in answer["replies"]] == [[], ["createItem"], []]


@pytest.mark.parametrize("question", [
    {"textQuestion": {}},
    {"textQuestion": {"paragraph": True}},
    {"choiceQuestion": {"type": "RADIO", "options": [{"value": "Yes"}, {"value": "No"}, {"isOther": True}]}},
    {"choiceQuestion": {"type": "CHECKBOX", "options": [{"value": "Creativity"}, {"value": "Activity"}]}},
    {"choiceQuestion": {"type": "DROP_DOWN", "options": [{"value": "A"}, {"value": "B"}]}},
    {"scaleQuestion": {"low": 1, "high": 5, "lowLabel": "Poor", "highLabel": "Great"}},
    {"dateQuestion": {"includeYear": True, "includeTime": True}},
    {"timeQuestion": {"duration": True}},
], ids=["short", "paragraph", "radio", "checkbox", "dropdown", "scale", "date", "time"])
def test_every_question_type_is_kept_as_sent_with_its_required_flag(forms, form_id, question):
    update(forms, form_id, create(question_item("Q", {**question, "required": True})))
    kept = items_of(forms, form_id)[0]["questionItem"]["question"]
    assert {k: v for k, v in kept.items() if k != "questionId"} == {**question, "required": True}


def test_false_flags_are_left_out_as_googles_json_leaves_out_defaults(forms, form_id):
    update(forms, form_id, create(question_item("Q", {"required": False, "textQuestion": {"paragraph": False}})))
    assert items_of(forms, form_id)[0]["questionItem"]["question"].keys() == {"questionId", "textQuestion"}


def test_a_caller_may_choose_its_item_and_question_ids(forms, form_id):
    answer = update(forms, form_id, create(question_item(
        "Q", {"questionId": "0000abcd", "textQuestion": {}}, itemId="00001234")))
    assert answer["replies"][0]["createItem"] == {"itemId": "00001234", "questionId": ["0000abcd"]}


@pytest.mark.parametrize("chosen", ["XYZ", "123456789", "80000000", "ABCD"])
def test_a_chosen_id_must_be_hex_of_at_most_8_digits_that_fits_an_entry_number(forms, form_id, chosen):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create(question_item("Q", {"questionId": chosen, "textQuestion": {}})))
    assert caught.value.status_code == 400


def test_a_chosen_id_already_used_in_the_form_is_refused(forms, form_id):
    update(forms, form_id, create(question_item("Q", {"questionId": "0000abcd", "textQuestion": {}})))
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create(question_item("Q2", {"questionId": "0000abcd", "textQuestion": {}})))
    assert caught.value.status_code == 400


@pytest.mark.parametrize("question", [
    {"choiceQuestion": {"type": "RADIO", "options": []}},
    {"choiceQuestion": {"options": [{"value": "A"}]}},
    {"choiceQuestion": {"type": "RADIO", "options": [{"value": "A"}, {"value": "A"}]}},
    {"choiceQuestion": {"type": "DROP_DOWN", "options": [{"value": "A"}, {"isOther": True}]}},
    {"scaleQuestion": {"low": 1, "high": 11}},
    {"scaleQuestion": {"low": 3, "high": 5}},
    {"fileUploadQuestion": {"folderId": "x"}},
    {"required": True},
    {"textQuestion": {}, "grading": {"pointValue": 1}},
], ids=["no-options", "no-type", "duplicate-option", "other-in-dropdown", "scale-high",
        "scale-low", "file-upload", "no-kind", "grading-outside-a-quiz"])
def test_questions_google_refuses_are_400(forms, form_id, question):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create(question_item("Q", question)))
    assert caught.value.status_code == 400


def test_a_create_location_past_the_end_is_400(forms, form_id):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create({"title": "T", "textItem": {}}, index=1))
    assert caught.value.status_code == 400


def test_update_item_changes_only_the_fields_in_the_mask_and_keeps_the_ids(forms, form_id):
    reply = update(forms, form_id, create(question_item("Old", {"textQuestion": {}}, description="d")))
    question_id = reply["replies"][0]["createItem"]["questionId"][0]
    update(forms, form_id, {"updateItem": {
        "item": {"title": "New", "description": "ignored", "questionItem": {"question": {"required": True}}},
        "location": {"index": 0}, "updateMask": "title,questionItem.question.required"}})
    item = items_of(forms, form_id)[0]
    assert item["title"] == "New" and item["description"] == "d"
    assert item["questionItem"]["question"] == {"questionId": question_id, "required": True,
                                                "textQuestion": {}}


def test_update_item_with_a_star_mask_and_no_ids_gets_new_ids_as_documented(forms, form_id):
    reply = update(forms, form_id, create(question_item("Q", {"textQuestion": {}})))
    old = reply["replies"][0]["createItem"]["questionId"][0]
    update(forms, form_id, {"updateItem": {"item": question_item("Q", {"textQuestion": {"paragraph": True}}),
                                           "location": {"index": 0}, "updateMask": "*"}})
    assert items_of(forms, form_id)[0]["questionItem"]["question"]["questionId"] != old


def test_update_item_may_turn_a_text_question_into_a_choice(forms, form_id):
    update(forms, form_id, create(question_item("Q", {"textQuestion": {}})))
    form = forms.forms().get(formId=form_id).execute()
    item = form["items"][0]
    item["questionItem"]["question"].pop("textQuestion")
    item["questionItem"]["question"]["choiceQuestion"] = {"type": "RADIO", "options": [{"value": "A"}]}
    update(forms, form_id, {"updateItem": {"item": item, "location": {"index": 0}, "updateMask": "*"}})
    kept = items_of(forms, form_id)[0]
    assert kept["itemId"] == item["itemId"] and "choiceQuestion" in kept["questionItem"]["question"]


def test_delete_and_move_item_work_by_index(forms, form_id):
    update(forms, form_id, *[create({"title": t, "textItem": {}}, i) for i, t in enumerate("ABCD")])
    update(forms, form_id, {"deleteItem": {"location": {"index": 1}}},
           {"moveItem": {"originalLocation": {"index": 2}, "newLocation": {"index": 0}}})
    assert [i["title"] for i in items_of(forms, form_id)] == ["D", "A", "C"]


def test_update_form_info_changes_title_and_description_by_mask(forms, form_id):
    update(forms, form_id, {"updateFormInfo": {"info": {"title": "New", "description": "About"},
                                               "updateMask": "description"}})
    info = forms.forms().get(formId=form_id).execute()["info"]
    assert info["title"] == "Proposal" and info["description"] == "About"


def test_the_document_title_cannot_be_changed_by_batch_update(forms, form_id):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, {"updateFormInfo": {"info": {"documentTitle": "X"},
                                                   "updateMask": "documentTitle"}})
    assert caught.value.status_code == 400


def test_an_empty_update_mask_is_400(forms, form_id):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, {"updateFormInfo": {"info": {"title": "X"}, "updateMask": ""}})
    assert caught.value.status_code == 400


@pytest.mark.parametrize("mode", ["DO_NOT_COLLECT", "VERIFIED", "RESPONDER_INPUT"])
def test_update_settings_sets_the_email_collection_type(forms, form_id, mode):
    update(forms, form_id, {"updateSettings": {"settings": {"emailCollectionType": mode},
                                               "updateMask": "emailCollectionType"}})
    assert forms.forms().get(formId=form_id).execute()["settings"]["emailCollectionType"] == mode


def test_turning_a_quiz_off_deletes_every_grading(forms, form_id):
    update(forms, form_id, {"updateSettings": {"settings": {"quizSettings": {"isQuiz": True}},
                                               "updateMask": "quizSettings.isQuiz"}},
           create(question_item("Q", {"textQuestion": {}, "grading": {
               "pointValue": 2, "correctAnswers": {"answers": [{"value": "42"}]}}})))
    update(forms, form_id, {"updateSettings": {"settings": {"quizSettings": {"isQuiz": False}},
                                               "updateMask": "quizSettings.isQuiz"}})
    form = forms.forms().get(formId=form_id).execute()
    assert "grading" not in form["items"][0]["questionItem"]["question"]
    assert not form["settings"].get("quizSettings", {}).get("isQuiz")


def test_every_change_gives_a_new_revision_id(forms, form_id):
    before = forms.forms().get(formId=form_id).execute()["revisionId"]
    answer = update(forms, form_id, create({"title": "T", "textItem": {}}))
    after = forms.forms().get(formId=form_id).execute()["revisionId"]
    assert before != after == answer["writeControl"]["requiredRevisionId"]


def test_include_form_in_response_returns_the_changed_form(forms, form_id):
    answer = update(forms, form_id, create({"title": "T", "textItem": {}}), includeFormInResponse=True)
    assert [i["title"] for i in answer["form"]["items"]] == ["T"]
    assert "form" not in update(forms, form_id, create({"title": "U", "textItem": {}}))


def test_a_stale_required_revision_id_is_400_and_changes_nothing(forms, form_id):
    stale = forms.forms().get(formId=form_id).execute()["revisionId"]
    update(forms, form_id, create({"title": "By someone else", "textItem": {}}))
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create({"title": "Mine", "textItem": {}}, 1),
               writeControl={"requiredRevisionId": stale})
    assert caught.value.status_code == 400
    assert [i["title"] for i in items_of(forms, form_id)] == ["By someone else"]


def test_the_current_required_revision_id_is_accepted(forms, form_id):
    current = forms.forms().get(formId=form_id).execute()["revisionId"]
    update(forms, form_id, create({"title": "T", "textItem": {}}), writeControl={"requiredRevisionId": current})
    assert len(items_of(forms, form_id)) == 1


def test_a_recent_target_revision_id_is_applied_on_top_of_later_changes(forms, form_id):
    target = forms.forms().get(formId=form_id).execute()["revisionId"]
    update(forms, form_id, create({"title": "First", "textItem": {}}))
    answer = update(forms, form_id, create({"title": "Second", "textItem": {}}, 1),
                    writeControl={"targetRevisionId": target})
    assert [i["title"] for i in items_of(forms, form_id)] == ["First", "Second"]
    assert "targetRevisionId" in answer["writeControl"]


def test_an_unknown_target_revision_id_is_400(forms, form_id):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create({"title": "T", "textItem": {}}), writeControl={"targetRevisionId": "nope"})
    assert caught.value.status_code == 400


def test_a_batch_is_all_or_nothing(forms, form_id):
    before = forms.forms().get(formId=form_id).execute()
    with pytest.raises(HttpError):
        update(forms, form_id, create({"title": "Kept?", "textItem": {}}),
               {"deleteItem": {"location": {"index": 5}}})
    after = forms.forms().get(formId=form_id).execute()
    assert "items" not in after and after["revisionId"] == before["revisionId"]


def test_a_request_with_an_unknown_field_is_rejected_by_the_discovery_schema(forms, form_id):
    with pytest.raises(HttpError) as caught:
        update(forms, form_id, create(question_item("Q", {"textQuestion": {"multiline": True}})))
    assert caught.value.status_code == 400
    assert "multiline" in caught.value.reason
