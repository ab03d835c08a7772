"""``python -m emulator --port PORT [--data DIR]``: serve every emulated API."""

from __future__ import annotations

import argparse
import logging

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
    print(f"Emulator serving on http://127.0.0.1:{args.port}"
          + (f" with data in {args.data}" if args.data else ""), flush=True)
    serve_forever(app, args.port)


if __name__ == "__main__":
    main()
