"""Gmail users.messages.send: a message built with Python's email package, sent as
base64url ``raw`` or uploaded as message/rfc822, is kept in the sender's sent mail
with what a reader needs (recipients, subject, bodies, links) for ``outbox()``."""

import base64
from email.message import EmailMessage

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from _school import COORDINATOR, google_error

SUPERVISOR = "pat.supervisor@riverclub.example"
LINK = "https://forms.example/d/e/abc/viewform?entry.123=Zo%C3%AB&token=xyz"


def invitation(to=SUPERVISOR, subject="Please confirm Zoë's CAS experience", sender=COORDINATOR) -> EmailMessage:
    msg = EmailMessage()
    msg["To"] = f"Pat Supervisor <{to}>"
    msg["From"] = f"CAS Coordinator <{sender}>"
    msg["Subject"] = subject
    msg.set_content(f"Dear Pat,\n\nPlease fill in the supervisor statement: {LINK}\n\nThank you.")
    msg.add_alternative(f'<p>Dear Pat,</p><p>Please fill in the <a href="{LINK.replace("&", "&amp;")}">'
                        f"supervisor statement</a>.</p><p>Thank you.</p>", subtype="html")
    return msg


def raw(msg: EmailMessage) -> str:
    return base64.urlsafe_b64encode(msg.as_bytes()).decode()


def send(gmail, msg, **body):
    return gmail.users().messages().send(userId="me", body={"raw": raw(msg), **body}).execute()


def test_send_answers_the_id_thread_and_sent_label(gmail_as):
    sent = send(gmail_as(), invitation())
    assert sent["labelIds"] == ["SENT"] and sent["threadId"] == sent["id"]
    assert len(sent["id"]) == 16 and int(sent["id"], 16)


def test_the_outbox_keeps_recipient_subject_bodies_and_links(emulator, gmail_as):
    send(gmail_as(), invitation())
    [mail] = emulator.world.gmail.outbox()
    assert mail["sender"] == COORDINATOR and mail["recipients"] == [SUPERVISOR]
    assert mail["to"] == f"Pat Supervisor <{SUPERVISOR}>"
    assert mail["subject"] == "Please confirm Zoë's CAS experience"
    assert LINK in mail["text"] and "<a href=" in mail["html"]
    assert mail["links"] == [LINK]
    assert mail["sentAt"].endswith("Z")


def test_the_outbox_filters_by_sender_oldest_first(emulator, gmail_as):
    other = "amara.okafor@demo-school.example"
    send(gmail_as(), invitation(subject="First"))
    send(gmail_as(other), invitation(subject="From an advisor", sender=other))
    send(gmail_as(), invitation(subject="Second"))
    assert [m["subject"] for m in emulator.world.gmail.outbox(COORDINATOR)] == ["First", "Second"]
    assert [m["subject"] for m in emulator.world.gmail.outbox()] == ["First", "From an advisor", "Second"]


def test_the_message_reads_back_through_list_and_get(gmail_as):
    gmail = gmail_as()
    sent = send(gmail, invitation())
    listed = gmail.users().messages().list(userId="me").execute()
    assert listed["messages"] == [{"id": sent["id"], "threadId": sent["threadId"]}]
    full = gmail.users().messages().get(userId="me", id=sent["id"]).execute()
    headers = {h["name"]: h["value"] for h in full["payload"]["headers"]}
    assert headers["Subject"] == "Please confirm Zoë's CAS experience"
    assert full["payload"]["mimeType"] == "multipart/alternative"
    text, html = full["payload"]["parts"]
    assert (text["partId"], text["mimeType"], html["partId"], html["mimeType"]) == \
        ("0", "text/plain", "1", "text/html")
    assert LINK in base64.urlsafe_b64decode(text["body"]["data"]).decode()


def test_a_media_upload_of_message_rfc822_is_sent_too(emulator, gmail_as):
    upload = MediaInMemoryUpload(invitation(subject="Uploaded").as_bytes(), mimetype="message/rfc822")
    sent = gmail_as().users().messages().send(userId="me", body={}, media_body=upload).execute()
    assert sent["labelIds"] == ["SENT"]
    assert emulator.world.gmail.outbox()[0]["subject"] == "Uploaded"


def test_the_senders_own_address_works_as_user_id(gmail_as):
    sent = gmail_as().users().messages().send(userId=COORDINATOR, body={"raw": raw(invitation())}).execute()
    assert sent["id"]


