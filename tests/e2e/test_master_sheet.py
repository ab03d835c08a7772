"""The master Sheet as a coordinator sees it: the sample school set up, its roster
imported and provisioned by the `cas` command (in-process, as the integration tests
run it), then the Sheet's spreadsheetUrl opened in chromium as the coordinator.

One provisioned cohort serves the whole module, and one laptop-sized page on the
Students tab serves the tests that only look (a 500-row page takes the emulator a
couple of seconds to read); tests that navigate open their own page. The tests
only read the cohort, except where a test says what it writes and puts back.
"""

from __future__ import annotations

import csv
import pathlib
import re

import pytest

from emulator import school as school_fixture
from service.cli import main
from service.workspace import clients

from _browser import sign_in

COORDINATOR = "coordinator@demo-school.example"
ADVISOR = "amara.okafor@demo-school.example"
SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}


def cas(*args) -> None:
    try:
        main([str(a) for a in args])
    except SystemExit as exit_:
        assert not exit_.code, f"cas {' '.join(map(str, args))} exited {exit_.code}"


@pytest.fixture(scope="module")
def cohort(running_emulator):
    """The sample school, `cas setup --classroom-course`, `cas roster import` of the
    sample roster and `cas provision`, then one status written as the sync writes
    statuses (DS1002 At risk); the master Sheet's ID and URL."""
    world = running_emulator.world
    world.reset()
    school_fixture.load_file(world, school_fixture.SAMPLE)
    [course_id] = list(world.classroom.courses)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CAS_EMULATOR_URL", running_emulator.url)
        env.setenv("CAS_SUBJECT", COORDINATOR)
        env.setenv("CAS_SCHOOL_DOMAIN", "demo-school.example")
        env.setenv("CAS_COHORT", "2026-2028")
        cas("setup", "--classroom-course", course_id)
        cas("roster", "import", "--csv", SAMPLE)
        cas("provision")
    drive = clients.build("drive", "v3", clients.EmulatorCredentials(COORDINATOR), running_emulator.url)
    [sheet] = drive.files().list(q="mimeType = 'application/vnd.google-apps.spreadsheet'",
                                 fields="files(id,webViewLink)").execute()["files"]
    sheets = clients.build("sheets", "v4", clients.EmulatorCredentials(COORDINATOR), running_emulator.url)
    sheets.spreadsheets().values().update(spreadsheetId=sheet["id"], range="Students!F3",
                                          valueInputOption="RAW", body={"values": [["At risk"]]}).execute()
    yield {"id": sheet["id"], "url": sheet["webViewLink"]}
    world.reset()


@pytest.fixture
def sheets(running_emulator):
    return clients.build("sheets", "v4", clients.EmulatorCredentials(COORDINATOR), running_emulator.url)


@pytest.fixture(scope="module")
def students(browser, running_emulator, cohort):
    """The master Sheet open on its first tab (Students), on a laptop, as the coordinator;
    shared: tests using it must not navigate it."""
    context = browser.new_context(base_url=running_emulator.url, viewport=LAPTOP)
    opened_page = context.new_page()
    opened_page.set_default_timeout(10_000)
    sign_in(opened_page, COORDINATOR, cohort["url"])
    yield opened_page
    context.close()


@pytest.fixture
def page(browser, running_emulator, cohort):
    """A page of its own (its own cookies), on a laptop; the test signs in."""
    context = browser.new_context(base_url=running_emulator.url, viewport=LAPTOP)
    opened_page = context.new_page()
    opened_page.set_default_timeout(10_000)
    yield opened_page
    context.close()


def column(page, header: str) -> int:
    """The index among the row's cells of the column whose row-1 header is ``header``."""
    headers = page.locator('#ss-grid tr[data-r="1"] td').all_inner_texts()
    return headers.index(header)


def cell(page, student_id: str, header: str):
    row = page.locator("#ss-grid tbody tr").filter(has=page.locator("td", has_text=re.compile(f"^{student_id}$")))
    return row.locator("td").nth(column(page, header))


def roster(advisor: str) -> list[str]:
    with open(SAMPLE, encoding="utf-8") as handle:
        return [r["Student ID"] for r in csv.DictReader(handle) if r["Advisor email"] == advisor]


def test_the_students_tab_opens_first_and_the_header_row_stays_in_view_after_scrolling(students):
    page = students
    assert page.locator(".ss-tab.current").inner_text() == "Students"
    page.locator("#ss-grid").evaluate("grid => grid.scrollTop = 900")
    status = page.locator('#ss-grid tr[data-r="1"] td', has_text="Status").first
    grid, header = page.locator("#ss-grid").bounding_box(), status.bounding_box()
    assert grid["y"] < header["y"] < grid["y"] + 60                    # still at the top of the grid
    middle = (header["x"] + header["width"] / 2, header["y"] + header["height"] / 2)
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent", middle)
    assert on_top == "Status"                                           # drawn over the scrolled rows
    assert page.locator('#ss-grid tr[data-r="2"]').bounding_box()["y"] < grid["y"]   # row 2 scrolled away


