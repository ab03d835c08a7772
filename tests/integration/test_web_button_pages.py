"""The coordinator's two buttons, against the emulator through the real clients:
Report cards (a term's PDFs made by ONE Cloud Tasks task running `make_reports`,
what `cas report` runs, followed on the page from what Drive holds, to a link to
the folder; a double click enqueues once; the same term again replaces in place;
a failed attempt named until its retry goes through, and the same term asked for
meanwhile follows that run) and the IBIS export (what
`cas completion export` would list, read without writing; its button writes the
tab and downloads the very CSV the command writes)."""

from __future__ import annotations

import csv
import html
import io
import re

from _web import (advance, attempts, Browser, control, csrf, dispatch, hidden,  # noqa: F401
                  SECRET, service, wait_until)
from test_completion import coded, decide_completion  # noqa: F401

COORDINATOR = "coordinator@demo-school.example"
COHORT = "2026-2028"
REPORTS = "appProperties has { key='casKind' and value='report' } and trashed = false"


def reports(drive_as) -> dict[str, dict]:
    files = drive_as(COORDINATOR).files().list(
        q=REPORTS, fields="files(id,name,parents,appProperties)").execute()["files"]
    assert len(files) == len({f["appProperties"]["casId"] for f in files})   # one each
    return {f["appProperties"]["casId"]: f for f in files}


def progress_of(followed: str) -> str:
    path, query = followed.split("?", 1)
    return f"{path}/progress?{query}"


def start(browser, term: str) -> str:
    form = browser.get(f"/coordinator/{COHORT}/reports").get_data(as_text=True)
    answer = browser.post(f"/coordinator/{COHORT}/reports", term=term, key=hidden(form, "key"))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"]


def finished(browser, followed: str) -> bool:
    return wait_until(lambda: browser.get(progress_of(followed)).get_json()["finished"],
                      timeout=240, every=0.5)


def test_report_cards_are_made_by_one_task_and_the_page_follows_them_to_the_folder(
        cohort, service, emulator, drive_as, set_cell, sample_rows):
    master, _ = cohort
    coordinator = Browser(service.app, COORDINATOR)
    home = coordinator.get("/coordinator").get_data(as_text=True)
    assert f'href="/coordinator/{COHORT}/reports"' in home
    assert f'href="/coordinator/{COHORT}/ibis"' in home
    form = coordinator.get(f"/coordinator/{COHORT}/reports").get_data(as_text=True)
    fields = dict(term="  Term   1 ", key=hidden(form, "key"))   # spaced as `cas report` takes it
    first = coordinator.post(f"/coordinator/{COHORT}/reports", **fields)
    second = coordinator.post(f"/coordinator/{COHORT}/reports", **fields)   # a double click
    assert first.status_code == second.status_code == 302
    followed = first.headers["Location"]
    assert second.headers["Location"] == followed and "term=Term+1" in followed
    page = coordinator.get(followed).get_data(as_text=True)
    assert "data-progress-url" in page and ">Refresh</a>" in page   # followed, with or without JS
    assert finished(coordinator, followed)
    page = html.unescape(coordinator.get(followed).get_data(as_text=True))
    students = sample_rows()
    assert "Reports Term 1 finished: 60 made, 0 replaced, 0 unchanged, 0 problem(s)" in page
    assert "60 of 60 students have a report" in page and "data-progress-url" not in page
    link = re.search(r'<a href="([^"]+)" rel="noreferrer">Open the folder Reports Term 1', page)[1]
    made = reports(drive_as)
    assert set(made) == {s["Student ID"] for s in students}
    [folder] = {f["parents"][0] for f in made.values()}
    assert folder in link
    assert drive_as(COORDINATOR).files().get(fileId=folder).execute()["name"] == "Reports Term 1"
    runs = attempts(emulator, "/tasks/report/")
    assert len({a["task"] for a in runs}) == 1 and [a["status"] for a in runs] == [200]

    # The same term again, after a name changed: that one report replaced in place.
    zoe = students[0]["Student ID"]
    set_cell(master, "Students", zoe, "Name", "Zoë M. Abernathy")
    followed = start(coordinator, "Term 1")
    assert finished(coordinator, followed)
    page = html.unescape(coordinator.get(followed).get_data(as_text=True))
    assert "finished: 0 made, 1 replaced, 59 unchanged, 0 problem(s)" in page
    again = reports(drive_as)
    assert {s: f["id"] for s, f in again.items()} == {s: f["id"] for s, f in made.items()}
    assert again[zoe]["name"] == f"{zoe} - Zoë M. Abernathy - CAS report Term 1.pdf"


