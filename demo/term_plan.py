"""What each person does in the demo's term, decided before anything is sent.

Pure: no I/O. Each student's part comes from a ``random.Random`` seeded with
their student ID, so a student does the same whatever the others do and the
term is the same on every machine. Dates count from the programme's start
(``start``): by ``today`` every experience has started, the short ones have
ended (their supervisor may write the statement), the others run on; the
interviews were held in the weeks that passed.

Kinds of student (about): 1 in 8 does nothing at all; 1 in 8 proposes one
experience and then writes nothing; the rest propose one or two and reflect on
most of what was approved. Advisors approve most proposals (some with a
comment), ask for changes on a few (always with a comment) and leave a few
undecided; half the students asked for changes revise through the link in
their email. A few advisors record interview 1; one writes a concern.

The bad inputs each name who does them (``BadInputs``).
"""

from __future__ import annotations

import dataclasses
import datetime
import random

SEED = "cas-demo-term-1"
APPROVED, CHANGES = "Approved", "Changes requested"


@dataclasses.dataclass(frozen=True)
class Supervisor:
    name: str
    email: str
    role: str


SUPERVISORS = {
    "swim": Supervisor("Nikos Dimitriou", "n.dimitriou@harbourswim.example",
                       "Head coach, Harbour Swimming Club"),
    "foodbank": Supervisor("Grace Mbeki", "grace@northfoodbank.example",
                           "Volunteer lead, North Food Bank"),
    "beach": Supervisor("Priya Raman", "priya.raman@greenshore-trust.example",
                        "Clean-up organiser, Greenshore Trust"),
    "rugby": Supervisor("Oliver Grant", "o.grant@riversiderfc.example",
                        "Youth coach, Riverside Rugby Club"),
    "care": Supervisor("Hannah Weiss", "activities@sunnyvale-care.example",
                       "Activities coordinator, Sunnyvale Care Home"),
    "theatre": Supervisor("Daniel Kim", "dkim@cityyouththeatre.example",
                          "Director, City Youth Theatre"),
    "orchestra": Supervisor("Mei Tanaka", "mei.tanaka@demo-school.example",
                            "Music teacher and orchestra leader"),
    "garden": Supervisor("Tom Alder", "tom.alder@elmroadprimary.example",
                         "Site manager, Elm Road Primary School"),
}


@dataclasses.dataclass(frozen=True)
class Idea:
    """An experience students may propose: its strands, what they do, its dates as
    days after the programme's start, whether it is a CAS project, and who supervises."""
    title: str
    strands: tuple[str, ...]
    description: str
    starts: int
    days: int
    project: bool = False
    supervisor: str = ""
    reach: str = "Local"


IDEAS = (
    Idea("Saturday swimming coaching", ("Activity", "Service"),
         "Coaching the under-10s at Harbour Swimming Club every Saturday morning.", 3, 200,
         supervisor="swim"),
    Idea("Food bank shifts", ("Service",),
         "Sorting donations and packing parcels at North Food Bank twice a month.", 7, 180,
         supervisor="foodbank"),
    Idea("Autumn beach clean-up", ("Service", "Activity"),
         "Four Sunday clean-ups of the north beach with Greenshore Trust, logging what we "
         "collect for their survey.", 2, 30, supervisor="beach"),
    Idea("Under-12s rugby coaching", ("Activity", "Service"),
         "Helping coach Riverside's under-12s on Wednesday evenings.", 10, 210,
         supervisor="rugby"),
    Idea("Reading at Sunnyvale care home", ("Service", "Creativity"),
         "Reading aloud and running a weekly story club with residents.", 14, 150,
         supervisor="care"),
    Idea("Youth theatre autumn show", ("Creativity",),
         "Playing in and building the set for City Youth Theatre's autumn production.", 0, 40,
         supervisor="theatre"),
    Idea("School orchestra", ("Creativity",),
         "Second violin in the school orchestra: weekly rehearsals and the spring concert.",
         5, 220, supervisor="orchestra"),
    Idea("Learning to climb", ("Activity",),
         "Bouldering twice a week at the climbing wall, aiming at a 6a route by spring.", 4, 180),
    Idea("Podcast on local history", ("Creativity",),
         "A six-episode podcast interviewing older residents about the harbour.", 12, 160),
    Idea("Half-term hiking expedition", ("Activity",),
         "A four-day hike on the coast path with three friends, planned by us.", 12, 4),
    Idea("Charity bake sale", ("Creativity", "Service"),
         "Baking and selling at the school fair for the children's hospital.", 18, 1),
    Idea("Coding club for Year 7", ("Service", "Creativity"),
         "Running a lunchtime coding club for Year 7 students.", 21, 160),
    Idea("Running a 10K", ("Activity",),
         "Training three times a week for the spring 10K.", 6, 170),
    Idea("Peer maths tutoring", ("Service",),
         "Tutoring two Year 9 students in maths once a week.", 15, 150),
    Idea("Mural for the community centre", ("Creativity", "Service"),
         "With four classmates, designing and painting a mural with the centre's users.",
         20, 120, project=True),
    Idea("Garden for Elm Road Primary", ("Service", "Activity"),
         "A team of five building raised vegetable beds with the pupils of Elm Road "
         "Primary, and teaching them to look after them.", 25, 140, project=True,
         supervisor="garden"),
    Idea("Plastic-free canteen campaign", ("Service", "Creativity"),
         "With the eco committee, surveying waste and persuading the canteen to drop "
         "single-use plastic.", 18, 110, project=True, reach="National"),
)

