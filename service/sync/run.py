"""``cas sync``: new form responses into the master Sheet, every student's status
computed with its reasons, a line in the Sync log (DESIGN.md §5).

One sync, acting as the coordinator:

1. The lock: a spreadsheet developer metadata entry with a fixed ``metadataId``.
   Sheets refuses a second entry with the same ID, so of two syncs at once one
   holds it and the other stops, having changed nothing (a lock left by a sync
   that died is taken over once it has expired).
2. The Sheet in two calls (table.py) and each form's responses since its cursor
   (``timestamp >= cursor``: one edited at the cursor's very second is not
   missed; read twice, it updates the same row).
3. Each response becomes a row keyed by its response ID (a proposal: by the
   experience code made from its response ID), matched to the roster by the
   verified email, a reflection to one of that student's experiences. What
   cannot be matched goes to Needs review with the reason.
4. The CAS Classroom course's announcements into Opportunities
   (opportunities.py) and the advisors' names, from the course's teachers; the
   students' evidence in their Drive folders from Drive's changes (evidence.py).
5. Statuses from service/cas, for every active student; each experience's state;
   completion (service/completion/track.py): each student's readiness, and what a
   change of the coordinator's IB completion result asks (a folder locked or
   opened, an extension, a flag in the coordinators' digest).
6. What people must be told (act.py): decisions to students, invitations and
   one reminder to supervisors, a digest to each advisor with new proposals or
   advisees newly At risk, and one to the coordinators; the interview windows'
   notices (service/interviews/windows.py); each recorded in the Sheet (a date,
   or a status that changed) so that it is told once.
7. Writes: ONE values.batchUpdateByDataFilter for existing rows (the service's
   cells only, addressed by row metadata) and ONE spreadsheets.batchUpdate with
   the new rows, the Dashboard (dashboard.py), the advanced cursors, the Sync
   log line and the lock's release: the cursors move only with the rows they
   stand for.
8. The emails, and (when Settings say so) a Classroom announcement seen only by
   the students newly At risk, after the write that records them.
9. Each student's "My CAS record" Doc (service/records/publish.py): found in one
   Drive listing before the write (the existing ones' links go in it, checked
   with the rows), made or rewritten after the check only where its content
   changed, the new ones' links in the last write.

Sheets calls: 4 or 5 whatever the number of students and responses. Classroom:
2 (teachers and announcements), plus 1 for an at-risk announcement. Drive: one
changes.list, plus the listings that recount the folders that changed, one
listing of the students' records and the writes of those that changed.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time

from .. import cas
from ..completion import track as completion
from ..interviews import group as interview_group, recordings, windows as interview_windows
from ..provision.cohort import archived_on, master_sheet_and_root
from ..templates import prefill_url, resolve_settings
from ..templates.settings import date_serial
from ..workspace import WorkspaceError
from . import act, digests, events, records
from .changes import Changes
from .dashboard import dashboard_requests, dashboard_rows
from .evidence import CURSOR_KEY as DRIVE_CURSOR, folder_id, read_evidence
from .opportunities import opportunity_rows
from .responses import (ResponseRow, datetime_serial, question_titles, read_cursor,
                        response_row, write_cursor)
from .table import MasterSheet, append_rows, check_writes, extended, read_master, update_cells
from ..templates.sheet_builder import METADATA_TEMPLATE
from .tokens import TokenKeyError, token_keys
from .upgrade import sheet_version, upgrade
from ..notify import BadAddress

TABS = ("students", "experiences", "reflections", "supervisor_statements", "interviews",
        "needs_review", "opportunities", events.TAB)
FORMS = {"experience_proposal": "experiences", "reflection": "reflections",
         "interview_record": "interviews", "supervisor_statement": "supervisor_statements"}
LOCK_ID, LOCK_KEY = 7_160_001, "casSyncLock"
LOCK_MINUTES = 15
CURSOR = "casCursor."
REPORTED = "casProblemsReported"   # what the coordinators were last told could not be done
FORM_NAMES = {"experience_proposal": "Experience proposal", "reflection": "Reflection",
              "interview_record": "Interview record",
              "supervisor_statement": "Supervisor statement"}


class SyncBusy(RuntimeError):
    """Another sync holds the lock."""


class NotSetUp(RuntimeError):
    """No master Sheet for the cohort."""


class CohortArchived(NotSetUp):
    """The cohort was archived (`cas archive`): it is synced no more."""


@dataclasses.dataclass
class SyncResult:
    responses_read: int = 0
    rows_added: dict[str, int] = dataclasses.field(default_factory=dict)
    rows_updated: int = 0
    needs_review: list[str] = dataclasses.field(default_factory=list)
    statuses: dict[str, int] = dataclasses.field(default_factory=dict)
    emails_sent: int = 0
    notices_failed: list[str] = dataclasses.field(default_factory=list)
    upgraded: object = None         # upgrade.UpgradeResult when the Sheet was upgraded
    opportunities_added: int = 0
    evidence_counted: int = 0       # students whose folders were counted
    newly_at_risk: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    sheet_url: str = ""
    records_written: int = 0        # students' record Docs made or updated


def experience_code(response_id: str) -> str:
    """A short code for the experience a proposal made, the same from any sync:
    six characters of Crockford's alphabet from the response ID, e.g. K7M-3QX."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    number = int.from_bytes(hashlib.sha256(response_id.encode()).digest()[:8], "big")
    chars = [alphabet[(number >> (5 * i)) & 31] for i in range(6)]
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def sync(workspace, config, templates, *, today: datetime.date, trigger: str = "command",
         now: datetime.datetime | None = None) -> SyncResult:
    return _Sync(workspace, config, templates, today, trigger, now).run()