def test_sending_as_someone_else_is_delegation_denied(gmail_as):
    with pytest.raises(HttpError) as caught:
        gmail_as().users().messages().send(userId="principal@demo-school.example",
                                           body={"raw": raw(invitation())}).execute()
    assert caught.value.status_code == 403
    assert google_error(caught)["message"] == f"Delegation denied for {COORDINATOR}"


def test_a_send_without_raw_or_upload_is_refused(gmail_as):
    with pytest.raises(HttpError) as caught:
        gmail_as().users().messages().send(userId="me", body={}).execute()
    assert caught.value.status_code == 400
    assert "'raw' RFC822 payload message string" in google_error(caught)["message"]


def test_a_message_without_recipients_is_refused(gmail_as):
    msg = invitation()
    del msg["To"]
    with pytest.raises(HttpError) as caught:
        send(gmail_as(), msg)
    assert caught.value.status_code == 400
    assert google_error(caught)["message"] == "Recipient address required"


def test_a_malformed_recipient_is_refused(gmail_as):
    msg = invitation()
    msg.replace_header("To", "not an address")
    with pytest.raises(HttpError) as caught:
        send(gmail_as(), msg)
    assert google_error(caught)["message"] == "Invalid To header"


def test_cc_and_bcc_are_recipients_too(emulator, gmail_as):
    msg = invitation()
    msg["Cc"] = "mei.tanaka@demo-school.example"
    msg["Bcc"] = "Morgan <coordinator@demo-school.example>"
    sent = send(gmail_as(), msg)
    assert emulator.world.gmail.outbox()[0]["recipients"] == [
        SUPERVISOR, "mei.tanaka@demo-school.example", COORDINATOR]
    assert sent["labelIds"] == ["UNREAD", "SENT", "INBOX"]  # a copy to oneself lands in the inbox


def test_gmail_writes_from_as_the_sender_and_adds_date_and_message_id(gmail_as):
    gmail = gmail_as()
    msg = invitation(sender="someone.else@demo-school.example")
    sent = send(gmail, msg)
    meta = gmail.users().messages().get(userId="me", id=sent["id"], format="metadata").execute()
    headers = {h["name"]: h["value"] for h in meta["payload"]["headers"]}
    assert headers["From"] == f"CAS Coordinator <{COORDINATOR}>"
    assert headers["Date"] and headers["Message-ID"].startswith("<")


def test_standard_base64_and_missing_padding_are_accepted(gmail_as):
    encoded = base64.b64encode(invitation().as_bytes()).decode().rstrip("=")
    assert gmail_as().users().messages().send(userId="me", body={"raw": encoded}).execute()["id"]


def test_a_plain_text_only_mail_keeps_its_links(emulator, gmail_as):
    msg = EmailMessage()
    msg["To"], msg["Subject"] = "zoe.abernathy@demo-school.example", "Your proposal was approved"
    msg.set_content("Well done! See https://docs.google.com/spreadsheets/d/abc/edit.")
    send(gmail_as(), msg)
    mail = emulator.world.gmail.outbox()[0]
    assert mail["html"] == "" and mail["links"] == ["https://docs.google.com/spreadsheets/d/abc/edit"]


def test_gmail_keeps_the_message_id_it_is_given_and_finds_it_by_rfc822msgid_unless_told_not_to(
        gmail_as, emulator):
    """Undocumented: whether Gmail keeps a Message-ID set by the sender. The emulator
    keeps it by default; its gmailKeepsMessageId switch makes Gmail write its own."""
    import base64
    import requests
    from email.message import EmailMessage
    gmail = gmail_as("coordinator@demo-school.example")

    def send(message_id):
        mail = EmailMessage()
        mail["To"], mail["Subject"], mail["Message-ID"] = "a@club.example", "Hi", message_id
        mail.set_content("Hello")
        raw = base64.urlsafe_b64encode(mail.as_bytes()).decode()
        return gmail.users().messages().send(userId="me", body={"raw": raw}).execute()

    kept = send("<one.event@school.example>")
    found = gmail.users().messages().list(
        userId="me", q="rfc822msgid:<one.event@school.example>").execute()
    assert [m["id"] for m in found["messages"]] == [kept["id"]]
    requests.post(f"{emulator.url}/emulator/behaviour", json={"gmailKeepsMessageId": False})
    send("<two.event@school.example>")
    found = gmail.users().messages().list(
        userId="me", q="rfc822msgid:<two.event@school.example>").execute()
    assert found.get("messages", []) == []
