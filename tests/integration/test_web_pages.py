"""The pages for coordinators and advisors, against the emulator: who sees what
(every route for a coordinator, advisor A, advisor B, a student, someone from
outside the school and an anonymous caller), a decision written into the Sheet
as the advisor and told to the student by the next sync, a Needs review row
resolved, "Sync now" running the cohort's sync task, CSRF on every POST, the
security headers, and no development sign-in against Google."""

from __future__ import annotations

import pytest

from _sync import TODAY, answer, propose  # noqa: F401
from _web import (Browser, control, csrf, dispatch, SECRET, service, TOPIC,  # noqa: F401
                  web_config)
from service.app import create_app
from service.config import Config
from tests._iap import AUDIENCE, IapKeys

COORDINATOR = "coordinator@demo-school.example"
ADVISOR_A = "amara.okafor@demo-school.example"      # DS1001..DS1010
ADVISOR_B = "henrik.lindqvist@demo-school.example"  # DS1011..DS1020
STUDENT_A = "zoe.abernathy@demo-school.example"     # DS1001, Amara's
OUTSIDER = "someone@elsewhere.example"
COHORT = "2026-2028"


@pytest.fixture
def synced(cohort, emulator, cas):
    """The sample cohort with a proposal of DS1001 (advisor A) synced, and a
    proposal from someone not on the roster in Needs review."""
    sheet, ids = cohort
    propose(emulator, ids, STUDENT_A, "Coaching the under-12 football team")
    propose(emulator, ids, "stranger@demo-school.example", "Not on the roster")
    code, out, err = cas("sync")
    assert code in (0, 3), err + out
    return sheet, ids


def experience_code(tab, sheet, email=STUDENT_A):
    return next(code for code, row in tab(sheet, "Experiences").items()
                if row.get("Student email") == email)


def review_id(tab, sheet):
    return next(iter(tab(sheet, "Needs review")))


@pytest.fixture
def app(service):
    return service.app


def test_every_route_answers_each_person_as_their_role_allows(synced, app, tab):
    sheet, _ = synced
    code, review = experience_code(tab, sheet), review_id(tab, sheet)
    own, other = f"/cohorts/{COHORT}/students/DS1001", f"/cohorts/{COHORT}/students/DS1011"
    gets = ["/", "/coordinator", "/advisees", f"/coordinator/{COHORT}/review",
            f"/coordinator/{COHORT}/sync-status?after=99", own, other,
            f"/cohorts/{COHORT}/students/NOSUCH"]
    expected = {
        COORDINATOR: [302, 200, 403, 200, 200, 200, 200, 404],
        ADVISOR_A: [302, 403, 200, 403, 403, 200, 404, 404],
        ADVISOR_B: [302, 403, 200, 403, 403, 404, 200, 404],
        STUDENT_A: [403] * 8,
        OUTSIDER: [403] * 8,
    }
    for who, statuses in expected.items():
        browser = Browser(app, who)
        got = [browser.get(path).status_code for path in gets]
        assert got == statuses, who
    anonymous = app.test_client()
    for path in gets:
        answer_ = anonymous.get(path)
        assert answer_.status_code == 302 and "/dev/sign-in" in answer_.headers["Location"], path

    # POSTs: decided or refused before anything is written.
    posts = [(f"/advisees/{COHORT}/experiences/{code}/decision", {"decision": "Approved"}),
             (f"/coordinator/{COHORT}/review/{review}", {"note": ""}),
             (f"/coordinator/{COHORT}/sync", {})]
    for who, statuses in {ADVISOR_B: [404, 403, 403], STUDENT_A: [403, 403, 403],
                          OUTSIDER: [403, 403, 403], ADVISOR_A: [None, 403, 403],
                          COORDINATOR: [403, None, None]}.items():
        browser = Browser(app, who)
        for (path, form), status in zip(posts, statuses):
            if status is not None:
                assert browser.post(path, **form).status_code == status, (who, path)
    assert tab(sheet, "Experiences")[code].get("Decision", "") == ""
    for path, form in posts:
        assert anonymous.post(path, data=form).status_code in (302, 400)


# The coordinator's pages of a cohort's first steps: New cohort (and its setup
# followed), Roster (preview, import) and Provision (start, progress).
FIRST_STEPS_GETS = ["/coordinator/new-cohort", f"/coordinator/new-cohort/{COHORT}",
                    f"/coordinator/new-cohort/{COHORT}/progress",
                    f"/coordinator/{COHORT}/roster", f"/coordinator/{COHORT}/provision",
                    f"/coordinator/{COHORT}/provision/progress"]
FIRST_STEPS_POSTS = [("/coordinator/new-cohort", {"name": "2030-2032", "key": "k" * 20}),
                     (f"/coordinator/{COHORT}/roster/preview", {"source": "classroom",
                                                                "course_id": "x"}),
                     (f"/coordinator/{COHORT}/roster/import", {"source": "classroom",
                                                               "course_id": "x", "token": "t"}),
                     (f"/coordinator/{COHORT}/provision", {"key": "k" * 20, "chunk": "5"})]


