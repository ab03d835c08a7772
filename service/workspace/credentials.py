"""Who the service is when it calls Google: ``credentials(config, subject)``.

Three ways, chosen by the configuration:

1. **Production, keyless** (App Engine; no ``CAS_CREDENTIALS``, no emulator): the
   application default credentials are the App Engine service account's. Domain-wide
   delegation needs a JWT signed by that account with ``sub`` = the subject; with no
   private key at hand, the IAM Credentials API's ``signBlob`` signs it
   (``google.auth.iam.Signer``), and ``service_account.Credentials(signer, email,
   token_uri, scopes=SCOPES, subject=...)`` trades it at Google's token endpoint for
   a token that acts as the subject. The account needs
   ``roles/iam.serviceAccountTokenCreator`` on itself and its client ID delegated
   ``SCOPES`` in the Admin console (deploy/README.md §2-§4). If the default
   credentials are already a service-account key (``GOOGLE_APPLICATION_CREDENTIALS``),
   that key signs instead. A person's own default credentials (``gcloud auth
   application-default login``) are refused: the service must act as the subject.
2. **A key file** (``CAS_CREDENTIALS=key.json``): a service-account key with the
   subject; the same ``service_account.Credentials``, signed locally. This is how
   the emulator runs the production path: ``python -m emulator keygen key.json``
   writes a key whose ``token_uri`` is the emulator's (the deploy guide creates no
   keys for Google).
3. **The emulator's own identity** (``CAS_EMULATOR_URL`` and no key file):
   ``EmulatorCredentials(subject)``, the ``Bearer emulator:<email>`` token.

``SCOPES`` is the one list of OAuth scopes the service asks for; deploy/README.md
§3-§4 shows the same list for the Admin console.
"""

from __future__ import annotations

import json
import os

import google.auth
import google.auth.compute_engine
import google.auth.credentials
import google.auth.exceptions
import google.auth.impersonated_credentials
from google.auth import iam
from google.auth.transport.requests import Request
from google.oauth2 import service_account

from .clients import EmulatorCredentials

# Least privilege: each is the narrowest scope that allows what the service does
# (the discovery documents list, per method, the scopes that allow it).
SCOPES = (
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/forms.body",
    "https://www.googleapis.com/auth/forms.responses.readonly",
    "https://www.googleapis.com/auth/classroom.courses.readonly",
    "https://www.googleapis.com/auth/classroom.rosters.readonly",
    # UserProfile.emailAddress "Must request classroom.profile.emails scope for this
    # field to be populated": without it a roster import from Classroom has no emails.
    "https://www.googleapis.com/auth/classroom.profile.emails",
    "https://www.googleapis.com/auth/classroom.announcements",
    "https://www.googleapis.com/auth/gmail.send",
    # Before a notice due from an earlier sync is sent again, the sync looks for it
    # in the sender's mail (users.messages.list with q=rfc822msgid:...): a sync that
    # stopped after Gmail accepted it must not send it twice. gmail.metadata would
    # do, but it refuses the q parameter; readonly is the narrowest that takes it.
    "https://www.googleapis.com/auth/gmail.readonly",
)
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
# The default credentials only call the IAM Credentials API (signBlob).
_CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"


class CredentialsError(RuntimeError):
    """No usable credentials; the message says what to set up."""


def credentials(config, subject: str | None = None) -> google.auth.credentials.Credentials:
    """Credentials acting as ``subject`` (the configured coordinator by default)."""
    subject = subject or config.subject
    key_file = getattr(config, "credentials_file", None)
    if key_file:
        return from_key_file(key_file, subject)
    if config.uses_emulator:
        return EmulatorCredentials(subject)
    return from_application_default(subject)


# The service's own identity against the emulator (Cloud Tasks), as App Engine's
# service account would be; the emulator lets any authenticated caller use queues.
EMULATOR_SERVICE_ACCOUNT = "cas-workspace@emulator-project.iam.gserviceaccount.com"


def service_credentials(config) -> google.auth.credentials.Credentials:
    """The service account's OWN credentials (no subject), for the Google Cloud
    APIs it calls as itself: Cloud Tasks, Secret Manager. On App Engine the application default
    credentials; with ``CAS_CREDENTIALS`` that key; on the emulator its identity."""
    key_file = getattr(config, "credentials_file", None)
    if key_file:
        try:
            return service_account.Credentials.from_service_account_file(
                key_file, scopes=[_CLOUD_PLATFORM])
        except (ValueError, KeyError, OSError) as err:
            raise CredentialsError(f"CAS_CREDENTIALS: {key_file!r} is not a service-account "
                                   f"key file ({err}).") from err
    if config.uses_emulator:
        return EmulatorCredentials(EMULATOR_SERVICE_ACCOUNT)
    try:
        source, _ = google.auth.default(scopes=[_CLOUD_PLATFORM])
    except google.auth.exceptions.DefaultCredentialsError as err:
        raise CredentialsError(f"No Google credentials found for the service account ({err}).") from err
    return source


def delegated(signer, service_account_email: str, subject: str,
              token_uri: str = GOOGLE_TOKEN_URI) -> service_account.Credentials:
    """Domain-wide delegation: a service account's credentials acting as ``subject``,
    whatever signs the assertion (a key, or IAM's signBlob)."""
    return service_account.Credentials(signer, service_account_email, token_uri,
                                       scopes=list(SCOPES), subject=subject)


def from_key_file(path: str, subject: str) -> service_account.Credentials:
    if not os.path.isfile(path):
        raise CredentialsError(f"CAS_CREDENTIALS names {path!r}, which is not a file. Give the "
                               f"path of a service-account key (JSON), or unset it.")
    try:
        with open(path, encoding="utf-8") as file:
            token_uri = json.load(file).get("token_uri") or GOOGLE_TOKEN_URI
        key = service_account.Credentials.from_service_account_file(path)
    except (ValueError, KeyError, AttributeError) as err:
        raise CredentialsError(f"CAS_CREDENTIALS: {path!r} is not a service-account key "
                               f"file ({err}).") from err
    return delegated(key.signer, key.service_account_email, subject, token_uri)


def from_application_default(subject: str, request: Request | None = None):
    """Delegated credentials from the environment's service account, keyless."""
    try:
        source, _ = google.auth.default(scopes=[_CLOUD_PLATFORM])
    except google.auth.exceptions.DefaultCredentialsError as err:
        raise CredentialsError(
            "No Google credentials found. On App Engine the service account's are used; "
            "elsewhere set CAS_CREDENTIALS to a key file, or CAS_EMULATOR_URL to use "
            f"the local emulator. ({err})") from err
    if isinstance(source, service_account.Credentials):
        return source.with_scopes(list(SCOPES)).with_subject(subject)
    if isinstance(source, google.auth.compute_engine.Credentials):
        request = request or Request()
        source.refresh(request)  # learns the account's email from the metadata server
        email = source.service_account_email
    elif isinstance(source, google.auth.impersonated_credentials.Credentials):
        request = request or Request()
        email = source.signer_email
    else:
        raise CredentialsError(
            "The application default credentials are a person's, not a service account's; "
            "the service must act as CAS_SUBJECT through domain-wide delegation. Run it "
            "as the service account (gcloud auth application-default login "
            "--impersonate-service-account=SA_EMAIL), or use the emulator.")
    return delegated(iam.Signer(request, source, email), email, subject)
