"""``forms.batchUpdate``: its requests, applied all or nothing.

https://developers.google.com/forms/api/reference/rest/v1/forms/batchUpdate — "All
the specified updates are made or none of them are." The requests run against a
copy of the form's items, info and settings; the copy replaces the form only when
every request succeeded. Replies map 1:1 to requests; only createItem has a body.
"""

from __future__ import annotations

import copy

from ..core.errors import bad_request
from . import items as items_mod
from .items import invalid

REQUESTS: dict = {}


def request(name: str):
    def register(fn):
        REQUESTS[name] = fn
        return fn
    return register


class Draft:
    """The working copy a batch changes."""

    def __init__(self, form: dict):
        self.info = copy.deepcopy(form["info"])
        self.settings = copy.deepcopy(form["settings"])
        self.items = copy.deepcopy(form["items"])
        self.where = ""

    @property
    def is_quiz(self) -> bool:
        return bool(self.settings.get("quizSettings", {}).get("isQuiz"))


def apply_batch(form: dict, requests: list[dict]) -> tuple[Draft, list[dict]]:
    draft, replies = Draft(form), []
    if not requests:
        raise bad_request("requests must not be empty.")
    for index, req in enumerate(requests):
        kinds = [k for k in req if k in REQUESTS]
        if len(kinds) != 1 or len(req) != 1:
            raise bad_request(f"Invalid requests[{index}]: a request must set exactly one kind.")
        draft.where = f"{index}].{kinds[0]}"
        replies.append(REQUESTS[kinds[0]](draft, req[kinds[0]]) or {})
    return draft, replies


# -- field masks ---------------------------------------------------------
def mask_paths(mask: str | None, where: str) -> list[str]:
    paths = [p.strip() for p in (mask or "").split(",") if p.strip()]
    if not paths:
        raise invalid(where, "update_mask must name at least one field.")
    return paths


def _camel(path: str) -> str:
    head, *rest = path.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def apply_mask(target: dict, source: dict, paths: list[str]) -> None:
    """Copy the masked fields from source into target; a masked field absent from
    source is cleared, as a FieldMask update does."""
    for path in paths:
        if path == "*":
            target.clear()
            target.update(copy.deepcopy(source))
            continue
        names = [_camel(n) for n in path.split(".")]
        src, dst = source, target
        for name in names[:-1]:
            src = src.get(name, {}) if isinstance(src, dict) else {}
            dst = dst.setdefault(name, {})
        last = names[-1]
        if isinstance(src, dict) and last in src:
            dst[last] = copy.deepcopy(src[last])
        else:
            dst.pop(last, None)


# -- the requests --------------------------------------------------------
def _index(location: dict | None, size: int, where: str, name: str, end_ok: bool = False) -> int:
    """A Location's index, in [0, size) — or [0, size] where appending is allowed."""
    if location is None or "index" not in location:
        raise invalid(where, f"{name}.index is required.")
    index = location["index"]
    if not 0 <= index < size + end_ok:
        raise invalid(where, f"{name}.index {index} is out of range: the form has {size} items.")
    return index


@request("createItem")
def create_item(draft: Draft, body: dict) -> dict:
    item = copy.deepcopy(body.get("item"))
    if not isinstance(item, dict):
        raise invalid(draft.where, "item is required.")
    index = _index(body.get("location"), len(draft.items), draft.where, "location", end_ok=True)
    items_mod.check_item(item, draft.where, draft.is_quiz)
    items_mod.assign_ids(item, items_mod.taken_ids(draft.items), draft.where)
    draft.items.insert(index, items_mod.prune(item))
    return {"createItem": {"itemId": item["itemId"],
                           "questionId": [q["questionId"] for q in items_mod.questions_of(item)]}}


@request("updateItem")
def update_item(draft: Draft, body: dict) -> None:
    index = _index(body.get("location"), len(draft.items), draft.where, "location")
    paths = mask_paths(body.get("updateMask"), draft.where)
    old = draft.items[index]
    new = copy.deepcopy(old)
    apply_mask(new, body.get("item") or {}, paths)
    items_mod.check_item(new, draft.where, draft.is_quiz)
    # IDs the mask carried are kept if given, regenerated if blank ("If an ID is blank
    # (and in the field mask) a new ID is generated"); the old ones are free again.
    taken = items_mod.taken_ids(draft.items[:index] + draft.items[index + 1:])
    items_mod.assign_ids(new, taken, draft.where)
    draft.items[index] = items_mod.prune(new)


@request("deleteItem")
def delete_item(draft: Draft, body: dict) -> None:
    index = _index(body.get("location"), len(draft.items), draft.where, "location")
    del draft.items[index]


@request("moveItem")
def move_item(draft: Draft, body: dict) -> None:
    source = _index(body.get("originalLocation"), len(draft.items), draft.where, "original_location")
    target = _index(body.get("newLocation"), len(draft.items), draft.where, "new_location")
    draft.items.insert(target, draft.items.pop(source))


@request("updateFormInfo")
def update_form_info(draft: Draft, body: dict) -> None:
    paths = mask_paths(body.get("updateMask"), draft.where)
    for path in paths:
        if path in ("documentTitle", "document_title"):
            raise invalid(draft.where, "document_title cannot be changed by a batchUpdate; "
                                       "rename the form's file with the Drive API.")
        if path not in ("*", "title", "description"):
            raise invalid(draft.where, f"Invalid update mask path: {path}.")
    info = {k: v for k, v in (body.get("info") or {}).items() if k != "documentTitle"}
    apply_mask(draft.info, info, paths)
    draft.info = items_mod.prune(draft.info)


@request("updateSettings")
def update_settings(draft: Draft, body: dict) -> None:
    paths = mask_paths(body.get("updateMask"), draft.where)
    allowed = ("*", "emailCollectionType", "email_collection_type", "quizSettings",
               "quiz_settings", "quizSettings.isQuiz", "quiz_settings.is_quiz")
    for path in paths:
        if path not in allowed:
            raise invalid(draft.where, f"Invalid update mask path: {path}.")
    settings = body.get("settings") or {}
    if settings.get("emailCollectionType") == "EMAIL_COLLECTION_TYPE_UNSPECIFIED":
        raise invalid(draft.where, "email_collection_type must be DO_NOT_COLLECT, VERIFIED or "
                                   "RESPONDER_INPUT.")
    was_quiz = draft.is_quiz
    apply_mask(draft.settings, settings, paths)
    draft.settings = items_mod.prune(draft.settings)
    if was_quiz and not draft.is_quiz:
        # "Upon setting to false, all question Grading is deleted."
        for item in draft.items:
            for question in items_mod.questions_of(item):
                question.pop("grading", None)
