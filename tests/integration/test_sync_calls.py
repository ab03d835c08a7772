"""What `cas sync` costs in Sheets calls, as a school's IT admin sees it on the
quota pages (the emulator's /emulator/stats counts calls as Google's quotas do).

Two cohorts of a generated school (bench/school.py), 12 and 48 students with the
same 4 advisors, each set up, imported and provisioned, with an experience
proposed by each of (up to) 18 students and synced, so that reflections have
codes to name (bench/sync.py; all uncounted). Then three counted syncs on each:
one after a few new responses, one after many, and one with nothing new.

The Sheets calls of a sync depend neither on the cohort's size nor on how many
responses came: a sync takes its lock (spreadsheets.batchUpdate), reads the Sheet
(values.batchGetByDataFilter and developerMetadata.search), writes the rows, the
Dashboard and the notices due (spreadsheets.batchUpdate), reads the tabs whose
existing rows it changed again to check every value landed on its row
(values.batchGetByDataFilter, only when it changed any), and writes what Google
said of the notices, the cursors, the Sync log line and the lock's release
(spreadsheets.batchUpdate). With nothing new no row's cell changes: nothing is
checked.
"""

from __future__ import annotations

import datetime

import pytest

from bench.harness import Control, measured
from bench.school import COHORT, COORDINATOR, DOMAIN, make_school
from bench.sync import Cohort, Mix, history, new_responses
from emulator import school as school_fixture
from service.config import EmulatorConfig
from service.templates import load_templates
from service.workspace.calls import CallCounter

ADVISORS = 4
SIZES = (12, 48)
FEW, MANY = 6, 40
TODAY = datetime.date(2026, 11, 20)
LOCK_AND_WRITES = {"sheets.spreadsheets.batchUpdate": 3}
# Tabs whose rows a sync writes (the Dashboard is rewritten whole each sync,
# and the Sync log gains a line).
ROW_TABS = ("Students", "Experiences", "Reflections", "Supervisor statements", "Interviews",
            "Needs review", "Opportunities", "Settings")


def sheets(calls: dict[str, int]) -> dict[str, int]:
    return {m: n for m, n in calls.items() if m.startswith("sheets.")}


def tabs(cohort: Cohort, titles) -> dict[str, list]:
    ranges = cohort.workspace.sheets.values_batch_get(cohort.sheet_id, list(titles),
                                                      value_render="FORMATTED_VALUE")
    return {title: answer.get("values", []) for title, answer in zip(titles, ranges)}


@pytest.fixture(scope="module")
def cost(running_emulator):
    """For each size: the Sheets calls of the syncs after a few responses, after
    many and after none (as the emulator counted them, checked against the
    service's own counter), and the Sheet's rows before and after the last."""
    templates = load_templates()
    control = Control(running_emulator.url)
    found = {}
    for size in SIZES:
        running_emulator.world.reset()
        school = make_school(size, ADVISORS)
        school_fixture.load(running_emulator.world, school.fixture())
        config = EmulatorConfig(emulator_url=running_emulator.url, subject=COORDINATOR,
                                school_domain=DOMAIN, cohort=COHORT,
                                drive_writes_per_second="0")
        cohort = Cohort.provisioned(running_emulator.world, config, templates, school, TODAY)
        experiences, _ = history(cohort, Mix.of(MANY), 0, TODAY, approve=False)
        runs = {}

        def counted(name):
            counter = CallCounter()
            result, figures = measured(control, counter, lambda: cohort.sync(TODAY, counter))
            assert sheets(figures["calls"]) == sheets(figures["emulatorCalls"])
            runs[name] = {"sheets": sheets(figures["emulatorCalls"]), "result": result}
        for name, responses in (("few", FEW), ("many", MANY)):
            new_responses(cohort, Mix.of(responses), experiences, TODAY)
            counted(name)
        titles = (*ROW_TABS, "Sync log")
        runs["before"] = tabs(cohort, titles)
        counted("nothing new")
        runs["after"] = tabs(cohort, titles)
        found[size] = runs
    running_emulator.world.reset()
    return found


def test_the_syncs_read_and_wrote_what_came(cost):
    for size in SIZES:
        few, many = cost[size]["few"]["result"], cost[size]["many"]["result"]
        assert few.responses_read >= FEW and many.responses_read >= MANY
        assert few.rows_added["reflections"] == Mix.of(FEW).reflections
        assert many.rows_added["experiences"] == Mix.of(MANY).proposals
        assert len(many.needs_review) == 2
        assert sum(many.statuses.values()) == size


def test_the_sheets_calls_of_a_sync_are_the_same_for_12_and_48_students(cost):
    small, large = (cost[n]["few"]["sheets"] for n in SIZES)
    assert small == large


def test_the_sheets_calls_of_a_sync_are_the_same_for_few_and_many_responses(cost):
    for size in SIZES:
        assert cost[size]["few"]["sheets"] == cost[size]["many"]["sheets"]


def test_a_sync_with_news_locks_reads_writes_checks_and_writes_its_last_batch(cost):
    assert cost[SIZES[0]]["many"]["sheets"] == {
        **LOCK_AND_WRITES, "sheets.spreadsheets.values.batchGetByDataFilter": 2,
        "sheets.spreadsheets.developerMetadata.search": 1}


def test_a_sync_with_nothing_new_checks_nothing(cost):
    for size in SIZES:
        assert cost[size]["nothing new"]["sheets"] == {
            **LOCK_AND_WRITES, "sheets.spreadsheets.values.batchGetByDataFilter": 1,
            "sheets.spreadsheets.developerMetadata.search": 1}
        result = cost[size]["nothing new"]["result"]
        assert not result.rows_added and result.rows_updated == 0


def test_a_sync_with_nothing_new_changes_no_row_and_adds_one_sync_log_line(cost):
    for size in SIZES:
        before, after = cost[size]["before"], cost[size]["after"]
        assert {t: after[t] for t in ROW_TABS} == {t: before[t] for t in ROW_TABS}
        assert len(after["Sync log"]) == len(before["Sync log"]) + 1
