"""A form's items: their kinds, their IDs and the checks Google makes on them.

Shapes are the Item and Question resources of the Forms API
(https://developers.google.com/forms/api/reference/rest/v1/forms#Item). Item and
question IDs are hex strings; Google assigns 8 hex digits, and a caller may choose
its own as long as it is unused in the form. The emulator requires a chosen ID to
be at most 8 hex digits that fit a positive 32-bit integer, because the responder
page's prefill parameters are ``entry.<decimal of the question ID>``.
"""

from __future__ import annotations

import random
import re
import secrets
import string

from ..core.errors import bad_request

ITEM_KINDS = ("questionItem", "questionGroupItem", "pageBreakItem", "textItem",
              "imageItem", "videoItem")
QUESTION_KINDS = ("choiceQuestion", "textQuestion", "scaleQuestion", "dateQuestion",
                  "timeQuestion", "fileUploadQuestion", "ratingQuestion", "rowQuestion")
CHOICE_TYPES = ("RADIO", "CHECKBOX", "DROP_DOWN")
_HEX_ID = re.compile(r"^[0-9a-f]{1,8}$")
MAX_ID = 0x7FFFFFFF


def invalid(where: str, message: str):
    return bad_request(f"Invalid requests[{where}]: {message}")


def url_token(length: int) -> str:
    """Random URL-safe characters, the alphabet of Google's form and response IDs."""
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_id(taken: set[str]) -> str:
    while True:
        candidate = f"{random.randrange(0x10000000, MAX_ID):08x}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def questions_of(item: dict) -> list[dict]:
    """The questions an item poses (one for a question item, one per row for a group)."""
    if "questionItem" in item:
        return [item["questionItem"]["question"]]
    if "questionGroupItem" in item:
        return list(item["questionGroupItem"].get("questions", []))
    return []


def taken_ids(items: list[dict]) -> set[str]:
    taken = set()
    for item in items:
        taken.add(item["itemId"])
        taken.update(q["questionId"] for q in questions_of(item))
    return taken


def kind_of(obj: dict, kinds: tuple, where: str, what: str) -> str:
    present = [k for k in kinds if k in obj]
    if len(present) != 1:
        raise invalid(where, f"{what} must have exactly one kind "
                             f"({', '.join(kinds)}); got {len(present)}.")
    return present[0]


def check_item(item: dict, where: str, is_quiz: bool) -> None:
    """Refuse an item Google would refuse; ``where`` locates it in error messages."""
    kind = kind_of(item, ITEM_KINDS, where, "An item")
    if kind == "questionItem":
        question = item["questionItem"].get("question")
        if not isinstance(question, dict):
            raise invalid(where, "questionItem.question is required.")
        _check_question(question, where, is_quiz, in_group=False)
    elif kind == "questionGroupItem":
        group = item["questionGroupItem"]
        questions = group.get("questions") or []
        if not questions:
            raise invalid(where, "questionGroupItem.questions must not be empty.")
        grid = group.get("grid")
        if grid is not None:
            columns = grid.get("columns") or {}
            if columns.get("type") not in ("RADIO", "CHECKBOX"):
                raise invalid(where, "A grid's columns must be RADIO or CHECKBOX choices.")
            _check_options(columns, where, allow_other=False)
        for question in questions:
            _check_question(question, where, is_quiz, in_group=True)
            if grid is not None and "rowQuestion" not in question:
                raise invalid(where, "Every question of a grid must be a rowQuestion.")
    elif kind == "imageItem":
        if not (item["imageItem"].get("image") or {}).get("sourceUri"):
            raise invalid(where, "imageItem.image.sourceUri is required.")
    elif kind == "videoItem":
        if not (item["videoItem"].get("video") or {}).get("youtubeUri"):
            raise invalid(where, "videoItem.video.youtubeUri is required.")


