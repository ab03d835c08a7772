"""Latency, injected errors and per-user quotas, as Google's front end applies them.

Off by default. ``POST /emulator/faults`` sets a list of rules; each rule matches
calls by API, discovery method ID and read/write group, and may add latency (a
distribution), fail a share of calls with a chosen status, and cap calls per user
in a sliding window. The ``google`` preset applies Google's published per-user
defaults; ``google-latency`` adds typical latencies on top.

Quota answers follow what each API sends when a user is over quota:
* Sheets, Forms, Classroom: 429 RESOURCE_EXHAUSTED, "Quota exceeded for quota metric
  '...' and limit '... per minute per user' of service '...'", no Retry-After
  (https://developers.google.com/sheets/api/limits).
* Drive: 403 ``userRateLimitExceeded`` in the ``usageLimits`` domain
  (https://developers.google.com/drive/api/guides/handle-errors#resolve_a_403_error_user_rate_limit_exceeded).
* Gmail: 429 ``rateLimitExceeded`` with "User-rate limit exceeded. Retry after <time>"
  and a Retry-After header (https://developers.google.com/gmail/api/guides/handle-errors).
"""

from __future__ import annotations

import collections
import datetime as dt
import random
import threading
import time

from . import clock
from .errors import GoogleApiError, bad_request

# Read calls that are POSTs; everything else is a read if it is a GET.
_POST_READS = {
    "sheets.spreadsheets.getByDataFilter", "sheets.spreadsheets.values.batchGetByDataFilter",
    "sheets.spreadsheets.developerMetadata.search",
}

SERVICES = {"drive": "drive.googleapis.com", "sheets": "sheets.googleapis.com",
            "forms": "forms.googleapis.com", "classroom": "classroom.googleapis.com",
            "gmail": "gmail.googleapis.com"}


def group_of(method_id: str, http_method: str) -> str:
    return "read" if http_method == "GET" or method_id in _POST_READS else "write"


PRESETS = {
    "google": [
        {"api": "sheets", "group": "read", "quota": {"limit": 60, "perSeconds": 60,
                                                     "metric": "Read requests"}},
        {"api": "sheets", "group": "write", "quota": {"limit": 60, "perSeconds": 60,
                                                      "metric": "Write requests"}},
        # Drive's sustained write rate: about 3 per second per user.
        {"api": "drive", "group": "write", "quota": {"limit": 3, "perSeconds": 1}},
        {"api": "forms", "methods": ["forms.forms.responses.list"],
         "quota": {"limit": 180, "perSeconds": 60, "metric": "Read requests"}},
        {"api": "classroom", "quota": {"limit": 1200, "perSeconds": 60, "metric": "Requests"}},
        {"api": "gmail", "methods": ["gmail.users.messages.send"],
         "quota": {"limit": 60, "perSeconds": 60}},
    ],
}
PRESETS["google-latency"] = PRESETS["google"] + [
    {"api": "sheets", "latency": {"distribution": "normal", "meanMs": 120, "stddevMs": 40}},
    {"api": "drive", "latency": {"distribution": "normal", "meanMs": 90, "stddevMs": 30}},
    {"api": "forms", "latency": {"distribution": "normal", "meanMs": 100, "stddevMs": 30}},
    {"api": "classroom", "latency": {"distribution": "normal", "meanMs": 100, "stddevMs": 30}},
    {"api": "gmail", "latency": {"distribution": "normal", "meanMs": 150, "stddevMs": 50}},
]

_RULE_KEYS = {"api", "methods", "group", "latency", "errorRate", "errorStatus", "quota"}


