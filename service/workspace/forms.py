"""Forms v1: create a form, keep its questions in step, publish it, read responses
(https://developers.google.com/forms/api/reference/rest/v1/forms).

A form is also a Drive file: its ``appProperties`` and its folder are Drive's
business (``Drive.update``), not this gateway's.
"""

from __future__ import annotations

from typing import Iterable

from .gateway import ApiGateway


class Forms(ApiGateway):
    api, version = "forms", "v1"

    def create(self, title: str, document_title: str | None = None) -> dict:
        """forms.create: only the title may be given; questions come by ``batch_update``.
        Forms made by the API start unpublished; ``publish`` opens them."""
        info = {"title": title}
        if document_title:
            info["documentTitle"] = document_title
        return self.call(self.service.forms().create(body={"info": info}))

    def get(self, form_id: str) -> dict:
        return self.call(self.service.forms().get(formId=form_id))

    def batch_update(self, form_id: str, requests: Iterable[dict], include_form: bool = False,
                     required_revision_id: str | None = None) -> dict:
        """forms.batchUpdate: all the requests or none. With ``required_revision_id``
        Google refuses (FailedPrecondition) if someone edited the form since."""
        body = {"requests": list(requests), "includeFormInResponse": include_form}
        if required_revision_id:
            body["writeControl"] = {"requiredRevisionId": required_revision_id}
        return self.call(self.service.forms().batchUpdate(formId=form_id, body=body))

    def publish(self, form_id: str, accepting_responses: bool = True) -> dict:
        """forms.setPublishSettings: published, and accepting responses or not."""
        state = {"isPublished": True, "isAcceptingResponses": accepting_responses}
        return self.call(self.service.forms().setPublishSettings(
            formId=form_id, body={"publishSettings": {"publishState": state},
                                  "updateMask": "publishState"}))

    def responses(self, form_id: str, submitted_after: str | None = None,
                  submitted_since: str | None = None) -> list[dict]:
        """Every response, or those submitted (or edited) after an RFC 3339 UTC
        time (``timestamp > T``, on ``lastSubmittedTime``), or since it (``>=``:
        a sync's cursor, so a response of the cursor's very instant is not missed)."""
        params = {"formId": form_id}
        if submitted_after:
            params["filter"] = f"timestamp > {submitted_after}"
        elif submitted_since:
            params["filter"] = f"timestamp >= {submitted_since}"
        return list(self.pages(self.service.forms().responses().list, "responses", **params))

    # -- watches: Pub/Sub notifications of new responses -----------------------
    # https://developers.google.com/forms/api/reference/rest/v1/forms.watches; a watch
    # belongs to the user who made it and lives seven days unless renewed.
    def watches(self, form_id: str) -> list[dict]:
        """forms.watches.list: the acting user's watches of the form."""
        return self.call(self.service.forms().watches().list(formId=form_id)).get("watches", [])

    def create_watch(self, form_id: str, topic: str, event_type: str = "RESPONSES",
                     watch_id: str | None = None) -> dict:
        """forms.watches.create: publish ``event_type`` events to the Pub/Sub ``topic``."""
        body: dict = {"watch": {"target": {"topic": {"topicName": topic}},
                                "eventType": event_type}}
        if watch_id:
            body["watchId"] = watch_id
        return self.call(self.service.forms().watches().create(formId=form_id, body=body))

    def renew_watch(self, form_id: str, watch_id: str) -> dict:
        """forms.watches.renew: seven more days from now (and ACTIVE again, once
        whatever suspended it is gone)."""
        return self.call(self.service.forms().watches().renew(formId=form_id, watchId=watch_id,
                                                              body={}))

    def delete_watch(self, form_id: str, watch_id: str) -> None:
        self.call(self.service.forms().watches().delete(formId=form_id, watchId=watch_id))
