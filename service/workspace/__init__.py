"""The only place that talks to Google: one thin gateway per API on
google-api-python-client (Drive, Forms, Classroom, Gmail) and gspread (Sheets),
with credentials, endpoints (Google or the local emulator), retries and call counts.

Use it through ``Workspace.from_config(config)`` (``workspace.py``): its ``drive``,
``sheets``, ``forms``, ``classroom`` and ``gmail`` gateways act as the configured
coordinator and share one retry policy and one ``CallCounter``.

- ``credentials.py``: who we are (``credentials(config, subject)``), and ``SCOPES``,
  the one list of OAuth scopes (deploy/README.md shows the same).
- ``clients.py``: building the real clients, for Google or for the emulator.
- ``gateway.py``: ``ApiGateway.call(request)``, the funnel of google-api-python-client
  calls; ``sheets.FunnelHTTPClient`` is gspread's.
- ``retry.py``: the one retry policy; ``errors.py``: ``WorkspaceError`` and its kinds
  (NotFound, PermissionDenied, RateLimited...), with Google's reason kept;
  ``calls.py``: calls per discovery method ID, ``summary()`` for the CLI and bench/;
  ``methods.py``: which discovery method a gspread URL is.
- ``drive.py`` (with batch requests), ``sheets.py``, ``forms.py``, ``classroom.py``,
  ``gmail.py``: the operations the product needs; ``tasks.py``: Cloud Tasks, as the
  service's own account (``Workspace.tasks``), not the coordinator.

Nothing outside this package imports googleapiclient or gspread or sees their
errors: callers catch ``WorkspaceError`` (or one of its kinds).
"""

from .calls import CallCounter
from .errors import (Conflict, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied,
                     RateLimited, Unauthenticated, Unavailable, WorkspaceError)
from .retry import RetryPolicy
from .workspace import Workspace

__all__ = ["CallCounter", "Conflict", "FailedPrecondition", "InvalidArgument", "NotFound",
           "PermissionDenied", "RateLimited", "RetryPolicy", "Unauthenticated", "Unavailable",
           "Workspace", "WorkspaceError"]
