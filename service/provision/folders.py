"""The Drive side of ``cas provision``: what the cohort's folders should be, what
they are, and the writes that make one into the other.

    CAS <cohort>/Advisors/<advisor>/            shared with the advisor (ADVISOR_ROLE)
    CAS <cohort>/Advisors/<advisor>/<name> (<student ID>)/   shared with the student
    CAS <cohort>/<master Sheet>                  shared with each advisor (SHEET_ROLE)

Inheritance gives an advisor their advisees' folders, so each student folder
needs ONE permission call; a student whose advisor changes has their folder
moved (ONE call) and the access follows. A withdrawn student's own permission
is removed; the folder and everything in it stay.

``plan_folders`` is pure: given the folders found (one Drive listing, with each
folder's permissions) and the students wanted, it says which writes are needed.
In a shared drive the listing carries no permissions ("Not populated for items
in shared drives"): ``folders_planned_from`` names the folders whose
permissions the plan reads, to be read another way (provision.py).
Run on what exists, it plans nothing, which is what makes provisioning safe to
re-run after a stop at any point. Two runs at once can each make a folder for
the same student; the next listing sees both, keeps the older (the same one
for both runs) and trashes the other while it is fresh, so they converge.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable, Mapping

ADVISOR, STUDENT = "advisor", "student"
SHEET = "master_sheet"       # the master Sheet, found by the same listing: (SHEET, SHEET)
SHEET_ROLE = "writer"        # advisors decide in it; protection keeps the service's columns
STUDENT_ROLE = "writer"      # students add their evidence
LOCKED_ROLE = "reader"       # once their CAS completion is confirmed (service/completion)
ADVISOR_ROLE = "commenter"   # advisors read and comment on it, and cannot delete it
# A duplicate younger than this was made by a run at the same time as another,
# and holds nothing yet: it is trashed. An older one is reported, never touched.
FRESH = datetime.timedelta(hours=1)
FOLDER_FIELDS = ("id,name,parents,appProperties,createdTime,webViewLink,driveId,"
                 "permissions(id,type,emailAddress,role)")


@dataclasses.dataclass(frozen=True)
class WantedStudent:
    student_id: str
    name: str
    email: str
    advisor_email: str
    active: bool = True
    # Completion confirmed: the sync made the folder read-only for the student; a
    # permission of any role is left as it is, a missing one is given as reader.
    locked: bool = False

    @property
    def role(self) -> str | None:
        """The role the student's permission must have (None: any)."""
        return None if self.locked else STUDENT_ROLE

    @property
    def folder_name(self) -> str:
        return f"{self.name} ({self.student_id})"


@dataclasses.dataclass
class FolderPlan:
    """The Drive writes still needed, in the order they can be made."""

    create_advisor_folders: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    create_student_folders: list[WantedStudent] = dataclasses.field(default_factory=list)
    moves: list[tuple[dict, WantedStudent]] = dataclasses.field(default_factory=list)
    renames: list[tuple[dict, WantedStudent]] = dataclasses.field(default_factory=list)
    shares: list[tuple[str, str, str, str]] = dataclasses.field(default_factory=list)
    # (kind, key, email, role): kind/key name the folder, which may not exist yet
    unshares: list[tuple[dict, dict, WantedStudent]] = dataclasses.field(default_factory=list)
    trash: list[dict] = dataclasses.field(default_factory=list)
    left_alone: list[str] = dataclasses.field(default_factory=list)

    @property
    def writes(self) -> int:
        return (len(self.create_advisor_folders) + len(self.create_student_folders)
                + len(self.moves) + len(self.renames) + len(self.shares)
                + len(self.unshares) + len(self.trash))

    def calls(self) -> dict[str, int]:
        """The Drive calls the plan makes, by discovery method ID."""
        counts = {"drive.files.create": len(self.create_advisor_folders)
                  + len(self.create_student_folders),
                  "drive.files.update": len(self.moves) + len(self.renames) + len(self.trash),
                  "drive.permissions.create": len(self.shares),
                  "drive.permissions.delete": len(self.unshares)}
        return {method: n for method, n in counts.items() if n}


