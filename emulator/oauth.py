"""The OAuth 2.0 token endpoint, for the JWT-bearer grant service accounts use.

``google.oauth2.service_account.Credentials`` whose ``token_uri`` points here, with
a ``subject``, trade a signed assertion for an access token that acts as that
subject (domain-wide delegation), exactly the production credential path
(https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
The assertion must be signed by a key this emulator generated (``keygen``); a bad
signature, an unknown key or an expired assertion gets Google's ``invalid_grant``.
The emulator does not model the Admin console's delegation list: every subject
is allowed.
"""

from __future__ import annotations

import base64
import json
import secrets
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_SECONDS = 3600
# Google accepts assertions whose exp is at most an hour after iat, and a little clock skew.
MAX_ASSERTION_SECONDS, SKEW = 3600, 300


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def body(self) -> dict:
        return {"error": self.error, "error_description": self.description}


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class OAuthStore:
    def __init__(self, world):
        self.world = world
        self.reset()

    def reset(self) -> None:
        self.keys: dict[str, dict] = {}     # key id -> {"publicKey": PEM, "clientEmail"}
        self.tokens: dict[str, dict] = {}   # access token -> {"subject", "expires"}

    def snapshot(self) -> dict:
        return {"keys": self.keys, "tokens": self.tokens}

    def load(self, state: dict) -> None:
        self.keys, self.tokens = state["keys"], state["tokens"]

    def subject_of(self, token: str) -> str | None:
        """The user an access token acts as, while it is valid."""
        entry = self.tokens.get(token)
        if entry and entry["expires"] > time.time():
            return entry["subject"]
        return None

    def generate_key(self, token_uri: str, client_email: str | None = None) -> dict:
        """A service-account key file in Google's JSON format, for local use only."""
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = secrets.token_hex(20)
        client_email = client_email or "cas-workspace@emulator-project.iam.gserviceaccount.com"
        self.keys[key_id] = {
            "clientEmail": client_email,
            "publicKey": private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()}
        self.world.save()
        return {
            "type": "service_account", "project_id": "emulator-project",
            "private_key_id": key_id,
            "private_key": private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()).decode(),
            "client_email": client_email, "client_id": str(secrets.randbelow(10**20)),
            "auth_uri": token_uri.rsplit("/", 1)[0] + "/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": token_uri.rsplit("/", 1)[0] + "/oauth2/v1/certs",
            "client_x509_cert_url": token_uri.rsplit("/", 1)[0] + "/robot/v1/metadata/x509/" + client_email,
            "universe_domain": "googleapis.com",
        }

    def token(self, form: dict) -> dict:
        """Answer a token request, or raise OAuthError as Google's endpoint would."""
        if form.get("grant_type") != JWT_GRANT:
            raise OAuthError("unsupported_grant_type", "Invalid grant_type: "
                             + str(form.get("grant_type", "")))
        assertion = form.get("assertion") or ""
        try:
            head_b64, claims_b64, sig_b64 = assertion.split(".")
            header = json.loads(_b64decode(head_b64))
            claims = json.loads(_b64decode(claims_b64))
            signature = _b64decode(sig_b64)
        except ValueError:
            raise OAuthError("invalid_request", "Invalid JWT: malformed assertion.") from None
        key = self.keys.get(header.get("kid", ""))
        if key is None or header.get("alg") != "RS256":
            raise OAuthError("invalid_grant", "Invalid JWT Signature.")
        public = serialization.load_pem_public_key(key["publicKey"].encode())
        try:
            public.verify(signature, f"{head_b64}.{claims_b64}".encode(),
                          padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise OAuthError("invalid_grant", "Invalid JWT Signature.") from None
        now = time.time()
        iat, exp = claims.get("iat", 0), claims.get("exp", 0)
        if not (iat - SKEW <= now <= exp + SKEW) or exp - iat > MAX_ASSERTION_SECONDS:
            raise OAuthError("invalid_grant", "Invalid JWT: Token must be a short-lived token "
                             "(60 minutes) and in a reasonable timeframe. Check your iat and exp "
                             "values in the JWT claim.")
        if claims.get("iss") != key["clientEmail"]:
            raise OAuthError("invalid_grant", "Invalid JWT Signature.")
        access_token = "ya29.emulator-" + secrets.token_urlsafe(32)
        subject = (claims.get("sub") or claims["iss"]).lower()
        self.tokens[access_token] = {"subject": subject, "expires": now + TOKEN_SECONDS}
        self.world.save()
        return {"access_token": access_token, "expires_in": TOKEN_SECONDS - 1,
                "token_type": "Bearer"}
