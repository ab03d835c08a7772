"""The sent mail in a browser: a message the service sent is listed, opens, and its
link leads to the page it points at."""

from __future__ import annotations

import base64
from email.message import EmailMessage

from playwright.sync_api import expect

from service.workspace import clients

SENDER = "coordinator@school.example"
SUPERVISOR = "pat.supervisor@riverclub.example"


def test_a_sent_message_is_listed_opens_and_shows_its_link(page, emulator):
    link = f"{emulator.url}/drive/my-drive"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, SUPERVISOR, "Please confirm Zoë's CAS experience"
    msg.set_content(f"Dear Pat,\n\nPlease confirm here: {link}\n")
    msg.add_alternative(f'<p>Dear Pat,</p><p>Please <a href="{link}">confirm here</a>.</p>', subtype="html")
    gmail = clients.build("gmail", "v1", clients.EmulatorCredentials(SENDER), emulator.url)
    gmail.users().messages().send(userId="me", body={
        "raw": base64.urlsafe_b64encode(msg.as_bytes()).decode()}).execute()

    page.goto(f"/mail/u/0/?to={SUPERVISOR}")
    page.get_by_role("link", name="Please confirm Zoë's CAS experience").click()
    expect(page.get_by_role("heading", name="Please confirm Zoë's CAS experience")).to_be_visible()
    expect(page.locator(".headers")).to_contain_text(SUPERVISOR)
    expect(page.locator(".mail-text")).to_contain_text("Dear Pat,")
    expect(page.frame_locator("iframe.mail-html").get_by_role("link", name="confirm here")).to_be_visible()
    expect(page.locator(".links").get_by_role("link", name=link)).to_have_attribute("href", link)
