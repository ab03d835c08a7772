"""The emulator's state: one store per API, one lock, counters, persistence.

Stores are plain Python objects whose state is plain dicts and lists
(``snapshot()``/``load()``), so ``--data DIR`` can write the world after every
acknowledged write and a restart picks it up.

On disk, ``DIR/state.pickle`` holds every store's snapshot but one kind: a store
that can tell it has not changed since its last snapshot (``unchanged()``: Sheets,
whose master sheet is most of the state) is kept in a file of its own, named by
its digest and rewritten only when it changed; ``state.pickle`` names that file.
Every file is written to a temporary name, fsynced and renamed, so a process
killed at any moment leaves either the old state or the new one, never half of one.
"""

from __future__ import annotations

import collections
import hashlib
import os
import pickle
import re
import threading
from pathlib import Path

from . import clock
from .faults import Faults

# Where Google does not document a behaviour the product depends on, the emulator
# can act either way (POST /emulator/behaviour), so the product is tested under both.
BEHAVIOUR = {
    # Does sortRange carry row developer metadata with the rows it moves? Google
    # documents that row metadata follows inserts, deletes and moves, and says
    # nothing of sorts. True: a sort of every column moves whole rows (metadata
    # too) and a narrower one moves cells only; False: every sort moves cells only
    # and leaves all metadata where it was (the conservative reading).
    "sortMovesMetadata": True,
    # Does Gmail keep the Message-ID header of a message sent through the API?
    # Undocumented; False: Gmail puts its own Message-ID on every message sent.
    "gmailKeepsMessageId": True,
}

_PART = re.compile(r"([a-z]+)-[0-9a-f]{32}\.(pickle|tmp)")  # a store in a file of its own


class World:
    def __init__(self, data_dir: str | os.PathLike | None = None):
        self.lock = threading.RLock()
        self.data_dir = Path(data_dir) if data_dir else None
        self.stores: dict = {}
        self.calls = collections.Counter()           # method ID -> calls
        self.calls_by_user = collections.Counter()   # (method ID, user) -> calls
        self.cpu = collections.Counter()             # method ID -> CPU seconds answering
        self.gc = collections.Counter()              # method ID -> of which collecting garbage
        self.faults = Faults()                        # off until configured
        self.behaviour = dict(BEHAVIOUR)              # Google's undocumented choices
        self._saved_digest = b""                     # of the last state.pickle written
        self._parts: dict[str, str] = {}             # store name -> its own file, on disk
        from .. import apis as registry               # the API packages, in one list
        for name, factory in registry.FACTORIES.items():
            self.stores[name] = factory(self)
        if self.data_dir:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._load()

    def __getattr__(self, name):
        stores = self.__dict__.get("stores")
        if stores is not None and name in stores:
            return stores[name]
        raise AttributeError(name)

    def before_call(self) -> None:
        """What time does to the stores before a call is answered (an expired Drive
        permission ends); the caller holds the lock."""
        for store in self.stores.values():
            hook = getattr(store, "before_call", None)
            if hook is not None:
                hook()

    # -- counters --------------------------------------------------------
    def count(self, method_id: str, user: str | None) -> None:
        with self.lock:
            self.calls[method_id] += 1
            self.calls_by_user[(method_id, user or "")] += 1

    def count_cpu(self, method_id: str, seconds: float, collecting: float = 0.0) -> None:
        with self.lock:
            self.cpu[method_id] += seconds
            self.gc[method_id] += collecting

    def stats(self) -> dict:
        with self.lock:
            by_user: dict = {}
            for (method_id, user), n in self.calls_by_user.items():
                by_user.setdefault(user, {})[method_id] = n
            return {"calls": dict(self.calls), "callsByUser": by_user,
                    "total": sum(self.calls.values()),
                    "cpuSeconds": {m: round(s, 6) for m, s in self.cpu.items()},
                    "gcSeconds": {m: round(s, 6) for m, s in self.gc.items()},
                    "throttled": dict(self.faults.throttled),
                    "injected": dict(self.faults.injected)}

    # -- reset and persistence ------------------------------------------
    def reset(self) -> None:
        with self.lock:
            for store in self.stores.values():
                store.reset()
            self.calls.clear()
            self.calls_by_user.clear()
            self.cpu.clear()
            self.gc.clear()
            self.faults.clear()
            self.behaviour = dict(BEHAVIOUR)
            clock.reset()   # the emulator's time back to the real time
            self.save()

    @property
    def _file(self) -> Path:
        return self.data_dir / "state.pickle"

    def save(self) -> None:
        """Persist every store; called after each call, before it is answered.

        Reads may create state too (a user's My Drive on first use, IDs from
        ``files.generateIds``, a spreadsheet made through Drive opened in Sheets),
        so every call ends here. That stays cheap: an unchanged Sheets store is not
        pickled again, and an unchanged world is not written."""
        if not self.data_dir:
            return
        with self.lock:
            state = {}
            for name, store in self.stores.items():
                if not hasattr(store, "unchanged"):
                    state[name] = store.snapshot()
                    continue
                if name not in self._parts or not store.unchanged():
                    # Forgotten first: if writing fails, the next save snapshots again.
                    self._parts.pop(name, None)
                    self._parts[name] = self._write_part(name, store.snapshot())
                state[name] = self._parts[name]
            blob = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
            digest = hashlib.sha256(blob).digest()
            if digest == self._saved_digest:
                return
            _write_durably(self._file, blob)
            self._saved_digest = digest
            self._remove_stale_parts()

    def _write_part(self, name: str, snapshot) -> str:
        """Write one store to ``NAME-DIGEST.pickle``; a name on disk is a whole file."""
        blob = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
        part = f"{name}-{hashlib.sha256(blob).hexdigest()[:32]}.pickle"
        if not (self.data_dir / part).exists():
            _write_durably(self.data_dir / part, blob)
        return part

    def _remove_stale_parts(self) -> None:
        """Files of stores that state.pickle, now on disk, no longer names, and any
        temporary one a killed process left half written."""
        named = set(self._parts.values())
        for path in self.data_dir.iterdir():
            m = _PART.fullmatch(path.name)
            if m and m.group(1) in self._parts and path.name not in named:
                path.unlink(missing_ok=True)

    def _load(self) -> None:
        if not self._file.exists():
            return
        with open(self._file, "rb") as f:
            state = pickle.load(f)
        for name, snap in state.items():
            if name not in self.stores:
                continue
            if isinstance(snap, str):  # a store kept in a file of its own
                with open(self.data_dir / snap, "rb") as f:
                    self.stores[name].load(pickle.load(f))
                self._parts[name] = snap
            else:
                self.stores[name].load(snap)


def _write_durably(path: Path, blob: bytes) -> None:
    """Write to a temporary file, fsync it, rename it over ``path`` and fsync the
    folder, so the rename itself survives a power cut."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
