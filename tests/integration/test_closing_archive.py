"""`cas archive`: after the cohort's end (or earlier, forced with a reason) the
cohort is archived: no more syncs (cron round, sync task, `cas sync`) nor
provisioning, its forms closed, a final snapshot in an "Archive" folder (the
master Sheet as .xlsx that openpyxl reads, each record as PDF), the students' and
advisors' access read-only. Again: nothing new. Stopped half-way: the next run
finishes."""

import io

import openpyxl
import pytest

from _closing import (COORDINATOR, children, make_record, pdf_text, sync_log,
                      tagged)
from _web import CRON_HEADERS, SECRET, service  # noqa: F401
from service.config import Config
from service.closing.archive import archive
from service.templates import load_templates
from service.workspace import Workspace

AFTER_END = "2028-04-02"        # the cohort ends on 2028-03-31
STUDENT, ADVISOR = "zoe.abernathy@demo-school.example", "amara.okafor@demo-school.example"


def role_of(drive, file_id, email):
    return next((p["role"] for p in drive.permissions().list(
        fileId=file_id, fields="permissions(emailAddress,role)").execute()["permissions"]
        if p.get("emailAddress") == email), None)


def root_properties(drive, ids):
    return drive.files().get(fileId=ids["root"], fields="appProperties").execute()["appProperties"]


def test_before_its_end_a_cohort_is_archived_only_when_forced_with_a_reason(cohort, cas,
                                                                            drive_as):
    master, ids = cohort
    drive = drive_as(COORDINATOR)
    code, _, err = cas("archive", "--today", "2028-03-31")
    assert code == 2 and "ends on 2028-03-31" in err and "--force" in err
    code, _, err = cas("archive", "--today", "2028-01-10", "--force")
    assert code == 2 and "--reason" in err
    assert "casArchived" not in root_properties(drive, ids)
    assert tagged(drive, "archive_folder") == []
    code, out, err = cas("archive", "--today", "2028-01-10", "--force", "--reason",
                         "the school closes its DP")
    assert code == 0, err + out
    assert root_properties(drive, ids)["casArchived"] == "2028-01-10"
    assert "forced: the school closes its DP" in out


