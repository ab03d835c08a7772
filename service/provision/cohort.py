"""What the steps share: the tags on the cohort's Drive objects, finding all of
them in one listing, and reading the Settings tab by key.

A tag is the Drive ``appProperties`` triple ``casKind`` (``root``, ``advisors``,
``master_sheet``, ``form``), ``casId`` (which one: the form's key) and
``casCohort``, plus ``casState``: ``ready`` once the object is complete. An
object found without it was left half-made by a run that stopped, and the next
run finishes it instead of making another.

Where the cohort lives: in the coordinator's My Drive, or in a shared drive
(``cas setup --shared-drive ID``). Every command finds it the same way, with no
setting to keep in step: its first listing searches My Drive and every shared
drive the coordinator is a member of (``corpora=allDrives``), and the cohort's
home is the drive of its root folder (the oldest, were there two). Objects
tagged for the cohort elsewhere are not the cohort's and are left alone. Later
listings of the same run search that one drive only (``corpora=drive``).
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from ..workspace.drive import FILE_FIELDS, FORM as FORM_MIME, app_properties_query, quote

ROOT, ADVISORS, MASTER_SHEET, FORM = "root", "advisors", "master_sheet", "form"
READY = "ready"
SETTINGS_RANGE = "Settings!A2:B"  # key and value of each setting, below the header
MY_DRIVE = ""  # the home of a cohort in the coordinator's My Drive (its items have no driveId)


def tags(cohort: str, kind: str, cas_id: str, ready: bool = False) -> dict[str, str]:
    values = {"casKind": kind, "casId": cas_id, "casCohort": cohort}
    values["casState"] = READY if ready else "new"
    return values


@dataclasses.dataclass
class CohortObjects:
    """The cohort's tagged Drive files, by (casKind, casId), and the drive they are
    in: a shared drive's ID, or ``MY_DRIVE``."""

    cohort: str
    files: dict[tuple[str, str], dict]
    drive_id: str = MY_DRIVE

    def get(self, kind: str, cas_id: str) -> dict | None:
        return self.files.get((kind, cas_id))

    def add(self, file: dict) -> None:
        props = file.get("appProperties") or {}
        self.files[(props.get("casKind", ""), props.get("casId", ""))] = file


def is_ready(file: Mapping) -> bool:
    return (file.get("appProperties") or {}).get("casState") == READY


def drive_of(file: Mapping) -> str:
    """The shared drive holding a file, or ``MY_DRIVE``."""
    return file.get("driveId") or MY_DRIVE


def home_drive(files: list[dict], cohort: str, default: str = MY_DRIVE) -> str:
    """The drive of the cohort's root folder (the oldest, were there two in
    different places), or ``default`` when there is none yet."""
    roots = [f for f in files if (f.get("appProperties") or {}).get("casCohort") == cohort
             and (f.get("appProperties") or {}).get("casKind") == ROOT]
    if not roots:
        return default
    return drive_of(min(roots, key=lambda f: (f.get("createdTime", ""), f["id"])))


def at_home(files: list[dict], cohort: str, default: str = MY_DRIVE) -> tuple[str, list[dict]]:
    """The cohort's home (``home_drive``) and the files listed there."""
    home = home_drive(files, cohort, default)
    return home, [f for f in files if drive_of(f) == home]


def find_cohort(drive, cohort: str, untagged_forms: Mapping[str, str] | None = None,
                shared_drive_id: str = MY_DRIVE) -> CohortObjects:
    """Every object of the cohort, by ONE files.list on ``casCohort`` (all pages)
    over My Drive and the coordinator's shared drives, kept where the cohort's
    root is (in ``shared_drive_id`` when there is no root yet). Were two found
    for one kind and ID (made by hand, or by another tool), the first listed is
    used and the others left alone.

    ``untagged_forms`` (Drive name -> form key): forms.create cannot tag what it
    makes, so a run stopped right after it leaves a form with no tags; the same
    listing also finds forms of those names, to be adopted, not made again (in
    My Drive, where forms.create puts them)."""
    query = f"({app_properties_query({'casCohort': cohort})})"
    if untagged_forms:
        names = " or ".join(f"name = {quote(name)}" for name in untagged_forms)
        query += f" or (mimeType = {quote(FORM_MIME)} and ({names}))"
    listed = drive.files(f"({query}) and trashed = false", f"{FILE_FIELDS},driveId,createdTime",
                         all_drives=True)
    home, files = at_home(listed, cohort, shared_drive_id)
    found = CohortObjects(cohort, {}, home)
    adoptable = []
    for file in files:
        props = file.get("appProperties") or {}
        if props.get("casCohort") == cohort:
            found.files.setdefault((props.get("casKind", ""), props.get("casId", "")), file)
        elif not props.get("casKind") and untagged_forms and file.get("name") in untagged_forms:
            adoptable.append(file)
    for file in adoptable:
        found.files.setdefault((FORM, untagged_forms[file["name"]]), file)
    return found


def master_sheet_id(drive, cohort: str) -> str | None:
    """The cohort's master Sheet's ID, or None when ``cas setup`` has not made it."""
    found = master_sheet(drive, cohort)
    return found["id"] if found else None


def master_sheet(drive, cohort: str) -> dict | None:
    """The cohort's master Sheet (``id``, ``webViewLink``), wherever the cohort
    lives, or None when ``cas setup`` has not made it: ONE files.list of its root
    folder and Sheet."""
    return master_sheet_and_root(drive, cohort)[0]


def master_sheet_and_root(drive, cohort: str) -> tuple[dict | None, dict | None]:
    """The cohort's master Sheet and root folder (each None when missing), by the
    same ONE files.list: the root's ``appProperties`` say whether it is archived."""
    query = (f"{app_properties_query({'casCohort': cohort})} and trashed = false and "
             f"(appProperties has {{ key='casKind' and value={quote(ROOT)} }} or "
             f"appProperties has {{ key='casKind' and value={quote(MASTER_SHEET)} }})")
    _, files = at_home(drive.files(query, "id,appProperties,driveId,createdTime,webViewLink",
                                   all_drives=True), cohort)
    sheets = [f for f in files if f["appProperties"].get("casKind") == MASTER_SHEET]
    roots = sorted((f for f in files if f["appProperties"].get("casKind") == ROOT),
                   key=lambda f: (f.get("createdTime", ""), f["id"]))
    return (sheets[0] if sheets else None), (roots[0] if roots else None)


def archived_on(root: Mapping | None) -> str:
    """The day ``cas archive`` archived the cohort whose root this is, or ""."""
    return ((root or {}).get("appProperties") or {}).get("casArchived", "")


def read_settings(sheets, spreadsheet_id: str) -> dict[str, tuple[int, object]]:
    """The Settings tab: each key with its row number (1-based) and its value.
    Rows are found by key, not by position: a coordinator may sort the tab."""
    value_range = sheets.values_batch_get(spreadsheet_id, [SETTINGS_RANGE])[0]
    settings = {}
    for offset, row in enumerate(value_range.get("values", [])):
        if row and str(row[0]).strip():
            settings[str(row[0]).strip()] = (offset + 2, row[1] if len(row) > 1 else "")
    return settings
