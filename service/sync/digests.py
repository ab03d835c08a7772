"""Digests on the school's schedule (Settings: ``digest_frequency`` daily, weekly or
every sync, ``digest_hour``, ``digest_weekday``, ``time_zone``), never one per sync
when syncs run every 15 minutes and at each submission.

What a digest tells is gathered in the Notices ledger (events.py) as it happens:
each new proposal, each student newly At risk, is a ``digest_item`` line due for
its recipient (an advisor, the coordinators). When a recipient's digest is due (the
latest scheduled moment has passed since their last digest), every item waiting
for them goes into one digest, a notice sent like any other, and each item gets a
``sent`` line naming it. Nothing is lost between digests, and nobody hears of
nothing: a recipient with no item waiting gets no digest (the coordinators also
get one when the sync meets problems it had not reported).
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo

from . import records
from .events import Notice

ITEM = "digest_item"
ADVISOR, COORDINATOR = "advisor_digest", "coordinator_digest"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclasses.dataclass(frozen=True)
class Schedule:
    frequency: str = "daily"        # daily, weekly, every sync
    hour: int = 7
    weekday: int = 0                # Monday
    zone: datetime.tzinfo = datetime.timezone.utc

    @classmethod
    def from_settings(cls, values: dict, problems: list[str]) -> "Schedule":
        name = records.text(values.get("time_zone")) or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"Settings: the time zone {name!r} is not one the service knows "
                            f"(an IANA name such as Europe/London): digests use UTC.")
            zone = datetime.timezone.utc
        try:
            hour = min(max(int(float(values.get("digest_hour") or 7)), 0), 23)
        except ValueError:
            hour = 7
        day = records.text(values.get("digest_weekday")).capitalize()
        return cls(records.text(values.get("digest_frequency")) or "daily", hour,
                   WEEKDAYS.index(day) if day in WEEKDAYS else 0, zone)

    def last_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest scheduled moment at or before ``now`` (aware, UTC)."""
        if self.frequency == "every sync":
            return now
        local = now.astimezone(self.zone)
        slot = local.replace(hour=self.hour, minute=0, second=0, microsecond=0)
        if slot > local:
            slot -= datetime.timedelta(days=1)
        if self.frequency == "weekly":
            slot -= datetime.timedelta(days=(slot.weekday() - self.weekday) % 7)
        return slot.astimezone(datetime.timezone.utc)


def item(digest: str, recipient: str, kind: str, key: str, content: dict) -> Notice:
    """A line of ``recipient``'s coming ``digest`` (ADVISOR or COORDINATOR): ``kind``
    proposals, newly_at_risk, needs_review or problems."""
    return Notice(f"{ITEM} {digest} {recipient} {kind} {key}", ITEM, f"{digest} {recipient}",
                  {"kind": kind, **content})


SHEETS_EPOCH = datetime.datetime(1899, 12, 30, tzinfo=datetime.timezone.utc)


def last_digests(ledger) -> dict[str, datetime.datetime]:
    """Each "digest recipient" (``advisor_digest a@school``) and when their latest
    digest was recorded (due), by the sync's clock (its day may be set by a command)."""
    found: dict[str, datetime.datetime] = {}
    for event_id, (_, serial) in ledger.due.items():
        parts = event_id.split(" ")
        if parts[0] in (ADVISOR, COORDINATOR) and len(parts) >= 3 and serial:
            key = f"{parts[0]} {parts[1]}"
            when = SHEETS_EPOCH + datetime.timedelta(days=serial)
            if key not in found or when > found[key]:
                found[key] = when
    return found


def due(schedule: Schedule, now: datetime.datetime, last: datetime.datetime | None) -> bool:
    return last is None or last < schedule.last_slot(now)


def gather(waiting: list[Notice]) -> dict[str, dict[str, list]]:
    """The waiting items by recipient: {recipient: {proposals: [...], newly_at_risk: [...]}}."""
    by_recipient: dict[str, dict[str, list]] = {}
    for notice in waiting:
        if notice.kind != ITEM:
            continue
        content = dict(notice.content)
        kind = content.pop("kind", "")
        by_recipient.setdefault(notice.to, {"proposals": [], "newly_at_risk": [],
                                            "needs_review": [], "problems": [],
                                            "completion": [], "ibis_countdown": [],
                                            "interviews_due": [], "_ids": []})
        if kind in ("proposals", "newly_at_risk", "needs_review", "problems", "completion",
                    "ibis_countdown", "interviews_due"):
            by_recipient[notice.to][kind].append(content)
        by_recipient[notice.to]["_ids"].append(notice.event_id)
    return by_recipient


