"""One experience's state as the Experiences tab shows it, and whether it is complete:
approved, at least one reflection, with a supervisor their statement, and closed by
the advisor's tick or (when the setting says so) by a positive statement."""

from __future__ import annotations

import dataclasses

import pytest

from service.cas import experience_progress
from service.cas.experiences import marked_complete_problems

from cas_cohort import D, SETTINGS, experience, reflection, statement

TODAY = D(2027, 4, 15)
COACH = "coach@club.example"
ENDED = dict(end=D(2027, 3, 31))           # before TODAY
RUNNING = dict(end=D(2027, 6, 30))         # after TODAY
ONE = [reflection("E1", D(2027, 2, 1), "Collaboration")]
READY = [reflection("E1", D(2027, 2, 1), "Collaboration", ready=True)]

# (experience, reflections, statements, Experience status, Supervisor statement, complete, reasons)
CASES = {
    "a proposal awaits the advisor": (
        experience("E1", decision=""), [], [], "Awaiting decision", "Not requested", False, []),
    "changes requested": (
        experience("E1", decision="Changes requested"), ONE, [], "Changes requested",
        "Not requested", False, []),
    "rejected, whatever the advisor's case": (
        experience("E1", decision="rejected"), ONE, [], "Rejected", "Not requested", False, []),
    "approved, nothing written yet": (
        experience("E1", **RUNNING), [], [], "Approved", "Not requested", False,
        ["'Exp E1' has no reflection yet"]),
    "approved, reflected, not ticked": (
        experience("E1", **RUNNING), ONE, [], "Approved", "Not requested", False,
        ["'Exp E1' is not yet marked complete by the advisor"]),
    "no supervisor: the advisor's tick completes it": (
        experience("E1", marked_complete=True), ONE, [], "Completed", "Not requested", True, []),
    "a tick without a reflection does not complete it": (
        experience("E1", marked_complete=True), [], [], "Approved", "Not requested", False,
        ["'Exp E1' has no reflection yet"]),
    "a supervisor is asked once it is approved": (
        experience("E1", supervisor=COACH, **RUNNING), ONE, [], "Approved", "Awaited", False,
        ["'Exp E1' awaits its supervisor's statement"]),
    "ended, the statement has not come": (
        experience("E1", supervisor=COACH, **ENDED), ONE, [], "Awaiting supervisor", "Awaited",
        False, ["'Exp E1' awaits its supervisor's statement"]),
    "the student says it is ready for the supervisor": (
        experience("E1", supervisor=COACH, **RUNNING), READY, [], "Awaiting supervisor",
        "Awaited", False, ["'Exp E1' awaits its supervisor's statement"]),
    "the advisor ticked it but the statement has not come": (
        experience("E1", supervisor=COACH, marked_complete=True, **RUNNING), ONE, [],
        "Awaiting supervisor", "Awaited", False, ["'Exp E1' awaits its supervisor's statement"]),
    "a positive statement and a reflection complete it": (
        experience("E1", supervisor=COACH), ONE, [statement("E1", D(2027, 4, 2))],
        "Completed", "Positive", True, []),
    "a positive statement without a reflection does not": (
        experience("E1", supervisor=COACH), [], [statement("E1", D(2027, 4, 2))],
        "Approved", "Positive", False, ["'Exp E1' has no reflection yet"]),
    "the supervisor says it was not completed": (
        experience("E1", supervisor=COACH), ONE, [statement("E1", D(2027, 4, 2), completed=False)],
        "Approved", "Not completed", False,
        ["The supervisor of 'Exp E1' says it was not completed successfully; "
         "the advisor may still mark it complete"]),
    "the advisor may still complete it after reading that": (
        experience("E1", supervisor=COACH, marked_complete=True), ONE,
        [statement("E1", D(2027, 4, 2), completed=False)], "Completed", "Not completed", True, []),
    "a statement from someone who did not confirm they are an adult outside the family": (
        experience("E1", supervisor=COACH), ONE, [statement("E1", D(2027, 4, 2), adult=False)],
        "Awaiting supervisor", "Awaited", False,
        ["'Exp E1' awaits its supervisor's statement",
         "The statement for 'Exp E1' does not confirm the supervisor is an adult outside the family"]),
    "a corrected statement replaces the earlier one": (
        experience("E1", supervisor=COACH), ONE,
        [statement("E1", D(2027, 4, 10)), statement("E1", D(2027, 4, 2), completed=False)],
        "Completed", "Positive", True, []),
    "another experience's records do not count": (
        experience("E1", supervisor=COACH, **RUNNING), [reflection("E2", D(2027, 2, 1))],
        [statement("E2", D(2027, 4, 2))], "Approved", "Awaited", False,
        ["'Exp E1' has no reflection yet", "'Exp E1' awaits its supervisor's statement"]),
    "another student's reflection on this code does not count": (
        experience("E1", **RUNNING), [reflection("E1", D(2027, 2, 1), student="S2")], [],
        "Approved", "Not requested", False, ["'Exp E1' has no reflection yet"]),
}


