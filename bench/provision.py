"""What ``cas provision`` costs for a cohort of N students: API calls per method,
rate-limit answers, and wall time against Drive's sustained write rate.

    python -m bench.provision --students 300 [--advisors K] [--preset google]
                              [--rate 3] [--json]

It starts the emulator in this process on a free port (no ``--data``: every
change would rewrite the state file), loads a generated fictional school (bench/
school.py: N students, K advisors, one CAS Classroom course) and runs ``cas setup``
and ``cas roster import`` through the service's own functions. Those two are not
counted and run BEFORE the quota preset is switched on: they are the same work
whatever N, and the bench is about provisioning. Then the preset is switched on
(``POST /emulator/faults``; it applies to every user) and ``provision`` runs with
a fresh call counter and Drive writes paced at ``--rate`` (Drive's sustained
3 a second, ``SUSTAINED_WRITES_PER_SECOND``, by default). A second run on the
same cohort, which has nothing to do, follows.

The floor is what Drive's sustained rate allows: the Drive writes made divided
by 3 a second. Wall time is reported against it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import sys
import time

import requests

from emulator.app import create_app
from emulator.server import RunningEmulator
from service.config import EmulatorConfig
from service.provision import SetupOptions, import_roster, provision, run_setup
from service.templates import load_templates
from service.workspace import Workspace
from service.workspace.calls import CallCounter
from service.workspace.drive import SUSTAINED_WRITES_PER_SECOND
from service.workspace.retry import Pace

from .school import COHORT, COORDINATOR, DOMAIN, School, default_advisors, make_school

PRESETS = ("google", "google-latency", "none")
DRIVE_WRITES = ("drive.files.create", "drive.files.update", "drive.permissions.create",
                "drive.permissions.delete")


class MeasuredPace(Pace):
    """The service's pace, timed: how long the paced writes waited for their turn
    and how long their batch requests took to be answered."""

    def __init__(self, rate: float, policy):
        super().__init__(rate, policy)
        self.groups, self.waiting, self.round_trips = 0, 0.0, 0.0
        self._sent_at: float | None = None

    def before(self, *args, **kwargs) -> float:
        start = time.perf_counter()
        waited = super().before(*args, **kwargs)
        self.waiting += time.perf_counter() - start
        self._sent_at = time.perf_counter()
        return waited

    def after(self, sent: int) -> None:
        if self._sent_at is not None:
            self.round_trips += time.perf_counter() - self._sent_at
            self.groups += 1
            self._sent_at = None
        super().after(sent)


class Control:
    """The emulator's control plane, over HTTP as anyone would use it."""

    def __init__(self, url: str):
        self.url = url

    def post(self, path: str, body: dict) -> dict:
        answer = requests.post(self.url + path, json=body, timeout=30)
        answer.raise_for_status()
        return answer.json()

    def stats(self) -> dict:
        return requests.get(self.url + "/emulator/stats", timeout=30).json()

    def faults(self, preset: str) -> None:
        if preset != "none":
            self.post("/emulator/faults", {"preset": preset})


def prepare(config, school: School, templates) -> None:
    """``cas setup`` and ``cas roster import``, uncounted, with no faults on."""
    workspace = Workspace.from_config(config)
    run_setup(workspace, config, SetupOptions(classroom_course=school.course_id))
    import_roster(workspace, config, templates, csv_text=school.roster_csv())


