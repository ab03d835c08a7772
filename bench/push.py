"""The service running itself, measured: how long a form submission takes to reach
the master Sheet with nobody running a command, and what a cron round costs.

    python -m bench.push [--students 50] [--responses 200] [--seconds 60]
                         [--preset google] [--json]
    python -m bench.push --cron [--students 300] [--preset google] [--json]

Both run, in this process, the emulator on a thread with a generated school
(bench/harness.py) and the service's own web app on a thread (werkzeug, as the
tests run it), wired as the demo wires it: the emulator's Cloud Tasks deliver to
the service with the local secret, the Forms' push subscription points at
``/push/forms``, and ``/tasks/watches`` has watched the forms. Setting up,
importing the roster and provisioning run first, uncounted and with no faults;
then the quota preset is switched on (``POST /emulator/faults``).

**Push** (the default): N students submit M experience proposals through the
form's page (HTTP, as a browser does), spread evenly over S seconds. Each
submission is pushed to the service, which enqueues the cohort's sync for its
20-second window; the syncs run on the ``sync`` queue. An observer (an advisor,
whose quota is not the coordinator's) reads the Experiences tab's titles every
1.5 seconds: a submission's latency is from the moment its page answered to the
first read that shows its row (so it is up to 1.5 s late). Printed: latency p50,
p95 and max; the syncs run (tasks delivered) and whether any window had more
than one; the coordinator's Sheets calls per minute (the most in any 60-second
window, from ``/emulator/stats`` sampled at each read) and Sheets' quota refusals.

**Cron** (``--cron``): two live cohorts of N students each; one cron round
(``GET /tasks/sync``), its two tasks delivered and both syncs done. Printed: the
cron request's own time, the wall time until both syncs finished, and the calls
per API method.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import logging
import statistics
import sys
import threading
import time

import requests
from werkzeug.serving import make_server

from demo.browser import Browser
from service.app import create_app
from service.cohorts import cohort_config
from service.config import EmulatorConfig
from service.provision import SetupOptions, import_roster, provision, run_setup
from service.provision.cohort import master_sheet, read_settings
from service.workspace import Workspace

from .harness import PRESETS, api_calls, difference, emulated_school, quiet_server_log
from .school import COHORT, DOMAIN

SECRET = "bench-local-task-secret"
POLL = 1.5
OUTCOME = "Strengths and growth"


class Service:
    """The service's web app on a thread, wired to the emulator."""

    def __init__(self, bench):
        self.emulator_url = bench.config.emulator_url
        self._server = make_server("127.0.0.1", 0, None, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.config = EmulatorConfig(
            emulator_url=self.emulator_url, subject=bench.config.subject,
            school_domain=DOMAIN, cohort="", drive_writes_per_second="0",
            local_task_secret=SECRET, push_audience=self.url + "/push/forms")
        self._server.app = create_app(self.config)
        logging.getLogger("cas").setLevel(logging.CRITICAL)   # the figures are the output
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        control = self.emulator_url + "/emulator"
        from pathlib import Path
        queue_yaml = (Path(__file__).resolve().parents[1] / "deploy" / "queue.yaml").read_text()
        for path, body in (("/cloudtasks/queues", {"yaml": queue_yaml}),
                           ("/cloudtasks/target", {"url": self.url, "secret": SECRET}),
                           ("/pubsub/subscriptions", {
                               "topic": self.config.push_topic,
                               "pushEndpoint": self.url + "/push/forms",
                               "audience": self.url + "/push/forms"})):
            requests.post(control + path, json=body, timeout=60).raise_for_status()

    def cron(self, path: str) -> dict:
        answer = requests.get(self.url + path, timeout=600, headers={
            "X-Appengine-Cron": "true", "X-CAS-Local-Task-Secret": SECRET})
        return {"status": answer.status_code, **answer.json()}

    def stop(self) -> None:
        requests.post(self.emulator_url + "/emulator/cloudtasks/target", json={"url": ""},
                      timeout=10)
        self._server.shutdown()


def task_log(emulator_url: str) -> list[dict]:
    return requests.get(emulator_url + "/emulator/cloudtasks/log", timeout=30).json()[
        "deliveries"]


def sheets_calls_of(stats: dict, user: str) -> int:
    return sum(n for m, n in stats.get("callsByUser", {}).get(user, {}).items()
               if m.startswith("sheets."))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# -- push ----------------------------------------------------------------------------
def run_push(students: int, responses: int, seconds: float, preset: str) -> dict:
    with emulated_school(students) as bench:
        config, school = bench.config, bench.school
        workspace = Workspace.from_config(config)
        run_setup(workspace, config, SetupOptions(classroom_course=school.course_id))
        import_roster(workspace, config, bench.templates, csv_text=school.roster_csv())
        provision(workspace, config, bench.templates, today=datetime.date.today())
        sheet_id = master_sheet(workspace.drive, COHORT)["id"]
        link = str(read_settings(workspace.sheets, sheet_id)["experience_proposal_form_link"][1])
        service = Service(bench)
        watched = service.cron("/tasks/watches")
        observer = Workspace.from_config(config, subject=school.advisors[0].email).sheets
        form = bench.templates.forms["experience_proposal"]
        browsers = {s.email: Browser(config.emulator_url, s.email) for s in school.students}
        bench.control.faults(preset)
        tasks_before = len(task_log(config.emulator_url))

        submitted: dict[str, float] = {}
        seen: dict[str, float] = {}
        samples: list[tuple[float, int]] = []
        done = threading.Event()

        def observe():
            while not done.is_set():
                stamp = time.monotonic()
                samples.append((stamp, sheets_calls_of(bench.control.stats(), config.subject)))
                try:
                    [titles] = observer.values_batch_get(sheet_id, ["Experiences!C2:C"])
                except Exception:  # noqa: BLE001 - the observer's own quota; read again
                    titles = {}
                for row in titles.get("values", []):
                    if row and row[0] in submitted and row[0] not in seen:
                        seen[row[0]] = stamp
                if len(seen) == responses:
                    done.set()
                done.wait(POLL)

        threading.Thread(target=observe, daemon=True).start()
        start = time.monotonic()
        for i in range(responses):
            time.sleep(max(0.0, start + i * seconds / responses - time.monotonic()))
            student = school.students[i % len(school.students)]
            title = f"Bench proposal {i:03}"
            browsers[student.email].submit(link, form, {
                "title": title, "strands": ["Service"], "description": "Measured.",
                "start_date": "2026-12-20", "end_date": "2027-02-20", "cas_project": "No",
                "targeted_outcomes": [OUTCOME], "reach": "Local"})
            submitted[title] = time.monotonic()
        done.wait(seconds + 300)
        done.set()
        latencies = [seen[t] - submitted[t] for t in seen]
        deliveries = [d for d in task_log(config.emulator_url)[tasks_before:]
                      if "/tasks/sync/" in d["url"]]
        tasks = {d["task"] for d in deliveries}
        stats = bench.control.stats()
        service.stop()
    per_minute = 0
    for i, (stamp, count) in enumerate(samples):
        later = [c for s, c in samples[i:] if s - stamp <= 60]
        per_minute = max(per_minute, later[-1] - count)
    return {
        "students": students, "responses": responses, "seconds": seconds, "preset": preset,
        "formsWatched": sum(len(c["created"]) + len(c["renewed"]) + len(c["kept"])
                            for c in watched.get("cohorts", [])),
        "rowsSeen": len(seen),
        "latencySeconds": {"p50": round(statistics.median(latencies), 1) if latencies else None,
                           "p95": round(percentile(latencies, 0.95), 1) if latencies else None,
                           "max": round(max(latencies), 1) if latencies else None},
        "syncsRun": len(tasks), "syncAttempts": len(deliveries),
        "busyAnswers": sum(1 for d in deliveries if d["status"] == 409),
        "coordinatorSheetsCallsMostInAMinute": per_minute,
        "sheetsThrottled": sum(n for m, n in stats.get("throttled", {}).items()
                               if m.startswith("sheets.")),
    }


# -- cron ----------------------------------------------------------------------------
def roster_of(students, cohort: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student ID", "First name", "Last name", "Email", "Advisor email",
                     "Cohort"])
    for s in students:
        writer.writerow([s.student_id, s.given, s.family, s.email, s.advisor_email, cohort])
    return out.getvalue()


