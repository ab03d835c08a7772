"""What the end-of-cohort steps share: the cohort as found in Drive (ONE listing of
everything tagged with it), the master Sheet read by column keys (upgraded first
when older), the students' record Docs, and a line in the Sync log.

Every object these steps make carries the usual tags (``casKind``, ``casId``,
``casCohort``), so the same listing finds it next time and nothing is made twice:

==========================  ===========================  =================================
``casKind``                 ``casId``                    what
``moderation_pack``         the pack's day               the "Moderation <day>" folder
``moderation_student``      ``<day>/<student ID>``       a student's folder in the pack
``moderation_file``         ``<day>/<student ID>/<what>``  record, experiences, reflections
                            ``<day>/outline``            the programme outline's PDF
``archive_folder``          ``archive``                  the "Archive" folder
``archive_file``            ``master_sheet``,            the final snapshot
                            ``record/<student ID>``
``retention_record``        the cohort                   the Retention record Doc (outside)
==========================  ===========================  =================================

The record Doc contract (shared with the records and completion steps): each
student's "My CAS record" is a Google Doc tagged ``casKind=studentRecord``,
``casId=<student ID>``, ``casCohort=<cohort>`` and a ``casHash`` of its content.
"""

from __future__ import annotations

import dataclasses
import datetime
import html

from ..provision.cohort import MASTER_SHEET, ROOT, at_home
from ..records.make import make_records
from ..sync.records import as_date, text
from ..sync.responses import datetime_serial
from ..sync.table import read_master
from ..sync.upgrade import sheet_version, upgrade
from ..templates.sheet_builder import METADATA_TEMPLATE
from ..workspace.drive import app_properties_query

RECORD = "studentRecord"            # the records step's Doc (the contract above)
DOCUMENT = "application/vnd.google-apps.document"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
HTML = "text/html"
ARCHIVED = "casArchived"            # on the root folder: the day it was archived (cohorts.py)
LISTING_FIELDS = ("id,name,mimeType,parents,appProperties,webViewLink,trashed,driveId,"
                  "createdTime,version")


class ClosingRefused(RuntimeError):
    """The step may not run (yet): nothing was changed. The message says why and what to do."""


@dataclasses.dataclass
class Cohort:
    """The cohort's tagged Drive objects (one listing) by (casKind, casId)."""

    name: str
    files: dict[tuple[str, str], dict]
    drive_id: str            # "" for My Drive

    @property
    def root(self) -> dict | None:
        return self.files.get((ROOT, ROOT))

    @property
    def sheet(self) -> dict | None:
        return self.files.get((MASTER_SHEET, MASTER_SHEET))

    @property
    def archived_on(self) -> str:
        return ((self.root or {}).get("appProperties") or {}).get(ARCHIVED, "")

    def get(self, kind: str, cas_id: str) -> dict | None:
        return self.files.get((kind, cas_id))

    def of_kind(self, kind: str) -> dict[str, dict]:
        return {cas_id: f for (k, cas_id), f in self.files.items() if k == kind}

    def record(self, student_id: str) -> dict | None:
        return self.get(RECORD, student_id)


def find(drive, cohort: str) -> Cohort:
    """The cohort's tagged objects, wherever it lives (ONE files.list, all pages, over
    My Drive and the coordinator's shared drives; kept where its root is); raises
    ``ClosingRefused`` when there is no root folder or master Sheet."""
    listed = drive.files(f"{app_properties_query({'casCohort': cohort})} and trashed = false",
                         LISTING_FIELDS, all_drives=True)
    home, files = at_home(listed, cohort)
    found = Cohort(cohort, {}, home)
    for file in sorted(files, key=lambda f: (f.get("createdTime", ""), f["id"])):
        props = file.get("appProperties") or {}
        found.files.setdefault((props.get("casKind", ""), props.get("casId", "")), file)
    if found.root is None or found.sheet is None:
        raise ClosingRefused(f"There is no cohort {cohort} (no root folder and master Sheet "
                             f"in Drive): `cas cohorts` lists the school's cohorts.")
    return found


def make_missing_records(workspace, config, templates, student_ids: list[str],
                         today: datetime.date) -> bool:
    """Make the "My CAS record" Docs of these students now, as the sync's records
    step would (service/records); False when there were none to make."""
    if not student_ids:
        return False
    make_records(workspace, config, templates, today=today, student_ids=student_ids)
    return True


