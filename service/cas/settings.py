"""The settings the completion rules read, as one plain record.

The Settings tab holds many more keys (form IDs, folder IDs, the sender address...);
:class:`CasSettings` keeps only those the rules and the experience states depend on.
Build it with :meth:`CasSettings.from_values` from the typed values
``service.templates.resolve_settings`` returns; a key that is missing or blank takes
the default below, which is the template's default (a unit test holds the two equal).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any, Mapping

from . import outcomes


@dataclasses.dataclass(frozen=True)
class CasSettings:
    """The rules' settings, named as the Settings tab's keys.

    ``cohort_start`` and ``cohort_end`` may be None while the coordinator has not set
    them: the rules that depend on dates are then skipped (and the assessment says so).
    Counts and day numbers are whole numbers; months may be fractional (see dates.py).
    """

    cohort_start: datetime.date | None = None
    cohort_end: datetime.date | None = None
    outcome_framework: str = outcomes.DEFAULT_FRAMEWORK
    min_creativity_experiences: int = 1
    min_activity_experiences: int = 1
    min_service_experiences: int = 1
    min_projects: int = 1
    project_min_days: int = 30
    interview_1_within_months: int | float = 2
    interview_2_months_around_midpoint: int | float = 2
    interview_3_last_months: int | float = 3
    inactivity_gap_days: int = 45
    hours_tracking: bool = False
    students_see_interview_notes: bool = False
    positive_statement_completes: bool = True
    supervisor_reminder_days: int = 14

    def __post_init__(self):
        # Fail on a framework the cohort cannot use now, not deep inside a sync.
        outcomes.framework(self.outcome_framework)
        if self.cohort_start and self.cohort_end and self.cohort_start >= self.cohort_end:
            raise ValueError(f"cohort_start ({self.cohort_start}) must be before "
                             f"cohort_end ({self.cohort_end}).")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> "CasSettings":
        """The rules' settings from a mapping of setting key to typed value (what
        ``resolve_settings`` returns). Keys the rules do not use are ignored; a
        missing key or a None value takes the default. Whole-number settings given as
        a float such as ``2.0`` become ``2``; ``ValueError`` names a setting that is
        not a whole number where one is needed, or the wrong type."""
        chosen: dict[str, Any] = {}
        problems = []
        for field in dataclasses.fields(cls):
            value = values.get(field.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                chosen[field.name] = _typed(field.name, field.default, value)
            except ValueError as error:
                problems.append(f"setting {field.name!r}: {error}")
        if problems:
            raise ValueError("\n".join(problems))
        return cls(**chosen)

    @property
    def framework(self) -> outcomes.Framework:
        """The cohort's outcome framework: the one this setting names (a cohort keeps
        the framework it started with as long as the setting is left as it was)."""
        return outcomes.framework(self.outcome_framework)

    @property
    def min_experiences_by_strand(self) -> dict[str, int]:
        """Approved experiences needed per strand, in the Sheet's C / A / S order."""
        return {"Creativity": self.min_creativity_experiences,
                "Activity": self.min_activity_experiences,
                "Service": self.min_service_experiences}

    @property
    def dated(self) -> bool:
        """Whether both programme dates are set, so time-based rules can run."""
        return self.cohort_start is not None and self.cohort_end is not None


_MONTH_SETTINGS = {"interview_1_within_months", "interview_2_months_around_midpoint",
                   "interview_3_last_months"}


def _typed(name: str, default: Any, value: Any) -> Any:
    if name in ("cohort_start", "cohort_end"):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        raise ValueError(f"expected a date, got {value!r}")
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise ValueError(f"expected TRUE or FALSE, got {value!r}")
    if isinstance(default, str):
        return str(value).strip()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    if value < 0:
        raise ValueError(f"must not be negative, got {value:g}")
    if float(value).is_integer():
        return int(value)
    if name in _MONTH_SETTINGS:
        return value
    raise ValueError(f"expected a whole number, got {value:g}")
