"""The Sheet's rows as the domain's records (service/cas), read from the cells
as values.batchGetByDataFilter gives them unformatted: dates as serial numbers,
ticks as booleans, lists one per line or comma-separated."""

from __future__ import annotations

import datetime

from .. import cas
from ..templates.settings import SHEETS_EPOCH


def as_date(value) -> datetime.date | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return SHEETS_EPOCH + datetime.timedelta(days=int(value))
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "y", "1")


def text(value) -> str:
    return "" if value is None else str(value).strip()


def student(cells) -> cas.Student:
    return cas.Student(
        student_id=text(cells.get("student_id")), name=text(cells.get("name")),
        email=text(cells.get("email")).lower(),
        advisor_email=text(cells.get("advisor_email")).lower(),
        advisor_confirmed_outcomes=cas.split_list(text(cells.get("advisor_confirmed_outcomes"))),
        advisor_concern=text(cells.get("advisor_concern")),
        manual_status=text(cells.get("manual_status")),
        manual_status_reason=text(cells.get("manual_status_reason")))


def experience(cells) -> cas.Experience:
    return cas.Experience(
        experience_id=text(cells.get("experience_id")), student_id=text(cells.get("student_id")),
        title=text(cells.get("title")), strands=cas.split_list(text(cells.get("strands"))),
        advisor_decision=text(cells.get("advisor_decision")),
        advisor_marked_complete=as_bool(cells.get("advisor_marked_complete")),
        start_date=as_date(cells.get("start_date")), end_date=as_date(cells.get("end_date")),
        cas_project=as_bool(cells.get("cas_project")),
        supervisor_name=text(cells.get("supervisor_name")),
        supervisor_email=text(cells.get("supervisor_email")).lower(),
        supervisor_invited_on=as_date(cells.get("supervisor_invited_on")),
        targeted_outcomes=cas.split_list(text(cells.get("targeted_outcomes"))),
        revised_since_decision=bool(text(cells.get("revised_on")))
        and not text(cells.get("decision_notified_on")))


def reflection(cells) -> cas.Reflection | None:
    submitted = as_date(cells.get("submitted"))
    if not submitted:
        return None
    return cas.Reflection(
        response_id=text(cells.get("response_id")), student_id=text(cells.get("student_id")),
        experience_id=text(cells.get("experience_id")), submitted=submitted,
        outcomes=cas.split_list(text(cells.get("outcomes"))),
        cas_stage=text(cells.get("cas_stage")),
        ready_for_supervisor=as_bool(cells.get("ready_for_supervisor")))


def interview(cells) -> cas.Interview:
    return cas.Interview(
        response_id=text(cells.get("response_id")), student_id=text(cells.get("student_id")),
        number=cas.interview_number(text(cells.get("interview"))),
        interview_date=as_date(cells.get("interview_date")), format=text(cells.get("format")),
        interviewer_email=text(cells.get("interviewer_email")).lower())


def statement(cells) -> cas.SupervisorStatement | None:
    submitted = as_date(cells.get("submitted"))
    if not submitted or not text(cells.get("experience_id")):
        return None
    return cas.SupervisorStatement(
        response_id=text(cells.get("response_id")),
        experience_id=text(cells.get("experience_id")), submitted=submitted,
        completed_successfully=as_bool(cells.get("completed_successfully")),
        adult_not_family=as_bool(cells.get("adult_not_family")),
        supervisor_name=text(cells.get("supervisor_name")),
        supervisor_email=text(cells.get("supervisor_email")).lower(),
        attendance=text(cells.get("attendance")))
