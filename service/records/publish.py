"""Each student's "My CAS record": a Google Doc in their Drive folder, made and kept
up to date by the sync (the Record Doc contract: appProperties ``casKind`` =
``studentRecord``, ``casId`` = the student ID, ``casCohort``, and ``casHash``, the
hash of its content).

* ONE listing finds every record of the cohort (files.list on the tags, all pages);
  a student whose record's ``casHash`` is the hash of the record as it would be
  rendered now costs no Drive call at all.
* A new record: files.create of the HTML with the Doc MIME type (Drive imports it,
  as its upload guide describes), then files.update setting its hash and locking it.
* A changed record keeps its ID and link: unlock, files.update with the new HTML as
  media, lock again with the new hash.
* The student reads it and cannot change it: their folder is theirs to edit, and a
  file in it inherits that, so the record carries a read-only content restriction
  that only its owner (the service's coordinator, or a shared drive's organizer)
  may lift (``ownerRestricted``; Drive's "Protect file content" guide): nobody may
  rename it, upload a revision or comment while it holds, and the student may not
  lift it. Drive's guide locks with files.update, so the service does too.
* The hash is written only with the lock, last: a record left half-written by a
  failure (or a stop) has the old hash, so the next sync writes it again.
* Drive's writes are paced by the workspace (CAS_DRIVE_WRITES_PER_SECOND, as for
  provisioning). A sync gives the records at most ``budget_seconds``; the students
  not reached wait for the next sync (their hash still differs), so a first sync of
  a large cohort stays within the sync's lock and App Engine's request limit.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from typing import Callable, Iterable, Mapping

from .. import cas
from ..workspace import WorkspaceError
from ..workspace.drive import DOCUMENT, app_properties_query
from ..workspace.errors import RateLimited
from ..workspace.retry import is_retryable
from ..sync.records import as_bool, text
from .render import record_hash, record_html
from .view import StudentView, student_view

KIND = "studentRecord"
NAME = "My CAS record"
LOCK_REASON = "Kept up to date by the school's CAS service from the CAS master sheet."
FIELDS = "id,name,parents,appProperties,webViewLink,contentRestrictions"
BUDGET_SECONDS = 300.0


@dataclasses.dataclass
class RecordToWrite:
    student_id: str
    folder_id: str
    html: str
    hash: str


@dataclasses.dataclass
class Published:
    links: dict[str, str] = dataclasses.field(default_factory=dict)   # student ID -> link
    made: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    left: list[str] = dataclasses.field(default_factory=list)         # for the next sync
    problems: list[str] = dataclasses.field(default_factory=list)


def tags(cohort: str, student_id: str) -> dict[str, str]:
    return {"casKind": KIND, "casId": student_id, "casCohort": cohort}


def views_from_rows(students: Iterable[Mapping], assessed: Mapping[str, cas.Assessment], *,
                    cohort: str, settings: Mapping, experiences: Iterable[Mapping],
                    reflections: Iterable[Mapping], interviews: Iterable[Mapping]
                    ) -> dict[str, StudentView]:
    """Each assessed student's record as data, from the Sheet's rows and settings
    (resolved values: ``outcome_framework``, ``students_see_interview_notes``)."""
    framework = cas.outcomes.framework(text(settings.get("outcome_framework")) or None)
    experiences, reflections, interviews = list(experiences), list(reflections), list(interviews)
    see_notes = as_bool(settings.get("students_see_interview_notes"))
    views = {}
    for row in students:
        sid = text(row.get("student_id"))
        if sid in assessed:
            views[sid] = student_view(row, assessed[sid], cohort=cohort, framework=framework,
                                      experiences=experiences, reflections=reflections,
                                      interviews=interviews,
                                      students_see_interview_notes=see_notes)
    return views


def to_write(views: Mapping[str, StudentView], folders: Mapping[str, str],
             today: datetime.date | None = None) -> list[RecordToWrite]:
    """The rendered records, as of ``today``, of the students who have a folder."""
    found = []
    for sid, view in sorted(views.items()):
        if folders.get(sid):
            html = record_html(view, as_of=today)
            found.append(RecordToWrite(sid, folders[sid], html, record_hash(html, today)))
    return found


def find_records(drive, cohort: str, drive_id: str | None = None) -> dict[str, dict]:
    """The cohort's records by student ID: ONE files.list (all pages)."""
    query = app_properties_query({"casKind": KIND, "casCohort": cohort}) + " and trashed = false"
    found: dict[str, dict] = {}
    for file in drive.files(query, FIELDS, drive_id=drive_id or None):
        found.setdefault((file.get("appProperties") or {}).get("casId", ""), file)
    return found


