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
4. Statuses from service/cas, for every active student; each experience's state.
5. Writes: ONE values.batchUpdateByDataFilter for existing rows (the service's
   cells only, addressed by row metadata) and ONE spreadsheets.batchUpdate with
   the new rows, the advanced cursors, the Sync log line and the lock's release:
   the cursors move only with the rows they stand for.

6. The emails the decisions call for (act.py), after the write that records them.

Sheets calls: 4 or 5 whatever the number of students and responses. Not yet
done here (issue 6 continues): supervisor reminders, digests, targeted Classroom
announcements, Classroom opportunities, Drive evidence counts, the Dashboard.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time

from .. import cas
from ..provision.cohort import master_sheet_id
from ..templates import prefill_url, resolve_settings
from ..templates.settings import date_serial
from ..workspace import WorkspaceError
from . import act, records
from .responses import ResponseRow, datetime_serial, response_row
from .table import MasterSheet, insert_rows, read_master, update_rows
from .tokens import TokenKeyError, token_keys

TABS = ("students", "experiences", "reflections", "supervisor_statements", "interviews",
        "needs_review")
FORMS = {"experience_proposal": "experiences", "reflection": "reflections",
         "interview_record": "interviews", "supervisor_statement": "supervisor_statements"}
LOCK_ID, LOCK_KEY = 7_160_001, "casSyncLock"
LOCK_MINUTES = 15
CURSOR = "casCursor."
FORM_NAMES = {"experience_proposal": "Experience proposal", "reflection": "Reflection",
              "interview_record": "Interview record",
              "supervisor_statement": "Supervisor statement"}


class SyncBusy(RuntimeError):
    """Another sync holds the lock."""


class NotSetUp(RuntimeError):
    """No master Sheet for the cohort."""


