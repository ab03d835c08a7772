"""What the students' "My CAS record" Docs cost a sync (service/records/publish.py):
Drive calls per method, Drive's rate-limit refusals and wall time, against the
emulator's ``google`` preset (Drive: about 3 writes a second per user) with the
service's Drive writes paced at 3 a second, as CAS_DRIVE_WRITES_PER_SECOND
says in production.

    python -m bench.records --students 300 [--changed 10] [--advisors K]
                            [--preset google] [--rate 3] [--json]

Uncounted, with no faults and no pace (bench/harness.py): the emulator in this
process with a generated school, ``cas setup``, ``cas roster import`` and ``cas
provision``. Then, the preset on:

1. The first sync: every student's record is made (files.create of the HTML as a
   Google Doc, then files.update locking it with its hash).
2. ``--changed`` students have a new interview record (which their record shows),
   and a second sync rewrites exactly those records (unlock, new media, lock).
3. A third sync with nothing new: no record is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys

from service.provision import provision
from service.workspace import Workspace
from service.workspace.calls import CallCounter
from service.workspace.drive import SUSTAINED_WRITES_PER_SECOND

from .harness import PRESETS, api_calls, calls_lines, emulated_school, measured, prepare, \
    quiet_server_log
from .school import default_advisors
from .sync import Cohort

TODAY = datetime.date(2026, 11, 20)
DRIVE_WRITES = ("drive.files.create", "drive.files.update", "drive.files.delete",
                "drive.permissions.create")


def measured_sync(cohort: Cohort, control) -> dict:
    counter = CallCounter()
    result, figures = measured(control, counter, lambda: cohort.sync(TODAY, counter))
    calls = figures["calls"]
    figures.update(
        recordsWritten=result.records_written,
        driveCalls=api_calls(calls, "drive"),
        driveWrites=sum(calls.get(m, 0) for m in DRIVE_WRITES),
        driveThrottled=sum(n for m, n in figures["throttled"].items() if m.startswith("drive.")),
        sheetsCalls=api_calls(calls, "sheets"),
        problems=result.problems)
    figures["floorSeconds"] = round(figures["driveWrites"] / SUSTAINED_WRITES_PER_SECOND, 1)
    return figures


def run(students: int, changed: int, advisors: int, preset: str, rate: float) -> dict:
    with emulated_school(students, advisors) as bench:
        config = bench.config
        prepare(config, bench.school, bench.templates)
        provision(Workspace.from_config(config), config, bench.templates, today=TODAY)
        paced = dataclasses.replace(config, drive_writes_per_second=f"{rate:g}")
        cohort = Cohort(bench.emulator.world, paced, bench.templates, bench.school)
        bench.control.faults(preset)
        first = measured_sync(cohort, bench.control)
        for student in cohort.students[:changed]:
            cohort.interview(student, TODAY)
        second = measured_sync(cohort, bench.control)
        third = measured_sync(cohort, bench.control)
    return {"students": students, "changed": changed, "advisors": advisors, "preset": preset,
            "driveWritesPerSecond": rate, "first": first, "changedSync": second,
            "nothingNew": third}


def report(figures: dict) -> str:
    lines = [f"Student records: {figures['students']} students, {figures['advisors']} advisors, "
             f"preset {figures['preset']!r}, Drive writes paced at "
             f"{figures['driveWritesPerSecond']:g}/s.", ""]
    for title, key in (("First sync (every record made)", "first"),
                       (f"A sync after {figures['changed']} students changed", "changedSync"),
                       ("A sync with nothing new", "nothingNew")):
        run_ = figures[key]
        lines += [f"{title}: {run_['recordsWritten']} records written.", *calls_lines(run_),
                  f"  Drive: {run_['driveCalls']} calls, {run_['driveWrites']} writes, "
                  f"{run_['driveThrottled']} refused by the rate limit; Sheets "
                  f"{run_['sheetsCalls']} calls",
                  f"  Wall time: {run_['wallSeconds']:.1f} s (floor: {run_['floorSeconds']} s "
                  f"of Drive writes at {SUSTAINED_WRITES_PER_SECOND} a second)"]
        lines += [f"  problem: {p}" for p in run_["problems"]] + [""]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.records",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="default: %(default)s")
    parser.add_argument("--changed", type=int, default=10, help="default: %(default)s")
    parser.add_argument("--advisors", type=int, default=None,
                        help="default: about one for 15 students")
    parser.add_argument("--preset", choices=PRESETS, default="google")
    parser.add_argument("--rate", type=float, default=SUSTAINED_WRITES_PER_SECOND,
                        help="Drive writes a second to pace at (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.students < 1 or not 0 <= args.changed <= args.students:
        parser.error("--students must be at least 1 and --changed between 0 and --students")
    quiet_server_log()
    figures = run(args.students, args.changed, args.advisors or default_advisors(args.students),
                  args.preset, args.rate)
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    sys.exit(main())
