"""A form's responder page (docs.google.com/forms/d/e/RESPONDER_ID/viewform), its
submission (…/formResponse) and a read-only view of the form for its editors
(docs.google.com/forms/d/FORM_ID/edit).

The Forms API cannot submit responses, and a responder usually has no Drive role on
the form, so this page reads the form by its responder ID from the store and submits
through ``FormsStore.submit_response``: the Forms UI's own path. Who may answer is
Drive's rule (``DriveStore.may_respond``: a role on the form, or a permission in the
``published`` view covering the person, their domain or anyone): someone else signed
in gets "You need permission" (403), an anonymous visitor is asked to sign in (401). Field names are the
responder page's own: ``entry.<decimal of the hex questionId>`` for answers (which
is also how prefilled links carry them), ``entry.N.other_option_response`` with the
value ``__other_option__`` for an "Other" answer, ``entry.N_year``/``_month``/``_day``
(and ``_hour``/``_minute``) for the parts of a date, ``emailAddress`` for a typed email.
"""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from flask import redirect, render_template, request
from werkzeug.datastructures import MultiDict

from ..forms.items import question_by_id
from ..forms.responses import SubmissionRefused
from . import ApiError, api, error_page, pages, people, render, signed_in, world

OTHER = "__other_option__"
CLOSED = ("notFound", "unpublished", "notAccepting")
REFUSED = {"noPermission": 403, "signInRequired": 401}


def entry_name(question_id: str) -> str:
    """``entry.<decimal>``: the questionId is hex, the responder page's field is its value."""
    try:
        return f"entry.{int(question_id, 16)}"
    except ValueError:
        return f"entry.{question_id}"


# -- reading the form ------------------------------------------------------
class _NoForm(Exception):
    pass


def _form_or_404(responder_id: str) -> dict:
    """A copy of the form's state, read under the world lock."""
    store = world().forms
    with world().lock:
        form = store.form_by_responder_id(responder_id)
        if form is None or form["formId"] not in world().drive.files:
            raise _NoForm(responder_id)
        form = copy.deepcopy(form)
        form["documentTitle"] = world().drive.files[form["formId"]]["name"]
        form["mayRespond"] = world().drive.may_respond(signed_in(), form["formId"])
    return form


def _question(question: dict) -> dict:
    """What the template needs to draw one question."""
    view = {"id": question["questionId"], "entry": entry_name(question["questionId"]),
            "required": bool(question.get("required"))}
    if "choiceQuestion" in question:
        choice = question["choiceQuestion"]
        view["kind"] = {"RADIO": "radio", "CHECKBOX": "checkbox", "DROP_DOWN": "dropdown"}[choice["type"]]
        view["options"] = [o["value"] for o in choice.get("options", []) if not o.get("isOther")]
        view["other"] = any(o.get("isOther") for o in choice.get("options", []))
    elif "textQuestion" in question:
        view["kind"] = "paragraph" if question["textQuestion"].get("paragraph") else "short"
    elif "scaleQuestion" in question:
        scale = question["scaleQuestion"]
        view.update(kind="scale", points=list(range(scale.get("low", 0), scale.get("high", 0) + 1)),
                    low_label=scale.get("lowLabel", ""), high_label=scale.get("highLabel", ""))
    elif "ratingQuestion" in question:
        view.update(kind="rating", points=list(range(1, question["ratingQuestion"].get("ratingScaleLevel", 5) + 1)))
    elif "dateQuestion" in question:
        date = question["dateQuestion"]
        view.update(kind="date", year=bool(date.get("includeYear")), time=bool(date.get("includeTime")))
    elif "timeQuestion" in question:
        view["kind"] = "duration" if question["timeQuestion"].get("duration") else "time"
    else:  # fileUploadQuestion: made in the Forms editor only; no uploads here
        view["kind"] = "upload"
    return view


def blocks_of(form: dict) -> list[dict]:
    """The form's items in order, each as a block the template draws."""
    blocks = []
    for item in form["items"]:
        block = {"title": item.get("title", ""), "description": item.get("description", "")}
        if "pageBreakItem" in item:
            block["kind"] = "section"
        elif "textItem" in item:
            block["kind"] = "text"
        elif "imageItem" in item:
            image = item["imageItem"]["image"]
            block.update(kind="image", uri=image.get("sourceUri", ""), alt=image.get("altText", ""))
        elif "videoItem" in item:
            block.update(kind="video", uri=item["videoItem"]["video"].get("youtubeUri", ""),
                         caption=item["videoItem"].get("caption", ""))
        elif "questionItem" in item:
            block.update(kind="question", question=_question(item["questionItem"]["question"]))
        else:
            group = item["questionGroupItem"]
            grid = group.get("grid") or {}
            columns = grid.get("columns") or {}
            rows = [_question(q) | {"title": q.get("rowQuestion", {}).get("title", "")}
                    for q in group.get("questions", [])]
            block.update(kind="grid", rows=rows, multiple=columns.get("type") == "CHECKBOX",
                         columns=[o["value"] for o in columns.get("options", [])],
                         required=any(r["required"] for r in rows))
        blocks.append(block)
    return blocks


# -- reading answers (from a prefilled link or a submission) ---------------
def _date_answer(question: dict, data: MultiDict, name: str, given: list[str]) -> list[str]:
    """One date answer as Google records it (``YYYY-MM-DD``, ``MM-DD``, `` HH:MM`` when
    the question includes time), from ``entry.N`` or from its parts."""
    if given:
        return [given[0].replace("T", " ")]  # a datetime-local input sends 2026-05-01T13:45
    part = {p: (data.get(f"{name}_{p}") or "").strip() for p in ("year", "month", "day", "hour", "minute", "time")}
    if not any(part.values()):
        return []
    pad = lambda v: v.zfill(2) if v.isdigit() else v  # noqa: E731
    value = f"{pad(part['month'])}-{pad(part['day'])}"
    if question["dateQuestion"].get("includeYear"):
        value = f"{part['year']}-{value}"
    clock_time = part["time"] or (f"{pad(part['hour'])}:{pad(part['minute'])}" if part["hour"] else "")
    return [f"{value} {clock_time}" if clock_time else value]


