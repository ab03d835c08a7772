"""How far provisioning has gone, read from what it records in Google: the
Students tab's Provisioned on and folder link cells, which each chunk writes for
the students it finished (provision.py), and the welcome announcement's ID in
Settings. Nothing is counted in memory, so any instance answers the same, and a
chunk tried again after a failure counts nobody twice: a student is done once
their row says so.

ONE Sheets call (values.batchGetByDataFilter of the Students and Settings tabs).
"""

from __future__ import annotations

import dataclasses

from ..roster import WITHDRAWN
from .provision import LINK_COLUMNS
from .students import ROSTER_COLUMNS, read_students_tab


@dataclasses.dataclass(frozen=True)
class ProvisionProgress:
    done: int                 # active students with an advisor whose row says provisioned
    total: int                # active students with an advisor: those provisioning serves
    needs_advisor: int        # active students without one (not provisioned until they have)
    withdrawn: int
    welcome_posted: bool

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def describe(self) -> str:
        text = f"{self.done} of {self.total} students provisioned"
        if self.needs_advisor:
            text += f"; {self.needs_advisor} need an advisor first"
        if self.finished:
            text += "; welcome announcement posted" if self.welcome_posted else \
                "; the welcome announcement is not posted (yet)"
        return text

    def as_dict(self) -> dict:
        return {**dataclasses.asdict(self), "finished": self.finished, "percent": self.percent,
                "text": self.describe()}


def provision_progress(sheets, spreadsheet_id: str, templates) -> ProvisionProgress:
    tab = read_students_tab(sheets, spreadsheet_id, templates, ROSTER_COLUMNS,
                            optional=LINK_COLUMNS)
    done = total = needs_advisor = withdrawn = 0
    seen = set()
    for _, cells in tab.rows():
        student_id = str(cells["student_id"])
        if not student_id or not str(cells["email"]) or student_id in seen:
            continue   # a blank or repeated row: provisioning skips it too
        seen.add(student_id)
        if cells["roster_status"] == WITHDRAWN:
            withdrawn += 1
        elif not str(cells["advisor_email"]):
            needs_advisor += 1
        else:
            total += 1
            if str(cells.get("provisioned_on") or "") and str(cells.get("folder_link") or ""):
                done += 1
    posted = bool(str(tab.settings.get("welcome_announcement_id") or "").strip())
    return ProvisionProgress(done, total, needs_advisor, withdrawn, posted)