def items(*, proposals: list[dict], newly_at_risk: list, advisor_names: dict, sheet_link: str,
          coordinators: list[str], needs_review_added: list[str],
          problems_reported: tuple[str, list[str]] | None, stamp: str) -> list[Notice]:
    """The items this sync adds to coming digests: each new or revised proposal
    for its advisor; each student newly At risk for their advisor and the
    coordinators; each response sent to review, and problems not yet reported
    (``problems_reported``: their digest and lines, or None), for the coordinators."""
    found = []
    for cells in proposals:
        advisor = records.text(cells.get("advisor_email")).lower()
        if advisor:
            code = records.text(cells.get("experience_id"))
            found.append(item(ADVISOR, advisor, "proposals",
                              f"{code} {records.text(cells.get('revised_on'))}",
                              {"student_name": records.text(cells.get("student_name")),
                               "experience_title": records.text(cells.get("title")),
                               "link": f"{sheet_link}#gid=200" if sheet_link else ""}))
    for student in newly_at_risk:
        at_risk = dataclasses.asdict(student)
        at_risk["reasons"] = list(at_risk["reasons"])
        if student.advisor_email:
            found.append(item(ADVISOR, student.advisor_email, "newly_at_risk",
                              f"{student.student_id} {stamp}", at_risk))
        for coordinator in coordinators:
            found.append(item(COORDINATOR, coordinator, "newly_at_risk",
                              f"{student.student_id} {stamp}",
                              dict(at_risk, advisor_name=advisor_names.get(
                                  student.advisor_email) or student.advisor_email)))
    for coordinator in coordinators:
        for response_id in needs_review_added:
            found.append(item(COORDINATOR, coordinator, "needs_review", response_id, {}))
        if problems_reported:
            found.append(item(COORDINATOR, coordinator, "problems", problems_reported[0],
                              {"lines": list(problems_reported[1])}))
    return found


def digests(gathered: dict[str, dict[str, list]], is_due, *, advisor_names: dict,
            sheet_link: str, counts_by_status: dict, needs_review_open: int,
            cohort: str, stamp: str, problems: list[str]):
    """(the digests due now, as act.Outgoing; the items each takes: digest ID -> item IDs).
    ``gathered``: the items waiting, by digest recipient (``gather``: "advisor_digest
    a@school"); ``is_due(digest recipient)``."""
    from .act import Outgoing
    outgoing, taken = [], {}
    for key, waiting in sorted(gathered.items()):
        if not is_due(key):
            continue
        digest, _, recipient = key.partition(" ")
        if digest == COORDINATOR:
            event_id = f"{COORDINATOR} {recipient} {stamp}"
            outgoing.append(Outgoing(COORDINATOR, recipient, {
                "sheet_link": sheet_link, "counts_by_status": counts_by_status, "cohort": cohort,
                "needs_review": needs_review_open,
                "needs_review_link": f"{sheet_link}#gid=900" if sheet_link else None,
                "problems": list(dict.fromkeys(
                    [line for p in waiting["problems"] for line in p.get("lines", ())]
                    + list(problems))),
                "newly_at_risk": waiting["newly_at_risk"],
                # service/completion/track.py: Completed decisions the rules disagree
                # with, and the latest countdown to the IBIS submission date.
                "completion": waiting["completion"],
                "ibis": min(waiting["ibis_countdown"], key=lambda c: c.get("days_left", 0),
                            default=None),
                "interviews_due": _windows(waiting["interviews_due"])},
                event_id))
        elif digest == ADVISOR and (waiting["proposals"] or waiting["newly_at_risk"]
                                    or waiting["interviews_due"]):
            event_id = f"{ADVISOR} {recipient} {stamp}"
            outgoing.append(Outgoing(ADVISOR, recipient, {
                "advisor_name": advisor_names.get(recipient) or recipient,
                "sheet_link": sheet_link, "proposals": waiting["proposals"],
                "newly_at_risk": waiting["newly_at_risk"],
                "interviews_due": _windows(waiting["interviews_due"])}, event_id))
        else:
            continue
        taken[event_id] = list(waiting["_ids"])
    return outgoing, taken


def _windows(items: list[dict]) -> list[dict]:
    """Interview windows that closed with students still due (items of
    service/interviews/windows.py), one entry per window: its number, the day it
    closed, and the students (with their advisor's name), in order."""
    by_number: dict[int, dict] = {}
    for found in sorted(items, key=lambda i: (i.get("number", 0), i.get("advisor_name", ""))):
        window = by_number.setdefault(found.get("number", 0), {
            "number": found.get("number", 0),
            "closes": records.as_date(found.get("closes")), "students": []})
        window["students"] += [dict(s, advisor_name=found.get("advisor_name", ""))
                               for s in found.get("students") or []]
    return list(by_number.values())
