"""The demo's term: the school's people use CAS for the first weeks of the
programme, and the service's sync runs in between, so the master Sheet shows
statuses with their reasons, Needs review and the emails sent.

Who does what, and how (term_plan.py decides what each person does):

1. Students propose experiences on the proposal form page, signed in as
   themselves (browser.py: the HTTP a browser sends), from the personal link
   provisioning gave them; someone not on the roster proposes too.
2. ``cas sync`` (the service's ``sync``, today's date): the proposals become
   Experiences rows awaiting a decision.
3. Advisors decide in the master Sheet (provisioning shared it with them): each
   advisor, through the Sheets API as themselves, finds their rows by the Experience code column and writes the
   people-owned Decision and comment cells; one writes a concern in Students.
4. ``cas sync``: the decisions are emailed, approved experiences' supervisors
   invited.
5. Students open their emails (the sent-mail page) and follow the links:
   reflections on what was approved (the link carries the experience code),
   revised proposals where changes were requested. A few advisors record
   interview 1 from the Students tab's link. Supervisors of experiences that have
   ended open their invitation and send the statement. The bad inputs: a
   reflection on a friend's experience (the friend's link), a reflection starting
   with "=", a supervisor who submits the same link twice.
6. ``cas sync``: everything into the Sheet, every student's status computed.

Played once per data folder: when the proposal form already has responses, the
term is not played again (``Term.already_played``). term_plan.py decides what
each person does; term_report.py turns what happened into the printed summary.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import re

from service.cas import outcomes
from service.provision.cohort import read_settings
from service.provision.setup import default_dates
from service.sync import sync
from service.templates import resolve_settings
from service.workspace import Workspace
from service.roster.csv_roster import column_letter

from .browser import Browser
from .term_plan import APPROVED, CHANGES, REVISION, StudentPart, TermPlan, plan_term
from .term_report import STARTS_WITH_EQUALS, Played, SheetNow, mail_kind

STRANGER = "admin@demo-school.example"    # the school's IT admin, not a CAS student
SEVEN_WEEKS = datetime.timedelta(weeks=7)
A_YEAR = datetime.timedelta(days=365)


def programme_dates(cohort: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo cohort's dates: it starts on the Monday of the week seven weeks
    before the demo first runs, so the term it plays is the programme's first weeks
    whatever the day: past the 45 days after which a student with no reflection is
    At risk, still inside interview 1's two-month window (so a student who did
    nothing yet is Not started, not At risk). It ends when the cohort's name says
    (setup's default), or a year after the start if that is later."""
    start = today - SEVEN_WEEKS
    start -= datetime.timedelta(days=start.weekday())
    _, end = default_dates(cohort)
    return start, max(end or start, start + A_YEAR)


