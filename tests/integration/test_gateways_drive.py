"""The Drive gateway against the emulator, through google-api-python-client:
folders found by appProperties, sharing without Google's emails, errors with
Google's reason, retries through Drive's rate-limit 403, and batch requests."""

import time

import pytest

from _gateways import COORDINATOR, RecordedSleep, clear_faults, set_faults, stats, workspace_as
from service.workspace.clients import EmulatorCredentials
from service.workspace.drive import FOLDER
from service.workspace.errors import NotFound, PermissionDenied, RateLimited, Unavailable
from service.workspace.retry import RetryPolicy
from service.workspace.workspace import Workspace

STUDENT = "ana.student@school.example"
OTHER_STUDENT = "ben.student@school.example"


@pytest.fixture
def workspace(emulator):
    return workspace_as(emulator)


def test_a_folder_made_with_app_properties_is_found_by_them(workspace):
    made = workspace.drive.create_folder("CAS 2026-2028", app_properties={
        "casKind": "root", "casCohort": "2026-2028"})
    workspace.drive.create_folder("Someone else's folder", app_properties={"casKind": "root",
                                                                           "casCohort": "2025-2027"})
    found = workspace.drive.find({"casKind": "root", "casCohort": "2026-2028"})
    assert [f["id"] for f in found] == [made["id"]]
    assert found[0]["mimeType"] == FOLDER and found[0]["appProperties"]["casKind"] == "root"


def test_a_value_with_a_quote_or_backslash_is_found_exactly(workspace):
    # Drive's query language escapes ' and \ inside string literals (ref-search-terms).
    name = "O'Brien \\ Ní Dhomhnaill"
    made = workspace.drive.create_folder(name, app_properties={"casId": name})
    assert [f["id"] for f in workspace.drive.find({"casId": name})] == [made["id"]]


def test_a_trashed_folder_is_not_found_unless_asked_for(workspace):
    made = workspace.drive.create_folder("Old", app_properties={"casKind": "student"})
    workspace.drive.update(made["id"], {"trashed": True})
    assert workspace.drive.find({"casKind": "student"}) == []
    assert len(workspace.drive.find({"casKind": "student"}, include_trashed=True)) == 1


def test_sharing_a_student_folder_lets_the_student_in_and_sends_no_google_email(
        emulator, workspace):
    folder = workspace.drive.create_folder("Ana (S001)")
    workspace.drive.share(folder["id"], STUDENT, "writer")
    assert workspace_as(emulator, STUDENT).drive.get(folder["id"])["name"] == "Ana (S001)"
    with pytest.raises(NotFound):
        workspace_as(emulator, OTHER_STUDENT).drive.get(folder["id"])
    assert emulator.world.drive.notifications == []


def test_moving_a_student_folder_to_another_advisor_changes_who_inherits_access(emulator, workspace):
    drive = workspace.drive
    old, new = drive.create_folder("Advisor A"), drive.create_folder("Advisor B")
    drive.share(old["id"], "a.advisor@school.example", "writer")
    drive.share(new["id"], "b.advisor@school.example", "writer")
    student = drive.create_folder("Ana (S001)", parent_id=old["id"])
    moved = drive.move(student["id"], to_folder=new["id"], from_folder=old["id"])
    assert moved["parents"] == [new["id"]]
    assert workspace_as(emulator, "b.advisor@school.example").drive.get(student["id"])["id"]
    with pytest.raises(NotFound):
        workspace_as(emulator, "a.advisor@school.example").drive.get(student["id"])


def test_a_file_nobody_shared_is_not_found_at_once_with_googles_reason(emulator, workspace):
    folder = workspace.drive.create_folder("Private")
    stranger = workspace_as(emulator, STUDENT)
    with pytest.raises(NotFound) as raised:
        stranger.drive.get(folder["id"])
    assert (raised.value.status, raised.value.reason, raised.value.method) == (
        404, "notFound", "drive.files.get")
    assert stranger.counter.calls["drive.files.get"] == 1 and not stranger.counter.retries


def test_a_reader_who_renames_gets_permission_denied_at_once_not_a_retry(emulator, workspace):
    folder = workspace.drive.create_folder("Read only")
    workspace.drive.share(folder["id"], STUDENT, "reader")
    reader = workspace_as(emulator, STUDENT)
    with pytest.raises(PermissionDenied) as raised:
        reader.drive.update(folder["id"], {"name": "Mine now"})
    assert raised.value.reason == "insufficientFilePermissions"
    assert reader.counter.calls["drive.files.update"] == 1
    assert reader.policy.sleep.waits == []


