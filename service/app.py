"""The Flask app factory: ``create_app(config=None)``.

Gunicorn runs ``service.app:create_app()`` (app.yaml); tests pass a
``TestConfig``. Blueprints are registered here, one per feature; Google clients
are built on demand, never at import time (STYLE.md).
"""

from __future__ import annotations

from flask import Flask

from .config import Config, ConfigError
from .health import health
from .web import register
from .workspace.secrets import with_token_key


def create_app(config: Config | None = None) -> Flask:
    """The service as a WSGI app. Without ``config`` it is read from the ``CAS_*``
    environment variables, and a wrong environment stops the start with a
    ``ConfigError`` that says what to fix (talking to Google, the web service
    also needs its queues' location and the Forms push settings). The signing key
    is read from Secret Manager here when CAS_TOKEN_SECRET names it."""
    config = config or Config.from_env()
    if not config.uses_emulator and config.web_problems():
        raise ConfigError("\n".join(config.web_problems()))
    config = with_token_key(config)
    app = Flask(__name__)
    app.config["CAS"] = config
    app.config["TESTING"] = config.testing
    app.register_blueprint(health)
    register(app)
    return app
