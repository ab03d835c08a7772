"""The command line's side of several cohorts: ``--cohort NAME`` on every ``cas``
command, and ``cas cohorts``; and ``cas provision --in-tasks``.

``add_cohort_option(cas)`` gives every command of the group (and of its
subgroups, ``cas roster import`` too, and commands added later by anyone) a
``--cohort NAME`` option; ``cli._config()`` reads it, CAS_COHORT being the
default. Adding it in one place keeps each command's own code unchanged.
"""

from __future__ import annotations

import datetime
import sys

import click

from .cli_exit import google_refused

COHORT_META = "cas.cohort"
_MARK = "_cas_cohort_option"


def _remember(ctx: click.Context, param, value):
    if value:
        ctx.meta[COHORT_META] = value
    return value


def add_cohort_option(group: click.Group) -> None:
    """``--cohort NAME`` on every command under ``group`` that lacks it (idempotent)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            add_cohort_option(command)
            continue
        if getattr(command, _MARK, False):
            continue
        command.params.append(click.Option(
            ["--cohort"], metavar="NAME", expose_value=False, callback=_remember,
            is_eager=True, help="The cohort, e.g. 2026-2028 (default: CAS_COHORT)."))
        setattr(command, _MARK, True)


@click.command("cohorts")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge each cohort's state as of this day (default: today).")
def cohorts_command(today):
    """List the school's cohorts (found by their folders in Drive): each one's dates,
    state (live ones are kept current by the service), last sync and students by
    status."""
    from . import cli
    from .cohorts import find_cohorts, summarise
    from .workspace import Workspace, WorkspaceError

    config = cli._config(need_cohort=False)
    workspace = Workspace.from_config(config)
    day = today.date() if today else datetime.date.today()
    try:
        cohorts = find_cohorts(workspace, config, day)
    except WorkspaceError as err:
        google_refused(err)
    click.echo(f"Cohorts of {config.school_domain} on {day.isoformat()}, acting as "
               f"{config.subject} on {config.describe_backend()}:")
    if not cohorts:
        click.echo("  none: `cas setup --cohort NAME` makes one.")
    for cohort in cohorts:
        dates = (f"{cohort.start or '?'} to {cohort.end or '?'}"
                 if cohort.start or cohort.end else "no dates in Settings")
        click.echo(f"  {cohort.name}: {cohort.state} ({dates})")
        if cohort.problem:
            click.echo(f"    problem: {cohort.problem}")
        summary = summarise(workspace.sheets, cohort)
        if summary.problem:
            click.echo(f"    problem: {summary.problem}")
        if summary.last_sync:
            click.echo(f"    last sync: {summary.last_sync} ({summary.last_trigger or 'trigger?'})"
                       f", {summary.syncs} in its Sync log"
                       + (" — with errors" if summary.last_errors.strip() else ""))
        elif cohort.sheet is not None:
            click.echo("    last sync: never")
        if summary.statuses:
            click.echo("    students: " + ", ".join(
                f"{status} {n}" for status, n in sorted(summary.statuses.items())))
        if cohort.sheet:
            click.echo(f"    master Sheet: {cohort.sheet.get('webViewLink', cohort.sheet_id)}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


def provision_in_tasks(workspace, config, chunk) -> None:
    """``cas provision --in-tasks``: the first chunk on the service's provision queue."""
    from .schedule.provisioning import CHUNK, start_provisioning
    from .workspace import WorkspaceError

    try:
        name = start_provisioning(workspace, config, config.cohort, students=chunk or CHUNK)
    except (ValueError, WorkspaceError) as err:
        click.echo(f"Could not enqueue the provisioning: {err}", err=True)
        sys.exit(3 if isinstance(err, WorkspaceError) else 2)
    click.echo(f"Provisioning of {config.cohort} enqueued on the provision queue "
               f"({chunk or CHUNK} students a task): first task {name}. The service's logs "
               f"and the Students tab show its progress; `cas provision --dry-run` what is left.")
