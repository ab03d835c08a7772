"""A student answers a form in a browser, on a phone-sized screen: the form is made and
published through google-api-python-client, the student follows a prefilled link
(``entry.<decimal of the hex questionId>``, as Google's prefilled links are built),
signs in when the form collects verified emails, and the response is then read back
through forms.responses.list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from _browser import sign_in
from service.workspace import clients

OWNER = "coordinator@school.example"
STUDENT = "ana.lopez@school.example"
PHONE = {"width": 390, "height": 844}
NAME, STRAND, STORY, STARTED = "1a2b3c4d", "00000002", "00000003", "00000004"


def entry(question_id: str) -> str:
    return f"entry.{int(question_id, 16)}"


def question(question_id, title, required=False, **kind):
    return {"title": title, "questionItem": {"question": {"questionId": question_id, "required": required, **kind}}}


REFLECTION = [
    question(NAME, "Your name", True, textQuestion={}),
    question(STRAND, "Strand", True, choiceQuestion={"type": "RADIO", "options": [
        {"value": "Creativity"}, {"value": "Activity"}, {"value": "Service"}]}),
    question(STORY, "What did you learn?", True, textQuestion={"paragraph": True}),
    question(STARTED, "Start date", dateQuestion={"includeYear": True}),
]

EVERY_KIND = REFLECTION + [
    {"title": "Part two", "description": "About the experience itself.", "pageBreakItem": {}},
    question("00000005", "Learning outcomes", choiceQuestion={"type": "CHECKBOX", "options": [
        {"value": "Identify strengths"}, {"value": "Show perseverance"}, {"isOther": True}]}),
    question("00000006", "Advisor", choiceQuestion={"type": "DROP_DOWN", "options": [
        {"value": "Ms Okafor"}, {"value": "Mr Lindqvist"}]}),
    question("00000007", "How much did you enjoy it?", scaleQuestion={
        "low": 1, "high": 5, "lowLabel": "Not at all", "highLabel": "Very much"}),
    {"title": "Note", "description": "Times are local.", "textItem": {}},
    question("00000008", "Meeting", dateQuestion={"includeYear": True, "includeTime": True}),
    question("00000009", "Every year on", dateQuestion={}),
    question("0000000a", "Starts at", timeQuestion={}),
    question("0000000b", "Hours spent", timeQuestion={"duration": True}),
    question("0000000c", "Rating", ratingQuestion={"iconType": "STAR", "ratingScaleLevel": 5}),
    {"title": "Effort and impact", "questionGroupItem": {
        "grid": {"columns": {"type": "RADIO", "options": [{"value": "Low"}, {"value": "Medium"}, {"value": "High"}]}},
        "questions": [{"questionId": "0000000d", "rowQuestion": {"title": "Effort"}},
                      {"questionId": "0000000e", "rowQuestion": {"title": "Impact"}}]}},
]


@pytest.fixture
def forms(emulator):
    emulator.world.classroom.load_school({"users": [
        {"email": STUDENT, "name": {"givenName": "Ana", "familyName": "López"}},
        {"email": OWNER, "name": {"givenName": "Morgan", "familyName": "Ashdown"}}], "courses": []})
    return clients.build("forms", "v1", clients.EmulatorCredentials(OWNER), emulator.url)


@pytest.fixture
def new_form(forms):
    """``new_form(items, publish=True)``: a form collecting verified emails; its Form resource."""
    def make(items=REFLECTION, publish=True):
        form_id = forms.forms().create(body={"info": {"title": "CAS reflection"}}).execute()["formId"]
        requests = [{"updateSettings": {"settings": {"emailCollectionType": "VERIFIED"},
                                        "updateMask": "emailCollectionType"}}]
        requests += [{"createItem": {"item": item, "location": {"index": i}}} for i, item in enumerate(items)]
        forms.forms().batchUpdate(formId=form_id, body={"requests": requests}).execute()
        if publish:
            forms.forms().setPublishSettings(formId=form_id, body={"publishSettings": {
                "publishState": {"isPublished": True, "isAcceptingResponses": True}}}).execute()
        return forms.forms().get(formId=form_id).execute()
    return make


def test_a_student_signs_in_follows_a_prefilled_link_and_the_response_reaches_the_api(page, forms, new_form):
    page.set_viewport_size(PHONE)
    form = new_form()
    page.goto(form["responderUri"] + f"?usp=pp_url&{entry(NAME)}=Ana+L%C3%B3pez")
    # The form records verified emails: an anonymous visitor is asked to sign in first.
    expect(page.get_by_role("heading", name="Sign in to continue")).to_be_visible()
    page.select_option("#form-signin-as", STUDENT)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-head .who")).to_contain_text(f"Signed in as {STUDENT}")
    expect(page.locator(f"[name='{entry(NAME)}']")).to_have_value("Ana López")
    page.get_by_label("Service").check()
    page.locator(f"[name='{entry(STORY)}']").fill("I learned to plan a beach clean-up.")
    page.locator(f"[name='{entry(STARTED)}']").fill("2026-10-03")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your response has been recorded.")).to_be_visible()
    expect(page.get_by_role("link", name="Submit another response")).to_be_visible()

    [response] = forms.forms().responses().list(formId=form["formId"]).execute()["responses"]
    assert response["respondentEmail"] == STUDENT
    assert {q: [a["value"] for a in answer["textAnswers"]["answers"]] for q, answer in response["answers"].items()} == {
        NAME: ["Ana López"], STRAND: ["Service"], STORY: ["I learned to plan a beach clean-up."],
        STARTED: ["2026-10-03"]}


def test_a_missing_required_answer_is_refused_beside_it_and_the_other_answers_kept(page, forms, new_form):
    form = new_form()
    sign_in(page, STUDENT, form["responderUri"])
    page.locator(f"[name='{entry(NAME)}']").fill("Ana")
    page.get_by_label("Activity").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(f"#q-{STORY} .q-error")).to_contain_text("This is a required question")
    expect(page.locator(".q-error")).to_have_count(1)
    expect(page.locator(f"[name='{entry(NAME)}']")).to_have_value("Ana")
    expect(page.get_by_label("Activity")).to_be_checked()
    assert "responses" not in forms.forms().responses().list(formId=form["formId"]).execute()


def test_an_unpublished_form_refuses_responses(page, new_form):
    form = new_form(publish=False)
    sign_in(page, STUDENT, form["responderUri"])
    expect(page.get_by_role("heading", name="This form is not accepting responses")).to_be_visible()
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)


def test_every_question_type_fits_a_phone(page, new_form):
    """Also writes /tmp/form_every_kind.png, to look at after a layout change."""
    page.set_viewport_size(PHONE)
    form = new_form(EVERY_KIND)
    sign_in(page, STUDENT, form["responderUri"])
    expect(page.locator(".form-head .who")).to_contain_text(STUDENT)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    assert page.locator("input[type=date]").count() == 1 and page.locator("input[type=datetime-local]").count() == 1
    assert page.locator("input[type=time]").count() == 1 and page.locator("textarea").count() == 1
    assert page.locator(f"select[name='{entry('00000006')}']").count() == 1
    assert page.locator(".section-head").inner_text().startswith("Part two")
    # Tap targets: every choice is at least 44 px tall, as phone guidelines ask.
    heights = page.locator("label.choice, label.point").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert heights and min(heights) >= 44
    page.screenshot(path="/tmp/form_every_kind.png", full_page=True)


def test_only_the_people_a_form_is_published_to_may_answer_it(page, emulator, new_form):
    """Responders are Drive permissions in the published view (role reader, view
    published), as the Forms guide "Publish and manage responders" makes them."""
    form = new_form()
    drive = clients.build("drive", "v3", clients.EmulatorCredentials(OWNER), emulator.url)

    def publish_to(email):
        drive.permissions().create(fileId=form["formId"], sendNotificationEmail=False, body={
            "type": "user", "emailAddress": email, "role": "reader", "view": "published"}).execute()

    publish_to("someone.else@school.example")
    sign_in(page, STUDENT, form["responderUri"])
    expect(page.get_by_role("heading", name="You need permission")).to_be_visible()
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)
    publish_to(STUDENT)
    page.reload()
    expect(page.get_by_role("button", name="Submit")).to_be_visible()