def test_a_term_the_command_refuses_is_refused_on_the_page_and_nothing_is_enqueued(
        cohort, service, emulator):
    coordinator = Browser(service.app, COORDINATOR)
    for term in ("Term 1/2", "   ", "x" * 101):
        form = coordinator.get(f"/coordinator/{COHORT}/reports").get_data(as_text=True)
        answer = coordinator.post(f"/coordinator/{COHORT}/reports", term=term,
                                  key=hidden(form, "key"))
        page = html.unescape(answer.get_data(as_text=True))
        assert answer.status_code == 422 and "Nothing was started." in page, term
        assert "Give the term's name" in page or "without slashes" in page
    assert [d for d in dispatch(emulator) if "/tasks/report/" in d["url"]] == []
    assert coordinator.get("/coordinator/NOSUCH/reports").status_code == 404


def test_a_report_run_whose_attempt_failed_is_named_until_its_retry_finishes_it(
        cohort, service, emulator, drive_as):
    coordinator = Browser(service.app, COORDINATOR)
    # The service does not answer (an instance dying, say): the task's attempt fails.
    control(emulator, "cloudtasks/target", {"url": "http://127.0.0.1:9", "secret": SECRET})
    followed = start(coordinator, "Term 2")
    [failed] = [d for d in dispatch(emulator) if "/tasks/report/" in d["url"]]
    assert failed["outcome"] == "retrying"
    page = html.unescape(coordinator.get(followed).get_data(as_text=True))
    assert "Attempt 1 failed" in page and "0 of 60 students have a report" in page
    assert "Attempt 1 failed" in coordinator.get(progress_of(followed)).get_json()["text"]
    # The term asked for again from another form meanwhile: that run is followed, not
    # a second one started beside it.
    again = start(coordinator, "Term 2")
    assert again == followed
    assert "already under way" in html.unescape(coordinator.get(again).get_data(as_text=True))
    control(emulator, "cloudtasks/target", {"url": service.url, "secret": SECRET})
    advance(emulator, 11)      # the provision queue's backoff (queue.yaml: 10 s at least)
    assert finished(coordinator, followed)
    page = coordinator.get(followed).get_data(as_text=True)
    assert "60 made" in page and "Attempt" not in page
    assert len(reports(drive_as)) == 60


def test_the_ibis_page_lists_the_export_without_writing_and_its_button_downloads_the_commands_csv(
        cohort, service, coded, set_cell, tab, cas, tmp_path):  # noqa: F811
    master, _ = cohort
    rows = coded
    decide_completion(set_cell, master, rows[1], "Completed")
    decide_completion(set_cell, master, rows[3], "Not completed")
    set_cell(master, "Students", rows[4]["Student ID"], "Name", "=HYPERLINK(\"x\")")
    coordinator = Browser(service.app, COORDINATOR)
    page = html.unescape(coordinator.get(f"/coordinator/{COHORT}/ibis").get_data(as_text=True))
    pending = len(rows) - 2
    assert f"Pending ({pending})" in page
    assert f"WARNING: {pending} candidate(s) still Pending (listed first)" in page
    assert "Check before entering (2)" in page and "Candidate session number missing" in page
    assert page.index("Pending (") < page.index("Check before entering (")
    assert tab(master, "IBIS export") == {}           # the page wrote nothing

    answer = coordinator.post(f"/coordinator/{COHORT}/ibis")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert re.fullmatch(rf'attachment; filename="ibis-export-{COHORT}-\d{{4}}-\d\d-\d\d\.csv"',
                        answer.headers["Content-Disposition"])
    lines = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Candidate session number", "Personal code", "Name", "CAS result"]
    assert [line[3] for line in lines[1:]] == ["Pending"] * pending + ["Not completed",
                                                                       "Completed"]
    sessions = [line[0] for line in lines[1:pending + 1]]
    assert sessions[:-1] == sorted(sessions[:-1]) and sessions[-1] == ""   # none: last
    by_id = {line[4]: line for line in lines[1:]}
    assert by_id[rows[4]["Student ID"]][2] == "'=HYPERLINK(\"x\")"        # never a formula
    sheet = tab(master, "IBIS export")
    assert len(sheet) == len(rows) - 1 and sheet["0199"]["CAS result"] == "Completed"
    path = tmp_path / "ibis.csv"
    code, out, err = cas("completion", "export", "--csv", path)
    assert code == 0, err
    assert path.read_bytes() == answer.data                 # the command's very file
