"""The emulator's state: one store per API, one lock, counters, persistence.

Stores are plain Python objects whose state is plain dicts and lists
(``snapshot()``/``load()``), so ``--data DIR`` can write the whole world after
every acknowledged write and a restart picks it up. Writes go to a temporary file,
are fsynced and renamed over the previous snapshot: a process killed at any
moment leaves either the old or the new state, never half of one.
"""

from __future__ import annotations

import collections
import hashlib
import os
import pickle
import threading
from pathlib import Path

from .faults import Faults


class World:
    def __init__(self, data_dir: str | os.PathLike | None = None):
        self.lock = threading.RLock()
        self.data_dir = Path(data_dir) if data_dir else None
        self.stores: dict = {}
        self.calls = collections.Counter()           # method ID -> calls
        self.calls_by_user = collections.Counter()   # (method ID, user) -> calls
        self.faults = Faults()                        # off until configured
        self._saved_digest = b""                     # of the last state written
        from .. import apis as registry               # the API packages, in one list
        for name, factory in registry.FACTORIES.items():
            self.stores[name] = factory(self)
        if self.data_dir:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._load()

    def __getattr__(self, name):
        stores = self.__dict__.get("stores", {})
        if name in stores:
            return stores[name]
        raise AttributeError(name)

    # -- counters --------------------------------------------------------
    def count(self, method_id: str, user: str | None) -> None:
        with self.lock:
            self.calls[method_id] += 1
            self.calls_by_user[(method_id, user or "")] += 1

    def stats(self) -> dict:
        with self.lock:
            by_user: dict = {}
            for (method_id, user), n in self.calls_by_user.items():
                by_user.setdefault(user, {})[method_id] = n
            return {"calls": dict(self.calls), "callsByUser": by_user,
                    "total": sum(self.calls.values()),
                    "throttled": dict(self.faults.throttled),
                    "injected": dict(self.faults.injected)}

    # -- reset and persistence ------------------------------------------
    def reset(self) -> None:
        with self.lock:
            for store in self.stores.values():
                store.reset()
            self.calls.clear()
            self.calls_by_user.clear()
            self.faults.clear()
            self.save()

    @property
    def _file(self) -> Path:
        return self.data_dir / "state.pickle"

    def save(self) -> None:
        """Persist every store; called after each call, before it is answered.

        Reads may create state too (a user's My Drive on first use), so every
        call ends here; an unchanged world is not written again."""
        if not self.data_dir:
            return
        with self.lock:
            state = {name: store.snapshot() for name, store in self.stores.items()}
            blob = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
            digest = hashlib.sha256(blob).digest()
            if digest == self._saved_digest:
                return
            tmp = self._file.with_suffix(".tmp")
            with open(tmp, "wb") as f:
                f.write(blob)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._file)
            _fsync_dir(self.data_dir)  # the rename itself survives a power cut
            self._saved_digest = digest

    def _load(self) -> None:
        if not self._file.exists():
            return
        with open(self._file, "rb") as f:
            state = pickle.load(f)
        for name, snap in state.items():
            if name in self.stores:
                self.stores[name].load(snap)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
