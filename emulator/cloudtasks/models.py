"""The Cloud Tasks store: queues, tasks, the names that deleted and executed tasks
keep reserved, and where tasks are delivered
(https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues).

Plain dicts, one lock (the world's). Operations live beside this file by resource
(``queues.py``, ``tasks.py``), named after the discovery method IDs; ``dispatcher.py``
delivers due tasks and ``queue_yaml.py`` reads an App Engine queue.yaml. There are no
developer projects or IAM: any authenticated caller may use any
``projects/*/locations/*``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from .dispatcher import Dispatcher, is_local
from .errors import invalid_argument
from .queue_yaml import QueueYamlError, parse as parse_queue_yaml
from .queues import QueueOps
from .tasks import TaskOps

DEFAULT_PARENT = "projects/emulator-project/locations/us-central1"
PARENT = re.compile(r"^projects/[A-Za-z0-9.:-]+/locations/[^/]+$")


class CloudTasksStore(QueueOps, TaskOps):
    def __init__(self, world):
        self.world = world
        self.generation = 0
        # Where App Engine tasks go: process configuration (like the port), kept by reset.
        self.target: dict = {"url": None, "secret": None}
        self.dispatcher = Dispatcher(self)
        self.reset()

    # -- state -------------------------------------------------------------
    def reset(self) -> None:
        self.queues: dict[str, dict] = {}          # queue name -> queue
        self.tasks: dict[str, dict] = {}           # task name -> task
        self.reserved: dict = {}                   # task name -> until when it stays reserved
        self.deleted_queues: dict = {}             # queue name -> end of its tombstone
        self.log: list[dict] = []                  # every attempt (runtime only)
        self.generation += 1                       # deliveries in flight now belong to the past
        self.dispatcher.reset()

    def snapshot(self) -> dict:
        return {"queues": self.queues, "tasks": self.tasks, "reserved": self.reserved,
                "deleted_queues": self.deleted_queues}

    def load(self, state: dict) -> None:
        self.reset()
        for key, value in state.items():
            setattr(self, key, value)
        if self.tasks:
            self.dispatcher.wake()

    # -- the control plane's side -----------------------------------------
    def set_target(self, url: str | None, secret: str | None = None) -> dict:
        """Where App Engine tasks are delivered (the local service), and the secret sent
        with them in X-CAS-Local-Task-Secret; an empty URL stops App Engine deliveries."""
        if url and (not url.startswith(("http://", "https://")) or not is_local(url)):
            raise invalid_argument("The App Engine target must be an http(s) URL on this machine, "
                                   "e.g. http://127.0.0.1:8080.")
        self.target = {"url": url or None, "secret": secret or None}
        self.dispatcher.wake()
        return self.describe_target()

    def describe_target(self) -> dict:
        return {"url": self.target["url"], "secretSet": bool(self.target["secret"])}

    def load_queue_yaml(self, text: str, parent: str = DEFAULT_PARENT) -> list[str]:
        """Create or update the queues a queue.yaml defines under ``parent``, as deploying
        it does; a queue an earlier queue.yaml defined and this one leaves out is
        DISABLED, not deleted (App Engine's rule). Raises QueueYamlError."""
        if not PARENT.match(parent or ""):
            raise QueueYamlError(f"Queues belong to projects/PROJECT/locations/LOCATION, not {parent!r}.")
        names = []
        for spec in parse_queue_yaml(text):
            name = f"{parent}/queues/{spec['id']}"
            limits = {"rate": spec["rate"], "burst": spec["burst"], "concurrent": spec["concurrent"]}
            queue = self.queues.get(name)
            if queue is None:
                queue = self.new_queue(name, limits, spec["retry"], from_yaml=True)
            else:
                queue.update(limits, retry=spec["retry"], fromYaml=True)
                if queue["state"] == "DISABLED":
                    queue["state"] = "RUNNING"
            queue["appEngineRoutingOverride"] = spec["routing"]
            names.append(name)
        for name, queue in self.queues.items():
            if queue.get("fromYaml") and name.startswith(parent + "/") and name not in names:
                queue["state"] = "DISABLED"
        self.dispatcher.wake()
        return names

    # -- paging --------------------------------------------------------------
    @staticmethod
    def page(items: list, page_size: int | None, page_token: str | None, request_key: str,
             max_size: int) -> tuple[list, str | None]:
        """One page and the next page's token; unspecified or too large sizes are the
        maximum, as the reference says."""
        if page_size is not None and page_size < 0:
            raise invalid_argument("page_size must not be negative.")
        size = min(page_size or max_size, max_size)
        key = hashlib.sha256(request_key.encode()).hexdigest()[:16]
        start = 0
        if page_token:
            try:
                decoded = json.loads(base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4)))
                start, token_key = int(decoded["o"]), decoded["k"]
            except (ValueError, KeyError, TypeError):
                raise invalid_argument("Invalid page_token.") from None
            if token_key != key or start < 0:
                raise invalid_argument("Invalid page_token.")
        end = start + size
        token = None
        if end < len(items):
            token = base64.urlsafe_b64encode(json.dumps({"o": end, "k": key}).encode()).decode().rstrip("=")
        return items[start:end], token
