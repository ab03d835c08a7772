"""Helpers of the gateway tests: a Workspace acting as someone on the test emulator,
with a retry policy whose sleep is recorded instead of slept, and the control plane."""

from __future__ import annotations

import requests

from service.workspace.clients import EmulatorCredentials
from service.workspace.retry import RetryPolicy
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@school.example"


class RecordedSleep:
    """Stands in for time.sleep: records each wait and, instead of waiting it out,
    runs ``instead`` (e.g. switch the emulator's quota off, as if the window had passed)."""

    def __init__(self, instead=None):
        self.waits: list[float] = []
        self.instead = instead

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.instead:
            self.instead()


def workspace_as(emulator, email: str = COORDINATOR, sleep=None, **limits) -> Workspace:
    policy = RetryPolicy(sleep=sleep or RecordedSleep(), **limits)
    return Workspace(EmulatorCredentials(email), emulator.url, policy)


def set_faults(emulator, *rules, **config) -> None:
    answer = requests.post(f"{emulator.url}/emulator/faults", json={"rules": list(rules), **config})
    assert answer.status_code == 200, answer.text


def clear_faults(emulator) -> None:
    requests.delete(f"{emulator.url}/emulator/faults").raise_for_status()


def stats(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()
