"""Pages for people, checked without a browser: what each page shows to whom, and what a
form submission records. Requests carry the "signed in as" cookie the switch sets; the
form's state is read back as a browser would submit it (``FormFields``)."""

from __future__ import annotations

import base64
import re
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
import requests

from service.workspace import clients

OWNER = "coordinator@school.example"
ANA, BEN = "ana@school.example", "ben@school.example"
ADVISOR = "advisor@school.example"

# One question of every kind the Forms store takes; IDs chosen so prefill names are known:
# questionId "1a2b3c4d" is entry.439041101 (its decimal value), as in Google's prefilled links.
EVERY_KIND = [
    {"title": "Your name", "questionItem": {"question": {"questionId": "1a2b3c4d", "required": True, "textQuestion": {}}}},
    {"title": "What did you learn?", "description": "A few sentences.",
     "questionItem": {"question": {"questionId": "00000002", "required": True, "textQuestion": {"paragraph": True}}}},
    {"title": "About the experience", "pageBreakItem": {}},
    {"title": "Strand", "questionItem": {"question": {"questionId": "00000003", "choiceQuestion": {
        "type": "RADIO", "options": [{"value": "Creativity"}, {"value": "Activity"}, {"value": "Service"}, {"isOther": True}]}}}},
    {"title": "Learning outcomes", "questionItem": {"question": {"questionId": "00000004", "choiceQuestion": {
        "type": "CHECKBOX", "options": [{"value": "LO1"}, {"value": "LO2"}, {"value": "LO3"}]}}}},
    {"title": "Advisor", "questionItem": {"question": {"questionId": "00000005", "choiceQuestion": {
        "type": "DROP_DOWN", "options": [{"value": "Ms Okafor"}, {"value": "Mr Lindqvist"}]}}}},
    {"title": "How much did you enjoy it?", "questionItem": {"question": {"questionId": "00000006", "scaleQuestion": {
        "low": 1, "high": 5, "lowLabel": "Not at all", "highLabel": "Very much"}}}},
    {"title": "Before you go on", "description": "Dates are those of the experience.", "textItem": {}},
    {"title": "Start date", "questionItem": {"question": {"questionId": "00000007", "dateQuestion": {"includeYear": True}}}},
    {"title": "Yearly on", "questionItem": {"question": {"questionId": "00000008", "dateQuestion": {}}}},
    {"title": "Interview", "questionItem": {"question": {"questionId": "00000009", "dateQuestion": {"includeYear": True, "includeTime": True}}}},
    {"title": "Starts at", "questionItem": {"question": {"questionId": "0000000a", "timeQuestion": {}}}},
    {"title": "Hours spent", "questionItem": {"question": {"questionId": "0000000b", "timeQuestion": {"duration": True}}}},
    {"title": "Rating", "questionItem": {"question": {"questionId": "0000000c", "ratingQuestion": {"iconType": "STAR", "ratingScaleLevel": 5}}}},
    {"title": "Effort and impact", "questionGroupItem": {
        "grid": {"columns": {"type": "RADIO", "options": [{"value": "Low"}, {"value": "High"}]}},
        "questions": [{"questionId": "0000000d", "rowQuestion": {"title": "Effort"}},
                      {"questionId": "0000000e", "rowQuestion": {"title": "Impact"}}]}},
]


def entry(question_id: str) -> str:
    return f"entry.{int(question_id, 16)}"