def run_cron(students: int, preset: str) -> dict:
    second = "2025-2027"
    with emulated_school(2 * students) as bench:
        config, school = bench.config, bench.school
        today = datetime.date.today()
        for name, people, start, end in (
                (COHORT, school.students[:students], None, None),
                (second, school.students[students:], datetime.date(2025, 9, 1),
                 datetime.date(2027, 3, 31))):
            own = cohort_config(config, name)
            workspace = Workspace.from_config(own)
            run_setup(workspace, own, SetupOptions(start=start, end=end,
                                                   classroom_course=school.course_id))
            import_roster(workspace, own, bench.templates, csv_text=roster_of(people, name))
            provision(workspace, own, bench.templates, today=today)
        service = Service(bench)
        bench.control.faults(preset)
        before = bench.control.stats()
        start = time.perf_counter()
        round_ = service.cron("/tasks/sync")
        cron_seconds = time.perf_counter() - start
        while True:
            done = [d for d in task_log(config.emulator_url)
                    if "/tasks/sync/" in d["url"] and d["outcome"] == "succeeded"]
            if len(done) >= 2 or time.perf_counter() - start > 1800:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - start
        calls = difference(before, bench.control.stats())
        service.stop()
    return {"studentsPerCohort": students, "preset": preset, "enqueued": round_["enqueued"],
            "cronRequestSeconds": round(cron_seconds, 2), "wallSeconds": round(wall, 1),
            "syncsDone": len(done), "calls": calls["calls"], "throttled": calls["throttled"],
            "byApi": {api: api_calls(calls["calls"], api) for api in
                      ("drive", "sheets", "forms", "classroom", "gmail", "cloudtasks")}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.push", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--cron", action="store_true", help="a cron round of two cohorts")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--responses", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--preset", choices=PRESETS, default="google")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    quiet_server_log()
    if args.cron:
        figures = run_cron(args.students or 300, args.preset)
    else:
        figures = run_push(args.students or 50, args.responses, args.seconds, args.preset)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    if args.cron:
        print(f"Cron round of two cohorts of {figures['studentsPerCohort']} students, "
              f"preset {figures['preset']}:")
        print(f"  GET /tasks/sync answered in {figures['cronRequestSeconds']} s, enqueuing "
              f"{', '.join(figures['enqueued'])}")
        print(f"  both syncs done {figures['wallSeconds']} s after the cron "
              f"({figures['syncsDone']} syncs)")
        print("  calls by API: " + ", ".join(f"{api} {n}" for api, n in
                                             figures["byApi"].items() if n))
        for method, n in figures["calls"].items():
            print(f"    {method}  {n}")
        if figures["throttled"]:
            print(f"  quota refusals: {figures['throttled']}")
        return 0
    latency = figures["latencySeconds"]
    print(f"{figures['responses']} proposals from {figures['students']} students over "
          f"{figures['seconds']:g} s through the form page, preset {figures['preset']}, "
          f"{figures['formsWatched']} forms watched:")
    print(f"  rows in the master Sheet: {figures['rowsSeen']} of {figures['responses']}")
    print(f"  submission to row: p50 {latency['p50']} s, p95 {latency['p95']} s, "
          f"max {latency['max']} s (read every {POLL} s)")
    print(f"  syncs run: {figures['syncsRun']} ({figures['syncAttempts']} attempts, "
          f"{figures['busyAnswers']} answered busy), one per 20-second window at most")
    print(f"  the coordinator's Sheets calls, most in any minute: "
          f"{figures['coordinatorSheetsCallsMostInAMinute']} (quota 60 reads + 60 writes); "
          f"Sheets quota refusals: {figures['sheetsThrottled']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
