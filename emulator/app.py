"""The emulator as a WSGI application: ``create_app(world=None, data_dir=None)``.

Library first, server second: tests build the app in-process or serve it on a port
(``emulator.server``); ``python -m emulator`` is a thin CLI over the same app.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, Response, jsonify, request

from .control import control
from .discovery_docs import discovery_docs
from .cloudtasks.control import cloudtasks_control
from .pages import pages
from .core import batch
from .core.dispatch import dispatch
from .core.world import World
from .forms import pubsub
from .oauth import OAuthError


def create_app(world: World | None = None, data_dir=None) -> Flask:
    app = Flask(__name__)
    app.config["WORLD"] = world or World(data_dir)
    app.register_blueprint(control)
    app.register_blueprint(cloudtasks_control)
    app.register_blueprint(pages)
    app.register_blueprint(discovery_docs)

    @app.post("/token")
    def oauth_token():
        """Google's token endpoint (https://oauth2.googleapis.com/token), JWT-bearer grant."""
        world = app.config["WORLD"]
        try:
            with world.lock:
                return jsonify(world.oauth.token(request.form.to_dict()))
        except OAuthError as err:
            return jsonify(err.body()), err.status

    @app.get("/oauth2/v3/certs")
    def oidc_jwks():
        """The keys that sign push OIDC tokens, where Google publishes its own."""
        return jsonify(pubsub.jwks())

    @app.get("/oauth2/v1/certs")
    def oidc_x509():
        return jsonify(pubsub.x509_certs())

    @app.post("/batch/<api>/<version>")
    def batch_endpoint(api, version):
        return _to_flask(batch.run(app.config["WORLD"], _headers(), request.get_data(), request.host_url))

    @app.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def google_api(anything):
        answer = dispatch(app.config["WORLD"], request.method, _raw_path(), request.args,
                          _headers(), request.get_data(), base_url=request.host_url)
        return _to_flask(answer)

    return app


def _headers() -> dict:
    return {name.lower(): value for name, value in request.headers.items()}


def _raw_path() -> str:
    """The path as sent, still percent-encoded (Sheets ranges carry ':' and '/')."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return raw.split("?", 1)[0]
    return quote(request.path)


def _to_flask(answer) -> Response:
    response = Response(answer.body, status=answer.status, content_type=answer.content_type)
    for name, value in answer.headers.items():
        response.headers[name] = value
    return response
