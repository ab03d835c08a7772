"""A small JSON Schema checker for the template files, with errors a person can act on.

The project adds no dependency for this, so only the keywords our schemas use are
supported: ``type``, ``properties``, ``required``, ``additionalProperties``,
``items``, ``enum``, ``const``, ``pattern``, ``minLength``, ``maxLength``, ``minimum``, ``maximum``,
``minItems``, ``uniqueItems``, ``$ref`` (to ``#/$defs/...``), plus the annotations
``$schema``, ``$id``, ``$comment``, ``title``, ``description``, ``$defs``. A schema
using any other keyword is refused (:class:`SchemaError`) rather than half-checked.

Each problem is a :class:`Problem`: the file, the path inside it (``tabs[2].columns[5].owner``,
with the element's ``key`` shown when it has one: ``tabs[2](experiences)``), the line
when known, and what is wrong.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Iterator

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "$defs", "examples"}
KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "enum", "const",
            "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "uniqueItems", "$ref"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}

Path = tuple  # of str (object keys) and int (array indexes)


class SchemaError(ValueError):
    """A schema file itself is malformed or uses a keyword this checker does not know."""


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(top level)'}: {self.message}"


def format_path(document: Any, path: Path) -> str:
    """``tabs[2](experiences).columns[5](advisor_decision).owner`` for a path."""
    out, node = "", document
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("key"), str):
                out += f"({node['key']})"
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _type_ok(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def check(document: Any, schema: dict) -> Iterator[tuple[Path, str]]:
    """Every way ``document`` breaks ``schema``, as (path, message)."""
    yield from _check(document, schema, schema, ())


def _check(value: Any, schema: dict, root: dict, path: Path) -> Iterator[tuple[Path, str]]:
    unknown = set(schema) - KEYWORDS - ANNOTATIONS
    if unknown:
        raise SchemaError(f"Schema keyword(s) {', '.join(sorted(unknown))} not supported "
                          f"(at {'/'.join(map(str, path)) or 'the root'}).")
    if "$ref" in schema:
        yield from _check(value, _resolve(schema["$ref"], root), root, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, n) for n in names):
            yield path, f"must be {' or '.join(_a(n) for n in names)}, not {_describe(value)}"
            return  # the other keywords would only repeat the same mistake
    if "const" in schema and value != schema["const"]:
        yield path, f"must be {json.dumps(schema['const'])}, not {json.dumps(value)}"
    if "enum" in schema and value not in schema["enum"]:
        yield path, (f"{json.dumps(value)} is not one of "
                     f"{', '.join(json.dumps(v) for v in schema['enum'])}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield path, ("must not be empty" if schema["minLength"] == 1
                         else f"must be at least {schema['minLength']} characters long")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield path, f"must be at most {schema['maxLength']} characters long, not {len(value)}"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield path, f"{json.dumps(value)} does not match the pattern {schema['pattern']}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield path, f"must be at least {schema['minimum']}, not {value}"
        if "maximum" in schema and value > schema["maximum"]:
            yield path, f"must be at most {schema['maximum']}, not {value}"
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            yield path, f"must have at least {schema['minItems']} item(s), not {len(value)}"
        if schema.get("uniqueItems"):
            seen = []
            for i, item in enumerate(value):
                if item in seen:
                    yield path + (i,), f"{json.dumps(item)} is listed twice"
                seen.append(item)
        if "items" in schema:
            for i, item in enumerate(value):
                yield from _check(item, schema["items"], root, path + (i,))
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                yield path, f"{name!r} is required"
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                yield from _check(item, properties[name], root, path + (name,))
            elif extra is False:
                known = ", ".join(properties) or "none"
                yield path + (name,), f"unknown field {name!r} (known fields: {known})"
            elif isinstance(extra, dict):
                yield from _check(item, extra, root, path + (name,))


def _resolve(ref: str, root: dict) -> dict:
    if not ref.startswith("#/$defs/"):
        raise SchemaError(f"Only local references #/$defs/NAME are supported, not {ref!r}.")
    try:
        return root["$defs"][ref[len("#/$defs/"):]]
    except KeyError:
        raise SchemaError(f"The schema has no definition for {ref!r}.") from None


def _a(name: str) -> str:
    return {"object": "an object", "array": "a list", "integer": "a whole number",
            "null": "null", "string": "a string", "boolean": "true or false",
            "number": "a number"}[name]


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {json.dumps(value)}"
    return _a("array" if isinstance(value, list) else "object")


# -- where a path is in the file ---------------------------------------------
_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r'-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null')


def line_index(text: str, duplicates: list | None = None) -> dict[Path, int]:
    """The line each value of a valid JSON text starts on, by its path. ``json`` does
    not report positions, so this walks the text once more (it assumes the text has
    already parsed, and gives up quietly otherwise). A key repeated in one object,
    which ``json`` silently resolves to the last value, is added to ``duplicates`` as
    (path, line)."""
    lines: dict[Path, int] = {}
    try:
        _walk(text, _WS.match(text, 0).end(), (), lines, duplicates)
    except (ValueError, IndexError, AttributeError):
        pass
    return lines


def _walk(text: str, i: int, path: Path, lines: dict[Path, int], duplicates) -> int:
    lines[path] = text.count("\n", 0, i) + 1
    c = text[i]
    if c == "{":
        i = _WS.match(text, i + 1).end()
        if text[i] == "}":
            return i + 1
        seen = set()
        while True:
            key, i = json.decoder.scanstring(text, i + 1)
            if key in seen and duplicates is not None:
                duplicates.append((path + (key,), text.count("\n", 0, i) + 1))
            seen.add(key)
            i = _WS.match(text, i).end() + 1  # past ':'
            i = _walk(text, _WS.match(text, i).end(), path + (key,), lines, duplicates)
            i = _WS.match(text, i).end()
            if text[i] == "}":
                return i + 1
            i = _WS.match(text, i + 1).end()  # past ','
    if c == "[":
        i = _WS.match(text, i + 1).end()
        if text[i] == "]":
            return i + 1
        n = 0
        while True:
            i = _walk(text, i, path + (n,), lines, duplicates)
            i = _WS.match(text, i).end()
            if text[i] == "]":
                return i + 1
            i, n = _WS.match(text, i + 1).end(), n + 1
    if c == '"':
        return json.decoder.scanstring(text, i + 1)[1]
    return _SCALAR.match(text, i).end()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest ancestor that exists in the file."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)
