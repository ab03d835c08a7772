"""A student's record and their parents' report as HTML, from a ``StudentView``.

Jinja templates with autoescaping on for every template: whatever a person typed
(a title, a reflection, an advisor's comment, a name) is text in the document and
can never become markup. The HTML is what Drive imports into a Google Doc
(files.create / files.update with ``text/html`` media and the Doc MIME type), so it
keeps to what a Doc holds: headings, paragraphs, lists, tables and inline colour.
The status's reasons count days ("no reflection for 52 days"), so the record says
the day it was written ("As of ..."), and its content hash (``record_hash``) leaves
out that line and the day counts and names the week instead: a record is rewritten
when what it says changes, and at most once a week for the counts alone, not every
day for every student (three Drive writes each).
"""

from __future__ import annotations

import dataclasses
import functools
import datetime
import hashlib
import re
from pathlib import Path

import jinja2

from ..cas.dates import format_date
from .view import StudentView

TEMPLATES = Path(__file__).parent / "templates"
# Bump when the templates change what every record says: each record is rewritten once.
RECORD_VERSION = "2"
# The status as a colour, for the parents' indicator (text says it too).
STATUS_COLOURS = {"Not started": "#9aa0a6", "On track": "#188038", "At risk": "#d93025",
                  "Complete": "#1a73e8", "Incomplete": "#d93025"}


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["day"] = lambda d: format_date(d) if d else ""
    env.filters["lines"] = lambda t: [line for line in str(t or "").splitlines() if line.strip()]
    return env


def record_html(view: StudentView, as_of: datetime.date | None = None) -> str:
    """The student's "My CAS record": everything, in the student's own words and the
    advisor's, as of the day given."""
    return _environment().get_template("record.html").render(v=view, as_of=as_of)


@dataclasses.dataclass(frozen=True)
class ReportOptions:
    term: str
    include_reflections: bool = False


def report_html(view: StudentView, options: ReportOptions) -> str:
    """The parents' report: status as an indicator, the advisor's comments, strands and
    outcomes counted; reflections only when the school's setting says so."""
    return _environment().get_template("parent_report.html").render(
        v=view, term=options.term, include_reflections=options.include_reflections,
        colour=STATUS_COLOURS.get(view.status, "#5f6368"))


_AS_OF = re.compile(r'<p class="as-of">[^<]*</p>')
_DAY_COUNT = re.compile(r"\b\d+ days?\b")


def record_hash(html: str, today: datetime.date | None = None) -> str:
    """The content hash kept in the record's ``casHash`` (16 hex digits: 64 bits): of
    what the record says but its day and its day counts, and of ``today``'s week."""
    stable = _DAY_COUNT.sub("N days", _AS_OF.sub("", html))
    week = "%d-W%02d" % today.isocalendar()[:2] if today else ""
    return hashlib.sha256(f"{RECORD_VERSION}\n{week}\n{stable}".encode()).hexdigest()[:16]
