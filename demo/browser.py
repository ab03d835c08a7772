"""A person at a web browser on the emulator's pages, over plain HTTP: what the
demo's students, advisors and supervisors do with the links they are given.

* ``Browser(url, email)`` signs in with the pages' own "signed in as" switch
  (``/emulator/signin``: a cookie, as a browser keeps it); ``Browser(url)`` is an
  anonymous visitor (a supervisor with no school account).
* ``submit(link, answers)`` sends a form's responder page what a browser sends
  when the person presses Submit on the page ``link`` opens: the answers the link
  prefilled (``entry.<decimal>=...``) plus the person's own, POSTed to the page's
  ``formResponse``, as Google's responder page names it. Answers are given by the
  form template's question keys (forms/*.json) and named ``entry.<decimal>``.
* ``mail_to(address)`` and ``open_mail(id)`` read the emulator's sent-mail page
  (``/mail/u/0/``), which stands in for the recipients' own mailboxes (the emulator
  delivers nothing): how a student or a supervisor opens the emails the service
  sent them and follows their links.

Only HTTP crosses to the emulator: the demo never imports the emulator package.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

TIMEOUT = 30


class PageRefused(RuntimeError):
    """A page answered something other than what a person expects (the message says what)."""


@dataclasses.dataclass
class Mail:
    """One sent message as the mail page shows it."""
    message_id: str
    subject: str
    text: str = ""
    links: list[str] = dataclasses.field(default_factory=list)

    def form_link(self) -> str:
        """The message's link to a form page (a prefilled viewform link), or ""."""
        return next((link for link in self.links if "/viewform" in link), "")


class Browser:
    def __init__(self, emulator_url: str, email: str | None = None):
        self.emulator_url = emulator_url.rstrip("/")
        self.email = email
        self.session = requests.Session()
        if email:
            # The switch at the top of every page: it sets the cookie and redirects.
            answer = self.session.get(f"{self.emulator_url}/emulator/signin",
                                      params={"as": email, "next": "/"},
                                      allow_redirects=False, timeout=TIMEOUT)
            if answer.status_code not in (302, 303) or not self.session.cookies:
                raise PageRefused(f"Signing in as {email} failed ({answer.status_code}).")

    def close(self) -> None:
        self.session.close()

    # -- forms -------------------------------------------------------------------
    def submit(self, link: str, form, answers: dict) -> None:
        """Submit the form page ``link`` opens (``form``: its template, for the
        questions' entry names), with ``answers`` by question key: a string, a
        list (checkboxes), or a date. Raises PageRefused with the page's errors."""
        parts = urlsplit(self.local(link))
        if not parts.path.endswith("/viewform"):
            raise PageRefused(f"Not a form page: {link}")
        fields = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                  if k.startswith("entry.")]
        typed = {form.question(key).entry: value for key, value in answers.items()}
        fields = [(k, v) for k, v in fields if k not in typed]   # typed over prefilled
        for entry, value in typed.items():
            for one in value if isinstance(value, (list, tuple)) else [value]:
                fields.append((entry, one.isoformat() if isinstance(one, datetime.date)
                               else str(one)))
        action = urlunsplit((parts.scheme, parts.netloc,
                             parts.path[:-len("/viewform")] + "/formResponse", "", ""))
        answer = self.session.post(action, data=fields, timeout=TIMEOUT)
        if answer.status_code != 200 or "Your response has been recorded." not in answer.text:
            errors = [html.unescape(e) for e in re.findall(
                r'class="(?:q-error|card error-banner)"[^>]*>(?:<span[^>]*>!</span>)?\s*([^<]+)',
                answer.text)]
            who = self.email or "an anonymous visitor"
            raise PageRefused(f"The form page refused {who}'s answers ({answer.status_code}): "
                              + ("; ".join(e.strip() for e in errors) or answer.text[:300]))

    # -- mail ----------------------------------------------------------------------
    def mail_to(self, address: str = "") -> list[Mail]:
        """The messages sent to ``address`` (every message when ""), oldest first
        (subjects only: open_mail reads one)."""
        page = self._get("/mail/u/0/", {"to": address} if address else None)
        found = []
        for message_id, row in re.findall(r'<tr data-message-id="([^"]+)">(.*?)</tr>', page,
                                          re.DOTALL):
            subject = re.search(r'<a href="/mail/u/0/[^"]+">([^<]*)</a>', row)
            # From, To (every recipient) and Sent: the page's filter matches any part
            # of an address, so a recipient is checked whole here.
            columns = re.findall(r'<td class="wide">([^<]*)</td>', row)
            recipients = [r.strip().lower() for r in
                          html.unescape(columns[1] if len(columns) > 1 else "").split(",")]
            if subject and (not address or address.lower() in recipients):
                # A folded Subject header may keep its fold's space: read as a person does.
                found.append(Mail(message_id, " ".join(html.unescape(subject.group(1)).split())))
        return list(reversed(found))

    def open_mail(self, mail: Mail) -> Mail:
        page = self._get(f"/mail/u/0/{mail.message_id}")
        listed = re.search(r'<ul class="links">(.*?)</ul>', page, re.DOTALL)
        mail.links = [html.unescape(href) for href in
                      re.findall(r'<li><a href="([^"]+)"', listed.group(1) if listed else "")]
        text = re.search(r'<pre class="mail-text">(.*?)</pre>', page, re.DOTALL)
        mail.text = html.unescape(text.group(1)) if text else ""
        return mail

    # -- helpers -------------------------------------------------------------------
    def local(self, link: str) -> str:
        """A link the service wrote, on the emulator's host (links are already
        there when the service talks to the emulator; a Google host is mapped)."""
        parts = urlsplit(link)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != self.emulator_url:
            here = urlsplit(self.emulator_url)
            return urlunsplit((here.scheme, here.netloc, parts.path, parts.query, ""))
        return link

    def _get(self, path: str, params: dict | None = None) -> str:
        url = self.emulator_url + path + (("?" + urlencode(params)) if params else "")
        answer = self.session.get(url, timeout=TIMEOUT)
        if answer.status_code != 200:
            raise PageRefused(f"{url} answered {answer.status_code}.")
        return answer.text
