"""A cohort to test the rules against, and short builders for its records.

The cohort runs from 1 September 2026 to 31 May 2028 (2028 is a leap year), so with
the default settings: interview 1's window is 1 September to 1 November 2026, the
midpoint is 17 July 2027 (638 days, halved), interview 2's window is 17 May to
17 September 2027, and interview 3's is 29 February to 31 May 2028.
"""

from __future__ import annotations

import datetime

from service.cas import (CasSettings, Experience, Interview, Reflection, Student,
                         SupervisorStatement)

D = datetime.date
START, END = D(2026, 9, 1), D(2028, 5, 31)
MIDPOINT = D(2027, 7, 17)
SETTINGS = CasSettings(cohort_start=START, cohort_end=END)
ANN = Student("S1", "Ann Lee", "ann.lee@school.example", "tutor@school.example")

ALL_CURRENT = ("Strengths and growth", "Challenge and new skills", "Initiative and planning",
               "Commitment and perseverance", "Collaboration", "Global significance", "Ethics")


def experience(code: str, *strands: str, decision: str = "Approved", project: bool = False,
               start: datetime.date = D(2026, 10, 1), end: datetime.date = D(2027, 3, 31),
               supervisor: str = "", marked_complete: bool = False, student: str = "S1",
               title: str | None = None, invited_on: datetime.date | None = None) -> Experience:
    return Experience(experience_id=code, student_id=student, title=title or f"Exp {code}",
                      strands=strands or ("Creativity",), advisor_decision=decision,
                      advisor_marked_complete=marked_complete, start_date=start, end_date=end,
                      cas_project=project, supervisor_email=supervisor,
                      supervisor_name="Coach" if supervisor else "",
                      supervisor_invited_on=invited_on)


def reflection(code: str, on: datetime.date, *outcomes: str, rid: str | None = None,
               student: str = "S1", ready: bool = False) -> Reflection:
    return Reflection(response_id=rid or f"r-{code}-{on.isoformat()}-{len(outcomes)}",
                      student_id=student, experience_id=code, submitted=on,
                      outcomes=outcomes, ready_for_supervisor=ready)


def statement(code: str, on: datetime.date, completed: bool = True, adult: bool = True,
              rid: str | None = None) -> SupervisorStatement:
    return SupervisorStatement(response_id=rid or f"s-{code}-{on.isoformat()}",
                               experience_id=code, submitted=on,
                               completed_successfully=completed, adult_not_family=adult)


def interview(number: int, on: datetime.date, student: str = "S1") -> Interview:
    return Interview(response_id=f"i-{student}-{number}-{on.isoformat()}", student_id=student,
                     number=number, interview_date=on, format="One-to-one")


def complete_records():
    """Everything a student needs, done steadily: C1, A1 and S1 approved (S1, "Beach
    clean-up", the Service project, runs 1 October 2026 to 31 March 2027: 182 days); a
    reflection on the 1st of every month from October 2026 to May 2028, taking the
    experiences in turn and one outcome each in framework order (all seven by April
    2027); interviews on 15 October 2026, 1 July 2027 and 1 April 2028, each in its
    window. Returns (experiences, reflections, statements, interviews)."""
    experiences = [experience("C1", "Creativity"), experience("A1", "Activity"),
                   experience("S1", "Service", project=True, title="Beach clean-up")]
    months = [D(2026 + (9 + n) // 12, (9 + n) % 12 + 1, 1) for n in range(20)]
    reflections = [reflection(("C1", "A1", "S1")[n % 3], day, ALL_CURRENT[n % 7])
                   for n, day in enumerate(months)]
    interviews = [interview(1, D(2026, 10, 15)), interview(2, D(2027, 7, 1)),
                  interview(3, D(2028, 4, 1))]
    return experiences, reflections, [], interviews


def as_of(records, day: datetime.date):
    """The records as they stood on ``day``: reflections and interviews dated after it
    are not written yet (experiences are kept: they were proposed up front)."""
    experiences, reflections, statements, interviews = records
    return (experiences, [r for r in reflections if r.submitted <= day],
            [s for s in statements if s.submitted <= day],
            [i for i in interviews if i.interview_date <= day])
