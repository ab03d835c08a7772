"""The emails the service sends: each tells its reader what they need to act, in
plain words, and nothing a student, supervisor or advisor typed can add a header
or become markup."""

from __future__ import annotations

import base64
import datetime
import email
from email import policy

import pytest
from hypothesis import given, settings, strategies as st

from service.notify import (KINDS, BadAddress, Email, NewlyAtRisk, ProposalToDecide, render,
                            to_message, to_mime)
from service.notify.render import REQUIRED

D = datetime.date
LINK = "http://127.0.0.1:8765/forms/d/e/1FAIpQL/viewform?usp=pp_url&entry.805306369=AQo6KOtz"
SHEET = "http://127.0.0.1:8765/spreadsheets/d/sheet1/edit#gid=200"
SUPERVISION = dict(supervisor_name="Sam Coach", student_name="Ana Lima",
                   experience_title="Saturday swimming coaching", start_date=D(2026, 10, 1),
                   end_date=D(2027, 3, 1), link=LINK, expires=D(2027, 4, 30))
DECISION = dict(student_name="Ana Lima", experience_title="Saturday swimming coaching",
                advisor_name="Mr Brown")
AT_RISK = NewlyAtRisk("Cy Young", ["No reflection for 52 days",
                                   "Interview 2 is overdue: its window closed on 31 March 2027"],
                      advisor_name="Mr Brown", link=SHEET + "&range=A7")

# kind, recipient, context, what the reader must find in the body.
CASES = [
    ("supervisor_invitation", "coach@club.example", SUPERVISION,
     ["Dear Sam Coach", "Ana Lima", '"Saturday swimming coaching"',
      "from 1 October 2026 to 1 March 2027", LINK, "works until 30 April 2027",
      "how regularly", "completed the experience successfully",
      "an adult and not a member of their family", "do not forward"]),
    ("supervisor_reminder", "coach@club.example", {**SUPERVISION, "invited_on": D(2026, 10, 2)},
     ["Dear Sam Coach", "On 2 October 2026 we asked you", "Saturday swimming coaching",
      LINK, "works until 30 April 2027", "not a member of their family"]),
    ("decision", "ana@demo-school.example",
     {**DECISION, "decision": "Approved", "reflection_link": "http://r.example/reflect",
      "supervisor_name": "Sam Coach", "comment": "Lovely idea."},
     ["Hi Ana Lima", "Mr Brown has approved", "Saturday swimming coaching", "Lovely idea.",
      "http://r.example/reflect", "We have emailed your supervisor, Sam Coach"]),
    ("decision", "ana@demo-school.example",
     {**DECISION, "decision": "Changes requested", "revise_link": "http://r.example/revise",
      "comment": "Who benefits?\nHow often?"},
     ["Mr Brown would like some changes", "    Who benefits?\n    How often?",
      "http://r.example/revise", "instead of making a second proposal"]),
    ("decision", "ana@demo-school.example",
     {**DECISION, "decision": "Rejected", "comment": "This is paid work."},
     ["Mr Brown has not approved", "    This is paid work.", "does not count against you",
      "propose a different experience"]),
    ("advisor_digest", "brown@demo-school.example",
     dict(advisor_name="Mr Brown", sheet_link=SHEET,
          proposals=[ProposalToDecide("Ana Lima", "Saturday swimming coaching", SHEET + "&range=A5"),
                     {"student_name": "Bo Chen", "experience_title": "Choir",
                      "link": SHEET + "&range=A9"}],
          newly_at_risk=[AT_RISK]),
     ["Hello Mr Brown", "Proposals waiting for your decision (2)",
      "Ana Lima: Saturday swimming coaching", SHEET + "&range=A5", "Bo Chen: Choir",
      "Decision column", "Advisees newly at risk (1)", "Cy Young",
      "No reflection for 52 days", "its window closed on 31 March 2027", SHEET]),
    ("coordinator_digest", "coordinator@demo-school.example",
     dict(sheet_link=SHEET, cohort="2026-2028", needs_review=3, newly_at_risk=[AT_RISK],
          needs_review_link=SHEET + "#gid=800", counts_by_status={"On track": 41, "At risk": 5}),
     ["cohort 2026-2028", "Not started: 0", "On track: 41", "At risk: 5", "Complete: 0",
      "Incomplete: 0", "Cy Young (advisor: Mr Brown)", "No reflection for 52 days",
      "Needs review: 3 waiting", SHEET + "#gid=800", SHEET]),
    ("parent_report", "maria.lima@mail.example",
     dict(student_name="Ana Lima", term="Term 1", link="http://d.example/file/d/PDF1/view"),
     ["Dear parent or guardian", "Ana Lima's CAS report for Term 1 is ready",
      "http://d.example/file/d/PDF1/view", "Only you and the school can see it"]),
    ("interview_window", "brown@demo-school.example",
     dict(advisor_name="Mr Brown", number=2, label="2 (mid-way)", opens=D(2027, 4, 15),
          closes=D(2027, 8, 15), purpose="A mid-way check.", topics=["Progress on the project"],
          students=[{"student_name": "Ana Lima", "student_id": "S1", "link": LINK}]),
     ["Hello Mr Brown", "interview 2 (mid-way) is open from 15 April 2027 to 15 August 2027",
      "A mid-way check.", "Ana Lima (S1)", LINK, "Topics to explore", "Progress on the project",
      "group of up to four", "recording"]),
]


