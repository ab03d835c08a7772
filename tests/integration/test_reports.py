"""`cas report --term NAME`: the parents' report cards, a PDF per student (Drive's
own export of the parents' version of the record) in the cohort's "Reports <term>"
folder, against the emulator through the real clients; the PDFs' text read back
with pypdf. Running the same term again replaces, never duplicates; a parent sees
their own child's report only, and is emailed its link once."""

from __future__ import annotations

import io

import pypdf
import pytest
from googleapiclient.errors import HttpError

from _sync import TODAY, propose, reflect
from service.sync import experience_code

COORDINATOR = "coordinator@demo-school.example"
PARENT_A, PARENT_B = "maria.abernathy@home.example", "li.alvarado@mail.example"
REPORTS = "appProperties has { key='casKind' and value='report' } and trashed = false"


def run(cas, *args):
    code, out, err = cas(*args)
    assert code == 0, err + out
    return out


def reports(drive_as, who=COORDINATOR) -> dict[str, dict]:
    files = drive_as(who).files().list(q=REPORTS, fields="files(id,name,parents,webViewLink,"
                                                         "appProperties,mimeType)").execute()
    return {f["appProperties"]["casId"]: f for f in files["files"]}


def pdf_text(drive_as, who, file_id) -> str:
    data = drive_as(who).files().get_media(fileId=file_id).execute()
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture
def parents(cohort, cas, sample_rows, tmp_path):
    """The roster imported again with a Parents' emails column for the first two students."""
    rows = sample_rows()
    header = list(rows[0]) + ["Parent emails"]
    lines = [",".join(header)]
    for i, row in enumerate(rows):
        parent = {0: PARENT_A, 1: PARENT_B}.get(i, "")
        lines.append(",".join(list(row.values()) + [parent]))
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run(cas, "roster", "import", "--csv", roster)
    assert "2 changed" in out
    return rows[0], rows[1]


def test_a_report_per_student_named_by_id_first_in_the_terms_folder(
        cohort, cas, drive_as, sample_rows):
    run(cas, "sync", "--today", TODAY)
    out = run(cas, "report", "--term", "Term 1", "--today", TODAY)
    students = sample_rows()
    assert f"Reports Term 1: {len(students)} made, 0 replaced, 0 unchanged." in out
    found = reports(drive_as)
    assert set(found) == {s["Student ID"] for s in students}
    first = students[0]
    report = found[first["Student ID"]]
    assert report["name"] == (f"{first['Student ID']} - {first['First name']} "
                              f"{first['Last name']} - CAS report Term 1.pdf")
    assert report["mimeType"] == "application/pdf"
    [folder] = report["parents"]
    assert drive_as(COORDINATOR).files().get(fileId=folder).execute()["name"] == "Reports Term 1"
    text = pdf_text(drive_as, COORDINATOR, report["id"])
    assert f"CAS report: Term 1 {first['First name']} {first['Last name']} ({first['Student ID']})" \
        in text
    assert "Status At risk" in text and "Learning outcomes evidenced 0 of 7" in text
    # The working Doc the PDFs were exported from is gone.
    inside = drive_as(COORDINATOR).files().list(
        q=f"'{folder}' in parents and trashed = false", fields="files(mimeType)").execute()
    assert {f["mimeType"] for f in inside["files"]} == {"application/pdf"}


def test_running_the_same_term_again_replaces_in_place_and_never_duplicates(
        cohort, cas, drive_as, emulator, decide, sample_rows):
    master, ids = cohort
    student = sample_rows()[0]
    sid = student["Student ID"]
    code = experience_code(propose(emulator, ids, student["Email"], "Saturday choir")["responseId"])
    run(cas, "sync", "--today", TODAY)
    decide(master, code, "Approved")
    run(cas, "sync", "--today", TODAY)
    run(cas, "report", "--term", "Term 1", "--today", TODAY)
    first = reports(drive_as)
    out = run(cas, "report", "--term", "Term 1", "--today", TODAY)
    assert f"0 made, 0 replaced, {len(sample_rows())} unchanged" in out
    reflect(emulator, ids, student["Email"], code, text="I sang a solo.",
            outcomes=("Collaboration",))
    run(cas, "sync", "--today", TODAY)
    out = run(cas, "report", "--term", "Term 1", "--today", TODAY)
    assert "0 made, 1 replaced" in out
    again = reports(drive_as)
    assert {k: f["id"] for k, f in again.items()} == {k: f["id"] for k, f in first.items()}
    text = pdf_text(drive_as, COORDINATOR, again[sid]["id"])
    assert "Learning outcomes evidenced 1 of 7" in text
    assert "I sang a solo." not in text          # reflections stay out by default
    folder = again[sid]["parents"][0]
    listed = drive_as(COORDINATOR).files().list(q=f"'{folder}' in parents and trashed = false",
                                                fields="files(id)").execute()["files"]
    assert len(listed) == len(sample_rows())


