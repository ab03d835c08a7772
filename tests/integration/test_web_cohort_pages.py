"""A coordinator's first steps from the pages, against the emulator: a new cohort
set up by a task (sent twice, set up once), a roster previewed with its problems
shown by line and field as `cas roster import` prints them and nothing written,
then imported on confirmation only (a file altered in the browser, or a Students
tab changed since the preview, writes nothing), provisioning in chunk tasks with
its progress read from the Students tab; and an advisor's interviews due."""

from __future__ import annotations

import base64
import csv
import datetime
import html
import io
import re

import pytest

from _web import (advance, attempts, Browser, control, csrf, dispatch, hidden,  # noqa: F401
                  SAMPLE, SECRET, service, wait_until)

COORDINATOR = "coordinator@demo-school.example"
ADVISOR_A = "amara.okafor@demo-school.example"
COHORT = "2027-2029"


def sample_csv(cohort: str, rows: int | None = None, edit=None) -> bytes:
    lines = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    column = lines[0].index("Cohort")
    for line in lines[1:]:
        line[column] = cohort
    lines = lines[:(rows or len(lines)) + 1]
    if edit:
        edit(lines)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue().encode()


def new_cohort(service, school, emulator, name=COHORT):
    """The cohort set up from the pages; its status page's address."""
    coordinator = Browser(service.app, COORDINATOR)
    form = coordinator.get("/coordinator/new-cohort").get_data(as_text=True)
    answer = coordinator.post("/coordinator/new-cohort", name=name, start="2027-09-01",
                              end="2029-03-31", framework="current", classroom_course=school,
                              shared_drive="", key=hidden(form, "key"))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return coordinator, answer.headers["Location"]


@pytest.fixture
def set_up(service, school, emulator):
    coordinator, status = new_cohort(service, school, emulator)
    assert wait_until(lambda: "Setup is finished" in coordinator.get(status).get_data(
        as_text=True), timeout=60)
    return coordinator


def test_the_new_cohort_form_offers_the_coordinators_courses_and_refuses_bad_input(
        service, school, emulator):
    coordinator = Browser(service.app, COORDINATOR)
    form = coordinator.get("/coordinator/new-cohort").get_data(as_text=True)
    assert f'value="{school}"' in form and "CAS 2026-2028" in form and "My Drive" in form
    answer = coordinator.post("/coordinator/new-cohort", name="a/b", start="2029-01-01",
                              end="2028-01-01", framework="current", key=hidden(form, "key"))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Nothing was started" in page
    assert "Name: use 1 to 40 letters" in page
    answer = coordinator.post("/coordinator/new-cohort", name="Year 12", start="2029-01-01",
                              end="2028-01-01", framework="current", key=hidden(form, "key"))
    assert "is not after the start" in answer.get_data(as_text=True)
    assert control(emulator, "cloudtasks/dispatch", {"timeoutSeconds": 5})["deliveries"] == []


def test_a_new_cohort_is_set_up_by_a_task_once_even_if_the_form_is_sent_twice(
        service, school, emulator, drive_as):
    coordinator = Browser(service.app, COORDINATOR)
    form = coordinator.get("/coordinator/new-cohort").get_data(as_text=True)
    fields = dict(name=COHORT, start="2027-09-01", end="2029-03-31", framework="older",
                  classroom_course=school, shared_drive="", key=hidden(form, "key"))
    first = coordinator.post("/coordinator/new-cohort", **fields)
    second = coordinator.post("/coordinator/new-cohort", **fields)   # a double click
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    status = first.headers["Location"]
    assert wait_until(lambda: "Setup is finished" in coordinator.get(status).get_data(
        as_text=True), timeout=60)
    page = coordinator.get(status).get_data(as_text=True)
    for link in ("Cohort folder", "Master Sheet", "Form to answer: Propose a CAS experience",
                 "Form (edit): CAS reflection"):
        assert link in page, link
    setups = attempts(emulator, "/tasks/setup/")
    assert len({a["task"] for a in setups}) == 1 and setups[0]["status"] == 200, setups
    roots = drive_as(COORDINATOR).files().list(
        q=f"appProperties has {{ key='casCohort' and value='{COHORT}' }} and "
          f"appProperties has {{ key='casKind' and value='root' }}").execute()["files"]
    assert len(roots) == 1
    progress = coordinator.get(f"/coordinator/new-cohort/{COHORT}/progress").get_json()
    assert progress["finished"] is True and progress["done"] == progress["total"]
    assert COHORT in coordinator.get("/coordinator").get_data(as_text=True)


