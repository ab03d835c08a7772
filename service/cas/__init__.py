"""The pure domain core of CAS (DESIGN.md §2): records, learning outcomes, completion
rules. Plain data and functions: no I/O, no Flask, no Google types, no clock reads
(today's date is always a parameter).

The API, in the order a sync uses it:

* Records, one per Sheet row, in the Sheet's words (records.py): :class:`Student`
  (with the advisor's and coordinator's overrides), :class:`Experience`,
  :class:`Reflection`, :class:`SupervisorStatement`, :class:`Interview`; helpers
  :func:`split_list` (a cell listing outcomes or strands) and
  :func:`interview_number` ("2 (mid-way)" -> 2).
* :class:`CasSettings` (settings.py): the settings the rules read, built with
  ``CasSettings.from_values(resolve_settings(...))``; defaults are the template's.
* :func:`experience_progress` (experiences.py): one experience's state for the
  Experiences tab (status, supervisor statement, reflections count), whether it is
  complete and why not, and when a supervisor reminder falls due.
* :func:`assess` / :func:`assess_cohort` (status.py): a student's status (Not
  started, On track, At risk, Complete, Incomplete), the reasons in plain words, what
  is still to do, and the Students tab's summary cells (``Assessment.students_cells``).
* :func:`interview_timing` (dates.py): the Interviews tab's "In its window".
* Outcome frameworks (outcomes.py): the current 7 outcomes and the older 8.

Each rule and its reading of the Settings is documented where it lives: dates.py
(months, midpoint, interview windows), experiences.py (when an experience is
complete), rules.py (completion and pace), status.py (how the status is chosen).
"""

from . import outcomes
from .dates import add_months, format_date, interview_timing, interview_window, midpoint
from .experiences import ExperienceProgress, experience_progress
from .records import (APPROVED, AT_RISK, CHANGES_REQUESTED, COMPLETE, DECISIONS,
                      EXPERIENCE_STATUSES, INCOMPLETE, INTERVIEW_FORMATS, INTERVIEW_LABELS,
                      NOT_STARTED, ON_TRACK, REJECTED, STATEMENT_STATES, STATUSES, STRANDS,
                      Experience, Interview, Reflection, Student, SupervisorStatement,
                      interview_number, split_list)
from .settings import CasSettings
from .status import STATUS_RANK, Assessment, assess, assess_cohort

__all__ = [
    "APPROVED", "AT_RISK", "Assessment", "CHANGES_REQUESTED", "COMPLETE", "CasSettings",
    "DECISIONS", "EXPERIENCE_STATUSES", "Experience", "ExperienceProgress", "INCOMPLETE",
    "INTERVIEW_FORMATS", "INTERVIEW_LABELS", "Interview", "NOT_STARTED", "ON_TRACK",
    "REJECTED", "Reflection", "STATEMENT_STATES", "STATUSES", "STATUS_RANK", "STRANDS",
    "Student", "SupervisorStatement", "add_months", "assess", "assess_cohort",
    "experience_progress", "format_date", "interview_number", "interview_timing",
    "interview_window", "midpoint", "outcomes", "split_list",
]
