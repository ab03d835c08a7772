"""Fixtures of the service's integration tests: the sample school in the emulator with
the `cas` settings pointing at it, and the `cas` command run in-process."""

from __future__ import annotations

import base64
import csv
import email
import email.policy
import io
import pathlib
import pickle

import pytest

from emulator import school as school_fixture
from service.cli import main
from service.sync.table import column_letter

COORDINATOR = "coordinator@demo-school.example"


@pytest.fixture
def school(emulator, monkeypatch):
    """The sample school loaded, the `cas` settings pointing at it; its course ID."""
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    monkeypatch.setenv("CAS_EMULATOR_URL", emulator.url)
    monkeypatch.setenv("CAS_SUBJECT", COORDINATOR)
    monkeypatch.setenv("CAS_SCHOOL_DOMAIN", "demo-school.example")
    monkeypatch.setenv("CAS_COHORT", "2026-2028")
    [course_id] = list(emulator.world.classroom.courses)
    return course_id


@pytest.fixture
def cas(capsys):
    """``cas(*args)``: run the command; (exit code, stdout, stderr)."""
    def run(*args):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


# -- the synced cohort: a set-up, imported and provisioned sample school, and what
# a person does in and reads from its master Sheet --------------------------------
SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"


@pytest.fixture(scope="session")
def _provisioned_world():
    """The emulator's state once the sample cohort is provisioned (pickled, as
    ``--data`` keeps it), and the cohort's IDs: made by the first test that asks."""
    return {}


@pytest.fixture
def cohort(school, cas, drive_as, emulator, _provisioned_world):
    """The sample cohort set up, imported and provisioned by the `cas` commands;
    (master Sheet ID, the cohort's Drive IDs by casId). The commands run once a
    session; every other test starts from a copy of the state they left."""
    world = emulator.world
    if _provisioned_world:
        with world.lock:
            for name, state in pickle.loads(_provisioned_world["state"]).items():
                world.stores[name].load(state)
        return _provisioned_world["ids"]
    for args in (("setup", "--classroom-course", school, "--start", "2026-09-01",
                  "--end", "2028-03-31"), ("roster", "import", "--csv", SAMPLE), ("provision",)):
        code, out, err = cas(*args)
        assert code == 0, err + out
    files = drive_as(COORDINATOR).files().list(
        q="appProperties has { key='casCohort' and value='2026-2028' }",
        fields="files(id,appProperties)").execute()["files"]
    ids = {f["appProperties"]["casId"]: f["id"] for f in files}
    with world.lock:
        _provisioned_world["state"] = pickle.dumps(
            {name: store.snapshot() for name, store in world.stores.items()})
    _provisioned_world["ids"] = ids["master_sheet"], ids
    return _provisioned_world["ids"]


@pytest.fixture(params=[True, False], ids=["sort-moves-metadata", "sort-leaves-metadata"])
def sorts(request, cohort, emulator):
    """Google does not document what a sort does to row developer metadata: each test
    that sorts runs with the emulator carrying it with whole rows, and leaving it in
    place for every sort (the emulator's ``sortMovesMetadata`` switch)."""
    emulator.world.behaviour["sortMovesMetadata"] = request.param
    return request.param


@pytest.fixture
def provisioned(cohort, cas):
    """`cas provision` run on the module's ``cohort`` (each module says what that is);
    its output."""
    code, out, err = cas("provision")
    assert code == 0, err + out
    return out


@pytest.fixture
def sample_rows():
    return lambda: list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))


@pytest.fixture
def tab(sheets_as):
    def read(master, title):
        rows = sheets_as(COORDINATOR).spreadsheets().values().get(
            spreadsheetId=master, range=title).execute().get("values", [])
        return {row[0]: dict(zip(rows[0], row)) for row in rows[1:] if row and row[0]}
    return read


