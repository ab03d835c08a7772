"""A cohort in a shared drive, through the real clients against the emulator: the
coordinator makes a shared drive (as they would in Drive), `cas setup
--shared-drive` puts the cohort at its top, and roster import and provisioning find
it there by themselves. Students and advisors are not members of the drive: each
reaches only what their folder's own permission gives them.

Google facts relied on (Drive v3): an app must pass supportsAllDrives=true or a
shared drive's items answer 404; a listing finds them only with
includeItemsFromAllDrives and corpora drive (with driveId) or allDrives; the File
`permissions` field is not populated for them ("Not populated for items in shared
drives"), so permissions.list reads them; sharing a folder inside gives access
below it to people who are not members."""

from __future__ import annotations

import csv
import io
import pathlib

import pytest
import requests
from googleapiclient.errors import HttpError

from _drive import by_tag

COORDINATOR = "coordinator@demo-school.example"
COLLEAGUE = "amara.okafor@demo-school.example"   # an advisor of the sample school
ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "demo" / "sample_roster.csv"
COHORT_QUERY = "appProperties has { key='casCohort' and value='2026-2028' } and trashed = false"
WRITES = ("create", "update", "delete", "batchUpdate", "batchUpdateByDataFilter", "append")


def sample_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def writes(emulator) -> dict:
    return {m: n for m, n in calls(emulator).items() if m.rsplit(".", 1)[-1] in WRITES}


def since(before: dict, after: dict) -> dict:
    return {m: n - before.get(m, 0) for m, n in after.items() if n != before.get(m, 0)}


def new_shared_drive(drive_as, who: str = COORDINATOR, name: str = "CAS") -> str:
    """A shared drive made by ``who`` (its organizer), as in Drive's "New shared drive"."""
    return drive_as(who).drives().create(requestId=f"cas-{who}-{name}", body={"name": name},
                                         fields="id").execute()["id"]


def in_drive(drive_as, drive_id: str, query: str = COHORT_QUERY) -> list[dict]:
    return drive_as(COORDINATOR).files().list(
        q=query, corpora="drive", driveId=drive_id, includeItemsFromAllDrives=True,
        supportsAllDrives=True, pageSize=1000,
        fields="files(id,name,mimeType,parents,appProperties,driveId,webViewLink)"
    ).execute()["files"]


def can_open(drive_as, who: str, file_id: str) -> bool:
    # supportsAllDrives, or Drive answers 404 to anyone for a shared drive's item.
    try:
        drive_as(who).files().get(fileId=file_id, fields="id", supportsAllDrives=True).execute()
        return True
    except HttpError as err:
        assert err.resp.status == 404  # Drive hides what you may not see
        return False


def settings_tab(sheets_as, spreadsheet_id) -> dict:
    rows = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=spreadsheet_id, range="Settings!A2:B").execute()["values"]
    return {row[0]: (row[1] if len(row) > 1 else "") for row in rows}


@pytest.fixture
def shared_drive(school, drive_as):
    return new_shared_drive(drive_as)


@pytest.fixture
def cohort(shared_drive, school, cas):
    """Set up in the shared drive (with the CAS course) and the sample roster
    imported: 60 students, 6 advisors. The drive's ID."""
    code, out, err = cas("setup", "--shared-drive", shared_drive, "--classroom-course", school)
    assert code == 0, err
    code, _, err = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0, err
    return shared_drive


def student_folders(drive_as, drive_id: str) -> dict[str, dict]:
    return {f["appProperties"]["casId"]: f for f in in_drive(
        drive_as, drive_id, COHORT_QUERY + " and appProperties has "
                                           "{ key='casKind' and value='student' }")}


# -- setup -----------------------------------------------------------------------------
def test_setup_makes_the_cohort_at_the_top_of_the_shared_drive_and_records_the_drive(
        shared_drive, cas, drive_as, sheets_as, forms_as):
    code, out, err = cas("setup", "--shared-drive", shared_drive)
    assert code == 0, err
    assert f"In the shared drive CAS ({shared_drive})." in out
    files = by_tag(in_drive(drive_as, shared_drive))
    assert len(files) == 7 and all(f["driveId"] == shared_drive for f in files.values())
    root = files[("root", "root")]
    assert root["name"] == "CAS 2026-2028" and root["parents"] == [shared_drive]
    assert files[("advisors", "advisors")]["parents"] == [root["id"]]
    assert all(f["appProperties"]["casState"] == "ready" for f in files.values())
    sheet = files[("master_sheet", "master_sheet")]
    settings = settings_tab(sheets_as, sheet["id"])
    assert settings["shared_drive_id"] == shared_drive
    assert settings["root_folder_id"] == root["id"]
    # The forms were made in the drive, built and published: none is left in My Drive.
    mine = drive_as(COORDINATOR).files().list(
        q="mimeType = 'application/vnd.google-apps.form'", fields="files(id)").execute()
    assert mine["files"] == []
    for key in ("experience_proposal", "reflection", "supervisor_statement", "interview_record"):
        form = forms_as(COORDINATOR).forms().get(formId=files[("form", key)]["id"]).execute()
        assert form["publishSettings"]["publishState"]["isPublished"] is True
        assert len(form["items"]) > 2
        assert form["info"]["documentTitle"] == f"CAS 2026-2028 — {form['info']['title']}"
        assert settings[f"{key}_form_link"] == form["responderUri"]


