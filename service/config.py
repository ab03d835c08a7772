"""The service's configuration, read from ``CAS_*`` environment variables.

Three configurations, Flask-tutorial style, differing only in defaults:

* ``Config``: production. Talks to Google; the school's values are required.
* ``EmulatorConfig``: talks to a local emulator (``CAS_EMULATOR_URL``) and
  defaults to the demo school, so a laptop needs no setup.
* ``TestConfig``: the emulator configuration with Flask's testing flag on.

``Config.from_env()`` picks the production or the emulator configuration by
whether ``CAS_EMULATOR_URL`` is set (DESIGN.md §6: one setting switches). An
emulator URL that is not on this machine is refused: the emulator has no
authentication, so a remote one would let anybody act as any user.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import ClassVar, Mapping
from urllib.parse import urlsplit

LOCAL_HOSTS = ("127.0.0.1", "localhost")

_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")

# The supervisor-link signing key of the emulator configuration ONLY. It is public
# (it is in this repository), so a link signed with it proves nothing: the
# production configuration has no default and refuses this one (service/sync/tokens.py).
DEMO_TOKEN_KEY = "ZGVtby1vbmx5LWtleS1mb3ItdGhlLWVtdWxhdG9yLW5ldmVyLXVzZWQtd2l0aC1Hb29nbGU"


class ConfigError(ValueError):
    """The environment does not describe a usable configuration; the message says why."""


@dataclasses.dataclass(frozen=True)
class Config:
    """Production: talk to Google, impersonating the coordinator."""

    # Each field is read from the environment variable named in its metadata.
    subject: str = dataclasses.field(default="", metadata={"env": "CAS_SUBJECT"})
    school_domain: str = dataclasses.field(default="", metadata={"env": "CAS_SCHOOL_DOMAIN"})
    cohort: str = dataclasses.field(default="", metadata={"env": "CAS_COHORT"})
    emulator_url: str | None = dataclasses.field(default=None, metadata={"env": "CAS_EMULATOR_URL"})
    # A service-account key file, for running the production credential path
    # locally (the emulator's ``keygen`` key). Production is keyless: unset, the
    # service signs through IAM with its own service account (workspace/credentials.py).
    credentials_file: str | None = dataclasses.field(default=None,
                                                     metadata={"env": "CAS_CREDENTIALS"})
    # Long runs of Drive writes (provisioning) keep under Drive's sustained
    # per-user rate, about 3 a second, instead of earning refusals; 0: no pacing.
    drive_writes_per_second: str = dataclasses.field(
        default="3", metadata={"env": "CAS_DRIVE_WRITES_PER_SECOND"})
    # The key(s) signing supervisor links, base64, comma-separated when rotating
    # (the first signs, all verify); read by service/sync/tokens.py, which says
    # what is wrong with it. Never shown by ``settings()``.
    token_key: str = dataclasses.field(default="", metadata={"env": "CAS_TOKEN_KEY",
                                                             "secret": True})

    name: ClassVar[str] = "production"
    testing: ClassVar[bool] = False

    def __post_init__(self):
        problems = []
        if self.emulator_url:
            object.__setattr__(self, "emulator_url", _local_url(self.emulator_url, problems))
        if self.credentials_file and not os.path.isfile(self.credentials_file):
            problems.append(f"CAS_CREDENTIALS must be the path of a service-account key file; "
                            f"{self.credentials_file!r} is not a file.")
        if self.token_key and not self.uses_emulator and DEMO_TOKEN_KEY in self.token_key:
            problems.append("CAS_TOKEN_KEY holds the emulator's demo key, which is public; "
                            "talking to Google needs the school's own key (deploy/README.md §6).")
        if self.drive_write_rate is None and str(self.drive_writes_per_second).strip() != "0":
            problems.append(f"CAS_DRIVE_WRITES_PER_SECOND must be a number of writes a "
                            f"second (0: no pacing); got {self.drive_writes_per_second!r}.")
        if not self.subject:
            problems.append("CAS_SUBJECT is required: the coordinator's email, whom the "
                            "service acts as.")
        elif not _EMAIL.match(self.subject):
            problems.append(f"CAS_SUBJECT must be an email address; got {self.subject!r}.")
        if not self.school_domain:
            problems.append("CAS_SCHOOL_DOMAIN is required: the school's Google Workspace "
                            "domain, e.g. school.example.")
        elif not _DOMAIN.match(self.school_domain):
            problems.append(f"CAS_SCHOOL_DOMAIN must be a domain name such as school.example; "
                            f"got {self.school_domain!r}.")
        if not self.cohort:
            problems.append("CAS_COHORT is required: the cohort's name, e.g. 2026-2028.")
        elif "/" in self.cohort:
            problems.append(f"CAS_COHORT may not contain '/'; got {self.cohort!r}.")
        if problems:
            raise ConfigError("\n".join(problems))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        """The configuration the environment describes: the emulator one when
        ``CAS_EMULATOR_URL`` is set, else production. Raises ``ConfigError``."""
        environ = os.environ if environ is None else environ
        chosen = EmulatorConfig if environ.get("CAS_EMULATOR_URL", "").strip() else Config
        if cls is not Config:  # EmulatorConfig.from_env() / TestConfig.from_env()
            chosen = cls
        values = {}
        for f in dataclasses.fields(chosen):
            raw = environ.get(f.metadata["env"], "").strip()
            if raw:
                values[f.name] = raw
        return chosen(**values)

    @property
    def drive_write_rate(self) -> float | None:
        """Drive writes a second to pace at, or None for no pacing."""
        try:
            rate = float(self.drive_writes_per_second)
        except (TypeError, ValueError):
            return None
        return rate if 0 < rate < float("inf") else None

    @property
    def uses_emulator(self) -> bool:
        return bool(self.emulator_url)

    def settings(self) -> dict[str, str]:
        """Each setting by its environment variable, as the service will use it; a
        secret (the token key) only says whether it is set."""
        shown = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name) or ""
            if f.metadata.get("secret") and value:
                value = ("the demo key (emulator only)" if value == DEMO_TOKEN_KEY
                         else "(set, not shown)")
            shown[f.metadata["env"]] = value
        return shown

    def describe_backend(self) -> str:
        """Where the service's API calls go, in words."""
        if self.uses_emulator:
            return (f"the local emulator at {self.emulator_url} (no Google account is used), "
                    f"acting as {self.subject}")
        return (f"Google (googleapis.com), acting as {self.subject} through the service "
                f"account's domain-wide delegation")


