"""The emulated APIs, in one list: each contributes a store factory and registers its
handlers (by discovery method ID) on import."""

from __future__ import annotations

from .drive import handlers as _drive_handlers  # noqa: F401  (registers handlers)
from .drive.models import DriveStore
from .sheets import handlers as _sheets_handlers  # noqa: F401
from .sheets.models import SheetsStore

FACTORIES = {
    "drive": DriveStore,
    "sheets": SheetsStore,
}
