"""The school's cohorts: which exist, and which the service keeps current.

A school runs two overlapping cohorts (the Diploma's two years) and keeps
finished ones (DESIGN.md §8). The service needs no list of them: ``find_cohorts``
finds every cohort by the tagged root folders ``cas setup`` made, in ONE Drive
files.list (all pages, over My Drive and every shared drive the coordinator is
a member of) that also brings each cohort's master Sheet and Forms. Then each
cohort's state comes from the dates in its Settings tab (one values.batchGet a
cohort, read side by side), because the Settings tab is where a coordinator
changes them:

======================  =========================================================
``setting up``          a root folder without a finished master Sheet: ``cas
                        setup`` stopped half-way (run it again)
``set up``              before ``cohort_start``
``live``                from ``cohort_start`` to ``cohort_end`` plus
                        ``CAS_LIVE_GRACE_DAYS`` (results decided, late supervisor
                        statements), both days included
``finished``            after that
``archived``            the root folder carries ``casArchived`` (the day ``cas
                        archive`` archived it: service/closing/archive.py)
``unknown``             the Settings tab could not be read (the problem says why)
======================  =========================================================

A cohort with no start (or end) in Settings counts as started (or not ended):
keeping one too many cohorts current costs a few calls, skipping one loses a
student's submission. The schedule keeps ``live`` and ``unknown`` cohorts
current (``needs_sync``): an ``unknown`` one's sync then reports what is wrong
in its own Sync log and logs, and never stops another cohort's.

``cohort_config(config, name)`` is the configuration for one cohort: the sync,
provisioning and the other steps read ``config.cohort``, so the service, which
has no CAS_COHORT, runs each of them with this.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
from typing import Iterable

from .provision.cohort import FORM, MASTER_SHEET, ROOT, SETTINGS_RANGE, drive_of, is_ready
from .templates.model import SettingSpec
from .templates.settings import parse_setting
from .workspace import Workspace, WorkspaceError
from .workspace.drive import quote

SETTING_UP, SET_UP, LIVE, FINISHED, ARCHIVED, UNKNOWN = (
    "setting up", "set up", "live", "finished", "archived", "unknown")
STATES = (LIVE, UNKNOWN, SET_UP, SETTING_UP, FINISHED, ARCHIVED)
SYNCED_STATES = (LIVE, UNKNOWN)
ARCHIVED_PROPERTY = "casArchived"
LISTING_FIELDS = "id,name,appProperties,driveId,createdTime,webViewLink"
READERS = 8   # Settings tabs read at once


@dataclasses.dataclass
class Cohort:
    """One cohort as found: its root folder, master Sheet and Forms (form key ->
    form ID), its dates and state."""

    name: str
    root: dict
    sheet: dict | None = None
    forms: dict[str, str] = dataclasses.field(default_factory=dict)
    start: datetime.date | None = None
    end: datetime.date | None = None
    state: str = UNKNOWN
    problem: str = ""

    @property
    def sheet_id(self) -> str | None:
        return self.sheet["id"] if self.sheet else None

    @property
    def needs_sync(self) -> bool:
        return self.state in SYNCED_STATES


def cohort_config(config, name: str):
    """The configuration ``config`` for the cohort ``name``."""
    if config.cohort == name:
        return config
    return dataclasses.replace(config, cohort=name)


def list_cohorts(drive) -> list[Cohort]:
    """Every cohort with a root folder, from ONE files.list of the tagged root
    folders, master Sheets and Forms; states not read yet (``UNKNOWN``). A
    cohort's objects are taken from the drive of its root (the oldest, were there
    two), as every command finds them (provision/cohort.py)."""
    kinds = " or ".join(f"appProperties has {{ key='casKind' and value={quote(kind)} }}"
                        for kind in (ROOT, MASTER_SHEET, FORM))
    listed = drive.files(f"({kinds}) and trashed = false", LISTING_FIELDS, all_drives=True)
    by_cohort: dict[str, list[dict]] = {}
    for file in listed:
        name = (file.get("appProperties") or {}).get("casCohort", "")
        if name:
            by_cohort.setdefault(name, []).append(file)
    cohorts = []
    for name, files in sorted(by_cohort.items()):
        roots = sorted((f for f in files if f["appProperties"].get("casKind") == ROOT),
                       key=lambda f: (f.get("createdTime", ""), f["id"]))
        if not roots:
            continue   # a Sheet or Form tagged by hand, or whose root was trashed
        cohort = Cohort(name, roots[0])
        home = drive_of(roots[0])
        for file in files:
            props = file["appProperties"]
            if drive_of(file) != home:
                continue
            if props.get("casKind") == MASTER_SHEET and cohort.sheet is None and is_ready(file):
                cohort.sheet = file
            elif props.get("casKind") == FORM and props.get("casId"):
                cohort.forms.setdefault(props["casId"], file["id"])
        cohorts.append(cohort)
    return cohorts


def find_cohorts(workspace: Workspace, config, today: datetime.date,
                 names: Iterable[str] | None = None) -> list[Cohort]:
    """Every cohort of the school (or those ``names``) with its state as of
    ``today``. One Drive call, then one Sheets call a cohort (several at once,
    each on a Workspace of its own: httplib2 is not thread-safe); a cohort whose
    Settings cannot be read is ``unknown`` with the reason, never an error.
    ``config`` gives the grace after a cohort's end (CAS_LIVE_GRACE_DAYS)."""
    cohorts = list_cohorts(workspace.drive)
    if names is not None:
        wanted = set(names)
        cohorts = [c for c in cohorts if c.name in wanted]
    grace = config.live_grace

    def judge(cohort: Cohort) -> Cohort:
        if (cohort.root.get("appProperties") or {}).get(ARCHIVED_PROPERTY):
            cohort.state = ARCHIVED
            return cohort
        if cohort.sheet is None:
            cohort.state = SETTING_UP
            cohort.problem = "no finished master Sheet: run `cas setup` again"
            return cohort
        try:
            own = workspace if len(cohorts) == 1 else workspace.sibling()
            settings = read_dates(own.sheets, cohort.sheet_id)
        except WorkspaceError as err:
            cohort.state, cohort.problem = UNKNOWN, f"its Settings tab could not be read: {err}"
            return cohort
        cohort.start, cohort.end, problems = settings
        cohort.problem = "; ".join(problems)
        cohort.state = state_on(today, cohort.start, cohort.end, grace)
        return cohort

    if len(cohorts) <= 1:
        return [judge(c) for c in cohorts]
    with concurrent.futures.ThreadPoolExecutor(min(READERS, len(cohorts))) as pool:
        return list(pool.map(judge, cohorts))


