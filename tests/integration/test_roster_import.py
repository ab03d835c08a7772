"""`cas roster import` against the emulator through the real clients: the roster
checked whole, written to the Students tab in a constant number of Sheets calls,
rows found by student ID after people sorted them, withdrawn students kept."""

from __future__ import annotations

import csv
import io
import pathlib

import pytest
import requests


COORDINATOR = "coordinator@demo-school.example"
ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "demo" / "sample_roster.csv"
ROSTERS = ROOT / "tests" / "fixtures" / "rosters"


@pytest.fixture
def master(school, cas, drive_as):
    """`cas setup` done with the CAS course in Settings (its teachers are the advisors
    a roster may name); the master Sheet's ID."""
    code, _, err = cas("setup", "--classroom-course", school)
    assert code == 0, err
    files = drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casKind' and value='master_sheet' }",
        fields="files(id)").execute()["files"]
    return files[0]["id"]


def calls(emulator) -> dict:
    return requests.get(f"{emulator.url}/emulator/stats").json()["calls"]


def sheet_writes(emulator) -> list[int]:
    """How many calls of each method that writes to a spreadsheet so far."""
    found = calls(emulator)
    return [found.get(m, 0) for m in ("sheets.spreadsheets.batchUpdate",
                                      "sheets.spreadsheets.values.batchUpdate",
                                      "sheets.spreadsheets.values.batchUpdateByDataFilter")]


def students_tab(sheets_as, sheet_id) -> list[list[str]]:
    """What the coordinator sees: Student ID, Name, Email, Advisor, Roster of each row."""
    values = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=sheet_id, range="Students!A2:E").execute().get("values", [])
    return [row + [""] * (5 - len(row)) for row in values]


def sample_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))


def write_csv(path, rows) -> pathlib.Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_sample_roster_writes_its_60_students_in_one_read_and_one_write(
        master, cas, emulator, sheets_as):
    before = calls(emulator)
    code, out, err = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0, err
    after = calls(emulator)
    sheets_calls = {m: after[m] - before.get(m, 0) for m in after
                    if m.startswith("sheets.") and after[m] != before.get(m, 0)}
    assert sheets_calls == {"sheets.spreadsheets.values.batchGetByDataFilter": 1,
                            "sheets.spreadsheets.batchUpdate": 1}
    assert "60 new, 0 unchanged" in out
    rows = students_tab(sheets_as, master)
    assert len(rows) == 60
    first = sample_rows()[0]
    assert rows[0] == [first["Student ID"], f"{first['First name']} {first['Last name']}",
                       first["Email"], first["Advisor email"], "Active"]


def test_a_name_that_looks_like_a_formula_is_written_as_text(master, cas, sheets_as, tmp_path):
    rows = sample_rows()[:1]
    rows[0]["First name"] = "=HYPERLINK(\"http://x\")"
    assert cas("roster", "import", "--csv", write_csv(tmp_path / "r.csv", rows))[0] == 0
    got = sheets_as(COORDINATOR).spreadsheets().values().get(
        spreadsheetId=master, range="Students!B2", valueRenderOption="FORMULA").execute()
    assert got["values"][0][0].startswith("=HYPERLINK")
    cell = sheets_as(COORDINATOR).spreadsheets().get(
        spreadsheetId=master, ranges=["Students!B2"],
        fields="sheets.data.rowData.values.userEnteredValue").execute()
    assert "stringValue" in cell["sheets"][0]["data"][0]["rowData"][0]["values"][0]["userEnteredValue"]


def test_a_roster_with_mistakes_writes_nothing_and_names_each_line_and_field(
        master, cas, emulator, sheets_as):
    before = sheet_writes(emulator)
    code, out, err = cas("roster", "import", "--csv", ROSTERS / "mistakes.csv")
    assert code == 1
    assert "nothing was written" in err
    for expected in ("Line 3, Email", "Line 4, Email", "Line 5, Email", "Line 6, Student ID",
                     "Line 7, Email", "Line 8, Advisor email", "Line 9, Student ID",
                     "Line 10, Name", "Line 11, Advisor email"):
        assert expected in err, expected
    assert "amara.okafor@demo-school.example" in err  # "Did you mean" the known advisor
    assert students_tab(sheets_as, master) == []
    assert sheet_writes(emulator) == before


