"""form_requests, publish_request and prefill_url: a form's batchUpdate and its
personal links, as the school's settings shape them."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from service.cas import outcomes
from service.templates import (form_requests, load_templates, prefill_url, publish_request,
                               resolve_settings)

RESPONDER = "https://docs.google.com/forms/d/e/1FAIpQLSabc/viewform"


@pytest.fixture(scope="module")
def templates():
    return load_templates()


@pytest.fixture(scope="module")
def settings(templates):
    return resolve_settings(templates.sheet, {})


def created(requests):
    return [r["createItem"] for r in requests if "createItem" in r]


def question_of(item):
    return item["item"]["questionItem"]["question"]


def test_a_form_gets_its_text_and_who_answers_before_its_questions(templates, settings):
    requests = form_requests(templates.forms["reflection"], settings)
    assert requests[0] == {"updateFormInfo": {"info": {
        "title": "CAS reflection", "description": templates.forms["reflection"].description},
        "updateMask": "title,description"}}
    assert requests[1] == {"updateSettings": {"settings": {"emailCollectionType": "VERIFIED"},
                                              "updateMask": "emailCollectionType"}}
    assert all("createItem" in r for r in requests[2:])


def test_supervisors_answer_without_signing_in(templates, settings):
    requests = form_requests(templates.forms["supervisor_statement"], settings)
    assert requests[1]["updateSettings"]["settings"] == {"emailCollectionType": "DO_NOT_COLLECT"}


def test_every_question_is_created_with_our_question_id_in_order(templates, settings):
    form = templates.forms["interview_record"]
    items = created(form_requests(form, settings))
    assert [i["location"] for i in items] == [{"index": n} for n in range(len(form.questions))]
    assert [question_of(i)["questionId"] for i in items] == [q.question_id for q in form.questions]
    assert [i["item"]["title"] for i in items] == [q.title for q in form.questions]
    at = {q.key: i for i, q in enumerate(form.questions)}
    notes = question_of(items[at["notes"]])
    assert notes == {"questionId": "40000005", "required": True, "textQuestion": {"paragraph": True}}
    assert question_of(items[at["student"]])["textQuestion"] == {}  # a short answer
    assert question_of(items[at["interview_date"]])["dateQuestion"] == {"includeYear": True}
    assert question_of(items[at["format"]])["choiceQuestion"] == {"type": "RADIO", "options": [
        {"value": "One-to-one"}, {"value": "Student presentation"}, {"value": "Group discussion"},
        {"value": "Viva voce"}]}


@pytest.mark.parametrize("framework", ["current-7", "older-8"])
def test_outcome_choices_are_the_labels_of_the_framework_in_settings(templates, framework):
    settings = resolve_settings(templates.sheet, {"outcome_framework": framework})
    for form, key in (("reflection", "outcomes"), ("experience_proposal", "targeted_outcomes")):
        items = created(form_requests(templates.forms[form], settings))
        wanted = templates.forms[form].question(key).question_id
        [item] = [i for i in items if question_of(i)["questionId"] == wanted]
        choice = question_of(item)["choiceQuestion"]
        assert choice["type"] == "CHECKBOX"
        assert [o["value"] for o in choice["options"]] == outcomes.framework(framework).labels()


def test_the_hours_question_exists_only_when_hours_are_tracked(templates):
    proposal = templates.forms["experience_proposal"]
    hours_id = proposal.question("hours_estimate").question_id
    off = created(form_requests(proposal, resolve_settings(templates.sheet, {})))
    on = created(form_requests(proposal, resolve_settings(templates.sheet, {"hours_tracking": True})))
    assert hours_id not in [question_of(i)["questionId"] for i in off]
    assert hours_id in [question_of(i)["questionId"] for i in on]
    assert len(on) == len(off) + 1
    # Locations stay consecutive with a question left out.
    assert [i["location"]["index"] for i in off] == list(range(len(off)))


def test_a_form_that_depends_on_a_setting_refuses_settings_without_it(templates):
    with pytest.raises(KeyError, match="depends on the setting 'hours_tracking'"):
        form_requests(templates.forms["experience_proposal"], {"outcome_framework": "current-7"})


def test_publishing_sets_both_flags_as_the_api_requires():
    assert publish_request() == {"publishSettings": {"publishState": {
        "isPublished": True, "isAcceptingResponses": True}}, "updateMask": "publishState"}


def test_a_prefilled_link_uses_the_decimal_of_the_question_id(templates):
    form = templates.forms["reflection"]
    url = prefill_url(form, RESPONDER, {"experience_code": "K7M-3QX"})
    parts = urlsplit(url)
    assert url.startswith(RESPONDER + "?")
    # questionId 20000001 (hex) is 536870913: Google's "Get pre-filled link" names it entry.536870913.
    assert parse_qsl(parts.query) == [("usp", "pp_url"), ("entry.536870913", "K7M-3QX")]


def test_prefilled_values_are_encoded_and_lists_repeat(templates):
    form = templates.forms["supervisor_statement"]
    url = prefill_url(form, RESPONDER + "?hl=en",
                      {"token": "a.b/c+d=", "supervisor_name": "Zoë O'Neill & co"})
    query = parse_qsl(urlsplit(url).query)
    assert query == [("hl", "en"), ("usp", "pp_url"), ("entry.805306369", "a.b/c+d="),
                     ("entry.805306370", "Zoë O'Neill & co")]
    interview = templates.forms["interview_record"]
    assert prefill_url(interview, RESPONDER, {"student": ["a", "b"]}).endswith(
        "entry.1073741825=a&entry.1073741825=b")
    assert prefill_url(interview, RESPONDER, {"student": datetime.date(2026, 9, 1)}).endswith("=2026-09-01")


def test_only_questions_marked_prefilled_can_be_filled(templates):
    form = templates.forms["reflection"]
    with pytest.raises(ValueError, match="'reflection_text' is not marked 'prefilled'"):
        prefill_url(form, RESPONDER, {"reflection_text": "I learned..."})
    with pytest.raises(KeyError, match="no question 'experience'"):
        prefill_url(form, RESPONDER, {"experience": "K7M-3QX"})
