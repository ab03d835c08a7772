"""The ``cas`` command (``python -m service`` is the same).

``cas config`` prints the effective settings and where the service's calls go;
``cas setup`` makes or finds the cohort's folders, master Sheet and Forms;
``cas roster import`` brings the Students tab in line with a roster;
``cas provision`` gives each student a shared Drive folder and their links;
``cas report --term NAME`` makes the parents' report cards (service/records).
Every command takes ``--cohort NAME`` (cli_cohorts.py; CAS_COHORT is the default),
and ``cas cohorts`` lists the school's cohorts.

Exit codes: 0 done, 1 the input (a roster) is wrong and nothing was written,
2 the configuration or the cohort is not ready, 3 Google refused a call.
"""

from __future__ import annotations

import os
import sys

import click

from .cli_exit import google_refused

from .cohorts import cohort_config
from .config import Config, ConfigError
from .workspace.secrets import with_token_key
from .cli_cohorts import COHORT_META, add_cohort_option, cohorts_command, provision_in_tasks
from .completion.cli import completion_group


@click.group(help="CAS Workspace: run IB CAS on Google Workspace.")
def cas():
    pass


def _config(need_cohort: bool = True) -> Config:
    """The settings, for the cohort ``--cohort`` names (default: CAS_COHORT)."""
    try:
        config = Config.from_env()
        cohort = (click.get_current_context().meta.get(COHORT_META) or "").strip()
        if cohort:
            config = cohort_config(config, cohort)
        config = with_token_key(config)
    except ConfigError as err:
        click.echo("The configuration is not usable:", err=True)
        for line in str(err).splitlines():
            click.echo(f"  - {line}", err=True)
        sys.exit(2)
    if need_cohort and not config.cohort:
        click.echo("Which cohort? Give --cohort NAME (e.g. 2026-2028) or set CAS_COHORT; "
                   "`cas cohorts` lists the school's cohorts.", err=True)
        sys.exit(2)
    return config


@cas.command("config")
def show_config():
    """Print the effective settings and whether the service talks to Google or
    to the local emulator."""
    config = _config(need_cohort=False)
    width = max(len(name) for name in config.settings())
    click.echo(f"Configuration: {config.name}")
    for name, value in config.settings().items():
        source = "" if os.environ.get(name, "").strip() or not value else "  (default)"
        click.echo(f"  {name.ljust(width)}  {value or '(unset)'}{source}")
    click.echo(f"Talks to: {config.describe_backend()}")


@cas.command("setup")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="First day of the programme (default: 1 September of the cohort's first year).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day of the programme (default: 31 March of the cohort's last year).")
@click.option("--framework", type=click.Choice(["current", "older"]), default="current",
              show_default=True, help="Learning outcomes: the current guide's 7 or the older 8.")
@click.option("--classroom-course", default=None, metavar="ID",
              help="The CAS Classroom course (roster import, announcements).")
@click.option("--shared-drive", default=None, metavar="ID",
              help="Make the cohort's folder in this shared drive (its ID, the end of its "
                   "address in Drive) instead of your My Drive. You must be a Manager of it "
                   "(or a Content manager who may share folders). Later commands find the "
                   "cohort there by themselves.")
