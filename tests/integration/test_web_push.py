"""A submission reaches the master Sheet by itself: the daily cron puts a RESPONSES
watch on each live cohort's Forms; a submission makes the Forms API publish a
notification, which Pub/Sub (the emulator) pushes, signed, to POST /push/forms;
the service enqueues a debounced sync of the form's cohort on the `sync` queue,
due at the end of its 20-second window, and Cloud Tasks runs it. Nobody runs a
command. A burst of submissions makes a few syncs, not one each."""

import requests

from _sync import propose
from _web import CRON_HEADERS, advance, dispatch, service, wait_until  # noqa: F401

STUDENTS = ["zoe.abernathy@demo-school.example", "liam.baptiste@demo-school.example",
            "maya.chen@demo-school.example", "noah.diallo@demo-school.example",
            "sofia.eriksen@demo-school.example", "arjun.fernandes@demo-school.example"]


def roster_emails(sample_rows, n):
    return [row["Email"] for row in sample_rows()[:n]]


def pushes_answered(emulator, count):
    """Wait until ``count`` pushes have been answered; their statuses."""
    def answered():
        done = [d for d in emulator.world.forms.deliveries.all() if d["status"] is not None]
        return done if len(done) >= count else None
    return wait_until(answered) or emulator.world.forms.deliveries.all()


def watch_forms(service):
    answer = service.get("/tasks/watches", headers=CRON_HEADERS)
    assert answer.status_code == 200, answer.text
    return answer.json()


def sync_lines(tab, sheet):
    return list(tab(sheet, "Sync log").values())


def test_a_submission_reaches_the_sheet_with_nobody_running_a_command(
        cohort, service, emulator, tab, sample_rows):
    sheet, ids = cohort
    report = watch_forms(service)
    [made] = report["cohorts"]
    assert sorted(made["created"]) == sorted(["experience_proposal", "reflection",
                                              "interview_record", "supervisor_statement"])
    [student] = roster_emails(sample_rows, 1)
    response = propose(emulator, ids, student, "Beach clean-up")
    [push] = pushes_answered(emulator, 1)
    assert push["status"] == 200 and push["attributes"]["formId"] == ids["experience_proposal"]
    advance(emulator, 20)          # the end of the debounce window
    deliveries = dispatch(emulator)
    assert [(d["status"], d["outcome"]) for d in deliveries] == [(200, "succeeded")]
    rows = tab(sheet, "Experiences").values()
    assert [r["Title"] for r in rows if r.get("Proposal response") == response["responseId"]] \
        == ["Beach clean-up"]
    [line] = sync_lines(tab, sheet)
    assert line["Trigger"] == "push"


def test_a_burst_of_submissions_makes_a_few_syncs_not_one_each(
        cohort, service, emulator, tab, sample_rows):
    sheet, ids = cohort
    watch_forms(service)
    students = roster_emails(sample_rows, 12)
    for i, student in enumerate(students):
        propose(emulator, ids, student, f"Burst {i}")
    pushes = pushes_answered(emulator, len(students))
    assert [p["status"] for p in pushes] == [200] * len(students)
    advance(emulator, 20)
    deliveries = dispatch(emulator)
    # Twelve pushes within a second or two: one task per cohort and 20-second window.
    assert 1 <= len(deliveries) <= 2 and {d["status"] for d in deliveries} == {200}
    titles = {r["Title"] for r in tab(sheet, "Experiences").values()}
    assert {f"Burst {i}" for i in range(12)} <= titles
    lines = sync_lines(tab, sheet)
    assert 1 <= len(lines) <= 2 and {line["Trigger"] for line in lines} == {"push"}


def test_a_push_for_a_cohort_already_enqueued_in_the_window_is_acknowledged(
        cohort, service, emulator):
    sheet, ids = cohort
    watch_forms(service)
    from _web import control
    control(emulator, "cloudtasks/target", {"url": ""})     # hold the tasks to look at them
    from emulator.forms import pubsub
    from _web import AUDIENCE
    body = {"message": {"attributes": {"eventType": "RESPONSES",
                                       "formId": ids["reflection"], "watchId": "w"},
                        "messageId": "7"}, "subscription": "s"}
    headers = {"Authorization": f"Bearer {pubsub.oidc_token(AUDIENCE)}"}
    first = requests.post(service.url + "/push/forms", json=body, headers=headers, timeout=30)
    again = requests.post(service.url + "/push/forms", json=body, headers=headers, timeout=30)
    assert first.status_code == again.status_code == 200
    assert first.json()["cohort"] == "2026-2028" and first.json()["created"] is True
    if again.json()["task"] == first.json()["task"]:       # same 20-second window
        assert again.json()["created"] is False
    assert first.json()["due"] > ""
