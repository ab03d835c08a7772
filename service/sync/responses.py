"""A form response as the cells of a Sheet row, by the template's ``feeds``.

Answers are found by questionId, so a coordinator may reword a question in the
Forms editor; a question the template does not know (one the coordinator
added) is kept, with its title, in the row's "Other answers" cell. A person's
text is written RAW (never a formula); text longer than a cell may hold is
cut and the row flagged. https://developers.google.com/workspace/forms/api/reference/rest/v1/forms.responses
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Mapping

from ..templates.settings import date_serial
from .table import MAX_CELL

_EPOCH = datetime.datetime(1899, 12, 30, tzinfo=datetime.timezone.utc)


@dataclasses.dataclass
class ResponseRow:
    """One response as cells of its target tab, plus what the sync needs to match it."""

    form: str
    response_id: str
    submitted: str                   # lastSubmittedTime, RFC 3339
    respondent: str                  # verified email ("" for the supervisor form)
    answers: dict[str, list[str]]    # question key -> answers
    cells: dict[str, object]         # column key -> value, for the form's tab
    extra: list[str]                 # "Title: answer" of questions the template lacks
    flags: list[str]

    def answer(self, key: str) -> str:
        values = self.answers.get(key) or []
        return values[0].strip() if values else ""

    def raw_text(self) -> str:
        """Every answer, for the Needs review tab (which has no Sync notes column: text
        cut to fit the cell ends with a line that says so)."""
        lines = [f"{key}: {'; '.join(values)}" for key, values in self.answers.items()]
        text = "\n".join(lines + self.extra)
        if len(text) <= MAX_CELL:
            return text
        note = (f"\n[Cut here: the answers are {len(text):,} characters, more than a cell "
                f"holds; the whole response stays in the form's responses.]")
        return text[:MAX_CELL - len(note)] + note


def answers_of(response: Mapping) -> dict[str, list[str]]:
    """questionId -> the answers' values (text, choices, dates as YYYY-MM-DD)."""
    out = {}
    for question_id, answer in (response.get("answers") or {}).items():
        text = answer.get("textAnswers") or {}
        out[question_id] = [str(a.get("value", "")) for a in text.get("answers") or []]
    return out


def response_row(form, tab, response: Mapping, titles: Mapping[str, str] | None = None
                 ) -> ResponseRow:
    """The response's cells for the tab its form feeds (``form.response_feeds`` for
    the response's ID, time and respondent; each question's ``feeds``)."""
    by_id = answers_of(response)
    known = {q.question_id: q for q in form.questions}
    flags: list[str] = []
    answers = {q.key: by_id[q.question_id] for q in form.questions if q.question_id in by_id}
    extra = [f"{(titles or {}).get(qid) or 'Question ' + qid}: {'; '.join(values)}"
             for qid, values in by_id.items() if qid not in known]
    cells: dict[str, object] = {}
    feeds = dict(form.response_feeds)
    submitted = response.get("lastSubmittedTime") or response.get("createTime") or ""
    respondent = (response.get("respondentEmail") or "").strip().lower()
    for source, value in (("response_id", response.get("responseId", "")),
                          ("submitted", datetime_serial(submitted)),
                          ("respondent_email", respondent)):
        if source in feeds:
            cells[feeds[source].partition(".")[2]] = value
    for question in form.questions:
        if not question.feeds or question.key not in answers:
            continue
        column = tab.column(question.feeds.partition(".")[2])
        cells[column.key] = cell_value(column.type, answers[question.key], flags, column.header)
    if extra and "extra_answers" in {c.key for c in tab.columns}:
        cells["extra_answers"] = _cut("\n".join(extra), flags)
    return ResponseRow(form.key, response.get("responseId", ""), submitted, respondent,
                       answers, cells, extra, flags)


def cell_value(kind: str, values: list[str], flags: list[str], header: str = "") -> object:
    """One answer as the value of a column of this type."""
    values = [v for v in values if v != ""]
    if not values:
        return ""
    if kind == "boolean":
        # "Yes", or a ticked confirmation (its text); "No" is false.
        return values[0].strip().lower() not in ("no", "false")
    if kind == "date":
        try:
            return date_serial(datetime.date.fromisoformat(values[0][:10]))
        except ValueError:
            flags.append(f"{header}: {values[0]!r} is not a date")
            return _cut(values[0], flags)
    if kind == "number":
        try:
            return float(values[0].replace(",", "."))
        except ValueError:
            return _cut(values[0], flags)
    joiner = "\n" if kind == "multiline" else ", "
    return _cut(joiner.join(v.strip() for v in values), flags)


def datetime_serial(value: str) -> float | str:
    """An RFC 3339 time as a Sheets date-time number (UTC), or "" if absent."""
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return round((moment - _EPOCH).total_seconds() / 86400, 8)


def _cut(text: str, flags: list[str]) -> str:
    if len(text) <= MAX_CELL:
        return text
    flags.append(f"An answer of {len(text)} characters was cut to {MAX_CELL}; the whole "
                 f"answer stays in the form's responses.")
    return text[:MAX_CELL]


def read_cursor(value: str) -> tuple[str, set[str]]:
    """A form's cursor: the newest lastSubmittedTime read, and the IDs of the
    responses read at that very time. Responses are asked for ``>=`` the time (one
    sent in the same second as the last read is not missed); those already read at
    it are passed over, so a row a person deleted does not come back. A response
    edited since has a later time and is read again."""
    since, _, seen = value.partition("|")
    return since, {i for i in seen.split(",") if i}


def write_cursor(since: str, seen: set[str]) -> str:
    return f"{since}|{','.join(sorted(seen))}" if since else ""


def question_titles(form: dict) -> dict[str, str]:
    """questionId -> the title a person sees, for the questions a coordinator added
    (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms#Item):
    a question item's title; a grid row's "item title: row title"."""
    titles = {}
    for item in form.get("items") or []:
        question = (item.get("questionItem") or {}).get("question")
        if question and question.get("questionId"):
            titles[question["questionId"]] = item.get("title", "")
        for row in (item.get("questionGroupItem") or {}).get("questions") or []:
            if row.get("questionId"):
                label = (row.get("rowQuestion") or {}).get("title", "")
                titles[row["questionId"]] = f"{item.get('title', '')}: {label}".strip(": ")
    return titles
