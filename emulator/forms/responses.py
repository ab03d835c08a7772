"""A form's responses: submitting (what a responder does), listing and reading them.

``submit_response`` is not a Forms API method (the API cannot submit responses):
it is what the responder page does, and what tests call in-process. Answers are
kept as Google returns them (FormResponse, keyed by questionId, values in
``textAnswers.answers[].value`` formatted as the TextAnswer reference describes:
dates ``YYYY-MM-DD`` or ``MM-DD`` with `` HH:MM`` when the question includes
time, times and durations ``HH:MM``, scales the chosen number).

The list filter's ``timestamp`` is a response's ``lastSubmittedTime``: the
reference says "form responses submitted after timestamp N", and an edited
response is submitted again, so a reader that keeps a cursor sees edits as well
as new responses.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import re

from ..core import clock
from ..core.errors import bad_request
from .errors import forms_not_found
from .items import question_by_id, url_token

MAX_PAGE = 5000
_FILTER = re.compile(r"^\s*timestamp\s*(>=|>)\s*(\S+)\s*$")
_ZULU = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$")
# strptime formats of a date answer, by (includeYear, includeTime); 2000 is a leap year,
# so "02-29" passes without a year.
_DATE = {(False, False): "%m-%d", (True, False): "%Y-%m-%d",
         (False, True): "%m-%d %H:%M", (True, True): "%Y-%m-%d %H:%M"}


UNCHECKED = object()   # submit_response without a responder: nobody's access is checked


class SubmissionRefused(Exception):
    """A response Google Forms would not accept; ``reason`` says why, for the pages."""

    def __init__(self, reason: str, message: str, question_id: str | None = None):
        super().__init__(message)
        self.reason, self.message, self.question_id = reason, message, question_id


def _nanos(stamp: str) -> int:
    """An RFC 3339 Zulu timestamp as integer nanoseconds since the epoch."""
    m = _ZULU.match(stamp)
    if not m:
        raise ValueError(stamp)
    seconds = int(clock.parse(m.group(1) + "Z").timestamp())
    return seconds * 10**9 + int((m.group(2) or "0").ljust(9, "0"))


def _page_token(key: tuple, filter_text: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([key[0], key[1], filter_text]).encode()).decode()


def _read_token(token: str, filter_text: str) -> tuple:
    try:
        nanos, response_id, filtered = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError):
        raise bad_request("Invalid page token.") from None
    if filtered != filter_text:
        raise bad_request("The page token does not match the request: the filter must be "
                          "the same as for the original request.")
    return nanos, response_id


class ResponsesMixin:
    # -- what a responder does -------------------------------------------
    def submit_response(self, form_id: str, respondent_email: str | None, answers: dict,
                        response_id: str | None = None, *, responder=UNCHECKED) -> dict:
        """Record a response (or replace an earlier one, same ``response_id``), as the
        responder page submits it; answers map questionId to a value or a list of values.
        Raises ``SubmissionRefused`` where Google Forms would refuse the submission.

        ``responder`` is who is answering (an email, or None for an anonymous visitor):
        given, Drive decides whether they may (``DriveStore.may_respond``: a role on the
        form or a ``published``-view permission covering them), as the responder page
        does. Left out, nobody is checked: tests that record a response in-process act
        as the Forms UI on a responder's behalf, and ``respondent_email`` is not always
        the person answering (RESPONDER_INPUT records a typed address)."""
        with self.world.lock:
            form = self.forms.get(form_id)
            if form is None or form_id not in self.world.drive.files:
                raise SubmissionRefused("notFound", "This form does not exist.")
            state = form["publishState"]
            if not state["isPublished"]:
                raise SubmissionRefused("unpublished", "This form is not published.")
            if not state["isAcceptingResponses"]:
                raise SubmissionRefused("notAccepting", "This form is no longer accepting responses.")
            email_mode = form["settings"].get("emailCollectionType", "DO_NOT_COLLECT")
            if email_mode in ("VERIFIED", "RESPONDER_INPUT") and not respondent_email:
                raise SubmissionRefused("emailRequired", "Sign in to answer this form."
                                        if email_mode == "VERIFIED" else "An email address is required.")
            if responder is not UNCHECKED and not self.world.drive.may_respond(responder, form_id):
                if responder is None:
                    raise SubmissionRefused("signInRequired", "Sign in to answer this form.")
                raise SubmissionRefused("noPermission", "You need permission to answer this form.")
            recorded = _answers(form, answers)
            now = clock.stamp()
            if response_id is not None:
                response = form["responses"].get(response_id)
                if response is None:
                    raise SubmissionRefused("notFound", "The response to edit does not exist.")
            else:
                response_id = "ACYDBN" + url_token(60)
                response = form["responses"][response_id] = {"responseId": response_id,
                                                             "createTime": now}
            response["lastSubmittedTime"] = now
            response["answers"] = recorded
            response.pop("respondentEmail", None)
            if email_mode in ("VERIFIED", "RESPONDER_INPUT"):
                response["respondentEmail"] = respondent_email.strip().lower() \
                    if email_mode == "VERIFIED" else respondent_email.strip()
            _grade(form, response)
            self.fire_event(form_id, "RESPONSES")
            self.world.save()
            return self._render_response(form, response)

    # -- forms.responses.get / list --------------------------------------
    def _render_response(self, form: dict, response: dict, with_form_id: bool = True) -> dict:
        out = copy.deepcopy(response)
        if with_form_id:
            out = {"formId": form["formId"], **out}
        if not out.get("answers"):
            out.pop("answers", None)
        return out

    def forms_responses_get(self, user: str, form_id: str, response_id: str) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.responses/get"""
        form = self.get_form(user, form_id, write=True)
        response = form["responses"].get(response_id)
        if response is None:
            raise forms_not_found()
        return self._render_response(form, response)

    def forms_responses_list(self, user: str, form_id: str, filter_text: str | None = None,
                             page_size: int | None = None, page_token: str | None = None) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.responses/list

        Reading responses needs edit access to the form. Pages follow the order of
        lastSubmittedTime; a page token resumes after the last response returned."""
        form = self.get_form(user, form_id, write=True)
        filter_text = filter_text or ""
        keep = lambda nanos: True  # noqa: E731
        if filter_text:
            m = _FILTER.match(filter_text)
            try:
                bound = _nanos(m.group(2)) if m else None
            except ValueError:
                bound = None
            if bound is None:
                raise bad_request(f'Invalid filter "{filter_text}": the supported filters are '
                                  f'"timestamp > T" and "timestamp >= T" with T in RFC 3339 UTC '
                                  f'("Zulu") format.')
            keep = (lambda n: n > bound) if m.group(1) == ">" else (lambda n: n >= bound)
        if page_size is not None and page_size < 0:
            raise bad_request("page_size must not be negative.")
        size = min(page_size or MAX_PAGE, MAX_PAGE)
        ordered = sorted(((_nanos(r["lastSubmittedTime"]), r["responseId"], r)
                          for r in form["responses"].values()), key=lambda t: t[:2])
        ordered = [t for t in ordered if keep(t[0])]
        if page_token:
            after = tuple(_read_token(page_token, filter_text))
            ordered = [t for t in ordered if t[:2] > after]
        page = ordered[:size]
        out: dict = {}
        if page:
            out["responses"] = [self._render_response(form, t[2], with_form_id=False) for t in page]
        if len(ordered) > size:
            out["nextPageToken"] = _page_token(page[-1][:2], filter_text)
        return out


def _values(raw) -> list[str]:
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    return [str(v) for v in values if v is not None and str(v) != ""]


def _answers(form: dict, answers: dict) -> dict:
    """Check answers against the form's questions and shape them as Google returns them."""
    questions = question_by_id(form["items"])
    for question_id in answers:
        if question_id not in questions:
            raise SubmissionRefused("unknownQuestion", f"The form has no question {question_id}.",
                                    question_id)
    recorded = {}
    for question_id, found in questions.items():
        values = _values(answers.get(question_id))
        question = found["question"]
        if not values:
            if question.get("required"):
                raise SubmissionRefused("required", "This is a required question.", question_id)
            continue
        _check_values(question, found["grid"], values, question_id)
        recorded[question_id] = {"questionId": question_id,
                                 "textAnswers": {"answers": [{"value": v} for v in values]}}
    return recorded


