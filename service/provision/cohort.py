"""What the steps share: the tags on the cohort's Drive objects, finding all of
them in one listing, and reading the Settings tab by key.

A tag is the Drive ``appProperties`` triple ``casKind`` (``root``, ``advisors``,
``master_sheet``, ``form``), ``casId`` (which one: the form's key) and
``casCohort``, plus ``casState``: ``ready`` once the object is complete. An
object found without it was left half-made by a run that stopped, and the next
run finishes it instead of making another.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from ..workspace.drive import FORM as FORM_MIME, app_properties_query, quote

ROOT, ADVISORS, MASTER_SHEET, FORM = "root", "advisors", "master_sheet", "form"
READY = "ready"
SETTINGS_RANGE = "Settings!A2:B"  # key and value of each setting, below the header


def tags(cohort: str, kind: str, cas_id: str, ready: bool = False) -> dict[str, str]:
    values = {"casKind": kind, "casId": cas_id, "casCohort": cohort}
    values["casState"] = READY if ready else "new"
    return values


@dataclasses.dataclass
class CohortObjects:
    """The cohort's tagged Drive files, by (casKind, casId)."""

    cohort: str
    files: dict[tuple[str, str], dict]

    def get(self, kind: str, cas_id: str) -> dict | None:
        return self.files.get((kind, cas_id))

    def add(self, file: dict) -> None:
        props = file.get("appProperties") or {}
        self.files[(props.get("casKind", ""), props.get("casId", ""))] = file


def is_ready(file: Mapping) -> bool:
    return (file.get("appProperties") or {}).get("casState") == READY


def find_cohort(drive, cohort: str, untagged_forms: Mapping[str, str] | None = None
                ) -> CohortObjects:
    """Every object of the cohort, by ONE files.list on ``casCohort`` (all pages).
    Were two found for one kind and ID (made by hand, or by another tool), the
    first listed is used and the others left alone.

    ``untagged_forms`` (Drive name -> form key): forms.create cannot tag what it
    makes, so a run stopped right after it leaves a form with no tags; the same
    listing also finds forms of those names, to be adopted, not made again."""
    query = f"({app_properties_query({'casCohort': cohort})})"
    if untagged_forms:
        names = " or ".join(f"name = {quote(name)}" for name in untagged_forms)
        query += f" or (mimeType = {quote(FORM_MIME)} and ({names}))"
    found = CohortObjects(cohort, {})
    adoptable = []
    for file in drive.files(f"({query}) and trashed = false"):
        props = file.get("appProperties") or {}
        if props.get("casCohort") == cohort:
            found.files.setdefault((props.get("casKind", ""), props.get("casId", "")), file)
        elif not props.get("casKind") and untagged_forms and file.get("name") in untagged_forms:
            adoptable.append(file)
    for file in adoptable:
        found.files.setdefault((FORM, untagged_forms[file["name"]]), file)
    return found


def master_sheet_id(drive, cohort: str) -> str | None:
    """The cohort's master Sheet, or None when ``cas setup`` has not made it."""
    found = drive.find({"casCohort": cohort, "casKind": MASTER_SHEET}, fields="id,appProperties")
    return found[0]["id"] if found else None


def read_settings(sheets, spreadsheet_id: str) -> dict[str, tuple[int, object]]:
    """The Settings tab: each key with its row number (1-based) and its value.
    Rows are found by key, not by position: a coordinator may sort the tab."""
    value_range = sheets.values_batch_get(spreadsheet_id, [SETTINGS_RANGE])[0]
    settings = {}
    for offset, row in enumerate(value_range.get("values", [])):
        if row and str(row[0]).strip():
            settings[str(row[0]).strip()] = (offset + 2, row[1] if len(row) > 1 else "")
    return settings
