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
import datetime
import os
import re
from typing import ClassVar, Mapping
from urllib.parse import urlsplit

LOCAL_HOSTS = ("127.0.0.1", "localhost")

_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_QUEUE_PARENT = re.compile(r"^projects/[^/\s]+/locations/[^/\s]+$")
_TOPIC = re.compile(r"^projects/[^/\s]+/topics/[^/\s]+$")
_SECRET = re.compile(r"^projects/[^/\s]+/secrets/[A-Za-z0-9_-]+(/versions/(latest|[0-9]+))?$")

# The supervisor-link signing key of the emulator configuration ONLY. It is public
# (it is in this repository), so a link signed with it proves nothing: the
# production configuration has no default and refuses this one (service/sync/tokens.py).
DEMO_TOKEN_KEY = "ZGVtby1vbmx5LWtleS1mb3ItdGhlLWVtdWxhdG9yLW5ldmVyLXVzZWQtd2l0aC1Hb29nbGU"


# What the emulator uses by default (emulator/README.md): where ``--queues`` puts
# queue.yaml's queues, and the service account its Pub/Sub pushes are signed for.
EMULATOR_QUEUE_PARENT = "projects/emulator-project/locations/us-central1"
EMULATOR_PUSH_ACCOUNT = "pubsub-push@emulator-project.iam.gserviceaccount.com"


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
    # Or where Secret Manager keeps them (deploy/README.md §6): the service reads
    # that secret's payload, in CAS_TOKEN_KEY's format, when it starts
    # (service/workspace/secrets.py), so the key is never in app.yaml.
    token_secret: str = dataclasses.field(default="", metadata={"env": "CAS_TOKEN_SECRET"})
    # A cohort is kept current from its start to its end plus this many days
    # (results decided, late supervisor statements): service/cohorts.py.
    live_grace_days: str = dataclasses.field(default="60",
                                             metadata={"env": "CAS_LIVE_GRACE_DAYS"})
    # Where the service's Cloud Tasks queues are (queue.yaml deploys them in the
    # App Engine app's project and region): projects/PROJECT/locations/LOCATION.
    tasks_queue_parent: str = dataclasses.field(default="",
                                                metadata={"env": "CAS_TASKS_QUEUE_PARENT"})
    # Forms watches publish to this Pub/Sub topic; its push subscription sends to
    # /push/forms with an OIDC token for CAS_PUSH_AUDIENCE, signed for
    # CAS_PUSH_SERVICE_ACCOUNT (deploy/README.md).
    push_topic: str = dataclasses.field(default="", metadata={"env": "CAS_PUSH_TOPIC"})
    push_audience: str = dataclasses.field(default="", metadata={"env": "CAS_PUSH_AUDIENCE"})
    push_service_account: str = dataclasses.field(
        default="", metadata={"env": "CAS_PUSH_SERVICE_ACCOUNT"})
    # Off App Engine, cron and task requests are trusted only with this secret in
    # X-CAS-Local-Task-Secret (the emulator sends it); ignored on App Engine.
    local_task_secret: str = dataclasses.field(default="", metadata={
        "env": "CAS_LOCAL_TASK_SECRET", "secret": True})

    # The pages (service/web/pages): Identity-Aware Proxy's signed header is checked
    # for this audience, /projects/PROJECT_NUMBER/apps/PROJECT_ID on App Engine
    # (deploy/README.md), against the keys at CAS_IAP_CERTS_URL (Google's by default;
    # tests serve their own). Unset, every page is refused.
    iap_audience: str = dataclasses.field(default="", metadata={"env": "CAS_IAP_AUDIENCE"})
    iap_certs_url: str = dataclasses.field(
        default="https://www.gstatic.com/iap/verify/public_key-jwk",
        metadata={"env": "CAS_IAP_CERTS_URL"})

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
        if self.token_secret and not _SECRET.match(self.token_secret):
            problems.append(f"CAS_TOKEN_SECRET must name a Secret Manager secret, "
                            f"projects/PROJECT/secrets/NAME (its latest version is read) or "
                            f"projects/PROJECT/secrets/NAME/versions/VERSION; "
                            f"got {self.token_secret!r}.")
        if self.token_secret and self.token_key and not self.uses_emulator:
            problems.append("Set CAS_TOKEN_KEY or CAS_TOKEN_SECRET, not both: the key is "
                            "read from Secret Manager when CAS_TOKEN_SECRET is set.")
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
        # The cohort is the command line's default (``cas ... --cohort NAME``); the
        # web service finds every cohort itself and needs none.
        if "/" in self.cohort:
            problems.append(f"CAS_COHORT may not contain '/'; got {self.cohort!r}.")
        if self.live_grace is None:
            problems.append(f"CAS_LIVE_GRACE_DAYS must be a whole number of days (0 or "
                            f"more); got {self.live_grace_days!r}.")
        if self.tasks_queue_parent and not _QUEUE_PARENT.match(self.tasks_queue_parent):
            problems.append(f"CAS_TASKS_QUEUE_PARENT must be projects/PROJECT/locations/"
                            f"LOCATION; got {self.tasks_queue_parent!r}.")
        if self.push_topic and not _TOPIC.match(self.push_topic):
            problems.append(f"CAS_PUSH_TOPIC must be projects/PROJECT/topics/TOPIC; "
                            f"got {self.push_topic!r}.")
        if self.push_service_account and not _EMAIL.match(self.push_service_account):
            problems.append(f"CAS_PUSH_SERVICE_ACCOUNT must be the push subscription's "
                            f"service account email; got {self.push_service_account!r}.")
        if problems:
            raise ConfigError("\n".join(problems))

    def web_problems(self) -> list[str]:
        """What the web service (not the command line) needs and lacks: the queues'
        location, and the Forms push settings."""
        missing = []
        for name, value, what in (
                ("CAS_TASKS_QUEUE_PARENT", self.tasks_queue_parent,
                 "where the Cloud Tasks queues are, projects/PROJECT/locations/LOCATION"),
                ("CAS_PUSH_TOPIC", self.push_topic,
                 "the Pub/Sub topic the Forms watches publish to"),
                ("CAS_PUSH_AUDIENCE", self.push_audience,
                 "the audience of the push subscription's OIDC token"),
                ("CAS_PUSH_SERVICE_ACCOUNT", self.push_service_account,
                 "the push subscription's service account email")):
            if not value:
                missing.append(f"{name} is required by the web service: {what} "
                               f"(deploy/README.md).")
        return missing

    @property
    def live_grace(self) -> datetime.timedelta | None:
        """How long after its end a cohort is still kept current (None: unreadable)."""
        text = str(self.live_grace_days).strip()
        return datetime.timedelta(days=int(text)) if text.isdigit() else None

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
    # The emulator's queue.yaml queues live here unless told otherwise
    # (python -m emulator --queues-parent); its push tokens name this account.
    tasks_queue_parent: str = dataclasses.field(default=EMULATOR_QUEUE_PARENT,
                                                metadata={"env": "CAS_TASKS_QUEUE_PARENT"})
    push_topic: str = dataclasses.field(default="projects/emulator-project/topics/cas-forms",
                                        metadata={"env": "CAS_PUSH_TOPIC"})
    push_service_account: str = dataclasses.field(
        default=EMULATOR_PUSH_ACCOUNT, metadata={"env": "CAS_PUSH_SERVICE_ACCOUNT"})

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
