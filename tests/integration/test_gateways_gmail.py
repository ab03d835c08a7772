"""The Gmail gateway against the emulator: a mail sent as the acting user, and
Gmail's 429 with Retry-After waited out for as long as Gmail asked."""

from _gateways import RecordedSleep, clear_faults, set_faults, workspace_as
from service.workspace.gmail import message

COORDINATOR = "coordinator@demo-school.example"


def test_a_mail_is_sent_from_the_acting_user_with_its_html_alternative(emulator):
    workspace = workspace_as(emulator, COORDINATOR)
    sent = workspace.gmail.send(message("supervisor@club.example", "Please confirm Ana's hours",
                                        "Dear supervisor,\nplease confirm.",
                                        html="<p>Dear supervisor,<br>please <a href='https://x.example/s'>confirm</a>.</p>"))
    assert sent["labelIds"] == ["SENT"]
    [mail] = emulator.world.gmail.outbox(COORDINATOR)
    assert mail["to"] == "supervisor@club.example" and mail["subject"] == "Please confirm Ana's hours"
    assert "please confirm." in mail["text"] and "https://x.example/s" in mail["links"]
    assert workspace.counter.calls == {"gmail.users.messages.send": 1}


def test_gmails_429_retry_after_is_honoured(emulator):
    # Gmail over its per-user send rate: 429 rateLimitExceeded with a Retry-After header
    # (https://developers.google.com/gmail/api/guides/handle-errors). The recorded sleep
    # takes the wait instead of sleeping it, and switches the quota off as time would.
    sleep = RecordedSleep(instead=lambda: clear_faults(emulator))
    workspace = workspace_as(emulator, COORDINATOR, sleep=sleep)
    set_faults(emulator, {"api": "gmail", "methods": ["gmail.users.messages.send"],
                          "quota": {"limit": 1, "perSeconds": 60}})
    workspace.gmail.send(message("a@club.example", "First", "1"))
    workspace.gmail.send(message("b@club.example", "Second", "2"))
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 59  # the window had ~60 s left
    assert workspace.counter.throttled == {"gmail.users.messages.send": 1}
    assert [m["subject"] for m in emulator.world.gmail.outbox(COORDINATOR)] == ["First", "Second"]