STAGES = ("Investigation", "Preparation", "Action", "Reflection")
OPENINGS = (
    "The first weeks of {title} were harder than I expected.",
    "I nearly gave up on {title} after the second session.",
    "{title} has become the part of my week I look forward to.",
    "Starting {title}, I was nervous about working with people I did not know.",
)
MIDDLES = (
    "I learned to plan each session the evening before instead of improvising.",
    "When two people did not turn up I had to reorganise everything on the spot.",
    "I asked for feedback and changed how I explain things.",
    "I realised how much the people we help depend on us being reliable.",
    "Working in a team meant listening more than talking.",
)
ENDINGS = (
    "Next time I will ask for help earlier.",
    "I want to take on more responsibility next month.",
    "I am proud of what we managed, and I know what to improve.",
)
APPROVAL_COMMENTS = ("", "", "Great choice. Keep your photos in your CAS folder.",
                     "Good plan: reflect early, not only at the end.")
CHANGE_COMMENTS = (
    "Please say how often you will go and who will see you do it (a supervisor).",
    "This reads like a one-off. How will you keep it going for at least a month?",
    "Which learning outcomes will this show? Please add a sentence on what you will learn.",
)
REVISION = " Revised: every Saturday 10-12, supervised by the centre manager; I will " \
           "reflect after every third session."
ATTENDANCE = ("Always or almost always", "Always or almost always", "Most of the time")


@dataclasses.dataclass
class Reflection:
    stage: str
    outcomes: list[str]
    text: str


@dataclasses.dataclass
class Proposal:
    title: str
    strands: list[str]
    description: str
    start: datetime.date
    end: datetime.date
    project: bool
    outcomes: list[str]
    reach: str
    supervisor: Supervisor | None
    decision: str            # "": left undecided
    comment: str
    revises: bool            # the student revises it after "Changes requested"
    reflections: list[Reflection]
    statement: dict | None   # what the supervisor answers, when they do

    def answers(self) -> dict:
        """The proposal form's answers, by question key (forms/experience_proposal.json)."""
        answers = {"title": self.title, "strands": self.strands,
                   "description": self.description, "start_date": self.start,
                   "end_date": self.end, "cas_project": "Yes" if self.project else "No",
                   "targeted_outcomes": self.outcomes, "reach": self.reach}
        if self.project:
            answers["collaborators"] = "Four classmates from my tutor group"
        if self.supervisor:
            answers.update(supervisor_name=self.supervisor.name,
                           supervisor_email=self.supervisor.email,
                           supervisor_relationship=self.supervisor.role)
        return answers


@dataclasses.dataclass
class StudentPart:
    student_id: str
    name: str
    email: str
    advisor_email: str
    kind: str                       # "idle", "quiet" or "active"
    proposals: list[Proposal]
    interview_on: datetime.date | None = None   # interview 1, when the advisor records it
    concern: str = ""


@dataclasses.dataclass(frozen=True)
class BadInputs:
    """Who does each bad input (student IDs), and what the stranger is."""
    stranger: str                 # not on the roster: proposes anyway
    borrower: str                 # reflects with the lender's experience code
    lender: str
    formula_writer: str           # a reflection starting with "="
    supervisor_twice: str         # the student whose supervisor submits twice


@dataclasses.dataclass
class TermPlan:
    start: datetime.date
    today: datetime.date
    students: list[StudentPart]
    bad: BadInputs

    def student(self, student_id: str) -> StudentPart:
        return next(s for s in self.students if s.student_id == student_id)

    def proposal(self, student_id: str, title: str) -> Proposal | None:
        part = next((s for s in self.students if s.student_id == student_id), None)
        return next((p for p in part.proposals if p.title == title), None) if part else None


