"""The Gmail store (placeholder until its API is built: holds nothing yet)."""

from __future__ import annotations


class GmailStore:
    def __init__(self, world):
        self.world = world
        self.reset()

    def reset(self) -> None:
        pass

    def snapshot(self) -> dict:
        return {}

    def load(self, state: dict) -> None:
        self.reset()
