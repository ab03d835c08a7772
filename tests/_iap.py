"""A stand-in for Identity-Aware Proxy's keys, on 127.0.0.1: an ES256 key pair made
for the test, its public half served as a JWK set (the format of
https://www.gstatic.com/iap/verify/public_key-jwk), and tokens signed as IAP
signs its ``x-goog-iap-jwt-assertion`` header (ES256, ``kid``, ``iss``
https://cloud.google.com/iap, ``aud``, ``email``, ``exp``, ``iat``)."""

from __future__ import annotations

import http.server
import json
import threading
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

AUDIENCE = "/projects/123456789/apps/cas-school"
ISSUER = "https://cloud.google.com/iap"


class IapKeys:
    def __init__(self, kid: str = "iap-test-key"):
        self.kid = kid
        self.key = ec.generate_private_key(ec.SECP256R1())
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps({"keys": [dict(jwk, kid=kid, alg="ES256", use="sig")]}).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/iap/verify/public_key-jwk"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, email: str, audience: str = AUDIENCE, expires_in: int = 600,
              key=None, kid: str | None = None, issuer: str = ISSUER) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "email": email, "sub": f"accounts.google.com:{email}",
                  "iat": now - 5, "exp": now + expires_in}
        return jwt.encode(claims, key or self.key, algorithm="ES256",
                          headers={"kid": kid or self.kid})

    def close(self):
        self.server.shutdown()
        self.server.server_close()
