"""How Sheets shows a number: number formats and date serial numbers
(https://developers.google.com/sheets/api/guides/formats).

Dates and times are numbers: days since 1899-12-30, the fraction being the time
of day. A cell's ``numberFormat`` (type and pattern) decides how the number reads;
without one Sheets uses its automatic format. This covers the pattern tokens the
emulator itself produces and the common ones people set; it is not all of Google's.
"""

from __future__ import annotations

import datetime as dt
import re

EPOCH = dt.datetime(1899, 12, 30)

DATE_TYPES = ("DATE", "TIME", "DATE_TIME")

# The en_US defaults Sheets applies when a format has a type but no pattern.
DEFAULT_PATTERNS = {
    "NUMBER": "#,##0.00",
    "PERCENT": "0.00%",
    "CURRENCY": '"$"#,##0.00',
    "SCIENTIFIC": "0.00E+00",
    "DATE": "M/d/yyyy",
    "TIME": "h:mm:ss am/pm",
    "DATE_TIME": "M/d/yyyy H:mm:ss",
}

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def to_serial(value: dt.datetime) -> float:
    delta = value - EPOCH
    return delta.days + delta.seconds / 86400


def from_serial(serial: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=serial)


def is_date_format(number_format: dict | None) -> bool:
    return bool(number_format) and number_format.get("type") in DATE_TYPES


