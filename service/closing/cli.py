"""``cas moderation``, ``cas archive`` and ``cas retention``: thin doors onto
moderation.py, archive.py and retention.py (service/cli.py registers them).

Exit codes, as the other commands: 0 done, 2 refused (the cohort is not ready,
or the input is wrong; nothing was changed), 3 Google refused a call (run it
again: nothing is made twice)."""

from __future__ import annotations

import datetime
import sys

import click

from ..cli_exit import google_refused


def _setup():
    from .. import cli
    from ..templates import load_templates
    from ..workspace import Workspace

    config = cli._config()
    return config, Workspace.from_config(config), load_templates()


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _run(what: str, step, workspace):
    from ..workspace import WorkspaceError
    from .common import ClosingRefused

    try:
        return step()
    except ClosingRefused as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err, f"Nothing is made twice: run `cas {what}` again to finish.",
                       workspace=workspace)


@click.command("moderation")
@click.option("--students", default=None, metavar="ID,ID,...",
              help="The students in the pack, by Student ID.")
@click.option("--sample", type=click.IntRange(1, 500), default=None, metavar="N",
              help="Or a sample of N students drawn across statuses and advisors.")
@click.option("--seed", type=int, default=None, metavar="S",
              help="With --sample: the same seed draws the same students (printed when not given).")
@click.option("--moderators", default=None, metavar="EMAIL,EMAIL",
              help="Who may view the pack (view-only).")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The last day the moderators may view it (at most a year ahead).")
@click.option("--revoke", is_flag=True,
              help="Take the moderators' access away now (all of them, or those --moderators "
                   "names), from every pack or the one --pack names.")
@click.option("--pack", default=None, metavar="YYYY-MM-DD", help="With --revoke: that day's pack.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The pack's day (default: today).")
def moderation_command(students, sample, seed, moderators, expires, revoke, pack, today):
    """Make (or bring up to date) a moderation pack: a folder "Moderation <day>" in
    the cohort folder with each student's record as PDF, their experiences (CSV)
    and their starred reflections, and the programme outline; shared view-only with
    the moderators until --expires. Each grant and revocation goes in the Sync log.
    Running it again the same day makes nothing twice."""
    from . import moderation as M

    config, workspace, templates = _setup()
    if revoke:
        result = _run("moderation --revoke", lambda: M.revoke(
            workspace, config, templates, day=pack, moderators=_split(moderators)), workspace)
        for line in result.revoked:
            click.echo(f"  {line}")
        if not result.revoked:
            click.echo(f"No moderator's access to revoke ({result.packs} pack(s) looked at).")
        click.echo("Calls made:")
        click.echo(workspace.counter.summary())
        return
    if not moderators or not expires:
        raise click.UsageError("Give --moderators EMAIL,EMAIL and --expires YYYY-MM-DD "
                               "(or --revoke).")
    day = today.date() if today else datetime.date.today()
    result = _run("moderation", lambda: M.build_pack(
        workspace, config, templates, moderators=_split(moderators), expires=expires.date(),
        today=day, student_ids=_split(students) or None, sample=sample, seed=seed), workspace)
    click.echo(f"Moderation pack {result.day} of the cohort {config.cohort}: "
               f"{len(result.students)} student(s).")
    if result.seed is not None:
        click.echo(f"  sample drawn with --seed {result.seed} (the same seed draws the same "
                   f"students)")
    for label in result.students:
        click.echo(f"  student: {label}")
    click.echo(f"  programme outline: {result.outline}")
    for what in result.made:
        click.echo(f"  made     {what}")
    for what in result.updated:
        click.echo(f"  updated  {what}")
    if result.kept:
        click.echo(f"  {result.kept} file(s) and grant(s) already there, kept")
    for line in result.granted:
        click.echo(f"  {line}")
    for line in result.problems:
        click.echo(f"  problem: {line}", err=True)
    click.echo(f"Pack: {result.folder_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


@click.command("archive")
@click.option("--force", is_flag=True,
              help="Archive before the cohort's end date (needs --reason).")
@click.option("--reason", default="", metavar="TEXT", help="Why, with --force.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge the cohort's end as of this day (default: today).")
def archive_command(force, reason, today):
    """Archive a finished cohort: no more syncs, its forms closed, a final snapshot
    in an "Archive" folder (the master Sheet as .xlsx, each record as PDF), and the
    students' and advisors' access made read-only. Allowed after the cohort's end
    date (Settings cohort_end); running it again does nothing new."""
    from .archive import archive

    config, workspace, templates = _setup()
    day = today.date() if today else datetime.date.today()
    result = _run("archive", lambda: archive(workspace, config, templates, today=day,
                                             force=force, reason=reason), workspace)
    click.echo(f"The cohort {config.cohort} is archived (since {result.archived_on}).")
    for line in result.done:
        click.echo(f"  {line}")
    for line in result.problems:
        click.echo(f"  problem: {line}", err=True)
    if not result.changed:
        click.echo("Everything was done already: nothing changed.")
    if result.folder_url:
        click.echo(f"Archive: {result.folder_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


@click.command("retention")
@click.option("--apply", "apply_", is_flag=True,
              help="Move the cohort's files to Drive's trash (asks for the cohort's name).")
@click.option("--yes", "yes", default=None, metavar="COHORT",
              help="With --apply, in scripts: the cohort's name, instead of typing it.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="As of this day (default: today).")
def retention_command(apply_, yes, today):
    """Say until when the cohort's records are kept (Settings keep_records_until, by
    default 18 months after its exam session) and what would then be disposed of.
    With --apply, on or after that day and for an archived cohort only: move the
    cohort folder to Drive's trash (recoverable for 30 days) and keep a "Retention
    record" Doc outside it."""
    from . import retention as R

    config, workspace, templates = _setup()
    day = today.date() if today else datetime.date.today()
    found = _run("retention", lambda: R.plan(workspace, config, templates), workspace)
    if found.done_before and not apply_:
        click.echo(f"The cohort {config.cohort}'s records were disposed of already: "
                   f"{found.record.get('webViewLink', '')}")
        return
    if not found.done_before:
        keep = found.keep_until
        click.echo(f"The cohort {config.cohort}: records kept until {keep.day.isoformat()} "
                   f"({keep.rule}).")
        click.echo(f"  archived: {found.archived_on or 'no (run `cas archive` first)'}")
        click.echo(f"  would move to Drive's trash: the folder {found.root.get('name')} "
                   f"({found.folders} folder(s) and {found.files} file(s) in it)")
        for file in found.outside:
            click.echo(f"  and, outside it, {file.get('name')}")
        if not found.due(day):
            click.echo(f"  {(keep.day - day).days} day(s) to go: nothing can be disposed of "
                       f"before {keep.day.isoformat()}.")
    if not apply_:
        return
    confirmed = yes
    if confirmed is None:
        confirmed = click.prompt(f"Type the cohort's name ({config.cohort}) to move its files "
                                 f"to the trash", default="", show_default=False)
    result = _run("retention --apply", lambda: R.apply(
        workspace, config, templates, today=day, confirmed=confirmed), workspace)
    if result.already:
        click.echo("Done already: nothing changed.")
    for line in result.trashed:
        click.echo(f"  moved to the trash: {line}")
    click.echo(f"Retention record: {result.record_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


COMMANDS = (moderation_command, archive_command, retention_command)
