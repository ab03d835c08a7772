"""A form as Forms API requests, and its prefilled personal links. Pure functions.

A form is made with ``forms.create`` (title only: the API refuses items there), then
ONE ``forms.batchUpdate`` of :func:`form_requests`
(https://developers.google.com/forms/api/reference/rest/v1/forms/batchUpdate), then
``forms.setPublishSettings`` with :func:`publish_request` (forms made through the API
start unpublished).

Question IDs are ours: the Forms reference says of ``Question.questionId`` "On
creation, it can be provided but the ID must not be already used in the form"; it
does not document the format. Google's own IDs are 8 hex digits, and IDs a caller
chooses are accepted as 8 lowercase hex digits from 00000000 to 7fffffff (observed,
and what the emulator enforces), so the templates use that. Fixed IDs keep prefilled
links (``entry.<decimal of the questionId>``) and the sync's answer matching stable
across re-created forms and across schools.
"""

from __future__ import annotations

import datetime
from typing import Any, Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..cas import outcomes
from .model import FormTemplate, Question


def form_requests(form: FormTemplate, settings: Mapping[str, Any]) -> list[dict]:
    """The batchUpdate requests that give a new, empty form its text, who may answer,
    and its questions. ``settings`` are the school's resolved settings: they choose the
    outcome options and which conditional questions exist."""
    requests: list[dict] = [
        {"updateFormInfo": {"info": {"title": form.title, "description": form.description},
                            "updateMask": "title,description"}},
        {"updateSettings": {"settings": {"emailCollectionType": form.email_collection},
                            "updateMask": "emailCollectionType"}},
    ]
    for question in questions_asked(form, settings):
        requests.append({"createItem": {"item": _item(question, settings, form),
                                        "location": {"index": len(requests) - 2}}})
    return requests


def questions_asked(form: FormTemplate, settings: Mapping[str, Any]) -> list[Question]:
    """The form's questions that exist under these settings, in order."""
    return [q for q in form.questions
            if not q.only_if_setting or _setting(settings, q.only_if_setting, form)]


def options(question: Question, settings: Mapping[str, Any], form: FormTemplate) -> list[str]:
    """A choice question's options: its own, or the labels of the school's framework."""
    if question.options_from == "outcome_framework":
        return outcomes.framework(_setting(settings, "outcome_framework", form)).labels()
    return list(question.options)


def publish_request(accepting_responses: bool = True) -> dict:
    """The body of forms.setPublishSettings that publishes a form (both flags are
    required when updating publishState)."""
    return {"publishSettings": {"publishState": {
        "isPublished": True, "isAcceptingResponses": accepting_responses}},
        "updateMask": "publishState"}


def prefill_url(form: FormTemplate, responder_uri: str, answers: Mapping[str, Any]) -> str:
    """The form's responder link with answers filled in, as Google's "Get pre-filled
    link" builds it: ``?usp=pp_url&entry.<decimal of the questionId>=value``, a list
    repeating the parameter (checkboxes), a date as YYYY-MM-DD. Only questions the
    template marks ``prefilled`` may be filled: those are the answers the service
    vouches for in the links it hands out."""
    pairs = [("usp", "pp_url")]
    for key, value in answers.items():
        question = form.question(key)
        if not question.prefilled:
            raise ValueError(f"The {form.title} form's question {key!r} is not marked "
                             f"'prefilled' in {form.source or 'its template'}.")
        for one in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((question.entry, _answer_text(one)))
    parts = urlsplit(responder_uri)
    query = "&".join(q for q in (parts.query, urlencode(pairs)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def question_item(question: Question, settings: Mapping[str, Any], form: FormTemplate) -> dict:
    """The Forms API Item of one question (what ``createItem`` takes), as a new form
    gets it: an existing form is given a question added later with the same item."""
    return _item(question, settings, form)


def _answer_text(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    return str(value)


def _item(question: Question, settings: Mapping[str, Any], form: FormTemplate) -> dict:
    body: dict[str, Any] = {"questionId": question.question_id, "required": question.required}
    if question.type == "textQuestion":
        body["textQuestion"] = {"paragraph": True} if question.paragraph else {}
    elif question.type == "choiceQuestion":
        body["choiceQuestion"] = {"type": question.choice_type, "options": [
            {"value": v} for v in options(question, settings, form)]}
    else:
        body["dateQuestion"] = {"includeYear": True}
    item = {"title": question.title, "questionItem": {"question": body}}
    if question.description:
        item["description"] = question.description
    return item


def _setting(settings: Mapping[str, Any], key: str, form: FormTemplate) -> Any:
    if key not in settings:
        raise KeyError(f"The {form.title} form depends on the setting {key!r}; pass the "
                       f"school's resolved settings (service.templates.resolve_settings).")
    return settings[key]