def measured_run(config, control: Control, templates, students: int, rate: float,
                 progress=None) -> dict:
    """One ``provision`` with a fresh counter; its figures."""
    before = control.stats()
    counter = CallCounter()
    workspace = Workspace.from_config(config, counter=counter)
    pace = None
    if rate:
        pace = workspace.drive.write_pace = MeasuredPace(rate, workspace.policy)
    start = time.perf_counter()
    result = provision(workspace, config, templates, today=datetime.date.today(),
                       progress=progress)
    wall = time.perf_counter() - start
    emulator = _difference(before, control.stats())
    counts = counter.as_dict()
    calls = counts["calls"]
    drive = sum(n for m, n in calls.items() if m.startswith("drive."))
    writes_made = sum(result.done.values())
    floor = writes_made / SUSTAINED_WRITES_PER_SECOND
    figures = {
        "calls": dict(sorted(calls.items())), "total": counts["total"],
        "emulatorCalls": emulator["calls"], "emulatorThrottled": emulator["throttled"],
        "throttled": counts["throttled"], "retries": counts["retries"],
        "failed": counts["failed"], "waitedBeforeRetriesSeconds": counts["waitedSeconds"],
        "driveBatchRequests": counts["batches"].get("drive", 0),
        "driveCalls": drive,
        "driveCallsPerStudent": round(drive / students, 3),
        "driveCallsBeyondTwoPerStudent": drive - 2 * students,
        "driveWriteAttempts": sum(calls.get(m, 0) for m in DRIVE_WRITES),
        "driveWritesMade": writes_made,
        "sheetsCalls": sum(n for m, n in calls.items() if m.startswith("sheets.")),
        "classroomCalls": sum(n for m, n in calls.items() if m.startswith("classroom.")),
        "wallSeconds": round(wall, 2),
        "floorSeconds": round(floor, 2),
        "overFloorPercent": round(100 * (wall / floor - 1), 1) if floor else None,
        "done": result.done, "problems": result.problems,
        "studentsProvisioned": len(result.students), "cellsWritten": result.cells_written,
        "announcement": result.announcement,
    }
    if pace:
        figures["pace"] = {"groups": pace.groups, "waitingSeconds": round(pace.waiting, 2),
                           "roundTripSeconds": round(pace.round_trips, 2),
                           "meanRoundTripMs": round(1000 * pace.round_trips / pace.groups, 1)
                           if pace.groups else None}
    return figures


def _difference(before: dict, after: dict) -> dict:
    """What the emulator counted between two ``/emulator/stats`` answers."""
    def minus(key):
        old = before.get(key, {})
        return {m: n - old.get(m, 0) for m, n in sorted(after.get(key, {}).items())
                if n - old.get(m, 0)}
    return {"calls": minus("calls"), "throttled": minus("throttled")}


def run(students: int, advisors: int, preset: str, rate: float, progress=None) -> dict:
    """The whole benchmark; its figures as plain data."""
    school = make_school(students, advisors)
    templates = load_templates()
    with RunningEmulator(create_app()) as emulator:
        control = Control(emulator.url)
        control.post("/emulator/school", school.fixture())
        config = EmulatorConfig(emulator_url=emulator.url, subject=COORDINATOR,
                                school_domain=DOMAIN, cohort=COHORT,
                                drive_writes_per_second="0")
        started = time.perf_counter()
        prepare(config, school, templates)
        prepared = time.perf_counter() - started
        control.faults(preset)
        first = measured_run(config, control, templates, students, rate, progress)
        second = measured_run(config, control, templates, students, rate)
    return {"students": students, "advisors": advisors, "preset": preset,
            "driveWritesPerSecond": rate, "floorRate": SUSTAINED_WRITES_PER_SECOND,
            "setupAndImportSeconds": round(prepared, 2),
            "setupAndImport": "before the preset was switched on, not counted",
            "first": first, "second": second}


# -- printing -----------------------------------------------------------------------
def report(figures: dict) -> str:
    first, second = figures["first"], figures["second"]
    n = figures["students"]
    pacing = (f"Drive writes paced at {figures['driveWritesPerSecond']:g}/s"
              if figures["driveWritesPerSecond"] else "Drive writes not paced")
    lines = [f"cas provision: {n} students, {figures['advisors']} advisors, preset "
             f"{figures['preset']!r}, {pacing}.",
             f"(cas setup and cas roster import ran first, before the preset, not counted: "
             f"{figures['setupAndImportSeconds']:.1f} s.)", "",
             f"First run: {first['studentsProvisioned']} students provisioned; "
             f"{', '.join(f'{what} {k}' for what, k in sorted(first['done'].items()))}.",
             *_calls(first), "",
             "Second run (nothing to do):", *_calls(second)]
    return "\n".join(lines)


