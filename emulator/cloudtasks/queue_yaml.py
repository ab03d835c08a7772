"""Queues from an App Engine ``queue.yaml`` file
(https://cloud.google.com/appengine/docs/standard/reference/queueref), read as
``gcloud app deploy queue.yaml`` would give them to Cloud Tasks.

How each entry maps (the Cloud Tasks reference names its queue.yaml twin for each field):

| queue.yaml | Queue |
|---|---|
| ``rate`` (``N/s``, ``/m``, ``/h``, ``/d``; default 5/s) | ``rateLimits.maxDispatchesPerSecond`` |
| ``bucket_size`` (default 5) | ``rateLimits.maxBurstSize`` ("equal to bucket_size") |
| ``max_concurrent_requests`` (default: Cloud Tasks' 1,000) | ``rateLimits.maxConcurrentDispatches`` |
| ``retry_parameters.task_retry_limit`` | ``retryConfig.maxAttempts`` = limit + 1 (see below) |
| ``retry_parameters.task_age_limit`` (``15m``, ``2h``, ``1d``) | ``retryConfig.maxRetryDuration`` |
| ``min_backoff_seconds``, ``max_backoff_seconds``, ``max_doublings`` | ``minBackoff``, ``maxBackoff``, ``maxDoublings`` |
| ``target`` (``service`` or ``version:service``) | ``appEngineRoutingOverride`` |

``task_retry_limit`` counts retries ("Tasks will be retried a maximum of
task_retry_limit times", App Engine's queueinfo.py), so a task gets one attempt more;
without it, App Engine retries until ``task_age_limit`` (or forever). The App
Engine SDK's validation rules are kept: a non-negative retry limit, a positive age
limit, backoffs not below zero, a min backoff raised or lowered to meet a lone max.
Pull queues do not exist in Cloud Tasks v2 and are refused.
"""

from __future__ import annotations

import re

import yaml

from .queues import DEFAULT_CONCURRENT, DEFAULT_RETRY, QUEUE_ID

_RATE = re.compile(r"^(\d+(?:\.\d*)?)/([smhd])$")
_AGE = re.compile(r"^(\d+(?:\.\d*)?)([smhd])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_TARGET = re.compile(r"^(?:(?P<version>[a-z\d-]{1,100}):)?(?P<service>(?!-)[a-z\d-]{1,63})$")
_ENTRY_KEYS = {"name", "rate", "bucket_size", "max_concurrent_requests", "retry_parameters",
               "target", "mode", "acl"}
_RETRY_KEYS = {"task_retry_limit", "task_age_limit", "min_backoff_seconds", "max_backoff_seconds",
               "max_doublings"}


class QueueYamlError(ValueError):
    """The file is not a queue.yaml the App Engine SDK would accept."""


def parse(text: str) -> list[dict]:
    """``[{"id", "rate", "burst", "concurrent", "retry", "routing"}]`` in file order."""
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        raise QueueYamlError(f"Not YAML: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("queue", []), list):
        raise QueueYamlError("A queue.yaml holds a 'queue:' list of queues.")
    specs, seen = [], set()
    for entry in doc.get("queue") or []:
        spec = _entry(entry)
        if spec["id"] in seen:
            raise QueueYamlError(f"Queue {spec['id']!r} is defined twice.")
        seen.add(spec["id"])
        specs.append(spec)
    return specs


def _entry(entry) -> dict:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise QueueYamlError("Each queue needs a name.")
    name = entry["name"]
    if not QUEUE_ID.match(name):
        raise QueueYamlError(f"Queue name {name!r}: 1 to 100 letters, digits or hyphens.")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise QueueYamlError(f"Queue {name}: unknown setting(s) {', '.join(sorted(unknown))}.")
    if entry.get("mode", "push") != "push":
        raise QueueYamlError(f"Queue {name}: pull queues are not part of Cloud Tasks v2.")
    rate = _rate(name, str(entry.get("rate", "5/s")))
    burst = _int(name, "bucket_size", entry.get("bucket_size", 5), minimum=1)
    concurrent = _int(name, "max_concurrent_requests",
                      entry.get("max_concurrent_requests", DEFAULT_CONCURRENT), minimum=1)
    spec = {"id": name, "rate": rate, "burst": burst, "concurrent": concurrent,
            "retry": _retry(name, entry.get("retry_parameters") or {}), "routing": None}
    if entry.get("target"):
        m = _TARGET.match(str(entry["target"]))
        if not m:
            raise QueueYamlError(f"Queue {name}: target {entry['target']!r} is not [version:]service.")
        spec["routing"] = {k: v for k, v in m.groupdict().items() if v}
    return spec


def _rate(name: str, text: str) -> float:
    if text == "0":
        return 0.0
    m = _RATE.match(text.strip())
    if not m:
        raise QueueYamlError(f"Queue {name}: rate {text!r} is not a number per s, m, h or d.")
    return float(m.group(1)) / _UNIT[m.group(2)]


def _int(name: str, key: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise QueueYamlError(f"Queue {name}: {key} must be a whole number of at least {minimum}.")
    return value


def _seconds(name: str, key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise QueueYamlError(f"Queue {name}: {key} must be a number of seconds, not below zero.")
    return float(value)


def _retry(name: str, params) -> dict:
    if not isinstance(params, dict) or set(params) - _RETRY_KEYS:
        raise QueueYamlError(f"Queue {name}: retry_parameters takes only "
                             f"{', '.join(sorted(_RETRY_KEYS))}.")
    retry = {**DEFAULT_RETRY, "maxAttempts": -1}   # App Engine retries until told otherwise
    if "task_retry_limit" in params:
        retry["maxAttempts"] = _int(name, "task_retry_limit", params["task_retry_limit"]) + 1
    if "task_age_limit" in params:
        m = _AGE.match(str(params["task_age_limit"]).strip())
        age = float(m.group(1)) * _UNIT[m.group(2)] if m else 0
        if age <= 0:
            raise QueueYamlError(f"Queue {name}: task_age_limit must be a positive number "
                                 f"followed by s, m, h or d.")
        retry["maxRetryDuration"] = age
    if "max_doublings" in params:
        retry["maxDoublings"] = _int(name, "max_doublings", params["max_doublings"])
    low = params.get("min_backoff_seconds")
    high = params.get("max_backoff_seconds")
    if low is not None:
        retry["minBackoff"] = _seconds(name, "min_backoff_seconds", low)
    if high is not None:
        retry["maxBackoff"] = _seconds(name, "max_backoff_seconds", high)
    if low is not None and high is None:
        retry["maxBackoff"] = max(retry["maxBackoff"], retry["minBackoff"])
    elif high is not None and low is None:
        retry["minBackoff"] = min(retry["minBackoff"], retry["maxBackoff"])
    elif retry["minBackoff"] > retry["maxBackoff"]:
        raise QueueYamlError(f"Queue {name}: min_backoff_seconds is greater than max_backoff_seconds.")
    return retry
