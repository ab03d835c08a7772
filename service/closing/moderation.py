"""``cas moderation``: a pack of students' CAS records for the IB's moderators,
shared view-only until a day, and revocable.

One run, acting as the coordinator:

1. ONE Drive listing of the cohort's tagged objects (common.py): the root, the
   master Sheet, the record Docs, and any pack already made. Then the Students,
   Experiences and Reflections tabs in two Sheets calls (the Sheet upgraded first
   when older: the Star column is new in template version 3).
2. The students: those named (``--students``), or a sample drawn across statuses
   and advisors (sample.py), the same for the same seed.
3. The folder "Moderation <day>" in the cohort folder and, in it, per student, a
   folder holding: their record (the "My CAS record" Doc exported as PDF), their
   experiences (a CSV of their Experiences rows) and the reflections they or the
   coordinator starred (a Doc). Plus the programme outline the coordinator keeps
   as a Google Doc in the cohort folder, as PDF: the Doc tagged
   ``casKind=programme_outline``, else the newest Doc there whose name says
   "outline". What cannot be found (a student with no record Doc yet, no outline)
   is said in the output and the Sync log, and the rest is made.
4. The pack folder shared with each moderator as a reader (view-only) until the
   end of the day given (Drive's ``expirationTime``: access ends then by itself,
   and the grant disappears), without Google's sharing email.
5. A Sync log line saying every grant.

Run again the same day, it finds the pack and makes nothing twice: a file whose
source changed since (a new starred reflection, a record rewritten) is replaced
in place, same link; a grant already there with the same end is kept, one with
another end is moved. ``revoke`` removes the moderators' grants (all of them,
or those named) from every pack (or one day's), each recorded in the Sync log.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import html
import io
import random
import re

from ..sync.records import as_bool
from . import common as C
from .sample import Candidate, stratified_sample

PACK, STUDENT, FILE = "moderation_pack", "moderation_student", "moderation_file"
OUTLINE = "programme_outline"     # the tag a coordinator may put on the outline Doc
TABS = ("students", "experiences", "reflections")
MAX_AHEAD = datetime.timedelta(days=365)   # Permission.expirationTime: "not more than a year"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERMISSION_FIELDS = "id,type,role,emailAddress,expirationTime"


@dataclasses.dataclass
class PackResult:
    day: str
    folder_url: str = ""
    students: list[str] = dataclasses.field(default_factory=list)   # "Name (ID)"
    seed: int | None = None
    made: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    kept: int = 0
    granted: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    outline: str = ""


@dataclasses.dataclass
class RevokeResult:
    revoked: list[str] = dataclasses.field(default_factory=list)
    packs: int = 0


def expiry_time(expires: datetime.date, now: datetime.datetime) -> str:
    """The RFC 3339 time a grant until ``expires`` ends: the end of that day (UTC).
    Refused, before anything is made, when Drive would refuse it: in the past, or
    more than a year ahead."""
    end = datetime.datetime.combine(expires + datetime.timedelta(days=1), datetime.time(0),
                                    datetime.timezone.utc)
    if end <= now:
        raise C.ClosingRefused(f"--expires {expires.isoformat()} is past: give a day to come.")
    if end - now > MAX_AHEAD:
        raise C.ClosingRefused(f"--expires {expires.isoformat()} is more than a year away; "
                               f"Drive allows an expiry up to a year ahead (extend it later by "
                               f"running the same pack again with a later day).")
    return end.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def check_moderators(moderators: list[str], coordinator: str) -> list[str]:
    emails = [m.strip().lower() for m in moderators if m.strip()]
    bad = [m for m in emails if not EMAIL.match(m)]
    if bad or not emails:
        raise C.ClosingRefused("Give the moderators' email addresses, comma-separated"
                               + (f" (not addresses: {', '.join(bad)})" if bad else "") + ".")
    if coordinator.lower() in emails:
        raise C.ClosingRefused(f"{coordinator} owns the cohort's files already; name the "
                               f"moderators only.")
    return list(dict.fromkeys(emails))


def build_pack(workspace, config, templates, *, moderators: list[str], expires: datetime.date,
               today: datetime.date, now: datetime.datetime | None = None,
               student_ids: list[str] | None = None, sample: int | None = None,
               seed: int | None = None) -> PackResult:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    moderators = check_moderators(moderators, config.subject)
    until = expiry_time(expires, now)
    if bool(student_ids) == bool(sample):
        raise C.ClosingRefused("Name the students (--students ID,ID,...) or ask for a sample "
                               "(--sample N), one of the two.")
    calls_before = dict(workspace.counter.as_dict()["calls"])
    drive = workspace.drive
    cohort = C.find(drive, config.cohort)
    master = C.open_master(workspace, templates, cohort.sheet["id"], TABS,
                           [config.subject], now)
    students = master.tables["students"].by_id()
    result = PackResult(today.isoformat())
    result.problems += master.problems()
    if student_ids:
        chosen = list(dict.fromkeys(s.strip() for s in student_ids if s.strip()))
        unknown = [s for s in chosen if s not in students]
        if unknown:
            raise C.ClosingRefused(f"Not in the Students tab: {', '.join(unknown)}. Nothing was "
                                   f"made.")
    else:
        if seed is None:
            seed = random.SystemRandom().randrange(1, 1_000_000)
        result.seed = seed
        chosen = stratified_sample(
            [Candidate(sid, C.text(cells.get("status")), C.text(cells.get("advisor_email")).lower())
             for sid, cells in students.items()
             if C.text(cells.get("roster_status")) != "Withdrawn"], sample, seed)
    if C.make_missing_records(workspace, config, templates,
                              [sid for sid in chosen if cohort.record(sid) is None], today):
        cohort = C.find(drive, config.cohort)          # with the records just made
    experiences: dict[str, list[dict]] = {}
    for _, cells in master.tables["experiences"].by_id().items():
        experiences.setdefault(C.text(cells.get("student_id")), []).append(cells)
    starred: dict[str, list[dict]] = {}
    for _, cells in master.tables["reflections"].by_id().items():
        if as_bool(cells.get("star")):
            starred.setdefault(C.text(cells.get("student_id")), []).append(cells)

    day = result.day
    pack, made = C.ensure_folder(drive, cohort, PACK, day, f"Moderation {day}",
                                 cohort.root["id"])
    result.folder_url = pack.get("webViewLink", "")
    if made:
        result.made.append(f"folder Moderation {day}")
    for sid in chosen:
        cells = students[sid]
        label = f"{C.text(cells.get('name'))} ({sid})"
        result.students.append(label)
        folder, made = C.ensure_folder(drive, cohort, STUDENT, f"{day}/{sid}", label, pack["id"])
        if made:
            result.made.append(f"folder {label}")
        _student_files(drive, cohort, result, day, sid, label, folder["id"],
                       experiences.get(sid, []), starred.get(sid, []))
    _outline(drive, cohort, result, day, pack["id"])
    _share(drive, result, pack["id"], moderators, until, expires)
    if not (result.made or result.updated or result.granted):
        return result        # the same pack again: nothing new to record
    C.log_line(workspace, templates, cohort.sheet["id"], trigger="moderation",
               done=[f"moderation pack {day}: {len(result.students)} student(s): "
                     f"{', '.join(result.students)}" + (f" (sample, seed {result.seed})"
                                                        if result.seed is not None else "")]
               + result.granted + [f"made {what}" for what in result.made]
               + [f"updated {what}" for what in result.updated],
               problems=result.problems, now=now, calls_before=calls_before)
    return result


def _student_files(drive, cohort, result, day, sid, label, folder_id, experiences, starred):
    record = cohort.record(sid)
    if record is None:
        result.problems.append(f"{label}: no \"My CAS record\" Doc yet, so the pack has no "
                               f"record for them; make the records, then run this again.")
    else:
        done = C.put_file(drive, cohort, FILE, f"{day}/{sid}/record",
                          f"{label} - CAS record.pdf", folder_id,
                          lambda: drive.export(record["id"], C.PDF), C.PDF,
                          C.source_version(record))
        _count(result, done, f"{label}: record (PDF)")
    table = experiences_csv(experiences)
    done = C.put_file(drive, cohort, FILE, f"{day}/{sid}/experiences",
                      f"{label} - experiences.csv", folder_id, table, C.CSV, _digest(table))
    _count(result, done, f"{label}: experiences (CSV)")
    page = starred_reflections_html(label, starred)
    done = C.put_file(drive, cohort, FILE, f"{day}/{sid}/reflections",
                      f"{label} - starred reflections", folder_id, page, C.HTML, _digest(page),
                      as_type=C.DOCUMENT)
    _count(result, done, f"{label}: starred reflections ({len(starred)})")


def _count(result, done: str, what: str) -> None:
    if done == "made":
        result.made.append(what)
    elif done == "updated":
        result.updated.append(what)
    else:
        result.kept += 1


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:40]


def _outline(drive, cohort, result, day, pack_id) -> None:
    outline = cohort.of_kind(OUTLINE)
    doc = next(iter(outline.values()), None)
    how = "tagged casKind=programme_outline"
    if doc is None:
        listed = drive.files(f"'{cohort.root['id']}' in parents and mimeType = '{C.DOCUMENT}' "
                             f"and trashed = false", C.LISTING_FIELDS + ",modifiedTime",
                             drive_id=cohort.drive_id or None)
        named = [f for f in listed if "outline" in f.get("name", "").lower()]
        doc = max(named, key=lambda f: f.get("modifiedTime", ""), default=None)
        how = "the newest Doc in the cohort folder whose name says \"outline\""
    if doc is None:
        result.outline = "none found"
        result.problems.append(
            "No programme outline: put a Google Doc whose name says \"outline\" (e.g. \"CAS "
            "programme outline\") in the cohort folder, then run this again to add it.")
        return
    done = C.put_file(drive, cohort, FILE, f"{day}/outline", "Programme outline.pdf", pack_id,
                      lambda: drive.export(doc["id"], C.PDF), C.PDF, C.source_version(doc))
    result.outline = f"{doc.get('name')} ({how})"
    _count(result, done, "programme outline (PDF)")


def _share(drive, result, pack_id, moderators, until, expires) -> None:
    existing = {(p.get("emailAddress") or "").lower(): p
                for p in drive.permissions(pack_id, fields=PERMISSION_FIELDS)
                if p.get("type") == "user"}
    for email in moderators:
        current = existing.get(email)
        words = f"view-only until the end of {expires.isoformat()} (UTC)"
        if current is None:
            drive.share_until(pack_id, email, "reader", until)
            result.granted.append(f"granted {email} {words}")
        elif current.get("role") == "reader" and _same_time(current.get("expirationTime"), until):
            result.kept += 1
        elif current.get("role") in ("reader", "commenter", "writer"):
            drive.update_permission(pack_id, current["id"], role="reader", expires=until)
            result.granted.append(f"changed {email} to {words}")
        else:
            result.problems.append(f"{email} has {current.get('role')} access to the pack "
                                   f"already; left as it is.")


def _same_time(a: str | None, b: str) -> bool:
    if not a:
        return False
    parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))  # noqa: E731
    return parse(a) == parse(b)


def revoke(workspace, config, templates, *, day: str | None = None,
           moderators: list[str] | None = None,
           now: datetime.datetime | None = None) -> RevokeResult:
    """Remove the moderators' grants (those with an expiry: the only ones a pack
    gives) from every pack, or the one of ``day``; only those named, if any."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    calls_before = dict(workspace.counter.as_dict()["calls"])
    drive = workspace.drive
    cohort = C.find(drive, config.cohort)
    packs = cohort.of_kind(PACK)
    if day:
        packs = {d: f for d, f in packs.items() if d == day}
        if not packs:
            raise C.ClosingRefused(f"There is no moderation pack of {day}.")
    wanted = {m.strip().lower() for m in moderators or [] if m.strip()}
    result = RevokeResult(packs=len(packs))
    found = drive.permissions_of([f["id"] for f in packs.values()], fields=PERMISSION_FIELDS)
    for pack_day, folder in sorted(packs.items()):
        for p in found[folder["id"]]:
            email = (p.get("emailAddress") or "").lower()
            if p.get("type") != "user" or not p.get("expirationTime"):
                continue
            if wanted and email not in wanted:
                continue
            drive.unshare(folder["id"], p["id"])
            result.revoked.append(f"revoked {email}'s access to Moderation {pack_day}")
    if result.revoked:
        C.log_line(workspace, templates, cohort.sheet["id"], trigger="moderation",
                   done=result.revoked, problems=[], now=now, calls_before=calls_before)
    return result