@dataclasses.dataclass
class SyncResult:
    responses_read: int = 0
    rows_added: dict[str, int] = dataclasses.field(default_factory=dict)
    rows_updated: int = 0
    needs_review: list[str] = dataclasses.field(default_factory=list)
    statuses: dict[str, int] = dataclasses.field(default_factory=dict)
    emails_sent: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    sheet_url: str = ""


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
        self.result = SyncResult()
        self.started = time.monotonic()
        self._keys: tuple[bytes, ...] | None = None

    def run(self) -> SyncResult:
        sheet_id = master_sheet_id(self.workspace.drive, self.config.cohort)
        if not sheet_id:
            raise NotSetUp(f"There is no master Sheet for the cohort {self.config.cohort}: "
                           f"run `cas setup` first.")
        self.lock(sheet_id)
        released = False
        try:
            master = read_master(self.sheets, sheet_id, self.templates, TABS,
                                 [CURSOR + form for form in FORMS])
            settings = cas.CasSettings.from_values(resolve_settings(
                self.templates.sheet, {k: v for k, v in master.settings.items()
                                       if k in {s.key for s in self.templates.sheet.settings}}))
            changes = _Changes(master)
            cursors = self.read_responses(master, changes)
            self.compute(master, changes, settings)
            outgoing = act.decisions_and_invitations(changes, master.settings,
                                                     self.templates.forms, self.keys(), self.today)
            self.write(sheet_id, master, changes, cursors, len(outgoing))
            released = True
        finally:
            if not released:
                self.unlock(sheet_id)
        # Only now that the Sheet records them: each email at most once.
        self.result.emails_sent, failed = act.send(self.workspace.gmail, outgoing, None)
        self.result.problems += [f"email not sent: {line}" for line in failed]
        return self.result

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
    def read_responses(self, master: MasterSheet, changes: "_Changes") -> dict[str, str]:
        cursors = {}
        roster = {records.text(c.get("email")).lower(): c
                  for c in master.tables["students"].by_id().values() if c.get("email")}
        for form_key, tab_key in FORMS.items():
            form_id = records.text(master.settings.get(f"{form_key}_form_id"))
            if not form_id:
                continue
            meta = master.spreadsheet_metadata.get(CURSOR + form_key)
            cursor = (meta or {}).get("metadataValue", "")
            responses = self.workspace.forms.responses(form_id, submitted_since=cursor or None)
            form = self.templates.forms[form_key]
            tab = self.templates.sheet.tab(tab_key)
            newest = cursor
            for response in sorted(responses, key=lambda r: r.get("lastSubmittedTime", "")):
                self.result.responses_read += 1
                row = response_row(form, tab, response)
                getattr(self, f"match_{form_key}")(row, roster, master, changes)
                newest = max(newest, row.submitted)
            cursors[form_key] = newest
        return cursors

    def review(self, row: ResponseRow, reason: str, changes) -> None:
        cells = {"response_id": row.response_id, "received": datetime_serial(row.submitted),
                 "form": FORM_NAMES[row.form], "respondent": row.respondent or "(not signed in)",
                 "reason": reason, "raw_answers": row.raw_text()}
        if changes.upsert("needs_review", row.response_id, cells):
            self.result.needs_review.append(f"{FORM_NAMES[row.form]} from "
                                            f"{row.respondent or 'someone'}: {reason}")

    def match_experience_proposal(self, row, roster, master, changes) -> None:
        student = roster.get(row.respondent)
        if student is None:
            return self.review(row, f"{row.respondent or 'The respondent'} is not a student "
                                    f"of the Students tab.", changes)
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
        cells = dict(row.cells, experience_id=code, student_id=sid,
                     student_name=student.get("name", ""),
                     advisor_email=records.text(student.get("advisor_email")).lower())
        if revises:
            cells.pop("proposal_response_id", None)
        cells["sync_flags"] = "\n".join(row.flags)
        changes.upsert("experiences", code, cells)

    def match_reflection(self, row, roster, master, changes) -> None:
        student = roster.get(row.respondent)
        if student is None:
            return self.review(row, f"{row.respondent or 'The respondent'} is not a student "
                                    f"of the Students tab.", changes)
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
        ref = row.answer("student").strip()
        students = master.tables["students"].by_id()
        student = students.get(ref) or roster.get(ref.lower())
        if student is None:
            return self.review(row, f"No student has the email or ID {ref!r}.", changes)
        changes.upsert("interviews", row.response_id, dict(
            row.cells, student_id=records.text(student.get("student_id")),
            student_name=student.get("name", ""),
            advisor_email=records.text(student.get("advisor_email")).lower(),
            sync_flags="\n".join(row.flags)))

    # -- statuses ------------------------------------------------------------------
    def compute(self, master: MasterSheet, changes: "_Changes", settings) -> None:
        experiences = [records.experience(c) for c in changes.all("experiences")]
        reflections = [r for r in map(records.reflection, changes.all("reflections")) if r]
        statements = [s for s in map(records.statement, changes.all("supervisor_statements")) if s]
        interviews = [records.interview(c) for c in changes.all("interviews")]
        link = records.text(master.settings.get("reflection_form_link"))
        reflection_form = self.templates.forms["reflection"]
        for exp in experiences:
            progress = cas.experience_progress(exp, reflections, statements, settings, self.today)
            cells = {"experience_status": progress.experience_status,
                     "reflections": progress.reflections,
                     "supervisor_statement": progress.supervisor_statement}
            if link:
                cells["reflection_link"] = prefill_url(reflection_form, link,
                                                       {"experience_code": exp.experience_id})
            changes.upsert("experiences", exp.experience_id, cells)
        for interview in interviews:
            changes.upsert("interviews", interview.response_id, {"in_window": cas.interview_timing(
                interview.number, interview.interview_date, settings)})
        students = [records.student(c) for c in master.tables["students"].by_id().values()
                    if records.text(c.get("roster_status")) != "Withdrawn"
                    and records.text(c.get("student_id"))]
        assessed = cas.assess_cohort(students, experiences, reflections, statements, interviews,
                                     settings, self.today)
        for sid, assessment in assessed.items():
            cells = assessment.students_cells()
            if isinstance(cells.get("last_reflection"), datetime.date):
                cells["last_reflection"] = date_serial(cells["last_reflection"])
            elif cells.get("last_reflection") is None:
                cells["last_reflection"] = ""
            changes.upsert("students", sid, cells, add=False)
            self.result.statuses[assessment.status] = \
                self.result.statuses.get(assessment.status, 0) + 1

    # -- writing -------------------------------------------------------------------
    def write(self, sheet_id: str, master: MasterSheet, changes: "_Changes",
              cursors: dict[str, str], emails: int) -> None:
        data, structure = [], []
        for tab_key, table in master.tables.items():
            updates = changes.updates.get(tab_key, {})
            data += update_rows(table, updates)
            self.result.rows_updated += len(updates)
            new = changes.new.get(tab_key, {})
            structure += insert_rows(table, list(new.items()))
            if new:
                self.result.rows_added[tab_key] = len(new)
        if data:
            self.sheets.values_update_by_metadata(sheet_id, data)
        for form_key, value in cursors.items():
            if value and value != (master.spreadsheet_metadata.get(CURSOR + form_key) or {}).get(
                    "metadataValue"):
                structure.append(_cursor(master, CURSOR + form_key, value))
        structure.append(self.log_line(master, emails))
        structure.append(_release())
        self.sheets.batch_update(sheet_id, structure)

    def log_line(self, master: MasterSheet, emails: int) -> dict:
        tab = self.templates.sheet.tab("sync_log")
        counter = self.workspace.counter.as_dict()["calls"]
        by_api: dict[str, int] = {}
        for method, n in counter.items():
            by_api[method.split(".")[0]] = by_api.get(method.split(".")[0], 0) + n
        by_api["sheets"] = by_api.get("sheets", 0) + 1  # this write
        values = {"time": datetime_serial(self.now.isoformat()), "trigger": self.trigger,
                  "seconds": round(time.monotonic() - self.started, 1),
                  "responses_read": self.result.responses_read,
                  "rows_written": sum(self.result.rows_added.values()) + self.result.rows_updated,
                  "emails_sent": emails, "needs_review_added": len(self.result.needs_review),
                  "api_calls": ", ".join(f"{api} {n}" for api, n in sorted(by_api.items())),
                  "errors": "\n".join(self.result.problems)}
        row = [{"userEnteredValue": _value(values.get(c.key, ""))} if values.get(c.key, "") != ""
               else {} for c in tab.columns]
        return {"appendCells": {"sheetId": tab.sheet_id, "rows": [{"values": row}],
                                "fields": "userEnteredValue"}}


