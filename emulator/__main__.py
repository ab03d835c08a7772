"""``python -m emulator --port PORT [--data DIR]``: serve every emulated API.

It prints ``Emulator serving on http://127.0.0.1:PORT`` once the port is bound
and ``Emulator stopped.`` on Ctrl-C or SIGTERM. A port in use is exit status 1
with a message, so a caller (the demo) can pick another.
"""

from __future__ import annotations

import argparse
import logging
import sys

from .app import create_app
from .server import serve_forever


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m emulator",
                                     description="Local emulator of the Google APIs CAS Workspace uses.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", help="folder that keeps the state across restarts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = create_app(data_dir=args.data)

    def announce(port):
        print(f"Emulator serving on http://127.0.0.1:{port}"
              + (f" with data in {args.data}" if args.data else ""), flush=True)

    try:
        serve_forever(app, args.port, announce)
    except OSError as err:
        print(f"Cannot serve on 127.0.0.1:{args.port}: {err.strerror or err}", file=sys.stderr)
        sys.exit(1)
    print("Emulator stopped.", flush=True)


if __name__ == "__main__":
    main()
