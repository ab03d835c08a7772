"""`cas provision` against the emulator through the real clients: each student's
folder under their advisor's, shared with the student alone, the links in their
row, one welcome announcement; access as each role sees it; re-runs, interrupted
runs, runs at the same time and roster changes."""

from __future__ import annotations

import csv
import datetime
import io
import pathlib
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from googleapiclient.errors import HttpError

from service.config import Config
from service.provision import provision
from service.templates import load_templates
from service.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "demo" / "sample_roster.csv"
FOLDER = "application/vnd.google-apps.folder"
WRITES = ("create", "update", "delete", "batchUpdate", "batchUpdateByDataFilter", "append")


def sample_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))


def roster_file(path: pathlib.Path, rows: list[dict]) -> pathlib.Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def cohort(school, cas):
    """Setup (with the CAS course in Settings) and the sample roster imported:
    60 students, 6 advisors. The course ID."""
    code, _, err = cas("setup", "--classroom-course", school)
    assert code == 0, err
    code, _, err = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0, err
    return school


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def write_calls(emulator) -> dict:
    return {m: n for m, n in calls(emulator).items() if m.rsplit(".", 1)[-1] in WRITES}


def student_folders(drive, include_trashed=False) -> dict[str, list[dict]]:
    """The coordinator's student folders by student ID (a list: duplicates would show)."""
    query = "appProperties has { key='casKind' and value='student' }"
    if not include_trashed:
        query += " and trashed = false"
    found: dict[str, list[dict]] = {}
    for f in drive.files().list(q=query, pageSize=1000, fields=(
            "files(id,name,parents,appProperties,webViewLink)")).execute()["files"]:
        found.setdefault(f["appProperties"]["casId"], []).append(f)
    return found


def students_tab(sheets, master) -> dict[str, dict]:
    """Each row of the Students tab by student ID, cells by header."""
    values = sheets.spreadsheets().values().get(
        spreadsheetId=master, range="Students", valueRenderOption="FORMATTED_VALUE"
    ).execute()["values"]
    header = values[0]
    return {row[0]: dict(zip(header, row)) for row in values[1:] if row}


@pytest.fixture
def master(cohort, drive_as):
    return drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casKind' and value='master_sheet' }",
        fields="files(id)").execute()["files"][0]["id"]


def welcomes(classroom, course_id) -> list[dict]:
    """The course's welcome announcements (the sample course has others)."""
    stream = classroom.courses().announcements().list(courseId=course_id).execute()
    return [a for a in stream.get("announcements", [])
            if a["text"].startswith("Welcome to CAS (2026-2028)")]


def can_open(drive_as, who: str, file_id: str) -> bool:
    try:
        drive_as(who).files().get(fileId=file_id, fields="id").execute()
        return True
    except HttpError as err:
        assert err.resp.status == 404  # Drive hides what you may not see
        return False


# -- the first run ---------------------------------------------------------------
def test_each_student_gets_a_folder_named_after_them_in_their_advisors_folder(
        provisioned, drive_as):
    drive = drive_as(COORDINATOR)
    folders = student_folders(drive)
    rows = sample_rows()
    assert sorted(folders) == sorted(r["Student ID"] for r in rows)
    assert all(len(found) == 1 for found in folders.values())
    advisors = {f["appProperties"]["casId"]: f for f in drive.files().list(
        q="appProperties has { key='casKind' and value='advisor' }",
        fields="files(id,name,appProperties)").execute()["files"]}
    assert len(advisors) == 6
    assert advisors["amara.okafor@demo-school.example"]["name"] == "Amara Okafor"  # from Classroom
    for row in rows:
        [folder] = folders[row["Student ID"]]
        assert folder["name"] == f"{row['First name']} {row['Last name']} ({row['Student ID']})"
        assert folder["parents"] == [advisors[row["Advisor email"]]["id"]]
    assert "student folders made: 60" in provisioned and "student folders shared: 60" in provisioned


def test_no_google_sharing_email_is_sent(provisioned, emulator):
    # permissions.create with sendNotificationEmail=false: the service sends its own welcome.
    assert emulator.world.drive.notifications == []


