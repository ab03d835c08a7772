"""The Forms store: each form's content, revision, publish state and responses,
its watches, and the Pub/Sub push endpoints the watches' topics deliver to.

A form is a Drive file (``application/vnd.google-apps.form``) owned by its creator:
Drive answers for listing, sharing, appProperties and the document title (the
file's name); this store keeps what the Forms API adds. Access follows Drive
roles: reading a form needs any role on its file, changing it or reading its
responses needs ``writer`` or better; a form the caller cannot see is 404, one
they can see but not change is 403, as Google answers.

Shapes follow the REST resources: Form, Item, FormResponse, Watch
(https://developers.google.com/forms/api/reference/rest).
"""

from __future__ import annotations

import copy

from ..core.errors import GoogleApiError, bad_request
from ..drive.models import FORM, rank
from . import pubsub
from .errors import forms_forbidden, forms_not_found
from .items import prune, url_token
from .requests import apply_batch
from .responses import ResponsesMixin
from .watches import WatchesMixin

RESPONDER_HOST = "https://docs.google.com"


def responder_uri(form: dict) -> str:
    """The link responders open; the emulator's responder pages serve the same path."""
    return f"{RESPONDER_HOST}/forms/d/e/{form['responderId']}/viewform"


class FormsStore(ResponsesMixin, WatchesMixin):
    def __init__(self, world):
        self.world = world
        self.deliveries = pubsub.DeliveryLog()
        self.reset()

    # -- state -------------------------------------------------------------
    def reset(self) -> None:
        self.forms: dict[str, dict] = {}          # form ID -> form state (see forms_create)
        self.watches: dict[str, dict] = {}        # form ID -> {watch ID -> watch state}
        self.push_endpoints: dict[str, dict] = {} # topic name -> push subscription
        self.published: list[dict] = []           # every message published to a topic
        self.deliveries.clear()

    def snapshot(self) -> dict:
        return {"forms": self.forms, "watches": self.watches,
                "push_endpoints": self.push_endpoints, "published": self.published,
                "push_key": pubsub.private_pem()}

    def load(self, state: dict) -> None:
        self.reset()
        self.forms = state["forms"]
        self.watches = state["watches"]
        self.push_endpoints = state["push_endpoints"]
        self.published = state["published"]
        pubsub.use_private_pem(state["push_key"])

    # -- access ------------------------------------------------------------
    def get_form(self, user: str, form_id: str, write: bool = False) -> dict:
        """The form's state if the user may read it (or change it)."""
        drive = self.world.drive
        role = drive.document_role(user, form_id, FORM)
        if role is None:
            raise forms_not_found()
        f = drive.files[form_id]
        if write and rank(role) < rank("writer"):
            raise forms_forbidden()
        if form_id not in self.forms:  # created through Drive: an empty form on first use
            self.blank(form_id, drive.owner_of(form_id) or user, f["name"])
        return self.forms[form_id]

    def form_by_responder_id(self, responder_id: str) -> dict | None:
        """The form whose responder link carries this ID (for the responder pages)."""
        for form in self.forms.values():
            if form["responderId"] == responder_id:
                return form
        return None

    # -- forms.create ----------------------------------------------------
    def forms_create(self, user: str, body: dict, unpublished: bool | None = None) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms/create

        Only ``info.title`` and ``info.documentTitle`` are copied; "all other fields
        including the form description, items and settings are disallowed".
        Forms created through the API after 30 June 2026 start unpublished; an
        explicit ``unpublished=false`` still asks for a published form."""
        info = body.get("info") or {}
        extra = [k for k in ("items", "settings") if body.get(k)]
        extra += [f"info.{k}" for k in info if k not in ("title", "documentTitle") and info[k]]
        if extra:
            raise bad_request(f"Only info.title and info.document_title may be set when "
                              f"creating a form; add {', '.join(extra)} with forms.batchUpdate.")
        title = info.get("title", "")
        document_title = info.get("documentTitle") or title or "Untitled form"
        form_id = self.world.drive.create_file(user, {"name": document_title, "mimeType": FORM})["id"]
        form = self.blank(form_id, user, title, published=unpublished is False)
        return self.render(form)

    def blank(self, form_id: str, owner: str, title: str, published: bool = False) -> dict:
        """A new form's state: no items, a stable responder ID, revision 1."""
        consumer = owner.rpartition("@")[2] in ("gmail.com", "googlemail.com")
        form = self.forms[form_id] = {
            "formId": form_id,
            "info": {"title": title},
            "settings": {"emailCollectionType": "DO_NOT_COLLECT" if consumer else "VERIFIED"},
            "items": [],
            "revision": 1,
            "revisions": ["00000001"],
            "responderId": "1FAIpQLS" + url_token(48),
            "publishState": {"isPublished": published, "isAcceptingResponses": published},
            "responses": {},
        }
        return form

    # -- forms.get and forms.batchUpdate ----------------------------------
    def forms_get(self, user: str, form_id: str) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms/get"""
        return self.render(self.get_form(user, form_id))

    def forms_batch_update(self, user: str, form_id: str, body: dict) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms/batchUpdate"""
        form = self.get_form(user, form_id, write=True)
        control = body.get("writeControl") or {}
        if control.get("requiredRevisionId") and control.get("targetRevisionId"):
            raise bad_request("Only one of write_control.required_revision_id and "
                              "write_control.target_revision_id may be set.")
        required, target = control.get("requiredRevisionId"), control.get("targetRevisionId")
        # "If this is not the latest revision of the form, the request is not processed
        # and returns a 400 bad request error." (WriteControl.requiredRevisionId)
        if required and required != self.revision_id(form):
            raise GoogleApiError(400, f'The required revision ID "{required}" does not match '
                                      f"the form's latest revision.", "failedPrecondition",
                                 status="FAILED_PRECONDITION")
        # A target revision must be one the form had recently; the emulator then simply
        # applies the requests on top of the latest revision.
        if target and target not in form["revisions"]:
            raise bad_request(f'The target revision ID "{target}" is unknown or too old; '
                              f"read the form again and retry.")
        draft, replies = apply_batch(form, body.get("requests") or [])
        form["info"], form["settings"], form["items"] = draft.info, draft.settings, draft.items
        self.bump_revision(form, user)
        self.fire_event(form_id, "SCHEMA")
        answer = {"replies": replies,
                  "writeControl": {"targetRevisionId" if target else "requiredRevisionId":
                                   self.revision_id(form)}}
        if body.get("includeFormInResponse"):
            answer["form"] = self.render(form)
        return answer

    # -- rendering ---------------------------------------------------------
    @staticmethod
    def revision_id(form: dict) -> str:
        return f"{form['revision']:08d}"

    def render(self, form: dict) -> dict:
        """The Form resource as forms.get answers it."""
        info = {**form["info"], "documentTitle": self.world.drive.files[form["formId"]]["name"]}
        out = {"formId": form["formId"], "info": info,
               "settings": copy.deepcopy(form["settings"]),
               "revisionId": self.revision_id(form),
               "responderUri": responder_uri(form),
               "publishSettings": {"publishState": dict(form["publishState"])}}
        if form["items"]:
            out["items"] = copy.deepcopy(form["items"])
        return prune(out)

    # -- changes -----------------------------------------------------------
    def bump_revision(self, form: dict, user: str) -> None:
        """A content change: a new revision ID (Google keeps recent ones valid as targets)."""
        form["revision"] += 1
        form["revisions"] = (form["revisions"] + [self.revision_id(form)])[-50:]
        self.world.drive.touch(form["formId"], user)

    def forms_set_publish_settings(self, user: str, form_id: str, body: dict) -> dict:
        """https://developers.google.com/forms/api/reference/rest/v1/forms/setPublishSettings

        Publishing is form metadata, not content: the revision ID does not change."""
        form = self.get_form(user, form_id, write=True)
        settings = body.get("publishSettings")
        if settings is None:
            raise bad_request("publish_settings is required.")
        mask = [p.strip() for p in (body.get("updateMask") or "*").split(",") if p.strip()]
        for path in mask:
            if path not in ("*", "publishState", "publish_state"):
                raise bad_request(f"Invalid update mask path: {path}. Allowed: publish_state, *.")
        state = settings.get("publishState")
        if state is None or "isPublished" not in state or "isAcceptingResponses" not in state:
            raise bad_request("When updating publish_state, both is_published and "
                              "is_accepting_responses must be set.")
        if state["isAcceptingResponses"] and not state["isPublished"]:
            raise bad_request("A form cannot accept responses while it is unpublished "
                              "(is_accepting_responses=true with is_published=false).")
        form["publishState"] = {"isPublished": bool(state["isPublished"]),
                                "isAcceptingResponses": bool(state["isAcceptingResponses"])}
        return prune({"formId": form_id, "publishSettings": {"publishState": dict(form["publishState"])}})
