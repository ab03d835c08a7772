"""The control plane, apart from Google's paths: ``/emulator/...``.

``GET /emulator/health``, ``POST /emulator/reset``, ``GET /emulator/stats``,
``/emulator/faults``, ``POST /emulator/service-accounts``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from .core.errors import GoogleApiError

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


@control.route("/faults", methods=["GET", "POST", "DELETE"])
def faults():
    """Latency, injected errors and quotas (emulator/core/faults.py). POST a config
    (``{"preset": "google"}`` or ``{"rules": [...]}``), GET it, DELETE to switch off."""
    world = _world()
    if request.method == "POST":
        try:
            return jsonify(world.faults.configure(request.get_json(force=True) or {}))
        except GoogleApiError as err:
            return jsonify(err.envelope()), err.code
    if request.method == "DELETE":
        world.faults.clear()
    return jsonify(world.faults.describe())


@control.post("/service-accounts")
def service_account_key():
    """A new service-account key in Google's JSON format whose token_uri is this
    emulator's token endpoint (what ``python -m emulator keygen FILE`` writes)."""
    body = request.get_json(silent=True) or {}
    token_uri = request.host_url.rstrip("/") + "/token"
    world = _world()
    with world.lock:
        return jsonify(world.oauth.generate_key(token_uri, body.get("clientEmail")))