@pytest.mark.parametrize("kind, to, context, needed", CASES,
                         ids=[f"{c[0]}-{c[2].get('decision', '')}" for c in CASES])
def test_each_email_tells_its_reader_what_they_need(kind, to, context, needed):
    mail = render(kind, to=to, **context)
    assert mail.to == (to,) and mail.kind == kind and mail.subject
    for text in needed:
        assert text in mail.body_text, text
    assert "{{" not in mail.body_text and "{%" not in mail.body_text


def test_every_kind_has_a_case():
    assert {case[0] for case in CASES} == set(KINDS)


@pytest.mark.parametrize("decision, subject", [
    ("Approved", 'Approved: your CAS experience "Swim"'),
    ("Changes requested", 'Changes requested: your CAS proposal "Swim"'),
    ("Rejected", 'Not approved: your CAS proposal "Swim"'),
])
def test_a_decision_says_what_it_is_in_the_subject(decision, subject):
    mail = render("decision", to="ana@demo-school.example", student_name="Ana",
                  experience_title="Swim", decision=decision, advisor_name="Mr Brown",
                  reflection_link="http://r", revise_link="http://v")
    assert mail.subject == subject


@pytest.mark.parametrize("proposals, at_risk, subject", [
    (1, 0, "CAS: 1 proposal to decide"),
    (2, 1, "CAS: 2 proposals to decide, 1 advisee newly at risk"),
    (0, 2, "CAS: 2 advisees newly at risk"),
    (0, 0, "CAS: nothing new"),
])
def test_an_advisors_digest_subject_counts_what_waits(proposals, at_risk, subject):
    mail = render("advisor_digest", to="b@demo-school.example", advisor_name="Mr Brown",
                  sheet_link=SHEET, proposals=[ProposalToDecide("A", "B", SHEET)] * proposals,
                  newly_at_risk=[AT_RISK] * at_risk)
    assert mail.subject == subject


def test_a_changes_requested_email_without_its_revise_link_is_not_rendered():
    with pytest.raises(ValueError, match="revise_link"):
        render("decision", to="ana@demo-school.example", decision="Changes requested", **DECISION)
    with pytest.raises(ValueError, match="decision is one of"):
        render("decision", to="ana@demo-school.example", decision="Maybe", **DECISION)


def test_a_missing_or_misspelt_context_name_is_named():
    with pytest.raises(TypeError, match="needs expires.*does not take expiry"):
        render("supervisor_invitation", to="c@club.example",
               **{k: v for k, v in SUPERVISION.items() if k != "expires"}, expiry=D(2027, 1, 1))
    with pytest.raises(ValueError, match="No email template 'welcome'"):
        render("welcome", to="c@club.example")


# What a person typed: a title, a name, a comment, an address.

INJECTED_TITLE = "Swim\r\nBcc: x@y.example\r\n\r\n<b>Click</b>"


def parsed(mail: Email, sender: str | None = "coordinator@demo-school.example"):
    raw = base64.urlsafe_b64decode(to_mime(mail, sender))
    return email.message_from_bytes(raw, policy=policy.default)


@pytest.mark.parametrize("kind, context", [
    ("supervisor_invitation", {**SUPERVISION, "experience_title": INJECTED_TITLE}),
    ("supervisor_reminder", {**SUPERVISION, "invited_on": D(2026, 10, 2),
                             "student_name": INJECTED_TITLE}),
    ("decision", {**DECISION, "decision": "Rejected", "experience_title": INJECTED_TITLE}),
])
def test_a_line_break_in_a_persons_text_never_becomes_a_header(kind, context):
    message = parsed(render(kind, to="someone@club.example", **context))
    assert message["Bcc"] is None and message.get_all("To") == ["someone@club.example"]
    assert "Bcc: x@y.example" in message["Subject"]  # shown as the words typed, on one line
    body = message.get_content()
    assert "Swim Bcc: x@y.example <b>Click</b>" in body
    assert "\nBcc:" not in body


def test_html_in_a_name_is_shown_as_typed_and_never_markup():
    mail = render("supervisor_invitation", to="coach@club.example",
                  **{**SUPERVISION, "supervisor_name": '<a href="http://evil.example">Sam</a>'})
    message = parsed(mail)
    assert [part.get_content_type() for part in message.walk()] == ["text/plain"]
    assert 'Dear <a href="http://evil.example">Sam</a>,' in message.get_content()


