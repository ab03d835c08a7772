"""Partial responses: the ``fields`` system parameter.

Syntax as Google documents it (https://developers.google.com/drive/api/guides/fields-parameter):
``a,b/c,d(e,f)``, ``*`` for everything. The mask is a tree of dicts; ``True`` keeps a
whole subtree.
"""

from __future__ import annotations

import re

from .errors import bad_request


def parse(text: str) -> dict:
    tree, pos = _fields(text, 0)
    if pos != len(text):
        raise _invalid(text)
    return tree


def _invalid(text: str):
    return bad_request(f"Invalid field selection {text}", "invalidParameter",
                       location="fields", location_type="parameter")


def _fields(text: str, pos: int) -> tuple[dict, int]:
    tree: dict = {}
    while True:
        start = pos
        while pos < len(text) and text[pos] not in ",()":
            pos += 1
        path = text[start:pos].strip()
        if not path:
            raise _invalid(text)
        # Sheets writes sub-fields with dots, as FieldMask JSON does
        # (https://developers.google.com/sheets/api/guides/field-masks); Drive with '/'.
        names = re.split(r"[/.]", path)
        if any(not n.strip() for n in names):
            raise _invalid(text)
        sub: dict | bool = True
        if pos < len(text) and text[pos] == "(":
            sub, pos = _fields(text, pos + 1)
            if pos >= len(text) or text[pos] != ")":
                raise _invalid(text)
            pos += 1
        node = tree
        for name in names[:-1]:
            nxt = node.get(name.strip())
            if nxt is True:
                break
            node = node.setdefault(name.strip(), {})
        else:
            last = names[-1].strip()
            node[last] = True if sub is True or node.get(last) is True else {**node.get(last, {}), **sub}
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return tree, pos


def apply(value, mask):
    """Keep only the masked parts of a response; lists apply the mask to each element."""
    if mask is True or not isinstance(mask, dict):
        return value
    if isinstance(value, list):
        return [apply(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    if "*" in mask:
        return {k: apply(v, mask["*"]) for k, v in value.items()}
    return {k: apply(value[k], sub) for k, sub in mask.items() if k in value}
