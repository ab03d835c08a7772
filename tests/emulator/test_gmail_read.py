"""Gmail users.messages.list and get over the sender's sent mail, and users.getProfile:
newest first, the search language (q), labelIds, paging, and the four formats of get."""

import base64
from email.message import EmailMessage

import pytest
from googleapiclient.errors import HttpError

from _school import COORDINATOR, google_error

ZOE = "zoe.abernathy@demo-school.example"
SIOBHAN = "siobhan.oconnor@demo-school.example"
SUPERVISOR = "pat.supervisor@riverclub.example"


def send(gmail, to, subject, text, html=None, **headers):
    msg = EmailMessage()
    msg["To"], msg["Subject"] = to, subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    raw = base64.urlsafe_b64encode(msg.as_bytes()).decode()
    return gmail.users().messages().send(userId="me", body={"raw": raw}).execute()


@pytest.fixture
def mailbox(gmail_as):
    """The coordinator's sent mail: three messages, oldest first."""
    gmail = gmail_as()
    sent = [send(gmail, f"Zoë Abernathy <{ZOE}>", "Proposal approved", "Your beach clean-up proposal is approved."),
            send(gmail, SIOBHAN, "Changes requested", "Please describe the learning outcomes of the choir."),
            send(gmail, SUPERVISOR, "Supervisor statement for Zoë", "Zoë's supervisor, please confirm her hours.",
                 Cc=ZOE)]
    return gmail, [m["id"] for m in sent]


def ids(gmail, **params):
    return [m["id"] for m in gmail.users().messages().list(userId="me", **params).execute().get("messages", [])]


def test_list_is_newest_first_with_a_result_size_estimate(mailbox):
    gmail, sent = mailbox
    answer = gmail.users().messages().list(userId="me").execute()
    assert [m["id"] for m in answer["messages"]] == sent[::-1]
    assert answer["resultSizeEstimate"] == 3 and "nextPageToken" not in answer


@pytest.mark.parametrize("q, expected", [
    (f"to:{ZOE}", [2, 0]),            # any recipient: message 2 has Zoë in Cc
    (f"cc:{ZOE}", [2]),
    ("to:riverclub.example", [2]),
    ("to:siobhan", [1]),
    ('to:"Zoë Abernathy"', [0]),    # a display name
    (f"from:{COORDINATOR}", [2, 1, 0]),
    ("subject:approved", [0]),
    ('subject:"supervisor statement"', [2]),
    ("subject:(changes requested)", [1]),
    ("choir", [1]),
    ('"beach clean-up"', [0]),
    ("clean", [0]),
    ("cle", []),                       # whole words, not prefixes
    ("-subject:approved", [2, 1]),
    ("subject:approved OR subject:changes", [1, 0]),
    ("{choir beach}", [1, 0]),
    ("in:sent zoë", [2, 0]),
    ("in:inbox", []),
])
def test_q_searches_as_the_gmail_search_box_does(mailbox, q, expected):
    gmail, sent = mailbox
    assert ids(gmail, q=q) == [sent[i] for i in expected]


def test_label_ids_sent_keeps_the_sent_mail(mailbox):
    gmail, sent = mailbox
    assert ids(gmail, labelIds=["SENT"]) == sent[::-1]
    assert ids(gmail, labelIds=["SENT", "INBOX"]) == []


def test_an_empty_result_is_only_the_size_estimate(mailbox):
    gmail, _ = mailbox
    assert gmail.users().messages().list(userId="me", q="nothing-matches-this").execute() == {"resultSizeEstimate": 0}


def test_list_pages_with_max_results_and_page_token(mailbox):
    gmail, sent = mailbox
    messages = gmail.users().messages()
    request, pages, seen = messages.list(userId="me", maxResults=2), 0, []
    while request is not None:
        answer = request.execute()
        pages, seen = pages + 1, seen + [m["id"] for m in answer["messages"]]
        request = messages.list_next(request, answer)
    assert pages == 2 and seen == sent[::-1]


def test_each_user_lists_only_their_own_sent_mail(mailbox, gmail_as):
    assert gmail_as(ZOE).users().messages().list(userId="me").execute() == {"resultSizeEstimate": 0}