def test_a_comment_keeps_its_lines_but_stays_indented_under_the_emails_own_text():
    comment = "Fine.\r\nLink: http://evil.example\n\u2028Reply-To: x@y.example"
    body = render("decision", to="ana@demo-school.example", decision="Rejected",
                  comment=comment, **DECISION).body_text
    assert "\n    Fine.\n    Link: http://evil.example\n\n    Reply-To: x@y.example\n" in body
    assert "\nLink:" not in body and "\nReply-To:" not in body


def test_bidi_overrides_and_control_characters_are_removed_from_names():
    body = render("decision", to="ana@demo-school.example", decision="Rejected",
                  **{**DECISION, "student_name": "Ana\u202eamiL\x00\x07"}).body_text
    assert "Hi AnaamiL," in body
    assert "\u202e" not in body and "\x00" not in body and "\x07" not in body


def test_a_pasted_essay_as_a_title_is_cut_in_the_subject_and_the_body():
    mail = render("decision", to="ana@demo-school.example", decision="Rejected",
                  **{**DECISION, "experience_title": "word " * 500})
    assert len(mail.subject) <= 120 and mail.subject.endswith("…")
    assert max(len(line) for line in mail.body_text.splitlines()) < 400


@pytest.mark.parametrize("to", [
    "x@y.example\r\nBcc: z@w.example", "Sam <sam@club.example>", "sam@club.example, z@w.example",
    "not an address", "", "sam@", "sam@club", "sâm@club.example",
])
def test_an_address_we_cannot_send_to_is_refused_before_sending(to):
    with pytest.raises(BadAddress):
        render("supervisor_invitation", to=to, **SUPERVISION)


def test_a_reply_to_or_sender_with_a_line_break_is_refused():
    with pytest.raises(BadAddress):
        render("supervisor_invitation", to="c@club.example", reply_to="a@b.example\nBcc: x@y",
               **SUPERVISION)
    mail = render("supervisor_invitation", to="c@club.example", **SUPERVISION)
    with pytest.raises(BadAddress):
        to_mime(mail, sender="a@b.example\r\nBcc: x@y")


# The message Gmail's users.messages.send takes: RFC 5322 in ``raw``, base64url.

def test_the_raw_message_is_base64url_of_what_the_gmail_gateway_sends():
    mail = render("supervisor_invitation", to="coach@club.example",
                  reply_to="brown@demo-school.example", **SUPERVISION)
    raw = to_mime(mail, "coordinator@demo-school.example")
    assert set(raw) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
    assert raw == base64.urlsafe_b64encode(
        to_message(mail, "coordinator@demo-school.example").as_bytes()).decode("ascii")
    message = parsed(mail)
    assert message["From"] == "coordinator@demo-school.example"
    assert message["To"] == "coach@club.example"
    assert message["Reply-To"] == "brown@demo-school.example"
    assert message["Subject"] == mail.subject
    assert message["Auto-Submitted"] == "auto-generated"  # RFC 3834: no out-of-office loops
    assert message.get_content() == mail.body_text


def test_without_a_sender_gmail_writes_the_acting_users_address():
    message = parsed(render("supervisor_invitation", to="c@club.example", **SUPERVISION), None)
    assert message["From"] is None


def test_names_in_any_script_arrive_intact():
    context = {**SUPERVISION, "student_name": "Zoë 李", "experience_title": "Chœur — été"}
    mail = render("supervisor_invitation", to="c@club.example", **context)
    message = parsed(mail)
    assert message["Subject"] == "Supervising Zoë 李's CAS experience: Chœur — été"
    assert "Zoë 李 has named you" in message.get_content()


def test_several_recipients():
    mail = render("coordinator_digest", to=["a@school.example", "b@school.example"],
                  sheet_link=SHEET, counts_by_status={}, newly_at_risk=[], needs_review=0)
    assert parsed(mail)["To"] == "a@school.example, b@school.example"
    assert "Nothing waits in Needs review." in mail.body_text


def test_required_names_are_documented_for_every_kind():
    assert set(REQUIRED) == set(KINDS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab XY:'\"=?—éœ李😀\r\n\t")), min_size=1, max_size=200))
def test_any_subject_arrives_exactly_as_rendered_and_in_short_lines(title):
    # RFC 5322 §2.1.1: lines of at most 78 characters; RFC 2047 encoded words for the rest.
    mail = render("decision", to="ana@demo-school.example", decision="Rejected",
                  **{**DECISION, "experience_title": title})
    raw = base64.urlsafe_b64decode(to_mime(mail))
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == mail.subject
    head = raw.split(b"\n\n", 1)[0]
    assert max(len(line) for line in head.split(b"\n")) <= 78
