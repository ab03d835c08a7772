"""``python -m emulator --port PORT [--data DIR] [--seed FILE] [--queues queue.yaml]
[--tasks-target URL] [--tasks-secret SECRET]``: serve every emulated API.
``python -m emulator keygen FILE [--url URL]``: write a service-account key file that
the running emulator at URL trusts (for local use only).

It prints ``Emulator serving on http://127.0.0.1:PORT`` once the port is bound
and ``Emulator stopped.`` on Ctrl-C or SIGTERM. A port in use is exit status 1
with a message, so a caller (the demo) can pick another.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import urllib.request

from . import school
from .app import create_app
from .cloudtasks.models import DEFAULT_PARENT
from .cloudtasks.queue_yaml import QueueYamlError
from .core.errors import GoogleApiError
from .server import serve_forever


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["keygen"]:
        return keygen(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m emulator",
                                     description="Local emulator of the Google APIs CAS Workspace uses.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", help="folder that keeps the state across restarts")
    parser.add_argument("--seed", help="a school fixture (JSON: users and courses) to load")
    parser.add_argument("--queues", help="an App Engine queue.yaml whose Cloud Tasks queues to create")
    parser.add_argument("--queues-parent", default=DEFAULT_PARENT,
                        help=f"projects/PROJECT/locations/LOCATION of those queues (default {DEFAULT_PARENT})")
    parser.add_argument("--tasks-target", help="the local App Engine app that App Engine tasks go to, "
                                               "e.g. http://127.0.0.1:8080")
    parser.add_argument("--tasks-secret", help="sent with every App Engine task as X-CAS-Local-Task-Secret")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = create_app(data_dir=args.data)
    if args.seed:
        try:
            counts = school.load_file(app.config["WORLD"], args.seed)
        except (OSError, school.FixtureError) as err:
            print(f"Cannot load the school fixture {args.seed}: {err}", file=sys.stderr)
            sys.exit(1)
        print(f"Loaded {counts['users']} people and {counts['courses']} courses from {args.seed}", flush=True)
    try:
        _cloud_tasks(app.config["WORLD"], args)
    except (OSError, QueueYamlError, GoogleApiError) as err:
        print(f"Cannot set up Cloud Tasks: {err}", file=sys.stderr)
        sys.exit(1)

    def announce(port):
        print(f"Emulator serving on http://127.0.0.1:{port}"
              + (f" with data in {args.data}" if args.data else ""), flush=True)

    try:
        serve_forever(app, args.port, announce)
    except OSError as err:
        print(f"Cannot serve on 127.0.0.1:{args.port}: {err.strerror or err}", file=sys.stderr)
        sys.exit(1)
    print("Emulator stopped.", flush=True)


def _cloud_tasks(world, args) -> None:
    with world.lock:
        if args.tasks_target or args.tasks_secret:
            world.cloudtasks.set_target(args.tasks_target, args.tasks_secret)
        if args.queues:
            with open(args.queues, encoding="utf-8") as f:
                names = world.cloudtasks.load_queue_yaml(f.read(), args.queues_parent)
            world.save()
            print(f"Loaded {len(names)} Cloud Tasks queues from {args.queues}: "
                  + ", ".join(n.rsplit("/", 1)[1] for n in names), flush=True)


def keygen(argv) -> None:
    """Ask a running emulator for a new service-account key and write it to FILE."""
    parser = argparse.ArgumentParser(prog="python -m emulator keygen")
    parser.add_argument("file")
    parser.add_argument("--url", default="http://127.0.0.1:8765", help="the running emulator")
    parser.add_argument("--client-email", help="the service account's email")
    args = parser.parse_args(argv)
    body = json.dumps({"clientEmail": args.client_email} if args.client_email else {}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(
                args.url.rstrip("/") + "/emulator/service-accounts", data=body,
                headers={"Content-Type": "application/json"}), timeout=10) as answer:
            key = answer.read()
    except OSError as err:
        print(f"No emulator answered at {args.url}: {err}", file=sys.stderr)
        sys.exit(1)
    with open(args.file, "wb") as f:
        f.write(key)
    print(f"Wrote a service-account key for the emulator at {args.url} to {args.file} "
          f"(local use only; it opens nothing at Google).")


if __name__ == "__main__":
    main()
