"""The service's logs, as Cloud Logging reads them: one JSON object a line on
stdout, with `severity`, `message` and `logging.googleapis.com/trace` (from the
request's X-Cloud-Trace-Context, in the project's name); one summary entry per
sync with its cohort, trigger and API calls; an error keeps Google's reason."""

import json

import pytest

from _web import SECRET, web_config
from service.app import create_app

TASK = {"X-AppEngine-QueueName": "sync", "X-AppEngine-TaskName": "t1",
        "X-AppEngine-TaskRetryCount": "0", "X-CAS-Local-Task-Secret": SECRET,
        "X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/1;o=1"}
COORDINATOR = "coordinator@demo-school.example"


def entries(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()
            if line.startswith("{")]


@pytest.fixture
def client(emulator):
    return create_app(web_config(emulator)).test_client()


def test_a_sync_leaves_one_summary_entry_with_its_trace_cohort_trigger_and_calls(
        cohort, client, capsys):
    capsys.readouterr()
    answer = client.post("/tasks/sync/2026-2028", json={"trigger": "push"}, headers=TASK)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    [entry] = [e for e in entries(capsys) if e["message"].startswith("sync of 2026-2028")]
    assert entry["severity"] in ("INFO", "WARNING")
    assert entry["logging.googleapis.com/trace"] == \
        "projects/emulator-project/traces/105445aa7843bc8bf206b12000100000"
    assert entry["logging.googleapis.com/spanId"] == "0000000000000001"
    assert (entry["cohort"], entry["trigger"], entry["outcome"]) == ("2026-2028", "push", "done")
    assert entry["apiCalls"]["sheets.spreadsheets.batchUpdate"] >= 2
    assert entry["task"] == "t1" and isinstance(entry["statuses"], dict)


def test_a_failed_sync_keeps_googles_reason(cohort, client, capsys, sheets_as):
    sheet, _ = cohort
    sheets = sheets_as(COORDINATOR)
    tabs = sheets.spreadsheets().get(spreadsheetId=sheet).execute()["sheets"]
    [settings] = [t["properties"]["sheetId"] for t in tabs
                  if t["properties"]["title"] == "Settings"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=sheet, body={"requests": [
        {"deleteSheet": {"sheetId": settings}}]}).execute()
    capsys.readouterr()
    answer = client.post("/tasks/sync/2026-2028", json={"trigger": "cron"}, headers=TASK)
    assert answer.status_code == 500
    [entry] = [e for e in entries(capsys) if e["message"].startswith("sync of 2026-2028")]
    assert entry["severity"] == "ERROR" and entry["outcome"] == "failed"
    assert entry["googleStatus"] == 400 and entry["googleReason"]
    assert entry["googleMethod"].startswith("sheets.spreadsheets.")
    assert "stack_trace" in entry


def test_a_refusal_is_logged_as_a_warning(client, capsys):
    capsys.readouterr()
    client.get("/tasks/sync")
    [entry] = entries(capsys)
    assert entry["severity"] == "WARNING" and entry["status"] == 403
    assert entry["message"].startswith("refused GET /tasks/sync")
