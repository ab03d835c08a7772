"""The sample school the demo provisions, step by step, as its CAS coordinator.

1. The school: the emulator stands in for the school's Google Workspace, which
   already holds its people and its CAS Classroom course before CAS Workspace
   arrives. The fixture (emulator/fixtures/sample_school.json: a coordinator,
   6 advisors, 60 students, one CAS course) is loaded through the emulator's
   control plane (``POST /emulator/school``) only when the coordinator cannot
   see that course yet, so a re-run on the same data folder leaves the school
   as it is (loading again would reset the course's fields to the fixture's).
2. ``cas setup`` with the CAS course in Settings (and a programme start seven
   weeks before the first run: term.py says why), 3. ``cas roster import`` of
   demo/sample_roster.csv, 4. ``cas provision``: the service's own functions
   (service/provision/), on the real client libraries through
   ``Workspace.from_config``. Each finds what exists before it makes anything,
   so a re-run makes nothing.
5. A term played by the school's people through the pages and the Sheet, with
   ``cas sync`` in between (term.py), once per data folder.

The demo reads the fixture as a file; like the service, it never imports the
emulator package.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import json
from pathlib import Path

import requests

from service import cas
from service.config import EmulatorConfig
from service.provision import SetupOptions, provision, run_setup
from service.provision.roster_import import import_roster
from service.templates import load_templates
from service.workspace import Workspace

from .term import Term, programme_dates

REPORT_TERM = "Demo term"

HERE = Path(__file__).resolve().parent
SCHOOL_FIXTURE = HERE.parent / "emulator" / "fixtures" / "sample_school.json"
ROSTER = HERE / "sample_roster.csv"
API_NAMES = {"drive": "Drive", "sheets": "Sheets", "forms": "Forms",
             "classroom": "Classroom", "gmail": "Gmail"}


@dataclasses.dataclass
class Step:
    """One step as a newcomer reads it: what it did, and the API calls it took."""
    title: str
    lines: list[str]
    made_something: bool
    calls: dict[str, int] = dataclasses.field(default_factory=dict)   # by API: {"Drive": 21}

    def calls_line(self) -> str:
        total = sum(self.calls.values())
        if not total:
            return "no API calls"
        by_api = ", ".join(f"{api} {n}" for api, n in sorted(self.calls.items()))
        return f"{total} API call{'s' if total != 1 else ''} ({by_api})"


@dataclasses.dataclass
class Link:
    """A page to open, and whom to open it as."""
    what: str
    person: str        # "the student, Zoë Abernathy <zoe.abernathy@demo-school.example>"
    email: str         # whom the sign-in link signs in
    url: str


class SampleSchool:
    """The demo's steps against one emulator, in order: ``load_school``, ``setup``,
    ``import_roster``, ``provision``, ``play_term``, then ``links``."""

    def __init__(self, config: EmulatorConfig, on_start=lambda title: None,
                 output: Path | None = None):
        self.config = config
        self.output = output        # where the report card PDF is written
        self.report_path: Path | None = None
        self.report_link = ""
        self.record_link = ""
        self.on_start = on_start   # told each step's title as it starts (steps take seconds)
        self.workspace = Workspace.from_config(config)
        self.templates = load_templates()
        self.fixture = json.loads(SCHOOL_FIXTURE.read_text(encoding="utf-8"))
        self.names = {p["email"].lower(): p["name"].get("fullName") or
                      f"{p['name']['givenName']} {p['name']['familyName']}"
                      for p in self.fixture["users"]}
        [self.course_spec] = [c for c in self.fixture["courses"]
                              if c["owner"].lower() == config.subject.lower()]
        self.course: dict = {}
        self.sheet_id = ""
        self.sheet_url = ""
        self.today = datetime.date.today()
        self.provisioned = []

    def person(self, email: str) -> str:
        name = self.names.get(email.lower())
        return f"{name} <{email}>" if name else email

    def load_school(self) -> Step:
        school = self.fixture["school"]
        step = self._begin(f"1. The school: {school['name']} ({school['domain']}), "
                           f"as Google Workspace would already hold it")
        self.course = self._cas_course()
        if self.course:
            step.lines.append("already in the emulator: kept as it is")
        else:
            answer = requests.post(self.config.emulator_url + "/emulator/school",
                                   json=self.fixture, timeout=60)
            answer.raise_for_status()
            self.course = self._cas_course()
            if not self.course:
                raise RuntimeError(f"The emulator loaded the school but "
                                   f"{self.config.subject} cannot see the course "
                                   f"{self.course_spec['name']!r}.")
            counts = answer.json()
            step.lines.append(f"loaded into the emulator: {counts['users']} people and "
                              f"the Classroom course \"{self.course['name']}\"")
            step.made_something = True
        return self._end(step)

    def setup(self) -> Step:
        step = self._begin("2. Set up the cohort (cas setup)")
        start, end = programme_dates(self.config.cohort, self.today)
        result = run_setup(self.workspace, self.config,
                           SetupOptions(classroom_course=self.course["id"], start=start, end=end),
                           self.templates)
        self.sheet_id, self.sheet_url = result.sheet_id, result.sheet_url
        if result.made:
            step.lines.append("made: " + ", ".join(result.made))
            step.made_something = True
            if any(made.startswith("master Sheet") for made in result.made):
                step.lines.append(f"programme: {cas.format_date(start)} to "
                                  f"{cas.format_date(end)} (cas setup --start "
                                  f"{start.isoformat()}: the Monday seven weeks ago)")
        if result.found:
            step.lines.append("found: " + ", ".join(result.found))
        if result.recorded:
            step.lines.append(f"recorded {len(result.recorded)} IDs and links in the "
                              f"Settings tab")
        return self._end(step)

    def import_roster(self) -> Step:
        step = self._begin(f"3. Import the roster (cas roster import --csv "
                           f"{ROSTER.relative_to(HERE.parent)})")
        result = import_roster(self.workspace, self.config, self.templates,
                               csv_text=ROSTER.read_bytes())
        step.lines.append(f"students: {result.diff.summary()}")
        step.lines.append(f"wrote {result.cells_written} cells to the Students tab"
                          if result.cells_written else "nothing changed in the Students tab")
        step.made_something = bool(result.cells_written)
        return self._end(step)

    def provision(self) -> Step:
        step = self._begin("4. Provision each student (cas provision)")
        result = provision(self.workspace, self.config, self.templates, today=self.today)
        self.provisioned = result.students
        if result.done:
            step.lines.append("Drive: " + ", ".join(f"{what} {count}"
                                                    for what, count in result.done.items()))
        else:
            step.lines.append(f"Drive: all {len(result.students)} students' folders were "
                              f"already there and shared")
        step.lines.append(f"wrote {result.cells_written} cells (folder and form links) to "
                          f"the Students tab" if result.cells_written else
                          "the Students tab already had every student's links")
        step.lines.append(f"advisor filter views added: {result.filter_views_added}"
                          if result.filter_views_added else
                          "advisor filter views: one per advisor already")
        step.lines.append(f"welcome announcement in Classroom: {result.announcement}")
        step.lines += [f"problem: {p}" for p in result.problems + result.needs_advisor]
        step.made_something = bool(result.done or result.cells_written or
                                   result.filter_views_added or result.announcement == "posted")
        return self._end(step)

    def play_term(self) -> Step:
        step = self._begin("5. Play a term (demo/term.py): students, advisors and supervisors "
                           "on the form pages, the Sheet and their email; cas sync in between")
        term = Term(self.workspace, self.config, self.templates, self.sheet_id,
                    self.provisioned, self.today)
        start = term.settings["cohort_start"]
        if start:
            step.lines.append(f"the programme started on {cas.format_date(start)}, "
                              f"{(self.today - start).days} days before today "
                              f"({cas.format_date(self.today)})")
        found = term.already_played()
        if found:
            step.lines.append(f"already played on this data: the proposal form holds {found} "
                              f"responses, so nothing was submitted (a new --data folder "
                              f"plays a new term)")
        else:
            step.lines += term.play().lines()
            step.made_something = True
        step.lines += term.now().lines()
        return self._end(step)

    def report_cards(self) -> Step:
        """The demo student's report card for parents (cas report, for one student to
        keep the demo fast) as a PDF file on this machine."""
        from service.records import find_records
        from service.records.report import make_reports
        step = self._begin(f"6. A report card for parents (cas report --term \"{REPORT_TERM}\", "
                           f"here for the first student only)")
        if not self.provisioned:
            return self._end(step)
        student = min(self.provisioned, key=lambda s: s.student_id)
        result = make_reports(self.workspace, self.config, self.templates, term=REPORT_TERM,
                              today=self.today, student_ids=[student.student_id])
        report = result.files[student.student_id]
        step.made_something = bool(result.made or result.updated)
        state = "made" if result.made else "replaced" if result.updated else "unchanged"
        step.lines.append(f"\"{report.name}\" {state} in the folder Reports {REPORT_TERM}")
        if self.output:
            self.report_path = self.output / report.name
            self.report_path.write_bytes(self.workspace.drive.download(report.file_id))
            step.lines.append(f"the PDF, as Drive exported it: {self.report_path}")
        self.report_link = report.link
        record = find_records(self.workspace.drive, self.config.cohort).get(student.student_id)
        self.record_link = (record or {}).get("webViewLink", "")
        return self._end(step)

    def links(self) -> list[Link]:
        """The pages a newcomer opens first, each as the person who would: the links
        come from the steps' results (the Students tab's link columns for the student)."""
        coordinator = Link("The master Sheet",
                           f"the coordinator, {self.person(self.config.subject)}",
                           self.config.subject, self.sheet_url)
        if not self.provisioned:
            return [coordinator]
        # The roster's first student, so every run shows the same one.
        student = min(self.provisioned, key=lambda s: s.student_id)
        as_student = f"the student, {self.person(student.email)}"
        return [
            coordinator,
            Link(f"{student.name}'s Drive folder", as_student, student.email,
                 student.links["folder_link"]),
            Link(f"{student.name}'s interview record, prefilled (the Students tab's "
                 f"\"Record an interview\" link)",
                 f"the advisor, {self.person(student.advisor_email)}", student.advisor_email,
                 student.links["interview_link"]),
            Link("The experience proposal form", as_student, student.email,
                 student.links["proposal_link"]),
            Link(f"The Classroom stream of the course {self.course['name']}", as_student,
                 student.email, self.course["alternateLink"]),
            Link("The Needs review tab of the master Sheet (what the sync could not match, with "
                 "the reason)", coordinator.person, self.config.subject,
                 f"{self.sheet_url}?gid={self.templates.sheet.tab('needs_review').sheet_id}"),
            Link("The sent mail (decisions to students, supervisor invitations)",
                 coordinator.person, self.config.subject,
                 f"{self.config.emulator_url}/mail/u/0/"),
        ] + ([Link(f"{student.name}'s \"My CAS record\" (in her folder, read-only to her)",
                   as_student, student.email, self.record_link)] if self.record_link else []) + (
            [Link(f"{student.name}'s report card for parents (PDF)", coordinator.person,
                  self.config.subject, self.report_link)] if self.report_link else [])

    # -- helpers -------------------------------------------------------------
    def _cas_course(self) -> dict:
        for course in self.workspace.classroom.courses(teacher="me"):
            if course.get("name") == self.course_spec["name"]:
                return course
        return {}

    def _begin(self, title: str) -> Step:
        self.on_start(title)
        self._calls_before = collections.Counter(self.workspace.counter.calls)
        return Step(title, [], made_something=False)

    def _end(self, step: Step) -> Step:
        calls = collections.Counter(self.workspace.counter.calls) - self._calls_before
        by_api: collections.Counter[str] = collections.Counter()
        for method, count in calls.items():
            api = method.split(".", 1)[0]
            by_api[API_NAMES.get(api, api)] += count
        step.calls = dict(by_api)
        return step