@pytest.fixture
def set_cell(sheets_as):
    """A person types a value in the cell of a row (by its first column) and column (by header)."""
    def write(master, title, row_id, header, value):
        rows = sheets_as(COORDINATOR).spreadsheets().values().get(
            spreadsheetId=master, range=title).execute()["values"]
        row = next(i + 1 for i, r in enumerate(rows) if r and r[0] == row_id)
        col = rows[0].index(header)
        letter = column_letter(col)
        sheets_as(COORDINATOR).spreadsheets().values().update(
            spreadsheetId=master, range=f"{title}!{letter}{row}", valueInputOption="RAW",
            body={"values": [[value]]}).execute()
    return write


@pytest.fixture
def decide(set_cell):
    return lambda master, code, decision: set_cell(master, "Experiences", code, "Decision",
                                                   decision)


@pytest.fixture
def set_setting(set_cell):
    return lambda master, key, value: set_cell(master, "Settings", key, "Value", value)


@pytest.fixture
def outbox(gmail_as):
    """The coordinator's sent mail, oldest first: dicts of to, subject, body."""
    def read():
        gmail = gmail_as(COORDINATOR)
        found = []
        for ref in gmail.users().messages().list(userId="me", maxResults=500).execute().get(
                "messages", []):
            raw = gmail.users().messages().get(userId="me", id=ref["id"],
                                               format="raw").execute()["raw"]
            mail = email.message_from_bytes(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)),
                                            policy=email.policy.default)
            found.append({"to": str(mail["To"]), "subject": str(mail["Subject"]),
                          "body": mail.get_body().get_content()})
        return found[::-1]
    return read


# -- the durability tests' scenario (test_sync_durable*.py, test_sync_notices.py,
# test_sync_property.py), made once a session and restored from a snapshot -----------
@pytest.fixture(scope="session")
def _scenario_world():
    return {}


@pytest.fixture
def scenario(cohort, cas, emulator, sample_rows, decide, set_cell, _scenario_world):
    """Eight students proposed an experience with a supervisor (synced); their
    advisors approved six and sent two back; the coordinator set three other
    students' status by hand. The next sync must tell each decision and invite
    each approved experience's supervisor. Made once a session by the commands and
    people's edits; every other test starts from a copy of the state they left.
    (master Sheet ID, the experience codes, the hand-set students, the roster rows)."""
    from _durable import APPROVED, DECIDED, supervisor
    from _sync import TODAY
    from service.sync import experience_code
    world = emulator.world
    master, ids = cohort
    rows = sample_rows()
    if _scenario_world:
        with world.lock:
            for name, state in pickle.loads(_scenario_world["state"]).items():
                world.stores[name].load(state)
        return _scenario_world["made"]
    codes = []
    for i, student in enumerate(rows[:DECIDED]):
        response = world.forms.submit_response(ids["experience_proposal"], student["Email"], {
            "10000001": f"Experience {i}", "10000002": ["Service"], "10000003": "Weekly",
            "10000004": "2026-10-01", "10000005": "2027-06-01", "10000006": "No",
            "10000008": ["Ethics"], "10000009": "Local", "1000000a": f"Coach {i}",
            "1000000b": supervisor(i), "1000000c": "Coach"})
        codes.append(experience_code(response["responseId"]))
    assert cas("sync", "--today", TODAY)[0] == 0
    for i, code in enumerate(codes):
        decide(master, code, "Approved" if i < APPROVED else "Changes requested")
    manual = [row["Student ID"] for row in rows[20:23]]
    for sid in manual:
        set_cell(master, "Students", sid, "Status set by coordinator", "Complete")
        set_cell(master, "Students", sid, "Why the coordinator set it", f"Checked by hand: {sid}")
    with world.lock:
        _scenario_world["state"] = pickle.dumps(
            {name: store.snapshot() for name, store in world.stores.items()})
    _scenario_world["made"] = master, codes, manual, rows
    return _scenario_world["made"]