def _is_date(value: str, fmt: str) -> bool:
    digits = fmt.replace("%Y", "\\d{4}").replace("%m", "\\d{2}").replace("%d", "\\d{2}") \
                .replace("%H", "\\d{2}").replace("%M", "\\d{2}")
    if not re.fullmatch(digits, value):
        return False
    try:
        dt.datetime.strptime(value if "%Y" in fmt else "2000-" + value,
                             fmt if "%Y" in fmt else "%Y-" + fmt)
    except ValueError:
        return False
    return True


def _refuse(question_id: str, message: str):
    return SubmissionRefused("invalidAnswer", message, question_id)


def _check_values(question: dict, grid: dict | None, values: list[str], question_id: str) -> None:
    choice = question.get("choiceQuestion") or (grid or {}).get("columns")
    if choice is not None:
        options = [o.get("value") for o in choice.get("options", []) if not o.get("isOther")]
        other = any(o.get("isOther") for o in choice.get("options", []))
        if choice.get("type") != "CHECKBOX" and len(values) > 1:
            raise _refuse(question_id, "Choose only one option.")
        strangers = [v for v in values if v not in options]
        if len(strangers) > (1 if other else 0):
            raise _refuse(question_id, f'"{strangers[-1]}" is not one of the options.')
    elif "scaleQuestion" in question:
        scale = question["scaleQuestion"]
        if len(values) > 1 or not re.fullmatch(r"\d+", values[0]) \
                or not scale.get("low", 0) <= int(values[0]) <= scale.get("high", 0):
            raise _refuse(question_id, "Choose a number on the scale.")
    elif "dateQuestion" in question:
        date = question["dateQuestion"]
        fmt = _DATE[(bool(date.get("includeYear")), bool(date.get("includeTime")))]
        if len(values) > 1 or not _is_date(values[0], fmt):
            raise _refuse(question_id, "Enter a valid date.")
    elif "timeQuestion" in question:
        duration = question["timeQuestion"].get("duration")
        ok = re.fullmatch(r"\d{2,}:[0-5]\d" if duration else r"([01]\d|2[0-3]):[0-5]\d", values[0])
        if len(values) > 1 or not ok:
            raise _refuse(question_id, "Enter a valid time.")
    elif "ratingQuestion" in question:
        level = question["ratingQuestion"].get("ratingScaleLevel", 0)
        if len(values) > 1 or not re.fullmatch(r"\d+", values[0]) or not 1 <= int(values[0]) <= level:
            raise _refuse(question_id, "Choose a rating.")
    elif len(values) > 1:
        raise _refuse(question_id, "A text question takes one answer.")


def _grade(form: dict, response: dict) -> None:
    """Autograde a quiz: a question scores its points when the answer matches the key
    (any listed answer for one value; exactly the listed set for checkboxes)."""
    if not form["settings"].get("quizSettings", {}).get("isQuiz"):
        response.pop("totalScore", None)
        return
    total = 0
    for question_id, found in question_by_id(form["items"]).items():
        grading = found["question"].get("grading")
        answer = response["answers"].get(question_id)
        if not grading or answer is None:
            continue
        given = [a["value"] for a in answer["textAnswers"]["answers"]]
        key = [c["value"] for c in grading.get("correctAnswers", {}).get("answers", [])]
        if found["question"].get("choiceQuestion", {}).get("type") == "CHECKBOX":
            correct = sorted(given) == sorted(key)
        else:
            correct = given[0] in key
        score = grading.get("pointValue", 0) if correct else 0
        answer["grade"] = {"score": score, "correct": True} if correct else {"score": score}
        total += score
    response["totalScore"] = total
