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
import sys
import time

from service.provision import provision
from service.workspace import Workspace
from service.workspace.calls import CallCounter
from service.workspace.drive import SUSTAINED_WRITES_PER_SECOND
from service.workspace.retry import Pace

from .harness import (PRESETS, Control, api_calls, calls_lines, emulated_school, measured,
                      prepare, quiet_server_log)
from .school import default_advisors

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


def measured_run(config, control: Control, templates, students: int, rate: float,
                 progress=None) -> dict:
    """One ``provision`` with a fresh counter; its figures."""
    counter = CallCounter()
    workspace = Workspace.from_config(config, counter=counter)
    pace = None
    if rate:
        pace = workspace.drive.write_pace = MeasuredPace(rate, workspace.policy)
    result, measure = measured(control, counter, lambda: provision(
        workspace, config, templates, today=datetime.date.today(), progress=progress))
    calls, wall = measure["calls"], measure["wallSeconds"]
    drive = api_calls(calls, "drive")
    writes_made = sum(result.done.values())
    floor = writes_made / SUSTAINED_WRITES_PER_SECOND
    figures = {key: measure[key] for key in (
        "calls", "total", "emulatorCalls", "emulatorThrottled", "throttled", "retries",
        "failed", "waitedBeforeRetriesSeconds")}
    figures.update({
        "driveBatchRequests": measure["batches"].get("drive", 0),
        "driveCalls": drive,
        "driveCallsPerStudent": round(drive / students, 3),
        "driveCallsBeyondTwoPerStudent": drive - 2 * students,
        "driveWriteAttempts": sum(calls.get(m, 0) for m in DRIVE_WRITES),
        "driveWritesMade": writes_made,
        "sheetsCalls": api_calls(calls, "sheets"),
        "classroomCalls": api_calls(calls, "classroom"),
        "wallSeconds": wall,
        "floorSeconds": round(floor, 2),
        "overFloorPercent": round(100 * (wall / floor - 1), 1) if floor else None,
        "done": result.done, "problems": result.problems,
        "studentsProvisioned": len(result.students), "cellsWritten": result.cells_written,
        "announcement": result.announcement,
    })
    if pace:
        figures["pace"] = {"groups": pace.groups, "waitingSeconds": round(pace.waiting, 2),
                           "roundTripSeconds": round(pace.round_trips, 2),
                           "meanRoundTripMs": round(1000 * pace.round_trips / pace.groups, 1)
                           if pace.groups else None}
    return figures


def run(students: int, advisors: int, preset: str, rate: float, progress=None) -> dict:
    """The whole benchmark; its figures as plain data."""
    with emulated_school(students, advisors) as bench:
        config, control, templates = bench.config, bench.control, bench.templates
        started = time.perf_counter()
        prepare(config, bench.school, templates)
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
    lines = calls_lines(run_)
    lines += [
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
    quiet_server_log()
    advisors = args.advisors or default_advisors(args.students)
    figures = run(args.students, advisors, args.preset, args.rate, _progress_on(sys.stderr))
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    main()