def test_an_advisor_who_is_not_a_teacher_of_the_cas_course_is_refused(master, cas, tmp_path):
    rows = sample_rows()[:3]
    rows[2]["Advisor email"] = "someone.else@demo-school.example"
    code, _, err = cas("roster", "import", "--csv", write_csv(tmp_path / "r.csv", rows))
    assert code == 1 and "Line 4, Advisor email: 'someone.else@demo-school.example'" in err
    assert cas("roster", "import", "--csv", tmp_path / "r.csv",
               "--advisor", "someone.else@demo-school.example")[0] == 0


def test_importing_the_same_roster_again_changes_nothing(master, cas, emulator, sheets_as):
    assert cas("roster", "import", "--csv", SAMPLE)[0] == 0
    before, tab = sheet_writes(emulator), students_tab(sheets_as, master)
    code, out, _ = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0 and "0 new, 60 unchanged" in out
    assert "Nothing changed in the Students tab." in out
    assert sheet_writes(emulator) == before
    assert students_tab(sheets_as, master) == tab


def test_after_the_tab_is_sorted_by_name_changes_land_on_the_right_rows_and_leavers_are_kept(
        master, cas, sheets_as, tmp_path):
    assert cas("roster", "import", "--csv", SAMPLE)[0] == 0
    sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={"requests": [
        {"sortRange": {"range": {"sheetId": 100, "startRowIndex": 1, "endRowIndex": 61},
                       "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}}]}).execute()
    rows = sample_rows()
    moved, renamed, leaver = rows[0], rows[1], rows[2]
    moved["Advisor email"] = "henrik.lindqvist@demo-school.example"
    renamed["First name"] = "Josefina"
    new = dict(rows[3], **{"Student ID": "DS9999", "First name": "Nadia", "Last name": "Haddad",
                           "Email": "nadia.haddad@demo-school.example"})
    roster = [r for r in rows if r is not leaver] + [new]
    code, out, err = cas("roster", "import", "--csv", write_csv(tmp_path / "r.csv", roster))
    assert code == 0, err
    assert "1 new, 2 changed (1 advisor), 1 no longer in the roster" in out
    assert f"withdrawn (kept): {leaver['First name']} {leaver['Last name']}" in out
    by_id = {row[0]: row for row in students_tab(sheets_as, master)}
    assert len(by_id) == 61
    assert by_id[moved["Student ID"]][3] == "henrik.lindqvist@demo-school.example"
    assert by_id[renamed["Student ID"]][1] == f"Josefina {renamed['Last name']}"
    assert by_id[leaver["Student ID"]][4] == "Withdrawn"
    assert by_id[leaver["Student ID"]][2] == leaver["Email"]      # kept, not deleted
    assert by_id["DS9999"] == ["DS9999", "Nadia Haddad", "nadia.haddad@demo-school.example",
                               new["Advisor email"], "Active"]
    untouched = rows[10]
    assert by_id[untouched["Student ID"]][1:4] == [
        f"{untouched['First name']} {untouched['Last name']}", untouched["Email"],
        untouched["Advisor email"]]


def test_the_classroom_course_gives_its_students_who_then_need_an_advisor(
        master, cas, school, sheets_as, classroom_as):
    code, out, err = cas("roster", "import", "--classroom", school)
    assert code == 0, err
    emails, token = set(), None
    while True:  # every page of the course's students
        page = classroom_as(COORDINATOR).courses().students().list(
            courseId=school, pageToken=token).execute()
        emails |= {s["profile"]["emailAddress"] for s in page["students"]}
        token = page.get("nextPageToken")
        if not token:
            break
    rows = students_tab(sheets_as, master)
    assert {row[2] for row in rows} == emails and len(rows) == len(emails)
    assert all(row[3] == "" and row[4] == "Active" for row in rows)
    assert f"{len(emails)} need an advisor" in out


def test_a_csv_after_classroom_keeps_the_rows_and_fills_in_the_advisors(
        master, cas, school, sheets_as):
    assert cas("roster", "import", "--classroom", school)[0] == 0
    code, out, err = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0, err
    rows = students_tab(sheets_as, master)
    assert len(rows) == 60 and all(row[3] for row in rows)
    assert "0 new" in out


def test_an_import_before_setup_says_to_run_setup(school, cas):
    code, _, err = cas("roster", "import", "--csv", SAMPLE)
    assert code == 2 and "cas setup" in err


def test_exactly_one_source_is_given(school, cas):
    code, _, err = cas("roster", "import")
    assert code == 2 and "exactly one of --csv FILE and --classroom COURSE_ID" in err


def test_a_file_that_is_not_utf8_is_refused_with_its_line_and_how_to_save_it(master, cas, sheets_as):
    code, _, err = cas("roster", "import", "--csv", ROSTERS / "excel_windows1252.csv")
    assert code == 1 and "is not UTF-8 text" in err and "Line " in err
    assert students_tab(sheets_as, master) == []


def test_a_withdrawn_student_listed_again_is_active_again_in_the_same_row(
        master, cas, sheets_as, tmp_path):
    rows = sample_rows()
    assert cas("roster", "import", "--csv", write_csv(tmp_path / "a.csv", rows[1:]))[0] == 0
    assert cas("roster", "import", "--csv", write_csv(tmp_path / "b.csv", rows[2:]))[0] == 0
    withdrawn = {row[0]: row[4] for row in students_tab(sheets_as, master)}
    assert withdrawn[rows[1]["Student ID"]] == "Withdrawn"
    code, out, _ = cas("roster", "import", "--csv", SAMPLE)
    assert code == 0 and "1 new, 1 changed" in out
    tab = students_tab(sheets_as, master)
    assert len(tab) == 60 and all(row[4] == "Active" for row in tab)


@pytest.mark.parametrize("moves_metadata", [True, False],
                         ids=["sort-moves-metadata", "sort-leaves-metadata"])
def test_a_sort_between_the_read_and_the_write_does_not_put_a_change_on_another_row(
        master, cas, sheets_as, emulator, moves_metadata):
    """The changes are written where the rows were read, then checked by Student ID
    and written again where the rows are now, whatever a sort does to row metadata."""
    from service.config import Config
    from service.provision import import_roster
    from service.templates import load_templates
    from service.workspace import Workspace

    assert cas("roster", "import", "--csv", SAMPLE)[0] == 0
    rows = sample_rows()
    rows[0]["Advisor email"] = "henrik.lindqvist@demo-school.example"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    workspace = Workspace.from_config(Config.from_env())

    emulator.world.behaviour["sortMovesMetadata"] = moves_metadata
    sorted_ = []

    def sort_before_the_write(method):
        if method == "sheets.spreadsheets.batchUpdate" and not sorted_:
            sorted_.append(method)
            sheets_as(COORDINATOR).spreadsheets().batchUpdate(spreadsheetId=master, body={
                "requests": [{"sortRange": {
                    "range": {"sheetId": 100, "startRowIndex": 1, "endRowIndex": 61},
                    "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}]}}]}).execute()
    workspace.counter.watch(sort_before_the_write)
    import_roster(workspace, Config.from_env(), load_templates(), csv_text=buffer.getvalue())
    assert sorted_
    tab = students_tab(sheets_as, master)
    assert tab[0][0] != rows[0]["Student ID"]  # the sort did move the rows
    advisors = {row[0]: row[3] for row in tab}
    assert advisors[rows[0]["Student ID"]] == "henrik.lindqvist@demo-school.example"
    assert list(advisors.values()).count("henrik.lindqvist@demo-school.example") == \
        sum(1 for r in rows if r["Advisor email"] == "henrik.lindqvist@demo-school.example")