def test_a_folder_link_opens_the_students_drive_folder_in_a_new_tab(students):
    page = students
    link = cell(page, "DS1001", "Folder").locator("a")
    assert link.get_attribute("target") == "_blank"    # as from Sheets' link chip
    with page.context.expect_page() as new_tab:
        link.click()
    folder = new_tab.value
    try:
        folder.wait_for_load_state()
        assert "/drive/folders/" in folder.url
        assert folder.locator(".crumbs .here").inner_text() == "Zoë Abernathy (DS1001)"
    finally:
        folder.close()
    assert page.locator(".ss-tab.current").inner_text() == "Students"  # the Sheet stays open


def test_the_provisioned_column_shows_the_day_as_a_date(students, cohort, sheets):
    shown = cell(students, "DS1001", "Provisioned")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown.inner_text())
    # A date in Sheets is a number formatted as a date: it sits right, like numbers.
    assert shown.evaluate("td => getComputedStyle(td).textAlign") == "right"
    letter = students.locator("#ss-grid thead th[data-c]").nth(column(students, "Provisioned")).get_attribute("data-c")
    row = shown.locator("xpath=..").get_attribute("data-r")
    answer = sheets.spreadsheets().values().get(spreadsheetId=cohort["id"], range=f"Students!{letter}{row}",
                                                valueRenderOption="UNFORMATTED_VALUE").execute()
    assert isinstance(answer["values"][0][0], (int, float))              # the API holds a date serial


def test_an_advisors_filter_view_shows_only_their_students_and_changes_nothing_for_others(
        page, cohort, sheets):
    def state():
        return sheets.spreadsheets().get(spreadsheetId=cohort["id"], ranges=["Students"], fields=(
            "sheets(basicFilter,filterViews,data.rowMetadata(hiddenByUser,hiddenByFilter))")).execute()
    before = state()
    sign_in(page, COORDINATOR, cohort["url"])
    menu = page.locator("#ss-fvid")
    offered = menu.locator("option").all_inner_texts()
    assert offered[0] == "None" and len(offered) == 1 + 6                  # one view per advisor
    [amara] = [v for v in offered if ADVISOR in v]
    with page.expect_navigation():
        menu.select_option(label=amara)
    assert amara in page.locator("#ss-filterbar").inner_text()
    rows = page.locator("#ss-grid tbody tr:not([data-r='1'])")
    shown = [r.locator("td").first.inner_text() for r in rows.all()]
    assert shown == roster(ADVISOR) and len(shown) == 10
    assert set(rows.locator(f"td:nth-child({column(page, 'Advisor') + 2})").all_inner_texts()) == {ADVISOR}
    # Google: filter views "don't change the data for other people". Nothing was
    # written: no basic filter, no hidden rows, the same views; others see every row.
    assert state() == before
    close = page.get_by_role("link", name="Close the filter view").get_attribute("href")
    assert close == f"/spreadsheets/d/{cohort['id']}/edit?gid=100"    # Close: the tab, for everyone as it is


def test_a_service_column_looks_different_from_a_people_column(students):
    status, concern = (students.locator('#ss-grid tr[data-r="1"] td').nth(column(students, h))
                       for h in ("Status", "Advisor concern"))
    background = "td => getComputedStyle(td).backgroundColor"
    assert status.evaluate(background) != concern.evaluate(background)   # grey: the service's, yellow: yours
    assert status.get_attribute("title").startswith("Filled in by the CAS service")
    assert "For people to fill in" in concern.get_attribute("title")


def test_an_at_risk_student_shows_amber(students):
    at_risk = cell(students, "DS1002", "Status")
    assert at_risk.inner_text() == "At risk"
    assert at_risk.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(255, 242, 204)"


def test_the_settings_tab_shows_yes_or_no_settings_as_checkboxes_a_coordinator_can_tick(page, cohort, sheets):
    sign_in(page, COORDINATOR, cohort["url"] + "?gid=800")
    assert page.locator(".ss-tab.current").inner_text() == "Settings"

    def box(key):
        row = page.locator("#ss-grid tbody tr").filter(has=page.locator("td", has_text=re.compile(f"^{key}$")))
        return row.get_by_role("checkbox")

    def setting(row):
        return sheets.spreadsheets().values().get(spreadsheetId=cohort["id"], range=f"Settings!B{row}",
                                                  valueRenderOption="UNFORMATTED_VALUE").execute()["values"]

    assert box("positive_statement_completes").get_attribute("aria-checked") == "true"
    hours = box("hours_tracking")
    row = hours.locator("xpath=ancestor::tr").get_attribute("data-r")
    assert hours.get_attribute("aria-checked") == "false" and setting(row) == [[False]]
    with page.expect_navigation():
        hours.click()
    assert setting(row) == [[True]] and box("hours_tracking").get_attribute("aria-checked") == "true"
    with page.expect_navigation():
        box("hours_tracking").click()
    assert setting(row) == [[False]]


def test_on_a_phone_the_tabs_and_the_filter_view_menu_fit_the_screen(students):
    students.set_viewport_size(PHONE)   # the same page, turned into a phone's window
    try:
        tabs, menu = students.locator(".ss-tabs").bounding_box(), students.locator("#ss-fvid").bounding_box()
        assert tabs["y"] + tabs["height"] <= PHONE["height"]
        assert menu["x"] + menu["width"] <= PHONE["width"]
        students.locator("#ss-grid").evaluate("grid => grid.scrollTop = 600")
        header = students.locator('#ss-grid tr[data-r="1"] td').first.bounding_box()
        assert header["y"] >= students.locator("#ss-grid").bounding_box()["y"]
    finally:
        students.set_viewport_size(LAPTOP)
