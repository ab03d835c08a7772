"""``cas archive``: a finished cohort put away. Allowed after its end date
(Settings ``cohort_end``), earlier only when forced with a reason.

Each step first finds what exists, so a run stopped anywhere is finished by the
next, and a run with nothing left to do changes nothing:

1. The mark: the root folder's ``appProperties`` get ``casArchived`` (the day; the
   Settings tab's ``archived_on`` says it too, with the reason when forced). From
   then on the cohort's state is ``archived`` (service/cohorts.py): the cron round
   enqueues no sync for it, the daily watch round renews no watch, a sync task or
   ``cas sync`` that still comes does nothing (sync/run.py), and ``cas provision``
   refuses it (it would give the students write access again).
2. The forms stop: each form no longer accepts responses (a student who tries is
   told so by Google, instead of answering into a form nobody reads), and the
   service's watches of them are deleted.
3. The final snapshot, in an "Archive" folder of the cohort folder: the master
   Sheet as .xlsx (Drive's export, uploaded as a file) and every student's "My CAS
   record" Doc as PDF (a student without one is listed as such).
4. Read-only: each student's permission on their folder, each advisor's on
   theirs, and the advisors' on the master Sheet become ``reader`` (Drive
   permissions.update, in batch requests). Nothing is deleted; the coordinator
   keeps full access.
5. A Sync log line saying all of it.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..provision.cohort import FORM
from ..provision.folders import ADVISOR, STUDENT
from . import common as C

FOLDER_KIND, FILE_KIND = "archive_folder", "archive_file"
TABS = ("students",)
READ_ONLY = "reader"


@dataclasses.dataclass
class ArchiveResult:
    archived_on: str = ""
    newly_archived: bool = False
    done: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    folder_url: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.done)


def archive(workspace, config, templates, *, today: datetime.date, force: bool = False,
            reason: str = "", now: datetime.datetime | None = None) -> ArchiveResult:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    calls_before = dict(workspace.counter.as_dict()["calls"])
    drive = workspace.drive
    cohort = C.find(drive, config.cohort)
    master = C.open_master(workspace, templates, cohort.sheet["id"], TABS, [config.subject], now)
    result = ArchiveResult(archived_on=cohort.archived_on)
    if not cohort.archived_on:
        _allowed(master.settings, today, force, reason)
        mark = today.isoformat()
        drive.update(cohort.root["id"], {"appProperties": {C.ARCHIVED: mark}})
        result.archived_on, result.newly_archived = mark, True
        result.done.append(f"archived on {mark}: no more syncs, watches or provisioning"
                           + (f" (before the cohort's end, forced: {reason.strip()})"
                              if force and reason.strip() else ""))
    _settings_line(workspace, cohort, master, result, force, reason)
    _stop_forms(workspace, cohort, result)
    students = master.tables["students"].by_id()
    missing = [sid for sid, cells in students.items() if cohort.record(sid) is None
               and C.text(cells.get("roster_status")) != "Withdrawn"
               and cohort.get(FILE_KIND, f"record/{sid}") is None]
    if C.make_missing_records(workspace, config, templates, missing, today):
        cohort = C.find(drive, config.cohort)          # with the records just made
    _snapshot(drive, cohort, result, students)
    _read_only(drive, cohort, result, students, config.subject)
    if result.done:        # a run with nothing left to do records nothing
        C.log_line(workspace, templates, cohort.sheet["id"], trigger="archive",
                   done=result.done, problems=result.problems, now=now,
                   calls_before=calls_before)
    return result


def _allowed(settings: dict, today: datetime.date, force: bool, reason: str) -> None:
    end = C.cohort_end(settings)
    if end is not None and today > end:
        return
    if force and reason.strip():
        return
    if force:
        raise C.ClosingRefused("--force needs --reason TEXT: why the cohort is archived "
                               "before its end (kept in the Settings tab and the Sync log).")
    if end is None:
        raise C.ClosingRefused("The Settings tab has no cohort_end, so it cannot be said the "
                               "cohort has ended: set it, or archive with --force --reason TEXT.")
    raise C.ClosingRefused(f"The cohort ends on {end.isoformat()}: it can be archived from "
                           f"{(end + datetime.timedelta(days=1)).isoformat()}, or earlier with "
                           f"--force --reason TEXT. Nothing was changed.")


def _settings_line(workspace, cohort, master, result, force, reason) -> None:
    want = result.archived_on + (f" (forced: {reason.strip()})"
                                 if force and reason.strip() and result.newly_archived else "")
    have = C.text(master.settings.get("archived_on"))
    row = master.settings_rows.get("archived_on")
    if row is None or (have and not result.newly_archived) or have == want:
        return
    workspace.sheets.values_batch_update(cohort.sheet["id"], [
        {"range": f"Settings!B{row}", "values": [[want]]}], value_input="RAW")


def _stop_forms(workspace, cohort, result) -> None:
    for key, form in sorted(cohort.of_kind(FORM).items()):
        got = workspace.forms.get(form["id"])
        # Google leaves false booleans out: a publishState without isAcceptingResponses
        # is closed; a form without publishSettings at all (made before them) is closed
        # to be sure.
        state = (got.get("publishSettings") or {}).get("publishState")
        if state is None or state.get("isAcceptingResponses"):
            workspace.forms.publish(form["id"], accepting_responses=False)
            result.done.append(f"the {key.replace('_', ' ')} form no longer accepts responses")
        for watch in workspace.forms.watches(form["id"]):
            workspace.forms.delete_watch(form["id"], watch["id"])
            result.done.append(f"stopped the {key.replace('_', ' ')} form's notifications")


def _snapshot(drive, cohort, result, students) -> None:
    folder, made = C.ensure_folder(drive, cohort, FOLDER_KIND, "archive", "Archive",
                                   cohort.root["id"])
    result.folder_url = folder.get("webViewLink", "")
    if made:
        result.done.append("made the Archive folder")
    sheet = cohort.sheet
    if cohort.get(FILE_KIND, "master_sheet") is None:
        C.put_file(drive, cohort, FILE_KIND, "master_sheet",
                   f"Master Sheet {cohort.name} (archived {result.archived_on}).xlsx",
                   folder["id"], lambda: drive.export(sheet["id"], C.XLSX), C.XLSX,
                   C.source_version(sheet))
        result.done.append("exported the master Sheet as .xlsx into Archive")
    missing = []
    for sid, cells in sorted(students.items()):
        label = f"{C.text(cells.get('name'))} ({sid})"
        record = cohort.record(sid)
        if record is None:
            missing.append(label)
            continue
        if cohort.get(FILE_KIND, f"record/{sid}") is None:
            C.put_file(drive, cohort, FILE_KIND, f"record/{sid}", f"{label} - CAS record.pdf",
                       folder["id"], lambda r=record: drive.export(r["id"], C.PDF), C.PDF,
                       C.source_version(record))
            result.done.append(f"exported {label}'s record as PDF into Archive")
    if missing:
        result.problems.append(f"No \"My CAS record\" Doc for {len(missing)} student(s), so "
                               f"Archive has no record of them: {', '.join(missing)}. Make "
                               f"the records, then run `cas archive` again to add them.")


def _read_only(drive, cohort, result, students, coordinator: str) -> None:
    """Students on their folders, advisors on theirs and on the master Sheet: reader."""
    wanted: list[tuple[dict, str, str]] = []     # (file, email, what)
    advisors = set()
    for sid, cells in students.items():
        email = C.text(cells.get("email")).lower()
        folder = cohort.get(STUDENT, sid)
        if folder is not None and email:
            wanted.append((folder, email, f"{C.text(cells.get('name'))} ({sid}) on their folder"))
        advisor = C.text(cells.get("advisor_email")).lower()
        if advisor:
            advisors.add(advisor)
    advisor_folders = {key.lower(): f for key, f in cohort.of_kind(ADVISOR).items()}
    for advisor in sorted(advisors - {coordinator.lower()}):
        folder = advisor_folders.get(advisor)
        if folder is not None:
            wanted.append((folder, advisor, f"{advisor} on their advisor folder"))
        wanted.append((cohort.sheet, advisor, f"{advisor} on the master Sheet"))
    files = list({f["id"]: f for f, _, _ in wanted}.values())
    found = drive.permissions_of([f["id"] for f in files],
                                fields="id,type,role,emailAddress,permissionDetails")
    changes = []
    for file, email, what in wanted:
        for p in found.get(file["id"], []):
            if p.get("type") == "user" and (p.get("emailAddress") or "").lower() == email \
                    and p.get("role") in ("writer", "commenter") \
                    and not _inherited(p, file["id"]):
                changes.append((file["id"], p["id"], what))
    answers = drive.batch(drive.role_request(fid, pid, READ_ONLY, fields="id,role")
                          for fid, pid, _ in changes)
    for (fid, pid, what), answer in zip(changes, answers):
        if answer.ok:
            result.done.append(f"read-only: {what}")
        else:
            result.problems.append(f"could not make {what} read-only: {answer.error} "
                                   f"(run `cas archive` again)")


def _inherited(permission: dict, file_id: str) -> bool:
    details = permission.get("permissionDetails") or []
    return bool(details) and all(d.get("inherited") for d in details)
