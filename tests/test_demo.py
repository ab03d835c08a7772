"""The demo (`make demo`, `make demo-setup`), as a newcomer meets it: it starts the
emulator, loads the sample school, sets up, imports the roster and provisions the
cohort as the coordinator, plays a term (students, advisors and supervisors on the
form pages, the Sheet and their email, `cas sync` in between), prints what it made
and links that open the master Sheet, a student's folder, their prefilled interview
record, the proposal form, the Classroom stream, the Needs review tab and the sent
mail, each signed in as the person who would open it. Run again on the same data
folder, it makes nothing, submits nothing and prints the same links."""

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300
COORDINATOR = "coordinator@demo-school.example"
STUDENT = "zoe.abernathy@demo-school.example"       # DS1001, the roster's first student
ADVISOR = "amara.okafor@demo-school.example"        # her advisor in the roster


def run_demo(data: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "demo", "--data", str(data), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def links(output: str) -> list[tuple[str, str, str, str]]:
    """[(what, plain link, "the student, Name <email>", sign-in link)] as printed."""
    return re.findall(r"^  (.+?): (http\S+)\n    open as (.+?): (http\S+)$", output, re.MULTILINE)


def link_to(output: str, starts: str) -> tuple[str, str, str, str]:
    [found] = [link for link in links(output) if link[0].startswith(starts)]
    return found


def port_of(output: str) -> int:
    return int(re.search(r"Emulator on http://127\.0\.0\.1:(\d+)", output).group(1))


def answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def a_free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-data")


@pytest.fixture(scope="module")
def port():
    # One port for every run, as `make demo` keeps 8765: the links hold the port.
    return str(a_free_port())


@pytest.fixture(scope="module")
def two_runs(demo_data, port):
    return (run_demo(demo_data, "--port", port, "--exit-after-setup"),
            run_demo(demo_data, "--port", port, "--exit-after-setup"))


def test_the_first_run_loads_the_school_and_provisions_its_60_students(two_runs):
    first, _ = two_runs
    assert first.returncode == 0, first.stdout + first.stderr
    out = first.stdout
    assert "loaded into the emulator: 68 people and the Classroom course \"CAS 2026-2028\"" in out
    assert "made: folder CAS 2026-2028, folder Advisors, master Sheet CAS 2026-2028" in out
    assert out.count("made: ") == 1 and out.count(", form ") + out.count(": form ") == 4
    assert "students: 60 new, 0 unchanged" in out
    assert "advisor folders made 6, student folders made 60" in out
    assert "student folders shared 60" in out
    assert "welcome announcement in Classroom: posted" in out
    # Each step says how many API calls it took.
    assert len(re.findall(r"^   \d+ API calls? \(", out, re.MULTILINE)) == 6


def test_it_prints_nine_links_each_with_a_sign_in_link_for_the_right_person(two_runs):
    first, _ = two_runs
    printed = links(first.stdout)
    assert [(what.split(" ")[0], person.split(",")[0]) for what, _, person, _ in printed] == [
        ("The", "the coordinator"), ("Zoë", "the student"), ("Zoë", "the advisor"),
        ("The", "the student"), ("The", "the student"), ("The", "the coordinator"),
        ("The", "the coordinator"), ("Zoë", "the student"), ("Zoë", "the coordinator")
    ], first.stdout
    assert f"<{COORDINATOR}>" in printed[0][2] and f"<{ADVISOR}>" in printed[2][2]
    for what, plain, person, opener in printed:
        email = re.search(r"<(.+)>", person).group(1)
        assert opener.startswith(f"http://127.0.0.1:{port_of(first.stdout)}/emulator/signin?")
        assert f"as={email.replace('@', '%40')}" in opener


def test_a_second_run_on_the_same_data_makes_nothing_and_prints_the_same_links(two_runs):
    first, second = two_runs
    assert second.returncode == 0, second.stdout + second.stderr
    out = second.stdout
    assert "already in the emulator: kept as it is" in out
    assert "made: " not in out and "found: folder CAS 2026-2028" in out
    assert "students: 0 new, 60 unchanged" in out and "nothing changed in the Students tab" in out
    assert "all 60 students' folders were already there and shared" in out
    assert "welcome announcement in Classroom: found" in out
    assert "already played on this data" in out and "nothing was submitted" in out
    assert "Made this run: nothing" in out
    assert "\"DS1001 - Zoë Abernathy - CAS report Demo term.pdf\" unchanged in the folder" in out
    assert links(second.stdout) == links(first.stdout) and len(links(out)) == 9


def test_the_demo_students_report_card_is_a_pdf_whose_text_says_where_she_stands(two_runs):
    first, _ = two_runs
    [path] = re.findall(r"the PDF, as Drive exported it: (.+\.pdf)$", first.stdout, re.MULTILINE)
    assert Path(path).name == "DS1001 - Zoë Abernathy - CAS report Demo term.pdf"
    import pypdf
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())
    assert "CAS report: Demo term Zoë Abernathy (DS1001), CAS cohort 2026-2028" in text
    assert re.search(r"Status (On track|At risk|Not started|Complete)", text), text
    assert re.search(r"Learning outcomes evidenced \d of 7", text), text
    assert "Strands Strand Approved experiences Creativity" in text


