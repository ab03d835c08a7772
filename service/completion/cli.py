"""``cas completion ...``: the end of the programme, on the command line (a thin door
onto export.py, as the coordinator's IBIS export page is)."""

from __future__ import annotations

import datetime
import os
import sys
import tempfile

import click

from ..cli_exit import google_refused


@click.group("completion")
def completion_group():
    """The CAS results the coordinator submits to the IB in IBIS."""


@completion_group.command("export")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the CSV (default: ibis-export-<cohort>-<today>.csv here).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Count the days to the submission date from this day (default: today).")
def export_command(csv_path, today):
    """List every candidate's CAS result in the order you enter them in IBIS
    (candidate session number, personal code, name, result), Pending ones first:
    as a CSV file, and in the master Sheet's "IBIS export" tab (rewritten each time;
    nothing else in the Sheet changes). Safe to run at any time and again."""
    from ..cli import _config
    from ..templates import load_templates
    from ..workspace import Workspace, WorkspaceError
    from .export import NotSetUp, export_results

    config = _config()
    workspace = Workspace.from_config(config)
    day = today.date() if today else datetime.date.today()
    try:
        result = export_results(workspace, config, load_templates())
    except NotSetUp as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err, "Run the command again: it rewrites the whole list.")
    path = csv_path or f"ibis-export-{config.cohort}-{day.isoformat()}.csv"
    _write_atomically(path, result.csv_text())
    click.echo(f"IBIS export for the cohort {config.cohort}:")
    for line in result.summary(day):
        click.echo(f"  {line}")
    click.echo(f"Wrote {path} and the IBIS export tab: {result.sheet_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


def _write_atomically(path: str, text: str) -> None:
    """The whole file or none of it: a stopped export leaves the last one as it was."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".ibis-export-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
