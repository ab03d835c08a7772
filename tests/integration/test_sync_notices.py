"""Every notice exactly once, whatever Gmail or the process does: Gmail refusing
every send and then recovering, and a sync killed (-9) while sending, with Gmail
keeping or replacing the Message-ID the service sets."""

from __future__ import annotations

import datetime

import pytest

from _durable import APPROVED, DECIDED, LATER, assert_each_told_once, sent
from _sync import COORDINATOR, workspace
from service.config import Config
from service.sync import sync
from service.templates import load_templates


@pytest.fixture
def quick_retries(monkeypatch):
    """`cas sync` gives up on a refused call after two tries, with no waits (the
    default waits out up to three minutes of refusals per call)."""
    from service.workspace import retry
    monkeypatch.setattr("service.workspace.workspace.RetryPolicy",
                        lambda: retry.RetryPolicy(sleep=lambda seconds: None, max_attempts=2))


def test_with_gmail_refusing_every_send_nothing_is_marked_told_and_the_next_sync_sends_each_once(
        scenario, emulator, cas, tab, outbox, quick_retries):
    master, codes, _, rows = scenario
    before = sent(outbox)
    to_coordinator = len([m for m in outbox() if m["to"] == COORDINATOR])
    emulator.world.faults.configure({"rules": [{
        "api": "gmail", "methods": ["gmail.users.messages.send"], "errorRate": 1.0,
        "errorStatus": 503}]})
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 3, out + err
    assert "could not be sent" in err and "the next sync tries them again" in err
    assert sent(outbox) == before
    experiences = tab(master, "Experiences")
    assert all(experiences[c].get("Student told", "") == "" for c in codes)
    assert all(experiences[c].get("Supervisor invited", "") == "" for c in codes)
    log = list(tab(master, "Sync log").values())[-1]
    assert "not sent (tried again at the next sync)" in log["Errors"]
    assert log["Emails sent"] == "0"

    emulator.world.faults.clear()
    code, out, err = cas("sync", "--today", LATER.isoformat())
    assert code == 0, err
    assert_each_told_once(outbox, rows, codes)
    experiences = tab(master, "Experiences")
    assert all(experiences[c]["Student told"] == LATER.isoformat() for c in codes)
    # The coordinators hear of it in their next daily digest, once.
    next_day = (LATER + datetime.timedelta(days=1)).isoformat()
    assert cas("sync", "--today", next_day)[0] == 0
    assert cas("sync", "--today", next_day)[0] == 0
    assert_each_told_once(outbox, rows, codes)
    told = [m for m in outbox() if m["to"] == COORDINATOR][to_coordinator:]
    assert [m for m in told if "could not be sent" in m["body"]] != []
    assert len([m for m in told if "could not be sent" in m["body"]]) == 1


@pytest.mark.parametrize("keeps_message_id", [True, False],
                         ids=["gmail-keeps-message-id", "gmail-replaces-message-id"])
@pytest.mark.parametrize("kill_after", [1, DECIDED + APPROVED])
def test_a_sync_killed_while_sending_leaves_each_email_sent_exactly_once(
        scenario, emulator, tab, outbox, keeps_message_id, kill_after):
    """`kill -9` once Gmail has accepted some of the emails; the next sync (once the
    lock of the one killed has expired) sends the rest and none twice, whether Gmail
    keeps the Message-ID the service sets (undocumented: the emulator's switch)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    master, codes, _, rows = scenario
    emulator.world.behaviour["gmailKeepsMessageId"] = keeps_message_id
    emulator.world.faults.configure({"rules": [{
        "api": "gmail", "methods": ["gmail.users.messages.send"],
        "latency": {"distribution": "fixed", "ms": 150}}]})
    process = subprocess.Popen([sys.executable, "-m", "service", "sync", "--today",
                                LATER.isoformat()], env=dict(os.environ),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(emulator.world.gmail.outbox(COORDINATOR)) < kill_after and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    emulator.world.faults.clear()
    assert 0 < len(sent(outbox)) <= DECIDED + APPROVED
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=20)
    sync(workspace(), Config.from_env(), load_templates(), today=LATER, now=later)
    assert_each_told_once(outbox, rows, codes)
    sync(workspace(), Config.from_env(), load_templates(), today=LATER,
         now=later + datetime.timedelta(minutes=1))
    assert_each_told_once(outbox, rows, codes)