def setup(start, end, framework, classroom_course, shared_drive):
    """Make or find the cohort's Drive folders, master Sheet and Forms; running it
    again changes nothing. The options apply to a new master Sheet; once it exists,
    change settings in its Settings tab."""
    from .provision import SetupOptions, run_setup
    from .provision.setup import SharedDriveRefused
    from .templates import SettingsError
    from .workspace import Workspace, WorkspaceError

    config = _config()
    workspace = Workspace.from_config(config)
    options = SetupOptions(start=start.date() if start else None,
                           end=end.date() if end else None, framework=framework,
                           classroom_course=classroom_course,
                           shared_drive=(shared_drive or "").strip() or None)
    click.echo(f"Setting up the cohort {config.cohort} as {config.subject} "
               f"on {config.describe_backend()}.")
    try:
        result = run_setup(workspace, config, options)
    except SettingsError as err:
        click.echo("The settings are not usable:", err=True)
        for line in err.problems:
            click.echo(f"  - {line}", err=True)
        sys.exit(2)
    except SharedDriveRefused as err:
        click.echo(f"{err} Nothing was made.", err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err, "Nothing is made twice: run `cas setup` again to finish.",
                       workspace=workspace)
    for what in result.made:
        click.echo(f"  made   {what}")
    for what in result.found:
        click.echo(f"  found  {what}")
    if not result.made:
        click.echo("Everything already existed: nothing was made.")
    sheet_existed = any(what.startswith("master Sheet") for what in result.found)
    if sheet_existed and (start or end or framework != "current" or classroom_course):
        click.echo("The master Sheet already existed: its Settings tab is kept as it is, "
                   "so --start, --end, --framework and --classroom-course were not applied. "
                   "Change them in the Settings tab.")
    if result.recorded:
        click.echo(f"Recorded in the Settings tab: {', '.join(result.recorded)}")
    if result.shared_drive:
        name = f"{result.shared_drive_name} " if result.shared_drive_name else ""
        click.echo(f"In the shared drive {name}({result.shared_drive}).")
    click.echo(f"Master Sheet: {result.sheet_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


@cas.group("roster")
def roster():
    """The cohort's students in the master Sheet."""


@roster.command("import")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A CSV export: Student ID, name, Email, Advisor email (header names vary).")
@click.option("--classroom", "course_id", default=None, metavar="COURSE_ID",
              help="The students of a Classroom course (they come without advisors).")
@click.option("--advisor", "advisors", multiple=True, metavar="EMAIL",
              help="An advisor the roster may name, besides the CAS course's teachers and "
                   "the advisors already in the Students tab. Repeat for several.")
def roster_import(csv_file, course_id, advisors):
    """Check the roster whole, then write it to the Students tab: new students
    added, changed names and advisors updated, students no longer listed marked
    Withdrawn (never deleted). Nothing is written if any line is wrong."""
    from .provision.roster_import import SetupNeeded, import_roster
    from .roster import RosterError
    from .templates import load_templates
    from .workspace import Workspace, WorkspaceError

    if bool(csv_file) == bool(course_id):
        raise click.UsageError("Give exactly one of --csv FILE and --classroom COURSE_ID.")
    config = _config()
    workspace = Workspace.from_config(config)
    source = csv_file or f"the Classroom course {course_id}"
    try:
        csv_bytes = None
        if csv_file:
            with open(csv_file, "rb") as handle:
                csv_bytes = handle.read()
        result = import_roster(workspace, config, load_templates(), csv_text=csv_bytes,
                               course_id=course_id, advisors=advisors)
    except RosterError as err:
        click.echo(f"{source}: {len(err.problems)} problem"
                   f"{'s' if len(err.problems) != 1 else ''}; nothing was written.", err=True)
        for problem in err.problems:
            click.echo(f"  {problem.message}", err=True)
        sys.exit(1)
    except SetupNeeded as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err)
    diff = result.diff
    click.echo(f"Roster from {source}: {diff.summary()}.")
    for problem in result.problems:
        click.echo(f"  problem: {problem}", err=True)
    for student in diff.withdrawn:
        click.echo(f"  withdrawn (kept): {student.name} ({student.student_id})")
    for student in diff.needs_advisor:
        click.echo(f"  needs an advisor: {student.name} ({student.student_id or student.email})")
    for row, student in diff.id_mismatches:
        click.echo(f"  matched by email: {student.email} keeps the Sheet's ID {row.student_id}")
    for student in diff.duplicate_rows:
        click.echo(f"  left alone, a repeated row in the Sheet: {student.name} "
                   f"({student.student_id or student.email})")
    if not result.advisors_checked:
        click.echo("Advisors were not checked against a list: no CAS Classroom course in "
                   "Settings, no advisor in the Students tab, none given with --advisor.")
    click.echo("Nothing changed in the Students tab." if not result.cells_written else
               f"Wrote {result.cells_written} cells to the Students tab.")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())


