"""The records of a cohort read from its master Sheet outside a sync: for ``cas
report``, and for whoever needs a student's record made now (the moderation pack
and the archive export it; ``make_records``)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from .. import cas
from ..provision.cohort import master_sheet
from ..sync import events, records as rows
from ..sync.evidence import folder_id
from ..sync.records import text
from ..sync.table import read_tables
from ..templates import resolve_settings
from .publish import Published, publish, to_write, views_from_rows
from .view import StudentView

TABS = ("students", "experiences", "reflections", "supervisor_statements", "interviews",
        events.TAB)


class NoMasterSheet(ValueError):
    """The cohort has no master Sheet yet."""


@dataclasses.dataclass
class CohortRecords:
    sheet: dict                        # the master Sheet (id, webViewLink, driveId)
    tables: dict                       # the tabs read (sync/table.py Tables)
    settings: dict                     # resolved Settings values
    students: dict[str, dict]          # student ID -> Students row, active students
    views: dict[str, StudentView]      # student ID -> their record as data


def read_cohort(workspace, config, templates, *, today: datetime.date,
                student_ids: Iterable[str] | None = None) -> CohortRecords:
    """The master Sheet in ONE read, each active student (or only ``student_ids``)
    assessed for ``today``."""
    sheet = master_sheet(workspace.drive, config.cohort)
    if not sheet:
        raise NoMasterSheet(f"There is no master Sheet for the cohort {config.cohort}: run "
                            f"`cas setup` first.")
    tables, raw, _ = read_tables(workspace.sheets, sheet["id"], templates, TABS, settings=True)
    known = {s.key for s in templates.sheet.settings}
    values = resolve_settings(templates.sheet, {k: v for k, v in raw.items() if k in known})
    wanted = set(student_ids) if student_ids is not None else None
    students = [c for c in tables["students"].by_id().values()
                if text(c.get("roster_status")) != "Withdrawn" and text(c.get("student_id"))
                and (wanted is None or text(c.get("student_id")) in wanted)]
    experiences = list(tables["experiences"].by_id().values())
    reflections = list(tables["reflections"].by_id().values())
    interviews = list(tables["interviews"].by_id().values())
    statements = [s for s in map(rows.statement,
                                 tables["supervisor_statements"].by_id().values()) if s]
    assessed = cas.assess_cohort(
        [rows.student(c) for c in students], [rows.experience(c) for c in experiences],
        [r for r in map(rows.reflection, reflections) if r], statements,
        [rows.interview(c) for c in interviews], cas.CasSettings.from_values(values), today)
    views = views_from_rows(students, assessed, cohort=config.cohort, settings=values,
                            experiences=experiences, reflections=reflections,
                            interviews=interviews)
    return CohortRecords(sheet, tables, values,
                         {text(c.get("student_id")): c for c in students}, views)


def make_records(workspace, config, templates, *, today: datetime.date,
                 student_ids: Iterable[str] | None = None) -> Published:
    """Each student's "My CAS record" made or brought up to date now, as the sync
    would (the Students tab's link is written by the next sync). ``links`` holds
    each record's link; ``find_records`` then finds the Docs by their tags."""
    cohort = read_cohort(workspace, config, templates, today=today, student_ids=student_ids)
    folders = {sid: folder_id(text(row.get("folder_link")))
               for sid, row in cohort.students.items()}
    return publish(workspace.drive, to_write(cohort.views, folders, today), cohort=config.cohort,
                   drive_id=cohort.sheet.get("driveId"))
