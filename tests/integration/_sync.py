"""Helpers of the sync's tests (test_sync.py, test_sync_input.py): what students do
(answer a form, propose an experience, reflect on one), as the responder page records
it, and a Workspace acting as the `cas` settings say. The cohort and what a person
does in or reads from the master Sheet (`cohort`, `sample_rows`, `tab`, `decide`,
`outbox`) are fixtures in conftest.py."""

from __future__ import annotations

from service.config import Config
from service.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
TODAY = "2026-11-20"


def answer(emulator, form_id, who, answers, response_id=None):
    """A response as the responder page records it (answers by questionId); with
    ``response_id``, that response edited and submitted again."""
    return emulator.world.forms.submit_response(form_id, who, answers, response_id)


def propose(emulator, ids, who, title, strands=("Service",), project="No", response_id=None):
    return answer(emulator, ids["experience_proposal"], who, {
        "10000001": title, "10000002": list(strands), "10000003": "What I will do",
        "10000004": "2026-10-01", "10000005": "2027-03-01", "10000006": project,
        "10000008": ["Strengths and growth"], "10000009": "Local"}, response_id)


def reflect(emulator, ids, who, code_, text="I learned to plan a session.",
            outcomes=("Strengths and growth",), response_id=None):
    return answer(emulator, ids["reflection"], who, {
        "20000001": code_, "20000002": list(outcomes), "20000003": "Action",
        "20000004": text}, response_id)


def workspace() -> Workspace:
    """A Workspace of its own (its own call counter, to watch), as `cas sync` makes one."""
    return Workspace.from_config(Config.from_env())


def before_the_write(action):
    """A call watcher that runs ``action()`` once, between the sync's read of the Sheet
    and its first write after it (the batchUpdate of the rows)."""
    state = {"read": False, "done": False}

    def watch(method):
        if method == "sheets.spreadsheets.values.batchGetByDataFilter":
            state["read"] = True
        elif state["read"] and not state["done"] and method == "sheets.spreadsheets.batchUpdate":
            state["done"] = True
            action()
    watch.done = lambda: state["done"]
    return watch
