"""The Dashboard tab, rewritten whole at every sync: the cohort at a glance.

Three blocks, one under the other, in the tab's columns:

1. **By advisor**, under the tab's own header row: students, each status, proposals
   awaiting a decision, interviews due (window open or past, not recorded),
   unresolved Needs review rows, the sync's time; then an **All** row.
2. **Outcomes**: each outcome of the cohort's framework, how many active students
   have evidence of it, the share, and a bar.
3. **Engagement by month**, from the programme's start (or the first record) to
   this month: reflections written, students who wrote one, proposals made, and a
   bar of the reflections, so a slowing term shows at once.

``dashboard_rows`` is pure; the sync writes its rows with one updateCells over
the tab (cells it no longer reaches are cleared), in its final batchUpdate.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Iterable, Mapping

from .. import cas
from ..cas.dates import add_months
from .table import extended

BAR = "\u2588"   # a full block: bars read in any font
BAR_WIDTH = 20
ALL = "All"


def _bar(n: int, most: int) -> str:
    return BAR * (round(BAR_WIDTH * n / most) if most else 0) or ("\u258f" if n else "")


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def dashboard_rows(*, students: Iterable[cas.Student],
                   assessments: Mapping[str, cas.Assessment],
                   experiences: Iterable[cas.Experience],
                   reflections: Iterable[cas.Reflection],
                   interviews: Iterable[cas.Interview],
                   proposed_on: Mapping[str, datetime.date | None],
                   review_by_advisor: Mapping[str, int], review_total: int,
                   settings: cas.CasSettings, today: datetime.date, updated) -> list[list]:
    """The tab's rows below its header: lists of cell values (str, int, float),
    ``None`` for an empty cell. ``proposed_on``: experience ID -> the day it was
    proposed; ``review_by_advisor``: unresolved Needs review rows by advisor email;
    ``updated``: the value of the "Updated" cells."""
    students = list(students)
    experiences = list(experiences)
    reflections = list(reflections)
    advisor_of = {s.student_id: s.advisor_email or "(no advisor)" for s in students}
    rows = _by_advisor(students, assessments, experiences, interviews, advisor_of,
                       review_by_advisor, review_total, settings, today, updated)
    rows.append([])
    rows += _outcomes(students, assessments, settings)
    rows.append([])
    rows += _engagement(experiences, reflections, proposed_on, advisor_of, settings, today)
    return rows


def _by_advisor(students, assessments, experiences, interviews, advisor_of,
                review_by_advisor, review_total, settings, today, updated) -> list[list]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for student in students:
        advisor = advisor_of[student.student_id]
        assessment = assessments.get(student.student_id)
        counts[advisor]["students"] += 1
        if assessment:
            counts[advisor][assessment.status] += 1
    for exp in experiences:
        if exp.student_id in advisor_of and exp.awaits_decision:
            counts[advisor_of[exp.student_id]]["awaiting"] += 1
    recorded = {(i.student_id, i.number) for i in interviews if i.number}
    for student in students:
        for number in (1, 2, 3):
            window = cas.interview_window(number, settings)
            if window and window.opens <= today and (student.student_id, number) not in recorded:
                counts[advisor_of[student.student_id]]["interviews_due"] += 1
    rows = []
    for advisor in sorted(counts) + [ALL]:
        c = counts[advisor] if advisor != ALL else sum(counts.values(), Counter())
        review = review_total if advisor == ALL else review_by_advisor.get(advisor, 0)
        rows.append([advisor, c["students"], *(c[s] for s in cas.STATUSES),
                     c["awaiting"], c["interviews_due"], review, updated])
    return rows


def _outcomes(students, assessments, settings) -> list[list]:
    framework = settings.framework
    assessed = [assessments[s.student_id] for s in students if s.student_id in assessments]
    # Short headers: the tab's columns are narrow, and a bar spills into empty cells.
    rows = [["Outcomes: students with evidence", "Students", "Share", ""]]
    for label in framework.labels():
        n = sum(1 for a in assessed if label not in a.outcomes_missing)
        share = n / len(assessed) if assessed else 0
        rows.append([label, n, f"{share:.0%}", _bar(n, len(assessed))])
    return rows


def _engagement(experiences, reflections, proposed_on, advisor_of, settings, today
                ) -> list[list]:
    written: Counter = Counter()
    writers: dict[datetime.date, set] = defaultdict(set)
    for r in reflections:
        if r.student_id in advisor_of and r.submitted:
            written[_month(r.submitted)] += 1
            writers[_month(r.submitted)].add(r.student_id)
    proposals = Counter(_month(d) for d in proposed_on.values() if d)
    months = set(written) | set(proposals)
    starts = months | ({_month(settings.cohort_start)} if settings.cohort_start else set())
    first = min(starts, default=None)
    rows = [["Engagement by month", "Reflections", "Reflecting", "Proposals", ""]]
    if first is None:
        return rows
    last = max([_month(today)] + [m for m in months])
    most = max(written.values(), default=0)
    month = first
    while month <= last:
        rows.append([month.strftime("%b %Y"), written[month], len(writers[month]),
                     proposals[month], _bar(written[month], most)])
        month = add_months(month, 1)
    return rows


def dashboard_requests(tab, rows: list[list]) -> list[dict]:
    """spreadsheets.batchUpdate requests that write ``rows`` below the Dashboard
    tab's header: the grid made tall enough, then ONE updateCells over the whole
    tab, which clears the cells the rows no longer reach."""
    height = max(tab.rows, len(rows) + 1)
    width = len(tab.columns)
    # Bold: each block's own header (the first row after a blank one) and All.
    bold = {i for i, row in enumerate(rows)
            if row and ((i and not rows[i - 1]) or row[0] == "All")}
    grid = [{"values": [_cell(v, i in bold) for v in row]}
            for i, row in enumerate(rows)]
    return [{"updateSheetProperties": {"properties": {
                "sheetId": tab.sheet_id, "gridProperties": {"rowCount": height}},
                "fields": "gridProperties.rowCount"}},
            {"updateCells": {"range": {"sheetId": tab.sheet_id, "startRowIndex": 1,
                                       "endRowIndex": height, "startColumnIndex": 0,
                                       "endColumnIndex": width},
                             "rows": grid,
                             "fields": "userEnteredValue,userEnteredFormat.textFormat.bold"}}]


def _cell(value, bold: bool) -> dict:
    cell = {} if value in (None, "") else {"userEnteredValue": extended(value)}
    if bold:
        cell["userEnteredFormat"] = {"textFormat": {"bold": True}}
    return cell

