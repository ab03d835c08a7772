"""The control plane's Cloud Tasks calls, apart from Google's paths
(``/emulator/cloudtasks/...``): where App Engine tasks go, queue.yaml, dispatching
now, and the log of attempts."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ..core.errors import GoogleApiError
from .models import DEFAULT_PARENT
from .queue_yaml import QueueYamlError

cloudtasks_control = Blueprint("cloudtasks_control", __name__, url_prefix="/emulator/cloudtasks")


def _world():
    return current_app.config["WORLD"]


def _invalid(message: str):
    return jsonify({"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}), 400


@cloudtasks_control.route("/target", methods=["GET", "POST", "DELETE"])
def target():
    """``POST {"url": "http://127.0.0.1:PORT", "secret"?: "..."}``: the local App Engine
    app that App Engine tasks are delivered to, and the X-CAS-Local-Task-Secret value."""
    world = _world()
    with world.lock:
        store = world.cloudtasks
        if request.method == "GET":
            return jsonify(store.describe_target())
        body = (request.get_json(silent=True) or {}) if request.method == "POST" else {}
        try:
            return jsonify(store.set_target(body.get("url"), body.get("secret")))
        except GoogleApiError as err:
            return jsonify(err.envelope()), err.code


@cloudtasks_control.post("/queues")
def queues():
    """``{"yaml": "<queue.yaml text>", "parent"?: "projects/P/locations/L"}``: deploy a
    queue.yaml, as ``--queues FILE`` does at start."""
    body = request.get_json(silent=True) or {}
    if not isinstance(body.get("yaml"), str):
        return _invalid("yaml (the text of a queue.yaml) is required.")
    world = _world()
    with world.lock:
        try:
            names = world.cloudtasks.load_queue_yaml(body["yaml"], body.get("parent") or DEFAULT_PARENT)
        except QueueYamlError as err:
            return _invalid(str(err))
        world.save()
    return jsonify({"queues": names})


@cloudtasks_control.post("/dispatch")
def dispatch_now():
    """Deliver every task due now (within its queue's limits) and answer once each has
    had an attempt: ``{"deliveries": [...]}``, the attempts finished since the previous
    dispatch call (or reset), including those the dispatcher made by itself."""
    timeout = float((request.get_json(silent=True) or {}).get("timeoutSeconds", 30))
    return jsonify({"deliveries": _world().cloudtasks.dispatcher.settle(timeout)})


@cloudtasks_control.get("/log")
def log():
    """Every attempt since the last reset, oldest first."""
    world = _world()
    with world.lock:
        return jsonify({"deliveries": [{k: v for k, v in r.items() if k != "reported"}
                                       for r in world.cloudtasks.log]})
