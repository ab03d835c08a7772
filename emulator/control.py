"""The control plane, apart from Google's paths: ``/emulator/...``.

``GET /emulator/health``, ``POST /emulator/reset``, ``GET /emulator/stats``,
``/emulator/faults``, ``/emulator/behaviour``, ``POST /emulator/service-accounts``, ``POST /emulator/school``,
``POST /emulator/pubsub/subscriptions``, ``/emulator/clock``; Cloud Tasks' calls are in
``cloudtasks/control.py``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from . import school
from .core import clock
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


@control.route("/behaviour", methods=["GET", "POST"])
def behaviour():
    """The switches for behaviour Google does not document (core/world.py
    ``BEHAVIOUR``): GET them, or POST some of them (``{"sortMovesMetadata": false}``).
    Not saved; reset restores Google's likeliest behaviour."""
    world = _world()
    if request.method == "POST":
        body = request.get_json(force=True) or {}
        unknown = [k for k in body if k not in world.behaviour]
        wrong = [k for k, v in body.items() if not isinstance(v, bool)]
        if unknown or wrong:
            return jsonify({"error": {"code": 400, "status": "INVALID_ARGUMENT", "message":
                                      f"Unknown switch(es) {unknown} or not true/false {wrong}; "
                                      f"known: {sorted(world.behaviour)}."}}), 400
        with world.lock:
            world.behaviour.update(body)
    return jsonify(world.behaviour)


@control.route("/clock", methods=["GET", "POST"])
def emulator_clock():
    """The emulator's time. ``POST {"advanceSeconds": N}`` moves it forward (a Forms watch
    expires, a Cloud Tasks backoff passes) without waiting; reset puts it back."""
    if request.method == "POST":
        seconds = (request.get_json(silent=True) or {}).get("advanceSeconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            return jsonify({"error": {"code": 400, "message": "advanceSeconds (a number, 0 or more) "
                                      "is required.", "status": "INVALID_ARGUMENT"}}), 400
        clock.advance(seconds)
        _world().cloudtasks.dispatcher.wake()
    return jsonify({"now": clock.stamp(), "offsetSeconds": clock.offset_seconds()})


@control.post("/service-accounts")
def service_account_key():
    """A new service-account key in Google's JSON format whose token_uri is this
    emulator's token endpoint (what ``python -m emulator keygen FILE`` writes)."""
    body = request.get_json(silent=True) or {}
    token_uri = request.host_url.rstrip("/") + "/token"
    world = _world()
    with world.lock:
        return jsonify(world.oauth.generate_key(token_uri, body.get("clientEmail")))


@control.post("/school")
def load_school():
    """Load a school fixture (users, courses): what ``python -m emulator --seed FILE`` does."""
    try:
        return jsonify(school.load(_world(), request.get_json(force=True)))
    except school.FixtureError as err:
        return jsonify({"error": {"code": 400, "message": str(err), "status": "INVALID_ARGUMENT"}}), 400


@control.post("/pubsub/subscriptions")
def push_subscription():
    """Give a Pub/Sub topic a push endpoint, as a push subscription does:
    ``{"topic": "projects/p/topics/t", "pushEndpoint": URL, "audience"?, "serviceAccountEmail"?}``.
    Forms watch notifications on that topic are then POSTed there with an OIDC token
    signed by the key published at /oauth2/v3/certs."""
    body = request.get_json(force=True) or {}
    if not body.get("topic") or not body.get("pushEndpoint"):
        return jsonify({"error": {"code": 400, "message": "topic and pushEndpoint are required.",
                                  "status": "INVALID_ARGUMENT"}}), 400
    world = _world()
    with world.lock:
        made = world.forms.set_push_endpoint(body["topic"], body["pushEndpoint"], body.get("audience"),
                                             body.get("serviceAccountEmail"))
        world.save()
    return jsonify(made)
