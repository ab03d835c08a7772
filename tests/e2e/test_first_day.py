"""A coordinator's first day in a real browser (Debian's chromium), on a fresh
emulator with only the school in it: a new cohort set up by its task, a roster
with two bad lines refused (both shown by line and field, nothing written) and
the fixed one imported after its preview, provisioning in chunk tasks with the
progress bar reaching the end, a sync, and the students' statuses on the home
page. One test with steps: each step needs the one before, and the session's one
emulator and one service keep the suite short. Every page is checked by axe-core
(no serious or critical violation), fits a 375-pixel screen, and is
photographed at desktop and phone width into the folder the test prints."""

from __future__ import annotations

import csv
import io

from tests.integration._web import SAMPLE, service  # noqa: F401
from tests.integration.conftest import cas, school, tab  # noqa: F401

from tests.e2e._browser import DESKTOP, look

COORDINATOR = "coordinator@demo-school.example"
COHORT = "2026-2028"
def roster(edit=None) -> bytes:
    lines = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    if edit:
        edit(lines)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue().encode()


def upload(page, data: bytes) -> None:
    page.set_input_files("#csv_file", files=[{"name": "roster.csv", "mimeType": "text/csv",
                                              "buffer": data}])
    page.locator("form:has(#csv_file)").get_by_role("button", name="Preview").click()


def test_the_coordinators_first_day_from_the_pages(browser, service, school, tab, screenshots):  # noqa: F811
    context = browser.new_context(base_url=service.url, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/dev/sign-in?as={COORDINATOR}")
    assert page.locator("h1").inner_text() == "Cohorts"
    look(page, screenshots, "home-empty")

    # A new cohort: its setup runs as a task; the page follows it and shows what it made.
    page.get_by_role("link", name="New cohort").first.click()
    page.get_by_label("Name").fill(COHORT)
    page.get_by_label("Programme start").fill("2026-09-01")
    page.get_by_label("Programme end").fill("2028-03-31")
    page.get_by_label("CAS Classroom course").select_option(school)
    look(page, screenshots, "new-cohort")
    page.get_by_role("button", name="Set up the cohort").click()
    assert page.locator("h1").inner_text() == f"Cohort {COHORT}"
    look(page, screenshots, "setup-running")
    page.wait_for_selector("#setup-finished", timeout=60_000)   # pages.js reloads when done
    made = page.locator("ul.made").inner_text()
    assert "Cohort folder" in made and "Master Sheet" in made and "Propose a CAS experience" in made
    sheet = page.get_by_role("link", name="Master Sheet").get_attribute("href").split("/d/")[1] \
        .split("/")[0]
    look(page, screenshots, "setup-finished")

    # The roster: two bad lines refused, each by line and field; nothing written.
    page.get_by_role("link", name="import the roster").click()
    look(page, screenshots, "roster")

    def two_mistakes(lines):
        lines[3][3] = "jose at demo-school"                 # line 4, Email
        lines[9][4] = "someone@elsewhere.example"           # line 10, Advisor email
    upload(page, roster(two_mistakes))
    problems = page.locator("ol.problems li")
    assert problems.count() == 2
    assert problems.nth(0).inner_text().startswith("Line 4, Email: 'jose at demo-school'")
    assert problems.nth(1).inner_text().startswith("Line 10, Advisor email: "
                                                   "'someone@elsewhere.example'")
    assert "2 problems; nothing was written" in page.locator("#problems h2").inner_text()
    assert tab(sheet, "Students") == {}
    look(page, screenshots, "roster-problems")

    # The fixed file: previewed, then written on confirmation.
    upload(page, roster())
    assert page.locator("#summary").inner_text().startswith("60 new")
    assert tab(sheet, "Students") == {}
    look(page, screenshots, "roster-preview")
    page.get_by_role("button", name="Confirm: write these changes").click()
    assert "Roster imported from roster.csv: 60 new" in page.locator(".flash.done").inner_text()
    assert len(tab(sheet, "Students")) == 60

    # Provisioning in chunk tasks; the bar reaches the end.
    page.get_by_role("link", name="provision the students").click()
    assert "0 of 60 students provisioned" in page.locator("#provision-status").inner_text()
    look(page, screenshots, "provision")
    page.get_by_label("Students a task").fill("25")
    page.get_by_role("button", name="Start provisioning").click()
    # pages.js moves the bar as the tasks record students, and reloads when all are done.
    page.wait_for_selector("#provision-status:not([data-progress-url])", timeout=90_000)
    bar = page.locator("#provision-bar")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("60", "60")
    assert "60 of 60 students provisioned; welcome announcement posted" in \
        page.locator("#provision-status").inner_text()
    look(page, screenshots, "provision-finished")

    # A sync, and the statuses on the home page.
    page.get_by_role("link", name="Back to the cohorts").click()
    section = page.locator(f"#c-{COHORT}")
    assert "never" in section.inner_text()
    section.get_by_role("button", name="Sync now").click()
    page.wait_for_selector('.sync-status[data-done="true"]', timeout=60_000)
    page.reload()
    facts = page.locator(f"#c-{COHORT} dl.facts").inner_text()
    # Every student has a status now (At risk, with the date of this machine: the
    # first interview's window closes two months after 1 September 2026).
    statuses = ("Not started", "On track", "At risk")
    assert sum(int(facts.split(s + "\n")[1].split("\n")[0]) for s in statuses
               if s + "\n" in facts) == 60, facts
    assert "UTC (page)" in facts
    look(page, screenshots, "home")
    context.close()
