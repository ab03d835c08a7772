"""Time as the emulator tells it: RFC 3339 in UTC with milliseconds, as Google writes it.

The emulator's time is the real time plus an offset that only moves forward
(``advance``, the control plane's ``POST /emulator/clock``), so a test or the demo can
let seven days pass for a Forms watch, or a Cloud Tasks backoff, without waiting.
``reset`` (``POST /emulator/reset``) puts it back to the real time.
"""

from __future__ import annotations

import datetime as dt
import threading

_lock = threading.Lock()
_EPOCH = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
_last = [_EPOCH]
_offset = [dt.timedelta(0)]


def now() -> dt.datetime:
    """The current time, strictly increasing across calls (1 ms apart at least), so
    that ordering by modification time is stable even for writes in the same ms."""
    with _lock:
        t = dt.datetime.now(dt.timezone.utc) + _offset[0]
        t = t.replace(microsecond=t.microsecond // 1000 * 1000)
        if t <= _last[0]:
            t = _last[0] + dt.timedelta(milliseconds=1)
        _last[0] = t
        return t


def advance(seconds: float) -> float:
    """Move the emulator's time forward by ``seconds`` (never back); returns the
    whole offset from the real time, in seconds."""
    if not seconds >= 0:
        raise ValueError("The clock only moves forward: seconds must be 0 or more.")
    with _lock:
        _offset[0] += dt.timedelta(seconds=seconds)
        return _offset[0].total_seconds()


def offset_seconds() -> float:
    with _lock:
        return _offset[0].total_seconds()


def reset() -> None:
    """Back to the real time (the stores are emptied at the same time)."""
    with _lock:
        _offset[0] = dt.timedelta(0)
        _last[0] = _EPOCH


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