def state_on(today: datetime.date, start: datetime.date | None, end: datetime.date | None,
             grace: datetime.timedelta) -> str:
    """``set up``, ``live`` or ``finished`` on ``today`` (a missing date never
    holds a cohort back: see the module's docstring)."""
    if start and today < start:
        return SET_UP
    if end and today > end + grace:
        return FINISHED
    return LIVE


def read_dates(sheets, sheet_id: str) -> tuple[datetime.date | None, datetime.date | None,
                                                list[str]]:
    """``cohort_start`` and ``cohort_end`` from the Settings tab (ONE values.batchGet),
    and what was wrong with them."""
    value_range = sheets.values_batch_get(sheet_id, [SETTINGS_RANGE])[0]
    found = {str(row[0]).strip(): row[1] for row in value_range.get("values", [])
             if len(row) > 1 and str(row[0]).strip()}
    dates, problems = [], []
    for key in ("cohort_start", "cohort_end"):
        raw = found.get(key)
        if raw in (None, ""):
            dates.append(None)
            continue
        try:
            dates.append(parse_setting(SettingSpec(key, "date", "people", ""), raw))
        except ValueError as err:
            dates.append(None)
            problems.append(f"{key}: {err}")
    return dates[0], dates[1], problems


def cohort_of_form(cohorts: Iterable[Cohort], form_id: str) -> Cohort | None:
    """The cohort one of whose Forms is ``form_id``, or None."""
    for cohort in cohorts:
        if form_id in cohort.forms.values():
            return cohort
    return None


@dataclasses.dataclass
class CohortSummary:
    """What ``cas cohorts`` shows of a cohort beyond its state: its last sync (the
    Sync log's last line) and its active students by status."""

    last_sync: str = ""          # the time, as the Sheet shows it
    last_trigger: str = ""
    last_errors: str = ""
    syncs: int = 0
    statuses: dict[str, int] = dataclasses.field(default_factory=dict)
    problem: str = ""


SUMMARY_COLUMNS = ("students.status", "students.roster_status", "sync_log.time",
                   "sync_log.trigger", "sync_log.errors")


def summarise(sheets, cohort: Cohort) -> CohortSummary:
    """The cohort's last sync and status counts: ONE values.batchGetByDataFilter of
    the five columns, found by their casColumn metadata wherever people moved them."""
    summary = CohortSummary()
    if cohort.sheet is None:
        return summary
    filters = [{"developerMetadataLookup": {"metadataKey": "casColumn", "metadataValue": key}}
               for key in SUMMARY_COLUMNS]
    try:
        ranges = sheets.values_get_by_metadata(cohort.sheet_id, filters)
    except WorkspaceError as err:
        summary.problem = f"the master Sheet could not be read: {err}"
        return summary
    columns: dict[str, list] = {}
    for value_range in ranges:
        lookup = (value_range.get("dataFilters") or [{}])[0].get("developerMetadataLookup", {})
        values = value_range.get("valueRange", value_range).get("values", [])
        columns[lookup.get("metadataValue", "")] = [row[0] if row else "" for row in values[1:]]
    times = columns.get("sync_log.time", [])
    last = max((i for i, value in enumerate(times) if str(value).strip()), default=None)
    if last is not None:
        summary.syncs = sum(1 for value in times if str(value).strip())
        summary.last_sync = _as_time(times[last])
        for key, attribute in (("sync_log.trigger", "last_trigger"),
                               ("sync_log.errors", "last_errors")):
            column = columns.get(key, [])
            setattr(summary, attribute, str(column[last]) if last < len(column) else "")
    statuses, roster = columns.get("students.status", []), columns.get("students.roster_status", [])
    for i, status in enumerate(statuses):
        withdrawn = i < len(roster) and str(roster[i]).strip() == "Withdrawn"
        if str(status).strip() and not withdrawn:
            summary.statuses[str(status)] = summary.statuses.get(str(status), 0) + 1
    return summary


def _as_time(value) -> str:
    """A Sync log time (a Sheets date-time number, UTC) as ``YYYY-MM-DD HH:MM UTC``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=value)
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)
