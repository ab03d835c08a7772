"""``Workspace``: the gateways of every API for one identity, as commands use them.

    workspace = Workspace.from_config(config)          # acting as CAS_SUBJECT
    folder = workspace.drive.create_folder("CAS 2026-2028")
    workspace.sheets.values_batch_get(sheet_id, ["Students!A:Z"])
    print(workspace.counter.summary())                 # calls per method

Long runs of Drive writes (provisioning a cohort) may pace them under Drive's
sustained limit (``drive_writes_per_second=drive.SUSTAINED_WRITES_PER_SECOND``)
rather than run into it: refused writes are retried, but each counts as a call.

The gateways share one retry policy and one call counter, and are built on first
use (building one makes no HTTP call: the discovery documents are the ones
google-api-python-client ships). httplib2 connections are not thread-safe: give
each thread its own ``Workspace`` (they may share a ``CallCounter``).
"""

from __future__ import annotations

import functools

from .calls import CallCounter
from .classroom import Classroom
from .credentials import credentials as credentials_for, service_credentials
from .drive import Drive
from .forms import Forms
from .gmail import Gmail
from .retry import RetryPolicy
from .sheets import Sheets
from .tasks import CloudTasks


class Workspace:
    def __init__(self, credentials, emulator_url: str | None = None,
                 policy: RetryPolicy | None = None, counter: CallCounter | None = None,
                 config=None, drive_writes_per_second: float | None = None,
                 service_credentials=None):
        self.credentials = credentials
        # The service account's own (Cloud Tasks); made from the config when None.
        self.service_credentials = service_credentials
        self.emulator_url = emulator_url
        self.policy = policy or RetryPolicy()
        self.counter = counter if counter is not None else CallCounter()
        self.config = config
        # e.g. drive.SUSTAINED_WRITES_PER_SECOND for long runs; None: retries alone.
        self.drive_writes_per_second = drive_writes_per_second

    @classmethod
    def from_config(cls, config, subject: str | None = None, policy: RetryPolicy | None = None,
                    counter: CallCounter | None = None,
                    drive_writes_per_second: float | None = None) -> "Workspace":
        """The gateways as ``subject`` (default: the configured coordinator), on
        Google or on the emulator as the configuration says; Drive writes paced
        as given, else as the configuration says (CAS_DRIVE_WRITES_PER_SECOND)."""
        if drive_writes_per_second is None:
            drive_writes_per_second = getattr(config, "drive_write_rate", None)
        return cls(credentials_for(config, subject), config.emulator_url, policy, counter, config,
                   drive_writes_per_second)

    def acting_as(self, subject: str) -> "Workspace":
        """The same configuration, policy and counter, acting as someone else
        (another delegation subject, e.g. a configured mail sender)."""
        if self.config is None:
            raise ValueError("acting_as needs a Workspace made by from_config")
        return Workspace.from_config(self.config, subject, self.policy, self.counter,
                                     self.drive_writes_per_second)

    def _gateway(self, kind):
        return kind(self.credentials, self.emulator_url, self.policy, self.counter)

    @functools.cached_property
    def drive(self) -> Drive:
        drive = self._gateway(Drive)
        drive.pace_writes(self.drive_writes_per_second)
        return drive

    @functools.cached_property
    def sheets(self) -> Sheets:
        return self._gateway(Sheets)

    @functools.cached_property
    def forms(self) -> Forms:
        return self._gateway(Forms)

    @functools.cached_property
    def classroom(self) -> Classroom:
        return self._gateway(Classroom)

    @functools.cached_property
    def gmail(self) -> Gmail:
        return self._gateway(Gmail)

    @functools.cached_property
    def tasks(self) -> CloudTasks:
        """Cloud Tasks, as the service's own account (not the coordinator)."""
        if self.config is None:
            raise ValueError("Cloud Tasks needs a Workspace made by from_config")
        if self.service_credentials is None:
            self.service_credentials = service_credentials(self.config)
        return CloudTasks(self.service_credentials, self.emulator_url, self.policy, self.counter)

    def sibling(self, counter: CallCounter | None = None) -> "Workspace":
        """The same identities and policy (and counter, unless given), with gateways
        of its own: for another thread or request (httplib2 connections are not
        thread-safe; credentials are shared, so no new token is fetched)."""
        return Workspace(self.credentials, self.emulator_url, self.policy,
                         self.counter if counter is None else counter, self.config,
                         self.drive_writes_per_second, self.service_credentials)
