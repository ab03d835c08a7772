"""The emulated APIs, in one list: each contributes a store factory and registers its
handlers (by discovery method ID) on import."""

from __future__ import annotations

from .drive import handlers as _drive_handlers  # noqa: F401  (registers handlers)
from .drive import comment_handlers as _drive_comments  # noqa: F401
from .drive import v2 as _drive_v2  # noqa: F401
from .drive.models import DriveStore
from .sheets import handlers as _sheets_handlers  # noqa: F401
from .sheets import batch_update as _sheets_batch_update  # noqa: F401
from .sheets.models import SheetsStore
from .forms import handlers as _forms_handlers  # noqa: F401
from .forms.models import FormsStore
from .classroom import handlers as _classroom_handlers  # noqa: F401
from .classroom.models import ClassroomStore
from .gmail import handlers as _gmail_handlers  # noqa: F401
from .gmail.models import GmailStore
from .cloudtasks import handlers as _cloudtasks_handlers  # noqa: F401
from .cloudtasks.models import CloudTasksStore
from .secretmanager import handlers as _secretmanager_handlers  # noqa: F401
from .secretmanager.models import SecretManagerStore

from .oauth import OAuthStore
from .core.resumable import UploadSessions

FACTORIES = {
    "drive": DriveStore,
    "sheets": SheetsStore,
    "forms": FormsStore,
    "classroom": ClassroomStore,
    "gmail": GmailStore,
    "cloudtasks": CloudTasksStore,
    "secretmanager": SecretManagerStore,
    "oauth": OAuthStore,
    "uploads": UploadSessions,   # resumable upload sessions, whichever API they upload to
}