@pytest.mark.parametrize("case", CASES)
def test_experience_state(case):
    exp, reflections, statements, shown, statement_shown, complete, reasons = CASES[case]
    progress = experience_progress(exp, reflections, statements, SETTINGS, TODAY)
    assert progress.experience_status == shown
    assert progress.supervisor_statement == statement_shown
    assert progress.complete is complete
    assert list(progress.reasons) == reasons


def test_without_the_setting_a_positive_statement_waits_for_the_advisors_tick():
    manual = dataclasses.replace(SETTINGS, positive_statement_completes=False)
    exp = experience("E1", supervisor=COACH)
    progress = experience_progress(exp, ONE, [statement("E1", D(2027, 4, 2))], manual, TODAY)
    assert (progress.experience_status, progress.complete) == ("Approved", False)
    assert progress.reasons == ("'Exp E1' is not yet marked complete by the advisor",)
    ticked = dataclasses.replace(exp, advisor_marked_complete=True)
    assert experience_progress(ticked, ONE, [statement("E1", D(2027, 4, 2))], manual,
                               TODAY).experience_status == "Completed"


def test_the_reflections_are_counted_and_the_latest_dated():
    reflections = ONE + [reflection("E1", D(2027, 3, 5), "Ethics"), reflection("E2", D(2027, 4, 1))]
    progress = experience_progress(experience("E1"), reflections, [], SETTINGS, TODAY)
    assert (progress.reflections, progress.last_reflection) == (2, D(2027, 3, 5))


def test_an_untitled_experience_is_named_by_its_code():
    exp = dataclasses.replace(experience("K7M-3QX", **RUNNING), title="")
    progress = experience_progress(exp, [], [], SETTINGS, TODAY)
    assert progress.reasons == ("experience K7M-3QX has no reflection yet",)


@pytest.mark.parametrize("invited_on, statements, due_on", [
    (D(2027, 4, 1), [], D(2027, 4, 15)),                        # 14 days after the invitation
    (None, [], None),                                           # not invited yet
    (D(2027, 4, 1), [statement("E1", D(2027, 4, 2))], None),    # answered
])
def test_a_supervisor_reminder_falls_due_the_settings_days_after_the_invitation(
        invited_on, statements, due_on):
    exp = experience("E1", supervisor=COACH, invited_on=invited_on)
    progress = experience_progress(exp, ONE, statements, SETTINGS, TODAY)
    assert progress.supervisor_reminder_due_on == due_on


@pytest.mark.parametrize("exp, reflections, statements, problems", [
    (experience("E1", marked_complete=True), [], [],
     ["'Exp E1' is marked complete but has no reflection"]),
    (experience("E1", supervisor=COACH, marked_complete=True), [], [],
     ["'Exp E1' is marked complete but has no reflection and no supervisor statement"]),
    (experience("E1", supervisor=COACH, marked_complete=True), ONE, [],
     ["'Exp E1' is marked complete but has no supervisor statement"]),
    (experience("E1", marked_complete=True), ONE, [], []),      # complete: nothing broken
    (experience("E1"), [], [], []),                             # not ticked: nothing claimed
    (experience("E1", decision="", marked_complete=True), [], [], []),  # not approved
])
def test_an_experience_ticked_complete_without_its_evidence_is_named(
        exp, reflections, statements, problems):
    progress = experience_progress(exp, reflections, statements, SETTINGS, TODAY)
    assert marked_complete_problems(exp, progress) == problems