def test_reflections_go_in_when_the_school_says_so(
        cohort, cas, drive_as, emulator, decide, sample_rows, set_setting):
    master, ids = cohort
    student = sample_rows()[0]
    code = experience_code(propose(emulator, ids, student["Email"], "Choir")["responseId"])
    run(cas, "sync", "--today", TODAY)
    decide(master, code, "Approved")
    reflect(emulator, ids, student["Email"], code, text="I sang a solo.")
    run(cas, "sync", "--today", TODAY)
    set_setting(master, "reports_include_reflections", "TRUE")
    run(cas, "report", "--term", "Term 2", "--today", TODAY)
    text = pdf_text(drive_as, COORDINATOR, reports(drive_as)[student["Student ID"]]["id"])
    assert "Reflections Choir" in text and "I sang a solo." in text


def test_reports_are_not_shared_with_parents_unless_the_school_says_so(
        cohort, cas, drive_as, parents):
    run(cas, "report", "--term", "Term 1", "--today", TODAY)
    assert reports(drive_as, PARENT_A) == {}


def test_a_parent_sees_only_their_own_childs_report_and_is_emailed_once(
        cohort, cas, drive_as, parents, set_setting, outbox):
    master, _ = cohort
    child, other = parents
    set_setting(master, "share_reports_with_parents", "TRUE")
    out = run(cas, "report", "--term", "Term 1", "--today", TODAY)
    assert f"shared with a parent: {child['Student ID']} -> {PARENT_A}" in out
    assert "2 email(s) to parents recorded" in out
    mine = reports(drive_as, PARENT_A)
    assert set(mine) == {child["Student ID"]}
    assert child["First name"] in pdf_text(drive_as, PARENT_A, mine[child["Student ID"]]["id"])
    theirs = reports(drive_as)[other["Student ID"]]
    with pytest.raises(HttpError) as caught:
        drive_as(PARENT_A).files().get(fileId=theirs["id"]).execute()
    assert caught.value.status_code == 404
    # Google's own sharing email is not sent; the service's goes with the next sync.
    assert not [m for m in outbox() if m["to"] == PARENT_A]
    run(cas, "sync", "--today", TODAY)
    run(cas, "report", "--term", "Term 1", "--today", TODAY)
    run(cas, "sync", "--today", TODAY)
    mails = [m for m in outbox() if m["to"] == PARENT_A]
    assert len(mails) == 1
    assert mails[0]["subject"] == f"{child['First name']} {child['Last name']}'s CAS report: Term 1"
    assert mine[child["Student ID"]]["webViewLink"] in mails[0]["body"]


def test_a_parent_no_longer_listed_loses_access(cohort, cas, drive_as, parents, set_setting,
                                                 sample_rows, tmp_path):
    master, _ = cohort
    set_setting(master, "share_reports_with_parents", "TRUE")
    run(cas, "report", "--term", "Term 1", "--today", TODAY)
    rows = sample_rows()
    lines = [",".join(list(rows[0]) + ["Parent emails"])]
    lines += [",".join(list(r.values()) + [PARENT_B if i == 0 else ""]) for i, r in enumerate(rows)]
    roster = tmp_path / "again.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(cas, "roster", "import", "--csv", roster)
    out = run(cas, "report", "--term", "Term 1", "--today", TODAY)
    assert f"no longer shared (not in Parents' emails): {rows[0]['Student ID']} -> {PARENT_A}" \
        in out
    assert reports(drive_as, PARENT_A) == {}
    assert set(reports(drive_as, PARENT_B)) == {rows[0]["Student ID"], rows[1]["Student ID"]}


def test_a_term_name_that_cannot_name_a_folder_is_refused(cohort, cas):
    code, out, err = cas("report", "--term", "Term/1")
    assert code == 2 and "without slashes" in err