class Faults:
    """The fault configuration of one world, and the quota windows it keeps."""

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self.rules: list[dict] = []
            self.preset: str | None = None
            self._windows: dict = collections.defaultdict(collections.deque)
            self._random = random.Random()
            self.throttled = collections.Counter()   # method ID -> quota answers
            self.injected = collections.Counter()    # method ID -> injected errors

    def configure(self, config: dict) -> dict:
        rules = list(PRESETS.get(config.get("preset"), [])) if config.get("preset") else []
        if config.get("preset") and config["preset"] not in PRESETS:
            raise bad_request(f"Unknown preset {config['preset']!r}; known: {', '.join(PRESETS)}.")
        for rule in config.get("rules", []):
            unknown = set(rule) - _RULE_KEYS
            if unknown:
                raise bad_request(f"Unknown fault rule fields: {', '.join(sorted(unknown))}.")
            status = rule.get("errorStatus", 503)
            if status not in (429, 500, 503):
                raise bad_request("errorStatus must be 429, 500 or 503.")
            rules.append(rule)
        self.clear()
        with self._lock:
            self.rules, self.preset = rules, config.get("preset")
            if "seed" in config:
                self._random.seed(config["seed"])
        return self.describe()

    def describe(self) -> dict:
        return {"preset": self.preset, "rules": self.rules,
                "throttled": dict(self.throttled), "injected": dict(self.injected)}

    # -- applied to each call, outside the world lock -----------------------
    def apply(self, api: str, method_id: str, http_method: str, user: str) -> None:
        if not self.rules:
            return
        group = group_of(method_id, http_method)
        matching = [(i, r) for i, r in enumerate(self.rules) if _matches(r, api, method_id, group)]
        for _, rule in matching:
            if "latency" in rule:
                time.sleep(self._latency(rule["latency"]))
        for _, rule in matching:
            if rule.get("errorRate"):
                with self._lock:
                    hit = self._random.random() < rule["errorRate"]
                    if hit:
                        self.injected[method_id] += 1
                if hit:
                    raise _injected(rule.get("errorStatus", 503))
        for index, rule in matching:
            if "quota" in rule:
                self._take(index, rule["quota"], api, method_id, group, user)

    def _latency(self, spec: dict) -> float:
        kind = spec.get("distribution", "fixed")
        with self._lock:
            if kind == "uniform":
                ms = self._random.uniform(spec.get("minMs", 0), spec.get("maxMs", 0))
            elif kind == "normal":
                ms = self._random.gauss(spec.get("meanMs", 0), spec.get("stddevMs", 0))
            else:
                ms = spec.get("ms", spec.get("meanMs", 0))
        return max(0.0, ms) / 1000

    def _take(self, index: int, quota: dict, api: str, method_id: str, group: str, user: str) -> None:
        limit, window = quota["limit"], quota.get("perSeconds", 60)
        now = time.monotonic()
        with self._lock:
            calls = self._windows[(index, user)]
            while calls and calls[0] <= now - window:
                calls.popleft()
            if len(calls) < limit:
                calls.append(now)
                return
            self.throttled[method_id] += 1
            oldest = calls[0] if calls else now  # a limit of 0 refuses every call
            retry_after = max(1, int(oldest + window - now + 0.999))
        raise _over_quota(api, group, quota, retry_after)


def _matches(rule: dict, api: str, method_id: str, group: str) -> bool:
    return (rule.get("api", "*") in ("*", api)
            and (not rule.get("methods") or method_id in rule["methods"])
            and rule.get("group", group) == group)


def _injected(status: int) -> GoogleApiError:
    if status == 429:
        return GoogleApiError(429, "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded")
    if status == 500:
        return GoogleApiError(500, "Internal error encountered.", "backendError")
    return GoogleApiError(503, "The service is currently unavailable.", "backendError")


def _over_quota(api: str, group: str, quota: dict, retry_after: int) -> GoogleApiError:
    if api == "drive":
        return GoogleApiError(403, "User rate limit exceeded.", "userRateLimitExceeded",
                              domain="usageLimits")
    if api == "gmail":
        when = clock.rfc3339(clock.now() + dt.timedelta(seconds=retry_after))
        return GoogleApiError(429, f"User-rate limit exceeded.  Retry after {when}",
                              "rateLimitExceeded", domain="usageLimits",
                              headers={"Retry-After": str(retry_after)})
    metric = quota.get("metric", "Requests")
    per = "minute" if quota.get("perSeconds", 60) == 60 else f"{quota.get('perSeconds')} seconds"
    service = SERVICES.get(api, f"{api}.googleapis.com")
    return GoogleApiError(
        429, f"Quota exceeded for quota metric '{metric}' and limit '{metric} per {per} per user' "
             f"of service '{service}' for consumer 'project_number:0'.", "rateLimitExceeded",
        domain="global")