@cas.command("provision")
@click.option("--dry-run", is_flag=True,
              help="Print what would be made, moved and shared, and the API calls it would "
                   "take; change nothing.")
@click.option("--in-tasks", is_flag=True,
              help="Have the service do it, in chunks of students on its `provision` "
                   "queue (Cloud Tasks), each well within App Engine's request limit; "
                   "for a large cohort. Prints the first task and returns.")
@click.option("--chunk", type=click.IntRange(1, 1000), default=None, metavar="N",
              help="With --in-tasks: students a task (default 100).")
def provision_command(dry_run, in_tasks, chunk):
    """Give every student of the Students tab a Drive folder under their advisor's
    folder, shared with them (no Google sharing email), and their links in the
    Students tab; post the welcome in the CAS Classroom course. A changed advisor
    moves the folder; a withdrawn student loses access (folder and rows are kept).
    Safe to run again at any time: it makes only what is missing."""
    import datetime

    from .provision import SetupNeeded, provision
    from .templates import load_templates
    from .workspace import Workspace, WorkspaceError

    config = _config()
    workspace = Workspace.from_config(config)
    if in_tasks:
        return provision_in_tasks(workspace, config, chunk)
    click.echo(f"{'Planning' if dry_run else 'Provisioning'} the cohort {config.cohort} "
               f"as {config.subject} on {config.describe_backend()}.")
    bar = None

    def progress(done, total):
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Drive changes", show_pos=True,
                                    file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = provision(workspace, config, load_templates(), today=datetime.date.today(),
                           dry_run=dry_run, progress=progress)
    except SetupNeeded as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err, "Nothing is made twice: run `cas provision` again to finish.",
                       workspace=workspace)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _report_provision(result, dry_run)
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())
    if result.problems:
        sys.exit(3)


def _report_provision(result, dry_run: bool) -> None:
    plan = result.plan
    for name in result.needs_advisor:
        click.echo(f"  needs an advisor first (not provisioned): {name}")
    if dry_run:
        click.echo("Dry run: nothing was changed. A real run would:")
        sheet_shares = [share for share in plan.shares if share[0] == "master_sheet"]
        folder_shares = [share for share in plan.shares if share[0] != "master_sheet"]
        lines = [(len(plan.create_advisor_folders), "make advisor folder(s)",
                  [f"{n} <{e}>" for e, n in plan.create_advisor_folders]),
                 (len(plan.create_student_folders), "make student folder(s)",
                  [s.folder_name for s in plan.create_student_folders]),
                 (len(plan.moves), "move folder(s) to a new advisor",
                  [f"{s.folder_name} -> {s.advisor_email}" for _, s in plan.moves]),
                 (len(plan.renames), "rename folder(s)", [s.folder_name for _, s in plan.renames]),
                 (len(folder_shares), "share folder(s), without Google's sharing email",
                  [e for _, _, e, _ in folder_shares]),
                 (len(sheet_shares), "let advisor(s) edit the master Sheet (its service "
                  "columns stay protected)", [e for _, _, e, _ in sheet_shares]),
                 (len(plan.unshares), "remove withdrawn students' access (folders kept)",
                  [s.folder_name for _, _, s in plan.unshares]),
                 (len(plan.trash), "trash duplicate folder(s) made by a concurrent run",
                  [f.get("name", "") for f in plan.trash])]
        for count, what, names in lines:
            if count:
                shown = ", ".join(names[:5]) + (f", and {count - 5} more" if count > 5 else "")
                click.echo(f"  {what}: {count} ({shown})")
        if not result.planned_calls:
            click.echo("  nothing: every student is provisioned.")
        click.echo("API calls it would make (writes; the reads are below):")
        for method, count in sorted(result.planned_calls.items()):
            click.echo(f"  {method}  {count}")
        return
    for what, count in sorted(result.done.items()):
        click.echo(f"  {what}: {count}")
    if not result.done:
        click.echo("  Drive: every folder was already there and shared.")
    click.echo(f"  filter views added: {result.filter_views_added}" if result.filter_views_added
               else "  filter views: one per advisor already")
    click.echo(f"  welcome announcement: {result.announcement}")
    click.echo(f"Wrote {result.cells_written} cells to the Students tab." if result.cells_written
               else "Nothing changed in the Students tab.")
    click.echo(f"{len(result.students)} students provisioned. Master Sheet: {result.sheet_url}")
    for problem in result.problems:
        click.echo(f"  problem: {problem}", err=True)


