"""Handlers of the forms API, by discovery method ID: thin, the store does the work."""

from __future__ import annotations

from ..core.call import Call, handles


def _forms(call: Call):
    return call.world.forms


@handles("forms.forms.create")
def create(call: Call):
    return _forms(call).forms_create(call.user, call.body or {}, call.param("unpublished"))


@handles("forms.forms.get")
def get(call: Call):
    return _forms(call).forms_get(call.user, call.param("formId"))


@handles("forms.forms.batchUpdate")
def batch_update(call: Call):
    return _forms(call).forms_batch_update(call.user, call.param("formId"), call.body or {})


@handles("forms.forms.setPublishSettings")
def set_publish_settings(call: Call):
    return _forms(call).forms_set_publish_settings(call.user, call.param("formId"), call.body or {})


@handles("forms.forms.responses.get")
def responses_get(call: Call):
    return _forms(call).forms_responses_get(call.user, call.param("formId"), call.param("responseId"))


@handles("forms.forms.responses.list")
def responses_list(call: Call):
    return _forms(call).forms_responses_list(call.user, call.param("formId"), call.param("filter"),
                                             call.param("pageSize"), call.param("pageToken"))


@handles("forms.forms.watches.create")
def watches_create(call: Call):
    return _forms(call).forms_watches_create(call.user, call.param("formId"), call.body or {})


@handles("forms.forms.watches.list")
def watches_list(call: Call):
    return _forms(call).forms_watches_list(call.user, call.param("formId"))


@handles("forms.forms.watches.delete")
def watches_delete(call: Call):
    return _forms(call).forms_watches_delete(call.user, call.param("formId"), call.param("watchId"))


@handles("forms.forms.watches.renew")
def watches_renew(call: Call):
    return _forms(call).forms_watches_renew(call.user, call.param("formId"), call.param("watchId"))