def open_master(workspace, templates, sheet_id: str, tabs, editors: list[str],
                now: datetime.datetime):
    """The master Sheet's tabs and Settings in two calls, upgraded first when made by
    an older version (a column this step reads, such as Reflections' Star, may be new)."""
    def before(metadata):
        if sheet_version(metadata.get(METADATA_TEMPLATE)) < templates.sheet.version:
            upgrade(workspace.sheets, sheet_id, templates, editors=editors,
                    now_serial=datetime_serial(now.isoformat()))
    return read_master(workspace.sheets, sheet_id, templates, tabs, [METADATA_TEMPLATE],
                       before_tables=before)


def cohort_end(settings: dict) -> datetime.date | None:
    return as_date(settings.get("cohort_end"))


def log_line(workspace, templates, sheet_id: str, *, trigger: str, done: list[str],
             problems: list[str], now: datetime.datetime, calls_before: dict) -> None:
    """ONE spreadsheets.batchUpdate appending a Sync log line: what the step did
    (``done``, one line each) and what it could not do (``problems``)."""
    tab = templates.sheet.tab("sync_log")
    counter = workspace.counter.as_dict()["calls"]
    by_api: dict[str, int] = {}
    for method, n in counter.items():
        n -= calls_before.get(method, 0)
        if n > 0:
            by_api[method.split(".")[0]] = by_api.get(method.split(".")[0], 0) + n
    by_api["sheets"] = by_api.get("sheets", 0) + 1
    values = {"time": datetime_serial(now.isoformat()), "trigger": trigger,
              "api_calls": ", ".join(f"{api} {n}" for api, n in sorted(by_api.items())),
              "errors": "\n".join(problems)[:45_000], "done": "\n".join(done)[:45_000]}
    row = []
    for column in tab.columns:
        value = values.get(column.key, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            row.append({"userEnteredValue": {"numberValue": value}})
        elif value != "":
            row.append({"userEnteredValue": {"stringValue": str(value)}})
        else:
            row.append({})
    workspace.sheets.batch_update(sheet_id, [{"appendCells": {
        "sheetId": tab.sheet_id, "rows": [{"values": row}], "fields": "userEnteredValue"}}])


def ensure_folder(drive, cohort: Cohort, kind: str, cas_id: str, name: str,
                  parent_id: str) -> tuple[dict, bool]:
    """The tagged folder, found in the listing or made now; (folder, made)."""
    found = cohort.get(kind, cas_id)
    if found is not None:
        return found, False
    made = drive.create_folder(name, parent_id, tags(cohort.name, kind, cas_id),
                               fields=LISTING_FIELDS)
    cohort.files[(kind, cas_id)] = made
    return made, True


def tags(cohort: str, kind: str, cas_id: str, **extra: str) -> dict[str, str]:
    return {"casKind": kind, "casId": cas_id, "casCohort": cohort, **extra}


def source_version(file: dict) -> str:
    """What says a Doc changed: its ``casHash`` (the record contract), else its version."""
    return ((file.get("appProperties") or {}).get("casHash") or
            str(file.get("version") or file.get("modifiedTime") or ""))[:60]


def put_file(drive, cohort: Cohort, kind: str, cas_id: str, name: str, parent_id: str,
             content, mime_type: str, source: str, *, as_type: str | None = None) -> str:
    """The tagged file made, or brought up to date in place (same ID and links) when
    its ``source`` differs, or left alone; "made", "updated" or "kept". ``content``
    is bytes, or a callable giving them (called only when needed: an export)."""
    found = cohort.get(kind, cas_id)
    if found is not None and (found.get("appProperties") or {}).get("casSource") == source:
        return "kept"
    data = content() if callable(content) else content
    properties = tags(cohort.name, kind, cas_id, casSource=source)
    if found is not None:
        updated = drive.replace_content(found["id"], data, mime_type,
                                        {"appProperties": properties}, fields=LISTING_FIELDS)
        cohort.files[(kind, cas_id)] = updated
        return "updated"
    made = drive.upload(name, data, mime_type, mime_type=as_type, parent_id=parent_id,
                        app_properties=properties, fields=LISTING_FIELDS)
    cohort.files[(kind, cas_id)] = made
    return "made"


def html_page(title: str, parts: list[str]) -> bytes:
    """A small HTML document (imported by Drive as a Google Doc)."""
    body = "\n".join(parts)
    return (f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>").encode("utf-8")


__all__ = ["ClosingRefused", "Cohort", "find", "open_master", "log_line", "ensure_folder",
           "put_file", "tags", "text", "as_date", "cohort_end", "source_version", "html_page"]
