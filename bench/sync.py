"""What ``cas sync`` costs for a cohort of N students and M new form responses:
API calls per method, rate-limit answers met and retried, and wall time.

    python -m bench.sync --students 300 --responses 100 [--advisors K]
                         [--decisions D] [--preset google] [--json]

Everything before the measured sync runs uncounted, with no faults and no Drive
write pace (bench/harness.py): the emulator in this process on a free port (no
``--data``) with a generated school (bench/school.py), ``cas setup``, ``cas roster
import`` and ``cas provision``; then the cohort's history: one experience proposal
(with a supervisor) from each of E students, a sync that makes them Experiences
rows with codes, their advisors' approvals (one values.batchUpdate as the
coordinator) and a sync that acts on them (students told, supervisors invited).

Since that sync, D more experiences are approved and M responses arrive, spread
over the students: about half reflections on the students' own experiences,
half new proposals, one in 20 an interview record from an advisor, and two that
cannot be matched (a reflection from someone not on the roster, and one naming
another student's experience). E is the number of reflections (at most N, at
least D), so each reflecting student reflects on an experience of their own.

Then the preset is switched on (``POST /emulator/faults``) and ONE sync runs, the
way ``cas sync`` runs it (``Workspace.from_config``, ``service.sync.sync``), with a
fresh call counter; then a second with nothing new.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
import time

from service.cas.outcomes import framework
from service.provision import provision
from service.provision.cohort import FORM, MASTER_SHEET, find_cohort
from service.sync import experience_code, sync
from service.workspace import Workspace
from service.workspace.calls import CallCounter
from service.roster.csv_roster import column_letter

from .harness import (PRESETS, api_calls, calls_lines, emulated_school, measured, prepare,
                      quiet_server_log)
from .school import DOMAIN, Person, School, default_advisors

STRANGER = f"visitor@{DOMAIN}"   # signed in at the school, not on the roster
OUTCOMES = [o.label for o in framework(None).outcomes]
STRANDS = ("Creativity", "Activity", "Service")


@dataclasses.dataclass
class Mix:
    """How M new responses are made up: 2 that cannot be matched, one in 20 an
    interview record (at least one), the rest halved between reflections and
    proposals."""

    proposals: int
    reflections: int
    interviews: int
    unmatched: int

    @classmethod
    def of(cls, responses: int) -> "Mix":
        unmatched = min(2, responses)
        interviews = min(responses - unmatched, max(1, round(responses / 20)))
        rest = responses - unmatched - interviews
        return cls(rest - (rest + 1) // 2, (rest + 1) // 2, interviews, unmatched)


class Cohort:
    """A provisioned cohort: its master Sheet and forms, and responses made as the
    forms' responder page records them (in the emulator's process, ``world``)."""

    def __init__(self, world, config, templates, school: School):
        self.world, self.config, self.templates = world, config, templates
        self.students = school.students
        self.workspace = Workspace.from_config(config)   # uncounted
        found = find_cohort(self.workspace.drive, config.cohort)
        self.sheet_id = found.get(MASTER_SHEET, "master_sheet")["id"]
        self.form_ids = {key: found.get(FORM, key)["id"] for key in templates.forms}
        self.serial = 0

    @classmethod
    def provisioned(cls, world, config, templates, school: School,
                    today: datetime.date) -> "Cohort":
        """``cas setup``, ``cas roster import`` and ``cas provision``, uncounted."""
        prepare(config, school, templates)
        provision(Workspace.from_config(config), config, templates, today=today)
        return cls(world, config, templates, school)

    def answer(self, form_key: str, who: str, answers: dict[str, object]) -> dict:
        questions = {q.key: q.question_id for q in self.templates.forms[form_key].questions}
        return self.world.forms.submit_response(
            self.form_ids[form_key], who, {questions[k]: v for k, v in answers.items()})

    def propose(self, student: Person) -> dict:
        self.serial += 1
        n = self.serial
        return self.answer("experience_proposal", student.email, {
            "title": f"Experience {n} of {student.given}", "strands": [STRANDS[n % 3]],
            "description": "What I will do, and with whom.", "start_date": "2026-10-01",
            "end_date": "2027-03-01", "cas_project": "No",
            "targeted_outcomes": [OUTCOMES[n % len(OUTCOMES)]], "reach": "Local",
            "supervisor_name": f"Supervisor {n}",
            "supervisor_email": f"supervisor{n}@partner.example",
            "supervisor_relationship": "Volunteer lead"})

    def reflect(self, who: str, code: str) -> dict:
        self.serial += 1
        n = self.serial
        return self.answer("reflection", who, {
            "experience_code": code, "outcomes": [OUTCOMES[n % len(OUTCOMES)]],
            "cas_stage": "Action", "reflection_text": f"Reflection {n}: what I learned."})

    def interview(self, student: Person, today: datetime.date) -> dict:
        self.serial += 1
        return self.answer("interview_record", student.advisor_email, {
            "student": student.email if self.serial % 2 else student.student_id,
            "interview": "1 (early)", "format": "One-to-one",
            "interview_date": today.isoformat(), "notes": "Talked about plans."})

    def approve(self, codes: list[str]) -> None:
        """The advisors choose Approved in the Experiences tab: ONE values.batchUpdate
        as the coordinator, on the rows found by one values.batchGet."""
        if not codes:
            return
        header, first = self.workspace.sheets.values_batch_get(
            self.sheet_id, ["Experiences!1:1", "Experiences!A:A"], value_render="FORMATTED_VALUE")
        column = column_letter(header["values"][0].index("Decision"))
        rows = {r[0]: i + 1 for i, r in enumerate(first.get("values", [])) if r}
        self.workspace.sheets.values_batch_update(self.sheet_id, [
            {"range": f"Experiences!{column}{rows[code]}", "values": [["Approved"]]}
            for code in codes])

    def sync(self, today: datetime.date, counter: CallCounter | None = None):
        """``cas sync`` as the command runs it."""
        workspace = Workspace.from_config(self.config, counter=counter)
        return sync(workspace, self.config, self.templates, today=today)


def _code(response: dict) -> str:
    return experience_code(response["responseId"])


def history(cohort: Cohort, mix: Mix, decisions: int, today: datetime.date,
            say=lambda line: None, approve: bool = True
            ) -> tuple[list[tuple[Person, str]], list[str]]:
    """The cohort's experiences before the measured sync, (student, code) of each,
    synced; with ``approve``, approved and synced again but for ``decisions`` of
    them, whose codes come second, to be approved since that last sync."""
    count = min(len(cohort.students), max(mix.reflections, decisions, 2 if mix.unmatched else 1))
    experiences = [(s, _code(cohort.propose(s))) for s in cohort.students[:count]]
    cohort.sync(today)
    later = [code for _, code in experiences[:decisions]]
    if approve:
        cohort.approve([code for _, code in experiences[decisions:]])
        cohort.sync(today)
    say(f"history: {count} experiences, {count - len(later) if approve else 0} approved and "
        f"acted on")
    return experiences, later


def new_responses(cohort: Cohort, mix: Mix, experiences, today: datetime.date) -> dict:
    """The M responses since the last sync, spread over the students."""
    students, made = cohort.students, {"proposals": 0, "reflections": 0, "interviews": 0,
                                       "unmatched": 0}
    for n in range(mix.reflections):
        student, code = experiences[n % len(experiences)]
        cohort.reflect(student.email, code.lower() if n % 5 == 0 else code)  # typed by hand
        made["reflections"] += 1
    for n in range(mix.proposals):   # from the students after those who reflected
        cohort.propose(students[(len(experiences) + n) % len(students)])
        made["proposals"] += 1
    for n in range(mix.interviews):
        cohort.interview(students[(n * 7) % len(students)], today)
        made["interviews"] += 1
    if mix.unmatched:
        cohort.reflect(STRANGER, experiences[0][1])
        made["unmatched"] += 1
    if mix.unmatched > 1:   # another student's code (or one nobody has)
        other = experiences[1][1] if len(experiences) > 1 else "ZZZ-ZZZ"
        cohort.reflect(experiences[0][0].email, other)
        made["unmatched"] += 1
    return made


def measured_sync(cohort: Cohort, control, today: datetime.date) -> dict:
    """One sync with a fresh counter; its figures."""
    counter = CallCounter()
    result, figures = measured(control, counter, lambda: cohort.sync(today, counter))
    calls = figures["calls"]
    figures.update({
        "apiCalls": {api: api_calls(calls, api) for api in
                     sorted({m.split(".")[0] for m in calls})},
        "responsesRead": result.responses_read, "rowsAdded": result.rows_added,
        "rowsUpdated": result.rows_updated, "needsReview": len(result.needs_review),
        "statuses": result.statuses, "emailsSent": result.emails_sent,
        "problems": result.problems})
    return figures


def run(students: int, responses: int, advisors: int, decisions: int, preset: str,
        say=lambda line: None) -> dict:
    """The whole benchmark; its figures as plain data."""
    mix = Mix.of(responses)
    today = datetime.date.today()
    with emulated_school(students, advisors) as bench:
        started = time.perf_counter()
        cohort = Cohort.provisioned(bench.emulator.world, bench.config, bench.templates,
                                    bench.school, today)
        provisioned = time.perf_counter() - started
        say(f"setup, roster import and provision: {provisioned:.1f} s")
        experiences, later = history(cohort, mix, min(decisions, students), today, say)
        cohort.approve(later)
        made = new_responses(cohort, mix, experiences, today)
        prepared = time.perf_counter() - started
        counted = bench.control.stats()
        prepared_cpu = sum(counted.get("cpuSeconds", {}).values())
        prepared_gc = sum(counted.get("gcSeconds", {}).values())
        say(f"prepared in {prepared:.1f} s (the emulator's CPU: {prepared_cpu:.1f} s); "
            f"the measured sync starts")
        bench.control.faults(preset)
        first = measured_sync(cohort, bench.control, today)
        second = measured_sync(cohort, bench.control, today)
    return {"students": students, "advisors": advisors, "preset": preset,
            "responses": made, "decisions": len(later),
            "experiencesBefore": len(experiences),
            "provisionSeconds": round(provisioned, 2), "preparedSeconds": round(prepared, 2),
            "preparedEmulatorCpuSeconds": round(prepared_cpu, 2),
            "preparedEmulatorGcSeconds": round(prepared_gc, 2),
            "prepared": "before the preset was switched on, not counted",
            "first": first, "second": second}


# -- printing -----------------------------------------------------------------------
def report(figures: dict) -> str:
    first, second = figures["first"], figures["second"]
    made = figures["responses"]
    lines = [f"cas sync: {figures['students']} students, {figures['advisors']} advisors, "
             f"preset {figures['preset']!r}.",
             f"(setup, roster import, provision and the cohort's history ran first, before "
             f"the preset, not counted: {figures['preparedSeconds']:.1f} s, of which "
             f"provisioning {figures['provisionSeconds']:.1f} s; the emulator's own CPU "
             f"{figures['preparedEmulatorCpuSeconds']:.1f} s, of which garbage collection "
             f"{figures['preparedEmulatorGcSeconds']:.1f} s.)",
             f"New since the last sync: {sum(made.values())} responses ("
             f"{made['proposals']} proposals, {made['reflections']} reflections on "
             f"{figures['experiencesBefore']} experiences, {made['interviews']} interview "
             f"records, {made['unmatched']} unmatched) and {figures['decisions']} approvals.",
             "", "First sync:", *_summary(first), *calls_lines(first), *_footer(first), "",
             "Second sync (nothing new):", *_summary(second), *calls_lines(second),
             *_footer(second)]
    return "\n".join(lines)


def _summary(run_: dict) -> list[str]:
    added = ", ".join(f"{tab.replace('_', ' ')} {n}" for tab, n in sorted(
        run_["rowsAdded"].items())) or "none"
    lines = [f"  responses read {run_['responsesRead']}; new rows: {added}; rows updated "
             f"{run_['rowsUpdated']}; needs review {run_['needsReview']}; emails sent "
             f"{run_['emailsSent']}"]
    lines += [f"  problem: {problem}" for problem in run_["problems"]]
    return lines


def _footer(run_: dict) -> list[str]:
    per_api = "; ".join(f"{api.capitalize()} {n}" for api, n in run_["apiCalls"].items())
    return [f"  Calls per API: {per_api or 'none'}",
            f"  Wall time: {run_['wallSeconds']:.2f} s; the emulator's own CPU "
            f"{sum(run_['emulatorCpuSeconds'].values()):.2f} s, of which Python's garbage "
            f"collector {sum(run_['emulatorGcSeconds'].values()):.2f} s"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sync",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="default: %(default)s")
    parser.add_argument("--responses", type=int, default=100,
                        help="new form responses for the measured sync (default: %(default)s)")
    parser.add_argument("--advisors", type=int, default=None,
                        help="default: about one for 15 students")
    parser.add_argument("--decisions", type=int, default=10,
                        help="experiences approved since the last sync (default: %(default)s): "
                             "each emails the student and invites the supervisor")
    parser.add_argument("--preset", choices=PRESETS, default="google",
                        help="the emulator's faults preset during the measured syncs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.students < 1 or (args.advisors is not None and args.advisors < 1):
        parser.error("--students and --advisors must be at least 1")
    if args.responses < 0 or args.decisions < 0:
        parser.error("--responses and --decisions must be 0 or more")
    quiet_server_log()
    advisors = args.advisors or default_advisors(args.students)

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)
    figures = run(args.students, args.responses, advisors, args.decisions, args.preset, say)
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    main()