def _calls(run_: dict) -> list[str]:
    width = max([len(m) for m in run_["calls"]] + [6])
    lines = [f"  {'method':<{width}}  {'calls':>6}  {'retried':>7}  {'throttled':>9}"]
    for method, count in run_["calls"].items():
        lines.append(f"  {method:<{width}}  {count:>6}  {run_['retries'].get(method, 0):>7}  "
                     f"{run_['throttled'].get(method, 0):>9}")
    lines.append(f"  {'total':<{width}}  {run_['total']:>6}  "
                 f"{sum(run_['retries'].values()):>7}  {sum(run_['throttled'].values()):>9}")
    same = run_["emulatorCalls"] == run_["calls"]
    lines.append("  The emulator counted the same calls (GET /emulator/stats)." if same else
                 f"  The emulator counted: {run_['emulatorCalls']}")
    throttled = sum(run_["emulatorThrottled"].values())
    lines += [
        f"  Rate-limit answers met: {sum(run_['throttled'].values())} (emulator: {throttled}); "
        f"retries: {sum(run_['retries'].values())}, waiting "
        f"{run_['waitedBeforeRetriesSeconds']:.1f} s; failed: {sum(run_['failed'].values())}",
        f"  Drive: {run_['driveCalls']} calls = {run_['driveCallsPerStudent']:.2f} per student "
        f"(2 per student + {run_['driveCallsBeyondTwoPerStudent']}); writes made "
        f"{run_['driveWritesMade']} (attempts {run_['driveWriteAttempts']}) in "
        f"{run_['driveBatchRequests']} batch requests" if run_["driveWritesMade"] else
        f"  Drive: {run_['driveCalls']} call(s), no write",
        f"  Sheets: {run_['sheetsCalls']} calls; Classroom: {run_['classroomCalls']} calls",
    ]
    if run_["floorSeconds"]:
        lines.append(f"  Wall time: {run_['wallSeconds']:.1f} s; floor {run_['floorSeconds']:.1f} s "
                     f"({run_['driveWritesMade']} writes / {SUSTAINED_WRITES_PER_SECOND} a "
                     f"second): {run_['overFloorPercent']:.1f}% over")
    else:
        lines.append(f"  Wall time: {run_['wallSeconds']:.2f} s (no Drive write)")
    pace = run_.get("pace")
    if pace and pace["groups"]:
        lines.append(f"  Paced writes: {pace['groups']} groups; {pace['waitingSeconds']:.1f} s "
                     f"waiting for the pace, {pace['roundTripSeconds']:.1f} s in round trips "
                     f"({pace['meanRoundTripMs']:.0f} ms a group); the rest "
                     f"{run_['wallSeconds'] - pace['waitingSeconds'] - pace['roundTripSeconds']:.1f} s")
    return lines


def _progress_on(stream):
    """A one-line progress display on a terminal; nothing otherwise."""
    if not stream.isatty():
        return None

    def show(done, total):
        stream.write(f"\rDrive writes {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.provision",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="default: %(default)s")
    parser.add_argument("--advisors", type=int, default=None,
                        help="default: about one for 15 students")
    parser.add_argument("--preset", choices=PRESETS, default="google",
                        help="the emulator's faults preset during provisioning")
    parser.add_argument("--rate", type=float, default=SUSTAINED_WRITES_PER_SECOND,
                        help="Drive writes a second to pace at; 0: no pacing (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.students < 1 or (args.advisors is not None and args.advisors < 1):
        parser.error("--students and --advisors must be at least 1")
    if args.rate < 0:
        parser.error("--rate must be 0 (no pacing) or more")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    advisors = args.advisors or default_advisors(args.students)
    figures = run(args.students, advisors, args.preset, args.rate, _progress_on(sys.stderr))
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    main()
