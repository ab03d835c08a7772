"""Calendar arithmetic the rules need: months, the programme's midpoint, the three
interview windows, and dates written the way a coordinator reads them.

Readings chosen here (each is what a coordinator would expect from the Settings tab's
wording; tests pin them):

* **A month** is a calendar month. Adding months keeps the day of the month, and a day
  the target month lacks becomes its last day: 31 January + 1 month is 28 February
  (29 in a leap year); 31 May - 3 months is 28/29 February. A fraction of a month (a
  school may type 1.5) counts as that fraction of 30 days, rounded to whole days.
* **Within N months of a date** means from that date to the date N months on, both
  days included.
* **The midpoint** is the day halfway from ``cohort_start`` to ``cohort_end`` (rounded
  down to a whole day).
* **Interview windows**, both ends included:
  1. from ``cohort_start`` to ``interview_1_within_months`` after it;
  2. ``interview_2_months_around_midpoint`` months either side of the midpoint (the
     setting's own description: "within this many months either side of the
     programme's midpoint"), so the default 2 makes a window of about four months;
  3. from ``interview_3_last_months`` before ``cohort_end`` to ``cohort_end``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: settings.py imports nothing from here at runtime
    from .settings import CasSettings

DAYS_PER_FRACTIONAL_MONTH = 30
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

# The Interviews tab's "In its window" column.
IN_WINDOW, EARLY, LATE = "Yes", "Early", "Late"


def add_months(day: datetime.date, months: int | float) -> datetime.date:
    """``day`` moved by ``months`` calendar months (negative goes back), kept at the same
    day of the month or the target month's last day when it is shorter."""
    whole = int(months)  # towards zero, so -1.5 is -1 month and -15 days
    index = day.year * 12 + (day.month - 1) + whole
    year, month = divmod(index, 12)
    month += 1
    moved = datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    extra_days = round((months - whole) * DAYS_PER_FRACTIONAL_MONTH)
    return moved + datetime.timedelta(days=extra_days)


def midpoint(start: datetime.date, end: datetime.date) -> datetime.date:
    """The day halfway from ``start`` to ``end``, rounded down."""
    return start + datetime.timedelta(days=(end - start).days // 2)


def elapsed_fraction(start: datetime.date, end: datetime.date, today: datetime.date) -> float:
    """How much of the programme has passed: 0 on or before ``start``, 1 on or after
    ``end``."""
    length = (end - start).days
    if length <= 0:
        return 1.0 if today >= end else 0.0
    return min(1.0, max(0.0, (today - start).days / length))


def format_date(day: datetime.date) -> str:
    """``31 March 2027``: the same in every locale (strftime's %B is not)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def days_inclusive(start: datetime.date, end: datetime.date) -> int:
    """How many days an experience lasts counting both its first and last day: 1 to 30
    September is 30 days."""
    return (end - start).days + 1


@dataclasses.dataclass(frozen=True)
class Window:
    """A span of days, both ends included."""

    opens: datetime.date
    closes: datetime.date

    def timing(self, day: datetime.date) -> str:
        """The Interviews tab's "In its window" value for something held on ``day``."""
        if day < self.opens:
            return EARLY
        if day > self.closes:
            return LATE
        return IN_WINDOW

    def describe(self) -> str:
        return f"{format_date(self.opens)} to {format_date(self.closes)}"


def interview_window(number: int, settings: CasSettings) -> Window | None:
    """The window of interview ``number`` (1, 2 or 3), or None when the cohort's dates
    are not set or the number is not one of the three."""
    start, end = settings.cohort_start, settings.cohort_end
    if start is None or end is None:
        return None
    if number == 1:
        return Window(start, add_months(start, settings.interview_1_within_months))
    if number == 2:
        middle = midpoint(start, end)
        around = settings.interview_2_months_around_midpoint
        return Window(add_months(middle, -around), add_months(middle, around))
    if number == 3:
        return Window(add_months(end, -settings.interview_3_last_months), end)
    return None


def interview_timing(number: int | None, held_on: datetime.date | None,
                     settings: CasSettings) -> str:
    """``Yes``, ``Early`` or ``Late`` for an interview of this number held on this day
    (the Interviews tab's "In its window"), or ``""`` when it cannot be told: no
    number, no date, or the cohort's dates are not set."""
    if number is None or held_on is None:
        return ""
    window = interview_window(number, settings)
    return window.timing(held_on) if window else ""
