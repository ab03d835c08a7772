"""The Secret Manager store: secrets and their versions
(https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets).

Plain dicts, the world's lock. Operations are named after the discovery method IDs.
Like the emulator's Cloud Tasks, there are no projects or IAM: any authenticated
caller may use any ``projects/*``. What the service relies on, from the reference:

- ``versions/latest`` "is an alias to the most recently created SecretVersion"
  (projects.secrets.versions.access); a disabled or destroyed version cannot be
  accessed (FAILED_PRECONDITION), nor can the alias when the newest is not enabled.
- A payload's ``data`` is base64 and "must be no larger than 64KiB" (SecretPayload);
  ``dataCrc32c``, when given, must match the data, and is answered on access.
- ``secretId`` is at most 255 letters, digits, ``-`` and ``_`` (projects.secrets.create).
"""

from __future__ import annotations

import base64
import binascii
import re

from ..core import clock
from ..core.errors import GoogleApiError

_SECRET_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_PROJECT = re.compile(r"^projects/[^/]+$")
MAX_PAYLOAD = 64 * 1024


def _invalid(message: str) -> GoogleApiError:
    return GoogleApiError(400, message, "badRequest", status="INVALID_ARGUMENT")


def _not_found(what: str) -> GoogleApiError:
    return GoogleApiError(404, f"{what} not found or has no versions.", "notFound",
                          status="NOT_FOUND")


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli), the checksum Secret Manager keeps of a payload."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


class SecretManagerStore:
    def __init__(self, world):
        self.world = world
        self.reset()

    def reset(self) -> None:
        self.secrets: dict[str, dict] = {}     # projects/P/secrets/S -> secret
        self.versions: dict[str, list] = {}    # secret name -> its versions, oldest first

    def snapshot(self) -> dict:
        return {"secrets": self.secrets, "versions": self.versions}

    def load(self, state: dict) -> None:
        self.reset()
        self.secrets, self.versions = state["secrets"], state["versions"]

    def get_secret(self, name: str) -> dict:
        secret = self.secrets.get(name)
        if secret is None:
            raise _not_found(f"Secret [{name}]")
        return secret

    def projects_secrets_create(self, parent: str, secret_id: str | None, body: dict) -> dict:
        if not _PROJECT.match(parent or ""):
            raise _invalid(f"Invalid resource field value in the request: parent {parent!r}.")
        if not secret_id or not _SECRET_ID.match(secret_id):
            raise _invalid("The secret ID must be 1 to 255 letters, digits, '-' or '_'.")
        if not (body or {}).get("replication"):
            raise _invalid("Secret.replication is required.")
        name = f"{parent}/secrets/{secret_id}"
        with self.world.lock:
            if name in self.secrets:
                raise GoogleApiError(409, f"Secret [{name}] already exists.", "alreadyExists",
                                     status="ALREADY_EXISTS")
            secret = {**body, "name": name, "createTime": clock.stamp()}
            self.secrets[name] = secret
            self.versions[name] = []
            return secret

    def projects_secrets_get(self, name: str) -> dict:
        return self.get_secret(name)

    def projects_secrets_addVersion(self, name: str, body: dict) -> dict:
        payload = (body or {}).get("payload") or {}
        try:
            data = base64.b64decode(payload.get("data", ""), validate=True)
        except (binascii.Error, ValueError) as err:
            raise _invalid("SecretPayload.data must be base64.") from err
        if len(data) > MAX_PAYLOAD:
            raise _invalid(f"SecretPayload.data must be no larger than {MAX_PAYLOAD} bytes.")
        if "dataCrc32c" in payload and int(payload["dataCrc32c"]) != crc32c(data):
            raise _invalid("Checksum mismatch: SecretPayload.data_crc32c does not match the data.")
        with self.world.lock:
            self.get_secret(name)
            versions = self.versions[name]
            version = {"name": f"{name}/versions/{len(versions) + 1}",
                       "createTime": clock.stamp(), "state": "ENABLED",
                       "_data": base64.b64encode(data).decode()}
            versions.append(version)
            return _public(version)

    def _version(self, name: str) -> dict:
        secret_name, _, which = name.rpartition("/versions/")
        versions = self.versions.get(secret_name)
        if versions is None:
            raise _not_found(f"Secret [{secret_name}]")
        if which == "latest":
            if not versions:
                raise _not_found(f"Secret [{secret_name}]")
            return versions[-1]
        if not which.isdigit() or not 1 <= int(which) <= len(versions):
            raise _not_found(f"Secret Version [{name}]")
        return versions[int(which) - 1]

    def projects_secrets_versions_get(self, name: str) -> dict:
        with self.world.lock:
            return _public(self._version(name))

    def projects_secrets_versions_access(self, name: str) -> dict:
        with self.world.lock:
            version = self._version(name)
            if version["state"] != "ENABLED":
                raise GoogleApiError(400, f"{version['name']} is in {version['state']} state.",
                                     "failedPrecondition", status="FAILED_PRECONDITION")
            data = base64.b64decode(version["_data"])
            return {"name": version["name"],
                    "payload": {"data": version["_data"], "dataCrc32c": str(crc32c(data))}}

    def projects_secrets_versions_disable(self, name: str) -> dict:
        with self.world.lock:
            version = self._version(name)
            version["state"] = "DISABLED"
            return _public(version)


def _public(version: dict) -> dict:
    return {k: v for k, v in version.items() if not k.startswith("_")}
