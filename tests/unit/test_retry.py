"""The retry policy: which of Google's answers are retried, how long we wait
(full jitter, Retry-After honoured), and when we give up. A fake clock stands in
for time, so nothing here sleeps."""

import email.utils

import pytest

from service.workspace.errors import (FailedPrecondition, InvalidArgument, NotFound,
                                      PermissionDenied, RateLimited, Unavailable,
                                      WorkspaceError, from_response)
from service.workspace.retry import Pace, RetryPolicy, is_retryable, retry_after_seconds

NOW = 1_800_000_000.0  # a fixed Unix time


class FakeTime:
    """A clock that moves only when the policy sleeps, and remembers each wait."""

    def __init__(self):
        self.now, self.waits = NOW, []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def time_():
    return FakeTime()


def policy(time_, random=lambda: 0.5, **limits):
    return RetryPolicy(clock=time_.clock, sleep=time_.sleep, random=random, **limits)


def failing(*errors, then="done"):
    """An attempt that raises each error in turn, then returns ``then``."""
    remaining = list(errors)
    calls = []

    def attempt():
        calls.append(1)
        if remaining:
            raise remaining.pop(0)
        return then
    attempt.calls = calls
    return attempt


def error(status, reason="", retry_after=None):
    return from_response(status, b'{"error": {"code": %d, "message": "m", "errors": [{"reason": "%s"}]}}'
                         % (status, reason.encode()), "drive.files.create", retry_after)


# -- what is retried -----------------------------------------------------------
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_quota_and_server_errors_are_retried(status):
    assert is_retryable(status)


@pytest.mark.parametrize("reason", ["userRateLimitExceeded", "rateLimitExceeded"])
def test_drives_rate_limit_403s_are_retried(reason):
    # Drive answers a user over its per-minute quota with 403 userRateLimitExceeded
    # (https://developers.google.com/drive/api/guides/handle-errors).
    assert is_retryable(403, reason)
    assert isinstance(error(403, reason), RateLimited)


@pytest.mark.parametrize("status, reason, kind", [
    (403, "insufficientFilePermissions", PermissionDenied),
    (403, "forbidden", PermissionDenied),
    (404, "notFound", NotFound),
    (400, "invalid", InvalidArgument),
])
def test_errors_that_waiting_cannot_fix_are_not_retried(status, reason, kind):
    assert not is_retryable(status, reason)
    assert type(error(status, reason)) is kind


def test_the_reason_is_read_from_googles_error_info_when_there_is_no_errors_list():
    # Sheets' newer envelope puts the reason in a google.rpc.ErrorInfo detail.
    body = (b'{"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED",'
            b' "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",'
            b' "reason": "RATE_LIMIT_EXCEEDED"}]}}')
    found = from_response(429, body, "sheets.spreadsheets.get")
    assert isinstance(found, RateLimited)
    assert (found.status, found.reason, found.message, found.method) == (
        429, "RATE_LIMIT_EXCEEDED", "Quota exceeded", "sheets.spreadsheets.get")


def test_a_failed_precondition_is_its_own_kind_and_keeps_googles_status_name():
    body = b'{"error": {"code": 400, "message": "stale", "status": "FAILED_PRECONDITION"}}'
    found = from_response(400, body, "forms.forms.batchUpdate")
    assert isinstance(found, FailedPrecondition) and found.reason == "FAILED_PRECONDITION"


def test_an_answer_that_is_not_json_still_becomes_our_error_with_its_text():
    found = from_response(502, b"<html>Bad Gateway</html>", "drive.files.list")
    assert isinstance(found, Unavailable) and "Bad Gateway" in found.message


# -- Retry-After ---------------------------------------------------------------
def test_retry_after_in_seconds():
    assert retry_after_seconds("7", NOW) == 7


def test_retry_after_as_an_http_date_is_the_time_left_until_then():
    assert retry_after_seconds(email.utils.formatdate(NOW + 30, usegmt=True), NOW) == 30


def test_retry_after_in_the_past_means_now_and_nonsense_means_not_given():
    assert retry_after_seconds(email.utils.formatdate(NOW - 30, usegmt=True), NOW) == 0
    assert retry_after_seconds("soon", NOW) is None
    assert retry_after_seconds(None, NOW) is None


# -- waiting -------------------------------------------------------------------
def test_a_retryable_error_is_retried_until_the_call_succeeds(time_):
    attempt = failing(error(503), error(429), error(403, "userRateLimitExceeded"))
    assert policy(time_).run(attempt) == "done"
    assert len(attempt.calls) == 4 and len(time_.waits) == 3


