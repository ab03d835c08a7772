"""The service itself, as App Engine would run it, beside the emulator: gunicorn on
127.0.0.1 at a free port running ``service.app:create_app()`` against the emulator,
with the emulator's Cloud Tasks delivering to it and the Forms' push subscription
pointed at it, and App Engine's cron played by a thread of the demo.

- The service gets a fresh ``CAS_LOCAL_TASK_SECRET`` each run; the emulator sends it
  with every task (``/emulator/cloudtasks/target``) and the demo's cron sends it
  with ``X-Appengine-Cron`` (off App Engine the header alone proves nothing).
- The queues are deploy/queue.yaml's (``/emulator/cloudtasks/queues``); the push
  subscription (``/emulator/pubsub/subscriptions``) signs its tokens for the
  audience the service expects, CAS_PUSH_AUDIENCE.
- Once it answers, the demo calls ``/tasks/watches`` (the daily cron job) so each
  form is watched, and then ``/tasks/sync`` every 15 minutes, as cron.yaml says.

Only HTTP crosses to the emulator and to the service; the service's JSON logs go
to ``service.log`` beside the emulator's.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from service.config import EmulatorConfig

from .emulator_process import ROOT, free_port, log_tail, start_and_wait, stop

START_SECONDS = 60
CRON_EVERY = 15 * 60      # cron.yaml: /tasks/sync every 15 minutes
WATCHES_EVERY = 24 * 3600  # cron.yaml: /tasks/watches daily


class ServiceFailed(RuntimeError):
    """The service did not start; the message has its log."""


class ServiceProcess:
    def __init__(self, emulator_url: str, log_path: Path):
        self.emulator_url, self.log_path = emulator_url, log_path
        log_path.write_bytes(b"")
        self.secret = secrets.token_urlsafe(24)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._stop = threading.Event()
        self.config = EmulatorConfig(emulator_url=emulator_url)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def audience(self) -> str:
        return f"{self.url}/push/forms"

    def start(self) -> "ServiceProcess":
        for _ in range(3):   # a free port may be taken between the pick and the bind
            self.port = free_port(None)
            if self._start_once():
                self._connect()
                return self
        raise ServiceFailed(f"The service did not start.\n{self.log_tail()}")

    def _start_once(self) -> bool:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CAS_", "GAE_"))}
        env.update(CAS_EMULATOR_URL=self.emulator_url, CAS_LOCAL_TASK_SECRET=self.secret,
                   CAS_PUSH_AUDIENCE=self.audience, PYTHONPATH=str(ROOT))
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", "1", "--threads", "8", "--timeout", "600",
                   "--graceful-timeout", "5", "service.app:create_app()"]
        self.proc, up = start_and_wait(command, self.log_path, self.url + "/healthz", env)
        if not up and self.proc.poll() is None:
            self.stop()
        return up

    def _connect(self) -> None:
        """The emulator's queues, task target and push subscription, for this service."""
        control = self.emulator_url + "/emulator"
        queue_yaml = (ROOT / "deploy" / "queue.yaml").read_text(encoding="utf-8")
        for path, body in (
                ("/cloudtasks/queues", {"yaml": queue_yaml,
                                        "parent": self.config.tasks_queue_parent}),
                ("/cloudtasks/target", {"url": self.url, "secret": self.secret}),
                ("/pubsub/subscriptions", {"topic": self.config.push_topic,
                                           "pushEndpoint": self.audience,
                                           "audience": self.audience,
                                           "serviceAccountEmail":
                                               self.config.push_service_account})):
            answer = requests.post(control + path, json=body, timeout=30)
            if answer.status_code != 200:
                raise ServiceFailed(f"The emulator refused {path}: {answer.text}")

    def cron(self, path: str) -> dict:
        """What App Engine's cron does: GET with X-Appengine-Cron (and, off App Engine,
        the local secret)."""
        answer = requests.get(self.url + path, timeout=300, headers={
            "X-Appengine-Cron": "true", "X-CAS-Local-Task-Secret": self.secret})
        try:
            return {"status": answer.status_code, **answer.json()}
        except ValueError:
            return {"status": answer.status_code}

    def run_cron(self) -> None:
        """The cron jobs of cron.yaml, on a daemon thread, until ``stop``."""
        def loop():
            last_watches = time.monotonic()
            while not self._stop.wait(CRON_EVERY):
                try:
                    self.cron("/tasks/sync")
                    if time.monotonic() - last_watches >= WATCHES_EVERY:
                        self.cron("/tasks/watches")
                        last_watches = time.monotonic()
                except requests.RequestException:
                    pass   # the service is stopping; its log says why
        threading.Thread(target=loop, name="demo-cron", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        try:   # the emulator keeps no target pointing at a dead port
            requests.post(self.emulator_url + "/emulator/cloudtasks/target", json={"url": ""},
                          timeout=5)
        except requests.RequestException:
            pass
        stop(self.proc)

    def log_tail(self, lines: int = 20) -> str:
        return log_tail(self.log_path, lines)
