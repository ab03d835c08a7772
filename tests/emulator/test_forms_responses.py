"""forms.responses.list and get: who may read responses, the timestamp filter,
and paging."""

import datetime as dt

import pytest
from googleapiclient.errors import HttpError

STUDENT = "student@school.example"


@pytest.fixture
def form(new_form):
    form_id, (question_id,) = new_form({"textQuestion": {}})
    return form_id, question_id


@pytest.fixture
def submit(emulator, form):
    form_id, question_id = form
    return lambda text, **kw: emulator.world.forms.submit_response(form_id, STUDENT, {question_id: text}, **kw)


def listed(forms, form_id, **kw):
    return forms.forms().responses().list(formId=form_id, **kw).execute()


def ids(page):
    return [r["responseId"] for r in page.get("responses", [])]


def test_a_form_without_responses_lists_nothing(forms, form):
    assert listed(forms, form[0]) == {}


def test_list_returns_every_response_without_the_form_id(forms, form, submit):
    first, second = submit("a"), submit("b")
    page = listed(forms, form[0])
    assert ids(page) == [first["responseId"], second["responseId"]]
    assert all("formId" not in r for r in page["responses"])  # as the reference notes for list


def test_the_filter_greater_than_excludes_a_response_at_exactly_the_timestamp(forms, form, submit):
    first, second = submit("a"), submit("b")
    assert ids(listed(forms, form[0], filter=f"timestamp > {first['lastSubmittedTime']}")) == [second["responseId"]]
    assert ids(listed(forms, form[0], filter=f"timestamp >= {first['lastSubmittedTime']}")) == [
        first["responseId"], second["responseId"]]


def test_the_filter_takes_rfc3339_zulu_with_or_without_fractions(forms, form, submit):
    response = submit("a")
    whole_second = response["lastSubmittedTime"][:19] + "Z"
    nanos = response["lastSubmittedTime"][:23] + "000001Z"
    assert ids(listed(forms, form[0], filter=f"timestamp >= {whole_second}")) == [response["responseId"]]
    assert ids(listed(forms, form[0], filter=f"timestamp >= {nanos}")) == []


def test_the_filter_timestamp_is_the_last_submission_so_an_edited_response_shows_up_again(forms, form, submit):
    first = submit("draft")
    cursor = submit("other")["lastSubmittedTime"]
    submit("final", response_id=first["responseId"])
    assert ids(listed(forms, form[0], filter=f"timestamp > {cursor}")) == [first["responseId"]]


@pytest.mark.parametrize("bad", ["createTime > 2026-01-01T00:00:00Z", "timestamp > yesterday",
                                 "timestamp > 2026-01-01T00:00:00+02:00", "timestamp < 2026-01-01T00:00:00Z"])
def test_a_filter_other_than_timestamp_after_a_zulu_time_is_400(forms, form, bad):
    with pytest.raises(HttpError) as caught:
        listed(forms, form[0], filter=bad)
    assert caught.value.status_code == 400


def test_page_size_and_page_token_walk_every_response_once(forms, form, submit):
    made = [submit(str(i))["responseId"] for i in range(5)]
    seen, token = [], None
    while True:
        page = listed(forms, form[0], pageSize=2, **({"pageToken": token} if token else {}))
        assert len(page["responses"]) <= 2
        seen += ids(page)
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == made


def test_a_page_token_belongs_to_its_filter(forms, form, submit):
    start = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    submit("a"), submit("b")
    page = listed(forms, form[0], pageSize=1, filter=f"timestamp > {start}")
    with pytest.raises(HttpError) as caught:
        listed(forms, form[0], pageSize=1, pageToken=page["nextPageToken"])
    assert caught.value.status_code == 400


def test_a_negative_page_size_is_400(forms, form):
    with pytest.raises(HttpError) as caught:
        listed(forms, form[0], pageSize=-1)
    assert caught.value.status_code == 400


def test_get_answers_one_response_and_404_for_an_unknown_one(forms, form, submit):
    response = submit("a")
    got = forms.forms().responses().get(formId=form[0], responseId=response["responseId"]).execute()
    assert got["responseId"] == response["responseId"] and got["formId"] == form[0]
    with pytest.raises(HttpError) as caught:
        forms.forms().responses().get(formId=form[0], responseId="ACYDBNunknown").execute()
    assert caught.value.status_code == 404


def test_someone_without_access_to_the_form_gets_404(forms_as, form, submit):
    submit("a")
    with pytest.raises(HttpError) as caught:
        listed(forms_as(STUDENT), form[0])
    assert caught.value.status_code == 404


def test_reading_responses_needs_edit_access_to_the_form(forms_as, form, submit, drive):
    submit("a")
    drive.permissions().create(fileId=form[0], body={"type": "user", "role": "reader",
                                                     "emailAddress": STUDENT}).execute()
    with pytest.raises(HttpError) as caught:
        listed(forms_as(STUDENT), form[0])
    assert caught.value.status_code == 403
    drive.permissions().create(fileId=form[0], body={"type": "user", "role": "writer",
                                                     "emailAddress": "advisor@school.example"}).execute()
    assert len(listed(forms_as("advisor@school.example"), form[0])["responses"]) == 1
