"""The one retry policy every gateway uses.

What Google asks of clients (https://developers.google.com/drive/api/guides/limits,
https://developers.google.com/sheets/api/limits): on a time-based quota error or a
server error, retry with truncated exponential backoff. We use *full jitter*
(wait a random time between 0 and ``base * 2**attempt``, capped), so several
instances throttled at the same moment do not come back at the same moment
(https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). When
Google names a wait (Gmail's ``Retry-After``, in seconds or as an HTTP date), we
wait at least that long.

Retried: 429; 500, 502, 503, 504 (Google's guides list all four as transient); and
Drive's 403 whose reason is ``userRateLimitExceeded`` or ``rateLimitExceeded``.
Never retried: any other 403 (``insufficientFilePermissions`` will not change by
waiting), 400, 401, 404, 409, and a call that got no answer at all (it may have
been carried out; the caller's find-before-create makes the next run safe).

A call gives up after ``max_attempts`` attempts or when the next wait would take
its waiting past ``max_total_wait`` seconds; the last error is then raised. The
clock, the sleep and the random source are parameters, so tests never sleep.
"""

from __future__ import annotations

import collections

import dataclasses
import email.utils
import random
import time
from typing import Callable, TypeVar

from .errors import RATE_LIMIT_REASONS, WorkspaceError

T = TypeVar("T")

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_retryable(status: int, reason: str = "") -> bool:
    """Whether waiting and sending the same call again may succeed."""
    return status in RETRYABLE_STATUSES or (status == 403 and reason in RATE_LIMIT_REASONS)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date
    (RFC 9110 §10.2.3), ``now`` being the current Unix time. None when absent or
    unreadable; a date in the past is 0."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


@dataclasses.dataclass
class RetryPolicy:
    """Truncated exponential backoff with full jitter, honouring Retry-After."""

    max_attempts: int = 8          # the first try and up to 7 retries
    base: float = 1.0              # seconds: the first wait is up to this long
    max_wait: float = 64.0         # one jittered wait is at most this (Google suggests 32-64 s)
    max_total_wait: float = 180.0  # waits of one call (or one stalled batch) add up to at most this
    clock: Callable[[], float] = time.time        # Unix time: HTTP dates in Retry-After need it
    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = random.random  # uniform in [0, 1)

    def backoff(self) -> "Backoff":
        """The retry state of one call."""
        return Backoff(self)

    def retry_after(self, header: str | None) -> float | None:
        return retry_after_seconds(header, self.clock())

    def run(self, attempt: Callable[[], T],
            on_retry: Callable[[WorkspaceError, float], None] | None = None) -> T:
        """``attempt()`` until it returns, retrying the ``WorkspaceError``s that
        ``is_retryable`` allows while the budget lasts. ``on_retry(error, wait)``
        is told about each retry before its wait."""
        backoff = self.backoff()
        while True:
            try:
                return attempt()
            except WorkspaceError as error:
                if not is_retryable(error.status, error.reason):
                    raise
                wait = backoff.next_wait(error.retry_after)
                if wait is None:
                    raise
                if on_retry:
                    on_retry(error, wait)
                backoff.sleep(wait)


class Backoff:
    """How long to wait before the next attempt of one call, and when to give up.

    Batches call ``progress()`` when some of their parts got through: a batch
    that advances is throttled, not stuck, so its attempts and its waiting budget
    start again."""

    def __init__(self, policy: RetryPolicy):
        self.policy = policy
        self.progress()

    def progress(self) -> None:
        self.retries = 0
        self.waited = 0.0

    def next_wait(self, retry_after: float | None = None) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        policy = self.policy
        if self.retries + 1 >= policy.max_attempts:
            return None
        ceiling = min(policy.max_wait, policy.base * 2 ** self.retries)
        wait = policy.random() * ceiling
        if retry_after is not None:
            wait = max(wait, retry_after)  # never sooner than Google asked
        if self.waited + wait > policy.max_total_wait:
            return None
        self.retries += 1
        return wait

    def sleep(self, wait: float) -> None:
        self.waited += wait
        self.policy.sleep(wait)


class Pace:
    """Keeps writes under a per-user rate limit instead of running into it.

    Drive's sustained write limit is about 3 per second per user, in a sliding
    window; sending faster only earns 403s that count as calls. A paced caller
    sends at most ``burst`` writes at once, and a group of n writes goes only once
    no more than ``burst - n`` writes were answered in the last ``burst / rate``
    seconds. Counting from the answers, and per write rather than per group, means
    no window ever holds more than ``burst`` writes, whatever the groups' sizes (a
    group of 1 followed by a group of 3 would otherwise put 4 in one second); the
    price is one round trip per group."""

    def __init__(self, rate: float, policy: RetryPolicy):
        if rate <= 0:
            raise ValueError("a pace needs a positive rate")
        self.rate, self.policy = rate, policy
        self.window = self.burst / rate
        self.answered: collections.deque[float] = collections.deque(maxlen=self.burst)

    @property
    def burst(self) -> int:
        return max(1, int(self.rate))

    def before(self, writes: int = 1) -> float:
        """Wait until ``writes`` more may go; returns the seconds waited."""
        writes = min(max(1, writes), self.burst)
        busy = len(self.answered) + writes - self.burst
        if busy <= 0:
            return 0.0
        wait = self.answered[busy - 1] + self.window - self.policy.clock()
        if wait <= 0:
            return 0.0
        self.policy.sleep(wait)
        return wait

    def after(self, sent: int) -> None:
        """``sent`` writes were just answered."""
        self.answered.extend([self.policy.clock()] * sent)