def plain_number(value: float):
    """A JSON number as Sheets sends it: integral values without a fraction."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def automatic(value: float) -> str:
    """The automatic format: integers as written, fractions to at most 10 decimal
    places (1/3 reads 0.3333333333), very large or small numbers in E notation."""
    if value == 0:
        return "0"
    if abs(value) >= 1e15 or abs(value) < 1e-10:
        mantissa, exponent = f"{value:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{'+' if int(exponent) >= 0 else '-'}{abs(int(exponent)):02d}"
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text


def format_number(value: float, number_format: dict | None) -> str:
    if not number_format:
        return automatic(value)
    kind = number_format.get("type")
    pattern = number_format.get("pattern") or DEFAULT_PATTERNS.get(kind)
    if kind == "TEXT" or not pattern or pattern in ("@", "General"):
        return automatic(value)
    if kind in DATE_TYPES or _looks_like_date(pattern):
        return format_date(value, pattern)
    return _format_with_pattern(value, pattern)


# -- number patterns ---------------------------------------------------------

def _sections(pattern: str) -> list[str]:
    out, cur, quoted = [], "", False
    for ch in pattern:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _format_with_pattern(value: float, pattern: str) -> str:
    sections = _sections(pattern)
    section = sections[0]
    negative_section = value < 0 and len(sections) > 1
    if negative_section:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    # Literals: "quoted", \x escapes and anything that is not a digit placeholder.
    prefix, suffix, number, seen_digit = [], [], [], False
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            (suffix if seen_digit else prefix).append(section[i + 1:end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            (suffix if seen_digit else prefix).append(section[i + 1])
            i += 2
            continue
        if ch in "0#?" or (seen_digit and ch in ".,") or (ch == "." and section[i + 1:i + 2] in ("0", "#")):
            seen_digit = True
            number.append(ch)
        elif seen_digit and ch in "Ee" and section[i + 1:i + 2] in ("+", "-"):
            number.append(section[i:i + 2])
            i += 2
            while i < len(section) and section[i] in "0#":
                number.append(section[i])
                i += 1
            continue
        elif ch == "%":
            value *= 100
            (suffix if seen_digit else prefix).append("%")
        elif ch not in "_*":
            (suffix if seen_digit else prefix).append(ch)
        i += 1
    body = _digits("".join(number), value)
    sign = "-" if value < 0 and not negative_section else ""
    return sign + "".join(prefix) + body + "".join(suffix)


def _digits(spec: str, value: float) -> str:
    value = abs(value)
    exponent_part = re.search(r"[Ee][+-]", spec)
    if exponent_part:
        mantissa_spec, exp_spec = spec[:exponent_part.start()], spec[exponent_part.end():]
        exponent = 0 if value == 0 else int(f"{value:E}".split("E")[1])
        mantissa = value / (10 ** exponent) if value else 0.0
        digits = _digits(mantissa_spec, mantissa)
        if digits.startswith("10"):  # rounding carried into a new digit
            exponent += 1
            digits = _digits(mantissa_spec, mantissa / 10)
        return f"{digits}E{'+' if exponent >= 0 else '-'}{abs(exponent):0{max(len(exp_spec), 1)}d}"
    integer_spec, _, fraction_spec = spec.partition(".")
    max_decimals = len(fraction_spec.replace(",", ""))
    min_decimals = fraction_spec.count("0")
    text = f"{value:.{max_decimals}f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    fraction = fraction + "0" * (min_decimals - len(fraction)) if len(fraction) < min_decimals else fraction
    min_int = integer_spec.count("0")
    if whole == "0" and min_int == 0:
        whole = ""
    whole = whole.rjust(min_int, "0")
    if "," in integer_spec and whole:
        whole = f"{int(whole):,}"
    return whole + ("." + fraction if fraction else "")


# -- dates -------------------------------------------------------------------

_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|am/pm|AM/PM|a/p|A/P|([yY]+|[mM]+|[dD]+|[hH]+|[sS]+)|.', re.S)


def _looks_like_date(pattern: str) -> bool:
    stripped = re.sub(r'"[^"]*"|\\.', "", pattern)
    return bool(re.search(r"[yYdDhHsS]", stripped)) and "0" not in stripped


def format_date(serial: float, pattern: str) -> str:
    moment = from_serial(serial)
    # Round to the second, as Sheets shows it.
    moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    tokens = [m.group(0) for m in _DATE_TOKEN.finditer(pattern)]
    twelve_hour = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    kinds = [t[0].lower() if re.fullmatch(r"[yYmMdDhHsS]+", t) else None for t in tokens]
    out = []
    for i, token in enumerate(tokens):
        kind = kinds[i]
        if kind is None:
            low = token.lower()
            if low == "am/pm":
                out.append("AM" if moment.hour < 12 else "PM")
            elif low == "a/p":
                out.append("A" if moment.hour < 12 else "P")
            elif token.startswith('"'):
                out.append(token[1:-1])
            elif token.startswith("\\"):
                out.append(token[1:])
            else:
                out.append(token)
            continue
        n = len(token)
        if kind == "y":
            out.append(f"{moment.year % 100:02d}" if n <= 2 else f"{moment.year:04d}")
        elif kind == "d":
            out.append(str(moment.day) if n == 1 else f"{moment.day:02d}" if n == 2
                       else _DAYS[moment.weekday()][:3] if n == 3 else _DAYS[moment.weekday()])
        elif kind == "h":
            hour = (moment.hour % 12 or 12) if twelve_hour else moment.hour
            out.append(str(hour) if n == 1 else f"{hour:02d}")
        elif kind == "s":
            out.append(str(moment.second) if n == 1 else f"{moment.second:02d}")
        elif kind == "m":
            if _is_minute(kinds, i) and n <= 2:
                out.append(str(moment.minute) if n == 1 else f"{moment.minute:02d}")
            else:
                month = moment.month
                out.append(str(month) if n == 1 else f"{month:02d}" if n == 2
                           else _MONTHS[month - 1][:3] if n == 3 else _MONTHS[month - 1] if n == 4
                           else _MONTHS[month - 1][0])
    return "".join(out)


def _is_minute(kinds: list, i: int) -> bool:
    """``m`` is minutes right after an hour or right before seconds, else the month."""
    before = next((k for k in reversed(kinds[:i]) if k), None)
    after = next((k for k in kinds[i + 1:] if k), None)
    return before == "h" or after == "s"