def test_archiving_exports_the_sheet_and_the_records_and_makes_access_read_only(
        cohort, cas, drive_as, sheets_as, forms_as):
    master, ids = cohort
    drive = drive_as(COORDINATOR)
    make_record(drive, ids["DS1001"], "DS1001", "Zoë completed CAS with distinction.")
    make_record(drive, ids["DS1002"], "DS1002", "José's record.")
    assert role_of(drive, ids["DS1001"], STUDENT) == "writer"
    assert role_of(drive, master, ADVISOR) == "writer"

    code, out, err = cas("archive", "--today", AFTER_END)
    assert code == 0, err + out
    assert root_properties(drive, ids)["casArchived"] == AFTER_END
    [folder] = tagged(drive, "archive_folder")
    files = {f["name"]: f for f in children(drive, folder["id"])}
    [xlsx] = [f for name, f in files.items() if name.endswith(".xlsx")]
    book = openpyxl.load_workbook(io.BytesIO(drive.files().get_media(fileId=xlsx["id"]).execute()))
    students = book["Students"]
    assert students["A1"].value == "Student ID"
    column = [cell.value for cell in students["A"]][1:]
    assert "DS1001" in column and len([v for v in column if v]) == 60
    pdfs = sorted(name for name in files if name.endswith(".pdf"))
    assert "José Alvarado (DS1002) - CAS record.pdf" in pdfs
    assert "Zoë Abernathy (DS1001) - CAS record.pdf" in pdfs
    assert len(pdfs) == 60   # the records missing are made now
    zoe = files["Zoë Abernathy (DS1001) - CAS record.pdf"]
    assert "with distinction" in pdf_text(drive.files().get_media(fileId=zoe["id"]).execute())
    assert "No \"My CAS record\" Doc" not in err

    assert role_of(drive, ids["DS1001"], STUDENT) == "reader"
    assert role_of(drive, ids[ADVISOR], ADVISOR) == "reader"
    assert role_of(drive, master, ADVISOR) == "reader"
    assert role_of(drive, master, COORDINATOR) == "owner"
    form = forms_as(COORDINATOR).forms().get(formId=ids["reflection"]).execute()
    assert not form["publishSettings"]["publishState"].get("isAcceptingResponses")
    settings = {r[0]: r[1] for r in sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Settings!A2:B").execute()["values"] if len(r) > 1}
    assert settings["archived_on"] == AFTER_END
    [line] = [l for l in sync_log(sheets_as(COORDINATOR), master) if l["Trigger"] == "archive"]
    assert "read-only: Zoë Abernathy (DS1001) on their folder" in line["What was done"]
    assert "exported the master Sheet as .xlsx" in line["What was done"]

    everything = {f["id"] for f in drive.files().list(pageSize=1000, fields="files(id)")
                  .execute()["files"]}
    code, out, err = cas("archive", "--today", AFTER_END)       # again: nothing new
    assert code == 0 and "nothing changed" in out
    assert {f["id"] for f in drive.files().list(pageSize=1000, fields="files(id)")
            .execute()["files"]} == everything
    assert len([l for l in sync_log(sheets_as(COORDINATOR), master)
                if l["Trigger"] == "archive"]) == 1


def test_an_archived_cohort_is_no_longer_synced_nor_provisioned(cohort, cas, service,  # noqa: F811
                                                                 emulator, sheets_as):
    master, ids = cohort
    assert cas("archive", "--today", AFTER_END)[0] == 0
    lines = len(sync_log(sheets_as(COORDINATOR), master))
    cron = service.get("/tasks/sync", headers=CRON_HEADERS).json()
    assert cron["enqueued"] == [] and cron["skipped"] == {"2026-2028": "archived"}
    task = service.post("/tasks/sync/2026-2028", json={"trigger": "push"},
                        headers={"X-AppEngine-QueueName": "sync",
                                 "X-CAS-Local-Task-Secret": SECRET})
    assert task.status_code == 200 and task.json()["outcome"] == "archived"
    code, _, err = cas("sync", "--today", AFTER_END)
    assert code == 2 and "archived on" in err
    code, _, err = cas("provision")
    assert code == 2 and "archived on" in err
    code, out, _ = cas("cohorts", "--today", AFTER_END)
    assert "2026-2028: archived" in out
    assert len(sync_log(sheets_as(COORDINATOR), master)) == lines    # nothing ran


def test_an_archive_stopped_half_way_is_finished_by_the_next_run(cohort, cas, drive_as,
                                                                 monkeypatch):
    master, ids = cohort
    drive = drive_as(COORDINATOR)
    make_record(drive, ids["DS1001"], "DS1001", "Zoë's record.")
    config = Config.from_env()
    workspace = Workspace.from_config(config)

    class Stopped(Exception):
        pass

    def stop_at_the_export(method):
        if method == "drive.files.export":
            raise Stopped()                          # the process dies here
    workspace.counter.watch(stop_at_the_export)
    with pytest.raises(Stopped):
        archive(workspace, config, load_templates(), today=__import__("datetime").date(2028, 4, 2))
    assert root_properties(drive, ids)["casArchived"] == AFTER_END   # syncs stopped already
    assert role_of(drive, ids["DS1001"], STUDENT) == "writer"        # not yet read-only

    code, out, err = cas("archive", "--today", AFTER_END)
    assert code == 0, err + out
    [folder] = tagged(drive, "archive_folder")
    names = [f["name"] for f in children(drive, folder["id"])]
    assert "Master Sheet 2026-2028 (archived 2028-04-02).xlsx" in names
    assert "Zoë Abernathy (DS1001) - CAS record.pdf" in names
    assert len(names) == len(set(names)) == 61   # each once
    assert role_of(drive, ids["DS1001"], STUDENT) == "reader"