def test_setup_twice_makes_nothing_twice_and_finds_the_cohort_without_being_told_the_drive(
        shared_drive, cas, emulator, drive_as):
    assert cas("setup", "--shared-drive", shared_drive)[0] == 0
    for again in (("setup", "--shared-drive", shared_drive), ("setup",)):
        before = calls(emulator)
        code, out, err = cas(*again)
        assert code == 0, err
        assert "Everything already existed: nothing was made." in out
        made = since(before, calls(emulator))
        expected = {"drive.files.list": 1, "sheets.spreadsheets.values.batchGet": 1}
        if "--shared-drive" in again:
            expected["drive.drives.get"] = 1   # the drive is checked again
        assert made == expected
    assert len(by_tag(in_drive(drive_as, shared_drive))) == 7


def test_a_cohort_in_my_drive_stays_there_when_setup_is_given_a_shared_drive(
        shared_drive, cas, emulator, drive_as):
    assert cas("setup")[0] == 0
    code, _, err = cas("setup", "--shared-drive", shared_drive)
    assert code == 2 and "already has its folder in your My Drive" in err
    assert in_drive(drive_as, shared_drive) == []


def test_a_drive_the_coordinator_is_not_a_member_of_is_refused_before_anything_is_made(
        school, cas, emulator, drive_as):
    theirs = new_shared_drive(drive_as, COLLEAGUE, "Amara's")
    code, _, err = cas("setup", "--shared-drive", theirs)
    assert code == 2 and "is not a member of a shared drive" in err
    assert "drive.files.create" not in calls(emulator)


def test_a_contributor_may_not_share_folders_so_setup_refuses(school, cas, emulator, drive_as):
    # ref-roles: in a shared drive a writer (Contributor) shares files, not folders.
    theirs = new_shared_drive(drive_as, COLLEAGUE, "Amara's")
    drive_as(COLLEAGUE).permissions().create(
        fileId=theirs, supportsAllDrives=True, sendNotificationEmail=False,
        body={"type": "user", "role": "writer", "emailAddress": COORDINATOR}).execute()
    code, _, err = cas("setup", "--shared-drive", theirs)
    assert code == 2 and "must be a Manager of the shared drive" in err
    assert "drive.files.create" not in calls(emulator)


def test_a_drive_open_to_members_only_is_refused_since_students_are_not_members(
        shared_drive, cas, emulator, drive_as):
    drive_as(COORDINATOR).drives().update(
        driveId=shared_drive, body={"restrictions": {"driveMembersOnly": True}}).execute()
    code, _, err = cas("setup", "--shared-drive", shared_drive)
    assert code == 2 and "access to its members only" in err
    assert "drive.files.create" not in calls(emulator)


# -- provisioning --------------------------------------------------------------------------
def test_each_student_folder_is_made_in_the_drive_under_their_advisors_folder(
        provisioned, cohort, drive_as):
    folders = student_folders(drive_as, cohort)
    advisors = {f["appProperties"]["casId"]: f for f in in_drive(
        drive_as, cohort, COHORT_QUERY + " and appProperties has "
                                         "{ key='casKind' and value='advisor' }")}
    rows = sample_rows()
    assert sorted(folders) == sorted(r["Student ID"] for r in rows) and len(advisors) == 6
    for row in rows:
        assert folders[row["Student ID"]]["parents"] == [advisors[row["Advisor email"]]["id"]]
    assert "student folders shared: 60" in provisioned and "60 students provisioned" in provisioned


def test_a_student_who_is_not_a_member_opens_their_own_folder_and_not_another(
        provisioned, cohort, drive_as):
    folders = student_folders(drive_as, cohort)
    me, other = sample_rows()[0], sample_rows()[1]
    assert drive_as(me["Email"]).drives().list().execute().get("drives", []) == []
    mine, theirs = folders[me["Student ID"]], folders[other["Student ID"]]
    assert can_open(drive_as, me["Email"], mine["id"])
    assert not can_open(drive_as, me["Email"], theirs["id"])
    evidence = drive_as(me["Email"]).files().create(
        body={"name": "rehearsal.jpg", "parents": [mine["id"]]}, supportsAllDrives=True,
        fields="id,driveId").execute()
    assert evidence["driveId"] == cohort      # the evidence is the school's, in the drive
    assert can_open(drive_as, me["Advisor email"], evidence["id"])
    assert not can_open(drive_as, other["Email"], evidence["id"])


