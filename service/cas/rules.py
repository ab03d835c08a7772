"""The completion rules of CAS.md, each driven by Settings, each unmet rule a
:class:`Finding` in plain words.

Two kinds of rule live here:

* **What completion needs** (:func:`completion_gaps`), checked whatever the date:
  every outcome evidenced, the CAS project(s), the minimum per strand, the three
  interviews, and experiences the advisor ticked as complete meeting the completion
  rule. Before the programme ends these are still to do; after it, each is a reason
  the student is Incomplete.
* **Whether the student keeps pace** (:func:`pace_risks`), checked while the programme
  runs: each finding makes the student At risk now. See that function for the
  readings of "progress against elapsed time".

A finding's ``topic`` names the rule and its subject ("interview 2", "project"), so a
risk and the gap it comes from are told once, not twice.
"""

from __future__ import annotations

import dataclasses
import datetime
import math

from .dates import days_inclusive, elapsed_fraction, format_date, interview_window, midpoint
from .experiences import marked_complete_problems
from .portfolio import Portfolio
from .settings import CasSettings


@dataclasses.dataclass(frozen=True)
class Finding:
    topic: str
    text: str


# -- what completion needs ---------------------------------------------------------
def completion_gaps(portfolio: Portfolio, settings: CasSettings) -> list[Finding]:
    """Every completion rule the student does not meet yet, in a fixed order."""
    return (outcome_gaps(portfolio, settings) + project_gaps(portfolio, settings)
            + strand_gaps(portfolio, settings) + interview_gaps(portfolio, settings)
            + completed_experience_gaps(portfolio))


def outcome_gaps(portfolio: Portfolio, settings: CasSettings) -> list[Finding]:
    """Every outcome of the framework evidenced by a reflection on an approved
    experience, or confirmed by the advisor."""
    missing = portfolio.outcomes_missing(settings)
    return [Finding("outcomes", f"No evidence yet for: {', '.join(missing)}")] if missing else []


def project_gaps(portfolio: Portfolio, settings: CasSettings) -> list[Finding]:
    """At least ``min_projects`` approved CAS projects lasting ``project_min_days``
    days or more, counting the first and the last day (1 to 30 September is 30)."""
    needed = settings.min_projects
    approved = portfolio.approved_projects()
    good = [e for e in approved if _project_days(e) is not None
            and _project_days(e) >= settings.project_min_days]
    if len(good) >= needed:
        return []
    if not approved:
        text = "No approved CAS project" + (f" ({needed} needed)" if needed > 1 else "")
        return [Finding("project", text)]
    findings = []
    for project in approved:
        days = _project_days(project)
        if days is None:
            findings.append(Finding("project", f"The CAS project {project.display_title} "
                                               "has no start or end date"))
        elif days < settings.project_min_days:
            findings.append(Finding("project", (
                f"The CAS project {project.display_title} lasts {days} days "
                f"({format_date(project.start_date)} to {format_date(project.end_date)}); "
                f"it needs at least {settings.project_min_days}")))
    if needed > 1:
        findings.append(Finding("project", f"{len(good)} of {needed} CAS projects approved "
                                           f"and at least {settings.project_min_days} days long"))
    return findings


def strand_gaps(portfolio: Portfolio, settings: CasSettings) -> list[Finding]:
    """At least the Settings' minimum of approved experiences in each strand (an
    experience counts once in every strand it names)."""
    counts = portfolio.strand_counts()
    short = [f"{strand} {counts[strand]} of {needed}"
             for strand, needed in settings.min_experiences_by_strand.items()
             if counts[strand] < needed]
    if not short:
        return []
    return [Finding("strands", f"Approved experiences below the minimum: {', '.join(short)}")]


def interview_gaps(portfolio: Portfolio, settings: CasSettings) -> list[Finding]:
    """Interviews 1, 2 and 3 recorded. One held before its window opened does not count
    as that interview (a mid-way or final conversation cannot happen at the start);
    one held late counts (it happened; the Interviews tab shows it as Late)."""
    findings = []
    held = portfolio.interviews_held(settings)
    for number in (1, 2, 3):
        if number in held:
            continue
        early = portfolio.early_interview(number, settings)
        if early is not None:
            window = interview_window(number, settings)
            findings.append(Finding(f"interview {number}", (
                f"Interview {number} was held on {format_date(early.interview_date)}, before "
                f"its window opened on {format_date(window.opens)}; hold it again in its window")))
        else:
            findings.append(Finding(f"interview {number}", f"Interview {number} not recorded"))
    return findings


def completed_experience_gaps(portfolio: Portfolio) -> list[Finding]:
    """Every experience marked complete has a reflection and, with a supervisor, a
    supervisor statement."""
    return [Finding(f"experience {e.experience_id}", text)
            for e in portfolio.experiences
            for text in marked_complete_problems(e, portfolio.progress[e.experience_id])]


