"""What `cas provision` costs in API calls, as a school's IT admin sees it on the
quota pages (the emulator's /emulator/stats counts calls as Google's quotas do:
each part of a batch request is one call).

Two cohorts of a generated school (bench/school.py), 12 and 48 students with the
same 4 advisors, each set up, imported and provisioned through the real clients,
with no quota and no pacing: Sheets calls do not grow with the cohort, Drive
calls grow by 2 per student (a folder and its one permission), and running
provisioning again on a provisioned cohort writes nothing.
"""

from __future__ import annotations

import datetime
import json

import pytest
import requests
from googleapiclient.discovery_cache import get_static_doc

from bench.school import COHORT, COORDINATOR, DOMAIN, make_school
from emulator import school as school_fixture
from service.config import EmulatorConfig
from service.provision import SetupOptions, import_roster, provision, run_setup
from service.templates import load_templates
from service.workspace import Workspace

ADVISORS = 4
SIZES = (12, 48)
TODAY = datetime.date(2026, 9, 7)

# Sheets methods sent as POST that only read: "Read requests are calls to any
# method that retrieves data from a spreadsheet, such as get or search"
# (https://developers.google.com/sheets/api/limits).
SHEETS_POST_READS = {"sheets.spreadsheets.getByDataFilter",
                     "sheets.spreadsheets.values.batchGetByDataFilter",
                     "sheets.spreadsheets.developerMetadata.search"}


def http_methods() -> dict[str, str]:
    """Each discovery method ID of the APIs provisioning uses, with its HTTP method."""
    found = {}

    def walk(resource):
        for method in resource.get("methods", {}).values():
            found[method["id"]] = method["httpMethod"]
        for child in resource.get("resources", {}).values():
            walk(child)
    for api, version in (("drive", "v3"), ("sheets", "v4"), ("classroom", "v1")):
        walk(json.loads(get_static_doc(api, version)))
    return found


def writes(calls: dict[str, int]) -> dict[str, int]:
    verbs = http_methods()
    return {m: n for m, n in calls.items()
            if verbs[m] != "GET" and m not in SHEETS_POST_READS}


def only(api: str, calls: dict[str, int]) -> dict[str, int]:
    return {m: n for m, n in calls.items() if m.startswith(api + ".")}


@pytest.fixture(scope="module")
def cost(running_emulator):
    """For each size: the calls of the first provisioning and of a second one,
    as the emulator counted them (method ID -> calls)."""
    templates = load_templates()
    url = running_emulator.url

    def counted(run) -> dict[str, int]:
        before = requests.get(f"{url}/emulator/stats").json()["calls"]
        run()
        after = requests.get(f"{url}/emulator/stats").json()["calls"]
        return {m: n - before.get(m, 0) for m, n in after.items() if n - before.get(m, 0)}

    found = {}
    for size in SIZES:
        running_emulator.world.reset()
        school = make_school(size, ADVISORS)
        school_fixture.load(running_emulator.world, school.fixture())
        config = EmulatorConfig(emulator_url=url, subject=COORDINATOR, school_domain=DOMAIN,
                                cohort=COHORT, drive_writes_per_second="0")
        workspace = Workspace.from_config(config)
        run_setup(workspace, config, SetupOptions(classroom_course=school.course_id))
        import_roster(workspace, config, templates, csv_text=school.roster_csv())
        results = []

        def run():
            results.append(provision(Workspace.from_config(config), config, templates,
                                     today=TODAY))
        first, second = counted(run), counted(run)
        assert len(results[0].students) == size and not results[0].problems
        found[size] = {"first": first, "second": second}
    running_emulator.world.reset()
    return found


def test_sheets_calls_are_the_same_for_12_and_48_students(cost):
    small, large = (only("sheets", cost[n]["first"]) for n in SIZES)
    assert small == large
    assert sum(small.values()) <= 6


def test_drive_calls_are_two_per_student_plus_the_same_constant(cost):
    small, large = (only("drive", cost[n]["first"]) for n in SIZES)
    beyond = [sum(calls.values()) - 2 * n for n, calls in zip(SIZES, (small, large))]
    assert beyond[0] == beyond[1]
    # Each student costs one folder and one permission on it: sharing with the
    # advisor comes by inheritance from their advisor's folder. Each advisor costs a
    # folder, a permission on it and one on the master Sheet.
    for n, calls in zip(SIZES, (small, large)):
        assert calls["drive.files.create"] == n + ADVISORS
        assert calls["drive.permissions.create"] == n + 2 * ADVISORS


def test_no_drive_call_lists_a_single_student(cost):
    # One listing finds what exists (a second one checks what the writes made);
    # a per-student lookup would show as listings growing with the cohort.
    for n in SIZES:
        assert cost[n]["first"]["drive.files.list"] <= 2


def test_the_classroom_welcome_is_one_announcement_whatever_the_size(cost):
    for n in SIZES:
        assert cost[n]["first"]["classroom.courses.announcements.create"] == 1


def test_a_second_run_makes_no_write_call(cost):
    for n in SIZES:
        assert cost[n]["second"], "the second run made no call at all"
        assert writes(cost[n]["second"]) == {}


def test_a_second_run_costs_the_same_reads_whatever_the_size(cost):
    assert cost[SIZES[0]]["second"] == cost[SIZES[1]]["second"]
