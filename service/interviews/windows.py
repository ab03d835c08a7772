"""The interview windows' notices (issue 13), each once through the Notices ledger.

The three windows are service/cas's (dates.py, from Settings: ``cohort_start``,
``cohort_end``, ``interview_1_within_months``,
``interview_2_months_around_midpoint``, ``interview_3_last_months``). A student is
*due* for interview N while no record of interview N counts for them (a record
held before the window opened does not, as the rules say), they are on the
roster and not Withdrawn.

* **The window is open** (its first day to its last): each advisor with advisees
  due gets ONE email (``interview_window <cohort> <N> <advisor>``) listing them,
  each with the prefilled interview record link (the Students tab's "Record an
  interview"), the window's dates, and the stage's topics to explore
  (forms/interview_topics.json). The students due see ONE Classroom announcement
  addressed to them alone (``interview_window_announcement <cohort> <N>``,
  ``INDIVIDUAL_STUDENTS``), with the same topics to prepare.
* **The window has closed** (for ``CLOSE_NOTICE_DAYS`` after its last day, so a
  cohort set up late is not told of long-gone windows): the students still due are
  digest items, one for each advisor (``interviews_due <cohort> <N>``) and one for
  the coordinators per advisor, which go in their next digest (digests.py).

Who is due is decided when a notice is first made; a student who joins after it
is not in it (the Dashboard's "Interviews due" and their status still show it).
A notice Gmail or Classroom refuses stays due in the ledger and the next sync
sends it; a re-run, a crash or a second sync never sends it twice (events.py).
"""

from __future__ import annotations

import datetime

from .. import cas
from ..sync import digests, events, records
from ..sync.act import Outgoing
from ..templates import prefill_url

EMAIL = "interview_window"
ANNOUNCEMENT = "interview_window_announcement"
CLOSE_NOTICE_DAYS = 14
# The last line of the students' announcement: how the sync knows its own posts
# (they are not opportunities to copy into the Opportunities tab).
SIGNATURE = "(Posted by the CAS service for the students whose interview {number} is still " \
            "to come.)"


def is_window_announcement(text: str) -> bool:
    last = (text or "").rstrip().rsplit("\n", 1)[-1]
    return any(last == SIGNATURE.format(number=n) for n in (1, 2, 3))


def window_notices(*, ledger, students: list[dict], interviews: list, values: dict,
                   topics: dict, forms: dict, advisor_names: dict[str, str], today: datetime.date,
                   cohort: str, coordinators: list[str]) -> list[Outgoing]:
    """The advisors' emails of the windows open today that the ledger does not hold
    (to be rendered and recorded by the sync's tell step); the students'
    announcements and the closed windows' digest items are added to ``ledger``
    here. ``students``: the Students tab's rows; ``interviews``: cas.Interview
    records; ``values``: the resolved Settings; ``topics``: interview number ->
    templates.InterviewTopics."""
    settings = cas.CasSettings.from_values(values)
    tag = "_".join(cohort.split()) or "cohort"
    form_link = records.text(values.get("interview_record_form_link"))
    course = records.text(values.get("classroom_course_id"))
    outgoing: list[Outgoing] = []
    for number in (1, 2, 3):
        window = cas.interview_window(number, settings)
        if window is None:
            continue
        is_open = window.opens <= today <= window.closes
        closed = window.closes < today <= window.closes + datetime.timedelta(
            days=CLOSE_NOTICE_DAYS)
        if not (is_open or closed):
            continue
        due = _due(students, interviews, number, window)
        by_advisor: dict[str, list[dict]] = {}
        for cells in due:
            by_advisor.setdefault(records.text(cells.get("advisor_email")).lower(), []).append(
                _student(cells, forms, form_link))
        stage = topics.get(number)
        if is_open:
            for advisor, advisees in sorted(by_advisor.items()):
                event_id = f"{EMAIL} {tag} {number} {advisor}"
                if not advisor or ledger.knows(event_id):
                    continue
                outgoing.append(Outgoing(EMAIL, advisor, {
                    "advisor_name": advisor_names.get(advisor) or advisor,
                    "number": number, "label": cas.INTERVIEW_LABELS[number],
                    "opens": window.opens, "closes": window.closes,
                    "students": advisees, "purpose": stage.purpose if stage else "",
                    "topics": list(stage.topics) if stage else [],
                    "suggested_format": (stage.suggested_format or "") if stage else ""},
                    event_id))
            emails = {records.text(c.get("email")).lower() for c in due if c.get("email")}
            event_id = f"{ANNOUNCEMENT} {tag} {number}"
            if course and emails and not ledger.knows(event_id):
                ledger.add(events.announcement_notice(
                    event_id, course, announcement_text(number, window, stage), emails))
        else:
            for advisor, advisees in sorted(by_advisor.items()):
                content = {"number": number, "closes": window.closes.isoformat(),
                           "advisor_name": advisor_names.get(advisor) or advisor
                           or "no advisor", "students": advisees}
                if advisor:
                    ledger.add(digests.item(digests.ADVISOR, advisor, "interviews_due",
                                            f"{tag} {number}", content))
                for coordinator in coordinators:
                    ledger.add(digests.item(digests.COORDINATOR, coordinator.lower(),
                                            "interviews_due",
                                            f"{tag} {number} {advisor or '-'}", content))
    return outgoing


def _due(students: list[dict], interviews: list, number: int, window) -> list[dict]:
    held = {i.student_id for i in interviews if i.number == number
            and not (i.interview_date and i.interview_date < window.opens)}
    return sorted((c for c in students
                   if records.text(c.get("student_id"))
                   and records.text(c.get("roster_status")) != "Withdrawn"
                   and records.text(c.get("student_id")) not in held),
                  key=lambda c: (records.text(c.get("name")).casefold(),
                                 records.text(c.get("student_id"))))


def _student(cells: dict, forms: dict, form_link: str) -> dict:
    sid = records.text(cells.get("student_id"))
    link = records.text(cells.get("interview_link"))
    if not link and form_link:
        link = prefill_url(forms["interview_record"], form_link, {"student": sid})
    return {"student_name": records.text(cells.get("name")) or sid, "student_id": sid,
            "link": link}


def announcement_text(number: int, window, stage) -> str:
    """The students' post: the window, what the interview is for, the topics."""
    lines = [f"CAS interview {cas.INTERVIEW_LABELS[number]}: between "
             f"{cas.format_date(window.opens)} and {cas.format_date(window.closes)} your CAS "
             f"advisor will meet you for this interview."]
    if stage:
        lines += ["", stage.purpose, "", "To prepare, think about:"]
        lines += [f"- {topic}" for topic in stage.topics]
    lines += ["", SIGNATURE.format(number=number)]
    return "\n".join(lines)