def test_exit_after_setup_stops_the_emulator(two_runs):
    for run in two_runs:
        assert not answers(port_of(run.stdout))


def test_after_two_runs_the_data_holds_each_folder_form_row_and_announcement_once(
        two_runs, demo_data):
    # Read the data folder back with the emulator in-process (the test may import it;
    # the demo may not), through the service's gateways on the real clients.
    from emulator.app import create_app
    from emulator.server import RunningEmulator
    from service.config import EmulatorConfig
    from service.workspace import Workspace

    assert all(run.returncode == 0 for run in two_runs)
    with RunningEmulator(create_app(data_dir=demo_data)) as running:
        workspace = Workspace.from_config(EmulatorConfig(emulator_url=running.url))
        files = workspace.drive.find({"casCohort": "2026-2028"})
        kinds = sorted(f["appProperties"]["casKind"] for f in files)
        [course] = workspace.classroom.courses(teacher="me")
        welcomes = [a for a in workspace.classroom.announcements(course["id"])
                    if a["text"].startswith("Welcome to CAS (2026-2028)!")]
        sheet = link_to(two_runs[0].stdout, "The master Sheet")[1].split("/d/")[1].split("/")[0]
        [ids] = workspace.sheets.values_batch_get(sheet, ["Students!A2:A"])
    assert kinds.count("root") == 1 and kinds.count("advisors") == 1
    assert kinds.count("master_sheet") == 1 and kinds.count("form") == 4
    assert kinds.count("advisor") == 6 and kinds.count("student") == 60
    assert len(welcomes) == 1
    rows = [row[0] for row in ids.get("values", []) if row]
    assert len(rows) == 60 and len(set(rows)) == 60


@pytest.fixture(scope="module")
def after_the_term(two_runs, demo_data):
    """After both runs, read back from the demo's data folder through the APIs (the
    emulator in-process on it): the master Sheet's tabs, the Reflections tab's cells
    as entered, each form's responses and the coordinator's sent mail."""
    from emulator.app import create_app
    from emulator.server import RunningEmulator
    from service.config import EmulatorConfig
    from service.workspace import Workspace, clients

    assert all(run.returncode == 0 for run in two_runs), two_runs[0].stderr
    sheet = link_to(two_runs[0].stdout, "The master Sheet")[1].split("/d/")[1].split("/")[0]
    with RunningEmulator(create_app(data_dir=demo_data)) as running:
        workspace = Workspace.from_config(EmulatorConfig(emulator_url=running.url))
        titles = ("Students", "Experiences", "Needs review")
        tabs = {}
        for title, got in zip(titles, workspace.sheets.values_batch_get(
                sheet, [f"'{t}'" for t in titles], value_render="FORMATTED_VALUE")):
            header, *rows = got["values"]
            tabs[title] = [dict(zip(header, row)) for row in rows if row and row[0]]
        grid = workspace.sheets.get(sheet, ranges=["'Reflections'"], include_grid_data=True,
                                    fields="sheets.data.rowData.values(userEnteredValue)")
        entered = [v.get("userEnteredValue", {}) for row in
                   grid["sheets"][0]["data"][0].get("rowData", []) for v in row.get("values", [])]
        forms = {f["appProperties"]["casId"]: f["id"] for f in workspace.drive.find(
            {"casCohort": "2026-2028", "casKind": "form"})}
        responses = {key: len(workspace.forms.responses(form_id))
                     for key, form_id in forms.items()}
        gmail = clients.build("gmail", "v1", clients.EmulatorCredentials(COORDINATOR),
                              running.url)
        listed = gmail.users().messages().list(userId="me", maxResults=500).execute()
        mails = []
        for ref in listed.get("messages", []):
            got = gmail.users().messages().get(userId="me", id=ref["id"], format="metadata",
                                               metadataHeaders=["To", "Subject"]).execute()
            # A folded header's value may start with the fold's space: read as a person does.
            headers = {h["name"]: " ".join(h["value"].split()) for h in got["payload"]["headers"]}
            mails.append((headers.get("To", ""), headers.get("Subject", "")))
    return {"tabs": tabs, "entered": entered, "responses": responses, "mails": mails}


