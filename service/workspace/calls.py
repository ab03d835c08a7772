"""Counting the API calls we make, by discovery method ID.

Google's quotas are counted per call (each part of a batch request counts as one
call: https://developers.google.com/drive/api/guides/performance#batch-requests),
so this counts every attempt, retries included, under the method's discovery ID
(``drive.files.create``, ``sheets.spreadsheets.values.batchGet``): the same names
the emulator's ``/emulator/stats`` and Google's quota pages use. gspread's calls
are counted under the Sheets and Drive methods their URLs map to. The CLI and
``bench/`` print ``summary()``.
"""

from __future__ import annotations

import collections
import threading


class CallCounter:
    """Calls, retries and rate-limit answers per method; HTTP batch requests per API.

    Safe to share between threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.calls: collections.Counter[str] = collections.Counter()
        self.retries: collections.Counter[str] = collections.Counter()
        self.throttled: collections.Counter[str] = collections.Counter()  # 429s and rate-limit 403s
        self.failed: collections.Counter[str] = collections.Counter()     # errors given up on
        self.batches: collections.Counter[str] = collections.Counter()    # HTTP batch requests by API
        self.waited = 0.0  # seconds spent waiting before retries
        self._watchers: list = []

    def watch(self, callback) -> None:
        """Have ``callback(method)`` run just before each call is sent: a progress
        display, or a test that changes the Sheet between a step's read and its write."""
        self._watchers.append(callback)

    def call(self, method: str, count: int = 1) -> None:
        for callback in list(self._watchers):
            callback(method)
        with self._lock:
            self.calls[method] += count

    def throttle(self, method: str) -> None:
        with self._lock:
            self.throttled[method] += 1

    def retry(self, method: str, wait: float = 0.0) -> None:
        with self._lock:
            self.retries[method] += 1
            self.waited += wait

    def fail(self, method: str) -> None:
        with self._lock:
            self.failed[method] += 1

    def batch(self, api: str) -> None:
        with self._lock:
            self.batches[api] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def as_dict(self) -> dict:
        """Everything counted, as plain data (for the Sync log and JSON output)."""
        with self._lock:
            return {"calls": dict(self.calls), "retries": dict(self.retries),
                    "throttled": dict(self.throttled), "failed": dict(self.failed),
                    "batches": dict(self.batches), "total": sum(self.calls.values()),
                    "waitedSeconds": round(self.waited, 3)}

    def summary(self) -> str:
        """A small table: one line per method, a total, and the batch requests."""
        counts = self.as_dict()
        methods = sorted(set(counts["calls"]) | set(counts["failed"]))
        header = ("method", "calls", "retried", "throttled", "failed")
        rows = [(m, counts["calls"].get(m, 0), counts["retries"].get(m, 0),
                 counts["throttled"].get(m, 0), counts["failed"].get(m, 0)) for m in methods]
        rows.append(("total", counts["total"], sum(counts["retries"].values()),
                     sum(counts["throttled"].values()), sum(counts["failed"].values())))
        width = max(len(str(r[0])) for r in [header, *rows])
        lines = [f"{header[0]:<{width}}  " + "  ".join(f"{h:>9}" for h in header[1:])]
        lines += [f"{r[0]:<{width}}  " + "  ".join(f"{v:>9}" for v in r[1:]) for r in rows]
        for api, count in sorted(counts["batches"].items()):
            lines.append(f"{api} batch requests: {count}")
        if counts["waitedSeconds"]:
            lines.append(f"waited before retries: {counts['waitedSeconds']:.1f} s")
        return "\n".join(lines)