def test_drives_rate_limit_403_is_waited_out_and_the_retry_is_counted(emulator):
    # Over its write quota Drive answers 403 userRateLimitExceeded; Google asks for backoff.
    throttled_by_emulator = []

    def window_passes():  # what the emulator refused, then its quota off
        throttled_by_emulator.append(stats(emulator)["throttled"])
        clear_faults(emulator)

    sleep = RecordedSleep(instead=window_passes)
    workspace = workspace_as(emulator, sleep=sleep)
    set_faults(emulator, {"api": "drive", "group": "write", "quota": {"limit": 2, "perSeconds": 1}})
    for name in ("1", "2", "3"):
        workspace.drive.create_folder(name)
    assert len(sleep.waits) == 1
    counter = workspace.counter
    assert counter.calls["drive.files.create"] == 4
    assert counter.retries["drive.files.create"] == 1
    assert counter.throttled["drive.files.create"] == 1
    assert throttled_by_emulator == [{"drive.files.create": 1}]
    assert stats(emulator)["calls"]["drive.files.create"] == 4  # the emulator counted the same
    assert sorted(f["name"] for f in workspace.drive.files("trashed = false")) == ["1", "2", "3"]


def test_a_server_that_keeps_failing_is_given_up_on_after_the_last_attempt(emulator):
    workspace = workspace_as(emulator, max_attempts=3)
    set_faults(emulator, {"api": "drive", "errorRate": 1.0, "errorStatus": 503})
    with pytest.raises(Unavailable) as raised:
        workspace.drive.create_folder("Never")
    assert raised.value.status == 503
    assert workspace.counter.calls["drive.files.create"] == 3
    assert workspace.counter.failed["drive.files.create"] == 1
    assert stats(emulator)["injected"] == {"drive.files.create": 3}


def test_a_batch_of_250_creates_goes_as_three_batch_requests_of_at_most_100(emulator, workspace):
    drive = workspace.drive
    parent = drive.create_folder("Students")
    results = drive.batch(drive.create_folder_request(f"Student {n:03}", parent["id"],
                                                      {"casKind": "student", "casId": f"S{n:03}"})
                          for n in range(250))
    assert all(r.ok for r in results)
    assert [r.value["name"] for r in results] == [f"Student {n:03}" for n in range(250)]
    assert workspace.counter.batches["drive"] == 3
    assert workspace.counter.calls["drive.files.create"] == 251
    assert stats(emulator)["calls"]["drive.files.create"] == 251  # each part is a call to Google
    assert len(drive.find({"casKind": "student"})) == 250


def test_each_part_of_a_batch_succeeds_or_fails_on_its_own(workspace):
    drive = workspace.drive
    parent = drive.create_folder("Students")
    results = drive.batch([drive.create_folder_request("Ana", parent["id"]),
                           drive.create_folder_request("Ben", "no-such-folder"),
                           drive.create_folder_request("Cai", parent["id"])])
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, NotFound) and results[1].error.method == "drive.files.create"
    assert not workspace.counter.retries  # a missing parent does not appear by waiting


def test_a_throttled_batch_sends_again_only_the_parts_that_were_refused(emulator):
    sleep = RecordedSleep(instead=lambda: clear_faults(emulator))
    workspace = workspace_as(emulator, sleep=sleep)
    drive = workspace.drive
    parent = drive.create_folder("Students")
    set_faults(emulator, {"api": "drive", "group": "write", "quota": {"limit": 4, "perSeconds": 60}})
    results = drive.batch(drive.create_folder_request(f"Student {n}", parent["id"])
                          for n in range(10))
    assert all(r.ok for r in results)
    assert len(sleep.waits) == 1
    assert workspace.counter.calls["drive.files.create"] == 1 + 10 + 6
    assert workspace.counter.retries["drive.files.create"] == 6
    names = [f["name"] for f in drive.files(f"'{parent['id']}' in parents")]
    assert sorted(names) == sorted(f"Student {n}" for n in range(10))  # none made twice
    # After the refusal no batch held more than Drive had let through (4); then it may double.
    assert workspace.counter.batches["drive"] == 3  # 10 (6 refused), then 4, then the last 2


