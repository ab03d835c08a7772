"""The Flask app factory: ``create_app(config=None)``.

Gunicorn runs ``service.app:create_app()`` (app.yaml); tests pass a
``TestConfig``. Blueprints are registered here, one per feature; Google clients
are built on demand, never at import time (STYLE.md).
"""

from __future__ import annotations

from flask import Flask

from .config import Config
from .health import health


def create_app(config: Config | None = None) -> Flask:
    """The service as a WSGI app. Without ``config`` it is read from the ``CAS_*``
    environment variables, and a wrong environment stops the start with a
    ``ConfigError`` that says what to fix."""
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["CAS"] = config
    app.config["TESTING"] = config.testing
    app.register_blueprint(health)
    return app
