"""Protocol-buffer JSON for Durations and Timestamps, as Cloud Tasks reads and writes
them (https://protobuf.dev/reference/protobuf/google.protobuf/#duration): ``"3600s"``,
``"0.100s"``; RFC 3339 times in UTC with 0, 3, 6 or 9 fractional digits."""

from __future__ import annotations

import datetime as dt
import re

from .errors import invalid_argument

_DURATION = re.compile(r"^(-)?(\d+)(?:\.(\d{1,9}))?s$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$")


def parse_duration(text, where: str) -> float:
    """Seconds; a malformed value is ESF's 400 for the field."""
    m = _DURATION.match(text) if isinstance(text, str) else None
    if not m:
        raise invalid_argument(f"Invalid value at '{where}' (type.googleapis.com/"
                               f"google.protobuf.Duration), \"{text}\"")
    seconds = int(m.group(2)) + int((m.group(3) or "0").ljust(9, "0")) / 1e9
    return -seconds if m.group(1) else seconds


def format_duration(seconds: float) -> str:
    nanos = round(seconds * 1e9)
    whole, frac = divmod(nanos, 10**9)
    if not frac:
        return f"{whole}s"
    digits = f"{frac:09d}"
    for size in (3, 6, 9):
        if digits[size:].strip("0") == "":
            return f"{whole}.{digits[:size]}s"
    return f"{whole}.{digits}s"


def parse_timestamp(text, where: str) -> dt.datetime:
    """A UTC datetime, truncated to the microsecond (as Cloud Tasks truncates times)."""
    m = _TIMESTAMP.match(text) if isinstance(text, str) else None
    try:
        if not m:
            raise ValueError(text)
        base = dt.datetime.fromisoformat(m.group(1) + (m.group(3).replace("Z", "+00:00")))
    except ValueError:
        raise invalid_argument(f"Invalid value at '{where}' (type.googleapis.com/"
                               f"google.protobuf.Timestamp), \"{text}\"") from None
    micros = int((m.group(2) or "0").ljust(9, "0")[:6])
    return base.replace(microsecond=micros).astimezone(dt.timezone.utc)


def format_timestamp(t: dt.datetime) -> str:
    t = t.astimezone(dt.timezone.utc)
    head = t.strftime("%Y-%m-%dT%H:%M:%S")
    if not t.microsecond:
        return head + "Z"
    if t.microsecond % 1000 == 0:
        return f"{head}.{t.microsecond // 1000:03d}Z"
    return f"{head}.{t.microsecond:06d}Z"