class _Changes:
    """What the sync will write: new rows and changed service cells, by tab and
    row ID, over the rows as read (``current`` sees both)."""

    def __init__(self, master: MasterSheet):
        self.read = {key: table.by_id() for key, table in master.tables.items()}
        self.new: dict[str, dict[str, dict]] = {}
        self.updates: dict[str, dict[str, dict]] = {}

    def current(self, tab: str, row_id: str) -> dict | None:
        if row_id in self.new.get(tab, {}):
            return self.new[tab][row_id]
        if row_id in self.read.get(tab, {}):
            return {**self.read[tab][row_id], **self.updates.get(tab, {}).get(row_id, {})}
        return None

    def all(self, tab: str) -> list[dict]:
        ids = list(self.read.get(tab, {})) + [i for i in self.new.get(tab, {})
                                              if i not in self.read.get(tab, {})]
        return [self.current(tab, i) for i in ids]

    def upsert(self, tab: str, row_id: str, cells: dict, add: bool = True) -> bool:
        """Set these cells of the row; True if the row is new. Unchanged cells are
        not written again."""
        if row_id in self.new.get(tab, {}):
            self.new[tab][row_id].update(cells)
            return False
        if row_id in self.read.get(tab, {}):
            before = self.read[tab][row_id]
            changed = {k: v for k, v in cells.items() if not _same(before.get(k), v)}
            if changed:
                self.updates.setdefault(tab, {}).setdefault(row_id, {}).update(changed)
            return False
        if add:
            self.new.setdefault(tab, {})[row_id] = dict(cells)
            return True
        return False


def _same(old, new) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(new, bool) or isinstance(old, bool):
        return records.as_bool(old) == records.as_bool(new)
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return abs(old - new) < 1e-6
    return str(old) == str(new)


def _value(value) -> dict:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"numberValue": value}
    return {"stringValue": str(value)}


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