def test_a_roster_with_mistakes_is_shown_by_line_and_field_as_the_command_says_and_nothing_is_written(
        set_up, cas, tab, monkeypatch, tmp_path, emulator):
    def break_two(lines):
        lines[3][3] = "not-an-email"            # line 4, Email
        lines[7][4] = "nobody@elsewhere.example"  # line 8, Advisor email
    data = sample_csv(COHORT, 12, break_two)
    answer = set_up.client.post(f"/coordinator/{COHORT}/roster/preview", data={
        "csrf_token": set_up.token, "source": "csv",
        "csv_file": (io.BytesIO(data), "roster.csv")}, content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "2 problems; nothing was written" in page
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    monkeypatch.setenv("CAS_COHORT", COHORT)
    code, out, err = cas("roster", "import", "--csv", path)
    assert code == 1
    said = [line.strip() for line in err.splitlines()[1:] if line.strip()]
    assert len(said) == 2 and said[0].startswith("Line 4, Email") and "Line 8, Advisor email" in said[1]
    shown = html.unescape(page)
    for line in said:
        assert "<li data-line=" in page and line + "</li>" in shown, line
    sheet = re.search(r'href="[^"]*/spreadsheets/d/([^/"]+)', page)[1]
    assert tab(sheet, "Students") == {}


def preview(browser, data, name="roster.csv"):
    return browser.client.post(f"/coordinator/{COHORT}/roster/preview", data={
        "csrf_token": browser.token, "source": "csv",
        "csv_file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def confirm_fields(page):
    return {k: hidden(page, k) for k in ("token", "csv_data", "filename", "source")}


def test_a_roster_is_written_only_on_confirmation_and_only_as_previewed(set_up, tab):
    page = preview(set_up, sample_csv(COHORT, 12)).get_data(as_text=True)
    assert "12 new, 0 unchanged" in page and "Nothing is written until you confirm" in page
    sheet = re.search(r'href="[^"]*/spreadsheets/d/([^/"]+)', page)[1]
    assert tab(sheet, "Students") == {}
    fields = confirm_fields(page)
    # The file altered in the browser: refused, nothing written.
    altered = base64.b64encode(sample_csv(COHORT, 13)).decode()
    answer = set_up.post(f"/coordinator/{COHORT}/roster/import", **{**fields, "csv_data": altered})
    assert answer.status_code == 400 and "nothing was written" in answer.get_data(as_text=True)
    assert tab(sheet, "Students") == {}
    # As previewed: written.
    answer = set_up.post(f"/coordinator/{COHORT}/roster/import", **fields)
    assert answer.status_code == 302
    assert len(tab(sheet, "Students")) == 12
    assert "Roster imported from roster.csv: 12 new" in set_up.get(
        answer.headers["Location"]).get_data(as_text=True)
    # A preview the Students tab has moved on from (here: the same confirm sent again,
    # after its rows were written) is shown again, not written.
    again = set_up.post(f"/coordinator/{COHORT}/roster/import", **fields)
    assert again.status_code == 409 and "changed since the preview" in again.get_data(as_text=True)
    assert len(tab(sheet, "Students")) == 12


def test_provisioning_runs_in_chunk_tasks_and_the_page_shows_the_students_done(set_up, tab,
                                                                            emulator):
    page = preview(set_up, sample_csv(COHORT, 12)).get_data(as_text=True)
    assert set_up.post(f"/coordinator/{COHORT}/roster/import",
                       **confirm_fields(page)).status_code == 302
    page = set_up.get(f"/coordinator/{COHORT}/provision").get_data(as_text=True)
    assert "0 of 12 students provisioned" in page
    key = hidden(page, "key")
    first = set_up.post(f"/coordinator/{COHORT}/provision", key=key, chunk="5")
    second = set_up.post(f"/coordinator/{COHORT}/provision", key=key, chunk="5")  # double click
    assert first.headers["Location"] == second.headers["Location"]
    progress = f"/coordinator/{COHORT}/provision/progress"
    seen = set()

    def finished():
        state = set_up.get(progress).get_json()
        seen.add(state["done"])
        return state["finished"]
    assert wait_until(finished, timeout=90, every=0.2)
    state = set_up.get(progress).get_json()
    assert (state["done"], state["total"]) == (12, 12) and "welcome announcement posted" in \
        state["text"]
    chunks = attempts(emulator, "/tasks/provision/")
    assert len({a["task"] for a in chunks}) == 3      # 5 + 5 + 2, one chain
    page = set_up.get(f"/coordinator/{COHORT}/provision?run={key}").get_data(as_text=True)
    assert "12 of 12 students provisioned" in page and "data-progress-url" not in page


def test_an_advisor_sees_the_interviews_due_with_the_record_link(cohort, service, set_setting):
    sheet, _ = cohort
    today = datetime.date.today()
    set_setting(sheet, "cohort_start", (today - datetime.timedelta(days=10)).isoformat())
    set_setting(sheet, "cohort_end", (today + datetime.timedelta(days=600)).isoformat())
    page = Browser(service.app, ADVISOR_A).get("/advisees").get_data(as_text=True)
    section = page.split("Interviews due", 1)[1].split("At risk", 1)[0]
    assert "Interviews due (10)" in page
    assert "Zoë Abernathy" in section and "Interview 1 (early) is due by" in section
    assert "Record the interview with Zoë Abernathy" in section and "entry." in section


def test_a_cohort_can_live_in_a_shared_drive_and_one_closed_to_non_members_is_refused_first(
        service, school, emulator, drive_as):
    drive_id = drive_as(COORDINATOR).drives().create(
        requestId="cas-pages", body={"name": "CAS records"}, fields="id").execute()["id"]
    drive_as(COORDINATOR).drives().update(
        driveId=drive_id, body={"restrictions": {"driveMembersOnly": True}}).execute()
    coordinator = Browser(service.app, COORDINATOR)
    form = coordinator.get("/coordinator/new-cohort").get_data(as_text=True)
    assert "Shared drive: CAS records" in form
    fields = dict(name=COHORT, start="2027-09-01", end="2029-03-31", framework="current",
                  classroom_course=school, shared_drive=drive_id, key=hidden(form, "key"))
    refused = coordinator.post("/coordinator/new-cohort", **fields)
    assert refused.status_code == 422
    assert "access to its members only" in html.unescape(refused.get_data(as_text=True))
    assert attempts(emulator, "/tasks/setup/") == []
    drive_as(COORDINATOR).drives().update(
        driveId=drive_id, body={"restrictions": {"driveMembersOnly": False}}).execute()
    status = coordinator.post("/coordinator/new-cohort", **fields).headers["Location"]
    assert wait_until(lambda: "Setup is finished" in coordinator.get(status).get_data(
        as_text=True), timeout=60)
    made = drive_as(COORDINATOR).files().list(
        q=f"appProperties has {{ key='casCohort' and value='{COHORT}' }}", corpora="drive",
        driveId=drive_id, includeItemsFromAllDrives=True, supportsAllDrives=True).execute()
    assert len(made["files"]) == 7    # root, Advisors, master Sheet, four forms


def test_the_classroom_course_is_previewed_then_imported_without_advisors(set_up, school, tab):
    page = set_up.post(f"/coordinator/{COHORT}/roster/preview", source="classroom",
                       course_id=school).get_data(as_text=True)
    assert "Preview of the Classroom course" in page and "60 new" in page
    assert "Need an advisor (60)" in page
    sheet = re.search(r'href="[^"]*/spreadsheets/d/([^/"]+)', page)[1]
    assert tab(sheet, "Students") == {}
    fields = {k: hidden(page, k) for k in ("token", "source", "course_id")}
    answer = set_up.post(f"/coordinator/{COHORT}/roster/import", **fields)
    assert answer.status_code == 302
    assert len(tab(sheet, "Students")) == 60
    # Another course named in a forged confirm: refused by the signed token.
    forged = set_up.post(f"/coordinator/{COHORT}/roster/import", **{**fields,
                                                                    "course_id": "999"})
    assert forged.status_code == 400


def test_a_roster_file_of_more_than_500_kb_goes_through_the_confirm_form_and_2_mb_is_refused(
        set_up, tab):
    def notes(lines):     # a column the roster does not know, ignored: 9 kB a line
        for i, line in enumerate(lines):
            line.append("Notes" if i == 0 else "x" * 9000)
    data = sample_csv(COHORT, edit=notes)
    assert 500_000 < len(data) < 1024 * 1024
    page = preview(set_up, data).get_data(as_text=True)
    assert "60 new" in page
    answer = set_up.post(f"/coordinator/{COHORT}/roster/import", **confirm_fields(page))
    assert answer.status_code == 302
    sheet = re.search(r'href="[^"]*/spreadsheets/d/([^/"]+)', page)[1]
    assert len(tab(sheet, "Students")) == 60
    too_big = preview(set_up, data * 2)
    assert too_big.status_code == 413 and "larger than 1024 KB" in too_big.get_data(as_text=True)


def test_a_chunk_that_fails_is_named_on_the_page_and_its_retry_finishes_the_count(
        set_up, service, emulator, tab):
    page = preview(set_up, sample_csv(COHORT, 12)).get_data(as_text=True)
    assert set_up.post(f"/coordinator/{COHORT}/roster/import",
                       **confirm_fields(page)).status_code == 302
    # The service does not answer (an instance dying, say): the first chunk's attempt fails.
    control(emulator, "cloudtasks/target", {"url": "http://127.0.0.1:9", "secret": SECRET})
    key = hidden(set_up.get(f"/coordinator/{COHORT}/provision").get_data(as_text=True), "key")
    followed = set_up.post(f"/coordinator/{COHORT}/provision", key=key,
                           chunk="5").headers["Location"]
    [failed] = [d for d in dispatch(emulator) if "/tasks/provision/" in d["url"]]
    assert failed["outcome"] == "retrying"
    page = html.unescape(set_up.get(followed).get_data(as_text=True))
    assert "0 of 12 students provisioned" in page and "Attempt 1 failed" in page
    state = set_up.get(f"/coordinator/{COHORT}/provision/progress?run={key}").get_json()
    assert "Attempt 1 failed" in state["text"] and state["finished"] is False
    # The service is back; the queue tries the chunk again after its backoff (queue.yaml:
    # 10 seconds at least), and the chain goes on from the Students tab's record.
    control(emulator, "cloudtasks/target", {"url": service.url, "secret": SECRET})
    advance(emulator, 11)
    assert wait_until(lambda: set_up.get(f"/coordinator/{COHORT}/provision/progress?run={key}")
                      .get_json()["finished"], timeout=90, every=0.2)
    chunks = attempts(emulator, "/tasks/provision/")
    assert len({a["task"] for a in chunks}) == 3 and len(chunks) == 4
    page = set_up.get(followed).get_data(as_text=True)
    assert "12 of 12 students provisioned" in page and "Attempt" not in page


def test_a_setup_task_whose_body_is_not_a_setup_request_makes_nothing(service, school, emulator,
                                                                    drive_as):
    queue = {"X-AppEngine-QueueName": "provision", "X-CAS-Local-Task-Secret": SECRET}
    # Answered 200, so that Cloud Tasks does not try again what cannot succeed.
    for body in ({"name": "another-cohort"}, {"name": COHORT, "start": "not a date"},
                 {"name": COHORT, "framework": "newest"}, {}):
        answer = service.post(f"/tasks/setup/{COHORT}", json=body, headers=queue)
        assert answer.status_code == 200 and answer.json()["outcome"] == "ignored", body
    assert drive_as(COORDINATOR).files().list(
        q=f"appProperties has {{ key='casCohort' and value='{COHORT}' }}").execute()["files"] == []