def test_a_student_opens_their_own_folder_and_adds_evidence_but_cannot_see_another_students(
        provisioned, drive_as):
    folders = student_folders(drive_as(COORDINATOR))
    me, other = sample_rows()[0], sample_rows()[1]
    mine, theirs = folders[me["Student ID"]][0], folders[other["Student ID"]][0]
    assert can_open(drive_as, me["Email"], mine["id"])
    assert not can_open(drive_as, me["Email"], theirs["id"])
    evidence = drive_as(me["Email"]).files().create(body={
        "name": "first rehearsal.jpg", "parents": [mine["id"]]}, fields="id").execute()
    assert can_open(drive_as, me["Advisor email"], evidence["id"])  # the advisor sees it
    assert not can_open(drive_as, other["Email"], evidence["id"])


def test_an_advisor_sees_exactly_their_advisees_folders(provisioned, drive_as):
    rows = sample_rows()
    advisor = rows[0]["Advisor email"]
    mine = {r["Student ID"] for r in rows if r["Advisor email"] == advisor}
    folders = student_folders(drive_as(COORDINATOR))
    visible = {sid for sid, [folder] in folders.items() if can_open(drive_as, advisor, folder["id"])}
    assert visible == mine and 0 < len(mine) < 60
    # ...and may comment on their work, not delete it.
    [folder] = folders[rows[0]["Student ID"]]
    with pytest.raises(HttpError) as refused:
        drive_as(advisor).files().delete(fileId=folder["id"]).execute()
    assert refused.value.resp.status == 403


def test_an_advisor_opens_the_master_sheet_and_decides_but_cannot_change_a_status(
        provisioned, master, sheets_as):
    advisor = sample_rows()[0]["Advisor email"]
    sheets = sheets_as(advisor).spreadsheets()
    header = sheets.values().get(spreadsheetId=master, range="Experiences!1:1").execute()
    decision = chr(65 + header["values"][0].index("Decision"))
    sheets.values().update(spreadsheetId=master, range=f"Experiences!{decision}2",
                           valueInputOption="RAW", body={"values": [["Approved"]]}).execute()
    with pytest.raises(HttpError) as refused:     # Status is the service's, protected
        sheets.values().update(spreadsheetId=master, range="Students!F2", valueInputOption="RAW",
                               body={"values": [["Complete"]]}).execute()
    assert refused.value.resp.status == 400       # as Sheets refuses a protected cell


