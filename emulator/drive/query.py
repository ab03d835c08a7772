"""The ``q`` language of ``files.list``, as Google documents it.

https://developers.google.com/drive/api/guides/search-files and
https://developers.google.com/drive/api/guides/ref-search-terms: terms are
``field operator value`` (``name contains 'x'``, ``modifiedTime > '2024-01-01T00:00:00'``),
``'value' in collection`` (parents, owners, writers, readers) and
``collection has { key='k' and value='v' }`` (properties, appProperties), joined with
``and`` / ``or`` / ``not`` and parentheses. The guides quote strings in single quotes,
with ``\\'`` and ``\\\\`` escaping a quote and a backslash; Drive takes double quotes
as well, as gspread sends them (``mimeType="application/vnd.google-apps.spreadsheet"``,
answered 200 in gspread's tests/cassettes/ClientTest.test_list_spreadsheet_files.json),
where a backslash escapes the character after it likewise (``\\"``) and a single quote
needs no escape. ``not`` binds tightest, then ``and``, then
``or``. Anything else is Drive's 400 ``invalid`` on the ``q`` parameter.

``parse`` turns a query into a tree of tuples; ``matches`` evaluates it for one
file as one user sees it. ``parse(q, terms="drives")`` reads the smaller language of
``drives.list`` (search-shareddrives: ``name``, ``createdTime``, ``hidden``; the
admin-only ``memberCount`` and ``organizerCount`` are not modelled).
"""

from __future__ import annotations

import re

from ..core import clock
from ..core.errors import GoogleApiError
from .common import rank


def invalid_query() -> GoogleApiError:
    return GoogleApiError(400, "Invalid Value", "invalid", location="q", location_type="parameter")


_TOKEN = re.compile(r"""\s*(?:
    (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(){}])
  | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<bad>\S)
)""", re.VERBOSE)

KEYWORDS = {"and", "or", "not", "contains", "in", "has", "true", "false"}
# Each term and the operators Drive accepts for it (ref-search-terms).
STRING_TERMS = {"name": {"contains", "=", "!="}, "mimeType": {"contains", "=", "!="},
                "fullText": {"contains"}, "visibility": {"=", "!="}}
TIME_TERMS = {"modifiedTime", "createdTime", "viewedByMeTime"}
BOOL_TERMS = {"trashed", "starred", "sharedWithMe"}
COLLECTIONS = {"parents", "owners", "writers", "readers"}
PROPERTY_TERMS = {"properties", "appProperties"}
VISIBILITIES = {"anyoneCanFind", "anyoneWithLink", "domainCanFind", "domainWithLink", "limited"}
COMPARISONS = {"<", "<=", "=", "!=", ">", ">="}
# The terms of each language: (string terms, time terms, boolean terms, collections, property terms).
LANGUAGES = {
    "files": (STRING_TERMS, TIME_TERMS, BOOL_TERMS, COLLECTIONS, PROPERTY_TERMS),
    "drives": ({"name": {"contains", "=", "!="}}, {"createdTime"}, {"hidden"}, set(), set()),
}


