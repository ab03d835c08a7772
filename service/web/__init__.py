"""The web service's blueprints, one per feature, each a thin door onto the same
functions the ``cas`` commands call (STYLE.md):

- ``sync_tasks``: ``GET /tasks/sync`` (cron) and ``POST /tasks/sync/<cohort>`` (task);
- ``push``: ``POST /push/forms`` (Pub/Sub push of the Forms watches);
- ``watch_tasks``: ``GET /tasks/watches`` (daily cron);
- ``provision_tasks``: ``POST /tasks/provision/<cohort>`` (task);
- ``setup_tasks``: ``POST /tasks/setup/<cohort>`` (task: a new cohort's setup);
- ``report_tasks``: ``POST /tasks/report/<cohort>`` (task: a term's report cards).

and the pages for people, behind IAP (auth.py says who is who; security.py
adds CSRF and the security headers; school.py is their cached read):

- ``coordinator``: ``/`` (each person to their page), ``/coordinator`` (Home,
  "Sync now"), ``/coordinator/<cohort>/review`` (Needs review);
- ``advisees``: ``/advisees`` (My advisees, decisions);
- ``students``: ``/cohorts/<cohort>/students/<id>`` (a student's page);
- ``new_cohort``: ``/coordinator/new-cohort`` (New cohort, its setup followed);
- ``roster_pages``: ``/coordinator/<cohort>/roster`` (preview, then import);
- ``provisioning``: ``/coordinator/<cohort>/provision`` (start, progress bar);
- ``report_pages``: ``/coordinator/<cohort>/reports`` (a term's report cards, followed);
- ``ibis_pages``: ``/coordinator/<cohort>/ibis`` (the IBIS export, then its CSV);
- ``dev_signin``: ``/dev/sign-in``, with the emulator configuration only.

``trust.py`` says who may call the tasks; ``logs.py`` writes Cloud Logging's JSON.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from . import logs, security
from .advisees import advisees
from .auth import dev_signin
from .coordinator import coordinator
from .ibis_pages import ibis_pages
from .new_cohort import new_cohort
from .push import push
from .provision_tasks import provision_tasks
from .provisioning import provisioning
from .report_pages import report_pages
from .report_tasks import report_tasks
from .roster_pages import roster_pages
from .setup_tasks import setup_tasks
from .students import students
from .sync_tasks import sync_tasks
from .trust import on_app_engine
from .watch_tasks import watch_tasks

BLUEPRINTS = (sync_tasks, push, watch_tasks, provision_tasks, setup_tasks, report_tasks)
PAGES = (coordinator, advisees, students, new_cohort, roster_pages, provisioning, report_pages,
         ibis_pages)
# The pages' templates and static files (one stylesheet, one small script).
assets = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                   static_url_path="/pages-static")


@assets.app_template_filter("day")
def day(value) -> str:
    """A Sheet's date (a serial number, as the pages' cached read holds it) as people
    read it: 1 October 2026."""
    from ..cas.dates import format_date
    from ..sync.records import as_date
    found = as_date(value)
    return format_date(found) if found else (str(value) if value else "")


@assets.app_template_filter("moment")
def moment(value) -> str:
    """A Sync log time (a Sheets date-time number, UTC) as people read it:
    7 December 2026, 10:25 UTC."""
    import datetime

    from ..cas.dates import format_date
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        when = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=value)
        return f"{format_date(when.date())}, {when:%H:%M} UTC"
    return str(value or "")


@assets.app_template_filter("reasons")
def reasons(value) -> list[str]:
    """The Why cell's reasons, one a line, as a list."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def register(app: Flask) -> None:
    app.config["ON_APP_ENGINE"] = on_app_engine()
    logs.setup()
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    security.setup(app, exempt=BLUEPRINTS)
    app.register_blueprint(assets)
    for blueprint in PAGES:
        app.register_blueprint(blueprint)
    if app.config["CAS"].uses_emulator:   # never against Google (auth.py)
        app.register_blueprint(dev_signin)
