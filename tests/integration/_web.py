"""The service's web app running for the web tests: its configuration for the
emulator (a local task secret, a push audience), served in-process on a free port
(werkzeug in a thread), with the emulator's Cloud Tasks delivering to it and a
Forms push subscription pointed at it; and what App Engine's cron would send."""

from __future__ import annotations

import csv
import io
import logging
import re
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from service.app import create_app
from service.config import TestConfig

ROOT = Path(__file__).resolve().parents[2]
SECRET = "local-task-secret-for-tests"
AUDIENCE = "https://cas.example/push/forms"
TOPIC = "projects/emulator-project/topics/cas-forms"
CRON_HEADERS = {"X-Appengine-Cron": "true", "X-CAS-Local-Task-Secret": SECRET}
SAMPLE = ROOT / "demo" / "sample_roster.csv"


def web_config(emulator, **settings):
    values = {"emulator_url": emulator.url, "local_task_secret": SECRET,
              "push_audience": AUDIENCE, "push_topic": TOPIC, "cohort": ""}
    values.update(settings)
    return TestConfig(**values)


class RunningService:
    """The Flask app on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        # werkzeug's request lines would go to a stderr pytest has since closed.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def get(self, path, **kwargs):
        return requests.get(self.url + path, timeout=120, **kwargs)

    def post(self, path, **kwargs):
        return requests.post(self.url + path, timeout=120, **kwargs)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


def control(emulator, path: str, body: dict | None = None, method: str = "post") -> dict:
    answer = getattr(requests, method)(f"{emulator.url}/emulator/{path}", json=body or {},
                                       timeout=120)
    assert answer.status_code == 200, answer.text
    return answer.json()


def dispatch(emulator) -> list[dict]:
    """Deliver every task due now; the attempts finished since the last call."""
    return control(emulator, "cloudtasks/dispatch", {"timeoutSeconds": 120})["deliveries"]


def advance(emulator, seconds: float) -> None:
    control(emulator, "clock", {"advanceSeconds": seconds})


def outcomes(deliveries: list[dict]) -> list[tuple[str, int | None, str]]:
    """(task URL path, HTTP status, outcome) of each attempt, sorted."""
    return sorted((d["url"].split("/", 3)[3], d["status"], d["outcome"]) for d in deliveries)


@pytest.fixture
def service(emulator, school):
    """The service on a port, the emulator's queues (deploy/queue.yaml) delivering
    to it with the local secret, and the Forms push topic's subscription on it."""
    running = RunningService(create_app(web_config(emulator)))
    control(emulator, "cloudtasks/queues", {"yaml": (ROOT / "deploy" / "queue.yaml").read_text()})
    control(emulator, "cloudtasks/target", {"url": running.url, "secret": SECRET})
    control(emulator, "pubsub/subscriptions", {"topic": TOPIC,
                                               "pushEndpoint": running.url + "/push/forms",
                                               "audience": AUDIENCE})
    yield running
    control(emulator, "cloudtasks/target", {"url": ""})
    running.stop()


def wait_until(check, timeout: float = 30.0, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def small_roster(tmp_path, students: int, cohort: str) -> Path:
    """The first ``students`` of the sample roster, in ``cohort``, as a CSV file."""
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    column = rows[0].index("Cohort")
    for row in rows[1:]:
        row[column] = cohort
    path = tmp_path / f"roster-{students}-{abs(hash(cohort))}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows[:students + 1])
    return path


def csrf(page_html: str) -> str:
    """The CSRF token a page's forms carry."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html)[1]


def hidden(page_html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page_html)[1]


class Browser:
    """A test client signed in (through the development sign-in) as someone, or
    nobody (``email`` None), with the CSRF token its forms carry."""

    def __init__(self, app, email: str | None):
        self.client = app.test_client()
        self.email = email
        if email:
            assert self.client.get(f"/dev/sign-in?as={email}").status_code == 302
        self.token = csrf(self.client.get("/dev/sign-in").get_data(as_text=True))

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, **form):
        return self.client.post(path, data={"csrf_token": self.token, **form})


def attempts(emulator, path: str) -> list[dict]:
    """Every Cloud Tasks attempt since reset to the task URL ``path``."""
    return [a for a in control(emulator, "cloudtasks/log", method="get")["deliveries"]
            if path in a["url"]]
