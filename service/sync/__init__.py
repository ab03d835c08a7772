"""The sync (DESIGN.md §5): form responses into the master Sheet, statuses with
their reasons computed by service/cas, written where people will not lose them.
``sync()`` is the whole cycle (run.py); table.py reads and writes the Sheet by
metadata; responses.py turns a form response into row cells; records.py turns
rows into the domain's records."""

from .run import NotSetUp, SyncBusy, SyncResult, experience_code, sync

__all__ = ["NotSetUp", "SyncBusy", "SyncResult", "experience_code", "sync"]
