"""The ``cas`` command (``python -m service`` is the same).

``cas config`` prints the effective settings and where the service's calls go.
Later subcommands (setup, roster, provision, sync) join this group.
"""

from __future__ import annotations

import os
import sys

import click

from .config import Config, ConfigError


@click.group(help="CAS Workspace: run IB CAS on Google Workspace.")
def cas():
    pass


@cas.command("config")
def show_config():
    """Print the effective settings and whether the service talks to Google or
    to the local emulator."""
    try:
        config = Config.from_env()
    except ConfigError as err:
        click.echo("The configuration is not usable:", err=True)
        for line in str(err).splitlines():
            click.echo(f"  - {line}", err=True)
        sys.exit(2)
    width = max(len(name) for name in config.settings())
    click.echo(f"Configuration: {config.name}")
    for name, value in config.settings().items():
        source = "" if os.environ.get(name, "").strip() or not value else "  (default)"
        click.echo(f"  {name.ljust(width)}  {value or '(unset)'}{source}")
    click.echo(f"Talks to: {config.describe_backend()}")


def main(argv=None) -> None:
    """Entry point of the ``cas`` console script."""
    cas.main(args=argv, prog_name="cas")