def test_each_row_has_the_folder_link_the_form_links_and_the_date(
        provisioned, master, sheets_as, drive_as, emulator):
    rows = students_tab(sheets_as(COORDINATOR), master)
    folders = student_folders(drive_as(COORDINATOR))
    settings = dict(v[:2] for v in sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Settings!A2:B").execute()["values"] if len(v) > 1)
    today = datetime.date.today().isoformat()
    for sid, row in rows.items():
        assert row["Folder"] == folders[sid][0]["webViewLink"]
        assert row["Propose an experience"] == settings["experience_proposal_form_link"]
        assert row["Write a reflection"] == settings["reflection_form_link"]
        assert row["Provisioned"] == today
        link = urlsplit(row["Record an interview"])
        assert row["Record an interview"].startswith(settings["interview_record_form_link"])
        # The interview form's first question (40000001 in hex) carries the student.
        assert parse_qs(link.query)[f"entry.{int('40000001', 16)}"] == [sid]
    # The folder link opens the emulator's Drive page.
    assert rows["DS1001"]["Folder"].startswith(emulator.url + "/")


def test_each_advisor_has_a_filter_view_of_their_students(provisioned, master, sheets_as):
    got = sheets_as(COORDINATOR).spreadsheets().get(
        spreadsheetId=master, fields="sheets(properties(title),filterViews)").execute()
    students = next(s for s in got["sheets"] if s["properties"]["title"] == "Students")
    titles = [v["title"] for v in students["filterViews"]]
    assert "Students: Amara Okafor <amara.okafor@demo-school.example>" in titles
    assert len(titles) == 6


def test_one_welcome_announcement_with_the_form_links(provisioned, cohort, classroom_as):
    first = sample_rows()[0]["Email"]
    [welcome] = welcomes(classroom_as(first), cohort)
    assert "Welcome to CAS" in welcome["text"] and "Shared with me" in welcome["text"]
    assert {m["link"]["title"] for m in welcome["materials"]} == {
        "Propose a CAS experience", "Write a CAS reflection"}


# -- running it again ----------------------------------------------------------------
def test_a_second_run_finds_everything_and_writes_nothing(provisioned, cas, emulator, cohort,
                                                          classroom_as):
    before = write_calls(emulator)
    code, out, err = cas("provision")
    assert code == 0, err
    assert write_calls(emulator) == before
    assert "every folder was already there" in out and "welcome announcement: found" in out
    assert len(welcomes(classroom_as(COORDINATOR), cohort)) == 1


def test_a_dry_run_prints_the_plan_and_its_calls_and_changes_nothing(cohort, cas, emulator):
    before = write_calls(emulator)
    code, out, err = cas("provision", "--dry-run")
    assert code == 0, err
    assert write_calls(emulator) == before
    assert "make advisor folder(s): 6 (Amara Okafor <amara.okafor@demo-school.example>" in out
    assert "make student folder(s): 60" in out
    assert "share folder(s), without Google's sharing email: 66" in out
    assert "let advisor(s) edit the master Sheet (its service columns stay protected): 6" in out
    assert "drive.files.create  66" in out and "drive.permissions.create  72" in out
    assert "classroom.courses.announcements.create  1" in out


def workspace() -> Workspace:
    return Workspace.from_config(Config.from_env())


class Stop(Exception):
    """The process was killed here."""


@pytest.mark.parametrize("killed_at, after", [
    ("drive.files.create", 30),           # half the student folders made
    ("drive.permissions.create", 10),     # folders made, some shared
    ("sheets.spreadsheets.batchUpdate", 0),  # Drive done, Sheet not
    ("classroom.courses.announcements.create", 0),
    ("classroom.courses.announcements.list", 0),  # the welcome posted, not yet recorded
])
def test_a_run_killed_at_any_point_is_finished_by_the_next_with_nothing_twice(
        cohort, cas, drive_as, sheets_as, master, classroom_as, killed_at, after):
    stopped = workspace()
    seen = {"n": 0}

    def kill(method):
        if method == killed_at:
            seen["n"] += 1
            if seen["n"] > after:
                raise Stop(method)
    stopped.counter.watch(kill)
    with pytest.raises(Stop):
        provision(stopped, Config.from_env(), load_templates(), today=datetime.date.today())
    posted_before = len(welcomes(classroom_as(COORDINATOR), cohort))
    code, out, err = cas("provision")
    assert code == 0, err
    if posted_before:   # the next run found the welcome: it posted none (no second ping)
        assert "classroom.courses.announcements.create" not in out
    folders = student_folders(drive_as(COORDINATOR), include_trashed=True)
    assert len(folders) == 60 and all(len(found) == 1 for found in folders.values())
    for sid, [folder] in folders.items():
        permissions = drive_as(COORDINATOR).permissions().list(
            fileId=folder["id"], fields="permissions(emailAddress,role)").execute()["permissions"]
        emails = [p.get("emailAddress") for p in permissions]
        assert len(emails) == len(set(emails)), emails
    rows = students_tab(sheets_as(COORDINATOR), master)
    assert all(row["Folder"] for row in rows.values()) and len(rows) == 60
    assert len(welcomes(classroom_as(COORDINATOR), cohort)) == 1


def test_two_runs_at_the_same_time_leave_one_folder_per_student_and_one_announcement(
        cohort, drive_as, classroom_as, sheets_as, master):
    errors = []

    def run():
        try:
            provision(workspace(), Config.from_env(), load_templates(),
                      today=datetime.date.today())
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    folders = student_folders(drive_as(COORDINATOR))
    assert len(folders) == 60 and all(len(found) == 1 for found in folders.values())
    first = sample_rows()[0]
    assert can_open(drive_as, first["Email"], folders[first["Student ID"]][0]["id"])
    rows = students_tab(sheets_as(COORDINATOR), master)
    assert {sid: row["Folder"] for sid, row in rows.items()} == {
        sid: found[0]["webViewLink"] for sid, found in folders.items()}
    assert len(welcomes(classroom_as(COORDINATOR), cohort)) == 1


# -- the roster changes --------------------------------------------------------------
def test_roster_changes_move_a_folder_provision_a_newcomer_and_shut_out_a_leaver(
        provisioned, cas, drive_as, sheets_as, master, tmp_path):
    rows = sample_rows()
    moved, leaver = rows[0], rows[1]
    old_advisor, new_advisor = moved["Advisor email"], "henrik.lindqvist@demo-school.example"
    assert old_advisor != new_advisor
    moved["Advisor email"] = new_advisor
    newcomer = dict(rows[2], **{"Student ID": "DS9999", "First name": "Nadia",
                                "Last name": "Haddad", "Email": "nadia.haddad@demo-school.example"})
    roster = [r for r in rows if r is not leaver] + [newcomer]
    assert cas("roster", "import", "--csv", roster_file(tmp_path / "r.csv", roster))[0] == 0
    code, out, err = cas("provision")
    assert code == 0, err
    assert "folders moved to a new advisor: 1" in out
    assert "withdrawn students' access removed: 1" in out
    folders = student_folders(drive_as(COORDINATOR))
    [moved_folder] = folders[moved["Student ID"]]
    assert can_open(drive_as, new_advisor, moved_folder["id"])
    assert not can_open(drive_as, old_advisor, moved_folder["id"])
    assert can_open(drive_as, moved["Email"], moved_folder["id"])
    [leaver_folder] = folders[leaver["Student ID"]]       # kept, not trashed
    assert not can_open(drive_as, leaver["Email"], leaver_folder["id"])
    assert can_open(drive_as, leaver["Advisor email"], leaver_folder["id"])
    assert can_open(drive_as, "nadia.haddad@demo-school.example", folders["DS9999"][0]["id"])
    tab = students_tab(sheets_as(COORDINATOR), master)
    assert tab[leaver["Student ID"]]["Roster"] == "Withdrawn"
    assert tab[leaver["Student ID"]]["Folder"] == leaver_folder["webViewLink"]  # row kept
    assert tab["DS9999"]["Folder"] == folders["DS9999"][0]["webViewLink"]


def test_a_student_without_an_advisor_is_named_and_waits(cohort, cas, sheets_as, master):
    sheets_as(COORDINATOR).spreadsheets().values().update(
        spreadsheetId=master, range="Students!D2", valueInputOption="RAW",
        body={"values": [[""]]}).execute()
    waiting = students_tab(sheets_as(COORDINATOR), master)
    sid = next(s for s, row in waiting.items() if not row.get("Advisor"))
    code, out, err = cas("provision")
    assert code == 0, err
    assert f"needs an advisor first (not provisioned): " in out and f"({sid})" in out
    assert "59 students provisioned" in out
    assert not students_tab(sheets_as(COORDINATOR), master)[sid].get("Folder")


@pytest.mark.parametrize("moves_metadata", [True, False],
                         ids=["sort-moves-metadata", "sort-leaves-metadata"])
def test_links_land_on_the_right_rows_when_the_tab_is_sorted_during_the_run(
        cohort, sheets_as, master, drive_as, emulator, moves_metadata):
    emulator.world.behaviour["sortMovesMetadata"] = moves_metadata
    stopped, sorted_ = workspace(), []

    def sort_before_the_write(method):
        if method == "sheets.spreadsheets.batchUpdate" and not sorted_:
            sorted_.append(method)
            sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={
                "requests": [{"sortRange": {
                    "range": {"sheetId": 100, "startRowIndex": 1, "endRowIndex": 61},
                    "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}]}}]}).execute()
    stopped.counter.watch(sort_before_the_write)
    provision(stopped, Config.from_env(), load_templates(), today=datetime.date.today())
    assert sorted_
    folders = student_folders(drive_as(COORDINATOR))
    rows = students_tab(sheets_as(COORDINATOR), master)
    assert next(iter(rows)) == "DS1060"  # sorted
    assert {sid: row["Folder"] for sid, row in rows.items()} == {
        sid: found[0]["webViewLink"] for sid, found in folders.items()}


def test_the_students_rows_carry_the_tabs_dropdowns_colours_and_protection(
        provisioned, master, sheets_as):
    # Rows inserted AT a range's first row push the range down (Sheets shifts a
    # range whose start is at or after the insertion): the students would be left
    # outside the Status dropdown, the status colours and the protection.
    got = sheets_as(COORDINATOR).spreadsheets().get(
        spreadsheetId=master, ranges=["Students!F2"], includeGridData=True,
        fields="sheets(properties(sheetId),data.rowData.values.dataValidation,"
               "conditionalFormats.ranges,protectedRanges.range)").execute()
    [students] = got["sheets"]
    assert students["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    for rule in students["conditionalFormats"]:
        assert all(r.get("startRowIndex", 0) <= 1 for r in rule["ranges"])
    data_ranges = [p["range"] for p in students["protectedRanges"]
                   if p["range"].get("startRowIndex", 0) > 0]
    assert data_ranges and all(r["startRowIndex"] == 1 and r.get("endRowIndex", 10**6) > 61
                               for r in data_ranges)