def _check_question(question: dict, where: str, is_quiz: bool, in_group: bool) -> None:
    kind = kind_of(question, QUESTION_KINDS, where, "A question")
    if kind == "fileUploadQuestion":
        # "The API currently does not support creating file upload questions." (Forms reference)
        raise invalid(where, "The API currently does not support creating file upload questions.")
    if (kind == "rowQuestion") != in_group:
        raise invalid(where, "rowQuestion is only allowed inside a questionGroupItem."
                      if not in_group else "A questionGroupItem may only hold rowQuestions.")
    if kind == "choiceQuestion":
        choice = question["choiceQuestion"]
        if choice.get("type") not in CHOICE_TYPES:
            raise invalid(where, "choiceQuestion.type is required (RADIO, CHECKBOX or DROP_DOWN).")
        _check_options(choice, where, allow_other=choice["type"] in ("RADIO", "CHECKBOX"))
    elif kind == "scaleQuestion":
        scale = question["scaleQuestion"]
        low, high = scale.get("low", 0), scale.get("high", 0)
        # The Forms editor's limits: the low end is 0 or 1, the high end 2 to 10.
        if low not in (0, 1) or not 2 <= high <= 10:
            raise invalid(where, "A scale question's low must be 0 or 1 and its high 2 to 10.")
    elif kind == "ratingQuestion":
        rating = question["ratingQuestion"]
        if rating.get("iconType") in (None, "RATING_ICON_TYPE_UNSPECIFIED"):
            raise invalid(where, "ratingQuestion.iconType is required.")
        if not 3 <= rating.get("ratingScaleLevel", 0) <= 10:
            raise invalid(where, "ratingQuestion.ratingScaleLevel must be 3 to 10.")
    elif kind == "rowQuestion" and not question["rowQuestion"].get("title"):
        raise invalid(where, "rowQuestion.title is required.")
    if "grading" in question and not is_quiz:
        raise invalid(where, "Grading can only be set on a quiz; set settings.quizSettings.isQuiz first.")


def _check_options(choice: dict, where: str, allow_other: bool) -> None:
    options = choice.get("options") or []
    if not options:
        raise invalid(where, "A choice question needs at least one option.")
    values, others = set(), 0
    for option in options:
        if option.get("isOther"):
            if not allow_other:
                raise invalid(where, "isOther only applies to RADIO and CHECKBOX questions.")
            others += 1
            continue
        value = option.get("value", "")
        if not value:
            raise invalid(where, "Every option needs a value.")
        if value in values:
            raise invalid(where, f'Duplicate option value "{value}".')
        values.add(value)
    if others > 1:
        raise invalid(where, 'A question may have only one "other" option.')


def check_chosen_id(value: str, where: str) -> None:
    if not _HEX_ID.match(value) or int(value, 16) > MAX_ID:
        raise invalid(where, f'Invalid ID "{value}": an item or question ID must be a '
                             f"lowercase hexadecimal number of at most 8 digits, below 80000000.")


def assign_ids(item: dict, taken: set[str], where: str) -> None:
    """Give the item and its questions their IDs: the caller's (checked, unused) or new ones."""
    for owner, key in [(item, "itemId")] + [(q, "questionId") for q in questions_of(item)]:
        chosen = owner.get(key)
        if chosen:
            check_chosen_id(chosen, where)
            if chosen in taken:
                raise invalid(where, f'The ID "{chosen}" is already used in this form.')
            taken.add(chosen)
        else:
            owner[key] = new_id(taken)


def prune(value):
    """Drop what proto3's JSON mapping leaves out: false booleans, empty strings, nulls."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not False and v != "" and v is not None}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def question_by_id(items: list[dict]) -> dict[str, dict]:
    """Every question of the form by ID, with the item it belongs to and its group's grid."""
    found = {}
    for item in items:
        grid = item.get("questionGroupItem", {}).get("grid")
        for question in questions_of(item):
            found[question["questionId"]] = {"question": question, "item": item, "grid": grid}
    return found
