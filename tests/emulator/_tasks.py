"""A local stand-in for the App Engine app that Cloud Tasks delivers to: it records
each request (method, path, headers, body), answers the statuses it is told to, in
order (200 once they run out), and counts how many requests it serves at once."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

PARENT = "projects/cas-school/locations/europe-west1"


class TaskTarget:
    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        self.active = self.most_active = 0
        self._lock = threading.Lock()
        target = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with target._lock:
                    target.active += 1
                    target.most_active = max(target.most_active, target.active)
                    target.requests.append({"method": self.command, "path": self.path,
                                            "headers": dict(self.headers), "body": body,
                                            "at": time.monotonic()})
                    status = target.statuses.pop(0) if target.statuses else 200
                time.sleep(target.delay)
                with target._lock:
                    target.active -= 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.requests

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def control(emulator, path: str, body: dict | None = None) -> dict:
    """POST to the emulator's control plane and return the JSON answer."""
    answer = requests.post(f"{emulator.url}/emulator/{path}", json=body or {}, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()


def dispatch(emulator) -> list[dict]:
    """Deliver what is due now and wait for the attempts: the attempts made."""
    return control(emulator, "cloudtasks/dispatch")["deliveries"]


def advance(emulator, seconds: float) -> None:
    control(emulator, "clock", {"advanceSeconds": seconds})
