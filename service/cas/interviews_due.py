"""Which of a student's three interviews is due or overdue on a given day, by the
cohort's windows (dates.py): what an advisor's page lists beside the prefilled
interview record link.

Pure: the student's recorded interviews, the settings and today in; the
interviews to hold out. An interview counts as held as the rules count it
(``Portfolio.interviews_held``): recorded with its number, and not held before
its window opened. One not held is

- **due** from the day its window opens to the day it closes (both included);
- **overdue** once its window has closed (the rules then make the student At risk);
- not listed before its window opens, nor at all when the cohort's dates are unset.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Iterable

from .dates import Window, format_date, interview_window
from .records import Interview
from .settings import CasSettings

NAMES = {1: "Interview 1 (early)", 2: "Interview 2 (mid-way)", 3: "Interview 3 (final)"}


@dataclasses.dataclass(frozen=True)
class InterviewDue:
    number: int
    window: Window
    overdue: bool

    def describe(self) -> str:
        if self.overdue:
            return f"{NAMES[self.number]} is overdue: its window closed on " \
                   f"{format_date(self.window.closes)}"
        return f"{NAMES[self.number]} is due by {format_date(self.window.closes)}"


def held(interviews: Iterable[Interview], settings: CasSettings) -> set[int]:
    numbers = set()
    for interview in interviews:
        if interview.number not in (1, 2, 3):
            continue
        window = interview_window(interview.number, settings)
        if window and interview.interview_date and interview.interview_date < window.opens:
            continue   # held before its window: does not count (rules.py says why)
        numbers.add(interview.number)
    return numbers


def interviews_due(interviews: Iterable[Interview], settings: CasSettings,
                   today: datetime.date) -> list[InterviewDue]:
    """The interviews not held whose window is open (due) or closed (overdue) on ``today``."""
    done = held(interviews, settings)
    due = []
    for number in (1, 2, 3):
        window = interview_window(number, settings)
        if window is None or number in done or today < window.opens:
            continue
        due.append(InterviewDue(number, window, overdue=today > window.closes))
    return due
