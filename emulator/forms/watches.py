"""Forms watches, and publishing their notifications to Pub/Sub topics.

https://developers.google.com/forms/api/reference/rest/v1/forms.watches and the
push notifications guide (https://developers.google.com/forms/api/guides/push-notifications):

* A watch belongs to the user who created it: ``list`` shows the caller's
  watches only, and there is one per form, event type and user. A second one is
  ``400 FAILED_PRECONDITION`` "A watch for the given end user, project, form, and
  event type already exists." (observed from Google in 2026; the reference's "one
  per project" predates per-user watches).
* A watch lives seven days from its creation or last renewal; after that it is
  gone: ``renew`` and ``delete`` answer NOT_FOUND and ``list`` leaves it out.
* Watching needs edit access to the form. If the creator loses it, deliveries
  stop and the watch turns ``SUSPENDED`` with ``errorType NO_USER_ACCESS``;
  ``renew`` succeeds again once access is back.
* A notification carries no form data: attributes ``eventType``, ``formId`` and
  ``watchId``, plus Pub/Sub's ``messageId`` and ``publishTime``.

The emulator has no Pub/Sub: every well-formed topic exists, what is published to
it is recorded in ``published``, and a topic given a push endpoint
(``set_push_endpoint``, exposed by the control plane) delivers it there.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from ..core import clock
from ..core.errors import GoogleApiError, bad_request
from ..drive.models import rank
from . import pubsub
from .errors import forms_not_found

LIFETIME = dt.timedelta(days=7)
EVENT_TYPES = ("SCHEMA", "RESPONSES")
_TOPIC = re.compile(r"^projects/([^/]+)/topics/([^/]+)$")
_WATCH_ID = re.compile(r"^[a-z0-9-]{4,63}$")


class WatchesMixin:
    # -- the control plane's side ---------------------------------------
    def set_push_endpoint(self, topic_name: str, push_url: str, audience: str | None = None,
                          service_account_email: str | None = None) -> dict:
        """Give a topic a push subscription: its messages are POSTed to ``push_url``
        with an OIDC token for ``audience`` (default: the URL itself)."""
        m = _TOPIC.match(topic_name or "")
        if not m:
            raise bad_request(f"Invalid topic name {topic_name!r}: expected "
                              f"projects/<project>/topics/<topic>.")
        with self.world.lock:
            endpoint = {"topic": topic_name, "pushUrl": push_url, "audience": audience,
                        "serviceAccountEmail": service_account_email or pubsub.PUSH_SERVICE_ACCOUNT,
                        "subscription": f"projects/{m.group(1)}/subscriptions/{m.group(2)}-push"}
            self.push_endpoints[topic_name] = endpoint
            self.world.save()
            return dict(endpoint)

    # -- forms.watches.* -------------------------------------------------
    def _live_watches(self, form_id: str) -> dict:
        """The form's watches, less those that expired (they are gone, as in Google)."""
        watches = self.watches.setdefault(form_id, {})
        now = clock.now()
        for watch_id in [w for w, watch in watches.items() if clock.parse(watch["expireTime"]) <= now]:
            del watches[watch_id]
        return watches

    def _own_watch(self, user: str, form_id: str, watch_id: str) -> dict:
        watch = self._live_watches(form_id).get(watch_id)
        if watch is None or watch["owner"] != user:
            raise forms_not_found()
        return watch

    @staticmethod
    def _render_watch(watch: dict) -> dict:
        return {k: v for k, v in watch.items() if k != "owner"}

    def forms_watches_create(self, user: str, form_id: str, body: dict) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.watches/create"""
        self.get_form(user, form_id, write=True)
        watch_in = body.get("watch")
        if not isinstance(watch_in, dict):
            raise bad_request("watch is required.")
        if watch_in.get("id"):
            raise bad_request("watch.id must not be set; use watch_id.")
        event_type = watch_in.get("eventType")
        if event_type not in EVENT_TYPES:
            raise bad_request("watch.event_type must be SCHEMA or RESPONSES.")
        topic = ((watch_in.get("target") or {}).get("topic") or {}).get("topicName", "")
        if not _TOPIC.match(topic):
            raise bad_request(f"Invalid topic name {topic!r}: expected projects/<project>/topics/<topic>.")
        watches = self._live_watches(form_id)
        watch_id = body.get("watchId")
        if watch_id:
            if not _WATCH_ID.match(watch_id):
                raise bad_request("watch_id must be 4 to 63 characters of a-z, 0-9 and '-'.")
            if watch_id in watches:
                raise GoogleApiError(409, f"A watch with ID {watch_id} already exists.",
                                     "alreadyExists", status="ALREADY_EXISTS")
        if any(w["owner"] == user and w["eventType"] == event_type for w in watches.values()):
            raise GoogleApiError(400, "A watch for the given end user, project, form, and event "
                                      "type already exists.", "failedPrecondition",
                                 status="FAILED_PRECONDITION")
        now = clock.now()
        watch = {"id": watch_id or str(uuid.uuid4()), "target": {"topic": {"topicName": topic}},
                 "eventType": event_type, "createTime": clock.rfc3339(now),
                 "expireTime": clock.rfc3339(now + LIFETIME), "state": "ACTIVE", "owner": user}
        watches[watch["id"]] = watch
        return self._render_watch(watch)

    def forms_watches_list(self, user: str, form_id: str) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.watches/list"""
        self.get_form(user, form_id, write=True)
        mine = [self._render_watch(w) for w in self._live_watches(form_id).values() if w["owner"] == user]
        return {"watches": mine} if mine else {}

    def forms_watches_delete(self, user: str, form_id: str, watch_id: str) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.watches/delete"""
        self.get_form(user, form_id, write=True)
        self._own_watch(user, form_id, watch_id)
        del self.watches[form_id][watch_id]
        return {}

    def forms_watches_renew(self, user: str, form_id: str, watch_id: str) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms.watches/renew

        Seven more days from now, state ACTIVE; a suspended watch renews only once
        the cause is gone (here: the owner has edit access again)."""
        self.get_form(user, form_id, write=True)
        watch = self._own_watch(user, form_id, watch_id)
        watch["expireTime"] = clock.rfc3339(clock.now() + LIFETIME)
        watch["state"] = "ACTIVE"
        watch.pop("errorType", None)
        return self._render_watch(watch)

    # -- events ------------------------------------------------------------
    def fire_event(self, form_id: str, event_type: str) -> None:
        """Publish a notification for every live, active watch of this event type."""
        for watch in list(self._live_watches(form_id).values()):
            if watch["eventType"] != event_type or watch["state"] != "ACTIVE":
                continue
            if rank(self.world.drive.role_of(watch["owner"], form_id)) < rank("writer"):
                watch["state"], watch["errorType"] = "SUSPENDED", "NO_USER_ACCESS"
                continue
            self.publish(watch["target"]["topic"]["topicName"],
                         {"eventType": event_type, "formId": form_id, "watchId": watch["id"]})

    def publish(self, topic: str, attributes: dict) -> dict:
        message = {"topic": topic, "attributes": attributes,
                   "messageId": str(10**11 + len(self.published) + 1),
                   "publishTime": clock.stamp()}
        self.published.append(message)
        endpoint = self.push_endpoints.get(topic)
        if endpoint:
            pubsub.deliver_later(self.world.lock, endpoint, message, self.deliveries)
        return message
