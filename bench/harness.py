"""What the benchmarks share: the emulator on a thread with a generated school in
it, its control plane, the uncounted preparation (``cas setup`` and ``cas roster
import``), a measured step, and the table of calls each benchmark prints.

    with emulated_school(students, advisors) as bench:
        prepare(bench)                              # uncounted, no faults
        bench.control.faults("google")              # Google's quotas from now on
        counter = CallCounter()
        result, figures = measured(bench.control, counter, lambda: step(counter))
        print("\\n".join(calls_lines(figures)))

The emulator runs without ``--data`` (every change would rewrite the state file).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from typing import Callable, Iterator, TypeVar

import requests

from emulator.app import create_app
from emulator.server import RunningEmulator
from service.config import EmulatorConfig
from service.provision import SetupOptions, import_roster, run_setup
from service.templates import load_templates
from service.workspace import Workspace
from service.workspace.calls import CallCounter

from .school import COHORT, COORDINATOR, DOMAIN, School, make_school

PRESETS = ("google", "google-latency", "none")
T = TypeVar("T")


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
        """Switch a faults preset on (``POST /emulator/faults``; it applies to every
        user); ``none`` leaves the emulator as it is."""
        if preset != "none":
            self.post("/emulator/faults", {"preset": preset})


def difference(before: dict, after: dict) -> dict:
    """What the emulator counted between two ``/emulator/stats`` answers: calls,
    rate-limit answers, and the CPU seconds it spent answering, per method."""
    def minus(key):
        old = before.get(key, {})
        return {m: n - old.get(m, 0) for m, n in sorted(after.get(key, {}).items())
                if n - old.get(m, 0)}
    def seconds(key):
        return {m: round(s, 3) for m, s in minus(key).items()}
    return {"calls": minus("calls"), "throttled": minus("throttled"),
            "cpuSeconds": seconds("cpuSeconds"), "gcSeconds": seconds("gcSeconds")}


@dataclasses.dataclass
class Bench:
    """A running emulator holding a generated school, and the service's configuration
    for it (acting as the coordinator, Drive writes not paced)."""

    school: School
    emulator: RunningEmulator
    control: Control
    config: EmulatorConfig
    templates: object


@contextlib.contextmanager
def emulated_school(students: int, advisors: int | None = None) -> Iterator[Bench]:
    """The emulator on a free port on a thread, with ``make_school(students,
    advisors)`` loaded (``POST /emulator/school``); stopped on leaving."""
    school = make_school(students, advisors)
    templates = load_templates()
    with RunningEmulator(create_app()) as emulator:
        control = Control(emulator.url)
        control.post("/emulator/school", school.fixture())
        config = EmulatorConfig(emulator_url=emulator.url, subject=COORDINATOR,
                                school_domain=DOMAIN, cohort=COHORT,
                                drive_writes_per_second="0")
        yield Bench(school, emulator, control, config, templates)


def prepare(config, school: School, templates) -> None:
    """``cas setup`` and ``cas roster import``, uncounted, with no faults on."""
    workspace = Workspace.from_config(config)
    run_setup(workspace, config, SetupOptions(classroom_course=school.course_id))
    import_roster(workspace, config, templates, csv_text=school.roster_csv())


def measured(control: Control, counter: CallCounter, step: Callable[[], T]) -> tuple[T, dict]:
    """Run ``step`` (whose workspace counts into ``counter``, a fresh one) and time
    it; its result, and the figures every benchmark reports: the counter's calls,
    retries, rate-limit answers and failures per method, and what the emulator
    counted meanwhile (``GET /emulator/stats``)."""
    before = control.stats()
    start = time.perf_counter()
    result = step()
    wall = time.perf_counter() - start
    emulator = difference(before, control.stats())
    counts = counter.as_dict()
    return result, {
        "calls": dict(sorted(counts["calls"].items())), "total": counts["total"],
        "emulatorCalls": emulator["calls"], "emulatorThrottled": emulator["throttled"],
        "emulatorCpuSeconds": emulator["cpuSeconds"], "emulatorGcSeconds": emulator["gcSeconds"],
        "throttled": counts["throttled"], "retries": counts["retries"],
        "failed": counts["failed"], "waitedBeforeRetriesSeconds": counts["waitedSeconds"],
        "batches": counts["batches"], "wallSeconds": round(wall, 2)}


def api_calls(calls: dict[str, int], api: str) -> int:
    """The calls to one API (``drive``, ``sheets``...) of a calls-per-method table."""
    return sum(n for m, n in calls.items() if m.startswith(api + "."))


def calls_lines(run_: dict) -> list[str]:
    """A run's calls per method (with retries, rate-limit answers, and the emulator's
    own CPU seconds answering them, with the part Python's garbage collector took),
    whether the emulator counted the same, and the rate-limit answers met and retried."""
    width = max([len(m) for m in run_["calls"]] + [6])
    cpu, gc = run_.get("emulatorCpuSeconds", {}), run_.get("emulatorGcSeconds", {})
    lines = [f"  {'method':<{width}}  {'calls':>6}  {'retried':>7}  {'throttled':>9}  "
             f"{'emulator CPU s':>14}  {'of which GC':>11}"]
    for method, count in run_["calls"].items():
        lines.append(f"  {method:<{width}}  {count:>6}  {run_['retries'].get(method, 0):>7}  "
                     f"{run_['throttled'].get(method, 0):>9}  {cpu.get(method, 0):>14.3f}  "
                     f"{gc.get(method, 0):>11.3f}")
    lines.append(f"  {'total':<{width}}  {run_['total']:>6}  "
                 f"{sum(run_['retries'].values()):>7}  {sum(run_['throttled'].values()):>9}  "
                 f"{sum(cpu.values()):>14.3f}  {sum(gc.values()):>11.3f}")
    ours, emulator = run_["calls"], run_["emulatorCalls"]
    differ = {m: emulator.get(m, 0) for m in sorted(set(ours) | set(emulator))
              if ours.get(m, 0) != emulator.get(m, 0)}
    lines.append("  The emulator counted the same calls (GET /emulator/stats)." if not differ
                 else "  The emulator counted otherwise (GET /emulator/stats): " + ", ".join(
                     f"{m} {n}" for m, n in differ.items()))
    throttled = sum(run_["emulatorThrottled"].values())
    lines.append(
        f"  Rate-limit answers met: {sum(run_['throttled'].values())} (emulator: {throttled}); "
        f"retries: {sum(run_['retries'].values())}, waiting "
        f"{run_['waitedBeforeRetriesSeconds']:.1f} s; failed: {sum(run_['failed'].values())}")
    return lines


def quiet_server_log() -> None:
    """No log line per request from the emulator's server."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