def test_get_full_has_headers_snippet_labels_and_internal_date(mailbox):
    gmail, sent = mailbox
    message = gmail.users().messages().get(userId="me", id=sent[2]).execute()
    assert message["labelIds"] == ["SENT"] and message["threadId"] == sent[2]
    assert message["snippet"] == "Zoë&#39;s supervisor, please confirm her hours."
    assert int(message["internalDate"]) > 0 and message["sizeEstimate"] > 0
    payload = message["payload"]
    assert payload["partId"] == "" and payload["mimeType"] == "text/plain"
    headers = {h["name"]: h["value"] for h in payload["headers"]}
    assert headers["Subject"] == "Supervisor statement for Zoë" and headers["Cc"] == ZOE
    assert base64.urlsafe_b64decode(payload["body"]["data"]).decode().startswith("Zoë's supervisor")


def test_get_metadata_keeps_only_the_asked_headers(mailbox):
    gmail, sent = mailbox
    message = gmail.users().messages().get(userId="me", id=sent[0], format="metadata",
                                           metadataHeaders=["Subject", "To"]).execute()
    assert message["payload"]["headers"] == [{"name": "To", "value": f"Zoë Abernathy <{ZOE}>"},
                                             {"name": "Subject", "value": "Proposal approved"}]
    assert "parts" not in message["payload"] and "body" not in message["payload"]


def test_get_minimal_has_no_payload(mailbox):
    gmail, sent = mailbox
    message = gmail.users().messages().get(userId="me", id=sent[0], format="minimal").execute()
    assert "payload" not in message and message["labelIds"] == ["SENT"]


def test_get_raw_gives_back_the_rfc_2822_message(mailbox):
    gmail, sent = mailbox
    message = gmail.users().messages().get(userId="me", id=sent[1], format="raw").execute()
    text = base64.urlsafe_b64decode(message["raw"]).decode()
    assert "Subject: Changes requested" in text and "learning outcomes" in text


def test_get_applies_fields(mailbox):
    gmail, sent = mailbox
    assert gmail.users().messages().get(userId="me", id=sent[0], fields="id,labelIds").execute() == \
        {"id": sent[0], "labelIds": ["SENT"]}


def test_an_unknown_message_is_404_and_a_malformed_id_is_400(mailbox):
    gmail, _ = mailbox
    with pytest.raises(HttpError) as unknown:
        gmail.users().messages().get(userId="me", id="0123456789abcdef").execute()
    assert unknown.value.status_code == 404
    assert google_error(unknown)["message"] == "Requested entity was not found."
    with pytest.raises(HttpError) as malformed:
        gmail.users().messages().get(userId="me", id="not-an-id").execute()
    assert malformed.value.status_code == 400 and google_error(malformed)["message"] == "Invalid id value"


def test_another_users_message_is_not_found(mailbox, gmail_as):
    _, sent = mailbox
    with pytest.raises(HttpError) as caught:
        gmail_as(ZOE).users().messages().get(userId="me", id=sent[0]).execute()
    assert caught.value.status_code == 404


def test_reading_another_users_mailbox_is_delegation_denied(mailbox, gmail_as):
    with pytest.raises(HttpError) as caught:
        gmail_as(ZOE).users().messages().list(userId=COORDINATOR).execute()
    assert caught.value.status_code == 403


def test_a_reply_with_thread_id_and_references_joins_the_thread(mailbox):
    gmail, sent = mailbox
    original = gmail.users().messages().get(userId="me", id=sent[1], format="metadata",
                                            metadataHeaders=["Message-ID"]).execute()
    message_id = original["payload"]["headers"][0]["value"]
    msg = EmailMessage()
    msg["To"], msg["Subject"] = SIOBHAN, "Re: Changes requested"
    msg["In-Reply-To"] = msg["References"] = message_id
    msg.set_content("A reminder.")
    raw = base64.urlsafe_b64encode(msg.as_bytes()).decode()
    reply = gmail.users().messages().send(userId="me", body={"raw": raw, "threadId": sent[1]}).execute()
    assert reply["threadId"] == sent[1]
    unrelated = send(gmail, SIOBHAN, "Something else", "Hello")
    assert unrelated["threadId"] == unrelated["id"]


def test_get_profile_counts_the_mailbox(mailbox):
    gmail, _ = mailbox
    profile = gmail.users().getProfile(userId="me").execute()
    assert profile["emailAddress"] == COORDINATOR
    assert profile["messagesTotal"] == 3 and profile["threadsTotal"] == 3 and profile["historyId"]
