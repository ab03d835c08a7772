"""What `cas sync` reads besides the forms, against the emulator through the real
clients: the CAS Classroom course's announcements become rows of Opportunities;
files a student puts in their Drive folder become their "Evidence files" and
"Last folder activity", recounted only for the folders Drive says changed; the
Dashboard shows the cohort at a glance."""

from __future__ import annotations

import datetime

import pytest
import requests
from googleapiclient.http import MediaInMemoryUpload

COORDINATOR = "coordinator@demo-school.example"
FOLDER = "application/vnd.google-apps.folder"


def sync(cas, day: str = "2026-10-01") -> str:
    code, out, err = cas("sync", "--today", day)
    assert code == 0, err + out
    return out


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def folder_of(tab, master, student) -> str:
    link = tab(master, "Students")[student["Student ID"]]["Folder"]
    return link.rstrip("/").split("/folders/")[1].split("?")[0]


def upload(drive_as, who, parent, name, mime="image/jpeg"):
    return drive_as(who).files().create(
        body={"name": name, "parents": [parent]}, fields="id,modifiedTime",
        media_body=MediaInMemoryUpload(b"evidence", mimetype=mime)).execute()


# -- Opportunities ------------------------------------------------------------------
def test_a_post_in_the_cas_course_becomes_one_opportunity_row_kept_in_step_with_edits(
        cohort, cas, school, classroom_as, tab, set_cell):
    master, _ = cohort
    post = classroom_as(COORDINATOR).courses().announcements().create(courseId=school, body={
        "text": "The food bank needs Saturday volunteers from March.", "state": "PUBLISHED",
        "materials": [{"link": {"url": "https://foodbank.example/volunteer"}}]}).execute()
    assert "New opportunities from Classroom" in sync(cas)
    rows = tab(master, "Opportunities")
    row = rows[post["id"]]
    assert row["Announcement"] == "The food bank needs Saturday volunteers from March."
    assert row["Link"] == "https://foodbank.example/volunteer"
    assert row["Posted by"]                        # the teacher's name
    set_cell(master, "Opportunities", post["id"], "Strands", "Service")
    classroom_as(COORDINATOR).courses().announcements().patch(
        courseId=school, id=post["id"], updateMask="text",
        body={"text": "The food bank needs Saturday volunteers from April."}).execute()
    sync(cas)
    sync(cas)
    rows = tab(master, "Opportunities")
    assert list(rows).count(post["id"]) == 1
    assert rows[post["id"]]["Announcement"].endswith("from April.")
    assert rows[post["id"]]["Strands"] == "Service"   # a person's cell is theirs


def test_the_services_own_welcome_is_not_an_opportunity(cohort, cas, tab):
    master, _ = cohort
    sync(cas)
    settings = {k: v.get("Value", "") for k, v in tab(master, "Settings").items()}
    assert settings["welcome_announcement_id"]
    assert settings["welcome_announcement_id"] not in tab(master, "Opportunities")


# -- Evidence in Drive --------------------------------------------------------------
def test_files_a_student_adds_to_their_folder_and_its_subfolders_are_counted(
        cohort, cas, drive_as, tab, sample_rows):
    master, _ = cohort
    first, second = sample_rows()[0], sample_rows()[1]
    sync(cas)
    assert tab(master, "Students")[first["Student ID"]]["Evidence files"] == "0"
    folder = folder_of(tab, master, first)
    photo = upload(drive_as, first["Email"], folder, "beach.jpg")
    sub = drive_as(first["Email"]).files().create(
        body={"name": "Choir", "mimeType": FOLDER, "parents": [folder]}, fields="id").execute()
    upload(drive_as, first["Email"], sub["id"], "concert.pdf", "application/pdf")
    out = sync(cas)
    assert "Evidence recounted in 1 student folder(s)" in out
    students = tab(master, "Students")
    assert students[first["Student ID"]]["Evidence files"] == "2"   # the subfolder is not a file
    assert students[first["Student ID"]]["Last folder activity"] == photo["modifiedTime"][:10]
    assert students[second["Student ID"]]["Evidence files"] == "0"
    drive_as(first["Email"]).files().update(fileId=photo["id"], body={"trashed": True}).execute()
    sync(cas)
    assert tab(master, "Students")[first["Student ID"]]["Evidence files"] == "1"


def test_a_sync_with_no_change_in_drive_lists_no_folder(cohort, cas, emulator):
    sync(cas)
    before = calls(emulator)
    sync(cas)
    after = calls(emulator)
    assert after.get("drive.changes.list", 0) - before.get("drive.changes.list", 0) == 1
    # One listing finds the master Sheet, one the students' records; none counts a
    # folder again.
    assert after["drive.files.list"] - before["drive.files.list"] == 2


def test_the_first_sync_counts_every_folder_in_a_few_listings(cohort, cas, emulator):
    before = calls(emulator)
    sync(cas)
    listings = calls(emulator)["drive.files.list"] - before.get("drive.files.list", 0)
    assert listings <= 1 + 2 + 1    # the Sheet; 60 folders, 40 to a query; the records


# -- The Dashboard ------------------------------------------------------------------
def test_the_dashboard_counts_each_advisors_students_by_status_and_shows_outcomes_and_months(
        cohort, cas, emulator, sheets_as, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    proposal = emulator.world.forms.submit_response(ids["experience_proposal"], student["Email"], {
        "10000001": "Choir", "10000002": ["Creativity"], "10000003": "Weekly",
        "10000004": "2026-09-05", "10000005": "2027-06-01", "10000006": "No",
        "10000008": ["Strengths and growth"], "10000009": "Local"})
    sync(cas, "2026-12-01")
    grid = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Dashboard").execute()["values"]
    header = grid[0]
    by_advisor = {row[0]: dict(zip(header, row)) for row in grid[1:] if row and "@" in row[0]}
    assert len(by_advisor) == 6
    assert sum(int(r["Students"]) for r in by_advisor.values()) == 60
    total = next(dict(zip(header, row)) for row in grid if row and row[0] == "All")
    assert int(total["Students"]) == 60
    assert sum(int(total[s]) for s in ("Not started", "On track", "At risk", "Complete",
                                       "Incomplete")) == 60
    assert total["Proposals awaiting decision"] == "1"
    assert by_advisor[student["Advisor email"]]["Proposals awaiting decision"] == "1"
    assert int(total["Interviews due"]) == 60        # interview 1's window has opened for all
    outcomes_at = next(i for i, row in enumerate(grid)
                       if row and row[0] == "Outcomes: students with evidence")
    assert [row[0] for row in grid[outcomes_at + 1:outcomes_at + 8]][0] == "Strengths and growth"
    months_at = next(i for i, row in enumerate(grid) if row and row[0] == "Engagement by month")
    months = [row for row in grid[months_at + 1:] if row]
    assert [row[0] for row in months[:4]] == ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
    # Proposals count in the month they were sent (the emulator's clock).
    sent = datetime.date.fromisoformat(proposal["lastSubmittedTime"][:10]).strftime("%b %Y")
    assert {row[0]: row[3] for row in months}[sent] == "1"
    assert sum(int(row[3]) for row in months) == 1
