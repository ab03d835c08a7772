"""Handlers of the gmail API, by discovery method ID: read the call, ask the store."""

from __future__ import annotations

from ..core.call import Call, handles


def _store(call: Call):
    return call.world.gmail


@handles("gmail.users.messages.send")
def messages_send(call: Call):
    # A media upload (/upload/gmail/v1/...) carries the message as message/rfc822.
    return _store(call).users_messages_send(call.user, call.param("userId"), call.body, call.media)


@handles("gmail.users.messages.list")
def messages_list(call: Call):
    return _store(call).users_messages_list(
        call.user, call.param("userId"), q=call.param("q"), label_ids=call.param("labelIds"),
        max_results=call.param("maxResults"), page_token=call.param("pageToken"))


@handles("gmail.users.messages.get")
def messages_get(call: Call):
    return _store(call).users_messages_get(call.user, call.param("userId"), call.param("id"),
                                           call.param("format", "full"),
                                           call.param("metadataHeaders"))


@handles("gmail.users.getProfile")
def get_profile(call: Call):
    return _store(call).users_get_profile(call.user, call.param("userId"))
