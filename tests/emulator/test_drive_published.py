"""Who may answer a form: Drive permissions in the ``published`` view, made through
google-api-python-client as Google's samples make them (``type``, ``role: reader``,
``view: published``). Such a grant opens the form's responder page, not the form:
"a permission with view=published and role=reader grants reader access to the
published view of a file, but doesn't grant reader access to the file" (ref-roles).
https://developers.google.com/workspace/forms/api/guides/publish-form
https://developers.google.com/drive/api/reference/rest/v3/permissions#Permission"""

import pytest
import requests
from googleapiclient.errors import HttpError

from emulator.forms.responses import SubmissionRefused

OWNER = "coordinator@school.example"
EDITOR = "advisor@school.example"
STUDENT = "student@school.example"
OUTSIDER = "parent@elsewhere.example"
TEXT = {"textQuestion": {}}


def responders(drive, form_id, body, **kw):
    return drive.permissions().create(fileId=form_id, sendNotificationEmail=False, fields="id,type,role,view",
                                      body={**body, "role": "reader", "view": "published"}, **kw).execute()


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


@pytest.fixture
def form(new_form):
    """A published form with one question, owned by OWNER, collecting no email."""
    form_id, [question] = new_form(TEXT, emailCollectionType="DO_NOT_COLLECT")
    return form_id, question


@pytest.fixture
def answer(emulator, form):
    """``answer(as_who)``: submit as that person (None: anonymous), as the responder page does."""
    form_id, question = form
    return lambda who: emulator.world.forms.submit_response(form_id, None, {question: "yes"}, responder=who)


def test_a_published_grant_answers_with_role_reader_and_view_published(drive, form):
    made = responders(drive, form[0], {"type": "domain", "domain": "school.example"})
    assert made == {"id": made["id"], "type": "domain", "role": "reader", "view": "published"}


def test_the_published_view_takes_only_the_reader_role(drive, form):
    for body in ({"type": "anyone", "role": "writer", "view": "published"},
                 {"type": "anyone", "role": "reader", "view": "metadata"}):
        with pytest.raises(HttpError) as caught:
            drive.permissions().create(fileId=form[0], body=body).execute()
        assert error_of(caught) == (400, "invalid")


def test_a_responder_cannot_open_the_form_in_drive_or_the_forms_api(drive, drive_as, forms_as, form):
    form_id = form[0]
    responders(drive, form_id, {"type": "user", "emailAddress": STUDENT})
    for call in (forms_as(STUDENT).forms().get(formId=form_id), drive_as(STUDENT).files().get(fileId=form_id),
                 forms_as(STUDENT).forms().batchUpdate(formId=form_id, body={"requests": []})):
        with pytest.raises(HttpError) as caught:
            call.execute()
        assert caught.value.status_code == 404
    listed = drive_as(STUDENT).files().list(q="trashed = false").execute()["files"]
    assert listed == []


def test_a_plain_reader_grant_still_opens_the_form(drive, forms_as, form):
    drive.permissions().create(fileId=form[0], sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    assert forms_as(STUDENT).forms().get(formId=form[0]).execute()["formId"] == form[0]


def test_the_responder_grant_is_listed_with_its_view_but_is_not_access_to_the_file(drive, form):
    form_id = form[0]
    made = responders(drive, form_id, {"type": "anyone"})
    listed = drive.permissions().list(fileId=form_id, includePermissionsForView="published",
                                      fields="permissions(id,type,role,view)").execute()["permissions"]
    assert {"id": made["id"], "type": "anyone", "role": "reader", "view": "published"} in listed
    # permissionIds: "users with access to this file"; the published view is not the file.
    ids = drive.files().get(fileId=form_id, fields="permissionIds").execute()["permissionIds"]
    assert made["id"] not in ids


def test_a_grant_without_a_view_replaces_a_published_one_and_is_not_narrowed_by_one(drive, form):
    form_id = form[0]
    responders(drive, form_id, {"type": "user", "emailAddress": STUDENT})
    drive.permissions().create(fileId=form_id, sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": EDITOR}).execute()
    drive.permissions().create(fileId=form_id, sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    again = responders(drive, form_id, {"type": "user", "emailAddress": EDITOR})
    assert again["role"] == "writer" and "view" not in again
    listed = drive.permissions().list(fileId=form_id, fields="permissions(emailAddress,role,view)").execute()
    assert {"emailAddress": STUDENT, "role": "reader"} in listed["permissions"]
    assert {"emailAddress": EDITOR, "role": "writer"} in listed["permissions"]


def test_a_domain_grant_lets_its_people_answer_and_no_one_else(drive, answer, form):
    responders(drive, form[0], {"type": "domain", "domain": "school.example"})
    assert answer(STUDENT)["responseId"]
    with pytest.raises(SubmissionRefused) as refused:
        answer(OUTSIDER)
    assert refused.value.reason == "noPermission"
    with pytest.raises(SubmissionRefused) as refused:
        answer(None)
    assert refused.value.reason == "signInRequired"


def test_an_anyone_grant_lets_an_anonymous_visitor_answer(drive, answer, form):
    responders(drive, form[0], {"type": "anyone"})
    assert answer(None)["responseId"] and answer(OUTSIDER)["responseId"]


def test_a_user_grant_names_one_person_and_editors_answer_too(drive, answer, form):
    form_id = form[0]
    responders(drive, form_id, {"type": "user", "emailAddress": STUDENT})
    drive.permissions().create(fileId=form_id, sendNotificationEmail=False,
                               body={"type": "user", "role": "writer", "emailAddress": EDITOR}).execute()
    assert answer(STUDENT)["responseId"] and answer(EDITOR)["responseId"] and answer(OWNER)["responseId"]
    with pytest.raises(SubmissionRefused):
        answer("other.student@school.example")


def test_removing_the_grant_closes_the_form_to_those_it_covered(drive, answer, form):
    form_id = form[0]
    responders(drive, form_id, {"type": "user", "emailAddress": STUDENT})
    grant = responders(drive, form_id, {"type": "domain", "domain": "school.example"})
    drive.permissions().delete(fileId=form_id, permissionId=grant["id"]).execute()
    with pytest.raises(SubmissionRefused):
        answer("other.student@school.example")
    assert answer(STUDENT)["responseId"]


def test_a_form_that_names_no_responders_is_open_to_anyone_with_the_link(answer):
    """The emulator's choice (README): Google does not say who may answer a form
    published with no responder permission; forms published before responders were
    named took anyone with the link."""
    assert answer(None)["responseId"] and answer(OUTSIDER)["responseId"]


# -- the responder page ------------------------------------------------------------
def page_as(email):
    session = requests.Session()
    if email:
        session.cookies.set("emulator_user", email)
    return session


def test_the_page_tells_someone_outside_they_need_permission_and_records_nothing(
        emulator, drive, forms, form, people_url):
    form_id, question = form
    responders(drive, form_id, {"type": "domain", "domain": "school.example"})
    link = people_url(forms.forms().get(formId=form_id).execute()["responderUri"])
    refused = page_as(OUTSIDER).get(link)
    assert refused.status_code == 403 and "You need permission" in refused.text
    assert "Question 1" not in refused.text     # the questions are not shown
    posted = page_as(OUTSIDER).post(link.replace("viewform", "formResponse"),
                                    data={f"entry.{int(question, 16)}": "yes"})
    assert posted.status_code == 403
    anonymous = page_as(None).get(link)
    assert anonymous.status_code == 401 and "Sign in to continue" in anonymous.text
    assert page_as(STUDENT).get(link).status_code == 200
    assert "responses" not in forms.forms().responses().list(formId=form_id).execute()