def test_the_first_steps_pages_are_the_coordinators_only(synced, app, emulator, tab):
    sheet, _ = synced
    for who in (ADVISOR_A, ADVISOR_B, STUDENT_A, OUTSIDER):
        browser = Browser(app, who)
        assert [browser.get(p).status_code for p in FIRST_STEPS_GETS] == [403] * 6, who
        for path, form in FIRST_STEPS_POSTS:
            assert browser.post(path, **form).status_code == 403, (who, path)
    anonymous = app.test_client()
    for path in FIRST_STEPS_GETS:
        answer_ = anonymous.get(path)
        assert answer_.status_code == 302 and "/dev/sign-in" in answer_.headers["Location"], path
    for path, form in FIRST_STEPS_POSTS:
        assert anonymous.post(path, data=form).status_code in (302, 400), path
    coordinator = Browser(app, COORDINATOR)
    assert [coordinator.get(p).status_code for p in FIRST_STEPS_GETS] == [200] * 6
    for path, form in FIRST_STEPS_POSTS:     # without the CSRF token: refused
        answer_ = coordinator.client.post(path, data=form)
        assert answer_.status_code == 400 and "expired" in answer_.get_data(as_text=True), path
    assert coordinator.get("/coordinator/NOSUCH/roster").status_code == 404
    assert coordinator.get("/coordinator/NOSUCH/provision").status_code == 404
    # Nothing was enqueued nor written by any refused request.
    assert dispatch(emulator) == []
    assert len(tab(sheet, "Students")) == 60


# The coordinator's buttons: Report cards (a term's run enqueued, then followed) and
# the IBIS export (listed, then written and downloaded).
BUTTON_GETS = [f"/coordinator/{COHORT}/reports",
               f"/coordinator/{COHORT}/reports?term=Term+1&run={'k' * 20}",
               f"/coordinator/{COHORT}/reports/progress?term=Term+1&run={'k' * 20}",
               f"/coordinator/{COHORT}/ibis"]
BUTTON_POSTS = [(f"/coordinator/{COHORT}/reports", {"term": "Term 1", "key": "k" * 20}),
                (f"/coordinator/{COHORT}/ibis", {})]


def test_the_report_cards_and_ibis_export_pages_are_the_coordinators_only(synced, app,
                                                                          emulator, tab):
    sheet, _ = synced
    for who in (ADVISOR_A, ADVISOR_B, STUDENT_A, OUTSIDER):
        browser = Browser(app, who)
        assert [browser.get(p).status_code for p in BUTTON_GETS] == [403] * 4, who
        for path, form in BUTTON_POSTS:
            assert browser.post(path, **form).status_code == 403, (who, path)
    anonymous = app.test_client()
    for path in BUTTON_GETS:
        answer_ = anonymous.get(path)
        assert answer_.status_code == 302 and "/dev/sign-in" in answer_.headers["Location"], path
    for path, form in BUTTON_POSTS:
        assert anonymous.post(path, data=form).status_code in (302, 400), path
    coordinator = Browser(app, COORDINATOR)
    assert [coordinator.get(p).status_code for p in BUTTON_GETS] == [200] * 4
    for path, form in BUTTON_POSTS:     # without the CSRF token: refused
        answer_ = coordinator.client.post(path, data=form)
        assert answer_.status_code == 400 and "expired" in answer_.get_data(as_text=True), path
    assert coordinator.get("/coordinator/NOSUCH/reports").status_code == 404
    assert coordinator.get("/coordinator/NOSUCH/ibis").status_code == 404
    # Nothing was enqueued nor written by any refused request.
    assert dispatch(emulator) == []
    assert tab(sheet, "IBIS export") == {}


def test_the_403_page_says_whom_to_ask(synced, app):
    page = Browser(app, STUDENT_A).get("/advisees").get_data(as_text=True)
    assert "not open to you" in page and f"mailto:{COORDINATOR}" in page


def test_an_advisor_approves_as_if_typed_in_the_sheet_and_the_sync_tells_the_student(
        synced, app, tab, cas, outbox, emulator):
    sheet, _ = synced
    code = experience_code(tab, sheet)
    advisor = Browser(app, ADVISOR_A)
    page = advisor.get("/advisees").get_data(as_text=True)
    assert "Coaching the under-12 football team" in page and code in page
    assert "Not on the roster" not in page
    before = control(emulator, "stats", method="get")
    answer_ = advisor.post(f"/advisees/{COHORT}/experiences/{code}/decision",
                           decision="Approved", comment="Great idea, <b>go</b>! =1+1")
    assert answer_.status_code == 302
    row = tab(sheet, "Experiences")[code]
    assert (row["Decision"], row["Advisor's comment"]) == ("Approved",
                                                           "Great idea, <b>go</b>! =1+1")
    after = control(emulator, "stats", method="get")
    assert str(after) != str(before) and ADVISOR_A in str(after)   # the call was the advisor's
    assert f'id="exp-{code}"' not in advisor.get("/advisees").get_data(as_text=True)
    code_, out, err = cas("sync")
    assert code_ in (0, 3), err + out
    told = [m for m in outbox() if STUDENT_A in m["to"]]
    assert any("Great idea" in m["body"] for m in told), told


