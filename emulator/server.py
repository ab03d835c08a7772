"""Serving the emulator on a real port: in the foreground (the CLI) or on a thread
(tests, benchmarks).

Stopping is always safe for the state: ``--data`` writes land before a call is
answered and each write replaces the state file atomically (core/world.py), so
a stop — clean, Ctrl-C, SIGTERM or ``kill -9`` — loses no acknowledged write.
"""

from __future__ import annotations

import signal
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


def serve_forever(app, port: int, announce=None) -> None:
    """Serve in the foreground until SIGINT (Ctrl-C) or SIGTERM, then return.

    ``announce(port)`` is called once the port is bound (so port 0 reports the
    port it got). A port already in use raises ``OSError`` before anything is served.
    """
    server = make_server("127.0.0.1", port, app, threaded=True)
    if announce:
        announce(server.server_port)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()


def _interrupt(signum, frame):
    # SIGTERM stops the server the same way Ctrl-C does: out of serve_forever.
    raise KeyboardInterrupt
