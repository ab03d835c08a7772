"""The ledger of notices: everything the service must do once (a decision or an
invitation emailed, a reminder, a digest, a Classroom post), kept in the master
Sheet's hidden, protected Notices tab (DESIGN.md §5 step 7).

* A notice has an ID of its own, made from what it is about (``decision
  K7M-3QX``, ``supervisor_invitation K7M-3QX``, ``advisor_digest
  a@school 2026-11-20T07:00:00``), never from a row's position. Whether it is
  due is decided by the ledger: a notice whose ID the ledger holds is never made
  again, whatever people did to the rows.
* The ledger only grows (appendCells, in the same batchUpdate as the rows the
  notice is about): a ``due`` line with the content as rendered then, and later
  a ``sent`` line once Google accepted it, or a ``failed`` line with Google's
  answer. Order does not matter (a person sorting the tab changes nothing): a
  notice is sent if it has a ``sent`` line, else it is due and the next sync
  tries it again.
* A crash between Google accepting a notice and its ``sent`` line is caught
  before any second send: a notice due from an earlier sync is first looked for
  (an email in the sender's mail by its Message-ID, made from the notice's ID,
  or by recipient, subject and time in case Gmail gave it an ID of its own; a
  post in the course by its text and time) and marked sent if found.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json

from ..notify import BadAddress, Email, render, to_message
from ..workspace import WorkspaceError
from . import records
from .table import Table, append_rows, column_index

DUE, SENT, FAILED = "due", "sent", "failed"
SINCE = "due since "
ANNOUNCEMENT = "announcement"
TAB = "events"


@dataclasses.dataclass
class Notice:
    """What is to be done once: an email (``content``: the rendered Email's parts)
    or an announcement (``content``: course, text, the students' emails)."""

    event_id: str
    kind: str
    to: str
    content: dict

    def email(self) -> Email:
        c = self.content
        return Email(subject=c["subject"], body_text=c["body"], to=tuple(c["to"]),
                     reply_to=c.get("reply_to"), kind=self.kind)


@dataclasses.dataclass
class Outcome:
    event_id: str
    kind: str
    to: str
    state: str       # SENT or FAILED
    detail: str


def email_notice(event_id: str, kind: str, to: str, **context) -> Notice:
    """The email rendered now; raises BadAddress (or TypeError/ValueError) when it
    cannot be, so that it is not recorded and is tried again when fixed."""
    mail = render(kind, to=to, **context)
    return Notice(event_id, kind, to, {"subject": mail.subject, "body": mail.body_text,
                                       "to": list(mail.to), "reply_to": mail.reply_to})


def announcement_notice(event_id: str, course: str, text: str, emails,
                        materials=()) -> Notice:
    """A Classroom announcement to the students of ``emails`` only, or (None) to the
    whole course, with ``materials`` (links)."""
    return Notice(event_id, ANNOUNCEMENT, course,
                  {"course": course, "text": text, "materials": list(materials),
                   "emails": None if emails is None else sorted(emails)})


class Ledger:
    """The Notices tab as read, and the notices this sync adds."""

    def __init__(self, table: Table | None):
        self.table = table
        self.sent: dict[str, float] = {}      # ID -> when its sent line was written
        self.due: dict[str, tuple[int, float]] = {}   # ID -> (row of its due line, when)
        self.due_since: dict[str, float] = {}  # ID -> Unix time its due line was written
        self.due_to: dict[str, tuple[str, str]] = {}   # ID -> (kind, recipient) of its due line
        self.failures: dict[str, list[str]] = {}
        self.new: dict[str, Notice] = {}
        self.taken: list[tuple[str, str]] = []    # (a digest item's ID, the digest taking it)
        for row, cells in (table.rows if table else []):
            event_id = records.text(cells.get("event_id"))
            state = records.text(cells.get("state"))
            when = cells.get("recorded")
            when = when if isinstance(when, (int, float)) else 0.0
            if not event_id:
                continue
            if state == SENT:
                self.sent.setdefault(event_id, when)
            elif state == DUE:
                self.due.setdefault(event_id, (row, when))
                self.due_since.setdefault(event_id, _since(records.text(cells.get("detail"))))
                self.due_to.setdefault(event_id, (records.text(cells.get("kind")),
                                                  records.text(cells.get("recipient"))))
            elif state == FAILED:
                self.failures.setdefault(event_id, []).append(records.text(cells.get("detail")))

    def knows(self, event_id: str) -> bool:
        return event_id in self.sent or event_id in self.due or event_id in self.new

    def sent_on(self, event_id: str) -> datetime.date | None:
        return records.as_date(self.sent.get(event_id)) if event_id in self.sent else None

    def add(self, notice: Notice) -> bool:
        """Record the notice as due, unless the ledger holds it already."""
        if self.knows(notice.event_id):
            return False
        self.new[notice.event_id] = notice
        return True

    def take(self, item_ids, digest_id: str) -> None:
        """Digest items that go into ``digest_id``: marked sent with it."""
        self.taken += [(i, digest_id) for i in item_ids]
        for i in item_ids:
            self.sent.setdefault(i, 0.0)

    def waiting(self) -> dict[str, int]:
        """Notices due from earlier syncs and not sent: ID -> the row of its due line."""
        return {i: row for i, (row, _) in self.due.items() if i not in self.sent}

    def due_lines(self, now_serial: float, real_now: datetime.datetime) -> list[dict]:
        """The appendCells request recording this sync's new notices as due. The
        detail says when, by the real clock (``When`` is the sync's day, which a
        command may set): a later sync looks for the notice in mail sent since."""
        since = f"{SINCE}{real_now.astimezone(datetime.timezone.utc).isoformat(timespec='seconds')}"
        return self._lines([(n.event_id, {"kind": n.kind, "recipient": n.to, "recorded": now_serial,
                                          "state": DUE, "detail": since, "payload": json.dumps(
                                              n.content, ensure_ascii=False)})
                            for n in self.new.values()]
                           + [(i, {"recorded": now_serial, "state": SENT, "detail": f"in {d}"})
                              for i, d in self.taken])

    def outcome_lines(self, outcomes: list[Outcome], now_serial: float) -> list[dict]:
        return self._lines([(o.event_id, {"kind": o.kind, "recipient": o.to,
                                          "recorded": now_serial, "state": o.state,
                                          "detail": o.detail}) for o in outcomes])

    def _lines(self, rows) -> list[dict]:
        return append_rows(self.table, rows) if self.table and rows else []


def read_waiting(sheets, spreadsheet_id: str, ledger: Ledger, title: str,
                 wanted=lambda kind, recipient: True) -> list[Notice]:
    """The notices due from earlier syncs that ``wanted(kind, recipient)``, their
    content read from their due lines (ONE values.batchGet, only when there are
    such notices). A due line that moved meanwhile (its ID cell no longer the
    notice's) waits for the next sync."""
    waiting = {i: row for i, row in ledger.waiting().items()
               if wanted(*ledger.due_to.get(i, ("", "")))}
    if not waiting or not ledger.table:
        return []
    letters = ledger.table.letters
    last = max(letters.values(), key=lambda letter: (len(letter), letter))
    ranges = [f"'{title}'!A{row}:{last}{row}" for row in waiting.values()]
    found = []
    answers = sheets.values_batch_get(spreadsheet_id, ranges)
    for (event_id, _), answer in zip(waiting.items(), answers):
        row = (answer.get("values") or [[]])[0]

        def cell(key):
            index = column_index(letters[key]) if key in letters else -1
            return row[index] if 0 <= index < len(row) else ""
        if records.text(cell("event_id")) != event_id:
            continue
        try:
            content = json.loads(records.text(cell("payload")))
        except ValueError:
            continue
        found.append(Notice(event_id, records.text(cell("kind")), records.text(cell("recipient")),
                            content))
    return found


def message_id(event_id: str, domain: str) -> str:
    """The notice's own Message-ID: the same for every try of the same notice."""
    digest = hashlib.sha256(event_id.encode()).hexdigest()[:32]
    return f"<cas.{digest}@{domain}>"


def deliver(workspace, notices: list[Notice], earlier: set[str], *, sender: str | None,
            domain: str, since: dict[str, float]) -> list[Outcome]:
    """Send each notice; those due from an earlier sync (``earlier``) only after
    finding they did not go. Once Google fails a send after its retries, the rest
    wait for the next sync (Google is down or over quota for this user)."""
    outcomes, down = [], None
    for notice in notices:
        if down is not None:
            outcomes.append(Outcome(notice.event_id, notice.kind, notice.to, FAILED,
                                    f"not tried: {down}"))
            continue
        try:
            if notice.event_id in earlier:
                found = _already_done(workspace, notice, domain, since.get(notice.event_id, 0.0))
                if found:
                    outcomes.append(Outcome(notice.event_id, notice.kind, notice.to, SENT, found))
                    continue
            detail = _send(workspace, notice, sender, domain)
            outcomes.append(Outcome(notice.event_id, notice.kind, notice.to, SENT, detail))
        except BadAddress as err:
            outcomes.append(Outcome(notice.event_id, notice.kind, notice.to, FAILED, str(err)))
        except WorkspaceError as err:
            down = str(err)
            outcomes.append(Outcome(notice.event_id, notice.kind, notice.to, FAILED, down))
    return outcomes


def _send(workspace, notice: Notice, sender: str | None, domain: str) -> str:
    if notice.kind == ANNOUNCEMENT:
        c = notice.content
        if c.get("emails") is None:    # the whole course
            post = workspace.classroom.announce(c["course"], c["text"],
                                                materials=c.get("materials") or ())
            return f"announcement {post.get('id', '')}"
        emails = set(c.get("emails") or ())
        # Classroom user IDs: a student outside the course would refuse the whole post.
        ids = sorted(s["userId"] for s in workspace.classroom.students(c["course"])
                     if (s.get("profile") or {}).get("emailAddress", "").lower() in emails)
        if not ids:
            return "nobody to tell: none of them is in the course"
        post = workspace.classroom.announce(c["course"], c["text"], student_ids=ids,
                                            materials=c.get("materials") or ())
        return f"announcement {post.get('id', '')}"
    mail = to_message(notice.email(), sender or None)
    mail["Message-ID"] = message_id(notice.event_id, domain)
    sent = workspace.gmail.send(mail)
    return f"message {sent.get('id', '')}"


def _already_done(workspace, notice: Notice, domain: str, due_since: float) -> str:
    """Where the notice is found already done (its email in the sender's mail, its
    post in the course), or "". ``due_since``: Unix time of its due line."""
    since = max(due_since - 300, 0)
    if notice.kind == ANNOUNCEMENT:
        c = notice.content
        for post in workspace.classroom.announcements(c["course"]):
            created = post.get("creationTime", "")
            if post.get("text") == c["text"] and _iso_epoch(created) >= since:
                return f"announcement {post.get('id', '')} found in the course"
        return ""
    subject = notice.content["subject"].replace('"', " ")
    to = notice.content["to"][0] if notice.content.get("to") else notice.to
    query = (f'in:anywhere {{rfc822msgid:{message_id(notice.event_id, domain)} '
             f'(to:{to} subject:"{subject}" after:{int(since)})}}')
    found = workspace.gmail.find(query)
    return f"message {found[0].get('id', '')} found in the sent mail" if found else ""


def _since(detail: str) -> float:
    """The Unix time a due line's detail gives (0: any time)."""
    return _iso_epoch(detail[len(SINCE):]) if detail.startswith(SINCE) else 0.0


def _iso_epoch(text: str) -> float:
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0

