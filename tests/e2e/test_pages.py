"""The pages in a real browser (Debian's chromium): an advisor on a 375-pixel phone
approves a proposal and the student's decision email goes out at the next sync;
a coordinator's pages; axe-core on every page (no serious or critical
violation); a screenshot of each page at desktop and phone width, for a person to
look through, in the folder the test prints (not committed)."""

from __future__ import annotations

import datetime

import pytest

from service.app import create_app
from service.cohorts import cohort_config
from service.records.report import make_reports
from service.templates import load_templates
from service.workspace import Workspace
from tests.e2e._browser import DESKTOP, PHONE, look
from tests.integration._sync import propose
from tests.integration._web import RunningService, web_config
from tests.integration.conftest import (_provisioned_world, cas, cohort, outbox,  # noqa: F401
                                        school, tab)

COORDINATOR = "coordinator@demo-school.example"
ADVISOR_A = "amara.okafor@demo-school.example"
STUDENT_A = "zoe.abernathy@demo-school.example"
COHORT = "2026-2028"
RUN = "a-run-of-the-report-page"


@pytest.fixture
def pages(cohort, emulator, cas):  # noqa: F811
    """The sample cohort with Zoë's proposal synced and one response in Needs
    review, and the service's pages on a port."""
    sheet, ids = cohort
    propose(emulator, ids, STUDENT_A, "Coaching the under-12 football team")
    propose(emulator, ids, "stranger@demo-school.example", "Not on the roster")
    code, out, err = cas("sync")
    assert code in (0, 3), err + out
    running = RunningService(create_app(web_config(emulator)))
    yield running, sheet
    running.stop()


def test_an_advisor_on_a_phone_approves_a_proposal_and_the_student_is_told(
        browser, pages, tab, cas, outbox, screenshots):  # noqa: F811
    service, sheet = pages
    code = next(c for c, row in tab(sheet, "Experiences").items()
                if row.get("Student email") == STUDENT_A)
    context = browser.new_context(base_url=service.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/dev/sign-in?as={ADVISOR_A}")
    assert page.locator("h1").inner_text() == "My advisees"
    # Interview 1 of the sample cohort (from 1 September 2026) is due, or overdue, now.
    assert "Record the interview with" in page.locator("ul.due").inner_text()
    look(page, screenshots, "advisees")
    proposal = page.locator(f"#exp-{code}")
    proposal.get_by_label("Approve").check()
    proposal.get_by_label("Comment to the student").fill("Great idea: plan the first session.")
    proposal.get_by_role("button", name="Save decision").click()
    assert "is in the Sheet" in page.locator(".flash").inner_text()
    assert page.locator(f"#exp-{code}").count() == 0
    assert tab(sheet, "Experiences")[code]["Decision"] == "Approved"
    page.goto(f"/cohorts/{COHORT}/students/DS1001")
    look(page, screenshots, "student")
    context.close()
    code_, out, err = cas("sync")
    assert code_ in (0, 3), err + out
    assert any(STUDENT_A in m["to"] and "plan the first session" in m["body"]
               for m in outbox())


def test_the_coordinators_pages_read_well_on_a_desktop_and_a_phone(
        browser, pages, screenshots, emulator):
    service, _ = pages
    config = cohort_config(web_config(emulator), COHORT)
    context = browser.new_context(base_url=service.url, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/dev/sign-in?as={COORDINATOR}")
    assert page.locator("h1").inner_text() == "Cohorts"
    look(page, screenshots, "home-with-a-proposal")
    page.get_by_role("link", name="Needs review: 1").click()
    assert "Not on the roster" in page.content()
    look(page, screenshots, "review")
    page.goto(f"/coordinator/{COHORT}/roster")
    look(page, screenshots, "roster-of-a-cohort")
    page.goto(f"/coordinator/{COHORT}/provision")
    look(page, screenshots, "provision-of-a-cohort")
    page.goto("/coordinator/new-cohort")
    look(page, screenshots, "new-cohort-form")
    page.goto(f"/coordinator/{COHORT}/reports")
    look(page, screenshots, "report-cards-form")
    page.goto(f"/coordinator/{COHORT}/reports?term=Term+1&run={RUN}")
    assert "0 of 60 students have a report" in page.locator("#reports-status").inner_text()
    look(page, screenshots, "report-cards-running")
    make_reports(Workspace.from_config(config), config, load_templates(), term="Term 1",
                 today=datetime.date.today(), run=RUN)    # as the task would
    page.reload()
    assert page.locator("#reports-finished a").inner_text() == "Open the folder Reports Term 1"
    look(page, screenshots, "report-cards-finished")
    page.goto(f"/coordinator/{COHORT}/ibis")
    assert page.locator("#pending-h").inner_text() == "Pending (60)"
    look(page, screenshots, "ibis-export")
    page.goto("/dev/sign-in")
    look(page, screenshots, "signin")
    page.goto("/dev/sign-in?as=someone@elsewhere.example")
    look(page, screenshots, "forbidden")
    context.close()


def test_the_coordinator_resolves_a_needs_review_item_with_a_note(browser, pages, tab,
                                                                   screenshots):
    service, sheet = pages
    [(response_id, row)] = tab(sheet, "Needs review").items()
    context = browser.new_context(base_url=service.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/dev/sign-in?as={COORDINATOR}")
    page.get_by_role("link", name="Needs review: 1").click()
    item = page.locator(f"#r-{response_id}")
    assert "Not on the roster" in item.inner_text()
    item.get_by_label("What was done").fill("Asked them to use their school account.")
    item.get_by_role("button", name="Resolved").click()
    assert "is marked Resolved in the Sheet" in page.locator(".flash").inner_text()
    assert page.locator(f"#r-{response_id}").count() == 0
    assert "Nothing to review" in page.content()
    look(page, screenshots, "review-resolved")
    resolved = tab(sheet, "Needs review")[response_id]
    assert resolved["Resolved"] == "TRUE"
    assert resolved["What was done"] == "Asked them to use their school account."
    context.close()
