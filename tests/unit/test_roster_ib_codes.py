"""The IB personal code and candidate session number in a roster: optional columns,
checked like the others (a malformed value names its line and field), kept as IBIS
needs them (a code's case, a session number's leading zeros), and never shared by
two candidates."""

import pytest

from service.roster import RosterError, Student, diff_roster, parse_roster_csv
from service.roster.ib_codes import (normalise_personal_code, normalise_session,
                                     personal_code_problem, session_problem)

DOMAIN = "demo-school.example"
HEADER = "Student ID,Name,Email,IB personal code,Candidate session number\n"


def roster(*lines: str) -> list[Student]:
    return parse_roster_csv(HEADER + "\n".join(lines) + "\n", DOMAIN)


def problems(*lines: str) -> list[str]:
    with pytest.raises(RosterError) as caught:
        roster(*lines)
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize("typed, stored, problem", [
    ("hkb123", "hkb123", None),
    ("HKB123", "HKB123", None),          # case sensitive: kept as typed
    ("  cbh768 ", "cbh768", None),
    ("ab1", "ab1", None),
    ("hkb 123", "hkb 123", "no spaces or punctuation"),
    ("hkb-123", "hkb-123", "no spaces or punctuation"),
    ("ab", "ab", "3 to 12"),
    ("abcdefghijklm", "abcdefghijklm", "3 to 12"),
])
def test_personal_codes(typed, stored, problem):
    assert normalise_personal_code(typed) == stored
    found = personal_code_problem(stored)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize("typed, stored, problem", [
    ("0012", "0012", None),
    ("12", "0012", None),                # Excel dropped the zeros
    (12, "0012", None),                  # read back from a cell as a number
    (12.0, "0012", None),
    (" 0007 ", "0007", None),
    ("00123", "00123", "it has 4 digits"),
    ("001234-0012", "001234-0012", "school code and the session number together"),
    ("12a", "12a", "4 digits, e.g. 0012"),
])
def test_candidate_session_numbers(typed, stored, problem):
    assert normalise_session(typed) == stored
    found = session_problem(stored)
    assert (found is None) if problem is None else (problem in found)


def test_the_codes_are_read_from_the_roster_as_ibis_needs_them():
    [zoe, ana] = roster("DS1001,Zoë Abernathy,zoe.abernathy@demo-school.example,HKB123,12",
                        "DS1002,Ana López,ana.lopez@demo-school.example,,")
    assert (zoe.ib_personal_code, zoe.candidate_session) == ("HKB123", "0012")
    assert (ana.ib_personal_code, ana.candidate_session) == ("", "")


def test_a_roster_without_the_columns_is_still_a_roster():
    [zoe] = parse_roster_csv("Student ID,Name,Email\nDS1001,Zoë,zoe.abernathy@demo-school.example\n",
                             DOMAIN)
    assert zoe.ib_personal_code == zoe.candidate_session == ""


def test_other_header_names_are_understood():
    [zoe] = parse_roster_csv("Student ID,Name,Email,Personal code,Session number\n"
                             "DS1001,Zoë,zoe.abernathy@demo-school.example,hkb123,7\n", DOMAIN)
    assert (zoe.ib_personal_code, zoe.candidate_session) == ("hkb123", "0007")


def test_a_malformed_value_names_its_line_and_field():
    assert problems("DS1001,Zoë,zoe.abernathy@demo-school.example,hkb 123,0012",
                    "DS1002,Ana,ana.lopez@demo-school.example,ana456,001234-0012") == [
        "Line 2, IB personal code: 'hkb 123' is not an IB personal code: only letters and "
        "digits, e.g. hkb123 (no spaces or punctuation).",
        "Line 3, Candidate session number: '001234-0012' looks like the school code and the "
        "session number together: write only the candidate's 4-digit session number, e.g. 0012."]


def test_two_candidates_never_share_a_code_or_a_session_number():
    found = problems("DS1001,Zoë,zoe.abernathy@demo-school.example,hkb123,12",
                     "DS1002,Ana,ana.lopez@demo-school.example,hkb123,0012")
    assert found == ["Line 3, IB personal code: 'hkb123' is also on line 2: each student "
                     "appears once.",
                     "Line 3, Candidate session number: '0012' is also on line 2: each "
                     "student appears once."]


def test_a_re_import_without_the_codes_keeps_those_in_the_sheet():
    in_sheet = {"student_id": "DS1001", "name": "Zoë", "email": "zoe.abernathy@demo-school.example",
                "ib_personal_code": "hkb123", "candidate_session": 12}
    diff = diff_roster([in_sheet], [Student("DS1001", "Zoë", "zoe.abernathy@demo-school.example")])
    assert not diff.changed and len(diff.unchanged) == 1
    diff = diff_roster([in_sheet], [Student("DS1001", "Zoë", "zoe.abernathy@demo-school.example",
                                            ib_personal_code="hkb124")])
    [change] = diff.changed
    assert change.fields == ("ib_personal_code",)
