"""What the setup page says of a setup task that has not finished: Cloud Tasks'
last attempt (tasks.get: ``lastAttempt.responseStatus``, a google.rpc status,
absent while no attempt has been answered), never a guess."""

from service.web.new_cohort import attempt_problem


def test_a_task_not_tried_yet_or_gone_says_nothing():
    assert attempt_problem(None) == ""
    assert attempt_problem({"dispatchCount": 0}) == ""
    assert attempt_problem({"dispatchCount": 1, "lastAttempt": {"responseStatus": {}}}) == ""


def test_a_failed_attempt_is_named_with_googles_message_and_what_happens_next():
    said = attempt_problem({"dispatchCount": 2, "lastAttempt": {"responseStatus": {
        "code": 13, "message": "INTERNAL"}}})
    assert said.startswith("Attempt 2 failed (INTERNAL)") and "tries again" in said
