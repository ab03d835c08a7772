"""``POST /push/forms``: a Forms watch's notification, pushed by Pub/Sub.

The push is checked first (trust.verify_push: the OIDC token's signature,
audience and service account). Its message names the form
(``message.attributes.formId``, with ``eventType`` and ``watchId``; no form
data: https://developers.google.com/forms/api/guides/push-notifications); the
form's cohort is found by the tagged Forms (one Drive listing), and that
cohort's debounced sync is enqueued (schedule/syncs.py): a task per cohort and
20-second window, due at the window's end. It answers at once; the sync runs
on the ``sync`` queue.

Pub/Sub takes 102, 200, 201, 202 and 204 as an acknowledgement and sends
anything else again (https://cloud.google.com/pubsub/docs/push#receive_push).
So a message that can never be used (not JSON, no form ID, a form no cohort
has, a SCHEMA event) is acknowledged with 200 and logged, never retried for
ever; only a failure that may pass (Drive or Cloud Tasks unavailable) is 503.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..schedule import syncs
from . import context
from .logs import error_fields, log
from .trust import verify_push

push = Blueprint("push", __name__)


def _ignored(reason: str, **fields):
    log("WARNING", f"push acknowledged and ignored: {reason}", outcome="ignored", **fields)
    return jsonify({"outcome": "ignored", "detail": reason}), 200


@push.post("/push/forms")
def forms_push():
    refused = verify_push()
    if refused:
        return refused
    envelope = request.get_json(silent=True)
    message = envelope.get("message") if isinstance(envelope, dict) else None
    attributes = message.get("attributes") if isinstance(message, dict) else None
    if not isinstance(attributes, dict):
        return _ignored("not a Pub/Sub push message")
    form_id, event = str(attributes.get("formId") or ""), str(attributes.get("eventType") or "")
    fields = {"formId": form_id, "eventType": event, "watchId": attributes.get("watchId", ""),
              "messageId": message.get("messageId", ""),
              "subscription": envelope.get("subscription", ""), "trigger": "push"}
    if not form_id:
        return _ignored("the message names no form", **fields)
    if event != "RESPONSES":
        return _ignored(f"a {event or 'blank'} event, not new responses", **fields)
    try:
        cohort = syncs.cohort_for_form(context.workspace(), form_id)
        if cohort is None:
            return _ignored(f"no cohort has the form {form_id}", apiCalls=context.calls(),
                            **fields)
        enqueued = syncs.enqueue_push_sync(context.workspace(), context.config(), cohort.name,
                                           now=context.now())
    except Exception as err:  # noqa: BLE001 - Pub/Sub sends it again
        log("ERROR", f"push for form {form_id} not handled: {err}", outcome="failed",
            apiCalls=context.calls(), **fields, **error_fields(err))
        return jsonify({"outcome": "failed", "detail": str(err)}), 503
    log("INFO", f"push for {cohort.name}: sync due at {enqueued.due:%H:%M:%S}"
        + ("" if enqueued.created else " (already enqueued)"), outcome="enqueued",
        cohort=cohort.name, task=enqueued.task, created=enqueued.created,
        apiCalls=context.calls(), **fields)
    return jsonify({"outcome": "enqueued", "cohort": cohort.name, "task": enqueued.task,
                    "created": enqueued.created, "due": enqueued.due.isoformat()}), 200
