"""``cas retention``: how long an archived cohort's records are kept, and, on the
coordinator's command once that day has come, their disposal into Drive's trash.

When (``keep_until``): the Settings row ``keep_records_until``, or by default 18
months after the end of the cohort's exam session (CAS.md, Records: "kept at
least 18 months after the cohort's exams"). The IB holds two exam sessions a
year, in May and in November; a cohort ending (``cohort_end``) in May or before
sits the May session of that year, one ending later the November session. The
session ends with its month, and the records are kept to the last day of the
month 18 months later: a cohort ending on 31 March 2028 (May 2028 session) keeps
its records until 30 November 2029. The school may set a later day; an earlier
one is refused (the default is the least the school must keep them).

``plan`` lists what would go and when; nothing happens before that day. ``apply``
(on or after it; only for an archived cohort; the caller has had the cohort's
name typed back) does, each step finding first what exists, so that a run
stopped anywhere is finished by the next:

1. A "Retention record" Doc in a "CAS retention records" folder at the top of
   the cohort's drive (the coordinator's My Drive, or the shared drive), outside
   the cohort folder so it outlives it: the cohort, the day, who, the rule, and
   what is moved to the trash, marked "in progress".
2. The cohort's root folder moved to Drive's trash (everything in it goes with
   it; Drive deletes trashed items for good after 30 days, and until then the
   coordinator can restore them from the trash), and any other file tagged with
   the cohort outside it (the retention record excepted).
3. The record marked "done", with what was trashed.

Another cohort's folders are never touched: everything trashed is the cohort's
root or carries its ``casCohort`` tag.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import html

from ..provision.cohort import ROOT, at_home
from ..workspace.drive import FOLDER, app_properties_query, quote
from . import common as C

RECORD, RECORDS_FOLDER = "retention_record", "retention_records"
RECORDS_FOLDER_NAME = "CAS retention records"
MONTHS_KEPT = 18
TRASH_DAYS = 30      # "items in the trash are deleted forever after 30 days" (Drive Help)
BATCH_QUERY = 40     # folder IDs in one ``in parents`` listing


def exam_session(end: datetime.date) -> datetime.date:
    """The last day of the cohort's exam session: May of its last year, or November
    when the cohort ends after May."""
    month = 5 if end.month <= 5 else 11
    return datetime.date(end.year, month, calendar.monthrange(end.year, month)[1])


def default_keep_until(end: datetime.date) -> datetime.date:
    session = exam_session(end)
    month_index = session.month - 1 + MONTHS_KEPT
    year, month = session.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclasses.dataclass
class KeepUntil:
    day: datetime.date
    rule: str                    # how the day was decided, in words


def keep_until(settings: dict) -> KeepUntil:
    """The day the records may be disposed of from, or ``ClosingRefused``."""
    end = C.cohort_end(settings)
    if end is None:
        raise C.ClosingRefused("The Settings tab has no cohort_end: the records' keeping "
                               "period starts from it. Set it first.")
    least = default_keep_until(end)
    rule = (f"18 months after the {exam_session(end).strftime('%B %Y')} exam session "
            f"(the cohort ends on {end.isoformat()})")
    raw = settings.get("keep_records_until")
    if raw in (None, ""):
        return KeepUntil(least, rule)
    set_day = C.as_date(raw)
    if set_day is None:
        raise C.ClosingRefused(f"Settings keep_records_until: {raw!r} is not a date "
                               f"(YYYY-MM-DD).")
    if set_day < least:
        raise C.ClosingRefused(
            f"Settings keep_records_until is {set_day.isoformat()}, earlier than the least "
            f"the school must keep the records: {least.isoformat()} ({rule}). Set a later "
            f"day, or clear it to use {least.isoformat()}.")
    return KeepUntil(set_day, f"the Settings tab's keep_records_until (at least {rule})")


@dataclasses.dataclass
class RetentionPlan:
    cohort: str
    keep_until: KeepUntil | None = None
    archived_on: str = ""
    root: dict | None = None
    folders: int = 0
    files: int = 0
    top: list[str] = dataclasses.field(default_factory=list)     # names in the root folder
    outside: list[dict] = dataclasses.field(default_factory=list)  # tagged files elsewhere
    record: dict | None = None                                   # an earlier apply's record
    done_before: bool = False                                    # the root is gone already

    def due(self, today: datetime.date) -> bool:
        return self.keep_until is not None and today >= self.keep_until.day


@dataclasses.dataclass
class RetentionResult:
    trashed: list[str] = dataclasses.field(default_factory=list)
    record_url: str = ""
    already: bool = False


def plan(workspace, config, templates, *, now: datetime.datetime | None = None
         ) -> RetentionPlan:
    """What disposal would move to the trash, and from when (reads only, but for an
    older master Sheet's upgrade)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    drive = workspace.drive
    found = _listing(drive, config.cohort)
    result = RetentionPlan(config.cohort)
    result.record = found["record"]
    if found["root"] is None:
        if result.record is not None:
            result.done_before = True
            result.outside = found["outside"]
            return result
        raise C.ClosingRefused(f"There is no cohort {config.cohort}: `cas cohorts` lists them.")
    cohort = C.find(drive, config.cohort)
    result.root = cohort.root
    result.archived_on = cohort.archived_on
    master = C.open_master(workspace, templates, cohort.sheet["id"], (), [config.subject], now)
    result.keep_until = keep_until(master.settings)
    tree = _tree(drive, cohort.root["id"], cohort.drive_id)
    result.folders = sum(1 for f in tree if f.get("mimeType") == FOLDER)
    result.files = len(tree) - result.folders
    result.top = sorted(f["name"] for f in tree if cohort.root["id"] in f.get("parents", []))
    inside = {f["id"] for f in tree} | {cohort.root["id"]}
    result.outside = [f for f in found["outside"] if f["id"] not in inside]
    return result


def apply(workspace, config, templates, *, today: datetime.date, confirmed: str,
          now: datetime.datetime | None = None) -> RetentionResult:
    """Dispose of the cohort's records (the module docstring). ``confirmed``: the
    cohort's name as typed back by the coordinator."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if confirmed.strip() != config.cohort:
        raise C.ClosingRefused(f"The name typed back ({confirmed.strip()!r}) is not the "
                               f"cohort's ({config.cohort!r}): nothing was done.")
    drive = workspace.drive
    found = plan(workspace, config, templates, now=now)
    result = RetentionResult()
    if found.done_before:
        for file in found.outside:
            drive.trash(file["id"])
            result.trashed.append(f"{file.get('name')} (tagged with the cohort)")
        record = found.record
        finished = (record.get("appProperties") or {}).get("casState") == "done"
        result.already = finished and not result.trashed
        if not result.already:
            _write_record(drive, config, found, record, record_parent=None, now=now,
                          state="done", trashed=result.trashed, finishing=True)
        result.record_url = record.get("webViewLink", "")
        return result
    if not found.archived_on:
        raise C.ClosingRefused(f"The cohort {config.cohort} is not archived: run `cas archive` "
                               f"first. Nothing was done.")
    if not found.due(today):
        raise C.ClosingRefused(f"The records are kept until {found.keep_until.day.isoformat()} "
                               f"({found.keep_until.rule}); nothing can be disposed of before. "
                               f"Nothing was done.")
    calls_before = dict(workspace.counter.as_dict()["calls"])
    cohort = C.find(drive, config.cohort)
    folder = _records_folder(drive, cohort)
    record = _write_record(drive, config, found, found.record, folder["id"], now=now,
                           state="in progress", trashed=[])
    result.trashed.append(f"{cohort.root.get('name')} (the cohort folder: {found.folders} "
                          f"folder(s) and {found.files} file(s) in it)")
    for file in found.outside:
        result.trashed.append(f"{file.get('name')} (tagged with the cohort)")
    # The Sync log goes with the master Sheet: it is written before, the record after.
    C.log_line(workspace, templates, cohort.sheet["id"], trigger="retention",
               done=[f"moved to Drive's trash (recoverable for {TRASH_DAYS} days): "
                     + "; ".join(result.trashed)], problems=[], now=now,
               calls_before=calls_before)
    for file in found.outside:
        drive.trash(file["id"])
    drive.trash(cohort.root["id"])
    _write_record(drive, config, found, record, folder["id"], now=now, state="done",
                  trashed=result.trashed)
    result.record_url = record.get("webViewLink", "")
    return result


# -- Drive ---------------------------------------------------------------------------
def _listing(drive, cohort: str) -> dict:
    """ONE listing: the cohort's untrashed tagged files (its root among them) and its
    retention record."""
    listed = drive.files(f"{app_properties_query({'casCohort': cohort})} and trashed = false",
                         C.LISTING_FIELDS, all_drives=True)
    home, files = at_home(listed, cohort)
    roots = [f for f in files if (f.get("appProperties") or {}).get("casKind") == ROOT]
    records = [f for f in listed if (f.get("appProperties") or {}).get("casKind") == RECORD]
    outside = [f for f in files if (f.get("appProperties") or {}).get("casKind")
               not in (ROOT, RECORD, RECORDS_FOLDER)]
    return {"root": roots[0] if roots else None, "record": records[0] if records else None,
            "outside": outside}


def _tree(drive, root_id: str, drive_id: str) -> list[dict]:
    """Everything below the root folder (untrashed), level by level: one listing per
    level (and per 40 folders of it)."""
    found, level = [], [root_id]
    while level:
        next_level = []
        for start in range(0, len(level), BATCH_QUERY):
            chunk = level[start:start + BATCH_QUERY]
            query = " or ".join(f"{quote(fid)} in parents" for fid in chunk)
            listed = drive.files(f"({query}) and trashed = false",
                                 "id,name,mimeType,parents,appProperties",
                                 drive_id=drive_id or None)
            found += listed
            next_level += [f["id"] for f in listed if f.get("mimeType") == FOLDER]
        level = next_level
    return found


def _records_folder(drive, cohort) -> dict:
    """"CAS retention records" at the top of the cohort's drive, found or made."""
    query = f"{app_properties_query({'casKind': RECORDS_FOLDER})} and trashed = false"
    listed = drive.files(query, C.LISTING_FIELDS, drive_id=cohort.drive_id or None,
                         all_drives=not cohort.drive_id)
    here = [f for f in listed if (f.get("driveId") or "") == cohort.drive_id]
    if here:
        return here[0]
    return drive.create_folder(RECORDS_FOLDER_NAME, cohort.drive_id or None,
                               {"casKind": RECORDS_FOLDER, "casId": RECORDS_FOLDER},
                               fields=C.LISTING_FIELDS)


def _write_record(drive, config, found: RetentionPlan, record: dict | None,
                  record_parent: str | None, *, now: datetime.datetime, state: str,
                  trashed: list[str], finishing: bool = False) -> dict:
    """The Retention record Doc, made or rewritten in place."""
    keep = found.keep_until
    rows = [("Cohort", config.cohort), ("State", state),
            ("Applied by", config.subject), ("At", now.strftime("%Y-%m-%d %H:%M UTC"))]
    if keep is not None:
        rows += [("Kept until", keep.day.isoformat()), ("Why that day", keep.rule)]
    if found.archived_on:
        rows.append(("Archived on", found.archived_on))
    parts = ["<table>" + "".join(f"<tr><td><b>{html.escape(k)}</b></td>"
                                 f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
             + "</table>"]
    if trashed or not finishing:
        parts.append("<h2>Moved to Drive's trash</h2>")
        items = trashed or [f"{(found.root or {}).get('name', 'the cohort folder')} (the cohort "
                            f"folder: {found.folders} folder(s), {found.files} file(s))"]
        parts.append("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in items) + "</ul>")
        if found.top:
            parts.append("<p>In the cohort folder: " + html.escape(", ".join(found.top))
                         + "</p>")
    parts.append(f"<p>Drive deletes what is in the trash for good after {TRASH_DAYS} days. "
                 f"Until then the coordinator can restore the cohort folder from the trash "
                 f"(Drive: Trash, then Restore).</p>")
    page = C.html_page(f"Retention record: CAS {config.cohort}", parts)
    properties = {"casKind": RECORD, "casId": config.cohort, "casCohort": config.cohort,
                  "casState": "done" if state == "done" else "started"}
    if record is not None:
        return drive.replace_content(record["id"], page, C.HTML, {"appProperties": properties},
                                     fields=C.LISTING_FIELDS)
    return drive.upload(f"Retention record - CAS {config.cohort}", page, C.HTML,
                        mime_type=C.DOCUMENT, parent_id=record_parent,
                        app_properties=properties, fields=C.LISTING_FIELDS)