class FormFields(HTMLParser):
    """What a browser would submit from the page's inputs (filled, checked, selected),
    and the error shown beside each question (by questionId)."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.errors: dict[str, str] = {}
        self._select = self._textarea = self._question = self._error = None
        self.feed(html)

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-question-id" in a:
            self._question = a["data-question-id"]
        if "q-error" in (a.get("class") or ""):
            self._error = ""
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "hidden", "search"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif a.get("value"):
                self._add(a["name"], a["value"])
        elif tag == "select" and a.get("name") and a["name"] != "as":  # not the "signed in as" switch
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a and a.get("value"):
            self._add(self._select, a["value"])
        elif tag == "textarea":
            self._textarea = a.get("name")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "p" and self._error is not None:
            self.errors[self._question] = self._error.replace("!", "").strip()
            self._error = None

    def handle_data(self, data):
        if self._textarea and data.strip():
            self._add(self._textarea, data)
        if self._error is not None:
            self._error += data


@pytest.fixture
def person(emulator):
    """``person(email or None)``: an HTTP session signed in as that person."""
    def make(email=None):
        session = requests.Session()
        if email:
            session.cookies.set("emulator_user", email)
        return session
    return make


@pytest.fixture
def forms_of(emulator):
    return clients.build("forms", "v1", clients.EmulatorCredentials(OWNER), emulator.url)


@pytest.fixture
def make_form(forms_of):
    """``make_form(items, publish=True, emails="VERIFIED")``: the Form resource of a new form."""
    def make(items=EVERY_KIND, publish=True, emails="VERIFIED", accepting=None):
        form_id = forms_of.forms().create(body={"info": {"title": "CAS reflection"}}).execute()["formId"]
        requests_ = [{"updateSettings": {"settings": {"emailCollectionType": emails}, "updateMask": "emailCollectionType"}},
                     {"updateFormInfo": {"info": {"description": "Tell us about it."}, "updateMask": "description"}}]
        requests_ += [{"createItem": {"item": item, "location": {"index": i}}} for i, item in enumerate(items)]
        forms_of.forms().batchUpdate(formId=form_id, body={"requests": requests_}).execute()
        if publish:
            forms_of.forms().setPublishSettings(formId=form_id, body={"publishSettings": {"publishState": {
                "isPublished": True, "isAcceptingResponses": accepting is not False}}}).execute()
        return forms_of.forms().get(formId=form_id).execute()
    return make


def responses(forms_of, form):
    return forms_of.forms().responses().list(formId=form["formId"]).execute().get("responses", [])


def answer_values(response):
    return {qid: [a["value"] for a in ans["textAnswers"]["answers"]] for qid, ans in response["answers"].items()}


# -- the responder page ------------------------------------------------------
def test_a_prefilled_link_fills_answers_by_entry_decimal_and_checkboxes_repeat(person, make_form):
    form = make_form()
    link = (form["responderUri"] + f"?usp=pp_url&{entry('1a2b3c4d')}=Ana+L%C3%B3pez&{entry('00000004')}=LO1"
            f"&{entry('00000004')}=LO3&{entry('00000003')}=Beach+clean-up&{entry('00000007')}=2026-10-03"
            f"&{entry('00000009')}=2026-11-01+13:45&{entry('00000008')}=12-24")
    page = person(ANA).get(link)
    assert page.status_code == 200
    fields = FormFields(page.text).fields
    assert fields["entry.439041101"] == ["Ana López"]
    assert fields[entry("00000004")] == ["LO1", "LO3"]
    # A value that is not an option fills in "Other", as Google's prefill does.
    assert fields[entry("00000003")] == ["__other_option__"]
    assert fields[entry("00000003") + ".other_option_response"] == ["Beach clean-up"]
    assert fields[entry("00000007")] == ["2026-10-03"]
    assert fields[entry("00000009")] == ["2026-11-01T13:45"]
    assert fields[entry("00000008") + "_month"] == ["12"] and fields[entry("00000008") + "_day"] == ["24"]
    assert f"Signed in as <strong>{ANA}</strong>" in page.text


def test_a_submission_records_every_kind_of_answer_as_the_api_reports_it(person, make_form, forms_of):
    form = make_form()
    answers = {entry("1a2b3c4d"): "Ana", entry("00000002"): "Patience.", entry("00000003"): "__other_option__",
               entry("00000003") + ".other_option_response": "Beach clean-up", entry("00000004"): ["LO1", "LO2"],
               entry("00000005"): "Ms Okafor", entry("00000006"): "4", entry("00000007"): "2026-10-03",
               entry("00000008") + "_month": "3", entry("00000008") + "_day": "9",
               entry("00000009"): "2026-11-01T13:45", entry("0000000a"): "08:30", entry("0000000b"): "12:15",
               entry("0000000c"): "5", entry("0000000d"): "High", entry("0000000e"): "Low"}
    done = person(ANA).post(form["responderUri"].replace("viewform", "formResponse"), data=answers)
    assert done.status_code == 200 and "Your response has been recorded" in done.text
    [response] = responses(forms_of, form)
    assert response["respondentEmail"] == ANA
    assert answer_values(response) == {
        "1a2b3c4d": ["Ana"], "00000002": ["Patience."], "00000003": ["Beach clean-up"], "00000004": ["LO1", "LO2"],
        "00000005": ["Ms Okafor"], "00000006": ["4"], "00000007": ["2026-10-03"], "00000008": ["03-09"],
        "00000009": ["2026-11-01 13:45"], "0000000a": ["08:30"], "0000000b": ["12:15"], "0000000c": ["5"],
        "0000000d": ["High"], "0000000e": ["Low"]}


def test_missing_required_answers_are_shown_beside_each_question_and_the_rest_kept(person, make_form, forms_of):
    form = make_form()
    page = person(ANA).post(form["responderUri"].replace("viewform", "formResponse"),
                            data={entry("00000004"): ["LO2"], entry("00000005"): "Mr Lindqvist"})
    assert page.status_code == 400
    parsed = FormFields(page.text)
    assert parsed.errors == {"1a2b3c4d": "This is a required question", "00000002": "This is a required question"}
    assert parsed.fields[entry("00000004")] == ["LO2"] and parsed.fields[entry("00000005")] == ["Mr Lindqvist"]
    assert responses(forms_of, form) == []


def test_an_answer_the_form_refuses_is_shown_beside_its_question(person, make_form, forms_of):
    form = make_form()
    page = person(ANA).post(form["responderUri"].replace("viewform", "formResponse"), data={
        entry("1a2b3c4d"): "Ana", entry("00000002"): "x", entry("00000005"): "Someone else"})
    assert page.status_code == 400
    assert FormFields(page.text).errors == {"00000005": '"Someone else" is not one of the options.'}
    assert responses(forms_of, form) == []


@pytest.mark.parametrize("publish,accepting", [(False, None), (True, False)])
def test_a_form_not_accepting_responses_says_so_and_records_nothing(person, make_form, forms_of, publish, accepting):
    form = make_form(publish=publish, accepting=accepting)
    page = person(ANA).get(form["responderUri"])
    assert "This form is not accepting responses" in page.text and not FormFields(page.text).fields
    refused = person(ANA).post(form["responderUri"].replace("viewform", "formResponse"),
                               data={entry("1a2b3c4d"): "Ana", entry("00000002"): "x"})
    assert refused.status_code == 403 and "This form is not accepting responses" in refused.text
    assert responses(forms_of, form) == []


def test_verified_emails_ask_an_anonymous_visitor_to_sign_in_first(person, make_form, forms_of):
    form = make_form()
    page = person(None).get(form["responderUri"] + f"?{entry('1a2b3c4d')}=Ana")
    assert "Sign in to continue" in page.text and 'name="entry.' not in page.text
    refused = person(None).post(form["responderUri"].replace("viewform", "formResponse"),
                                data={entry("1a2b3c4d"): "Ana", entry("00000002"): "x"})
    assert refused.status_code == 401 and "Sign in to continue" in refused.text
    assert responses(forms_of, form) == []


def test_a_form_that_collects_no_email_takes_anonymous_answers(person, make_form, forms_of):
    form = make_form(emails="DO_NOT_COLLECT")
    done = person(None).post(form["responderUri"].replace("viewform", "formResponse"),
                             data={entry("1a2b3c4d"): "Pat", entry("00000002"): "Great help."})
    assert "Your response has been recorded" in done.text
    [response] = responses(forms_of, form)
    assert "respondentEmail" not in response and answer_values(response)["1a2b3c4d"] == ["Pat"]


def test_a_form_that_asks_for_an_email_records_the_typed_one(person, make_form, forms_of):
    form = make_form(emails="RESPONDER_INPUT")
    submit = form["responderUri"].replace("viewform", "formResponse")
    missing = person(None).post(submit, data={entry("1a2b3c4d"): "Pat", entry("00000002"): "x"})
    assert missing.status_code == 400 and 'name="emailAddress"' in missing.text
    person(None).post(submit, data={"emailAddress": "pat@riverclub.example", entry("1a2b3c4d"): "Pat",
                                    entry("00000002"): "x"})
    assert [r["respondentEmail"] for r in responses(forms_of, form)] == ["pat@riverclub.example"]


def test_an_unknown_responder_link_is_not_found(person, emulator):
    assert person(ANA).get(emulator.url + "/forms/d/e/1FAIpQLSnope/viewform").status_code == 404


def test_the_forms_edit_link_shows_the_form_read_only_to_those_who_may_see_it(person, make_form, emulator):
    form = make_form()
    page = person(OWNER).get(f"{emulator.url}/forms/d/{form['formId']}/edit")
    assert page.status_code == 200 and "CAS reflection" in page.text and form["responderUri"] in page.text
    assert "entry.439041101" in page.text  # the prefill parameter of each question
    assert person(ANA).get(f"{emulator.url}/forms/d/{form['formId']}/edit").status_code == 404


# -- Drive -------------------------------------------------------------------
@pytest.fixture
def cohort(drive_as):
    """The coordinator's CAS folder: an advisor's folder (shared with the advisor) holding
    Ana's and Ben's folders (each shared with that student), and a file in Ana's."""
    drive = drive_as(OWNER)

    def folder(name, parent=None, share=None):
        made = drive.files().create(body={"name": name, "mimeType": "application/vnd.google-apps.folder",
                                          **({"parents": [parent]} if parent else {})}).execute()
        if share:
            drive.permissions().create(fileId=made["id"], sendNotificationEmail=False,
                                       body={"type": "user", "role": "writer", "emailAddress": share}).execute()
        return made["id"]
    from googleapiclient.http import MediaInMemoryUpload
    root = folder("CAS 2026")
    advisor = folder("Advisor", root, ADVISOR)
    ana, ben = folder("Ana (001)", advisor, ANA), folder("Ben (002)", advisor, BEN)
    evidence = drive.files().create(body={"name": "evidence.txt", "parents": [ana]},
                                    media_body=MediaInMemoryUpload(b"Beach clean-up, 3 hours", "text/plain")).execute()
    return {"root": root, "advisor": advisor, "ana": ana, "ben": ben, "evidence": evidence["id"]}


