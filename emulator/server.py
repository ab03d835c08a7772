"""Serving the emulator on a real port: in the foreground (the CLI) or on a thread
(tests, the demo, benchmarks)."""

from __future__ import annotations

import threading

from werkzeug.serving import make_server


class RunningEmulator:
    """An emulator serving on 127.0.0.1 in a background thread."""

    def __init__(self, app, port: int = 0):
        self.app = app
        self.world = app.config["WORLD"]
        self._server = make_server("127.0.0.1", port, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "RunningEmulator":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def serve_forever(app, port: int) -> None:
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()
