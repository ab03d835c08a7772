"""``cas provision``: every student of the Students tab gets a Drive folder shared
with them under their advisor's folder, and their links in their row; the CAS
Classroom course gets one welcome announcement.

One run, acting as the coordinator:

1. ONE Drive listing of the cohort's tagged objects, each folder with its
   permissions, wherever the cohort lives (cohort.py); the Students tab and
   Settings in one Sheets call (students.py). In a shared drive, where a
   listing carries no permissions, those of the folders the plan looks at are
   read in batch requests of up to 100 permissions.list calls (below).
2. ``plan_folders`` (folders.py) says which Drive writes are needed. ``dry_run``
   stops here and returns the plan with the calls it would make.
3. The writes, in Drive batch requests of up to 100, paced under Drive's
   sustained write rate: advisor folders, then student folders, moves and
   renames, then permissions (no Google sharing email: the welcome says it).
   If anything was written, the cohort is listed once more and whatever is
   still missing (a concurrent run's duplicate, a refused call) is planned again.
4. At most one spreadsheets.batchUpdate: each advisor's filter views, and each
   provisioned student's folder link, form links and date, in the row whose
   Student ID cell is theirs, only where a cell differs; then one read checks the
   links landed on their rows (written again where a person's sort moved them).
5. The welcome announcement, once: a notice of the Notices ledger, due before it
   is posted (its ID is then kept in Settings), so a run stopped after Classroom
   took it finds the post instead of posting again.

Drive calls: about 2 per new student (a folder and a permission) plus a
constant; Sheets calls: at most 6 whatever the cohort's size (the sixth records
the welcome announcement in Settings, once). In a shared drive, each run also
reads the permissions of every advisor and student folder that existed before
it (one permissions.list each, 100 to a batch request): 1 read per student per
run, and none for the folders the run itself makes.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Callable

from ..roster import WITHDRAWN
from ..templates import advisor_requests, prefill_url
from ..templates.sheet_builder import filter_view_title
from ..templates.settings import date_serial
from . import folders as F
from .cohort import ADVISORS, MASTER_SHEET, MY_DRIVE, ROOT, archived_on, at_home, drive_of, tags
from ..completion.track import confirmed as completion_confirmed
from ..sync import events
from ..sync.table import SheetDamaged
from ..sync.upgrade import upgrade
from .students import ROSTER_COLUMNS, SetupNeeded, StudentsTab, read_students_tab, write_rows

WELCOME = "welcome"   # the welcome announcement's notice in the ledger

LINK_COLUMNS = ("folder_link", "proposal_link", "reflection_link", "interview_link",
                "provisioned_on")
MAX_ROUNDS = 3


@dataclasses.dataclass
class ProvisionedStudent:
    student_id: str
    name: str
    email: str
    advisor_email: str
    folder_id: str
    links: dict[str, str]


@dataclasses.dataclass
class ProvisionResult:
    plan: F.FolderPlan
    sheet_id: str = ""
    sheet_url: str = ""
    done: dict[str, int] = dataclasses.field(default_factory=dict)
    problems: list[str] = dataclasses.field(default_factory=list)
    needs_advisor: list[str] = dataclasses.field(default_factory=list)
    students: list[ProvisionedStudent] = dataclasses.field(default_factory=list)
    cells_written: int = 0
    filter_views_added: int = 0
    announcement: str = ""        # "posted", "found", or why not
    planned_calls: dict[str, int] = dataclasses.field(default_factory=dict)  # --dry-run's
    remaining: int = 0            # students left for a later run (``max_students``)


def provision(workspace, config, templates, *, today: datetime.date,
              dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
              now: datetime.datetime | None = None,
              max_students: int | None = None) -> ProvisionResult:
    """Provision the cohort's students as the Students tab lists them.
    ``progress(done, total)`` is told after each batch of Drive writes.

    ``max_students``: provision at most this many of the students still needing
    Drive writes (in the Students tab's order) and say in ``remaining`` how many
    are left, so that a large cohort goes in chunks that each fit in a request
    (service/schedule/provisioning.py). The welcome is posted by the run that
    leaves none."""
    return _Provision(workspace, config, templates, today, now, progress,
                      max_students).run(dry_run)


class _Provision:
    def __init__(self, workspace, config, templates, today, now, progress, max_students=None):
        self.max_students = max_students
        self.workspace, self.config, self.templates = workspace, config, templates
        self.drive, self.sheets = workspace.drive, workspace.sheets
        self.today = today
        self.now = now or datetime.datetime.now(datetime.timezone.utc)
        self.progress = progress or (lambda done, total: None)
        self.home: str | None = None  # the cohort's drive, once listed

    def run(self, dry_run: bool) -> ProvisionResult:
        listing = self.list_cohort()
        sheet = _one(listing, MASTER_SHEET)
        advisors_folder = _one(listing, ADVISORS)
        if not sheet or not advisors_folder:
            raise SetupNeeded(f"The cohort {self.config.cohort} is not set up: run `cas setup` "
                              f"and `cas roster import` first.")
        if archived_on(_one(listing, ROOT)):   # it would make the folders writable again
            raise SetupNeeded(f"The cohort {self.config.cohort} was archived on "
                              f"{archived_on(_one(listing, ROOT))}: it is provisioned no more.")
        try:
            tab = read_students_tab(self.sheets, sheet["id"], self.templates,
                                    ROSTER_COLUMNS, optional=LINK_COLUMNS, ledger=True)
        except SheetDamaged:   # a Sheet made before the Notices ledger: upgraded first
            upgrade(self.sheets, sheet["id"], self.templates, editors=[self.config.subject],
                    now_serial=date_serial(self.today))
            tab = read_students_tab(self.sheets, sheet["id"], self.templates,
                                    ROSTER_COLUMNS, optional=LINK_COLUMNS, ledger=True)
        wanted, needs_advisor = self.wanted(tab)
        names = self.advisor_names(tab.settings)
        folders = F.Folders.from_listing(advisors_folder["id"], listing)
        self.read_permissions(folders, wanted)
        plan = F.plan_folders(folders, wanted, names, self.now)
        remaining = 0
        if self.max_students and not dry_run:
            pending = _pending(plan, wanted)
            if len(pending) > self.max_students:
                later = set(pending[self.max_students:])
                wanted = [s for s in wanted if s.student_id not in later]
                plan = F.plan_folders(folders, wanted, names, self.now)
                remaining = len(later)
        result = ProvisionResult(plan, sheet["id"], sheet.get("webViewLink", ""),
                                 needs_advisor=needs_advisor, remaining=remaining)
        if dry_run:
            result.planned_calls = self.calls_planned(plan, tab, wanted)
            return result
        for _ in range(MAX_ROUNDS):
            if not plan.writes:
                break
            self.execute(plan, folders, result)
            known = {f["id"]: f["permissions"] for f in folders.found.values()
                     if "permissions" in f}
            folders = F.Folders.from_listing(advisors_folder["id"], self.list_cohort())
            self.read_permissions(folders, wanted, known)
            plan = F.plan_folders(folders, wanted, names, self.now)
        if plan.writes:
            result.problems.append(f"{plan.writes} Drive change(s) could not be made; run "
                                   f"`cas provision` again.")
        result.problems += plan.left_alone
        self.write_sheet(sheet["id"], tab, wanted, folders, names, result)
        self.welcome(sheet["id"], tab, result)
        return result

    # -- reading -------------------------------------------------------------
    def list_cohort(self) -> list[dict]:
        """ONE listing (all pages) of everything tagged with the cohort where it
        lives: the first over My Drive and every shared drive, the next ones in
        the cohort's drive only."""
        cohort = {"casCohort": self.config.cohort}
        if self.home is None:
            self.home, listing = at_home(self.drive.find(
                cohort, fields=F.FOLDER_FIELDS, all_drives=True), self.config.cohort)
            return listing
        listing = self.drive.find(cohort, fields=F.FOLDER_FIELDS, drive_id=self.home or None)
        return [f for f in listing if drive_of(f) == self.home]

    def read_permissions(self, folders: F.Folders, wanted: list[F.WantedStudent],
                         known: dict[str, list[dict]] | None = None) -> None:
        """In a shared drive, the permissions of the folders the plan looks at,
        which its listing does not carry: those this run already knows (``known``:
        read, or written by it, by folder ID) are reused; the others are read with
        one permissions.list each, 100 to a batch request. Nothing in My Drive."""
        if self.home in (None, MY_DRIVE):
            return
        known = known or {}
        unknown = []
        for folder in F.folders_planned_from(folders, wanted):
            if folder["id"] in known:
                folder["permissions"] = known[folder["id"]]
            else:
                unknown.append(folder)
        read = self.drive.permissions_of([f["id"] for f in unknown],
                                         fields="id,type,emailAddress,role")
        for folder in unknown:
            folder["permissions"] = read[folder["id"]]

    def wanted(self, tab: StudentsTab) -> tuple[list[F.WantedStudent], list[str]]:
        wanted, needs_advisor, seen = [], [], set()
        for _, cells in tab.rows():
            student_id, email = str(cells["student_id"]), str(cells["email"]).lower()
            if not student_id or not email or student_id in seen:
                continue
            seen.add(student_id)
            student = F.WantedStudent(student_id, str(cells["name"]) or student_id, email,
                                      str(cells["advisor_email"]).lower(),
                                      active=cells["roster_status"] != WITHDRAWN,
                                      locked=completion_confirmed(cells))
            if student.active and not student.advisor_email:
                needs_advisor.append(f"{student.name} ({student_id})")
            wanted.append(student)
        return wanted, needs_advisor

    def advisor_names(self, settings) -> dict[str, str]:
        """Advisors' names from the CAS Classroom course, when Settings names one."""
        course = str(settings.get("classroom_course_id") or "").strip()
        if not course:
            return {}
        names = {}
        for teacher in self.workspace.classroom.teachers(course):
            profile = teacher.get("profile") or {}
            email = (profile.get("emailAddress") or "").lower()
            if email:
                names[email] = (profile.get("name") or {}).get("fullName", "")
        return names

    # -- Drive -----------------------------------------------------------------
    def execute(self, plan: F.FolderPlan, folders: F.Folders, result) -> None:
        total, done = plan.writes, 0
        cohort = self.config.cohort

        def run(parts: list[tuple[str, object, Callable]]) -> None:
            nonlocal done
            for start in range(0, len(parts), 100):
                chunk = parts[start:start + 100]
                answers = self.drive.batch([request for _, request, _ in chunk])
                for (what, _, on_done), answer in zip(chunk, answers):
                    if answer.ok:
                        on_done(answer.value)
                        result.done[what] = result.done.get(what, 0) + 1
                    else:
                        result.problems.append(f"{what}: {answer.error}")
                done += len(chunk)
                self.progress(done, total)

        run([("advisor folders made",
              self.drive.create_folder_request(name, folders.advisors_folder_id,
                                               tags(cohort, F.ADVISOR, email, ready=True),
                                               fields=F.FOLDER_FIELDS),
              lambda file, email=email: folders.add(F.ADVISOR, email, file))
             for email, name in plan.create_advisor_folders])
        parts = []
        for student in plan.create_student_folders:
            parent = folders.get(F.ADVISOR, student.advisor_email)
            if parent:
                parts.append(("student folders made", self.drive.create_folder_request(
                    student.folder_name, parent["id"],
                    tags(cohort, F.STUDENT, student.student_id, ready=True),
                    fields=F.FOLDER_FIELDS),
                    lambda file, s=student: folders.add(F.STUDENT, s.student_id, file)))
        for folder, student in plan.moves:
            parent = folders.get(F.ADVISOR, student.advisor_email)
            if parent:
                old = ",".join(p for p in folder.get("parents") or [] if p != parent["id"])
                parts.append(("folders moved to a new advisor", self.drive.update_request(
                    folder["id"], add_parents=parent["id"], remove_parents=old or None,
                    fields="id,parents"), lambda file, f=folder: f.update(parents=file["parents"])))
        for folder, student in plan.renames:
            parts.append(("folders renamed", self.drive.update_request(
                folder["id"], {"name": student.folder_name}, fields="id,name"),
                lambda file, f=folder: f.update(name=file["name"])))
        for folder, permission, student in plan.unshares:
            parts.append(("withdrawn students' access removed",
                          self.drive.unshare_request(folder["id"], permission["id"]),
                          lambda _, f=folder, p=permission: f["permissions"].remove(p)))
        for duplicate in plan.trash:
            parts.append(("duplicate folders trashed",
                          self.drive.update_request(duplicate["id"], {"trashed": True},
                                                    fields="id"), lambda _: None))
        run(parts)
        parts = []
        for kind, key, email, role in plan.shares:
            folder = folders.get(kind, key)
            if folder:
                what = "advisors given the master Sheet" if kind == F.SHEET else \
                    f"{kind} folders shared"
                parts.append((what, self.drive.share_request(
                    folder["id"], email, role), lambda permission, f=folder:
                    f.setdefault("permissions", []).append(permission)))
        run(parts)

    # -- the Sheet ---------------------------------------------------------------
    def student_cells(self, tab: StudentsTab, student: F.WantedStudent,
                      folder: dict, current: dict) -> dict[str, object]:
        settings = tab.settings
        interview_form = self.templates.forms["interview_record"]
        interview_link = str(settings.get("interview_record_form_link") or "")
        wanted = {
            "folder_link": folder.get("webViewLink", ""),
            "proposal_link": str(settings.get("experience_proposal_form_link") or ""),
            "reflection_link": str(settings.get("reflection_form_link") or ""),
            "interview_link": prefill_url(interview_form, interview_link,
                                          {"student": student.student_id})
            if interview_link else "",
        }
        cells = {k: v for k, v in wanted.items()
                 if k in tab.columns and v and str(current.get(k, "")) != v}
        if "provisioned_on" in tab.columns and current.get("provisioned_on") in ("", None):
            cells["provisioned_on"] = date_serial(self.today)
        return cells

    def write_sheet(self, sheet_id: str, tab: StudentsTab, wanted, folders: F.Folders,
                    names, result: ProvisionResult) -> None:
        rows = {str(cells["student_id"]): (row, cells) for row, cells in reversed(tab.rows())}
        changes = {}
        for student in wanted:
            folder = folders.get(F.STUDENT, student.student_id)
            if not student.active or not folder or \
                    not F.shared_with(folder, student.email, student.role):
                continue
            row, current = rows[student.student_id]
            cells = self.student_cells(tab, student, folder, current)
            result.students.append(ProvisionedStudent(
                student.student_id, student.name, student.email, student.advisor_email,
                folder["id"], {**{k: str(current.get(k, "")) for k in LINK_COLUMNS}, **{
                    k: str(v) for k, v in cells.items()}}))
            if cells:
                changes[student.student_id] = cells
        # The welcome's notice is due in the same write, before it is posted.
        self.ledger = events.Ledger(tab.ledger)
        notice = self.welcome_notice(tab, result)
        if notice:
            self.ledger.add(notice)
        result.problems += write_rows(self.sheets, sheet_id, self.templates, tab, changes,
                                      other=self.filter_view_requests(sheet_id, tab, names,
                                                                      result)
                                      + self.ledger.due_lines(date_serial(self.today), self.now))
        result.cells_written = sum(len(c) for c in changes.values())

    def filter_view_requests(self, sheet_id: str, tab: StudentsTab, names,
                             result: ProvisionResult) -> list[dict]:
        """Each advisor's filter views (and the advisor dropdowns), when one is missing."""
        advisors = sorted({str(cells["advisor_email"]).lower() for _, cells in tab.rows()
                           if cells["advisor_email"]})
        if not advisors:
            return []
        got = self.sheets.get(sheet_id, fields="sheets(properties(sheetId),filterViews(title))")
        titles = {s["properties"]["sheetId"]: [v.get("title", "") for v in s.get("filterViews", [])]
                  for s in got.get("sheets", [])}
        existing = []
        for template_tab in self.templates.sheet.tabs:
            if not template_tab.advisor_filter_view:
                continue
            for email in advisors:
                # Found by the email in its title (a name may have been added since).
                if any(f"{email}" in title for title in titles.get(template_tab.sheet_id, [])):
                    existing.append(filter_view_title(template_tab, email, names.get(email, "")))
        requests = advisor_requests(self.templates.sheet, {e: names.get(e, "") for e in advisors},
                                    existing)
        result.filter_views_added = sum(1 for r in requests if "addFilterView" in r)
        return requests if result.filter_views_added else []

    def calls_planned(self, plan: F.FolderPlan, tab: StudentsTab, wanted) -> dict[str, int]:
        """The writes a real run would make from here, by method (for --dry-run): the
        plan's Drive calls, the Sheets writes if any row's links are missing, the
        welcome announcement. (A real run may add a check of the filter views.)"""
        calls = dict(plan.calls())
        if any(s.active and s.advisor_email and not str(cells.get("folder_link") or "")
               for s, cells in self.rows_of(tab, wanted)):
            calls["sheets.spreadsheets.batchUpdate"] = 1
        if str(tab.settings.get("classroom_course_id") or "").strip() and \
                not str(tab.settings.get("welcome_announcement_id") or "").strip():
            calls["classroom.courses.announcements.create"] = 1
        return calls

    @staticmethod
    def rows_of(tab: StudentsTab, wanted):
        cells = {str(c["student_id"]): c for _, c in reversed(tab.rows())}
        return [(s, cells[s.student_id]) for s in wanted]

    # -- Classroom -----------------------------------------------------------------
    def welcome_notice(self, tab: StudentsTab, result: ProvisionResult):
        """The welcome announcement's notice, when the course should get it and the
        ledger does not hold it yet."""
        course = str(tab.settings.get("classroom_course_id") or "").strip()
        if not course or str(tab.settings.get("welcome_announcement_id") or "").strip() \
                or not result.students or result.remaining or self.ledger.knows(WELCOME):
            return None
        return events.announcement_notice(WELCOME, course,
                                          welcome_text(self.config.cohort, tab.settings), None,
                                          materials=welcome_links(tab.settings))

    def welcome(self, sheet_id: str, tab: StudentsTab, result: ProvisionResult) -> None:
        """The welcome announcement, once: a notice of the ledger (sync/events.py),
        due before it is posted, so a run stopped after Classroom took it finds the
        post instead of posting again; its ID then kept in Settings."""
        course = str(tab.settings.get("classroom_course_id") or "").strip()
        if not course:
            result.announcement = "not posted: no CAS Classroom course in Settings"
            return
        if result.remaining:
            result.announcement = (f"not yet: {result.remaining} students are still to be "
                                   f"provisioned")
            return
        if str(tab.settings.get("welcome_announcement_id") or "").strip():
            result.announcement = "found"
            return
        if not result.students:
            result.announcement = "not posted: no student is provisioned yet"
            return
        ledger, classroom = self.ledger, self.workspace.classroom
        text = welcome_text(self.config.cohort, tab.settings)
        outcome = None
        if WELCOME not in ledger.sent:
            notice = ledger.new.get(WELCOME) or events.announcement_notice(
                WELCOME, course, text, None, materials=welcome_links(tab.settings))
            earlier = {WELCOME} if WELCOME in ledger.waiting() else set()
            [outcome] = events.deliver(self.workspace, [notice], earlier, sender=None,
                                       domain=self.config.school_domain, since=ledger.due_since)
        requests = ledger.outcome_lines([outcome], date_serial(self.today)) if outcome else []
        if outcome and outcome.state != events.SENT:
            self.sheets.batch_update(sheet_id, requests)
            result.announcement = f"not posted (the next run tries again): {outcome.detail}"
            return
        # Two runs at once may both have posted: keep the older, delete the other.
        same = sorted((a for a in classroom.announcements(course) if a.get("text") == text),
                      key=lambda a: (a.get("creationTime", ""), a["id"]))
        posted = outcome.detail.split()[1] if outcome else ""
        keep = same[0] if same else {"id": posted}
        for extra in same[1:]:
            if extra["id"] == posted:
                classroom.delete_announcement(course, extra["id"])
        row = tab.settings_rows.get("welcome_announcement_id")
        if row:
            requests.append({"updateCells": {
                "start": {"sheetId": self.templates.sheet.tab("settings").sheet_id,
                          "rowIndex": row - 1, "columnIndex": 1},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": keep["id"]}}]}],
                "fields": "userEnteredValue"}})
        if requests:
            self.sheets.batch_update(sheet_id, requests)
        result.announcement = "found" if outcome is None or "found" in outcome.detail \
            else "posted"


def welcome_text(cohort: str, settings) -> str:
    return (f"Welcome to CAS ({cohort})!\n\n"
            "Your CAS folder is now in Google Drive, shared with you and your advisor: "
            "look in \"Shared with me\" for the folder with your name. Keep your evidence "
            "there (photos, files, links).\n\n"
            "To start an experience, propose it with the form below; your advisor will "
            "approve it or ask for changes. Write a reflection whenever you have learned "
            "something, with the reflection form. Both forms know who you are when you "
            "are signed in with your school account.")


def welcome_links(settings) -> list[dict]:
    links = [("experience_proposal_form_link", "Propose a CAS experience"),
             ("reflection_form_link", "Write a CAS reflection")]
    return [{"link": {"url": str(settings[key]), "title": title}}
            for key, title in links if str(settings.get(key) or "").strip()]


def _pending(plan: F.FolderPlan, wanted: list[F.WantedStudent]) -> list[str]:
    """The IDs of the students the plan writes for, in the Students tab's order."""
    touched = {s.student_id for s in plan.create_student_folders}
    touched |= {s.student_id for _, s in plan.moves + plan.renames}
    touched |= {s.student_id for _, _, s in plan.unshares}
    touched |= {key for kind, key, _, _ in plan.shares if kind == F.STUDENT}
    return [s.student_id for s in wanted if s.student_id in touched]


def _one(listing: list[dict], kind: str) -> dict | None:
    for file in listing:
        props = file.get("appProperties") or {}
        if props.get("casKind") == kind and props.get("casId") == kind:
            return file
    return None
