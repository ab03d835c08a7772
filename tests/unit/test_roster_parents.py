"""The roster's optional parents' emails column (report cards for parents): several
addresses of any domain in one cell, checked like every other field, by line and
column; a roster without the column leaves the Sheet's parents as they are."""

import pytest

from service.roster import RosterError, Student, parse_roster_csv
from service.roster.diff import diff_roster

DOMAIN = "demo-school.example"
HEADER = "Student ID,Name,Email,Parent emails\n"


def test_several_parents_of_any_domain_are_kept_normalised_in_order():
    [student] = parse_roster_csv(
        HEADER + 'DS1,Ana Lopez,ana@demo-school.example,"Maria.Lopez@Mail.example; '
                 'juan@lopez.example , maria.lopez@mail.example"\n', DOMAIN)
    assert student.parent_emails == "maria.lopez@mail.example, juan@lopez.example"


@pytest.mark.parametrize("header", ["Parent email", "Parents' emails", "Guardian emails",
                                    "Parent/guardian email"])
def test_headers_schools_use_for_parents(header):
    [student] = parse_roster_csv(f"Student ID,Name,Email,{header}\n"
                                 "DS1,Ana,ana@demo-school.example,p@home.example\n", DOMAIN)
    assert student.parent_emails == "p@home.example"


def test_a_blank_cell_or_no_column_means_no_parents():
    [student] = parse_roster_csv(HEADER + "DS1,Ana,ana@demo-school.example,\n", DOMAIN)
    assert student.parent_emails == ""
    [student] = parse_roster_csv("Student ID,Name,Email\nDS1,Ana,ana@demo-school.example\n",
                                 DOMAIN)
    assert student.parent_emails == ""


def test_an_address_that_is_not_one_is_reported_by_line_and_column_and_nothing_is_read():
    with pytest.raises(RosterError) as caught:
        parse_roster_csv(HEADER + "DS1,Ana,ana@demo-school.example,p@home.example\n"
                                  "DS2,Ben,ben@demo-school.example,\"ok@home.example, =cmd|x\"\n",
                         DOMAIN)
    [problem] = caught.value.problems
    assert problem.line == 3 and problem.field == "Parent emails"
    assert problem.message.startswith("Line 3, Parent emails: '=cmd|x' is not an email address")


def test_a_roster_without_parents_keeps_the_sheets_and_a_new_value_replaces_them():
    row = {"student_id": "DS1", "name": "Ana", "email": "ana@demo-school.example",
           "parent_emails": "p@home.example"}
    same = Student("DS1", "Ana", "ana@demo-school.example")
    assert diff_roster([row], [same]).unchanged
    changed = diff_roster([row], [Student("DS1", "Ana", "ana@demo-school.example",
                                          parent_emails="q@home.example")]).changed
    assert changed[0].fields == ("parent_emails",) and changed[0].after.parent_emails == \
        "q@home.example"