def test_waits_are_full_jitter_on_a_doubling_ceiling_capped_at_max_wait(time_):
    # random() near 1 shows the ceiling: base * 2**n, truncated at max_wait.
    attempt = failing(*[error(503)] * 6)
    policy(time_, random=lambda: 0.999999, base=1.0, max_wait=10.0, max_attempts=10,
           max_total_wait=1000).run(attempt)
    assert [round(w, 3) for w in time_.waits] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_jitter_may_retry_at_once(time_):
    policy(time_, random=lambda: 0.0).run(failing(error(500)))
    assert time_.waits == [0.0]


def test_retry_after_is_honoured_even_when_longer_than_the_jittered_wait(time_):
    on_retry = []
    policy(time_).run(failing(error(429, "rateLimitExceeded", retry_after=20)),
                      on_retry=lambda err, wait: on_retry.append((err.status, wait)))
    assert time_.waits == [20] and on_retry == [(429, 20)]


# -- giving up -----------------------------------------------------------------
def test_an_error_that_is_not_retryable_is_raised_at_once_without_waiting(time_):
    attempt = failing(error(403, "insufficientFilePermissions"))
    with pytest.raises(PermissionDenied) as raised:
        policy(time_).run(attempt)
    assert raised.value.reason == "insufficientFilePermissions"
    assert len(attempt.calls) == 1 and time_.waits == []


def test_after_max_attempts_the_last_error_is_raised(time_):
    attempt = failing(*[error(503)] * 10)
    with pytest.raises(Unavailable):
        policy(time_, max_attempts=4).run(attempt)
    assert len(attempt.calls) == 4 and len(time_.waits) == 3


def test_a_wait_beyond_the_total_budget_is_not_taken(time_):
    # Google asks for 10 minutes; the budget is 3: raise now, with the wait it asked for.
    attempt = failing(error(429, retry_after=600))
    with pytest.raises(RateLimited) as raised:
        policy(time_, max_total_wait=180).run(attempt)
    assert time_.waits == [] and raised.value.retry_after == 600


def test_the_waits_of_one_call_add_up_to_at_most_the_budget(time_):
    attempt = failing(*[error(503, retry_after=50)] * 10)
    with pytest.raises(Unavailable):
        policy(time_, max_total_wait=180, max_attempts=20).run(attempt)
    assert time_.waits == [50, 50, 50] and sum(time_.waits) <= 180


def test_progress_restarts_the_attempts_and_the_budget(time_):
    # A batch whose parts get through a few at a time is throttled, not stuck.
    backoff = policy(time_, max_attempts=3).backoff()
    assert backoff.next_wait() is not None and backoff.next_wait() is not None
    assert backoff.next_wait() is None
    backoff.progress()
    assert backoff.next_wait() is not None


def test_only_our_errors_are_retried_a_bug_is_not(time_):
    def attempt():
        raise KeyError("a bug of ours")
    with pytest.raises(KeyError):
        policy(time_).run(attempt)
    assert time_.waits == []


def test_workspace_errors_name_the_method_status_and_reason():
    found = error(404, "notFound")
    assert isinstance(found, WorkspaceError)
    assert str(found) == "drive.files.create: 404 notFound: m"


# -- pacing writes -------------------------------------------------------------
def test_a_pace_waits_after_each_group_for_as_long_as_the_group_is_worth(time_):
    pace = Pace(3, policy(time_))
    assert pace.burst == 3 and pace.before() == 0  # the first group goes at once
    time_.now += 0.2                               # it took 0.2 s to be answered
    pace.after(3)
    assert pace.before() == pytest.approx(1.0)     # three writes at 3/s: one second after the answer
    pace.after(1)
    time_.now += 5                                 # nothing sent for a while: no wait
    assert pace.before() == 0 and time_.waits == [pytest.approx(1.0)]


def test_a_small_group_then_a_full_one_never_puts_more_than_the_rate_in_one_second(time_):
    # Drive counts writes in a sliding second: 1 then 3 within it would be 4.
    pace = Pace(3, policy(time_))
    pace.after(1)                                  # one write answered at t=0
    time_.now += 0.1
    assert pace.before(3) == pytest.approx(0.9)    # the full group waits for that write's second
    pace.after(3)
    time_.now += 0.1
    assert pace.before(2) == pytest.approx(0.9)    # two more: the first two of those three must age


def test_a_pace_slower_than_one_a_second_sends_one_at_a_time():
    assert Pace(0.5, RetryPolicy()).burst == 1
    with pytest.raises(ValueError):
        Pace(0, RetryPolicy())