# -- the pack's documents (pure) ----------------------------------------------------
EXPERIENCE_COLUMNS = (("experience_id", "Experience code"), ("title", "Title"),
                      ("strands", "Strands"), ("experience_status", "Status"),
                      ("advisor_decision", "Decision"), ("start_date", "Starts"),
                      ("end_date", "Ends"), ("cas_project", "CAS project"),
                      ("reflections", "Reflections"), ("supervisor_statement",
                                                       "Supervisor statement"),
                      ("description", "Description"))


def experiences_csv(rows: list[dict]) -> bytes:
    """The student's experiences, one a line, oldest start first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for _, header in EXPERIENCE_COLUMNS])
    for cells in sorted(rows, key=lambda c: (_day(c.get("start_date")),
                                             C.text(c.get("experience_id")))):
        writer.writerow([_cell(key, cells.get(key)) for key, _ in EXPERIENCE_COLUMNS])
    return out.getvalue().encode("utf-8")


def starred_reflections_html(label: str, rows: list[dict]) -> bytes:
    parts = []
    if not rows:
        parts.append("<p>No reflection of this student is starred (the Star column of the "
                     "Reflections tab).</p>")
    for cells in sorted(rows, key=lambda c: (_day(c.get("submitted")),
                                             C.text(c.get("response_id")))):
        title = C.text(cells.get("experience_title")) or "Reflection"
        day = _day(cells.get("submitted"))
        parts.append(f"<h2>{html.escape(title)} — {html.escape(day)}</h2>")
        for key, name in (("outcomes", "Learning outcomes"), ("cas_stage", "CAS stage")):
            if C.text(cells.get(key)):
                parts.append(f"<p><b>{name}:</b> {html.escape(C.text(cells.get(key)))}</p>")
        for paragraph in C.text(cells.get("reflection")).splitlines():
            if paragraph.strip():
                parts.append(f"<p>{html.escape(paragraph)}</p>")
        if C.text(cells.get("evidence_links")):
            evidence = C.text(cells.get("evidence_links"))
            parts.append(f"<p><b>Evidence:</b> {html.escape(evidence)}</p>")
    return C.html_page(f"{label}: starred reflections", parts)


def _day(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return C.as_date(value).isoformat()
    return C.text(value)[:10]


def _cell(key: str, value) -> str:
    if key in ("start_date", "end_date"):
        return _day(value)
    if key == "cas_project":
        return "Yes" if as_bool(value) else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return C.text(value)


__all__ = ["build_pack", "revoke", "expiry_time", "PackResult", "RevokeResult"]