def test_a_folder_lists_what_the_person_may_see_and_is_not_found_for_others(person, emulator, cohort):
    page = person(ANA).get(f"{emulator.url}/drive/folders/{cohort['ana']}")
    assert page.status_code == 200 and "evidence.txt" in page.text
    assert f'href="{emulator.url}/file/d/{cohort["evidence"]}/view"' in page.text
    # Ana cannot see the folders above hers: the breadcrumbs start at "Shared with me".
    assert "Advisor" not in page.text and "Shared with me" in page.text
    assert person(ANA).get(f"{emulator.url}/drive/folders/{cohort['ben']}").status_code == 404
    advisor_view = person(ADVISOR).get(f"{emulator.url}/drive/folders/{cohort['advisor']}")
    assert "Ana (001)" in advisor_view.text and "Ben (002)" in advisor_view.text
    assert person(None).get(f"{emulator.url}/drive/folders/{cohort['ana']}").status_code == 401


def test_my_drive_and_shared_with_me(person, emulator, cohort):
    assert "CAS 2026" in person(OWNER).get(f"{emulator.url}/drive/my-drive").text
    shared = person(ANA).get(f"{emulator.url}/drive/shared-with-me").text
    assert "Ana (001)" in shared and "Ben (002)" not in shared


def test_a_file_page_offers_its_content_to_download_only_to_those_who_may_read_it(person, emulator, cohort):
    page = person(ANA).get(f"{emulator.url}/file/d/{cohort['evidence']}/view")
    assert "evidence.txt" in page.text and "text/plain" in page.text
    download = f"{emulator.url}/uc?id={cohort['evidence']}&export=download"
    assert f'href="{download}"'.replace("&", "&amp;") in page.text
    got = person(ANA).get(download)
    assert got.content == b"Beach clean-up, 3 hours" and got.headers["Content-Disposition"].startswith("attachment")
    assert person(BEN).get(download).status_code == 404
    assert person(BEN).get(f"{emulator.url}/file/d/{cohort['evidence']}/view").status_code == 404