def _tokens(text: str) -> list[tuple[str, object]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.group("bad"):
            raise invalid_query()
        pos = m.end()
        if m.group("string"):
            out.append(("string", re.sub(r"\\(.)", r"\1", m.group("string")[1:-1])))
        elif m.group("op"):
            out.append(("op", m.group("op")))
        elif m.group("punct"):
            out.append(("punct", m.group("punct")))
        else:
            word = m.group("word")
            out.append(("kw", word.lower()) if word.lower() in KEYWORDS else ("word", word))
    return out


class _Parser:
    def __init__(self, text: str, terms: str = "files"):
        self.tokens = _tokens(text)
        self.pos = 0
        self.strings, self.times, self.bools, self.collections, self.properties = LANGUAGES[terms]

    def peek(self, kind=None, value=None) -> bool:
        if self.pos >= len(self.tokens):
            return False
        k, v = self.tokens[self.pos]
        return (kind is None or k == kind) and (value is None or v == value)

    def take(self, kind=None, value=None):
        if not self.peek(kind, value):
            raise invalid_query()
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def query(self):
        node = self.disjunction()
        if self.pos != len(self.tokens):
            raise invalid_query()
        return node

    def disjunction(self):
        parts = [self.conjunction()]
        while self.peek("kw", "or"):
            self.pos += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def conjunction(self):
        parts = [self.negation()]
        while self.peek("kw", "and"):
            self.pos += 1
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def negation(self):
        if self.peek("kw", "not"):
            self.pos += 1
            return ("not", self.negation())
        if self.peek("punct", "("):
            self.pos += 1
            node = self.disjunction()
            self.take("punct", ")")
            return node
        return self.term()

    def term(self):
        if self.peek("string"):                       # 'value' in collection
            value = self.take("string")
            self.take("kw", "in")
            collection = self.take("word")
            if collection not in self.collections:
                raise invalid_query()
            return ("in", collection, value)
        field = self.take("word")
        if field in self.properties:                  # properties has { key='k' and value='v' }
            self.take("kw", "has")
            self.take("punct", "{")
            pair = {}
            for i in range(2):
                name = self.take("word")
                if name not in ("key", "value") or name in pair:
                    raise invalid_query()
                self.take("op", "=")
                pair[name] = self.take("string")
                if i == 0:
                    self.take("kw", "and")
            self.take("punct", "}")
            return ("has", field, pair["key"], pair["value"])
        if field in self.bools and not self.peek("op"):
            return ("cmp", field, "=", True)          # bare "sharedWithMe", as the guide writes it
        op = self.take("kw", "contains") if self.peek("kw", "contains") else self.take("op")
        if field in self.strings:
            if op not in self.strings[field]:
                raise invalid_query()
            value = self.take("string")
            if field == "visibility" and value not in VISIBILITIES:
                raise invalid_query()
            return ("cmp", field, op, value)
        if field in self.times:
            if op not in COMPARISONS:
                raise invalid_query()
            try:
                return ("cmp", field, op, clock.parse(self.take("string")))
            except ValueError:
                raise invalid_query() from None
        if field in self.bools:
            if op not in ("=", "!="):
                raise invalid_query()
            value = self.take("kw")
            if value not in ("true", "false"):
                raise invalid_query()
            return ("cmp", field, op, value == "true")
        raise invalid_query()


def parse(text: str | None, terms: str = "files"):
    """The query as a tree, or None for no query; 400 invalid if it is malformed."""
    if text is None or not text.strip():
        return None
    return _Parser(text, terms).query()


def uses_full_text(node) -> bool:
    if node is None:
        return False
    if node[0] in ("and", "or"):
        return any(uses_full_text(n) for n in node[1])
    if node[0] == "not":
        return uses_full_text(node[1])
    return node[0] == "cmp" and node[1] == "fullText"


def parents_named(node) -> set[str] | None:
    """The folder IDs, as written, that a file must have a parent among to match
    (``'A' in parents and ...``, ``'A' in parents or 'B' in parents``), or None when
    the query does not say: a listing then tests only the files in those folders."""
    if node is None:
        return None
    if node[0] == "in":
        return {node[2]} if node[1] == "parents" else None
    if node[0] == "and":   # every part must hold: any part naming folders will do
        named = [found for found in map(parents_named, node[1]) if found is not None]
        return min(named, key=len) if named else None
    if node[0] == "or":    # one part must hold: each must name folders
        named = [parents_named(n) for n in node[1]]
        return None if any(found is None for found in named) else set().union(*named)
    return None


# -- evaluation -------------------------------------------------------------
def matches(node, store, user: str, f: dict) -> bool:
    kind = node[0]
    if kind == "and":
        return all(matches(n, store, user, f) for n in node[1])
    if kind == "or":
        return any(matches(n, store, user, f) for n in node[1])
    if kind == "not":
        return not matches(node[1], store, user, f)
    if kind == "in":
        return _in(node[1], node[2], store, user, f)
    if kind == "has":
        return (f.get(node[1]) or {}).get(node[2]) == node[3]
    _, field, op, value = node
    if field == "name" and op == "contains":
        return _word_prefix(f["name"], value)
    if field == "mimeType" and op == "contains":
        return value.lower() in f["mimeType"].lower()
    if field == "fullText":
        return _full_text(store, f, value)
    actual = _value(field, store, user, f)
    if actual is None:
        return op == "!="
    return _compare(actual, op, value)


def _value(field: str, store, user: str, f: dict):
    if field in ("name", "mimeType"):
        return f[field]
    if field in ("modifiedTime", "createdTime"):
        return clock.parse(f[field])
    if field == "viewedByMeTime":
        return None  # the emulator does not track views
    if field == "hidden":                 # a shared drive (drives.list)
        return bool(f.get("hidden"))
    if field == "trashed":
        return store.is_trashed(f["id"])
    if field == "starred":
        return user in f.get("_starredBy", [])
    if field == "sharedWithMe":
        return store.owner_of(f["id"]) != user and any(
            p["type"] in ("user", "group") and p.get("emailAddress") == user and not p.get("view")
            for p in store.permissions.get(f["id"], []))
    if field == "visibility":
        return _visibility([p for p in store.permissions.get(f["id"], []) if not p.get("view")])
    raise invalid_query()


def _compare(actual, op: str, value) -> bool:
    return {"=": actual == value, "!=": actual != value, "<": actual < value,
            "<=": actual <= value, ">": actual > value, ">=": actual >= value}[op]


def _in(collection: str, value: str, store, user: str, f: dict) -> bool:
    if collection == "parents":
        return store.resolve_id(user, value) in f.get("parents", [])
    email = value.lower()
    if collection == "owners":
        return store.owner_of(f["id"]) == email
    # writers / readers: people (or groups) granted at least that role, on the file
    # or on a folder above it.
    need = rank("writer") if collection == "writers" else rank("reader")
    for fid in store.ancestors(f["id"]):
        for p in store.permissions.get(fid, []):
            if p["type"] in ("user", "group") and p.get("emailAddress") == email \
                    and rank(p["role"]) >= need and not p.get("view"):
                return True
    return False


def _visibility(permissions: list[dict]) -> str:
    kinds = {(p["type"], bool(p.get("allowFileDiscovery"))) for p in permissions}
    for kind, name in ((("anyone", True), "anyoneCanFind"), (("anyone", False), "anyoneWithLink"),
                       (("domain", True), "domainCanFind"), (("domain", False), "domainWithLink")):
        if kind in kinds:
            return name
    return "limited"


def _word_prefix(name: str, value: str) -> bool:
    """``name contains`` matches a prefix of the name or of a word in it: 'Hello'
    finds "HelloWorld", 'World' does not (ref-search-terms), 'World' finds "Hello World"."""
    name, value = name.lower(), value.lower()
    if not value:
        return True
    start = name.find(value)
    while start != -1:
        if start == 0 or not name[start - 1].isalnum():
            return True
        start = name.find(value, start + 1)
    return False


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _full_text(store, f: dict, value: str) -> bool:
    """``fullText contains``: whole words of the name, description, properties and
    text content; a double-quoted value is an exact phrase (ref-search-terms)."""
    text = " ".join([f["name"], f.get("description", ""),
                     *map(str, (f.get("properties") or {}).values())])
    content = store.contents.get(f["id"])
    if content is not None:
        text += " " + content[:1_000_000].decode("utf-8", errors="ignore")
    words = [w.lower() for w in _WORD.findall(text)]
    wanted = [w.lower() for w in _WORD.findall(value)]
    if not wanted:
        return False
    phrase = value.strip().startswith('"') and value.strip().endswith('"')
    if phrase:
        n = len(wanted)
        return any(words[i:i + n] == wanted for i in range(len(words) - n + 1))
    present = set(words)
    return all(w in present for w in wanted)
