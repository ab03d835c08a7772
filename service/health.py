"""``GET /healthz``: the instance is up and configured.

It makes no call to Google, so App Engine's health checks and uptime checks
cost no API quota and do not fail when Google is slow.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})