@dataclasses.dataclass(frozen=True)
class EmulatorConfig(Config):
    """A local emulator and the demo school: what ``make demo`` runs with."""

    subject: str = dataclasses.field(default="coordinator@demo-school.example",
                                     metadata={"env": "CAS_SUBJECT"})
    school_domain: str = dataclasses.field(default="demo-school.example",
                                           metadata={"env": "CAS_SCHOOL_DOMAIN"})
    cohort: str = dataclasses.field(default="2026-2028", metadata={"env": "CAS_COHORT"})
    emulator_url: str | None = dataclasses.field(default="http://127.0.0.1:8765",
                                                 metadata={"env": "CAS_EMULATOR_URL"})
    # The emulator applies no quota unless told to (POST /emulator/faults).
    drive_writes_per_second: str = dataclasses.field(
        default="0", metadata={"env": "CAS_DRIVE_WRITES_PER_SECOND"})
    token_key: str = dataclasses.field(default=DEMO_TOKEN_KEY,
                                       metadata={"env": "CAS_TOKEN_KEY", "secret": True})

    name: ClassVar[str] = "emulator"

    def __post_init__(self):
        if not self.emulator_url:
            raise ConfigError("The emulator configuration needs CAS_EMULATOR_URL, e.g. "
                              "http://127.0.0.1:8765.")
        super().__post_init__()


@dataclasses.dataclass(frozen=True)
class TestConfig(EmulatorConfig):
    """The emulator configuration for tests (Flask's ``TESTING`` on)."""

    __test__: ClassVar[bool] = False  # not a pytest test class, despite its name
    name: ClassVar[str] = "test"
    testing: ClassVar[bool] = True


def _local_url(url: str, problems: list) -> str:
    """The emulator URL without a trailing slash, if it points at this machine."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
        problems.append(f"CAS_EMULATOR_URL has an invalid port: {url!r}.")
    if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS:
        problems.append(
            f"CAS_EMULATOR_URL must point at an emulator on this machine, "
            f"http://127.0.0.1:PORT or http://localhost:PORT; got {url!r}. The emulator "
            f"has no authentication, so it is never used over a network. Unset "
            f"CAS_EMULATOR_URL to talk to Google.")
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        problems.append(f"CAS_EMULATOR_URL must be just scheme, host and port, e.g. "
                        f"http://127.0.0.1:8765; got {url!r}.")
    host = parts.hostname or ""
    return f"http://{host}:{port}" if port else f"http://{host}"