class _Sync:
    def __init__(self, workspace, config, templates, today, trigger, now):
        self.workspace, self.config, self.templates = workspace, config, templates
        self.sheets = workspace.sheets
        self.today, self.trigger = today, trigger
        self.now = now or datetime.datetime.now(datetime.timezone.utc)
        # The sync's own time: its day (``today``, which a command may set) at the time
        # of day it runs. The ledger's lines and the days shown in the Sheet use it.
        self.clock = datetime.datetime.combine(today, self.now.timetz())
        self.result = SyncResult()
        self.started = time.monotonic()
        # A workspace may have served other work: the Sync log counts this sync's calls.
        self.calls_before = dict(workspace.counter.as_dict()["calls"])
        self._keys: tuple[bytes, ...] | None = None
        self.proposals: list[str] = []   # experience codes new or revised in this sync
        self.reviews_added: list[str] = []   # response IDs sent to Needs review by this sync
        self.earlier: list = []          # notices due from earlier syncs, with their content

    def run(self) -> SyncResult:
        sheet, root = master_sheet_and_root(self.workspace.drive, self.config.cohort)
        if not sheet:
            raise NotSetUp(f"There is no master Sheet for the cohort {self.config.cohort}: "
                           f"run `cas setup` first.")
        if archived_on(root):
            raise CohortArchived(f"The cohort {self.config.cohort} was archived on "
                                 f"{archived_on(root)}: it is synced no more.")
        sheet_id = sheet["id"]
        self.result.sheet_url = sheet.get("webViewLink", "")
        self.lock(sheet_id)
        released = False
        try:
            master = read_master(self.sheets, sheet_id, self.templates, TABS,
                                 [CURSOR + form for form in FORMS] + [DRIVE_CURSOR, REPORTED,
                                                                     METADATA_TEMPLATE],
                                 before_tables=lambda meta: self.upgrade(sheet_id, meta))
            self.result.problems += master.problems()
            values = resolve_settings(self.templates.sheet, {
                k: v for k, v in master.settings.items()
                if k in {s.key for s in self.templates.sheet.settings}})
            settings = cas.CasSettings.from_values(values)
            changes = Changes(master)
            ledger = events.Ledger(master.tables[events.TAB])
            cursors = self.read_responses(master, changes)
            self.check_recordings(changes)
            names = self.read_classroom(master, changes)
            drive_cursor = self.read_evidence(master, changes)
            if drive_cursor:
                cursors[DRIVE_CURSOR] = drive_cursor
            act.mirror(changes, ledger)
            computed = self.compute(master, changes, settings)
            self.result.problems += completion.track(self.workspace.drive, changes, ledger,
                                                     settings, values, self.today,
                                                     self.config.subject)
            # The records that exist, and their links into the rows (so they are
            # written and checked with them); the new records' links go last.
            found_records = self.find_records(sheet, changes)
            reported = self.tell(master, changes, computed, values, names, ledger, sheet_id)
            if reported:
                cursors[REPORTED] = reported
            positions = self.write(sheet_id, master, changes, ledger,
                                   self.dashboard(master, changes, computed, settings))
            placed = self.check(sheet_id, master, changes, positions)
            # Each student's record Doc, after the rows are safe: a Drive failure
            # loses nothing, and the links go in the last write.
            links = self.records(sheet, changes, computed, values, found_records)
            # The cursors move only once the rows they stand for are in place:
            # a sync that stops before reads the same responses again.
            self.send(sheet_id, master, changes, ledger, positions, values,
                      cursors if placed else {}, links)
            released = True
        finally:
            if not released:
                self.unlock(sheet_id)
        return self.result

    def upgrade(self, sheet_id: str, metadata: dict) -> None:
        """A Sheet made by an older version is upgraded before anything else (upgrade.py)."""
        if sheet_version(metadata.get(METADATA_TEMPLATE)) < self.templates.sheet.version:
            done = upgrade(self.sheets, sheet_id, self.templates, editors=[self.config.subject],
                           now_serial=self.serial_now, forms=self.workspace.forms,
                           drive=self.workspace.drive)
            self.result.upgraded = done
            self.result.problems += done.problems

    def keys(self) -> tuple[bytes, ...]:
        if self._keys is None:
            try:
                self._keys = token_keys(self.config)
            except TokenKeyError as err:
                self.result.problems.append(f"Supervisor links are off: {err}")
                self._keys = ()
        return self._keys

    # -- the lock ------------------------------------------------------------------
    def lock(self, sheet_id: str) -> None:
        expires = (self.now + datetime.timedelta(minutes=LOCK_MINUTES)).isoformat()
        create = {"createDeveloperMetadata": {"developerMetadata": {
            "metadataId": LOCK_ID, "metadataKey": LOCK_KEY, "metadataValue": expires,
            "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}}
        try:
            self.sheets.batch_update(sheet_id, [create])
            return
        except WorkspaceError as err:
            if err.status != 400:
                raise
        held = self.sheets.search_metadata(sheet_id, [{"developerMetadataLookup": {
            "metadataId": LOCK_ID}}])
        value = held[0]["developerMetadata"].get("metadataValue", "") if held else ""
        if value and value > self.now.isoformat():
            raise SyncBusy(f"Another sync is running (its lock expires at {value}).")
        try:  # take over an expired lock, unless someone else just did
            self.sheets.batch_update(sheet_id, [{"deleteDeveloperMetadata": {"dataFilter": {
                "developerMetadataLookup": {"metadataId": LOCK_ID, "metadataValue": value}}}},
                create])
        except WorkspaceError as err:
            if err.status == 400:
                raise SyncBusy("Another sync started a moment ago.") from err
            raise

    def unlock(self, sheet_id: str) -> None:
        try:
            self.sheets.batch_update(sheet_id, [_release()])
        except WorkspaceError:
            pass  # it expires on its own

    # -- responses -----------------------------------------------------------------
    def read_responses(self, master: MasterSheet, changes: Changes) -> dict[str, str]:
        cursors = {}
        roster = {records.text(c.get("email")).lower(): c
                  for c in master.tables["students"].by_id().values() if c.get("email")}
        for form_key, tab_key in FORMS.items():
            form_id = records.text(master.settings.get(f"{form_key}_form_id"))
            if not form_id:
                continue
            meta = master.spreadsheet_metadata.get(CURSOR + form_key)
            since, seen = read_cursor((meta or {}).get("metadataValue", ""))
            responses = [r for r in self.workspace.forms.responses(
                form_id, submitted_since=since or None)
                if not (r.get("lastSubmittedTime") == since and r.get("responseId") in seen)]
            form = self.templates.forms[form_key]
            tab = self.templates.sheet.tab(tab_key)
            known = {q.question_id for q in form.questions}
            titles = None
            if any(qid not in known for r in responses for qid in r.get("answers") or {}):
                titles = question_titles(self.workspace.forms.get(form_id))  # once a form
            newest, at_newest = since, set(seen)
            for response in sorted(responses, key=lambda r: r.get("lastSubmittedTime", "")):
                self.result.responses_read += 1
                row = response_row(form, tab, response, titles)
                getattr(self, f"match_{form_key}")(row, roster, master, changes)
                if row.submitted > newest:
                    newest, at_newest = row.submitted, set()
                if row.submitted == newest:
                    at_newest.add(row.response_id)
            if master.tables[tab_key].missing:
                # Answers would be written without the lost column: read them all
                # again until `cas upgrade` puts it back, so none is lost.
                self.result.problems.append(
                    f"The {FORM_NAMES[form_key]} form's responses are read again at every "
                    f"sync until the {master.tables[tab_key].title} tab has its column(s) "
                    f"back (`cas upgrade`).")
                continue
            cursors[CURSOR + form_key] = write_cursor(newest, at_newest)
        return cursors

    def review(self, row: ResponseRow, reason: str, changes) -> None:
        cells = {"response_id": row.response_id, "received": datetime_serial(row.submitted),
                 "form": FORM_NAMES[row.form], "respondent": row.respondent or "(not signed in)",
                 "reason": reason, "raw_answers": row.raw_text()}
        if changes.upsert("needs_review", row.response_id, cells):
            self.reviews_added.append(row.response_id)
            self.result.needs_review.append(f"{FORM_NAMES[row.form]} from "
                                            f"{row.respondent or 'someone'}: {reason}")

    def match_experience_proposal(self, row, roster, master, changes) -> None:
        student = roster.get(row.respondent)
        if student is None:
            return self.review(row, f"{row.respondent or 'The respondent'} is not a student "
                                    f"of the Students tab.", changes)
        if completion.confirmed(student):
            return self.review(row, completion.review_reason(student), changes)
        sid = records.text(student.get("student_id"))
        revises = row.answer("revises_experience").upper()
        code = experience_code(row.response_id)
        if revises:
            owner = changes.current("experiences", revises)
            if owner is None or records.text(owner.get("student_id")) != sid:
                return self.review(row, f"The experience code {revises} is not one of "
                                        f"{student.get('name') or sid}'s experiences.", changes)
            code = revises
            row.flags.append(f"Revised by the student on {row.submitted[:10]}: decide again.")
            # The decision told before is spent: the next one is told again.
            row.cells.update(revised_on=datetime_serial(row.submitted), decision_notified_on="")
        cells = dict(row.cells, experience_id=code, student_id=sid,
                     student_name=student.get("name", ""),
                     advisor_email=records.text(student.get("advisor_email")).lower())
        if revises:
            cells.pop("proposal_response_id", None)
        cells["sync_flags"] = "\n".join(row.flags)
        if changes.upsert("experiences", code, cells) or revises:
            self.proposals.append(code)

    def match_reflection(self, row, roster, master, changes) -> None:
        student = roster.get(row.respondent)
        if student is None:
            return self.review(row, f"{row.respondent or 'The respondent'} is not a student "
                                    f"of the Students tab.", changes)
        if completion.confirmed(student):
            return self.review(row, completion.review_reason(student), changes)
        sid = records.text(student.get("student_id"))
        code = row.answer("experience_code").strip().upper()
        experience = changes.current("experiences", code) if code else None
        if experience is None or records.text(experience.get("student_id")) != sid:
            return self.review(row, f"The experience code {code or '(blank)'} is not one of "
                                    f"{student.get('name') or sid}'s experiences.", changes)
        changes.upsert("reflections", row.response_id, dict(
            row.cells, experience_id=code, student_id=sid, student_name=student.get("name", ""),
            experience_title=experience.get("title", ""),
            advisor_email=records.text(student.get("advisor_email")).lower(),
            sync_flags="\n".join(row.flags)))

    def match_supervisor_statement(self, row, roster, master, changes) -> None:
        keys = self.keys()
        if not keys:
            return self.review(row, "The statement could not be checked: no CAS_TOKEN_KEY.",
                               changes)
        cells, reason = act.check_statement(row, changes, keys, self.today)
        if cells is None:
            return self.review(row, reason, changes)
        changes.upsert("supervisor_statements", row.response_id,
                       dict(row.cells, **cells, sync_flags="\n".join(row.flags)))

    def match_interview_record(self, row, roster, master, changes) -> None:
        """One row per student the record names (a group: up to four), service/interviews."""
        interview_group.match_record(
            row, students=master.tables["students"].by_id(), roster=roster,
            coordinators=interview_group.coordinator_emails(
                master.settings.get("coordinator_emails"), self.config.subject),
            changes=changes, review=lambda one, reason: self.review(one, reason, changes))

    def check_recordings(self, changes: Changes) -> None:
        """New recording links checked to be in the student's folder (Drive, in batches)."""
        try:
            recordings.check_recordings(self.workspace.drive, changes, (
                *recordings.GOOGLE_HOSTS, self.config.emulator_url))
        except WorkspaceError as err:
            self.result.problems.append(f"Interview recordings not checked: {err}")

    # -- Classroom and Drive --------------------------------------------------------
    def read_classroom(self, master: MasterSheet, changes: Changes) -> dict[str, str]:
        """The course's announcements into Opportunities; the teachers' names by email
        (for the digests). A Classroom failure is logged and the sync goes on."""
        course = records.text(master.settings.get("classroom_course_id"))
        if not course:
            return {}
        try:
            teachers = self.workspace.classroom.teachers(course)
            announcements = self.workspace.classroom.announcements(course)
        except WorkspaceError as err:
            self.result.problems.append(f"Classroom course {course} not read: {err}")
            return {}
        by_email, by_id = {}, {}
        for teacher in teachers:
            profile = teacher.get("profile") or {}
            name = (profile.get("name") or {}).get("fullName", "")
            by_id[teacher.get("userId", "")] = name
            if profile.get("emailAddress"):
                by_email[profile["emailAddress"].lower()] = name
        own = {records.text(master.settings.get("welcome_announcement_id"))}
        announcements = [a for a in announcements
                         if not interview_windows.is_window_announcement(a.get("text", ""))]
        for post_id, cells in opportunity_rows(announcements, own, AT_RISK_ANNOUNCEMENT, by_id,
                                               datetime_serial).items():
            self.result.opportunities_added += changes.upsert("opportunities", post_id, cells)
        return by_email

    def read_evidence(self, master: MasterSheet, changes: Changes) -> str | None:
        """Evidence files and last activity of the students whose folders changed;
        the Drive cursor to store, or None when Drive could not be read."""
        folders, uncounted = {}, []
        for sid, cells in master.tables["students"].by_id().items():
            fid = folder_id(records.text(cells.get("folder_link")))
            if fid:
                folders[sid] = fid
                if records.text(cells.get("evidence_files")) == "":
                    uncounted.append(sid)
        cursor = (master.spreadsheet_metadata.get(DRIVE_CURSOR) or {}).get("metadataValue")
        if not folders and not cursor:
            return None   # nothing provisioned yet: start reading changes once there is
        try:
            read = read_evidence(self.workspace.drive, folders, uncounted, cursor)
        except WorkspaceError as err:
            self.result.problems.append(f"Drive folders not read: {err}")
            return None
        for sid, evidence in read.counts.items():
            changes.upsert("students", sid, {
                "evidence_files": evidence.files,
                "last_activity": date_serial(evidence.last_change) if evidence.last_change
                else ""}, add=False)
        self.result.evidence_counted = len(read.counts)
        return read.cursor

    # -- statuses ------------------------------------------------------------------
    def compute(self, master: MasterSheet, changes: Changes, settings) -> "_Computed":
        experiences = [records.experience(c) for c in changes.all("experiences")]
        reflections = [r for r in map(records.reflection, changes.all("reflections")) if r]
        statements = [s for s in map(records.statement, changes.all("supervisor_statements")) if s]
        interviews = [records.interview(c) for c in changes.all("interviews")]
        link = records.text(master.settings.get("reflection_form_link"))
        reflection_form = self.templates.forms["reflection"]
        progress = {}
        for exp in experiences:
            progress[exp.experience_id] = state = cas.experience_progress(
                exp, reflections, statements, settings, self.today)
            cells = {"experience_status": state.experience_status,
                     "reflections": state.reflections,
                     "supervisor_statement": state.supervisor_statement}
            if link:
                cells["reflection_link"] = prefill_url(reflection_form, link,
                                                       {"experience_code": exp.experience_id})
            changes.upsert("experiences", exp.experience_id, cells)
        for interview in interviews:
            changes.upsert("interviews", interview.response_id, {"in_window": cas.interview_timing(
                interview.number, interview.interview_date, settings)})
        rows = master.tables["students"].by_id()
        students = [records.student(c) for c in rows.values()
                    if records.text(c.get("roster_status")) != "Withdrawn"
                    and records.text(c.get("student_id"))]
        assessed = cas.assess_cohort(students, experiences, reflections, statements, interviews,
                                     settings, self.today)
        newly_at_risk = []
        for sid, assessment in assessed.items():
            cells = assessment.students_cells()
            if isinstance(cells.get("last_reflection"), datetime.date):
                cells["last_reflection"] = date_serial(cells["last_reflection"])
            elif cells.get("last_reflection") is None:
                cells["last_reflection"] = ""
            before = rows.get(sid, {})
            if assessment.status == cas.AT_RISK and records.text(before.get("status")) != cas.AT_RISK:
                newly_at_risk.append(act.AtRisk(
                    sid, records.text(before.get("name")), records.text(before.get("email")).lower(),
                    records.text(before.get("advisor_email")).lower(), assessment.reasons,
                    records.text(before.get("folder_link"))))
            changes.upsert("students", sid, cells, add=False)
            self.result.statuses[assessment.status] = \
                self.result.statuses.get(assessment.status, 0) + 1
        self.result.newly_at_risk = [s.student_name or s.student_id for s in newly_at_risk]
        return _Computed(students, assessed, experiences, reflections, interviews, progress,
                         newly_at_risk)

    # -- telling people ------------------------------------------------------------
    def tell(self, master: MasterSheet, changes: Changes, computed: "_Computed",
             values: dict, names: dict[str, str], ledger: events.Ledger, sheet_id: str) -> str:
        """Record as due, in the ledger, each notice it does not hold yet. One that
        cannot be made (an address we cannot send to) is reported and made again
        at the next sync, once the address is fixed. The coordinators hear of the
        problems met (a damaged tab, a notice Google keeps refusing) when they
        differ from what they were last told; returns what they were told (a
        digest of the problems) for the Sheet to remember."""
        forms, keys = self.templates.forms, self.keys()
        outgoing = act.decisions_and_invitations(changes, ledger, master.settings, forms, keys,
                                                 self.today, names)
        outgoing += act.supervisor_reminders(changes, ledger, computed.progress,
                                             master.settings, forms, keys, self.today)
        coordinators = [str(e).strip() for e in values.get("coordinator_emails") or ()
                        if str(e).strip()] or [self.config.subject]
        unsent = ledger.waiting()
        problems = list(self.result.problems) + [
            f"A {event_id.split()[0].replace('_', ' ')} could not be sent "
            f"({len(ledger.failures[event_id])} tries; Google said: "
            f"{ledger.failures[event_id][-1]}); the next sync tries again."
            for event_id in sorted(unsent) if event_id in ledger.failures]
        told = hashlib.sha256("\n".join(sorted(problems)).encode()).hexdigest()[:16] \
            if problems else "none"
        before = (master.spreadsheet_metadata.get(REPORTED) or {}).get("metadataValue", "none")
        stamp = self.clock.isoformat(timespec="seconds")
        # What is new goes into the coming digests; those due now take all that waits.
        for item in digests.items(
                proposals=[changes.current("experiences", code) or {} for code in self.proposals],
                newly_at_risk=computed.newly_at_risk, advisor_names=names,
                sheet_link=self.result.sheet_url, coordinators=coordinators,
                needs_review_added=self.reviews_added,
                problems_reported=(told, problems) if told != before and problems else None,
                stamp=stamp):
            ledger.add(item)
        # Interview windows: the advisors' emails, the students' post, the digest items.
        outgoing += interview_windows.window_notices(
            ledger=ledger, students=changes.all("students"), interviews=computed.interviews,
            values=values, topics=self.templates.interview_topics, forms=forms,
            advisor_names=names, today=self.today, cohort=self.config.cohort,
            coordinators=coordinators)
        schedule = digests.Schedule.from_settings(values, self.result.problems)
        last = digests.last_digests(ledger)

        def is_due(key):
            return digests.due(schedule, self.clock, last.get(key))
        # The content of what waits is read only for what goes now: notices to try
        # again, and the items of the digests due.
        self.earlier = events.read_waiting(
            self.sheets, sheet_id, ledger, self.templates.sheet.tab(events.TAB).title,
            lambda kind, recipient: kind != digests.ITEM or is_due(recipient))
        gathered = digests.gather(self.earlier + list(ledger.new.values()))
        mails, taken = digests.digests(
            gathered, is_due,
            advisor_names=names, sheet_link=self.result.sheet_url,
            counts_by_status=dict(self.result.statuses),
            needs_review_open=len(_open_reviews(changes)), cohort=self.config.cohort,
            stamp=stamp, problems=problems)
        outgoing += mails
        for mail in outgoing:
            try:
                ledger.add(events.email_notice(mail.event_id, mail.kind, mail.to, **mail.context))
            except (BadAddress, TypeError, ValueError) as err:
                self.result.problems.append(f"{mail.kind} to {mail.to!r} not sent: {err}")
                continue
            if mail.event_id in taken:
                ledger.take(taken[mail.event_id], mail.event_id)
        course = records.text(values.get("classroom_course_id"))
        emails = {s.email for s in computed.newly_at_risk if s.email}
        if values.get("announce_at_risk_to_students") and course and emails:
            ledger.add(events.announcement_notice(
                f"at_risk_announcement {self.clock.isoformat(timespec='seconds')}", course,
                AT_RISK_ANNOUNCEMENT, emails))
        return told if told != before else ""

    # -- the Dashboard -------------------------------------------------------------
    def dashboard(self, master: MasterSheet, changes: Changes, computed: "_Computed",
                  settings) -> list[dict]:
        """Requests that rewrite the Dashboard tab below its header."""
        tab = self.templates.sheet.tab("dashboard")
        advisor_of = {records.text(c.get("email")).lower():
                      records.text(c.get("advisor_email")).lower()
                      for c in changes.all("students") if c.get("email")}
        by_advisor: dict[str, int] = {}
        reviews = _open_reviews(changes)
        for cells in reviews:
            advisor = advisor_of.get(records.text(cells.get("respondent")).lower())
            if advisor:
                by_advisor[advisor] = by_advisor.get(advisor, 0) + 1
        rows = dashboard_rows(
            students=computed.students, assessments=computed.assessed,
            experiences=computed.experiences, reflections=computed.reflections,
            interviews=computed.interviews,
            proposed_on={records.text(c.get("experience_id")): records.as_date(c.get("proposed_on"))
                         for c in changes.all("experiences")},
            review_by_advisor=by_advisor, review_total=len(reviews), settings=settings,
            today=self.today, updated=datetime_serial(self.now.isoformat()))
        return dashboard_requests(tab, rows)

    # -- writing -------------------------------------------------------------------
    def write(self, sheet_id: str, master: MasterSheet, changes: Changes,
              ledger: events.Ledger, dashboard: list[dict]) -> dict[str, dict[str, int]]:
        """ONE spreadsheets.batchUpdate: existing rows' changed cells at their rows as
        read, new rows appended (table.py), the Dashboard, the new notices as due.
        Returns each tab's row positions as read (ID -> row)."""
        requests, positions = [], {}
        for tab_key, table in master.tables.items():
            positions[tab_key] = dict(table.ids)
            updates = changes.updates.get(tab_key, {})
            requests += update_cells(table, table.ids, updates)
            self.result.rows_updated += len(updates)
            new = changes.new.get(tab_key, {})
            requests += append_rows(table, list(new.items()))
            if new:
                self.result.rows_added[tab_key] = len(new)
        requests += dashboard
        requests += ledger.due_lines(self.serial_now, self.now)
        self.sheets.batch_update(sheet_id, requests)
        return positions

    def check(self, sheet_id: str, master: MasterSheet, changes: Changes,
              positions: dict[str, dict[str, int]]) -> bool:
        """The written rows read again, and what a person's sort or insert moved
        meanwhile written again where it belongs (table.check_writes)."""
        placed, rewritten = check_writes(
            self.sheets, sheet_id, self.templates,
            {key: (table, changes.updates.get(key, {})) for key, table in master.tables.items()
             if key != events.TAB}, positions)
        if rewritten:
            self.result.problems.append(
                f"Rows were moved while the sync wrote; {rewritten} cell range(s) written "
                f"again where their IDs are now.")
        if not placed:
            self.result.problems.append("Rows kept moving while the sync wrote: the next sync "
                                        "puts what is still out of place right.")
        return placed

    def find_records(self, sheet: dict, changes: Changes) -> dict | None:
        """The students' record Docs (ONE Drive listing), their links put in the
        Students rows that lack them; None when Drive could not be read."""
        from ..records import find_records
        try:
            found = find_records(self.workspace.drive, self.config.cohort, sheet.get("driveId"))
        except WorkspaceError as err:
            self.result.problems.append(f"Student records not written (the next sync tries "
                                        f"again): {err}")
            return None
        for sid, file in found.items():
            link = file.get("webViewLink", "")
            row = changes.current("students", sid)
            if link and row is not None and row.get("record_link") != link:
                changes.upsert("students", sid, {"record_link": link}, add=False)
        return found

    def records(self, sheet: dict, changes: Changes, computed: "_Computed",
                values: dict, found: dict | None) -> dict[str, dict]:
        """Each active student's "My CAS record" made or updated in their folder when
        its content changed (service/records/publish.py); the Students cells of the
        new records' links, for the last write."""
        from ..records import publish, to_write, views_from_rows
        if found is None:
            return {}
        students = [c for c in changes.all("students")
                    if records.text(c.get("roster_status")) != "Withdrawn"]
        folders = {records.text(c.get("student_id")): folder_id(records.text(c.get("folder_link")))
                   for c in students}
        views = views_from_rows(students, computed.assessed, cohort=self.config.cohort,
                                settings=values, experiences=changes.all("experiences"),
                                reflections=changes.all("reflections"),
                                interviews=changes.all("interviews"))
        try:
            done = publish(self.workspace.drive, to_write(views, folders, self.today),
                           cohort=self.config.cohort, drive_id=sheet.get("driveId"),
                           existing=found)
        except WorkspaceError as err:
            self.result.problems.append(f"Student records not written (the next sync tries "
                                        f"again): {err}")
            return {}
        self.result.records_written = len(done.made) + len(done.updated)
        self.result.problems += done.problems
        return {sid: {"record_link": link} for sid, link in done.links.items()
                if link and (changes.current("students", sid) or {}).get("record_link") != link}

    def send(self, sheet_id: str, master: MasterSheet, changes: Changes,
             ledger: events.Ledger, positions: dict[str, dict[str, int]], values: dict,
             cursors: dict[str, str], links: dict[str, dict] | None = None) -> None:
        """The due notices (this sync's, and any an earlier sync could not send),
        then ONE spreadsheets.batchUpdate: what Google said of each in the ledger,
        the cells that show it, the cursors, the Sync log line, the lock's release."""
        earlier = [n for n in self.earlier if n.kind != digests.ITEM]
        notices = earlier + [n for n in ledger.new.values() if n.kind != digests.ITEM]
        outcomes = events.deliver(
            self.workspace, notices, {n.event_id for n in earlier},
            sender=records.text(values.get("sender_address")) or None,
            domain=self.config.school_domain,
            since=ledger.due_since)
        for outcome in outcomes:
            if outcome.state == events.SENT:
                ledger.sent[outcome.event_id] = self.serial_now
                if outcome.kind != events.ANNOUNCEMENT:
                    self.result.emails_sent += 1
            else:
                self.result.notices_failed.append(
                    f"{outcome.kind} to {outcome.to}: {outcome.detail}")
        self.result.problems += [f"not sent (tried again at the next sync): {line}"
                                 for line in self.result.notices_failed]
        before = {code: dict(cells) for code, cells in changes.updates.get("experiences",
                                                                              {}).items()}
        act.mirror(changes, ledger)
        told = {code: {k: v for k, v in cells.items() if before.get(code, {}).get(k, "?") != v}
                for code, cells in changes.updates.get("experiences", {}).items()}
        requests = update_cells(master.tables["experiences"], positions.get("experiences", {}),
                                {code: cells for code, cells in told.items() if cells})
        requests += ledger.outcome_lines(outcomes, self.serial_now)
        requests += update_cells(master.tables["students"], positions.get("students", {}),
                                 links or {})
        for key, value in cursors.items():
            if value and value != (master.spreadsheet_metadata.get(key) or {}).get(
                    "metadataValue"):
                requests.append(_cursor(master, key, value))
        requests.append(self.log_line(master))
        requests.append(_release())
        self.sheets.batch_update(sheet_id, requests)

    @property
    def serial_now(self) -> float:
        return datetime_serial(self.clock.isoformat())

    def log_line(self, master: MasterSheet) -> dict:
        tab = self.templates.sheet.tab("sync_log")
        counter = {m: n - self.calls_before.get(m, 0)
                   for m, n in self.workspace.counter.as_dict()["calls"].items()
                   if n > self.calls_before.get(m, 0)}
        by_api: dict[str, int] = {}
        for method, n in counter.items():
            by_api[method.split(".")[0]] = by_api.get(method.split(".")[0], 0) + n
        by_api["sheets"] = by_api.get("sheets", 0) + 1  # this write
        values = {"time": self.serial_now, "trigger": self.trigger,
                  "seconds": round(time.monotonic() - self.started, 1),
                  "responses_read": self.result.responses_read,
                  "rows_written": sum(self.result.rows_added.values()) + self.result.rows_updated,
                  "emails_sent": self.result.emails_sent,
                  "needs_review_added": len(self.result.needs_review),
                  "api_calls": ", ".join(f"{api} {n}" for api, n in sorted(by_api.items())),
                  "errors": "\n".join(self.result.problems)}
        row = [{"userEnteredValue": extended(values.get(c.key, ""))} if values.get(c.key, "") != ""
               else {} for c in tab.columns]
        return {"appendCells": {"sheetId": tab.sheet_id, "rows": [{"values": row}],
                                "fields": "userEnteredValue"}}


AT_RISK_ANNOUNCEMENT = (
    "Your CAS programme needs some attention: please see your CAS advisor this week. "
    "They can tell you what is missing and help you plan the next step. (Only you and "
    "the other students who need a word with their advisor see this post.)")


@dataclasses.dataclass
class _Computed:
    """What the statuses were computed from, and what they changed."""

    students: list
    assessed: dict
    experiences: list
    reflections: list
    interviews: list
    progress: dict                 # experience ID -> cas.ExperienceProgress
    newly_at_risk: list            # act.AtRisk


def _open_reviews(changes: Changes) -> list[dict]:
    return [c for c in changes.all("needs_review") if not records.as_bool(c.get("resolved"))]


def _cursor(master: MasterSheet, key: str, value: str) -> dict:
    if key in master.spreadsheet_metadata:
        return {"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataKey": key}}],
            "developerMetadata": {"metadataValue": value}, "fields": "metadataValue"}}
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "metadataValue": value, "location": {"spreadsheet": True},
        "visibility": "DOCUMENT"}}}


def _release() -> dict:
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
        "metadataId": LOCK_ID}}}}
