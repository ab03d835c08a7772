"""``cas report --term NAME``: the parents' report cards, a PDF per student in a
"Reports <term>" folder of the cohort (``make_reports``: the command and, through
a task, the coordinator's Report cards page call the same function).

* The content is the parents' version of the record (render.report_html: status as
  an indicator, the advisor's comments, strands and outcomes counted; reflections
  only with the setting ``reports_include_reflections``), as of the master Sheet
  now (the last sync's statuses, recomputed for ``today``).
* The PDF is Drive's own: the HTML goes into a working Google Doc (files.update
  with new media) and files.export gives it as application/pdf. One working Doc
  serves the whole run and is deleted at its end (one left by a run that stopped
  is deleted by the next).
* Files are named student ID first (``S1234 - Ana Lopez - CAS report Term 1.pdf``)
  so a school's report system can match them, and tagged (appProperties
  ``casKind=report``, ``casId``, ``casCohort``, ``casTerm``, ``casHash``). Running
  the same term again finds them in one listing and replaces each changed one in
  place (same ID and link); an unchanged one costs nothing.
* With the setting ``share_reports_with_parents`` on, each parent of the Students
  tab's Parents' emails gets view access to their own child's PDF only
  (permissions.create without Google's sharing email; a reader no longer listed
  loses it), and one email from the service with the link: a notice in the
  Notices ledger (``parent_report <cohort> <term> <student> <parent>``), recorded
  as due here and sent by the next sync like every other notice, so it goes once
  and a failure is tried again (the sync runs every 15 minutes; ``cas sync`` sends
  it now). Recording it is all this command does to the ledger, so it never races
  a sync that is sending.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from ..sync import events
from ..sync.records import as_bool, text
from ..sync.responses import datetime_serial
from ..workspace import WorkspaceError
from ..workspace.drive import DOCUMENT, app_properties_query, quote
from ..roster.records import split_emails
from .make import NoMasterSheet, read_cohort
from .render import ReportOptions, record_hash, report_html

REPORT, FOLDER_KIND, SCRATCH = "report", "reportsFolder", "reportScratch"
PDF = "application/pdf"
FIELDS = "id,name,mimeType,parents,appProperties,webViewLink"
RUN_KEY, RESULT_KEY = "casRun", "casRunResult"   # on the folder: the last run finished
TERM_LIMIT = 100  # bytes of UTF-8: the term is an appProperty (Drive: 124 bytes, key and value)


class ReportError(ValueError):
    """The reports cannot be made (no master Sheet, a bad term name)."""


@dataclasses.dataclass
class ReportFile:
    student_id: str
    name: str
    file_id: str
    link: str


@dataclasses.dataclass
class ReportResult:
    term: str
    folder_link: str = ""
    files: dict[str, ReportFile] = dataclasses.field(default_factory=dict)
    made: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    shared: list[tuple[str, str]] = dataclasses.field(default_factory=list)   # (student, parent)
    unshared: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    emails_due: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)


def file_name(student_id: str, name: str, term: str) -> str:
    return f"{student_id} - {name} - CAS report {term}.pdf"


def check_term(term: str) -> str:
    term = " ".join((term or "").split())
    if not term:
        raise ReportError("Give the term's name, e.g. --term \"Term 1\".")
    if len(term.encode("utf-8")) > TERM_LIMIT or any(c in term for c in "/\\"):
        raise ReportError(f"The term's name must be short (at most {TERM_LIMIT} bytes), without "
                          f"slashes; got {term!r}.")
    return term


def make_reports(workspace, config, templates, *, term: str, today: datetime.date,
                 now: datetime.datetime | None = None,
                 student_ids: Iterable[str] | None = None, run: str = "") -> ReportResult:
    """Each active student's report for ``term`` (or only ``student_ids``'), made or
    replaced in place; shared with the parents when Settings say so. With ``run``
    (the coordinator's page names its request so), the term's folder records at
    the end that this run finished, and its counts (``report_status`` reads them)."""
    term = check_term(term)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    drive = workspace.drive
    try:
        cohort = read_cohort(workspace, config, templates, today=today, student_ids=student_ids)
    except NoMasterSheet as err:
        raise ReportError(str(err)) from None
    values, sheet = cohort.settings, cohort.sheet
    root = text(values.get("root_folder_id"))
    if not root:
        raise ReportError("The Settings tab has no root_folder_id: run `cas setup` first.")
    result = ReportResult(term)
    drive_id = sheet.get("driveId") or None
    folder = _folder(drive, config.cohort, term, root, drive_id)
    result.folder_link = folder.get("webViewLink", "")
    inside = drive.files(f"{quote(folder['id'])} in parents and trashed = false", FIELDS,
                         drive_id=drive_id)
    existing = {}
    for file in inside:
        props = file.get("appProperties") or {}
        if props.get("casKind") == REPORT and props.get("casTerm") == term:
            existing.setdefault(props.get("casId", ""), file)
    for leftover in (f for f in inside if (f.get("appProperties") or {}).get("casKind") == SCRATCH):
        _delete(drive, leftover["id"], result)
    options = ReportOptions(term, as_bool(values.get("reports_include_reflections")))
    scratch = None
    try:
        for sid, view in sorted(cohort.views.items()):
            html = report_html(view, options)
            digest = record_hash(html)
            name = file_name(sid, view.name, term)
            file = existing.get(sid)
            props = (file or {}).get("appProperties") or {}
            if file and props.get("casHash") == digest and file.get("name") == name:
                result.unchanged += 1
            else:
                try:
                    scratch = _scratch(drive, scratch, html, folder["id"], config.cohort)
                    pdf = drive.export(scratch, PDF)
                    file = _write_pdf(drive, file, pdf, name, folder["id"], {
                        "casKind": REPORT, "casId": sid, "casCohort": config.cohort,
                        "casTerm": term, "casHash": digest})
                except WorkspaceError as err:
                    result.problems.append(f"{sid}: the report was not made ({err}); run the "
                                           f"command again.")
                    continue
                (result.updated if sid in existing else result.made).append(sid)
            result.files[sid] = ReportFile(sid, name, file["id"], file.get("webViewLink", ""))
    finally:
        if scratch:
            _delete(drive, scratch, result)
    if as_bool(values.get("share_reports_with_parents")):
        _share(workspace, sheet["id"], cohort.tables, cohort.students, result, config, term, now)
    if run:
        counts = (f"{len(result.made)} made, {len(result.updated)} replaced, "
                  f"{result.unchanged} unchanged, {len(result.problems)} problem(s)")
        drive.update(folder["id"], {"appProperties": {RUN_KEY: run, RESULT_KEY: counts}},
                     fields="id")
    return result


@dataclasses.dataclass
class ReportStatus:
    """What Drive holds of a term's reports: the folder, the PDFs in it, and the
    last run that finished (recorded by ``make_reports`` on the folder)."""
    term: str
    folder_link: str = ""
    pdfs: int = 0
    last_run: str = ""
    last_result: str = ""


def report_status(drive, cohort: str, term: str, drive_id: str | None = None) -> ReportStatus:
    """Two Drive listings (files.list): the term's folder and its report PDFs."""
    term = check_term(term)
    status = ReportStatus(term)
    folders = drive.files(app_properties_query({"casKind": FOLDER_KIND, "casId": term,
                                                "casCohort": cohort}) + " and trashed = false",
                          FIELDS, drive_id=drive_id)
    if not folders:
        return status
    folder = folders[0]
    props = folder.get("appProperties") or {}
    status.folder_link = folder.get("webViewLink", "")
    status.last_run, status.last_result = props.get(RUN_KEY, ""), props.get(RESULT_KEY, "")
    pdfs = drive.files(f"{quote(folder['id'])} in parents and trashed = false and "
                       + app_properties_query({"casKind": REPORT, "casTerm": term}),
                       "id,appProperties", drive_id=drive_id)
    status.pdfs = len({(f.get("appProperties") or {}).get("casId") for f in pdfs})
    return status


def _folder(drive, cohort: str, term: str, root: str, drive_id: str | None) -> dict:
    """The cohort's "Reports <term>" folder, made the first time."""
    tags = {"casKind": FOLDER_KIND, "casId": term, "casCohort": cohort}
    found = drive.files(app_properties_query(tags) + " and trashed = false", FIELDS,
                        drive_id=drive_id)
    if found:
        return found[0]
    return drive.create_folder(f"Reports {term}", root, tags, fields=FIELDS)


def _scratch(drive, scratch: str | None, html: str, folder: str, cohort: str) -> str:
    """The working Doc holding ``html`` (made on first use)."""
    data = html.encode("utf-8")
    if scratch is None:
        return drive.upload("CAS report (working copy, deleted when done)", data, "text/html",
                            mime_type=DOCUMENT, parent_id=folder, fields="id",
                            app_properties={"casKind": SCRATCH, "casCohort": cohort})["id"]
    drive.replace_content(scratch, data, "text/html", fields="id")
    return scratch


def _write_pdf(drive, file: dict | None, pdf: bytes, name: str, folder: str,
               properties: dict) -> dict:
    if file is None:
        return drive.upload(name, pdf, PDF, parent_id=folder, app_properties=properties,
                            fields=FIELDS)
    return drive.replace_content(file["id"], pdf, PDF, {"name": name, "appProperties": properties},
                                 fields=FIELDS)


def _delete(drive, file_id: str, result: ReportResult) -> None:
    try:
        drive.delete(file_id)
    except WorkspaceError as err:
        result.problems.append(f"The working copy {file_id} was not deleted ({err}); the "
                               f"next run deletes it.")


def _share(workspace, sheet_id: str, tables, students, result: ReportResult, config, term: str,
           now: datetime.datetime) -> None:
    """Each parent may view their own child's PDF, and is emailed its link once."""
    drive = workspace.drive
    files = {sid: f for sid, f in result.files.items() if sid in students}
    try:
        current = drive.permissions_of([f.file_id for f in files.values()])
    except WorkspaceError as err:
        result.problems.append(f"Reports not shared with parents ({err}); run the command again.")
        return
    ledger = events.Ledger(tables[events.TAB])
    for sid, report in sorted(files.items()):
        parents = split_emails(text(students[sid].get("parent_emails")))
        readers = {p.get("emailAddress", "").lower(): p for p in current.get(report.file_id, [])
                   if p.get("type") == "user" and p.get("role") == "reader"}
        for email in parents:
            if email not in readers:
                try:
                    drive.share(report.file_id, email, role="reader")
                except WorkspaceError as err:
                    result.problems.append(f"{sid}: not shared with {email} ({err}).")
                    continue
                result.shared.append((sid, email))
            event_id = f"parent_report {config.cohort} {term} {sid} {email}"
            try:
                added = ledger.add(events.email_notice(
                    event_id, "parent_report", email, student_name=text(students[sid].get("name")),
                    term=term, link=report.link))
            except (ValueError, TypeError) as err:
                result.problems.append(f"{sid}: no email to {email!r}: {err}")
                continue
            result.emails_due += bool(added)
        for email, permission in readers.items():
            if email not in parents:
                try:
                    drive.unshare(report.file_id, permission["id"])
                    result.unshared.append((sid, email))
                except WorkspaceError as err:
                    result.problems.append(f"{sid}: {email} still has access ({err}).")
    requests = ledger.due_lines(datetime_serial(now.isoformat()), now)
    if requests:
        workspace.sheets.batch_update(sheet_id, requests)