# -- the sent mail -------------------------------------------------------------
def send_mail(emulator, sender, to, subject, text, html_body=None):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg.set_content(text)
    if html_body:
        msg.add_alternative(html_body, subtype="html")
    gmail = clients.build("gmail", "v1", clients.EmulatorCredentials(sender), emulator.url)
    raw = base64.urlsafe_b64encode(msg.as_bytes()).decode()
    return gmail.users().messages().send(userId="me", body={"raw": raw}).execute()["id"]


def test_the_outbox_lists_everyones_sent_mail_newest_first_and_filters(person, emulator):
    send_mail(emulator, OWNER, ANA, "Experience approved", "Well done.")
    send_mail(emulator, ADVISOR, BEN, "Interview on Monday", "See you.")
    page = person(None).get(f"{emulator.url}/mail/u/0/").text
    assert page.index("Interview on Monday") < page.index("Experience approved")
    to_ana = person(None).get(f"{emulator.url}/mail/u/0/", params={"to": ANA}).text
    assert "Experience approved" in to_ana and "Interview on Monday" not in to_ana
    from_advisor = person(None).get(f"{emulator.url}/mail/u/0/", params={"from": "ADVISOR@"}).text
    assert "Interview on Monday" in from_advisor and "Experience approved" not in from_advisor


