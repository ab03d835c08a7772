"""``python -m demo [--port N] [--data DIR] [--exit-after-setup]`` (``make demo``).

Starts the emulator, provisions the sample school's cohort (demo/sample.py),
prints what each step made or found and the links to open, then starts the
service itself (demo/service_process.py: gunicorn, the emulator's Cloud Tasks and
Forms pushes delivering to it, a cron every 15 minutes) and serves until Ctrl-C;
with ``--exit-after-setup`` it stops the emulator and exits 0 once the cohort is
provisioned, without starting the service (``make demo-setup``, the tests, CI).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from service.config import EmulatorConfig

from .emulator_process import EmulatorFailed, EmulatorProcess
from .sample import SampleSchool
from .service_process import ServiceFailed, ServiceProcess


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=(
        "Run the emulator with a sample school provisioned for CAS, no Google account needed."))
    parser.add_argument("--port", type=int, help="port for the emulator (default: a free one)")
    parser.add_argument("--data", help="folder that keeps the emulator's state across runs")
    parser.add_argument("--exit-after-setup", action="store_true",
                        help="stop the emulator and exit once the sample is set up")
    args = parser.parse_args(argv)

    data = Path(args.data).resolve() if args.data else None
    if data:
        data.mkdir(parents=True, exist_ok=True)
    log_path = (data or Path(tempfile.gettempdir())) / (
        "emulator.log" if data else f"cas-demo-emulator-{os.getpid()}.log")
    emulator = EmulatorProcess(args.port, data, log_path)
    service = None
    # SIGTERM (a process manager, a test) stops the demo the way Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        emulator.start()
        config = EmulatorConfig(emulator_url=emulator.url)
        print(f"Emulator on {emulator.url}"
              + (f", data in {data}" if data else " (no --data: nothing is kept)")
              + f"; log in {log_path}", flush=True)
        print(f"Acting as the CAS coordinator, {config.subject}, with the service's own "
              f"code on the real Google client libraries.", flush=True)
        sample = SampleSchool(config, on_start=lambda title: print(title, flush=True),
                              output=data or Path(tempfile.gettempdir()))
        made = False
        for step in (sample.load_school, sample.setup, sample.import_roster, sample.provision,
                     sample.play_term, sample.report_cards):
            done = step()
            made = made or done.made_something
            for line in done.lines:
                print(f"   {line}")
            print(f"   {done.calls_line()}", flush=True)
        print("Made this run: " + ("what is listed above. Run it again and it makes nothing."
                                   if made else "nothing, everything was already there."))
        print("\nOpen these in a browser. The second link of each signs you in on the "
              "emulator as that person (no password) and opens the page:")
        for link in sample.links():
            print(f"  {link.what}: {link.url}")
            if opener := _signed_in(emulator.url, link.email, link.url):
                print(f"    open as {link.person}: {opener}")
        print(flush=True)
        print(f"Point the `cas` command at it: CAS_EMULATOR_URL={emulator.url} cas cohorts",
              flush=True)
        if args.exit_after_setup:
            return 0
        service = ServiceProcess(emulator.url, (data or Path(tempfile.gettempdir())) / (
            "service.log" if data else f"cas-demo-service-{os.getpid()}.log"))
        service.start()
        watches = service.cron("/tasks/watches")
        watched = sum(len(c.get("created", [])) + len(c.get("renewed", [])) +
                      len(c.get("kept", [])) for c in watches.get("cohorts", []))
        service.run_cron()
        print(f"\nThe service, as App Engine runs it: {service.url} (gunicorn; its JSON logs in "
              f"{service.log_path}). The emulator's Cloud Tasks deliver to it and the forms' "
              f"notifications are pushed to it ({watched} forms watched); a cron round "
              f"every 15 minutes, as deploy/cron.yaml says.", flush=True)
        print("Submit a proposal on the experience proposal form above: within about "
              "20 seconds it is a new row of the master Sheet's Experiences tab, with "
              "nobody running a command.", flush=True)
        print(f"\nThe pages for coordinators and advisors: {service.url}/ (in production "
              f"behind Identity-Aware Proxy; here a development sign-in replaces it)", flush=True)
        for person, email in (("the coordinator", config.subject),
                              ("an advisor", "amara.okafor@demo-school.example")):
            print(f"  signed in as {person} ({email}): "
                  f"{service.url}/dev/sign-in?{urlencode({'as': email})}", flush=True)
        print("  the coordinator's pages: Cohorts (Sync now, Needs review), New cohort, Roster, "
              "Provision; an advisor's: My advisees (decisions, interviews due).", flush=True)
        print("Serving until you press Ctrl-C.", flush=True)
        code = emulator.wait()
        print(f"The emulator stopped on its own (exit status {code}).\n{emulator.log_tail()}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping.", flush=True)
        return 0
    except (EmulatorFailed, ServiceFailed) as err:
        print(str(err), file=sys.stderr)
        return 1
    except Exception as err:  # a failed API call during setup: say what, keep the log
        print(f"Setup failed: {err}\nEmulator log ({log_path}):\n{emulator.log_tail()}",
              file=sys.stderr)
        return 1
    finally:
        if service is not None:
            service.stop()
        emulator.stop()


def _signed_in(emulator_url: str, email: str, link: str) -> str | None:
    """A link that signs ``email`` in on the emulator's pages and opens ``link``
    (the pages show nothing to an anonymous visitor, like Google's)."""
    if not link.startswith(emulator_url + "/"):
        return None
    return f"{emulator_url}/emulator/signin?" + urlencode(
        {"as": email, "next": link[len(emulator_url):]})


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
