"""What a value becomes when written: ``valueInputOption`` RAW or USER_ENTERED
(https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption).

RAW stores strings exactly as sent, so text starting with ``=``, ``+``, ``-`` or ``@``
stays text: this is what keeps a person's answer from becoming a formula.
USER_ENTERED parses strings as if typed into the UI: numbers, percentages,
currency, TRUE/FALSE, dates, times and date-times become typed values with a
number format, ``=...`` is a formula and a leading apostrophe forces text. JSON
numbers and booleans stay typed under both options.
"""

from __future__ import annotations

import datetime as dt
import re

from .formats import to_serial

_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<cur>\$?)(?P<sign2>[+-]?)"
                     r"(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?"
                     r"(?:[eE](?P<exp>[+-]?\d+))?(?P<pct>%?)$")
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}(?:\.\d+)?))?(?:\s*(?P<ampm>[aApP][mM]))?"
_ISO_DATE = re.compile(r"^(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})(?:[ T]" + _TIME + r")?$")
_US_DATE = re.compile(r"^(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?:\s+" + _TIME + r")?$")
_TIME_ONLY = re.compile("^" + _TIME + "$")


def raw(value) -> dict | None:
    """The ExtendedValue stored for a RAW input (``None``: leave the cell alone;
    ``{}``: empty it)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    text = str(value)
    return {"stringValue": text} if text != "" else {}


def user_entered(value, text_format: bool = False) -> tuple[dict | None, dict | None]:
    """(ExtendedValue, numberFormat or None) for a USER_ENTERED input. A cell
    formatted as plain text (``text_format``) keeps what is typed as a string."""
    if value is None or not isinstance(value, str):
        return raw(value), None
    if value == "":
        return {}, None
    if value.startswith("'"):
        return {"stringValue": value[1:]}, None
    if text_format:
        return {"stringValue": value}, None
    if value.startswith("=") and len(value) > 1:
        return {"formulaValue": value}, None
    text = value.strip()
    if text.upper() in ("TRUE", "FALSE"):
        return {"boolValue": text.upper() == "TRUE"}, None
    number = _number(text)
    if number is not None:
        return number
    moment = _moment(text)
    if moment is not None:
        return moment
    return {"stringValue": value}, None


def _number(text: str):
    m = _NUMBER.match(text)
    if not m or not (m.group("int") or m.group("frac")):
        return None
    if m.group("sign") and m.group("sign2"):
        return None
    digits = m.group("int").replace(",", "") or "0"
    frac = m.group("frac") or ""
    number = float(f"{digits}.{frac or 0}e{m.group('exp') or 0}")
    if "-" in (m.group("sign") + m.group("sign2")):
        number = -number
    decimals = "." + "0" * len(frac) if frac else ""
    if m.group("pct"):
        fmt = {"type": "PERCENT", "pattern": "0.00%" if frac else "0%"}
        number /= 100
    elif m.group("cur"):
        fmt = {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    elif m.group("exp"):
        fmt = {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    elif "," in m.group("int"):
        fmt = {"type": "NUMBER", "pattern": "#,##0" + decimals}
    else:
        fmt = None
    return {"numberValue": _tidy(number)}, fmt


def _tidy(number: float):
    return int(number) if number.is_integer() and abs(number) < 2**53 else round(number, 15)


def _moment(text: str):
    """Dates (2024-03-15, 3/15/2024), date-times and times, with a pattern that reads
    the way they were typed."""
    for regex, date_pattern in ((_ISO_DATE, "yyyy-mm-dd"), (_US_DATE, "M/d/yyyy")):
        m = regex.match(text)
        if not m:
            continue
        year = int(m.group("y"))
        year += 2000 if year < 30 and len(m.group("y")) == 2 else 1900 if len(m.group("y")) == 2 else 0
        try:
            day = dt.datetime(year, int(m.group("mo")), int(m.group("d")))
        except ValueError:
            return None
        if m.group("h") is None:
            return {"numberValue": _tidy(float(to_serial(day)))}, {"type": "DATE", "pattern": date_pattern}
        clock = _clock(m)
        if clock is None:
            return None
        seconds, time_pattern = clock
        serial = to_serial(day) + seconds / 86400
        return ({"numberValue": _tidy(serial)},
                {"type": "DATE_TIME", "pattern": f"{date_pattern} {time_pattern}"})
    m = _TIME_ONLY.match(text)
    if m:
        clock = _clock(m)
        if clock is None:
            return None
        seconds, time_pattern = clock
        return {"numberValue": _tidy(seconds / 86400)}, {"type": "TIME", "pattern": time_pattern}
    return None


def _clock(m) -> tuple[float, str] | None:
    hour, minute = int(m.group("h")), int(m.group("mi"))
    second = float(m.group("s") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second >= 60:
        return None
    pattern = ("h" if ampm else "H") + ":mm" + (":ss" if m.group("s") else "") + (" am/pm" if ampm else "")
    return hour * 3600 + minute * 60 + second, pattern