def test_an_advisor_sees_exactly_their_advisees_folders(provisioned, cohort, drive_as):
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    mine = {r["Student ID"] for r in rows if r["Advisor email"] == advisor}
    visible = {sid for sid, f in student_folders(drive_as, cohort).items()
               if can_open(drive_as, advisor, f["id"])}
    assert visible == mine and 0 < len(mine) < 60


def test_the_first_provision_reads_no_permission_and_the_second_writes_nothing(
        cohort, cas, emulator):
    before = calls(emulator)
    assert cas("provision")[0] == 0
    first = since(before, calls(emulator))
    # Every folder was made by this run: what it shared it knows without asking Drive.
    # Only the master Sheet, made by setup, has its permissions read, to share it with
    # the 6 advisors.
    assert first["drive.permissions.list"] == 1
    assert first["drive.permissions.create"] == 66 + 6
    written = writes(emulator)
    before = calls(emulator)
    code, out, err = cas("provision")
    assert code == 0, err
    assert writes(emulator) == written
    assert "every folder was already there" in out
    second = since(before, calls(emulator))
    # The listing carries no permissions in a shared drive: one read per folder
    # the plan looks at (60 students, 6 advisors) and the master Sheet, in one batch.
    assert second["drive.permissions.list"] == 67
    assert second["drive.files.list"] == 1


def test_roster_changes_move_a_folder_provision_a_newcomer_and_shut_out_a_leaver(
        provisioned, cohort, cas, drive_as, tmp_path):
    rows = sample_rows()
    moved, leaver = rows[0], rows[1]
    old_advisor, new_advisor = moved["Advisor email"], "henrik.lindqvist@demo-school.example"
    moved["Advisor email"] = new_advisor
    roster = [r for r in rows if r is not leaver]
    path = tmp_path / "roster.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(roster)
    assert cas("roster", "import", "--csv", path)[0] == 0
    code, out, err = cas("provision")
    assert code == 0, err
    assert "folders moved to a new advisor: 1" in out
    assert "withdrawn students' access removed: 1" in out
    folders = student_folders(drive_as, cohort)
    assert can_open(drive_as, new_advisor, folders[moved["Student ID"]]["id"])
    assert not can_open(drive_as, old_advisor, folders[moved["Student ID"]]["id"])
    assert can_open(drive_as, moved["Email"], folders[moved["Student ID"]]["id"])
    assert not can_open(drive_as, leaver["Email"], folders[leaver["Student ID"]]["id"])
    assert can_open(drive_as, leaver["Advisor email"], folders[leaver["Student ID"]]["id"])


def test_the_sync_keeps_each_students_record_in_their_folder_in_the_drive_read_only_to_them(
        provisioned, cohort, cas, drive_as):
    code, out, err = cas("sync", "--today", "2026-11-20")
    assert code == 0, err
    assert "Student records written: 60" in out and "problem" not in err
    records = {f["appProperties"]["casId"]: f for f in in_drive(
        drive_as, cohort, "appProperties has { key='casKind' and value='studentRecord' }")}
    folders = student_folders(drive_as, cohort)
    me = sample_rows()[0]
    record = records[me["Student ID"]]
    assert record["parents"] == [folders[me["Student ID"]]["id"]] and record["driveId"] == cohort
    with pytest.raises(HttpError) as caught:
        drive_as(me["Email"]).files().update(
            fileId=record["id"], supportsAllDrives=True,
            body={"contentRestrictions": [{"readOnly": False}]}).execute()
    assert caught.value.resp.status == 403
    code, out, err = cas("sync", "--today", "2026-11-20")
    assert code == 0 and "Student records written" not in out


def test_a_content_manager_coordinator_is_told_once_that_records_cannot_be_locked(
        school, cas, drive_as):
    """Only a Manager may set a restriction only owners lift in a shared drive: with a
    Content manager as coordinator, no record is left unlocked and the sync says why."""
    theirs = new_shared_drive(drive_as, COLLEAGUE, "Content")
    drive_as(COLLEAGUE).permissions().create(
        fileId=theirs, supportsAllDrives=True, sendNotificationEmail=False,
        body={"type": "user", "role": "fileOrganizer", "emailAddress": COORDINATOR}).execute()
    for args in (("setup", "--shared-drive", theirs, "--classroom-course", school),
                 ("roster", "import", "--csv", SAMPLE), ("provision",)):
        code, out, err = cas(*args)
        assert code == 0, err + out
    code, out, err = cas("sync", "--today", "2026-11-20")
    assert code == 0, err
    assert err.count("Student records cannot be made read-only") == 1
    assert "must be a Manager" in err
    # The one record made before Drive refused to lock it is in the trash, not
    # left in the student's folder for them to change.
    assert in_drive(drive_as, theirs, "appProperties has { key='casKind' and "
                                      "value='studentRecord' } and trashed = false") == []