def test_a_message_shows_its_html_in_a_sandbox_without_scripts_and_lists_its_links(person, emulator):
    link = "https://docs.google.com/forms/d/e/1FAIpQLSabc/viewform?entry.1=x"
    message_id = send_mail(emulator, OWNER, "pat@riverclub.example", "Please confirm", f"Open {link}",
                           f'<p>Open <a href="{link}">the form</a></p><script>alert(1)</script>')
    page = person(None).get(f"{emulator.url}/mail/u/0/{message_id}").text
    [frame] = re.findall(r"<iframe[^>]*>", page)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame and "allow-scripts" not in frame
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in frame and "<script>" not in page
    assert f'href="{link}"'.replace("&", "&amp;") in page  # listed as sent...
    assert f'href="{emulator.url}/forms/d/e/1FAIpQLSabc/viewform' in page  # ...and on the emulator's own page
    assert person(None).get(f"{emulator.url}/mail/u/0/0123456789abcdef").status_code == 404


# -- Classroom -----------------------------------------------------------------
SCHOOL = {"users": [{"email": e, "name": {"givenName": e.split("@")[0].capitalize(), "familyName": "Test"}}
                    for e in (OWNER, ADVISOR, ANA, BEN)],
          "courses": [{"name": "CAS 2026", "section": "Class of 2028", "owner": OWNER, "teachers": [ADVISOR],
                       "students": [ANA, BEN],
                       "announcements": [{"text": "Welcome to CAS", "creator": OWNER},
                                         {"text": "Ana, book your interview", "creator": ADVISOR, "students": [ANA]}]}]}


@pytest.fixture
def course(emulator):
    emulator.world.classroom.load_school(SCHOOL)
    [course] = emulator.world.classroom.courses.values()
    return course


def test_the_classes_page_lists_the_persons_courses(person, emulator, course):
    page = person(BEN).get(f"{emulator.url}/h").text
    assert "CAS 2026" in page and f'href="{emulator.url}{course["alternateLink"][len("https://classroom.google.com"):]}"' in page
    assert "CAS 2026" not in person("stranger@school.example").get(f"{emulator.url}/h").text


def test_a_stream_shows_a_student_only_what_is_addressed_to_them(person, emulator, course):
    link = emulator.url + course["alternateLink"][len("https://classroom.google.com"):]
    ben = person(BEN).get(link).text
    assert "Welcome to CAS" in ben and "book your interview" not in ben
    teacher = person(ADVISOR).get(link).text
    assert "book your interview" in teacher and "to 1 student" in teacher and "Ana Test" in teacher
    assert person("stranger@school.example").get(link).status_code == 403


def test_an_announcement_link_opens_for_its_audience_only(person, emulator, course):
    from emulator.classroom.ids import link_part
    [post] = [a for a in emulator.world.classroom.announcements[course["id"]].values() if "interview" in a["text"]]
    link = f"{emulator.url}/c/{link_part(course['id'])}/p/{link_part(post['id'])}"
    assert "Ana, book your interview" in person(ANA).get(link).text
    assert person(BEN).get(link).status_code == 403
