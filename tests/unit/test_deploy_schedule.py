"""deploy/cron.yaml and deploy/queue.yaml say what the code expects: each cron job
calls an endpoint that accepts App Engine's cron, every 15 minutes for the sync
(the quarter hour that names its tasks); the queues the code puts tasks on exist,
the `sync` queue runs one task at a time and retries a busy sync after a backoff."""

from pathlib import Path

import yaml

from service.app import create_app
from service.config import TestConfig
from service.schedule import names
from service.schedule.reports import REPORT_TASK_URL
from service.schedule.setups import SETUP_TASK_URL

ROOT = Path(__file__).resolve().parents[2]
CRON = yaml.safe_load((ROOT / "deploy" / "cron.yaml").read_text())["cron"]
QUEUES = {q["name"]: q for q in yaml.safe_load((ROOT / "deploy" / "queue.yaml").read_text())["queue"]}


def routes():
    app = create_app(TestConfig(emulator_url="http://127.0.0.1:9"))
    return {rule.rule: (rule.methods, app.view_functions[rule.endpoint])
            for rule in app.url_map.iter_rules()}


def test_each_cron_job_is_a_get_endpoint_that_takes_only_app_engines_cron():
    found = routes()
    assert {job["url"] for job in CRON} == {names.CRON_SYNC_URL, names.CRON_WATCHES_URL}
    for job in CRON:
        methods, view = found[job["url"]]
        assert "GET" in methods
        assert view.trusts == "cron"


def test_the_sync_runs_every_quarter_hour_as_its_task_names_assume():
    [sync] = [job for job in CRON if job["url"] == names.CRON_SYNC_URL]
    assert sync["schedule"] == f"every {int(names.SLOT.total_seconds() // 60)} minutes"
    [watches] = [job for job in CRON if job["url"] == names.CRON_WATCHES_URL]
    assert watches["schedule"].startswith("every day")


def test_the_queues_the_code_uses_exist_and_their_task_urls_are_task_endpoints():
    assert set(QUEUES) == {names.SYNC_QUEUE, names.PROVISION_QUEUE}
    found = routes()
    for template in (names.SYNC_TASK_URL, names.PROVISION_TASK_URL, SETUP_TASK_URL,
                     REPORT_TASK_URL):
        rule = template.replace("{cohort}", "<cohort>")
        methods, view = found[rule]
        assert "POST" in methods and view.trusts == "queue"
    assert "POST" in found[names.PUSH_URL][0]


def test_the_sync_queue_runs_one_sync_at_a_time_and_retries_a_busy_one_after_a_backoff():
    sync = QUEUES[names.SYNC_QUEUE]
    assert sync["max_concurrent_requests"] == 1
    retry = sync["retry_parameters"]
    assert retry["min_backoff_seconds"] >= 10       # a busy sync is not hammered
    assert retry["task_age_limit"] == "15m"          # the next cron round takes over
    assert QUEUES[names.PROVISION_QUEUE]["retry_parameters"]["task_retry_limit"] >= 1