def test_a_decision_needing_a_reason_without_one_writes_nothing(synced, app, tab):
    sheet, _ = synced
    code = experience_code(tab, sheet)
    answer_ = Browser(app, ADVISOR_A).post(f"/advisees/{COHORT}/experiences/{code}/decision",
                                           decision="Rejected", comment="  ")
    assert answer_.status_code == 302
    assert tab(sheet, "Experiences")[code].get("Decision", "") == ""


def test_a_post_without_the_csrf_token_writes_nothing(synced, app, tab):
    sheet, _ = synced
    code = experience_code(tab, sheet)
    advisor = Browser(app, ADVISOR_A)
    answer_ = advisor.client.post(f"/advisees/{COHORT}/experiences/{code}/decision",
                                  data={"decision": "Approved"})
    assert answer_.status_code == 400 and "expired" in answer_.get_data(as_text=True)
    assert tab(sheet, "Experiences")[code].get("Decision", "") == ""


def test_the_coordinator_resolves_a_review_item_with_a_note(synced, app, tab):
    sheet, _ = synced
    review = review_id(tab, sheet)
    coordinator = Browser(app, COORDINATOR)
    page = coordinator.get(f"/coordinator/{COHORT}/review").get_data(as_text=True)
    assert review in page and "Not on the roster" in page
    coordinator.post(f"/coordinator/{COHORT}/review/{review}", note="Asked the student to use "
                                                                       "their school account")
    row = tab(sheet, "Needs review")[review]
    assert row["Resolved"] == "TRUE" and row["What was done"].startswith("Asked the student")
    assert f'id="r-{review}"' not in coordinator.get(
        f"/coordinator/{COHORT}/review").get_data(as_text=True)


def test_sync_now_runs_the_cohorts_sync_and_the_page_sees_it_finish(synced, app, emulator, tab):
    sheet, _ = synced
    coordinator = Browser(app, COORDINATOR)
    home = coordinator.get("/coordinator").get_data(as_text=True)
    assert "On track" in home or "Not started" in home or "At risk" in home
    syncs = len(tab(sheet, "Sync log"))
    answer_ = coordinator.post(f"/coordinator/{COHORT}/sync")
    assert answer_.status_code == 302 and f"after={syncs}" in answer_.headers["Location"]
    status = f"/coordinator/{COHORT}/sync-status?after={syncs}"
    assert coordinator.get(status).get_json()["done"] is False
    [delivery] = dispatch(emulator)
    assert delivery["status"] == 200
    done = coordinator.get(status).get_json()
    assert done["done"] is True and "(page)" in done["text"]


def test_every_response_carries_the_security_headers(synced, app):
    answer_ = Browser(app, COORDINATOR).get("/coordinator")
    csp = answer_.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert answer_.headers["X-Frame-Options"] == "DENY"
    assert answer_.headers["Referrer-Policy"] == "no-referrer"
    assert answer_.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in answer_.get_data(as_text=True)


def test_against_google_there_is_no_development_sign_in_and_iaps_headers_must_be_signed():
    iap = IapKeys()
    try:
        app = create_app(Config(
            subject=COORDINATOR, school_domain="demo-school.example",
            tasks_queue_parent="projects/p/locations/l", push_topic="projects/p/topics/t",
            push_audience="https://cas.example/push/forms",
            push_service_account="push@p.iam.gserviceaccount.com",
            token_key="c2Nob29sLW93bi1rZXktZm9yLXRoZS10ZXN0LW9mLXRoZS1wYWdlcw",
            iap_audience=AUDIENCE, iap_certs_url=iap.url))
        client = app.test_client()
        assert client.get("/dev/sign-in").status_code == 404
        assert client.get("/dev/sign-in?as=" + COORDINATOR).status_code == 404
        forged_headers = [
            {"X-Goog-Authenticated-User-Email": f"accounts.google.com:{COORDINATOR}"},
            {"X-Goog-IAP-JWT-Assertion": iap.token(COORDINATOR, expires_in=-60)},
            {"X-Goog-IAP-JWT-Assertion": iap.token(COORDINATOR, audience="/projects/1/apps/x")},
        ]
        for headers in forged_headers:
            answer_ = client.get("/coordinator", headers=headers)
            assert answer_.status_code == 401, headers
            assert "Not signed in" in answer_.get_data(as_text=True)
    finally:
        iap.close()