class Term:
    def __init__(self, workspace, config, templates, sheet_id: str, provisioned,
                 today: datetime.date):
        self.workspace, self.config, self.templates = workspace, config, templates
        self.url = config.emulator_url
        self.sheet_id, self.today = sheet_id, today
        self.provisioned = {s.student_id: s for s in provisioned}
        tab = read_settings(workspace.sheets, sheet_id)
        keys = {s.key for s in templates.sheet.settings}
        self.settings = resolve_settings(templates.sheet,
                                         {k: v for k, (_, v) in tab.items() if k in keys})
        self.forms = templates.forms
        self.played = Played()
        self._browsers: dict[str | None, Browser] = {}

    # -- was it played? ---------------------------------------------------------------
    def already_played(self) -> int:
        """How many responses the proposal form holds (0: the term was not played)."""
        return len(self.workspace.forms.responses(self.settings["experience_proposal_form_id"]))

    def plan(self) -> TermPlan:
        framework = outcomes.framework(self.settings["outcome_framework"])
        roster = [(s.student_id, s.name, s.email, s.advisor_email)
                  for s in self.provisioned.values()]
        return plan_term(roster, framework.labels(), self.settings["cohort_start"], self.today,
                         STRANGER)

    # -- the term -----------------------------------------------------------------------
    def play(self) -> Played:
        plan = self.plan()
        try:
            self.propose(plan)
            self.sync("the proposals")
            self.advisors_decide(plan)
            self.sync("the decisions")
            self.students_follow_their_emails(plan)
            self.advisors_record_interviews(plan)
            self.supervisors_answer(plan)
            self.sync("reflections, interviews, statements")
        finally:
            for browser in self._browsers.values():
                browser.close()
        return self.played

    def sync(self, what: str) -> None:
        """``cas sync`` as the command runs it: a Workspace of its own, so the Sync log
        counts this sync's API calls only; the demo's step counts them too."""
        workspace = Workspace.from_config(self.config)
        result = sync(workspace, self.config, self.templates, today=self.today)
        self.played.syncs.append((what, result))
        for method, count in workspace.counter.calls.items():
            self.workspace.counter.call(method, count)

    def browser(self, email: str | None) -> Browser:
        if email not in self._browsers:
            self._browsers[email] = Browser(self.url, email)
        return self._browsers[email]

    def propose(self, plan: TermPlan) -> None:
        form = self.forms["experience_proposal"]
        for part in plan.students:
            link = self.provisioned[part.student_id].links["proposal_link"]
            for proposal in part.proposals:
                self.browser(part.email).submit(link, form, proposal.answers())
                self.played.count("experience_proposal")
        # The school's IT admin tries the form: not on the roster, so Needs review.
        self.browser(plan.bad.stranger).submit(
            self.settings["experience_proposal_form_link"], form,
            {"title": "Test - please ignore", "strands": ["Service"],
             "description": "Checking the form works before the students use it.",
             "start_date": plan.start, "end_date": plan.start, "cas_project": "No",
             "targeted_outcomes": [outcomes.framework(
                 self.settings["outcome_framework"]).labels()[0]], "reach": "Local"})
        self.played.count("experience_proposal", "from someone not on the roster")

    def advisors_decide(self, plan: TermPlan) -> None:
        """Each advisor, in the Sheet as themselves: a decision (and comment) on each
        of their students' rows the plan decides; a concern where the plan has one."""
        concerns = {p.student_id: p.concern for p in plan.students if p.concern}
        for advisor in sorted({p.advisor_email for p in plan.students}):
            sheets = self.workspace.acting_as(advisor).sheets
            experiences, students = self.read_tabs(sheets, "experiences", "students")
            decide = {}   # experience code -> the proposal, as the advisor reads the rows
            for _, row in experiences.rows():
                if row.get("Advisor", "").lower() == advisor and not row.get("Decision"):
                    proposal = plan.proposal(row.get("Student ID", ""), row.get("Title", ""))
                    if proposal is not None and proposal.decision:
                        decide[row["Experience code"]] = proposal
            writes = []
            for code, proposal in decide.items():
                number = experiences.row_of("Experience code", code)
                writes.append(experiences.cell("Decision", number, proposal.decision))
                if proposal.comment:
                    writes.append(experiences.cell("Advisor's comment", number,
                                                   proposal.comment))
                self.played.decisions[proposal.decision] += 1
            for number, row in students.rows():
                concern = concerns.get(row.get("Student ID", ""))
                if concern and row.get("Advisor", "").lower() == advisor:
                    writes.append(students.cell("Advisor concern", number, concern))
                    self.played.concerns += 1
            if writes:
                sheets.values_batch_update(self.sheet_id, writes)
        undecided = sum(1 for s in plan.students for p in s.proposals if not p.decision)
        self.played.undecided = undecided

    def students_follow_their_emails(self, plan: TermPlan) -> None:
        reflection_form = self.forms["reflection"]
        links = {}   # (student ID, title) -> the reflection link of the approval email
        for part in plan.students:
            if not part.proposals:
                continue
            browser = self.browser(part.email)
            for mail in browser.mail_to(part.email):
                title = _quoted_title(mail.subject)
                proposal = plan.proposal(part.student_id, title) if title else None
                if proposal is None:
                    continue
                browser.open_mail(mail)
                if mail.subject.startswith(APPROVED):
                    links[part.student_id, title] = mail.form_link()
                    self.reflect(part, proposal, mail.form_link(), plan)
                elif mail.subject.startswith(CHANGES) and proposal.revises:
                    answers = dict(proposal.answers(), description=proposal.description + REVISION)
                    browser.submit(mail.form_link(), self.forms["experience_proposal"], answers)
                    self.played.count("experience_proposal", "revisions")
        # A friend's link: the borrower writes on the lender's experience (Needs review).
        lender = plan.student(plan.bad.lender)
        borrowed = next((links[key] for key in links if key[0] == lender.student_id), "")
        if not borrowed:
            raise RuntimeError(f"{lender.name} found no approval email to take a link from.")
        borrower = plan.student(plan.bad.borrower)
        self.browser(borrower.email).submit(borrowed, reflection_form, {
            "outcomes": ["Collaboration"], "cas_stage": "Action",
            "reflection_text": f"I helped {lender.name.split()[0]} this week, so I am "
                               f"writing about it too."})
        self.played.count("reflection", "on another student's experience")

    def reflect(self, part: StudentPart, proposal, link: str, plan: TermPlan) -> None:
        for n, reflection in enumerate(proposal.reflections):
            text = reflection.text
            if part.student_id == plan.bad.formula_writer and n == 0 and \
                    not self.played.notes["reflection", STARTS_WITH_EQUALS]:
                text = "=4 days, 62 km and 3 blisters. " + text
                self.played.count("reflection", STARTS_WITH_EQUALS, total=False)
            self.browser(part.email).submit(link, self.forms["reflection"], {
                "outcomes": reflection.outcomes, "cas_stage": reflection.stage,
                "reflection_text": text,
                "ready_for_supervisor": "Yes" if proposal.end < self.today else "No"})
            self.played.count("reflection")

    def advisors_record_interviews(self, plan: TermPlan) -> None:
        """From the Students tab's "Record an interview" link of each student (the
        student's ID prefilled), as provisioning wrote it."""
        form = self.forms["interview_record"]
        for part in plan.students:
            if part.interview_on is None:
                continue
            link = self.provisioned[part.student_id].links["interview_link"]
            self.browser(part.advisor_email).submit(link, form, {
                "interview": form.question("interview").options[0],
                "format": "One-to-one", "interview_date": part.interview_on,
                "notes": f"{part.name.split()[0]} understands what CAS asks and has first "
                         f"plans; worried about fitting it around the extended essay.",
                "action_points": "Propose a Service experience; reflect within two weeks.",
                "share_with_student": "Yes"})
            self.played.count("interview_record")

    def supervisors_answer(self, plan: TermPlan) -> None:
        """Each supervisor opens their invitations (no school account: an anonymous
        visitor) and answers for the experiences that have ended."""
        form = self.forms["supervisor_statement"]
        confirmation = form.question("adult_not_family").options[0]
        by_name = {p.name: p for p in plan.students}
        supervisors = sorted({p.supervisor.email for s in plan.students for p in s.proposals
                              if p.statement})
        for email in supervisors:
            browser = self.browser(None)
            for mail in browser.mail_to(email):
                found = re.match(r"Supervising (.+)'s CAS experience: (.+)$", mail.subject)
                part = by_name.get(found.group(1)) if found else None
                proposal = plan.proposal(part.student_id, found.group(2)) if part else None
                if proposal is None or not proposal.statement:
                    continue
                link = browser.open_mail(mail).form_link()
                answers = dict(proposal.statement, adult_not_family=[confirmation])
                browser.submit(link, form, answers)
                self.played.count("supervisor_statement")
                if part.student_id == plan.bad.supervisor_twice:
                    browser.submit(link, form, answers)   # pressed Submit again from the email
                    self.played.count("supervisor_statement", "from a link used before")

    # -- what the Sheet and the mail show now ------------------------------------------
    def now(self) -> SheetNow:
        """The master Sheet as the coordinator reads it, and the sent mail by kind."""
        students, experiences, review = self.read_tabs(
            self.workspace.sheets, "students", "experiences", "needs_review")
        statuses = collections.Counter(s for s in students.column("Status") if s)
        why = collections.defaultdict(collections.Counter)   # status -> reason -> students
        for _, row in students.rows():
            for reason in filter(None, row.get("Why", "").split("\n")):
                why[row.get("Status", "")][reason] += 1
        reader = Browser(self.url)
        try:
            mails = collections.Counter(mail_kind(m.subject) for m in reader.mail_to())
        finally:
            reader.close()
        return SheetNow(statuses, why,
                        collections.Counter(s for s in experiences.column("Experience status")
                                            if s),
                        [(row.get("Form", ""), row.get("Who", ""), row.get("Reason", ""))
                         for _, row in review.rows() if row.get("Response ID")], mails)

    # -- reading the Sheet ------------------------------------------------------------
    def read_tabs(self, sheets, *keys: str) -> list["TabView"]:
        titles = [self.templates.sheet.tab(key).title for key in keys]
        ranges = sheets.values_batch_get(self.sheet_id, [_quoted(t) for t in titles],
                                         value_render="FORMATTED_VALUE")
        return [TabView(title, r.get("values", [])) for title, r in zip(titles, ranges)]


@dataclasses.dataclass
class TabView:
    """A tab as a person reads it: columns found by their header, rows by number."""
    title: str
    values: list[list]

    @property
    def header(self) -> list[str]:
        return [str(h) for h in self.values[0]] if self.values else []

    def rows(self):
        for number, row in enumerate(self.values[1:], start=2):
            yield number, dict(zip(self.header, (str(v) for v in row)))

    def cell(self, header: str, row: int, value: str) -> dict:
        return {"range": f"{_quoted(self.title)}!{column_letter(self.header.index(header))}{row}",
                "values": [[value]]}

    def row_of(self, header: str, value: str) -> int:
        """The number of the row whose ``header`` cell is ``value`` (an ID column)."""
        return next(number for number, row in self.rows() if row.get(header) == value)

    def column(self, header: str) -> list[str]:
        return [row.get(header, "") for _, row in self.rows()]


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _quoted_title(subject: str) -> str:
    found = re.search(r'"(.+)"$', subject)
    return found.group(1) if found else ""

