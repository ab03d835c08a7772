"""The references between the master Sheet template and the forms (STYLE.md "Templates
as data"): every answer lands in a column that exists, is the service's, and can hold
it; every service-owned column is written by something; choices agree on both sides.
"""

from __future__ import annotations

from typing import Iterable

from ..cas import outcomes
from .model import SERVICE, FormTemplate, Question, SheetTemplate

YES_NO = ("Yes", "No")
# What each response fact is, as a column type (forms.responses: responseId, lastSubmittedTime,
# respondentEmail).
RESPONSE_FACT_TYPES = {"response_id": ("text",), "submitted": ("datetime",),
                       "respondent_email": ("email",)}


def check(sheet: SheetTemplate, forms: dict[str, FormTemplate], report) -> None:
    fed: dict[str, str] = {}  # column ref -> what feeds it
    for form in forms.values():
        for fact, ref in form.response_feeds:
            at = ("response_feeds", fact)
            if _column_problem(sheet, form, ref, at, report):
                continue
            _, column = sheet.column(ref)
            if column.type not in RESPONSE_FACT_TYPES[fact]:
                report.add(form.source, at, f"{ref} is a {column.type} column; a response's "
                           f"{fact} needs {' or '.join(RESPONSE_FACT_TYPES[fact])}")
            _feed_once(fed, ref, f"{form.key}.{fact}", form, at, report)
        for q, question in enumerate(form.questions):
            at = ("questions", q)
            _check_settings_used(sheet, form, question, at, report)
            if question.feeds is None:
                continue
            if _column_problem(sheet, form, question.feeds, at + ("feeds",), report):
                continue
            _, column = sheet.column(question.feeds)
            reason = _misfit(question, column)
            if reason:
                report.add(form.source, at + ("feeds",), reason)
            _feed_once(fed, question.feeds, f"{form.key}.{question.key}", form, at + ("feeds",),
                       report)
    for t, tab in enumerate(sheet.tabs):
        for c, column in enumerate(tab.columns):
            ref = f"{tab.key}.{column.key}"
            if column.owner == SERVICE and column.producer is None and ref not in fed:
                report.add(sheet.source, ("tabs", t, "columns", c),
                           "a service-owned column needs a producer: a form question that "
                           "feeds it, or 'producer' naming the step that writes it")
    _check_form_settings(sheet, forms, report)


def check_question_ids(forms: Iterable[FormTemplate], report) -> None:
    owner: dict[str, str] = {}
    for form in forms:
        for q, question in enumerate(form.questions):
            other = owner.setdefault(question.question_id, form.key)
            if other != form.key:
                report.add(form.source, ("questions", q, "question_id"),
                           f"{question.question_id!r} is already a question ID of the {other} "
                           f"form; question IDs are unique across forms")


def _column_problem(sheet, form, ref, at, report) -> bool:
    tab_key, _, column_key = ref.partition(".")
    try:
        tab = sheet.tab(tab_key)
    except KeyError:
        known = ", ".join(t.key for t in sheet.tabs)
        report.add(form.source, at, f"{ref}: the master sheet has no tab {tab_key!r} ({known})")
        return True
    try:
        column = tab.column(column_key)
    except KeyError:
        report.add(form.source, at, f"{ref}: the {tab.title} tab has no column {column_key!r}")
        return True
    if column.owner != SERVICE:
        report.add(form.source, at, f"{ref} is owned by people; the service never writes "
                   f"people's columns, so answers cannot go there")
        return True
    return False


def _feed_once(fed, ref, source, form, at, report) -> None:
    if ref in fed:
        report.add(form.source, at, f"{ref} is already fed by {fed[ref]}")
    else:
        fed[ref] = source


def _misfit(question: Question, column) -> str | None:
    """Why the answer cannot go in the column as it is, or None if it fits."""
    kind, ctype = question.type, column.type
    options = question.options
    if kind == "dateQuestion":
        ok = ctype == "date"
    elif kind == "textQuestion":
        ok = ctype in (("multiline", "text") if question.paragraph else
                       ("text", "email", "link", "number"))
    elif question.choice_type == "CHECKBOX":  # any number of options, joined
        ok = ctype in ("text", "multiline") or (ctype == "boolean" and len(options) == 1)
    else:  # RADIO, DROP_DOWN: one option
        if ctype == "choice":
            if tuple(options) != column.choices:
                return (f"the options {list(options)} must be the column's choices "
                        f"{list(column.choices)}, in the same order")
            return None
        ok = (ctype in ("text", "multiline") or
              (ctype == "boolean" and tuple(options) == YES_NO))
    if ok:
        return None
    shape = (question.choice_type or ("paragraph" if question.paragraph else kind))
    hint = (" (a boolean column takes a Yes/No choice or a single checkbox)"
            if ctype == "boolean" else "")
    return f"a {shape} answer cannot go in a {ctype} column{hint}"


def _check_settings_used(sheet, form, question, at, report) -> None:
    if question.only_if_setting:
        try:
            spec = sheet.setting(question.only_if_setting)
        except KeyError:
            report.add(form.source, at + ("only_if_setting",),
                       f"there is no setting {question.only_if_setting!r}")
        else:
            if spec.type != "boolean":
                report.add(form.source, at + ("only_if_setting",),
                           f"{spec.key!r} is a {spec.type} setting; a condition needs a boolean one")
    if question.options_from == "outcome_framework":
        try:
            spec = sheet.setting("outcome_framework")
        except KeyError:
            report.add(form.source, at + ("options_from",), "there is no outcome_framework setting")
        else:
            if set(spec.choices) != set(outcomes.FRAMEWORKS):
                report.add(sheet.source, ("settings",), "the outcome_framework setting's choices "
                           f"must be the frameworks {list(outcomes.FRAMEWORKS)}")


def _check_form_settings(sheet, forms, report) -> None:
    """Setup records each form's ID and responder link in Settings."""
    keys = {spec.key for spec in sheet.settings}
    for form in forms.values():
        for suffix in ("form_id", "form_link"):
            if f"{form.key}_{suffix}" not in keys:
                report.add(sheet.source, ("settings",), f"needs a service-owned setting "
                           f"'{form.key}_{suffix}' where setup records the {form.title} form")
