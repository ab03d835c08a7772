"""What importing a roster would change in the Students tab: new students, changed
advisors, names and emails, students no longer in the roster (withdrawn, never
deleted), and nothing else; an advisor assigned in the Sheet survives a roster
that does not name one."""

from dataclasses import replace

import pytest

from service.roster import WITHDRAWN, Student, diff_roster

AMARA = "amara.okafor@demo-school.example"
HENRIK = "henrik.lindqvist@demo-school.example"

ZOE = Student("DS1001", "Zoë Abernathy", "zoe.abernathy@demo-school.example", AMARA, "2026-2028")
JOSE = Student("DS1002", "José Alvarado", "jose.alvarado@demo-school.example", AMARA, "2026-2028")
LIAM = Student("DS1004", "Liam D'Souza", "liam.dsouza@demo-school.example", HENRIK, "2026-2028")


def ids(students):
    return [s.student_id for s in students]


# (what the Sheet holds, what the roster says, new IDs, changes {ID: fields}, withdrawn IDs, unchanged IDs)
CASES = {
    "first import: everyone is new": (
        [], [ZOE, JOSE], ["DS1001", "DS1002"], {}, [], []),
    "the same roster again changes nothing": (
        [ZOE, JOSE], [ZOE, JOSE], [], {}, [], ["DS1001", "DS1002"]),
    "a student joins": (
        [ZOE], [ZOE, LIAM], ["DS1004"], {}, [], ["DS1001"]),
    "a student changes advisor": (
        [ZOE, JOSE], [ZOE, replace(JOSE, advisor_email=HENRIK)], [],
        {"DS1002": ("advisor_email",)}, [], ["DS1001"]),
    "a name is corrected and an email renamed": (
        [ZOE], [replace(ZOE, name="Zoe Abernathy-Grant", email="zoe.grant@demo-school.example")],
        [], {"DS1001": ("name", "email")}, [], []),
    "a student left the roster: withdrawn, not deleted": (
        [ZOE, JOSE], [ZOE], [], {}, ["DS1002"], ["DS1001"]),
    "a student already withdrawn in the Sheet stays as is": (
        [ZOE, replace(JOSE, roster_status=WITHDRAWN)], [ZOE], [], {}, [], ["DS1001", "DS1002"]),
    "a withdrawn student comes back": (
        [replace(ZOE, roster_status=WITHDRAWN)], [ZOE], [], {"DS1001": ("roster_status",)}, [], []),
    "the roster marks a student withdrawn": (
        [ZOE], [replace(ZOE, roster_status=WITHDRAWN)], [], {"DS1001": ("roster_status",)}, [], []),
    "a roster with no advisor keeps the Sheet's advisor": (
        [ZOE], [replace(ZOE, advisor_email="")], [], {}, [], ["DS1001"]),
    "a roster with no cohort or name parts keeps the Sheet's": (
        [replace(ZOE, given_name="Zoë", family_name="Abernathy")], [replace(ZOE, cohort="")],
        [], {}, [], ["DS1001"]),
    "two students swap emails, matched by ID": (
        [ZOE, JOSE], [replace(ZOE, email=JOSE.email), replace(JOSE, email=ZOE.email)], [],
        {"DS1001": ("email",), "DS1002": ("email",)}, [], []),
    "a new ID with an email the Sheet has: the same student, the Sheet's ID kept": (
        [ZOE], [replace(ZOE, student_id="zoe.abernathy", advisor_email="")], [], {}, [], ["DS1001"]),
}


@pytest.mark.parametrize("sheet, roster, new, changes, withdrawn, unchanged",
                         CASES.values(), ids=CASES.keys())
def test_what_an_import_would_change(sheet, roster, new, changes, withdrawn, unchanged):
    diff = diff_roster(sheet, roster)
    assert ids(diff.new) == new
    assert {c.before.student_id: c.fields for c in diff.changed} == changes
    assert ids(diff.withdrawn) == withdrawn
    assert ids(diff.unchanged) == unchanged
    assert diff.has_changes == bool(new or changes or withdrawn)


def test_a_change_gives_the_row_as_it_is_and_as_it_will_be_under_the_sheets_id():
    [change] = diff_roster([ZOE], [replace(ZOE, advisor_email=HENRIK)]).changed
    assert change.before == ZOE
    assert change.after == replace(ZOE, advisor_email=HENRIK)


def test_a_student_matched_by_email_keeps_the_sheets_id_and_is_listed():
    classroom = replace(ZOE, student_id="zoe.abernathy", name="Zoe Abernathy", advisor_email="")
    diff = diff_roster([ZOE], [classroom])
    [change] = diff.changed
    assert change.after.student_id == "DS1001" and change.after.advisor_email == AMARA
    assert diff.id_mismatches == [(ZOE, classroom)]


def test_students_with_no_advisor_after_the_import_are_listed_as_needing_one():
    no_advisor = replace(LIAM, advisor_email="")
    diff = diff_roster([ZOE, replace(JOSE, advisor_email="")],
                       [replace(ZOE, advisor_email=""), replace(JOSE, advisor_email=""), no_advisor])
    assert ids(diff.needs_advisor) == ["DS1004", "DS1002"]  # new first, then the Sheet's


def test_a_withdrawn_student_does_not_need_an_advisor():
    diff = diff_roster([], [replace(ZOE, advisor_email="", roster_status=WITHDRAWN)])
    assert diff.needs_advisor == []


def test_sheet_rows_are_read_by_field_name_whatever_a_person_left_in_them():
    rows = [{"student_id": "DS1001", "name": "Zoë Abernathy", "email": " ZOE.Abernathy@demo-school.example ",
             "advisor_email": AMARA.upper(), "cohort": "2026-2028", "roster_status": None},
            {"student_id": "", "email": ""},                 # a blank row someone inserted
            {"student_id": "DS1002", "given_name": "José", "family_name": "Alvarado",
             "email": JOSE.email, "advisor_email": AMARA, "cohort": "2026-2028"}]
    diff = diff_roster(rows, [ZOE, replace(JOSE, given_name="José", family_name="Alvarado")])
    assert ids(diff.unchanged) == ["DS1001", "DS1002"] and not diff.has_changes


def test_a_sheet_row_repeating_an_earlier_id_or_email_is_left_alone_and_listed():
    copy = replace(ZOE, name="Zoë (copy)")
    other_id = replace(ZOE, student_id="DS9999")
    diff = diff_roster([ZOE, copy, other_id], [ZOE])
    assert diff.duplicate_rows == [copy, other_id]
    assert ids(diff.unchanged) == ["DS1001"] and diff.withdrawn == []


def test_the_summary_counts_what_the_coordinator_will_see():
    diff = diff_roster([ZOE, JOSE, replace(LIAM, advisor_email="")],
                       [replace(ZOE, advisor_email=HENRIK), replace(LIAM, advisor_email=""),
                        Student("DS1005", "Anna-Lena Becker", "anna-lena.becker@demo-school.example")])
    assert diff.summary() == ("1 new, 1 changed (1 advisor), 1 no longer in the roster "
                              "(kept, marked withdrawn), 1 unchanged, 2 need an advisor")