def test_the_term_leaves_several_statuses_and_every_risk_with_its_reasons(after_the_term):
    students = after_the_term["tabs"]["Students"]
    statuses = {row.get("Status") for row in students}
    assert len(students) == 60 and len(statuses) >= 3, statuses
    assert "At risk" in statuses
    for row in students:
        if row.get("Status") in ("At risk", "Incomplete"):
            assert row.get("Why", "").strip(), row
    experiences = {row.get("Experience status") for row in after_the_term["tabs"]["Experiences"]}
    assert {"Approved", "Changes requested", "Awaiting decision"} <= experiences, experiences


def test_needs_review_holds_the_bad_inputs_with_their_reasons(after_the_term, two_runs):
    review = after_the_term["tabs"]["Needs review"]
    assert all(row.get("Reason", "").strip() for row in review), review
    found = {(row["Form"], reason) for row in review
             for reason in ("is not a student of the Students tab", "is not one of",
                            "already used") if reason in row["Reason"]}
    assert found == {("Experience proposal", "is not a student of the Students tab"),
                     ("Reflection", "is not one of"),
                     ("Supervisor statement", "already used")}, review
    assert f"Needs review tab: {len(review)} rows" in two_runs[0].stdout


def test_a_reflection_that_looks_like_a_formula_is_stored_as_text(after_the_term):
    entered = after_the_term["entered"]
    assert any(v.get("stringValue", "").startswith("=") for v in entered)
    assert not any("formulaValue" in v for v in entered)


def test_the_outbox_holds_the_decisions_and_the_supervisor_invitations(after_the_term):
    mails = after_the_term["mails"]
    approved = [to for to, subject in mails if subject.startswith("Approved: ")]
    changes = [to for to, subject in mails if subject.startswith("Changes requested: ")]
    invitations = [to for to, subject in mails if subject.startswith("Supervising ")]
    assert len(approved) >= 30 and changes and len(invitations) >= 10
    assert all(to.endswith("@demo-school.example") for to in approved + changes)
    assert any(not to.endswith("@demo-school.example") for to in invitations)


def test_a_second_run_submits_and_sends_nothing_new(after_the_term, two_runs):
    first = two_runs[0].stdout
    printed = dict(re.findall(r"^     (Experience proposal|Reflection|Interview record|"
                              r"Supervisor statement)\b[^:]*: (\d+)", first, re.MULTILINE))
    assert after_the_term["responses"] == {
        "experience_proposal": int(printed["Experience proposal"]),
        "reflection": int(printed["Reflection"]),
        "interview_record": int(printed["Interview record"]),
        "supervisor_statement": int(printed["Supervisor statement"])}, first
    sent = re.search(r"^   sent mail: (.+)$", first, re.MULTILINE).group(1)
    assert len(after_the_term["mails"]) == sum(int(n) for n in re.findall(r"\d+", sent))


