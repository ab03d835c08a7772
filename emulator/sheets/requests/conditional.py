"""Conditional formats: addConditionalFormatRule, updateConditionalFormatRule,
deleteConditionalFormatRule
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#ConditionalFormatRule).

Rules are an ordered list on their sheet (earlier rules win); they are stored and
reported, not applied to effectiveFormat.
"""

from __future__ import annotations

import copy

from . import request
from .grid import RequestError, bounds, sheet_of, without_nulls


def _checked(edit, rule: dict | None) -> tuple[dict, dict]:
    """A rule checked as Sheets checks it; returns (rule, its sheet)."""
    rule = without_nulls(rule or {})
    ranges = rule.get("ranges") or []
    if not ranges:
        raise RequestError("A conditional format rule needs at least one range.")
    sheets = set()
    for rng in ranges:
        rng.setdefault("sheetId", 0)
        bounds(edit, rng)
        sheets.add(rng["sheetId"])
    if len(sheets) > 1:
        raise RequestError("All the ranges of a conditional format rule must be on the same sheet.")
    kinds = [k for k in ("booleanRule", "gradientRule") if rule.get(k) is not None]
    if len(kinds) != 1:
        raise RequestError("A conditional format rule needs exactly one of booleanRule or gradientRule.")
    if kinds == ["booleanRule"]:
        condition = (rule["booleanRule"].get("condition") or {}).get("type")
        if not condition or condition == "CONDITION_TYPE_UNSPECIFIED":
            raise RequestError("booleanRule.condition.type is required.")
    return rule, sheet_of(edit, sheets.pop())


def _rules(edit, sheet_id) -> list:
    return sheet_of(edit, sheet_id or 0)["conditionalFormats"]


def _at(rules: list, index, sheet_id) -> int:
    index = index or 0
    if not 0 <= index < len(rules):
        raise RequestError(f"No conditional format on sheet: {sheet_id or 0} at index: {index}")
    return index


@request("addConditionalFormatRule")
def add_conditional_format_rule(edit, body: dict):
    """The rule goes in at ``index``, 0 when absent (first: it takes precedence)."""
    rule, sheet = _checked(edit, body.get("rule"))
    rules = sheet["conditionalFormats"]
    index = body.get("index", 0)
    if not 0 <= index <= len(rules):
        raise RequestError(f"Invalid index {index}: the sheet has {len(rules)} conditional "
                           f"format rules.")
    rules.insert(index, rule)


@request("updateConditionalFormatRule")
def update_conditional_format_rule(edit, body: dict):
    """Replace the rule at ``index`` (``rule``) or move it to ``newIndex``."""
    if (body.get("rule") is None) == (body.get("newIndex") is None):
        raise RequestError("Exactly one of rule or newIndex must be set.")
    if body.get("rule") is not None:
        rule, sheet = _checked(edit, body["rule"])
        sheet_id = body.get("sheetId", sheet["properties"]["sheetId"])
        rules = _rules(edit, sheet_id)
        index = _at(rules, body.get("index"), sheet_id)
        old = rules.pop(index)
        sheet["conditionalFormats"].insert(min(index, len(sheet["conditionalFormats"])), rule)
        return {"newRule": copy.deepcopy(rule), "oldRule": old, "newIndex": index}
    rules = _rules(edit, body.get("sheetId"))
    index = _at(rules, body.get("index"), body.get("sheetId"))
    new_index = body["newIndex"]
    if not 0 <= new_index < len(rules):
        raise RequestError(f"Invalid newIndex {new_index}: the sheet has {len(rules)} "
                           f"conditional format rules.")
    rule = rules.pop(index)
    rules.insert(new_index, rule)
    return {"newRule": copy.deepcopy(rule), "oldIndex": index, "newIndex": new_index}


@request("deleteConditionalFormatRule")
def delete_conditional_format_rule(edit, body: dict):
    rules = _rules(edit, body.get("sheetId"))
    index = _at(rules, body.get("index"), body.get("sheetId"))
    return {"rule": rules.pop(index)}
