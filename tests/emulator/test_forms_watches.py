"""forms.watches: one watch per form, event type and user, seven days long,
renewed for seven more; what a watched event publishes to the watch's topic."""

import datetime as dt
import re

import pytest
from googleapiclient.errors import HttpError

from emulator.core import clock

TOPIC = "projects/cas-school/topics/forms"
ADVISOR = "advisor@school.example"


def watch_body(event_type="RESPONSES", topic=TOPIC, **body):
    return {"watch": {"target": {"topic": {"topicName": topic}}, "eventType": event_type}, **body}


def create(forms, form_id, *args, **kw):
    return forms.forms().watches().create(formId=form_id, body=watch_body(*args, **kw)).execute()


@pytest.fixture
def form_id(new_form):
    return new_form({"textQuestion": {}})[0]


def seconds_between(a, b):
    return (clock.parse(b) - clock.parse(a)).total_seconds()


def test_a_new_watch_is_active_for_seven_days(forms, form_id):
    watch = create(forms, form_id)
    assert re.fullmatch(r"[0-9a-f-]{36}", watch["id"])
    assert watch["state"] == "ACTIVE" and watch["eventType"] == "RESPONSES"
    assert watch["target"] == {"topic": {"topicName": TOPIC}}
    assert seconds_between(watch["createTime"], watch["expireTime"]) == 7 * 24 * 3600


def test_list_shows_the_callers_watches_and_delete_removes_one(forms, form_id):
    responses = create(forms, form_id, "RESPONSES")
    schema = create(forms, form_id, "SCHEMA")
    listed = forms.forms().watches().list(formId=form_id).execute()["watches"]
    assert sorted(w["id"] for w in listed) == sorted([responses["id"], schema["id"]])
    assert forms.forms().watches().delete(formId=form_id, watchId=schema["id"]).execute() == {}
    assert [w["id"] for w in forms.forms().watches().list(formId=form_id).execute()["watches"]] == [responses["id"]]


def test_a_second_watch_for_the_same_event_type_is_400_failed_precondition(forms, form_id):
    create(forms, form_id, "RESPONSES")
    with pytest.raises(HttpError) as caught:
        create(forms, form_id, "RESPONSES", topic="projects/cas-school/topics/other")
    assert caught.value.status_code == 400
    assert "already exists" in caught.value.reason


def test_watches_are_per_user_so_another_editor_may_watch_the_same_event(forms, forms_as, form_id, drive):
    drive.permissions().create(fileId=form_id, body={"type": "user", "role": "writer",
                                                     "emailAddress": ADVISOR}).execute()
    mine = create(forms, form_id)
    theirs = create(forms_as(ADVISOR), form_id)
    assert [w["id"] for w in forms.forms().watches().list(formId=form_id).execute()["watches"]] == [mine["id"]]
    with pytest.raises(HttpError) as caught:
        forms.forms().watches().delete(formId=form_id, watchId=theirs["id"]).execute()
    assert caught.value.status_code == 404


def test_a_chosen_watch_id_is_kept_and_must_be_unused(forms, form_id):
    assert create(forms, form_id, "RESPONSES", watchId="cas-responses")["id"] == "cas-responses"
    with pytest.raises(HttpError) as caught:
        create(forms, form_id, "SCHEMA", watchId="cas-responses")
    assert caught.value.status_code == 409


@pytest.mark.parametrize("watch_id", ["abc", "Upper-Case", "x" * 64, "with_underscore"])
def test_a_chosen_watch_id_must_be_4_to_63_lowercase_letters_digits_or_dashes(forms, form_id, watch_id):
    with pytest.raises(HttpError) as caught:
        create(forms, form_id, watchId=watch_id)
    assert caught.value.status_code == 400


