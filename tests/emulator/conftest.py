"""Fixtures of the emulator's own tests: the sample school loaded, a
form with questions ready to answer, and a local receiver for Pub/Sub pushes."""

from __future__ import annotations

import json
from types import SimpleNamespace
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from _school import ADMIN, COORDINATOR
from emulator import school as school_fixture

OWNER = "coordinator@school.example"


@pytest.fixture
def forms(forms_as):
    return forms_as(OWNER)


@pytest.fixture
def new_form(forms):
    """``new_form(*questions, publish=True, **settings)``: a form owned by OWNER with
    one question item per Question dict given; returns (form ID, [question IDs])."""
    def make(*questions: dict, publish: bool = True, title: str = "Reflection", **settings):
        form_id = forms.forms().create(body={"info": {"title": title}}).execute()["formId"]
        requests = [{"createItem": {"item": {"title": f"Question {i + 1}",
                                             "questionItem": {"question": q}},
                                    "location": {"index": i}}}
                    for i, q in enumerate(questions)]
        if settings:
            requests.insert(0, {"updateSettings": {"settings": settings,
                                                   "updateMask": ",".join(settings)}})
        ids = []
        if requests:
            replies = forms.forms().batchUpdate(formId=form_id, body={"requests": requests}).execute()["replies"]
            ids = [r["createItem"]["questionId"][0] for r in replies if "createItem" in r]
        if publish:
            forms.forms().setPublishSettings(formId=form_id, body={"publishSettings": {
                "publishState": {"isPublished": True, "isAcceptingResponses": True}}}).execute()
        return form_id, ids
    return make


class PushReceiver:
    """A local HTTP endpoint that records what is POSTed to it and serves the
    emulator's push-signing certificates at ``/certs`` (Google's v1 format)."""

    def __init__(self, certs: dict):
        self.requests: list[dict] = []
        self.status = 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": json.loads(body or b"{}")})
                self.send_response(receiver.status)
                self.end_headers()

            def do_GET(self):
                payload = json.dumps(certs).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def push_receiver(emulator):
    from emulator.forms import pubsub
    receiver = PushReceiver(pubsub.x509_certs())
    yield receiver
    receiver.close()


@pytest.fixture
def school(emulator):
    """The sample school (emulator/fixtures/sample_school.json), loaded: its course ID,
    the coordinator, the advisors and the students by email, as the fixture lists them."""
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    data = json.loads(school_fixture.SAMPLE.read_text(encoding="utf-8"))
    course = data["courses"][0]
    [course_id] = list(emulator.world.classroom.courses)
    return SimpleNamespace(course_id=course_id, coordinator=COORDINATOR, admin=ADMIN,
                           advisors=course["teachers"], students=course["students"],
                           users={u["email"]: u for u in data["users"]}, data=data)


@pytest.fixture
def cloudtasks(emulator):
    """A cloudtasks v2 client on the emulator (google-api-python-client)."""
    from service.workspace import clients
    return clients.build("cloudtasks", "v2", clients.EmulatorCredentials(OWNER), emulator.url)


@pytest.fixture
def task_target(emulator):
    """A local App Engine app that records the tasks delivered to it; the emulator's
    App Engine target for the test."""
    from _tasks import TaskTarget
    target = TaskTarget()
    emulator.world.cloudtasks.set_target(target.url)
    yield target
    emulator.world.cloudtasks.set_target(None)
    target.close()