def _project_days(project) -> int | None:
    if project.start_date is None or project.end_date is None:
        return None
    return days_inclusive(project.start_date, project.end_date)


# -- keeping pace ------------------------------------------------------------------
def grace_ends(settings: CasSettings) -> datetime.date | None:
    """Until this day a student with nothing yet is Not started rather than At risk:
    the end of interview 1's window, when the early conversation should have got them
    going."""
    window = interview_window(1, settings)
    return window.closes if window else None


def pace_risks(portfolio: Portfolio, settings: CasSettings,
               today: datetime.date) -> list[Finding]:
    """What makes a student At risk on ``today``, while the programme runs (from
    ``cohort_start`` to ``cohort_end``; nothing before it, nothing when the dates are
    not set: the advisor's concern is handled by the caller).

    * **Not started** after the grace (:func:`grace_ends`): no approved experience and
      no reflection. It stands alone with overdue interviews: the other pace findings
      would only repeat it.
    * **Engagement**: more than ``inactivity_gap_days`` days since the last reflection,
      or since ``cohort_start`` when there is none or it is older. Exactly that many
      days is fine.
    * **Interviews**: one not recorded when its window has closed is overdue.
    * **Outcomes against elapsed time**: with a fraction f of the programme passed,
      at least floor(f x outcomes) evidenced, so about half by the midpoint (3 of 7,
      4 of 8) and all of them by the end.
    * **From the midpoint on**: the CAS project(s) approved and under way (started),
      and each strand's minimum of approved experiences reached, since an experience
      approved later has too little time to run. (Interview 2 "done by the midpoint"
      is read as done by the end of its own window around the midpoint.)
    """
    start, end = settings.cohort_start, settings.cohort_end
    if start is None or end is None or not start <= today <= end:
        return []
    overdue = _overdue_interviews(portfolio, settings, today)
    if not portfolio.started:
        if today <= grace_ends(settings):
            return []
        return [Finding("started", "Not started: no approved experience and no reflection, "
                                   f"{(today - start).days} days into the programme")] + overdue
    findings = _engagement(portfolio, settings, today) + overdue
    findings += _outcomes_behind(portfolio, settings, today)
    middle = midpoint(start, end)
    if today >= middle:
        findings += _projects_not_under_way(portfolio, settings, today, middle)
        findings += strand_gaps(portfolio, settings)
    return findings


def _engagement(portfolio: Portfolio, settings: CasSettings,
                today: datetime.date) -> list[Finding]:
    # The clock starts at the programme's start: a reflection written before it must
    # not make a student look idle sooner than one who had written nothing.
    start, last = settings.cohort_start, portfolio.last_reflection
    days = (today - max(last or start, start)).days
    if days <= settings.inactivity_gap_days:
        return []
    if last is None:
        text = f"No reflection yet, {days} days into the programme"
    elif last < start:
        text = f"No reflection since the programme started {days} days ago"
    else:
        text = f"No reflection for {days} days"
    return [Finding("engagement", text)]


def _overdue_interviews(portfolio: Portfolio, settings: CasSettings,
                        today: datetime.date) -> list[Finding]:
    held = portfolio.interviews_held(settings)
    findings = []
    for number in (1, 2, 3):
        window = interview_window(number, settings)
        if number not in held and today > window.closes:
            findings.append(Finding(f"interview {number}", (
                f"Interview {number} is overdue: its window closed on {format_date(window.closes)}")))
    return findings


def _outcomes_behind(portfolio: Portfolio, settings: CasSettings,
                     today: datetime.date) -> list[Finding]:
    total = len(settings.framework.outcomes)
    fraction = elapsed_fraction(settings.cohort_start, settings.cohort_end, today)
    expected = math.floor(total * fraction)
    evidenced = total - len(portfolio.outcomes_missing(settings))
    if evidenced >= expected:
        return []
    return [Finding("outcomes", (
        f"Only {evidenced} of {total} outcomes evidenced; about {expected} expected by now "
        f"({round(fraction * 100)}% of the programme has passed)"))]


def _projects_not_under_way(portfolio: Portfolio, settings: CasSettings,
                            today: datetime.date, middle: datetime.date) -> list[Finding]:
    needed = settings.min_projects
    approved = portfolio.approved_projects()
    under_way = [e for e in approved if e.start_date is not None and e.start_date <= today]
    if len(under_way) >= needed:
        return []
    if not approved:
        return project_gaps(portfolio, settings)[:1]  # "No approved CAS project"
    if needed == 1:
        text = f"No CAS project under way at the midpoint ({format_date(middle)})"
    else:
        text = (f"Only {len(under_way)} of {needed} CAS projects under way at the midpoint "
                f"({format_date(middle)})")
    return [Finding("project", text)]

