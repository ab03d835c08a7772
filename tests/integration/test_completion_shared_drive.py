"""The completion lock in a cohort kept in a shared drive: there the drive owns every
file, the student's uploads too (Drive: "items in shared drives are owned by the
shared drive"), so once the coordinator confirms Completed the student can neither
add to their folder nor change what they uploaded before; `cas provision` run again
leaves it so, and a change back to Pending gives it back."""

from __future__ import annotations

import csv
import io
import pathlib

import pytest
from googleapiclient.errors import HttpError

COORDINATOR = "coordinator@demo-school.example"
SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"


def role_of(drive_as, folder, email):
    permissions = drive_as(COORDINATOR).permissions().list(
        fileId=folder, supportsAllDrives=True,
        fields="permissions(id,type,role,emailAddress)").execute()["permissions"]
    return next((p["role"] for p in permissions if p.get("emailAddress") == email), None)


def test_a_completed_student_cannot_change_even_their_own_uploads_in_a_shared_drive(
        school, cas, drive_as, tab, set_cell):
    drive_id = drive_as(COORDINATOR).drives().create(
        requestId="cas-completion", body={"name": "CAS"}, fields="id").execute()["id"]
    for args in (("setup", "--classroom-course", school, "--start", "2026-09-01", "--end",
                  "2028-03-31", "--shared-drive", drive_id),
                 ("roster", "import", "--csv", SAMPLE), ("provision",)):
        code, out, err = cas(*args)
        assert code == 0, err + out
    master = drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casKind' and value='master_sheet' }", corpora="drive",
        driveId=drive_id, includeItemsFromAllDrives=True, supportsAllDrives=True,
        fields="files(id)").execute()["files"][0]["id"]
    student = next(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    email, sid = student["Email"], student["Student ID"]
    folder = tab(master, "Students")[sid]["Folder"].split("/folders/")[1].split("?")[0]
    as_student = drive_as(email).files()
    upload = as_student.create(body={"name": "photo.jpg", "parents": [folder]},
                               supportsAllDrives=True, fields="id").execute()["id"]

    set_cell(master, "Students", sid, "IB completion", "Completed")
    code, out, err = cas("sync", "--today", "2028-04-02")
    assert code == 0, err
    assert role_of(drive_as, folder, email) == "reader"
    for attempt in (lambda: as_student.update(fileId=upload, body={"name": "new.jpg"},
                                              supportsAllDrives=True).execute(),
                    lambda: as_student.create(body={"name": "late.jpg", "parents": [folder]},
                                              supportsAllDrives=True).execute()):
        with pytest.raises(HttpError) as refused:
            attempt()
        assert refused.value.resp.status == 403
    assert cas("provision")[0] == 0
    assert role_of(drive_as, folder, email) == "reader"

    set_cell(master, "Students", sid, "IB completion", "Pending")
    assert cas("sync", "--today", "2028-04-03")[0] == 0
    assert role_of(drive_as, folder, email) == "writer"
    as_student.update(fileId=upload, body={"name": "new.jpg"}, supportsAllDrives=True).execute()
