"""The web service's blueprints, one per feature, each a thin door onto the same
functions the ``cas`` commands call (STYLE.md):

- ``sync_tasks``: ``GET /tasks/sync`` (cron) and ``POST /tasks/sync/<cohort>`` (task);
- ``push``: ``POST /push/forms`` (Pub/Sub push of the Forms watches);
- ``watch_tasks``: ``GET /tasks/watches`` (daily cron);
- ``provision_tasks``: ``POST /tasks/provision/<cohort>`` (task).

``trust.py`` says who may call each; ``logs.py`` writes Cloud Logging's JSON.
"""

from __future__ import annotations

from flask import Flask

from . import logs
from .push import push
from .provision_tasks import provision_tasks
from .sync_tasks import sync_tasks
from .trust import on_app_engine
from .watch_tasks import watch_tasks

BLUEPRINTS = (sync_tasks, push, watch_tasks, provision_tasks)


def register(app: Flask) -> None:
    app.config["ON_APP_ENGINE"] = on_app_engine()
    logs.setup()
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