@cas.command("sync")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge progress as of this day (default: today).")
def sync_command(today):
    """Bring new form responses into the master Sheet and compute every student's
    status with its reasons. Safe to run at any time, and twice at once: the
    second waits its turn by stopping (exit 4) without changing anything. Exit 3:
    Google refused a call, or a notice could not be sent (the next sync tries it
    again)."""
    import datetime

    from .sync import NotSetUp, SyncBusy, sync
    from .templates import SettingsError, load_templates
    from .workspace import Workspace, WorkspaceError

    config = _config()
    workspace = Workspace.from_config(config)
    day = today.date() if today else datetime.date.today()
    try:
        result = sync(workspace, config, load_templates(), today=day)
    except NotSetUp as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except SettingsError as err:
        click.echo("The Settings tab is not usable:", err=True)
        for line in err.problems:
            click.echo(f"  - {line}", err=True)
        sys.exit(2)
    except SyncBusy as err:
        click.echo(f"{err} Nothing was changed.", err=True)
        sys.exit(4)
    except WorkspaceError as err:
        google_refused(err, "Nothing is lost: the next sync reads the same responses again.")
    click.echo(f"Responses read: {result.responses_read}")
    for tab, count in sorted(result.rows_added.items()):
        click.echo(f"  new rows in {tab.replace('_', ' ')}: {count}")
    for line in result.needs_review:
        click.echo(f"  needs review: {line}")
    click.echo("Statuses: " + ", ".join(f"{status} {n}" for status, n in
                                         sorted(result.statuses.items())))
    if result.newly_at_risk:
        click.echo(f"Newly at risk: {', '.join(result.newly_at_risk)}")
    if result.opportunities_added:
        click.echo(f"New opportunities from Classroom: {result.opportunities_added}")
    if result.evidence_counted:
        click.echo(f"Evidence recounted in {result.evidence_counted} student folder(s)")
    click.echo(f"Emails sent: {result.emails_sent}")
    if result.records_written:
        click.echo(f"Student records written: {result.records_written}")
    for line in result.problems:
        click.echo(f"  problem: {line}", err=True)
    if result.sheet_url:
        click.echo(f"Master Sheet: {result.sheet_url}")
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())
    if result.notices_failed:
        click.echo(f"{len(result.notices_failed)} notice(s) could not be sent; the Notices tab "
                   f"keeps them and the next sync tries them again.", err=True)
        sys.exit(3)


