"""Secret Manager v1: the supervisor links' signing key, read when the service starts
(https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).

Why google-api-python-client's ``secretmanager`` v1 rather than
``google-cloud-secret-manager``: the same reasons as Cloud Tasks (tasks.py): one
funnel, one retry policy, the emulator reached by the same endpoint switch, and no
gRPC for one call. The secret is read as the service account itself
(``credentials.service_credentials``), which deploy/README.md §6 grants
``roles/secretmanager.secretAccessor`` on that secret alone.

Rotation: ``versions/latest`` "is an alias to the most recently created
SecretVersion" (the reference), so a new version is used by instances started
after it. Its payload has CAS_TOKEN_KEY's format: to keep links already sent
valid, the new version holds ``NEW,OLD`` (the first signs, all verify).
"""

from __future__ import annotations

import base64
import dataclasses

from ..config import ConfigError
from .credentials import CredentialsError, service_credentials
from .errors import WorkspaceError
from .gateway import ApiGateway


class SecretManager(ApiGateway):
    api, version = "secretmanager", "v1"

    def access(self, name: str) -> str:
        """The payload of secret version ``name`` as text; a secret's name alone
        means its latest version."""
        if "/versions/" not in name:
            name = f"{name}/versions/latest"
        answer = self.call(self.service.projects().secrets().versions().access(name=name))
        return base64.b64decode(answer["payload"]["data"]).decode("utf-8")


def with_token_key(config):
    """``config`` with its token key read from Secret Manager when CAS_TOKEN_SECRET
    names one (unchanged otherwise), once when the service or a command starts:
    pages' sessions and supervisor links need the same key on every instance. A
    secret that cannot be read is a ``ConfigError`` saying why and what to do."""
    if not config.token_secret:
        return config
    try:
        secrets = SecretManager(service_credentials(config), config.emulator_url)
        text = secrets.access(config.token_secret).strip()
    except (WorkspaceError, CredentialsError) as err:
        raise ConfigError(f"CAS_TOKEN_SECRET: the signing key could not be read from Secret "
                          f"Manager ({err}). deploy/README.md §6 says how to make it and let "
                          f"the service account read it.") from err
    return dataclasses.replace(config, token_key=text)
