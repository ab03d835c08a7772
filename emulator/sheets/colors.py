"""Colours as Sheets reports them: every colour field that has a ``…Style`` twin
(``backgroundColor``/``backgroundColorStyle``, ``textFormat.foregroundColor``/
``foregroundColorStyle``, a border's ``color``/``colorStyle``, ``tabColor``/
``tabColorStyle``...) comes back both ways, whichever of the two was set, as Google
returns them. The reference says of each Style field "If <plain> is also set, this
field takes precedence", so a Style given with its plain twin wins; a theme colour
(``{"themeColor": "ACCENT1"}``) reads as the spreadsheet theme's RGB in the plain
field (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#ColorStyle).

The pairs are found in the discovery document (a ``Color`` property beside a
``ColorStyle`` one named ``<plain>Style``), so every object that has them is covered:
cell formats, text runs, borders, conditional format rules, filters' sort and
filter specs, tab colours, bandings. Requests are normalised as they arrive
(``normalize``) and FieldMasks that name one twin update the other (``expand_mask``),
so the two never disagree in the store.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from ..core import discovery


def _rgb(hex_code: str) -> dict:
    """A Color from ``#RRGGBB``, zero channels left out as Google leaves them out."""
    out = {}
    for name, start in (("red", 1), ("green", 3), ("blue", 5)):
        value = int(hex_code[start:start + 2], 16) / 255
        if value:
            out[name] = round(value, 8)
    return out


# The theme of a new spreadsheet (Sheets' "Standard" theme), reported in
# ``properties.spreadsheetTheme`` and used to read theme colours.
DEFAULT_THEME = {
    "primaryFontFamily": "Arial",
    "themeColors": [{"colorType": kind, "color": {"rgbColor": _rgb(code)}} for kind, code in (
        ("TEXT", "#000000"), ("BACKGROUND", "#ffffff"), ("ACCENT1", "#4285f4"),
        ("ACCENT2", "#ea4335"), ("ACCENT3", "#fbbc04"), ("ACCENT4", "#34a853"),
        ("ACCENT5", "#ff6d01"), ("ACCENT6", "#46bdc6"), ("LINK", "#1155cc"))],
}


def theme_of(spreadsheet: dict | None) -> dict[str, dict]:
    """colorType -> RGB Color of the spreadsheet's theme."""
    theme = ((spreadsheet or {}).get("properties") or {}).get("spreadsheetTheme") or DEFAULT_THEME
    return {t.get("colorType"): (t.get("color") or {}).get("rgbColor", {})
            for t in theme.get("themeColors") or []}


def _schemas() -> dict:
    return discovery.load("sheets.v4").schemas


def _child(spec: dict) -> tuple[str, str] | None:
    """(schema, "object"|"array"|"map") of a property holding other objects."""
    for kind, inner in (("object", spec), ("array", spec.get("items") or {}),
                        ("map", spec.get("additionalProperties") or {})):
        if inner.get("$ref"):
            return inner["$ref"], kind
    return None


@lru_cache(maxsize=None)
def _reaches_colour(schema: str, seen: frozenset = frozenset()) -> bool:
    if schema in ("Color", "ColorStyle"):
        return True
    if schema in seen:
        return False
    for spec in (_schemas().get(schema) or {}).get("properties", {}).values():
        child = _child(spec)
        if child and _reaches_colour(child[0], seen | {schema}):
            return True
    return False


@lru_cache(maxsize=None)
def _shape(schema: str) -> tuple[tuple, dict]:
    """The colour twins of a schema and its properties worth descending into."""
    props = (_schemas().get(schema) or {}).get("properties", {})
    pairs = tuple((name, name + "Style") for name, spec in props.items()
                  if spec.get("$ref") == "Color"
                  and (props.get(name + "Style") or {}).get("$ref") == "ColorStyle")
    children = {}
    for name, spec in props.items():
        child = _child(spec)
        if child and child[0] not in ("Color", "ColorStyle") and _reaches_colour(child[0]):
            children[name] = child
    return pairs, children


def request_schema(kind: str) -> str | None:
    """The schema of one batchUpdate request kind (``repeatCell`` -> RepeatCellRequest)."""
    return (_schemas()["Request"]["properties"].get(kind) or {}).get("$ref")


def normalize(value, schema: str | None, theme: dict[str, dict]) -> None:
    """Fill each colour's twin in place: a Style sets its plain colour (a theme
    colour reads as the theme's RGB), a plain colour sets ``{"rgbColor": ...}``."""
    if not schema or not isinstance(value, dict):
        return
    pairs, children = _shape(schema)
    for plain, style in pairs:
        given = value.get(style)
        if isinstance(given, dict) and given:
            rgb = resolve(given, theme)
            if rgb is not None:
                value[plain] = rgb
        elif isinstance(value.get(plain), dict):
            value[style] = {"rgbColor": copy.deepcopy(value[plain])}
    for name, (ref, kind) in children.items():
        inner = value.get(name)
        if inner is None:
            continue
        items = [inner] if kind == "object" else inner if kind == "array" else \
            list(inner.values()) if isinstance(inner, dict) else []
        for item in items:
            normalize(item, ref, theme)


def resolve(style: dict, theme: dict[str, dict]) -> dict | None:
    if isinstance(style.get("rgbColor"), dict):
        return copy.deepcopy(style["rgbColor"])
    if style.get("themeColor") in theme:
        return copy.deepcopy(theme[style["themeColor"]])
    return None


def expand_mask(tree, schema: str):
    """A FieldMask tree that names one twin names the other too, so that updating
    ``userEnteredFormat.backgroundColor`` also updates ``backgroundColorStyle``."""
    if not isinstance(tree, dict):
        return tree
    pairs, children = _shape(schema)
    out = dict(tree)
    for plain, style in pairs:
        if plain in tree or style in tree:
            out[plain] = out[style] = True
    for name, (ref, _) in children.items():
        if isinstance(out.get(name), dict):
            out[name] = expand_mask(out[name], ref)
    return out