def answers_from(form: dict, data: MultiDict) -> dict[str, list[str]]:
    """Answers by questionId from request fields named as Google's responder page names them."""
    answers = {}
    for question_id, found in question_by_id(form["items"]).items():
        question, name = found["question"], entry_name(question_id)
        given = [v.strip() for v in data.getlist(name)]
        if OTHER in given:
            given = [v for v in given if v != OTHER] + [(data.get(f"{name}.other_option_response") or "").strip()]
        if "dateQuestion" in question:
            given = _date_answer(question, data, name, [v for v in given if v])
        elif "timeQuestion" in question and not any(given) and data.get(f"{name}_hour"):
            given = [f"{data.get(f'{name}_hour', '').zfill(2)}:{data.get(f'{name}_minute', '0').zfill(2)}"]
        answers[question_id] = [v for v in given if v]
    return answers


def _missing_required(form: dict, answers: dict) -> dict[str, str]:
    """Every required question left empty (the store stops at the first; the page shows all)."""
    return {qid: "This is a required question" for qid, found in question_by_id(form["items"]).items()
            if found["question"].get("required") and not answers.get(qid)}


# -- pages -----------------------------------------------------------------
def _viewform_url(form: dict, answers: dict | None = None) -> str:
    url = f"/forms/d/e/{form['responderId']}/viewform"
    if answers:
        pairs = [(entry_name(qid), v) for qid, values in answers.items() for v in values]
        url += "?" + urlencode(pairs) if pairs else ""
    return url


def _show(form: dict, answers: dict, errors: dict | None = None, status: int = 200, email: str = ""):
    """The responder page; ``here`` is the viewform link with the answers so far, so that
    switching who is signed in keeps them (also after a POST)."""
    mode = form["settings"].get("emailCollectionType", "DO_NOT_COLLECT")
    state = form["publishState"]
    if not form["mayRespond"]:   # who may not answer sees no questions, as on Google's page
        status = 403 if signed_in() else 401
    html = render_template(
        "form.html", me=signed_in(), people=people(), here=_viewform_url(form, answers),
        no_access=not form["mayRespond"],
        form=form, title="Google Forms" if not form["mayRespond"] else form["info"].get("title") or form["documentTitle"],
        blocks=blocks_of(form), answers=answers, has_required=bool(_missing_required(form, {})), errors=errors or {}, email_mode=mode,
        email=email or signed_in() or "",
        closed=not (state["isPublished"] and state["isAcceptingResponses"]),
        unpublished=not state["isPublished"],
        action=f"/forms/d/e/{form['responderId']}/formResponse")
    return html, status


@pages.errorhandler(_NoForm)
def _no_form(_):
    return error_page(ApiError(404, {"message": "This form does not exist."}))


@pages.get("/forms/d/e/<responder_id>/viewform")
def viewform(responder_id):
    """The form, prefilled from ``entry.<decimal>`` parameters (checkboxes may repeat one)."""
    form = _form_or_404(responder_id)
    return _show(form, answers_from(form, request.args))


@pages.get("/forms/d/e/<responder_id>/formResponse")
def form_response_get(responder_id):
    """Reloading the submission URL goes back to the form (answers in the query kept)."""
    query = request.query_string.decode()
    return redirect(f"/forms/d/e/{responder_id}/viewform" + (f"?{query}" if query else ""))


@pages.post("/forms/d/e/<responder_id>/formResponse")
def form_response(responder_id):
    form = _form_or_404(responder_id)
    answers = answers_from(form, request.form)
    if not form["mayRespond"]:
        return _show(form, answers)
    mode = form["settings"].get("emailCollectionType", "DO_NOT_COLLECT")
    email = signed_in() if mode == "VERIFIED" else None
    errors = _missing_required(form, answers)
    if mode == "RESPONDER_INPUT":
        email = (request.form.get("emailAddress") or "").strip()
        if not email:
            errors["emailAddress"] = "This is a required question"
        elif "@" not in email.strip("@"):
            errors["emailAddress"] = "Must be a valid email address"
    if errors:
        return _show(form, answers, errors, 400, email or "")
    try:
        world().forms.submit_response(form["formId"], email, answers, responder=signed_in())
    except SubmissionRefused as refused:
        form = _form_or_404(responder_id)  # the form (or who may answer it) may have changed meanwhile
        if refused.reason in REFUSED:
            return _show(form, answers, status=REFUSED[refused.reason])
        if refused.reason in CLOSED or refused.reason == "emailRequired":
            return _show(form, answers, status=403 if refused.reason in CLOSED else 401)
        return _show(form, answers, {refused.question_id or "form": refused.message}, 400, email or "")
    return render("form_done.html", form=form, title=form["info"].get("title") or form["documentTitle"],
                  again=_viewform_url(form))


@pages.get("/forms/d/<form_id>/edit")
def form_edit(form_id):
    """A read-only view of the form for those Drive lets see it (forms.get as the person)."""
    try:
        form = api("GET", f"/v1/forms/{form_id}")
    except ApiError as err:
        return error_page(err)
    try:
        listing = api("GET", f"/v1/forms/{form_id}/responses", {"pageSize": 5000})
        responses = len(listing.get("responses", []))
    except ApiError:  # reading responses needs edit access
        responses = None
    return render("form_edit.html", form=form, blocks=blocks_of({"items": form.get("items", [])}),
                  responses=responses)
