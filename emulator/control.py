"""The control plane, apart from Google's paths: ``/emulator/...``.

``GET /emulator/health``, ``POST /emulator/reset``, ``GET /emulator/stats``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

control = Blueprint("control", __name__, url_prefix="/emulator")


def _world():
    return current_app.config["WORLD"]


@control.get("/health")
def health():
    return jsonify({"status": "ok"})


@control.post("/reset")
def reset():
    _world().reset()
    return jsonify({"status": "reset"})


@control.get("/stats")
def stats():
    return jsonify(_world().stats())
