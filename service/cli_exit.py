"""How every ``cas`` command ends when Google refuses a call: what Google said, what
to do, optionally the calls made, and exit status 3 (``cas --help`` lists them)."""

from __future__ import annotations

import sys

import click


def google_refused(err, then: str = "", workspace=None):
    """Say that Google refused a call (``err``, a WorkspaceError with its reason), then
    ``then`` (what happened to the work and what to do), and the calls made so far."""
    click.echo(f"Google refused a call: {err}", err=True)
    if then:
        click.echo(then, err=True)
    if workspace is not None:
        click.echo(workspace.counter.summary(), err=True)
    sys.exit(3)