@pytest.mark.parametrize("body", [
    watch_body(topic="forms"),
    watch_body(event_type="EVENT_TYPE_UNSPECIFIED"),
    {"watch": {"id": "mine", "target": {"topic": {"topicName": TOPIC}}, "eventType": "SCHEMA"}},
], ids=["bare-topic-name", "no-event-type", "id-in-the-watch"])
def test_a_malformed_watch_is_400(forms, form_id, body):
    with pytest.raises(HttpError) as caught:
        forms.forms().watches().create(formId=form_id, body=body).execute()
    assert caught.value.status_code == 400


def test_watching_needs_edit_access(forms_as, form_id, drive):
    drive.permissions().create(fileId=form_id, body={"type": "user", "role": "reader",
                                                     "emailAddress": ADVISOR}).execute()
    with pytest.raises(HttpError) as caught:
        create(forms_as(ADVISOR), form_id)
    assert caught.value.status_code == 403


def test_renew_resets_the_expiry_to_seven_days_from_now(forms, form_id, monkeypatch):
    watch = create(forms, form_id)
    later = clock.now() + dt.timedelta(days=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    renewed = forms.forms().watches().renew(formId=form_id, watchId=watch["id"]).execute()
    assert clock.parse(renewed["expireTime"]) == later + dt.timedelta(days=7)
    assert renewed["createTime"] == watch["createTime"]


def test_an_expired_watch_is_gone_renew_answers_not_found_and_a_new_one_may_be_made(forms, form_id, monkeypatch):
    watch = create(forms, form_id)
    later = clock.parse(watch["expireTime"]) + dt.timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert forms.forms().watches().list(formId=form_id).execute() == {}
    with pytest.raises(HttpError) as caught:
        forms.forms().watches().renew(formId=form_id, watchId=watch["id"]).execute()
    assert caught.value.status_code == 404
    assert create(forms, form_id)["state"] == "ACTIVE"


def test_a_response_publishes_a_notification_with_the_form_watch_and_event(emulator, forms, new_form):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    watch = create(forms, form_id, "RESPONSES")
    create(forms, form_id, "SCHEMA", topic="projects/cas-school/topics/schema")
    emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "x"})
    published = emulator.world.forms.published
    assert [m["attributes"] for m in published] == [
        {"eventType": "RESPONSES", "formId": form_id, "watchId": watch["id"]}]
    assert published[0]["topic"] == TOPIC and published[0]["messageId"] and published[0]["publishTime"]


def test_a_form_edit_publishes_a_schema_notification(emulator, forms, form_id):
    watch = create(forms, form_id, "SCHEMA")
    forms.forms().batchUpdate(formId=form_id, body={"requests": [
        {"updateFormInfo": {"info": {"title": "New"}, "updateMask": "title"}}]}).execute()
    assert [m["attributes"] for m in emulator.world.forms.published] == [
        {"eventType": "SCHEMA", "formId": form_id, "watchId": watch["id"]}]


def test_a_watch_whose_owner_lost_edit_access_is_suspended_and_delivers_nothing(emulator, forms, forms_as, new_form, drive):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    permission = drive.permissions().create(fileId=form_id, body={
        "type": "user", "role": "writer", "emailAddress": ADVISOR}).execute()
    watch = create(forms_as(ADVISOR), form_id)
    drive.permissions().delete(fileId=form_id, permissionId=permission["id"]).execute()
    emulator.world.forms.submit_response(form_id, "student@school.example", {question_id: "x"})
    assert emulator.world.forms.published == []
    drive.permissions().create(fileId=form_id, body={"type": "user", "role": "writer",
                                                     "emailAddress": ADVISOR}).execute()
    suspended = forms_as(ADVISOR).forms().watches().list(formId=form_id).execute()["watches"][0]
    assert suspended["state"] == "SUSPENDED" and suspended["errorType"] == "NO_USER_ACCESS"
    renewed = forms_as(ADVISOR).forms().watches().renew(formId=form_id, watchId=watch["id"]).execute()
    assert renewed["state"] == "ACTIVE" and "errorType" not in renewed
