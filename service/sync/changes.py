"""What a sync will write: new rows and changed service cells, by tab and row ID,
gathered before it writes anything."""

from __future__ import annotations

from .table import MasterSheet, same


class Changes:
    """What the sync will write: new rows and changed service cells, by tab and
    row ID, over the rows as read (``current`` sees both)."""

    def __init__(self, master: MasterSheet):
        self.read = {key: table.by_id() for key, table in master.tables.items()}
        # IDs on two rows: neither is written, and no third row is added.
        self.blocked = {key: set(table.duplicated) for key, table in master.tables.items()}
        self.new: dict[str, dict[str, dict]] = {}
        self.updates: dict[str, dict[str, dict]] = {}

    def current(self, tab: str, row_id: str) -> dict | None:
        if row_id in self.new.get(tab, {}):
            return self.new[tab][row_id]
        if row_id in self.read.get(tab, {}):
            return {**self.read[tab][row_id], **self.updates.get(tab, {}).get(row_id, {})}
        return None

    def all(self, tab: str) -> list[dict]:
        ids = list(self.read.get(tab, {})) + [i for i in self.new.get(tab, {})
                                              if i not in self.read.get(tab, {})]
        return [self.current(tab, i) for i in ids]

    def upsert(self, tab: str, row_id: str, cells: dict, add: bool = True) -> bool:
        """Set these cells of the row; True if the row is new. Unchanged cells are
        not written again."""
        if row_id in self.blocked.get(tab, ()):
            return False
        if row_id in self.new.get(tab, {}):
            self.new[tab][row_id].update(cells)
            return False
        if row_id in self.read.get(tab, {}):
            before = self.read[tab][row_id]
            changed = {k: v for k, v in cells.items() if not same(before.get(k), v)}
            if changed:
                self.updates.setdefault(tab, {}).setdefault(row_id, {}).update(changed)
            return False
        if add:
            self.new.setdefault(tab, {})[row_id] = dict(cells)
            return True
        return False

