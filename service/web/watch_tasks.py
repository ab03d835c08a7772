"""``GET /tasks/watches`` (App Engine cron, daily): each live cohort's Forms
watched for new responses, the watches renewed before they expire, their state
in the cohort's Settings (service/schedule/watches.py). One cohort's failure is
logged and never stops another's; the answer is 500 if any failed, so the Cron
jobs page shows it."""

from __future__ import annotations

from flask import Blueprint, jsonify

from ..cohorts import find_cohorts
from ..schedule.watches import keep_watches
from . import context
from .logs import error_fields, log
from .trust import from_cron

watch_tasks = Blueprint("watch_tasks", __name__)


@watch_tasks.get("/tasks/watches")
@from_cron
def keep_all_watches():
    config = context.config()
    if not config.push_topic:
        log("ERROR", "watches not kept: CAS_PUSH_TOPIC is not set")
        return jsonify({"error": "CAS_PUSH_TOPIC is not set"}), 500
    try:
        cohorts = find_cohorts(context.workspace(), config, context.today())
    except Exception as err:  # noqa: BLE001 - logged with Google's reason
        log("ERROR", "watches not kept: the cohorts could not be listed",
            apiCalls=context.calls(), **error_fields(err))
        return jsonify({"error": str(err)}), 500
    reports, skipped, failed = [], {}, False
    for cohort in cohorts:
        if not cohort.needs_sync:
            skipped[cohort.name] = cohort.state
            continue
        report = keep_watches(context.workspace(), config, cohort, now=context.now())
        failed = failed or bool(report.failed)
        log("ERROR" if report.failed else "INFO",
            f"watches of {cohort.name}: {len(report.created)} created, "
            f"{len(report.renewed)} renewed, {len(report.kept)} kept",
            trigger="cron", **report.as_dict())
        reports.append(report.as_dict())
    log("INFO", "watches round done", apiCalls=context.calls(), skipped=skipped)
    return jsonify({"cohorts": reports, "skipped": skipped}), 500 if failed else 200
