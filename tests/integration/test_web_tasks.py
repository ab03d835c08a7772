"""Cloud Tasks' side of the service: a sync task that finds another sync holding
the cohort's lock answers 409, so the `sync` queue tries it again after its
backoff (not 503, which Google reads as an overloaded app), and the retry syncs;
a large cohort is provisioned as a chain of chunk tasks (`cas provision
--in-tasks`), each enqueuing the next, the last posting the welcome."""

import datetime

from _web import (CRON_HEADERS, advance, control, dispatch, outcomes, service,  # noqa: F401
                  small_roster, wait_until)
from service.sync.run import LOCK_ID, LOCK_KEY

COORDINATOR = "coordinator@demo-school.example"


def hold_the_lock(sheets, sheet_id, minutes=10):
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    sheets.spreadsheets().batchUpdate(spreadsheetId=sheet_id, body={"requests": [
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataId": LOCK_ID, "metadataKey": LOCK_KEY, "metadataValue": until.isoformat(),
            "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}}]}).execute()


def release_the_lock(sheets, sheet_id):
    sheets.spreadsheets().batchUpdate(spreadsheetId=sheet_id, body={"requests": [
        {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
            "metadataId": LOCK_ID}}}}]}).execute()


def test_a_sync_task_finding_another_sync_running_is_retried_after_the_queues_backoff(
        cohort, service, emulator, sheets_as, tab):
    sheet, _ = cohort
    sheets = sheets_as(COORDINATOR)
    hold_the_lock(sheets, sheet)                          # a `cas sync` by hand, say
    assert service.get("/tasks/sync", headers=CRON_HEADERS).json()["enqueued"] == ["2026-2028"]
    [busy] = dispatch(emulator)
    assert (busy["status"], busy["outcome"]) == (409, "retrying")
    # queue.yaml's sync queue: min_backoff_seconds 30.
    waited = (datetime.datetime.fromisoformat(busy["nextAttempt"].replace("Z", "+00:00"))
              - datetime.datetime.fromisoformat(busy["responseTime"].replace("Z", "+00:00")))
    assert 29 <= waited.total_seconds() <= 31
    assert list(tab(sheet, "Sync log").values()) == []
    release_the_lock(sheets, sheet)
    advance(emulator, 31)
    [done] = dispatch(emulator)
    assert (done["status"], done["outcome"], done["attempt"]) == (200, "succeeded", 2)
    [line] = tab(sheet, "Sync log").values()
    assert line["Trigger"] == "cron"


def test_a_large_cohort_is_provisioned_in_chunks_each_enqueuing_the_next(
        school, service, cas, emulator, tmp_path, drive_as, classroom_as, tab):
    for args in (("setup", "--classroom-course", school, "--start", "2026-09-01",
                  "--end", "2028-03-31"),
                 ("roster", "import", "--csv", small_roster(tmp_path, 20, "2026-2028"))):
        code, out, err = cas(*args)
        assert code == 0, err + out
    code, out, err = cas("provision", "--in-tasks", "--chunk", "8")
    assert code == 0 and "enqueued on the provision queue" in out, err + out

    def chain_done():
        deliveries = control(emulator, "cloudtasks/log", method="get")["deliveries"]
        return deliveries if len(deliveries) >= 3 and all(
            d["outcome"] == "succeeded" for d in deliveries) else None
    deliveries = wait_until(chain_done, timeout=120)
    assert deliveries, control(emulator, "cloudtasks/log", method="get")
    assert [(d["status"], d["queue"].rsplit("/", 1)[1]) for d in deliveries] == \
        [(200, "provision")] * 3
    folders = drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casKind' and value='student' }", fields="files(id)",
        pageSize=100).execute()["files"]
    assert len(folders) == 20
    course = school
    welcomes = [a for a in classroom_as(COORDINATOR).courses().announcements().list(
        courseId=course).execute().get("announcements", [])
        if a["text"].startswith("Welcome to CAS (2026-2028)!")]
    assert len(welcomes) == 1
    code, out, _ = cas("provision", "--dry-run")
    assert "every student is provisioned" in out
