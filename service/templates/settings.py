"""A school's settings, checked against the template's setting definitions.

:func:`resolve_settings` takes what the caller knows (from the command line, the
environment, or the Settings tab as read back) and returns every setting with a value
of the right Python type: ``date`` for dates, ``int``/``float`` for numbers, ``bool``,
``str`` for text, links and choices, a tuple of lowercase addresses for email lists,
and ``None`` where nothing is set and there is no default. Every problem is reported at
once, each naming its setting.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Mapping

from .model import SheetTemplate, SettingSpec

_EMAIL = re.compile(r"^[^@\s,]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}
# Sheets counts days from 1899-12-30 (serial number 0): how a date cell holds its value.
SHEETS_EPOCH = datetime.date(1899, 12, 30)


class SettingsError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def resolve_settings(template: SheetTemplate, given: Mapping[str, Any] | None = None) -> dict:
    """Every setting of the template, typed: ``given`` values checked, defaults filled in."""
    given = dict(given or {})
    problems = [f"setting {key!r}: unknown (the settings are "
                f"{', '.join(s.key for s in template.settings)})"
                for key in given if key not in {s.key for s in template.settings}]
    resolved = {}
    for spec in template.settings:
        raw = given.get(spec.key, spec.default)
        try:
            resolved[spec.key] = parse_setting(spec, raw)
        except ValueError as error:
            problems.append(f"setting {spec.key!r}: {error}")
    if problems:
        raise SettingsError(problems)
    return resolved


def parse_setting(spec: SettingSpec, raw: Any) -> Any:
    """One value as its setting's type; ``ValueError`` saying what was expected."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return () if spec.type == "email_list" else None
    kind = spec.type
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"expected TRUE or FALSE, got {raw!r}")
    if kind == "number":
        value = _number(raw)
        if spec.minimum is not None and value < spec.minimum:
            raise ValueError(f"must be at least {spec.minimum:g}, got {value:g}")
        return value
    if kind == "date":
        return _date(raw)
    if not isinstance(raw, (str, list, tuple)):
        raise ValueError(f"expected text, got {raw!r}")
    if kind == "email_list":
        parts = raw if isinstance(raw, (list, tuple)) else raw.split(",")
        emails = tuple(p.strip().lower() for p in parts if p.strip())
        bad = [e for e in emails if not _EMAIL.match(e)]
        if bad:
            raise ValueError(f"not an email address: {', '.join(bad)}")
        return emails
    value = raw.strip()
    if kind == "email" and not _EMAIL.match(value):
        raise ValueError(f"expected an email address, got {value!r}")
    if kind == "choice" and value not in spec.choices:
        raise ValueError(f"{value!r} is not one of {', '.join(spec.choices)}")
    return value


def _number(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise ValueError(f"expected a number, got {raw!r}")
    if isinstance(raw, (int, float)):
        value = raw
    else:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected a number, got {raw!r}") from None
    return int(value) if float(value).is_integer() else value


def _date(raw: Any) -> datetime.date:
    """A date, an ISO ``YYYY-MM-DD`` text, or a Sheets serial number (how a date cell
    reads back unformatted)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return SHEETS_EPOCH + datetime.timedelta(days=int(raw))
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {raw!r}") from None


def date_serial(value: datetime.date) -> int:
    """The number a Sheets date cell holds for ``value``."""
    return (value - SHEETS_EPOCH).days
