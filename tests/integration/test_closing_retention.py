"""`cas retention`: an archived cohort's records are kept until `keep_records_until`
(by default the last day of the 18th month after its exam session: 2029-11-30 for
a cohort ending 2028-03-31); nothing happens before. On or after it, `--apply`,
with the cohort's name typed back, moves exactly the cohort's files to Drive's
trash (another cohort's, and anything else, untouched) and keeps a Retention
record Doc outside the cohort folder. Again: nothing new; stopped: finished next."""

import datetime

import pytest
from click.testing import CliRunner

from _closing import COORDINATOR, everything, tagged
from service.cli import cas as cas_group
from service.closing import retention
from service.config import Config
from service.templates import load_templates
from service.workspace import Workspace

KEEP_UNTIL = "2029-11-30"
DAY_BEFORE = "2029-11-29"
OTHER = "2027-2029"


def trashed(drive, file_id):
    return drive.files().get(fileId=file_id, fields="trashed").execute()["trashed"]


@pytest.fixture
def archived(cohort, cas):
    code, out, err = cas("archive", "--today", "2028-04-02")
    assert code == 0, err + out
    return cohort


def test_a_cohort_not_archived_is_refused(cohort, cas, drive_as):
    master, ids = cohort
    code, out, err = cas("retention", "--apply", "--yes", "2026-2028", "--today", "2031-01-01")
    assert code == 2 and "not archived" in err
    assert not trashed(drive_as(COORDINATOR), ids["root"])


def test_the_records_are_kept_until_their_day_and_nothing_happens_before(archived, cas,
                                                                         drive_as):
    master, ids = archived
    code, out, err = cas("retention", "--today", DAY_BEFORE)
    assert code == 0, err
    assert f"records kept until {KEEP_UNTIL} (18 months after the May 2028 exam session" in out
    assert "1 day(s) to go" in out and "CAS 2026-2028" in out
    code, out, err = cas("retention", "--apply", "--yes", "2026-2028", "--today", DAY_BEFORE)
    assert code == 2 and f"kept until {KEEP_UNTIL}" in err
    drive = drive_as(COORDINATOR)
    assert not trashed(drive, ids["root"]) and tagged(drive, "retention_record") == []


def test_a_school_may_keep_them_longer_but_not_shorter(archived, cas, set_setting):
    master, _ = archived
    set_setting(master, "keep_records_until", "2029-06-30")
    code, _, err = cas("retention", "--today", "2031-01-01")
    assert code == 2 and "earlier than the least the school must keep" in err
    set_setting(master, "keep_records_until", "2030-08-31")
    code, out, _ = cas("retention", "--today", "2031-01-01")
    assert code == 0 and "records kept until 2030-08-31 (the Settings tab's" in out
    code, _, err = cas("retention", "--apply", "--yes", "2026-2028", "--today", "2030-08-30")
    assert code == 2 and "kept until 2030-08-31" in err


def test_the_name_must_be_typed_back(archived, drive_as):
    master, ids = archived
    result = CliRunner().invoke(cas_group, ["retention", "--apply", "--today", KEEP_UNTIL],
                                input="2026-2029\n")
    assert result.exit_code == 2 and "is not the cohort's" in result.output
    assert not trashed(drive_as(COORDINATOR), ids["root"])


def test_on_its_day_exactly_the_cohorts_files_go_to_the_trash_and_a_record_stays(
        archived, cas, drive_as, school):
    master, ids = archived
    drive = drive_as(COORDINATOR)
    code, out, err = cas("setup", "--cohort", OTHER, "--classroom-course", school)
    assert code == 0, err
    [other_root] = [f for f in tagged(drive, "root", OTHER)]
    unrelated = drive.files().create(body={"name": "Staff rota"}, fields="id").execute()["id"]
    before = everything(drive)

    result = CliRunner().invoke(cas_group, ["retention", "--apply", "--today", KEEP_UNTIL],
                                input="2026-2028\n")      # the name typed back
    assert result.exit_code == 0, result.output
    assert "moved to the trash: CAS 2026-2028 (the cohort folder" in result.output
    for file_id in (ids["root"], master, ids["DS1001"], ids["reflection"], ids["advisors"]):
        assert trashed(drive, file_id)
    assert not trashed(drive, other_root["id"]) and not trashed(drive, unrelated)
    other_files = drive.files().list(
        q=f"appProperties has {{ key='casCohort' and value='{OTHER}' }}",
        fields="files(id,trashed)").execute()["files"]
    assert other_files and not any(f["trashed"] for f in other_files)
    now_trashed = {f["id"] for f in drive.files().list(q="trashed = true", pageSize=1000,
                                                       fields="files(id)").execute()["files"]}
    inside = {fid for fid, name in before.items() if fid in now_trashed}
    assert ids["root"] in inside and unrelated not in inside

    [record] = tagged(drive, "retention_record")
    [folder_id] = drive.files().get(fileId=record["id"], fields="parents").execute()["parents"]
    assert drive.files().get(fileId=folder_id, fields="name").execute()["name"] == \
        "CAS retention records"
    assert not trashed(drive, record["id"])
    text = drive.files().export(fileId=record["id"], mimeType="text/plain").execute().decode()
    assert "2026-2028" in text and "done" in text and KEEP_UNTIL in text
    assert "Moved to Drive's trash" in text and "30 days" in text

    version = drive.files().get(fileId=record["id"], fields="version").execute()["version"]
    code, out, err = cas("retention", "--apply", "--yes", "2026-2028", "--today", KEEP_UNTIL)
    assert code == 0 and "Done already" in out
    assert drive.files().get(fileId=record["id"], fields="version").execute()["version"] == version
    assert len(tagged(drive, "retention_record")) == 1


def test_a_disposal_stopped_half_way_is_finished_by_the_next_run(archived, cas, drive_as):
    master, ids = archived
    drive = drive_as(COORDINATOR)
    config = Config.from_env()
    workspace = Workspace.from_config(config)

    class Stopped(Exception):
        pass

    def stop_at_the_trash(method):
        if method == "drive.files.update":
            raise Stopped()
    workspace.counter.watch(stop_at_the_trash)
    with pytest.raises(Stopped):
        retention.apply(workspace, config, load_templates(),
                        today=datetime.date(2029, 11, 30), confirmed="2026-2028")
    [record] = tagged(drive, "retention_record")
    assert record["appProperties"]["casState"] == "started"
    assert not trashed(drive, ids["root"])
    code, out, err = cas("retention", "--apply", "--yes", "2026-2028", "--today", KEEP_UNTIL)
    assert code == 0, err + out
    assert trashed(drive, ids["root"])
    [record] = tagged(drive, "retention_record")
    assert record["appProperties"]["casState"] == "done"


def test_the_default_day_follows_the_exam_session():
    assert retention.default_keep_until(datetime.date(2028, 3, 31)) == datetime.date(2029, 11, 30)
    assert retention.default_keep_until(datetime.date(2028, 5, 31)) == datetime.date(2029, 11, 30)
    # a cohort ending after May sits the November session
    assert retention.default_keep_until(datetime.date(2028, 9, 30)) == datetime.date(2030, 5, 31)
    assert retention.exam_session(datetime.date(2028, 12, 1)) == datetime.date(2028, 11, 30)
