"""What answering a call costs the emulator itself: the CPU time of the thread that
answers it, and the part of that time Python's garbage collector took.

The collector runs in whichever thread allocates when a collection is due, and a
full collection walks every object of the process (a 3000-student master sheet is
some 400,000 of them, and in a benchmark the service's own objects are there too),
so how much of it lands in one call is partly chance: ``gcSeconds`` says how much.
"""

from __future__ import annotations

import gc
import threading
import time

_thread = threading.local()


def _on_collection(phase: str, info: dict) -> None:
    if phase == "start":
        _thread.started = time.thread_time()
        return
    started = getattr(_thread, "started", None)
    if started is not None:
        _thread.collecting = getattr(_thread, "collecting", 0.0) + time.thread_time() - started
        _thread.started = None


gc.callbacks.append(_on_collection)


class Meter:
    """Started on the thread that answers; ``read()`` on the same thread."""

    def __init__(self):
        self.cpu = time.thread_time()
        self.collecting = getattr(_thread, "collecting", 0.0)

    def read(self) -> tuple[float, float]:
        """(CPU seconds, of which garbage collection) since the meter started."""
        return (time.thread_time() - self.cpu,
                getattr(_thread, "collecting", 0.0) - self.collecting)
