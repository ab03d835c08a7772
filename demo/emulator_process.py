"""The emulator as a child process: start it on a free port, wait until it
answers, stop it cleanly. Only HTTP crosses the boundary (the demo never
imports the emulator package)."""

from __future__ import annotations

import ctypes
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent   # where the emulator package lives
START_SECONDS = 60
PR_SET_PDEATHSIG = 1   # linux/prctl.h


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, have the kernel send SIGTERM to the
    emulator if the demo dies without stopping it (kill -9), so no emulator is left
    holding the port. Elsewhere the demo's own stop() is all there is."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_and_wait(command: list[str], log_path, health_url: str, env=None):
    """Start ``command`` (its output to ``log_path``, ended with this process) and wait
    until ``health_url`` answers: (the process, True), or (it, False) when it died or
    did not answer within START_SECONDS (then stopped)."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc, False
        try:
            if requests.get(health_url, timeout=2).ok:
                return proc, True
        except (requests.ConnectionError, requests.Timeout):
            pass   # not listening yet, or too busy starting to answer within 2 s
        time.sleep(0.1)
    return proc, False


def stop(proc) -> None:
    """SIGTERM, then SIGKILL if the process does not stop within 10 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def log_tail(path, lines: int = 20) -> str:
    """The last lines of a process's log, indented, for an error message."""
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("  | " + line for line in text[-lines:])


class EmulatorFailed(RuntimeError):
    """The emulator did not start or stopped on its own; the message has its log."""


PREFERRED_PORT = 8765   # the emulator's usual port, so links stay the same across runs


def free_port(preferred: int | None = PREFERRED_PORT) -> int:
    """``preferred`` if nothing listens there, else any free port."""
    with socket.socket() as s:
        # As the emulator's server does, so a port a previous run just left is reusable.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", preferred or 0))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmulatorProcess:
    def __init__(self, port: int | None, data: Path | None, log_path: Path):
        self.data, self.log_path = data, log_path
        log_path.write_bytes(b"")  # this run's log only
        self.chosen_port = port
        self.proc: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "EmulatorProcess":
        # Without --port, a free port is picked; another program may take it between
        # the pick and the bind, so a start that fails then is tried again elsewhere.
        attempts = 1 if self.chosen_port else 3
        for attempt in range(attempts):
            self.port = self.chosen_port or free_port(PREFERRED_PORT if attempt == 0 else None)
            if self._start_once():
                return self
        raise EmulatorFailed(f"The emulator did not start.\n{self.log_tail()}")

    def _start_once(self) -> bool:
        command = [sys.executable, "-m", "emulator", "--port", str(self.port)]
        if self.data:
            command += ["--data", str(self.data)]
        self.proc, up = start_and_wait(command, self.log_path, self.url + "/emulator/health")
        if not up and self.proc.poll() is None:
            self.stop()
        return up

    def wait(self) -> int:
        """Block until the emulator exits (it runs until stopped)."""
        return self.proc.wait()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop within 10 s. Safe for the data:
        the emulator's writes land on disk before it answers them."""
        stop(self.proc)

    def log_tail(self, lines: int = 20) -> str:
        return log_tail(self.log_path, lines)
