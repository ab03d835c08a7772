"""Gmail v1: sending mail as the acting user (supervisor invitations, decisions,
digests): https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send.

The service sends (``gmail.send``) and, before sending again a notice an earlier
sync may have sent just before it stopped, searches the sent mail for it
(``gmail.readonly``; https://developers.google.com/gmail/api/reference/rest/v1/users.messages/list).
"""

from __future__ import annotations

import base64
from email.message import EmailMessage

from .gateway import ApiGateway


def message(to: str | list[str], subject: str, text: str, html: str | None = None,
            sender: str | None = None, reply_to: str | None = None) -> EmailMessage:
    """A plain-text mail, with an HTML alternative when given. ``From`` may be left
    out: Gmail writes the sender's own address."""
    mail = EmailMessage()
    mail["To"] = to if isinstance(to, str) else ", ".join(to)
    mail["Subject"] = subject
    if sender:
        mail["From"] = sender
    if reply_to:
        mail["Reply-To"] = reply_to
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    return mail


class Gmail(ApiGateway):
    api, version = "gmail", "v1"

    def send(self, mail: EmailMessage) -> dict:
        """users.messages.send as the acting user; ``{id, threadId, labelIds}``."""
        raw = base64.urlsafe_b64encode(mail.as_bytes()).decode("ascii")
        return self.call(self.service.users().messages().send(userId="me", body={"raw": raw}))

    def find(self, query: str) -> list[dict]:
        """users.messages.list as the acting user: ``{id, threadId}`` of the messages
        matching Gmail's search ``query`` (the first page is enough here)."""
        answer = self.call(self.service.users().messages().list(userId="me", q=query,
                                                                maxResults=10))
        return answer.get("messages", [])