@cas.command("upgrade")
@click.option("--dry-run", is_flag=True, help="Say what would be added; change nothing.")
def upgrade_command(dry_run):
    """Bring the master Sheet up to this version's template: add the tabs, columns
    (at the end of their tab) and Settings rows it lacks, never moving or changing
    people's cells. Safe to run at any time and again; `cas sync` does it first
    when the Sheet is older."""
    import datetime

    from .provision.cohort import master_sheet_id
    from .sync.upgrade import upgrade
    from .templates import load_templates
    from .workspace import Workspace, WorkspaceError

    config = _config()
    workspace = Workspace.from_config(config)
    sheet_id = master_sheet_id(workspace.drive, config.cohort)
    if not sheet_id:
        click.echo(f"There is no master Sheet for the cohort {config.cohort}: run `cas setup` "
                   f"first.", err=True)
        sys.exit(2)
    now = datetime.datetime.now(datetime.timezone.utc)
    serial = (now - datetime.datetime(1899, 12, 30, tzinfo=datetime.timezone.utc)
              ).total_seconds() / 86400
    try:
        result = upgrade(workspace.sheets, sheet_id, load_templates(), editors=[config.subject],
                         now_serial=serial, write=not dry_run, forms=workspace.forms,
                         drive=workspace.drive)
    except WorkspaceError as err:
        google_refused(err, "Nothing was changed (the upgrade is one all-or-nothing write); "
                            "run it again.")
    verb = "Would add" if dry_run else "Added"
    click.echo(f"Template version: {result.version_before} -> {result.version_after}")
    for title in result.added_tabs:
        click.echo(f"  {verb} the tab {title}")
    for column in result.added_columns:
        click.echo(f"  {verb} the column {column} (empty, at the end of its tab)")
    for key in result.added_settings:
        click.echo(f"  {verb} the setting {key} (its default)")
    if result.notices_imported:
        click.echo(f"  {verb} {result.notices_imported} notice(s) told before, from the "
                   f"Sheet's dates")
    for question in result.added_questions:
        click.echo(f"  {verb} the form question {question}")
    for problem in result.problems:
        click.echo(f"  problem: {problem}", err=True)
    if not result.changed:
        click.echo("The master Sheet is up to date: nothing to do.")


@cas.command("report")
@click.option("--term", required=True, metavar="NAME",
              help='The term the reports are for, e.g. "Term 1": the folder "Reports NAME" '
                   'and each file name say it. Running the same term again replaces them.')
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge progress as of this day (default: today).")
def report_command(term, today):
    """A PDF report card per student for parents, in the cohort's "Reports <term>"
    folder, named student ID first. With the setting share_reports_with_parents on,
    each parent may view their own child's report and the next sync emails them
    its link once. Safe to run again: changed reports are replaced in place."""
    import datetime

    from .records.report import ReportError, make_reports
    from .templates import SettingsError, load_templates
    from .workspace import Workspace, WorkspaceError

    config = _config()
    workspace = Workspace.from_config(config)
    day = today.date() if today else datetime.date.today()
    try:
        result = make_reports(workspace, config, load_templates(), term=term, today=day)
    except (ReportError, SettingsError) as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except WorkspaceError as err:
        google_refused(err, "Run `cas report` again: what is done is kept and nothing is "
                            "made twice.")
    click.echo(f"Reports {result.term}: {len(result.made)} made, {len(result.updated)} "
               f"replaced, {result.unchanged} unchanged.")
    click.echo(f"Folder: {result.folder_link}")
    for pair in result.shared:
        click.echo(f"  shared with a parent: {pair[0]} -> {pair[1]}")
    for pair in result.unshared:
        click.echo(f"  no longer shared (not in Parents' emails): {pair[0]} -> {pair[1]}")
    if result.emails_due:
        click.echo(f"{result.emails_due} email(s) to parents recorded in the Notices tab: the "
                   f"next sync sends them (or run `cas sync`).")
    for line in result.problems:
        click.echo(f"  problem: {line}", err=True)
    click.echo("Calls made:")
    click.echo(workspace.counter.summary())
    if result.problems:
        sys.exit(3)


cas.add_command(cohorts_command)
cas.add_command(completion_group)
from .closing.cli import COMMANDS as _CLOSING  # noqa: E402 - moderation, archive, retention
for _command in _CLOSING:
    cas.add_command(_command)
add_cohort_option(cas)


def main(argv=None) -> None:
    """Entry point of the ``cas`` console script."""
    add_cohort_option(cas)
    cas.main(args=argv, prog_name="cas")
