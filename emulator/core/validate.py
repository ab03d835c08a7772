"""Request validation against the discovery documents.

Query parameters are typed, enum-checked and required-checked from the method's
``parameters``; JSON bodies are walked against the request ``$ref`` schema. The
wording follows Google's front end (ESF), e.g. ``Invalid JSON payload received.
Unknown name "foo" at 'requests[0].add_sheet': Cannot find field.``; field paths
in those messages are snake_case, as Google prints them.

Two front ends answer differently. Sheets v4 binds the query string and the body to
the request message and refuses what it cannot bind: ``Unknown name "x": Cannot bind
query parameter`` (recorded in VBA-tools/VBA-Web#332 and
googleapis/google-api-nodejs-client#588); Forms, Classroom and Gmail are held to the
same rule, not having been seen to differ.
Drive v3 ignores both a query parameter its method does not declare and a body
field its resource does not have: gspread sends ``includeItemsFromAllDrives`` to
``files.get``, which does not declare it, and Google answers 200 (recorded in
gspread's tests/cassettes/SpreadsheetTest.test_creationTime_prop.json, 2023); gspread's
``share`` sends v2's ``withLink`` in a v3 permissions body and works (burnash/gspread
#1115). ``LENIENT_APIS`` names the APIs served the second way.

Every API takes Google's system parameters (https://cloud.google.com/apis/docs/system-parameters),
declared in a discovery document or not; ``$fields``, ``$alt`` and the like are the
same parameters under their ``$`` names.
"""

from __future__ import annotations

import re

from .discovery import Method
from .errors import GoogleApiError, bad_request

_INT = re.compile(r"^-?\d+$")

LENIENT_APIS = {"drive"}
# System parameters every API takes (cloud.google.com/apis/docs/system-parameters, and
# userIp among the client libraries' standard parameters): name -> the declared
# parameter it stands for (None: accepted and ignored).
SYSTEM_PARAMETERS = {
    "$alt": "alt", "$callback": "callback", "$fields": "fields", "$prettyPrint": "prettyPrint",
    "$quotaUser": "quotaUser", "$key": "key", "api_key": "key", "$apiFormat": "$.xgafv",
    "$ct": None, "$userProject": None, "$outputDefaults": None, "$unique": None,
    "$apiVersion": None, "$requestReason": None, "userIp": None,
}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _invalid(message: str, **kw) -> GoogleApiError:
    return bad_request(message, "badRequest", **kw)


def _scalar(spec: dict, value, where: str):
    """Convert/check one value of a discovery scalar type; return the Python value."""
    kind, fmt = spec.get("type"), spec.get("format")
    if kind == "integer" or (kind == "string" and fmt in ("int64", "uint64")):
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and _INT.match(value))):
            raise _invalid(f"Invalid value at '{where}' (TYPE_{(fmt or 'int32').upper()}), {_show(value)}")
        value = int(value)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise _invalid(f"Invalid value at '{where}' (TYPE_DOUBLE), {_show(value)}") from None
    elif kind == "boolean":
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"  # Google reads "True" too (gspread sends it)
        elif not isinstance(value, bool):
            raise _invalid(f"Invalid value at '{where}' (TYPE_BOOL), {_show(value)}")
    elif kind == "string":
        if not isinstance(value, str):
            raise _invalid(f"Invalid value at '{where}' (TYPE_STRING), {_show(value)}")
        if "enum" in spec and value not in spec["enum"]:
            raise _invalid(f"Invalid value at '{where}' (TYPE_ENUM), {_show(value)}")
    return value


def _show(value) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def query(method: Method, args, path_params: dict) -> dict:
    """Typed parameters of a call: path parameters plus the query string."""
    params = {name: _scalar(method.parameters.get(name, {"type": "string"}), value, snake(name))
              for name, value in path_params.items()}  # typed as discovery says (e.g. sheetId)
    for name in args.keys():
        spec = method.parameters.get(name)
        target = name
        if spec is None and name in SYSTEM_PARAMETERS:
            target = SYSTEM_PARAMETERS[name]
            spec = method.parameters.get(target) if target else None
            if spec is None or target in args:
                continue  # an ignored system parameter, or one also sent under its plain name
        if (spec is None or spec.get("location") == "path") and method.api in LENIENT_APIS:
            continue
        if spec is None or spec.get("location") == "path":
            raise _invalid(f'Invalid JSON payload received. Unknown name "{name}": '
                           f"Cannot bind query parameter. Field '{name}' could not be "
                           f"found in request message.")
        values = [_scalar(spec, v, snake(target)) for v in args.getlist(name)]
        params[target] = values if spec.get("repeated") else values[-1]
    for name, spec in method.parameters.items():
        if spec.get("required") and name not in params:
            raise bad_request(f"Required parameter: {name}", "required",
                              location=name, location_type="parameter")
    return params


def body(method: Method, payload) -> None:
    """Check a JSON body against the method's request schema; raise on the first error."""
    if method.request_ref is None or payload is None:
        return  # no body at all is an empty request (a media-only upload, files.create())
    if not isinstance(payload, dict):
        raise _invalid("Invalid JSON payload received. Expected an object.")
    _object(method.doc.schemas, {"$ref": method.request_ref}, payload, "",
            method.api in LENIENT_APIS)


def _resolve(schemas: dict, spec: dict) -> dict:
    while "$ref" in spec:
        spec = schemas[spec["$ref"]]
    return spec


def _join(path: str, name: str) -> str:
    return f"{path}.{snake(name)}" if path else snake(name)


def _object(schemas: dict, spec: dict, value, path: str, lenient: bool = False) -> None:
    """Check ``value`` against ``spec``; with ``lenient`` (Drive) a field the schema does
    not have is dropped from the payload instead of refused, so handlers never see it."""
    spec = _resolve(schemas, spec)
    kind = spec.get("type")
    if kind == "any" or value is None:
        return
    if kind == "object":
        if not isinstance(value, dict):
            raise _invalid(f"Invalid value at '{path}', expected an object, got {_show(value)}")
        props, extra = spec.get("properties"), spec.get("additionalProperties")
        for key, item in list(value.items()):
            if props is not None and key in props:
                _object(schemas, props[key], item, _join(path, key), lenient)
            elif extra is not None:
                _object(schemas, extra, item, f"{path}[{key}]" if path else key, lenient)
            elif props is not None and lenient:
                del value[key]
            elif props is not None:
                at = f" at '{path}'" if path else ""
                raise _invalid(f'Invalid JSON payload received. Unknown name "{key}"{at}: '
                               f"Cannot find field.")
    elif kind == "array":
        if not isinstance(value, list):
            raise _invalid(f"Invalid value at '{path}', expected a list, got {_show(value)}")
        for i, item in enumerate(value):
            _object(schemas, spec.get("items", {}), item, f"{path}[{i}]", lenient)
    elif kind in ("string", "integer", "number", "boolean"):
        _scalar(spec, value, path)