def test_the_links_open_each_page_as_its_person_and_ctrl_c_stops_the_demo(
        two_runs, demo_data, port):
    proc = subprocess.Popen([sys.executable, "-m", "demo", "--data", str(demo_data),
                             "--port", port], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Serving until you press Ctrl-C"):
                break
        output = "".join(lines)
        assert "Serving until you press Ctrl-C" in output, output

        def page(starts: str) -> str:
            what, plain, person, opener = link_to(output, starts)
            email = re.search(r"<(.+)>", person).group(1)
            answer = requests.get(opener, timeout=30)   # follows the sign-in's redirect
            assert answer.status_code == 200, (what, answer.status_code)
            assert answer.url == plain    # landed on the page the plain link names
            # The page's "signed in as" switch shows the person the link names.
            assert re.search(rf'<option value="{re.escape(email)}" selected>', answer.text), what
            return answer.text

        sheet = page("The master Sheet")
        assert "<title>CAS 2026-2028 — master sheet" in sheet and "Zoë Abernathy" in sheet
        folder = page("Zoë Abernathy's Drive folder")
        assert "<title>Zoë Abernathy (DS1001)" in folder
        interview = page("Zoë Abernathy's interview record")
        assert "<title>CAS interview record (staff)" in interview
        assert re.search(r'<input type="text" name="entry\.\d+" value="DS1001"', interview)
        assert "<title>Propose a CAS experience" in page("The experience proposal form")
        assert "Welcome to CAS (2026-2028)!" in page("The Classroom stream")
        review = page("The Needs review tab")
        assert "is not a student of the Students tab" in review and "already used" in review
        mail = page("The sent mail")
        assert "Approved: your CAS experience" in mail and "Supervising " in mail
        record = page("Zoë Abernathy's \"My CAS record\"")
        assert "<title>My CAS record – Google Docs" in record and "View only" in record
        assert "Zoë Abernathy (DS1001), CAS cohort 2026-2028" in record
        report = page("Zoë Abernathy's report card for parents")
        assert "DS1001 - Zoë Abernathy - CAS report Demo term.pdf" in report
        # Without signing in, Drive shows nothing (as Google's pages): hence the sign-in links.
        anonymous = requests.get(link_to(output, "Zoë Abernathy's Drive folder")[1], timeout=30)
        assert "Zoë Abernathy (DS1001)" not in anonymous.text

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert not answers(int(port))
    finally:
        if proc.poll() is None:  # a failed test: let the demo stop its emulator first
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.stdout.close()


def start_serving(demo_data, port):
    """The demo running on ``demo_data`` until it says it serves; (process, output)."""
    proc = subprocess.Popen([sys.executable, "-m", "demo", "--data", str(demo_data),
                             "--port", port], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Serving until you press Ctrl-C"):
            break
    return proc, "".join(lines)


def test_a_submission_on_the_form_page_reaches_the_sheet_by_itself(two_runs, demo_data, port):
    # After the term's tests have read the data back: this adds a proposal.
    from demo.browser import Browser
    from service.config import EmulatorConfig
    from service.templates import load_templates
    from service.workspace import Workspace

    proc, output = start_serving(demo_data, port)
    try:
        assert "Serving until you press Ctrl-C" in output, output
        service = re.search(r"The service, as App Engine runs it: (http://127\.0\.0\.1:(\d+))",
                            output)
        assert service, output
        assert requests.get(service.group(1) + "/healthz", timeout=10).json() == {"status": "ok"}
        assert "(4 forms watched)" in output
        # The pages' sign-in links: the coordinator lands on the cohorts, the advisor on
        # their advisees.
        for who, lands in (("the coordinator", "<h1>Cohorts</h1>"),
                           ("an advisor", "<h1>My advisees</h1>")):
            link = re.search(rf"signed in as {who} \([^)]+\): (\S+)", output)
            assert link, output
            assert lands in requests.Session().get(link[1], timeout=60).text
        emulator_url = f"http://127.0.0.1:{port}"
        proposal_link = link_to(output, "The experience proposal form")[1]
        sheet = link_to(output, "The master Sheet")[1].split("/d/")[1].split("/")[0]
        # Zoë proposes an experience on the form page, as a person does; nobody runs a command.
        Browser(emulator_url, STUDENT).submit(
            proposal_link, load_templates().forms["experience_proposal"],
            {"title": "Tide pool survey", "strands": ["Service"],
             "description": "Counting species with the marine club.",
             "start_date": "2026-12-20", "end_date": "2027-02-20", "cas_project": "No",
             "targeted_outcomes": ["Strengths and growth"], "reach": "Local"})
        workspace = Workspace.from_config(EmulatorConfig(emulator_url=emulator_url))

        def the_row():
            [rows] = workspace.sheets.values_batch_get(sheet, ["Experiences!C:C"])
            return any(r == ["Tide pool survey"] for r in rows.get("values", []))
        deadline = time.monotonic() + 90
        while not the_row() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert the_row(), "the proposal did not reach the master Sheet"

        def last_trigger():   # the Sync log line is the sync's last write, just after the rows
            [log] = workspace.sheets.values_batch_get(sheet, ["'Sync log'!B:B"])
            return log["values"][-1]
        deadline = time.monotonic() + 30
        while last_trigger() != ["push"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert last_trigger() == ["push"]

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert not answers(int(port)) and not answers(int(service.group(2)))
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.stdout.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_killing_the_demo_outright_leaves_no_emulator_behind(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "demo", "--data", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline()
        port = port_of(first)
        deadline = time.monotonic() + TIMEOUT
        while not answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answers(port)
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 30
        while answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not answers(port)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