@dataclasses.dataclass
class Folders:
    """The cohort's advisor and student folders found, by (kind, key), and the
    duplicates (a second folder for the same advisor or student)."""

    advisors_folder_id: str
    found: dict[tuple[str, str], dict]
    duplicates: list[dict]

    @classmethod
    def from_listing(cls, advisors_folder_id: str, files: Iterable[dict]) -> "Folders":
        groups: dict[tuple[str, str], list[dict]] = {}
        for file in files:
            props = file.get("appProperties") or {}
            if props.get("casKind") in (ADVISOR, STUDENT, SHEET):
                key = props.get("casId", "")
                key = key.lower() if props["casKind"] == ADVISOR else key
                groups.setdefault((props["casKind"], key), []).append(file)
        found, duplicates = {}, []
        for key, files_ in groups.items():
            first, *others = sorted(files_, key=lambda f: (f.get("createdTime", ""), f["id"]))
            found[key] = first
            duplicates += others
        return cls(advisors_folder_id, found, duplicates)

    def get(self, kind: str, key: str) -> dict | None:
        return self.found.get((kind, key))

    def add(self, kind: str, key: str, file: dict) -> None:
        file.setdefault("permissions", [])
        self.found[(kind, key)] = file


def shared_with(folder: dict, email: str, role: str | None = None) -> dict | None:
    """The folder's permission for ``email`` (with ``role``, if given), or None."""
    for permission in folder.get("permissions") or []:
        if permission.get("type") == "user" and \
                (permission.get("emailAddress") or "").lower() == email.lower() and \
                (role is None or permission.get("role") == role):
            return permission
    return None


def folders_planned_from(folders: Folders, students: Iterable[WantedStudent]) -> list[dict]:
    """The existing folders whose permissions ``plan_folders`` looks at: the folder
    of each advisor of an active student, and each listed student's own (a
    withdrawn student's too: their access may have to be removed)."""
    wanted: dict[str, dict] = {}
    sheet = folders.get(SHEET, SHEET)
    if sheet is not None:
        wanted[sheet["id"]] = sheet
    for student in students:
        if student.active and not student.advisor_email:
            continue
        keys = [(STUDENT, student.student_id)]
        if student.active:
            keys.append((ADVISOR, student.advisor_email))
        for kind, key in keys:
            folder = folders.get(kind, key)
            if folder is not None:
                wanted.setdefault(folder["id"], folder)
    return list(wanted.values())


def plan_folders(folders: Folders, students: Iterable[WantedStudent],
                 advisor_names: Mapping[str, str], now: datetime.datetime) -> FolderPlan:
    """The writes that bring the folders found in line with the students wanted."""
    plan = FolderPlan()
    for duplicate in folders.duplicates:
        made = parse_time(duplicate.get("createdTime"))
        what = (duplicate.get("appProperties") or {}).get("casKind", "")
        if made and now - made < FRESH:
            plan.trash.append(duplicate)
        else:
            plan.left_alone.append(f"a second {what} folder {duplicate.get('name')!r} "
                                   f"({duplicate['id']}): the older one is used")
    students = list(students)
    advisors = sorted({s.advisor_email for s in students if s.active and s.advisor_email})
    sheet = folders.get(SHEET, SHEET)
    for email in advisors:
        if sheet is not None and not shared_with(sheet, email):
            plan.shares.append((SHEET, SHEET, email, SHEET_ROLE))
        folder = folders.get(ADVISOR, email)
        if folder is None:
            plan.create_advisor_folders.append((email, advisor_names.get(email) or email))
        if folder is None or not shared_with(folder, email, ADVISOR_ROLE):
            plan.shares.append((ADVISOR, email, email, ADVISOR_ROLE))
    for student in students:
        folder = folders.get(STUDENT, student.student_id)
        if not student.active:
            permission = folder and shared_with(folder, student.email)
            if permission:
                plan.unshares.append((folder, permission, student))
            continue
        if not student.advisor_email:
            continue  # reported by the caller: it needs an advisor first
        if folder is None:
            plan.create_student_folders.append(student)
        else:
            advisor_folder = folders.get(ADVISOR, student.advisor_email)
            if advisor_folder is None or advisor_folder["id"] not in (folder.get("parents") or []):
                plan.moves.append((folder, student))
            if folder.get("name") != student.folder_name:
                plan.renames.append((folder, student))
        if folder is None or not shared_with(folder, student.email, student.role):
            plan.shares.append((STUDENT, student.student_id, student.email,
                                student.role or LOCKED_ROLE))
    return plan


def parse_time(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
