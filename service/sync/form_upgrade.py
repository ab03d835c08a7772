"""The cohort's Google Forms brought up to the templates: a question a newer version
added (``added_in`` in forms/*.json) is added to a form made before it, in place, so
an existing cohort's links, responses and question IDs stay as they are.

Run by ``cas upgrade`` and by the sync when it upgrades an older Sheet (upgrade.py).
For each form named in the Settings tab (``<form>_form_id``):

* its Drive file's ``appProperties.casFormVersion`` says the template version it
  was last brought to (none: made before this existed, so every ``added_in``
  question is considered). A form already at this version costs that one read;
* forms.get; each ``added_in`` question newer than the form's version whose
  question ID the form lacks (our question IDs are fixed, forms/README.md, so the
  ID finds it wherever a coordinator moved or reworded it) is made with
  ``createItem`` just after the question that precedes it in the template (or at
  the end), ONE forms.batchUpdate per form with ``writeControl.requiredRevisionId``
  (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms/batchUpdate:
  "If this is not the latest revision of the form, the request is not processed").
  An upgrade that meets a form edited meanwhile, or one another run just upgraded,
  reads it again and adds only what is still missing;
* then the Drive file is marked with the version. A question the coordinator
  deletes afterwards is not brought back by a later upgrade, and questions that
  were there from the start (no ``added_in``) are never re-added: removing one is
  the coordinator's choice.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from ..templates.form_builder import question_item
from ..workspace import WorkspaceError
from . import records

VERSION_KEY = "casFormVersion"
TRIES = 3


@dataclasses.dataclass
class FormsUpgrade:
    added: list[str] = dataclasses.field(default_factory=list)      # "Form: question title"
    problems: list[str] = dataclasses.field(default_factory=list)


def upgrade_forms(forms, drive, templates, settings: Mapping, *, write: bool = True
                  ) -> FormsUpgrade:
    """Add the questions each form lacks (the module docstring). ``settings``: the
    Settings tab's values by key (form IDs, and the settings questions depend on)."""
    result = FormsUpgrade()
    version = templates.sheet.version
    for key, form in templates.forms.items():
        form_id = records.text(settings.get(f"{key}_form_id"))
        newer = [q for q in form.questions if q.added_in]
        if not form_id or not newer:
            continue
        try:
            marked = drive.get(form_id, fields="id,appProperties").get("appProperties") or {}
            try:
                done = int(marked.get(VERSION_KEY) or 0)
            except ValueError:
                done = 0
            if done >= version:
                continue
            wanted = [q for q in newer if q.added_in > done
                      and (not q.only_if_setting or records.as_bool(
                          settings.get(q.only_if_setting)))]
            added = _add_questions(forms, form_id, form, wanted, settings, write)
            result.added += [f"{form.title}: {title}" for title in added]
            if write:
                drive.update(form_id, {"appProperties": {VERSION_KEY: str(version)}})
        except WorkspaceError as err:
            result.problems.append(f"The {form.title} form was not upgraded ({err}); "
                                   f"`cas upgrade` tries again.")
    return result


def _add_questions(forms, form_id: str, form, wanted, settings: Mapping, write: bool
                   ) -> list[str]:
    for attempt in range(TRIES):
        current = forms.get(form_id)
        present = _question_ids(current)
        requests, titles = _requests(current, form, [q for q in wanted
                                                     if q.question_id not in present],
                                     settings)
        if not requests or not write:
            return titles
        try:
            forms.batch_update(form_id, requests,
                               required_revision_id=current.get("revisionId") or None)
            return titles
        except WorkspaceError as err:
            # Edited meanwhile (or upgraded by another run): read it again.
            if err.status != 400 or attempt == TRIES - 1:
                raise
    return []


def _question_ids(form: dict) -> list[str | None]:
    """Each item's question ID, in the form's order (None for an item without one)."""
    found = []
    for item in form.get("items") or []:
        question = (item.get("questionItem") or {}).get("question") or {}
        group = [(q or {}).get("questionId") for q in
                 (item.get("questionGroupItem") or {}).get("questions") or []]
        found.append(question.get("questionId") or (group[0] if group else None))
    return found


def _requests(current: dict, form, missing, settings: Mapping) -> tuple[list[dict], list[str]]:
    """createItem requests placing each missing question after the one before it
    in the template (as found in the form now), in template order."""
    order = _question_ids(current)
    requests, titles = [], []
    for question in missing:
        position = len(order)
        before = form.questions[:form.questions.index(question)]
        for earlier in reversed(before):
            if earlier.question_id in order:
                position = order.index(earlier.question_id) + 1
                break
        item = question_item(question, settings, form)
        requests.append({"createItem": {"item": item, "location": {"index": position}}})
        order.insert(position, question.question_id)
        titles.append(question.title)
    return requests, titles
