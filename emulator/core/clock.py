"""Time as the emulator tells it: RFC 3339 in UTC with milliseconds, as Google writes it."""

from __future__ import annotations

import datetime as dt
import threading

_lock = threading.Lock()
_last = [dt.datetime.min.replace(tzinfo=dt.timezone.utc)]


def now() -> dt.datetime:
    """The current time, strictly increasing across calls (1 ms apart at least), so
    that ordering by modification time is stable even for writes in the same ms."""
    with _lock:
        t = dt.datetime.now(dt.timezone.utc)
        t = t.replace(microsecond=t.microsecond // 1000 * 1000)
        if t <= _last[0]:
            t = _last[0] + dt.timedelta(milliseconds=1)
        _last[0] = t
        return t


def rfc3339(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def stamp() -> str:
    return rfc3339(now())


def parse(text: str) -> dt.datetime:
    """Parse an RFC 3339 timestamp (``Z`` or an offset; fractional seconds optional)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