def plan_term(roster: list[tuple[str, str, str, str]], outcome_labels: list[str],
              start: datetime.date, today: datetime.date, stranger: str) -> TermPlan:
    """``roster``: (student ID, name, email, advisor email) of each student."""
    students = [_student_part(row, outcome_labels, start, today) for row in sorted(roster)]
    _advisors_part(students, start, today)
    return TermPlan(start, today, students, _bad_inputs(students, stranger))


def _student_part(row, labels, start, today) -> StudentPart:
    student_id, name, email, advisor = row
    rng = random.Random(f"{SEED}:{student_id}")
    roll = rng.random()
    kind = "idle" if roll < 0.12 else "quiet" if roll < 0.25 else "active"
    part = StudentPart(student_id, name, email, advisor, kind, [])
    if kind == "idle":
        return part
    count = 1 if kind == "quiet" else rng.choice((1, 1, 2))
    for idea in rng.sample(IDEAS, count):
        part.proposals.append(_proposal(idea, rng, labels, start, today, kind))
    return part


def _proposal(idea: Idea, rng: random.Random, labels, start, today, kind) -> Proposal:
    begins = start + datetime.timedelta(days=idea.starts)
    ends = begins + datetime.timedelta(days=idea.days - 1)
    roll = rng.random()
    decision = CHANGES if roll < 0.1 else "" if roll < 0.14 else APPROVED
    comment = rng.choice(CHANGE_COMMENTS) if decision == CHANGES else \
        rng.choice(APPROVAL_COMMENTS) if decision == APPROVED else ""
    reflections = []
    if kind == "active" and decision == APPROVED and begins <= today and rng.random() < 0.85:
        for _ in range(rng.choice((1, 1, 2))):
            reflections.append(Reflection(
                rng.choice(STAGES), sorted(rng.sample(labels, rng.choice((1, 2, 2, 3))),
                                           key=labels.index),
                " ".join((rng.choice(OPENINGS).format(title=idea.title), rng.choice(MIDDLES),
                          rng.choice(ENDINGS)))))
    supervisor = SUPERVISORS.get(idea.supervisor)
    statement = None
    if supervisor and ends < today and rng.random() < 0.85:
        good = rng.random() < 0.9
        statement = {"attendance": rng.choice(ATTENDANCE) if good else "Rarely",
                     "evaluation": "Reliable, cheerful and willing to take on the jobs nobody "
                                   "wanted." if good else
                                   "Came to the first session and one more; we missed them.",
                     "completed_successfully": "Yes" if good else "No"}
    return Proposal(idea.title, list(idea.strands), idea.description, begins, ends,
                    idea.project, sorted(rng.sample(labels, 2), key=labels.index), idea.reach,
                    supervisor, decision, comment,
                    revises=decision == CHANGES and rng.random() < 0.5,
                    reflections=reflections, statement=statement)


def _advisors_part(students: list[StudentPart], start, today) -> None:
    """Three of the advisors record interview 1 with their active students (some of
    them); one advisor writes a concern about a student who is otherwise fine."""
    rng = random.Random(f"{SEED}:advisors")
    advisors = sorted({s.advisor_email for s in students})
    interviewing = rng.sample(advisors, min(3, len(advisors)))
    held_by = max(1, (today - start).days - 2)
    for student in students:
        if student.advisor_email in interviewing and student.kind == "active" \
                and rng.random() < 0.6:
            student.interview_on = start + datetime.timedelta(days=rng.randint(7, held_by))
    active = [s for s in students if s.kind == "active" and any(
        p.reflections for p in s.proposals)]
    if active:
        rng.choice(active).concern = ("Missed two sessions and seems overwhelmed with the "
                                      "extended essay; I will check in next week.")


def _bad_inputs(students: list[StudentPart], stranger: str) -> BadInputs:
    rng = random.Random(f"{SEED}:bad")
    reflecting = [s for s in students if any(p.reflections for p in s.proposals)]
    borrower, lender, formula_writer = rng.sample(reflecting, 3)
    # A statement needs an invitation, which needs an approval.
    supervised = [s for s in students if any(p.statement and p.decision == APPROVED
                                             for p in s.proposals)]
    return BadInputs(stranger, borrower.student_id, lender.student_id,
                     formula_writer.student_id, rng.choice(supervised).student_id)