def test_paced_writes_never_meet_drives_rate_limit(emulator):
    # A sliding window of 20 writes a second; paced at 20 a second, groups of 20
    # go one second after the previous group was answered, so none is refused.
    workspace = workspace_as(emulator, sleep=time.sleep)
    drive = workspace.drive
    drive.pace_writes(20)
    set_faults(emulator, {"api": "drive", "group": "write", "quota": {"limit": 20, "perSeconds": 1}})
    results = drive.batch(drive.create_folder_request(f"F{n}") for n in range(45))
    assert all(r.ok for r in results)
    assert stats(emulator)["throttled"] == {}
    assert workspace.counter.batches["drive"] == 3 and not workspace.counter.retries


def test_a_batch_that_stays_throttled_reports_the_refused_parts_as_rate_limited(emulator):
    workspace = workspace_as(emulator, max_attempts=2)
    drive = workspace.drive
    set_faults(emulator, {"api": "drive", "group": "write", "quota": {"limit": 3, "perSeconds": 60}})
    results = drive.batch(drive.create_folder_request(f"F{n}") for n in range(5))
    assert [r.ok for r in results] == [True, True, True, False, False]
    assert all(isinstance(r.error, RateLimited) and r.error.reason == "userRateLimitExceeded"
               for r in results[3:])
    assert workspace.counter.failed["drive.files.create"] == 2


def test_parts_not_sent_when_the_policy_gives_up_are_reported_as_rate_limited(emulator):
    workspace = workspace_as(emulator, max_attempts=2)
    drive = workspace.drive
    set_faults(emulator, {"api": "drive", "group": "write", "quota": {"limit": 2, "perSeconds": 60}})
    results = drive.batch([drive.create_folder_request(f"F{n}") for n in range(8)], size=4)
    assert [r.ok for r in results] == [True, True] + [False] * 6
    assert all(isinstance(r.error, RateLimited) for r in results[2:])
    assert "not sent" in results[-1].error.message
    assert stats(emulator)["calls"]["drive.files.create"] == 4 + 2  # F6 and F7 never went


def test_the_summary_prints_calls_per_method_and_the_batch_requests(workspace):
    drive = workspace.drive
    drive.batch(drive.create_folder_request(f"F{n}") for n in range(3))
    drive.find({"casKind": "root"})
    summary = workspace.counter.summary()
    assert "drive.files.create" in summary and "drive.files.list" in summary
    lines = {line.split()[0]: line.split()[1:] for line in summary.splitlines()}
    assert lines["drive.files.create"][0] == "3" and lines["total"][0] == "4"
    assert "drive batch requests: 1" in summary


def test_changes_since_a_token_show_what_was_added(workspace):
    drive = workspace.drive
    token = drive.start_page_token()
    made = drive.create_folder("Evidence")
    changes, next_token = drive.changes(token)
    assert made["id"] in [c["fileId"] for c in changes]
    assert drive.changes(next_token)[0] == []


def test_permissions_list_and_unshare_withdraw_a_students_access(emulator, workspace):
    folder = workspace.drive.create_folder("Ana (S001)")
    workspace.drive.share(folder["id"], STUDENT)
    grant = next(p for p in workspace.drive.permissions(folder["id"])
                 if p.get("emailAddress") == STUDENT)
    workspace.drive.unshare(folder["id"], grant["id"])
    with pytest.raises(NotFound):
        workspace_as(emulator, STUDENT).drive.get(folder["id"])
    assert COORDINATOR in [p.get("emailAddress") for p in workspace.drive.permissions(folder["id"])]


def test_no_answer_at_all_is_unavailable_and_not_sent_again():
    # A create that got no answer may have been carried out: sending it again could
    # make a second folder, so the caller's find-before-create decides, not a retry.
    nowhere = Workspace(EmulatorCredentials(COORDINATOR), "http://127.0.0.1:9",
                        RetryPolicy(sleep=RecordedSleep()))
    with pytest.raises(Unavailable) as raised:
        nowhere.drive.create_folder("Lost")
    assert (raised.value.status, raised.value.reason) == (0, "transportError")
    with pytest.raises(Unavailable):
        nowhere.sheets.get("any")
    assert nowhere.counter.calls == {"drive.files.create": 1, "sheets.spreadsheets.get": 1}
    assert nowhere.policy.sleep.waits == []