def publish(drive, records: list[RecordToWrite], *, cohort: str, drive_id: str | None = None,
            existing: Mapping[str, dict] | None = None, budget_seconds: float = BUDGET_SECONDS,
            clock: Callable[[], float] = time.monotonic) -> Published:
    """Make or update each record whose content changed; every record's link.
    ``existing``: the records as ``find_records`` found them (listed here if None)."""
    result = Published()
    if existing is None:
        existing = find_records(drive, cohort, drive_id)
    started = clock()
    for index, record in enumerate(records):
        file = existing.get(record.student_id)
        props = (file or {}).get("appProperties") or {}
        locked = _locked(file)
        if file and props.get("casHash") == record.hash and locked:
            result.links[record.student_id] = file.get("webViewLink", "")
            result.unchanged += 1
            continue
        if clock() - started > budget_seconds:
            result.left = [r.student_id for r in records[index:]
                           if r.student_id not in result.links]
            result.problems.append(
                f"{len(result.left)} student record(s) wait for the next sync (this one "
                f"spent its {int(budget_seconds)} seconds for records).")
            break
        try:
            written = _write(drive, record, file, cohort, locked)
        except CannotLock as err:
            result.left = [r.student_id for r in records[index:]]
            result.problems.append(str(err))
            break
        except RateLimited as err:
            result.left = [r.student_id for r in records[index:]]
            result.problems.append(f"Student records: Drive kept refusing ({err}); "
                                   f"{len(result.left)} wait for the next sync.")
            break
        except WorkspaceError as err:
            if is_retryable(err.status, err.reason):   # Drive is down: no use going on
                result.left = [r.student_id for r in records[index:]]
                result.problems.append(f"Student records: Drive failed ({err}); "
                                       f"{len(result.left)} wait for the next sync.")
                if file:
                    result.links[record.student_id] = file.get("webViewLink", "")
                break
            result.problems.append(f"The record of {record.student_id} was not written "
                                   f"(the next sync tries again): {err}")
            if file:
                result.links[record.student_id] = file.get("webViewLink", "")
            continue
        (result.updated if file else result.made).append(record.student_id)
        result.links[record.student_id] = written.get("webViewLink", "")
    for sid, file in existing.items():
        result.links.setdefault(sid, file.get("webViewLink", ""))
    return result


class CannotLock(WorkspaceError):
    """Drive refused the read-only restriction: the coordinator may not set one that
    only owners lift (in a shared drive, only a Manager may)."""


def _locked(file: dict | None) -> bool:
    return any(r.get("readOnly") and r.get("ownerRestricted")
               for r in (file or {}).get("contentRestrictions") or ())


def _write(drive, record: RecordToWrite, file: dict | None, cohort: str, locked: bool) -> dict:
    data = record.html.encode("utf-8")
    made = file is None
    if file is None:
        file = drive.upload(NAME, data, "text/html", mime_type=DOCUMENT,
                            parent_id=record.folder_id, app_properties=tags(cohort, record.student_id),
                            fields=FIELDS)
    elif (file.get("appProperties") or {}).get("casHash") != record.hash:
        if locked:
            drive.update(file["id"], {"contentRestrictions": [{"readOnly": False}]}, fields="id")
        drive.replace_content(file["id"], data, "text/html", fields="id")
    moved = record.folder_id not in (file.get("parents") or [record.folder_id])
    try:
        return _lock(drive, file, record, moved)
    except WorkspaceError as err:
        if err.status != 403 or err.reason != "insufficientFilePermissions":
            raise
        if made:   # not left in the student's folder for them to change
            try:
                drive.update(file["id"], {"trashed": True}, fields="id")
            except WorkspaceError:
                pass
        raise CannotLock(err.status, err.reason, (
            "Student records cannot be made read-only: Drive refused the coordinator a "
            "restriction that only owners may lift. In a shared drive the coordinator must "
            "be a Manager of it. No more records are written until that is so; the next sync "
            f"tries again. (Google said: {err.message})"), err.method) from err


def _lock(drive, file: dict, record: RecordToWrite, moved: bool) -> dict:
    return drive.update(
        file["id"], {"appProperties": {"casHash": record.hash},
                     "contentRestrictions": [{"readOnly": True, "ownerRestricted": True,
                                              "reason": LOCK_REASON}]},
        add_parents=record.folder_id if moved else None,
        remove_parents=",".join(file.get("parents") or []) if moved else None, fields=FIELDS)
