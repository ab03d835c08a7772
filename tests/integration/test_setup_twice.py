"""Two `cas setup` at once for a new cohort (a coordinator pressing the button twice,
or a page and a command): both find nothing and both make each object, at the same
moment; they end with one of everything, the same IDs recorded, and a third run
has nothing to do."""

from __future__ import annotations

import threading

import pytest

from _drive import by_tag
from service.config import Config
from service.provision import run_setup
from service.templates import load_templates
from service.workspace.workspace import Workspace

COORDINATOR = "coordinator@demo-school.example"
COHORT = "appProperties has { key='casCohort' and value='2026-2028' } and trashed = false"


def run_two_at_once(gate_on: str):
    """Two setups in threads, each held before its first call of ``gate_on`` until the
    other reaches it too: both have listed the cohort and found nothing."""
    barrier = threading.Barrier(2, timeout=60)
    results, errors = [None, None], []

    def one(index):
        workspace = Workspace.from_config(Config.from_env())
        seen = []

        def hold(method):
            if method == gate_on and not seen:
                seen.append(method)
                barrier.wait()
        workspace.counter.watch(hold)
        try:
            results[index] = run_setup(workspace, Config.from_env(), templates=load_templates())
        except Exception as err:   # noqa: BLE001 - the test reports it
            errors.append(err)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors, errors
    return results


@pytest.mark.parametrize("gate_on", ["drive.files.create", "forms.forms.create"],
                         ids=["both-make-the-folders", "both-make-the-forms"])
def test_two_setups_at_once_leave_one_of_everything(school, emulator, drive_as, sheets_as, cas,
                                                    gate_on):
    first, second = run_two_at_once(gate_on)
    files = drive_as(COORDINATOR).files().list(
        q=COHORT, fields="files(id,name,mimeType,parents,appProperties)").execute()["files"]
    kinds = sorted((f["appProperties"]["casKind"], f["appProperties"]["casId"]) for f in files)
    assert kinds == sorted([("root", "root"), ("advisors", "advisors"),
                            ("master_sheet", "master_sheet"), ("form", "experience_proposal"),
                            ("form", "reflection"), ("form", "interview_record"),
                            ("form", "supervisor_statement")])
    tagged = by_tag(files)
    assert all(f["appProperties"]["casState"] == "ready" for f in files)
    # No untagged form of the cohort is left behind in My Drive either.
    forms = drive_as(COORDINATOR).files().list(
        q="mimeType = 'application/vnd.google-apps.form' and trashed = false",
        fields="files(id,name)").execute()["files"]
    assert len(forms) == 4
    assert first.sheet_id == second.sheet_id == tagged[("master_sheet", "master_sheet")]["id"]
    settings = {row[0]: (row[1] if len(row) > 1 else "") for row in sheets_as(
        COORDINATOR).spreadsheets().values().get(spreadsheetId=first.sheet_id,
                                                 range="Settings!A2:B").execute()["values"]}
    for key in ("experience_proposal", "reflection", "interview_record", "supervisor_statement"):
        assert settings[f"{key}_form_id"] == tagged[("form", key)]["id"]
    # A third run finds everything and records nothing new.
    code, out, err = cas("setup")
    assert code == 0, err
    third = run_setup(Workspace.from_config(Config.from_env()), Config.from_env(),
                      templates=load_templates())
    assert third.made == [] and third.recorded == {}
