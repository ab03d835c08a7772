"""Reading a CSV roster: what schools really export is understood, names are kept
exactly, and every problem is reported at once with its line and column, so
nothing is imported from a file with a single wrong line."""

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.roster import (ACTIVE, COLUMNS, WITHDRAWN, RosterError, Student, decode_roster,
                            parse_roster_csv)

DOMAIN = "demo-school.example"
ROSTERS = Path(__file__).resolve().parent.parent / "fixtures" / "rosters"
AMARA = "amara.okafor@demo-school.example"
HENRIK = "henrik.lindqvist@demo-school.example"
ADVISORS = [AMARA, HENRIK]

ZOE = Student("DS1001", "Zoë Abernathy", "zoe.abernathy@demo-school.example", AMARA,
              given_name="Zoë", family_name="Abernathy")
SIOBHAN = Student("DS1003", "Siobhán O'Connor", "siobhan.oconnor@demo-school.example", HENRIK,
                  given_name="Siobhán", family_name="O'Connor")


def problems_of(text, **kwargs) -> list[str]:
    with pytest.raises(RosterError) as caught:
        parse_roster_csv(text, DOMAIN, **kwargs)
    return [p.message for p in caught.value.problems]


def one_problem(text, **kwargs) -> str:
    [message] = problems_of(text, **kwargs)
    return message


# -- the dialects schools export -------------------------------------------------

PLAIN = ("Student ID,First name,Last name,Email,Advisor email\n"
         "DS1001,Zoë,Abernathy,zoe.abernathy@demo-school.example,amara.okafor@demo-school.example\n"
         "DS1003,Siobhán,O'Connor,siobhan.oconnor@demo-school.example,henrik.lindqvist@demo-school.example\n")


@pytest.mark.parametrize("text", [
    pytest.param(PLAIN, id="commas"),
    pytest.param(PLAIN.replace(",", ";"), id="semicolons, as Excel writes in comma-decimal locales"),
    pytest.param(PLAIN.replace(",", "\t"), id="tabs, as pasted from a spreadsheet"),
    pytest.param("\ufeff" + PLAIN.replace("\n", "\r\n"), id="byte-order mark and CRLF"),
    pytest.param("sep=;\n" + PLAIN.replace(",", ";"), id="Excel's sep= line"),
    pytest.param("sep=\t\r\n" + PLAIN.replace(",", "\t"), id="Excel's sep= line naming a tab"),
    pytest.param(PLAIN + "\n\n\n", id="trailing empty lines"),
    pytest.param(PLAIN.replace("\n", "\n,,,,\n", 1) + ",,,,\n", id="rows of bare separators"),
    pytest.param('"Student ID","First name","Last name","Email","Advisor email"\n'
                 + "\n".join(",".join(f'"{c}"' for c in line.split(","))
                             for line in PLAIN.splitlines()[1:]), id="every field quoted"),
    pytest.param("  STUDENT id , first NAME,Last_Name , E-mail ,Advisor Email\n"
                 + "\n".join(PLAIN.splitlines()[1:]), id="header case, spaces and punctuation"),
    pytest.param("ID,Forename,Surname,Student email,Tutor email,Year group\n"
                 "DS1001,Zoë,Abernathy,zoe.abernathy@demo-school.example,amara.okafor@demo-school.example,12\n"
                 "DS1003,Siobhán,O'Connor,siobhan.oconnor@demo-school.example,henrik.lindqvist@demo-school.example,12\n",
                 id="aliases and a column it does not know"),
    pytest.param(PLAIN.splitlines(keepends=True)[0]
                 + " DS1001 ,  Zoë\u00a0, Abernathy ,  Zoe.Abernathy@Demo-School.example ,AMARA.OKAFOR@demo-school.example\n"
                 + PLAIN.splitlines(keepends=True)[2], id="spaces trimmed, emails lower-cased"),
])
def test_each_dialect_gives_the_same_students(text):
    assert parse_roster_csv(text, DOMAIN, known_advisors=ADVISORS) == [ZOE, SIOBHAN]


def test_bytes_in_utf8_with_a_bom_or_utf16_are_read_as_the_same_text():
    assert parse_roster_csv(b"\xef\xbb\xbf" + PLAIN.encode(), DOMAIN) == [ZOE, SIOBHAN]
    assert parse_roster_csv(PLAIN.replace(",", "\t").encode("utf-16"), DOMAIN) == [ZOE, SIOBHAN]


def test_excel_semicolon_export_with_bom_crlf_and_quotes():
    roster = parse_roster_csv((ROSTERS / "excel_semicolon_bom.csv").read_bytes(), DOMAIN,
                              known_advisors=ADVISORS, cohort="2026-2028")
    assert [(s.student_id, s.name, s.email, s.advisor_email, s.cohort) for s in roster] == [
        ("DS1003", "Siobhán O'Connor", "siobhan.oconnor@demo-school.example", AMARA, "2026-2028"),
        ("DS1005", "Anna-Lena Becker", "anna-lena.becker@demo-school.example", AMARA, "2026-2028"),
        ("DS1012", "Ethan Smith-Jones", "ethan.smith-jones@demo-school.example", HENRIK, "2026-2028"),
    ]


def test_a_school_information_system_export_with_a_full_name_column_and_enrolment():
    roster = parse_roster_csv((ROSTERS / "sis_export.csv").read_text(encoding="utf-8"), DOMAIN)
    liam, jean_luc, aisha = roster
    # the full-name column wins over the parts, kept as typed, comma and all
    assert (liam.name, liam.given_name, liam.family_name) == ("D'Souza, Liam", "Liam", "D'Souza")
    assert liam.advisor_email == AMARA and liam.roster_status == ACTIVE
    assert jean_luc.roster_status == WITHDRAWN and not jean_luc.is_active
    assert aisha.email == "aisha.al-farsi@demo-school.example" and aisha.advisor_email == ""


def test_a_file_in_another_encoding_is_refused_not_guessed_so_names_are_not_mangled():
    with pytest.raises(RosterError) as caught:
        decode_roster((ROSTERS / "excel_windows1252.csv").read_bytes())
    [problem] = caught.value.problems
    assert problem.line == 2
    assert "not UTF-8" in problem.message and "CSV UTF-8" in problem.message


# -- what is kept exactly ----------------------------------------------------------

def test_names_keep_accents_apostrophes_hyphens_and_inner_spaces_exactly():
    text = ("Student ID,Name,Email\n"
            "A1,  Nora Fitzgerald-Hale ,n@demo-school.example\n"
            "A2,Tomás Ó Murchú,t@demo-school.example\n"
            "A3,\"Ní Bhriain, Aoife\",a@demo-school.example\n"
            "A4,Mateo  García Luna,m@demo-school.example\n")
    assert [s.name for s in parse_roster_csv(text, DOMAIN)] == [
        "Nora Fitzgerald-Hale", "Tomás Ó Murchú", "Ní Bhriain, Aoife", "Mateo  García Luna"]


def test_cells_that_look_like_formulas_are_kept_as_typed_text():
    text = ("Student ID,Name,Email\n"
            "+44,-Ana,ana@demo-school.example\n"
            '@7,"=HYPERLINK(""http://x.example"",""click"")",bo@demo-school.example\n')
    ana, bo = parse_roster_csv(text, DOMAIN)
    assert (ana.student_id, ana.name) == ("+44", "-Ana")
    assert (bo.student_id, bo.name) == ("@7", '=HYPERLINK("http://x.example","click")')


def test_a_formula_in_an_email_column_is_reported_as_typed_because_it_is_not_an_email():
    text = 'Student ID,Name,Email\nA1,Ana,"=HYPERLINK(""mailto:ana@demo-school.example"")"\n'
    assert one_problem(text) == (
        "Line 2, Email: '=HYPERLINK(\"mailto:ana@demo-school.example\")' is not an email address.")


def test_an_email_of_a_subdomain_of_the_school_counts_as_the_schools():
    text = "Student ID,Name,Email\nA1,Ana,ana@students.demo-school.example\n"
    assert parse_roster_csv(text, DOMAIN)[0].email == "ana@students.demo-school.example"


# -- cohort and enrolment --------------------------------------------------------------

def test_the_given_cohort_is_every_students_when_the_file_has_no_cohort_column():
    assert {s.cohort for s in parse_roster_csv(PLAIN, DOMAIN, cohort="2026-2028")} == {"2026-2028"}


def test_without_a_given_cohort_the_cohort_column_is_kept():
    text = "Student ID,Name,Email,Cohort\nA1,Ana,ana@demo-school.example,2026-2028\n"
    assert parse_roster_csv(text, DOMAIN)[0].cohort == "2026-2028"


def test_a_cohort_column_naming_another_cohort_is_a_problem():
    text = ("Student ID,Name,Email,Cohort\n"
            "A1,Ana,ana@demo-school.example,2026-2028\n"
            "A2,Bo,bo@demo-school.example,2025-2027\n"
            "A3,Cy,cy@demo-school.example,\n")
    assert one_problem(text, cohort="2026-2028") == (
        "Line 3, Cohort: '2025-2027' is not this cohort (2026-2028).")


@pytest.mark.parametrize("typed, enrolment", [
    ("Active", ACTIVE), ("enrolled", ACTIVE), ("", ACTIVE),
    ("Withdrawn", WITHDRAWN), ("LEFT", WITHDRAWN), ("inactive", WITHDRAWN),
])
def test_enrolment_words_schools_use(typed, enrolment):
    text = f"Student ID,Name,Email,Status\nA1,Ana,ana@demo-school.example,{typed}\n"
    assert parse_roster_csv(text, DOMAIN)[0].roster_status == enrolment


def test_the_students_tab_downloaded_as_csv_reads_back_its_roster_column_not_its_status():
    text = ("Student ID,Name,Email,Advisor,Roster,Status,Why\n"
            "DS1001,Zoë Abernathy,zoe.abernathy@demo-school.example,amara.okafor@demo-school.example,"
            "Withdrawn,On track,\"Two outcomes missing\"\n")
    [zoe] = parse_roster_csv(text, DOMAIN, known_advisors=ADVISORS)
    assert (zoe.advisor_email, zoe.roster_status) == (AMARA, WITHDRAWN)


def test_an_enrolment_it_does_not_understand_is_a_problem_not_a_guess():
    text = "Student ID,Name,Email,Status\nA1,Ana,ana@demo-school.example,Graduated\n"
    assert one_problem(text) == ("Line 2, Status: 'Graduated' is not an enrolment status this "
                                 "roster understands; write Active or Withdrawn.")


# -- advisors ------------------------------------------------------------------------

def test_the_advisor_column_is_optional_and_a_blank_advisor_is_allowed():
    assert parse_roster_csv("Student ID,Name,Email\nA1,Ana,ana@demo-school.example\n",
                            DOMAIN)[0].advisor_email == ""
    text = "Student ID,Name,Email,Advisor\nA1,Ana,ana@demo-school.example,\n"
    assert parse_roster_csv(text, DOMAIN, known_advisors=ADVISORS)[0].advisor_email == ""


def test_known_advisors_are_compared_without_case():
    text = f"Student ID,Name,Email,Advisor\nA1,Ana,ana@demo-school.example,{AMARA.upper()}\n"
    assert parse_roster_csv(text, DOMAIN, known_advisors=[AMARA.title()])[0].advisor_email == AMARA


def test_an_unknown_advisor_is_named_with_the_closest_known_one():
    text = "Student ID,Name,Email,Advisor\nA1,Ana,ana@demo-school.example,amara.okafr@demo-school.example\n"
    assert one_problem(text, known_advisors=ADVISORS) == (
        "Line 2, Advisor: 'amara.okafr@demo-school.example' is not one of the school's CAS "
        "advisors. Did you mean amara.okafor@demo-school.example?")


def test_without_a_list_of_known_advisors_any_school_address_is_accepted():
    text = "Student ID,Name,Email,Advisor\nA1,Ana,ana@demo-school.example,new.teacher@demo-school.example\n"
    assert parse_roster_csv(text, DOMAIN)[0].advisor_email == "new.teacher@demo-school.example"


def test_an_advisor_outside_the_school_is_a_problem():
    text = "Student ID,Name,Email,Advisor\nA1,Ana,ana@demo-school.example,coach@gmail.com\n"
    assert one_problem(text) == "Line 2, Advisor: 'coach@gmail.com' is not a demo-school.example address."


# -- each bad input and its message --------------------------------------------------

@pytest.mark.parametrize("email", [
    "ana.lopez", "ana lopez@demo-school.example", "Ana Lopez <ana.lopez@demo-school.example>",
    "ana..lopez@demo-school.example", ".ana@demo-school.example", "ana@demo-school",
    "ana@@demo-school.example", "mailto:ana@demo-school.example", "ana@demo_school.example",
])
def test_a_malformed_email_is_reported_as_typed(email):
    text = f'Student ID,Name,Email\nA1,Ana,"{email}"\n'
    assert one_problem(text) == f"Line 2, Email: '{email}' is not an email address."


def test_an_email_outside_the_school_domain_is_reported_with_the_domain():
    text = "Student ID,Name,Email\n" + "".join(
        f"A{n},Ana,a{n}@demo-school.example\n" for n in range(2, 14)) + "A14,Ana López,ana.lopez@gmail.com\n"
    assert one_problem(text) == "Line 14, Email: 'ana.lopez@gmail.com' is not a demo-school.example address."


@pytest.mark.parametrize("row, message", [
    (",Ana,ana@demo-school.example", "Line 2, Student ID: is missing."),
    ("A1,,ana@demo-school.example", "Line 2, Name: is missing: every student needs a name."),
    ("A1,Ana,", "Line 2, Email: is missing: every student needs a school email."),
    ("A1,Ana", "Line 2, Email: is missing: every student needs a school email."),
])
def test_a_missing_value_names_its_line_and_column(row, message):
    assert one_problem(f"Student ID,Name,Email\n{row}\n") == message


def test_a_student_with_only_a_given_or_only_a_family_name_is_fine():
    text = "Student ID,First name,Last name,Email\nA1,Suharto,,s@demo-school.example\nA2,,Ng,n@demo-school.example\n"
    assert [s.name for s in parse_roster_csv(text, DOMAIN)] == ["Suharto", "Ng"]


def test_a_duplicate_student_id_names_both_lines():
    text = "Student ID,Name,Email\nA1,Ana,ana@demo-school.example\nA2,Bo,bo@demo-school.example\nA1,Cy,cy@demo-school.example\n"
    assert one_problem(text) == "Line 4, Student ID: 'A1' is also on line 2: each student appears once."


def test_a_duplicate_email_is_found_whatever_its_case():
    text = "Student ID,Name,Email\nA1,Ana,ana@demo-school.example\nA2,Bo,ANA@Demo-School.example\n"
    assert one_problem(text) == ("Line 3, Email: 'ANA@Demo-School.example' is also on line 2: "
                                 "each student appears once.")


@pytest.mark.parametrize("header, missing", [
    ("Name,Email", ["Line 1, Student ID: the header has no such column"]),
    ("Student ID,Email", ["Line 1, Name: the header has no such column"]),
    ("Student ID,First name,Email", ["Line 1, Name: the header has no such column"]),
    ("Student ID,Name", ["Line 1, Email: the header has no such column"]),
    ("Pupil,Mail address", ["Line 1, Student ID:", "Line 1, Name:", "Line 1, Email:",
                            "Line 1: the first line must name the columns"]),
])
def test_a_missing_required_column_is_a_problem_on_the_header_line(header, missing):
    problems = problems_of(f"{header}\nA1,Ana,ana@demo-school.example\n")
    assert len(problems) == len(missing)
    for message, start in zip(problems, missing):
        assert message.startswith(start)


def test_the_missing_column_message_lists_the_names_understood():
    message = problems_of("Name,Email\nAna,ana@demo-school.example\n")[0]
    assert "'Student number'" in message and "'ID'" in message


def test_two_columns_with_the_same_meaning_and_name_are_a_problem():
    assert one_problem("Student ID,Name,Email,email\nA1,Ana,a@demo-school.example,b@demo-school.example\n") == (
        "Line 1, Email: 2 columns (C and D) have this name; keep one.")


def test_a_value_with_an_unquoted_comma_shifts_the_line_and_says_so():
    assert one_problem("Student ID,Name,Email\nA1,O'Brien, Sean,sean@demo-school.example\n") == (
        "Line 2: has 4 values but the header names 3 columns; a value containing ',' must "
        "be in double quotes.")


def test_a_quote_left_open_is_reported_on_the_line_it_opens():
    text = 'Student ID,Name,Email\nA1,"Ana,ana@demo-school.example\nA2,Bo,bo@demo-school.example\n'
    [message] = problems_of(text)
    assert message.startswith("Line 2, Name: ") and 'is a double quote (") left open?' in message


def test_an_invisible_control_character_is_reported_not_written_to_the_sheet():
    text = "Student ID,Name,Email\nA1,An\x00a,ana@demo-school.example\n"
    assert one_problem(text) == ("Line 2, Name: 'An?a' contains an invisible control character "
                                 "(U+0000); retype this value.")


def test_a_line_too_long_to_be_a_roster_line_is_reported_with_the_rest():
    text = ('Student ID,Name,Email\nA1,"' + "x" * 200_000 + '",a@demo-school.example\n'
            "A2,Bo,bo@gmail.com\n")
    assert [m[:30] for m in problems_of(text)] == ["Line 2: cannot be read as CSV ",
                                                  "Line 3, Email: 'bo@gmail.com' "]


def test_line_numbers_count_lines_of_the_file_across_blank_lines_and_quoted_line_breaks():
    text = ('sep=,\nStudent ID,Name,Email,Notes\n\n'
            'A1,Ana,ana@demo-school.example,"two\nlines"\n'
            'A2,Bo,bo@gmail.com,\n')
    assert one_problem(text) == "Line 6, Email: 'bo@gmail.com' is not a demo-school.example address."


@pytest.mark.parametrize("text, message", [
    ("", "Line 1: the file is empty."),
    ("\n \n", "Line 1: the file is empty."),
    ("Student ID,Name,Email\n\n", "Line 2: no students: the roster has a header line and nothing below it."),
])
def test_a_roster_with_no_students_is_refused(text, message):
    assert one_problem(text).startswith(message)


def test_every_problem_of_the_file_is_reported_at_once_in_file_order():
    with pytest.raises(RosterError) as caught:
        parse_roster_csv((ROSTERS / "mistakes.csv").read_text(encoding="utf-8"), DOMAIN,
                         known_advisors=ADVISORS)
    found = [(p.line, p.field, p.value) for p in caught.value.problems]
    assert found == [
        (3, "Email", ""),
        (4, "Email", "siobhan.oconnor"),
        (5, "Email", "liam.dsouza@gmail.com"),
        (6, "Student ID", "DS1001"),
        (7, "Email", "ZOE.ABERNATHY@demo-school.example"),
        (8, "Advisor email", "amara.okafr@demo-school.example"),
        (9, "Student ID", ""),
        (10, "Name", ""),
        (11, "Advisor email", "advisor@other-school.example"),
        (12, "", ""),
    ]
    message = str(caught.value)
    assert message.startswith("10 problems in the roster:\n")
    assert "Line 7, Email: 'ZOE.ABERNATHY@demo-school.example' is also on line 2" in message


# -- any roster Python's csv module writes reads back the same -----------------------

_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                min_size=1, max_size=20).map(str.strip).filter(bool)
_local = st.from_regex(r"[a-z0-9][a-z0-9._'-]{0,12}", fullmatch=True).filter(
    lambda s: ".." not in s and not s.endswith("."))


@st.composite
def rosters(draw):
    """(the students, the CSV text a spreadsheet or script could write for them)."""
    rows = draw(st.lists(st.tuples(_text, _text, _text, _local, st.booleans(),
                                   st.sampled_from(["", *ADVISORS]),
                                   st.sampled_from(["Active", "Withdrawn", ""])),
                         min_size=1, max_size=8, unique_by=lambda r: r[0]))
    split_names = draw(st.booleans())
    fields = ["student_id", "email", "advisor_email", "roster_status",
              *(["given_name", "family_name"] if split_names else ["name"])]
    fields = draw(st.permutations(fields))
    header = [draw(st.sampled_from(COLUMNS[f])) for f in fields]
    header = [draw(st.sampled_from([h, h.upper(), h.lower(), f" {h} "])) for h in header]
    students, lines = [], []
    for n, (student_id, first, family, local, shout, advisor, enrolment) in enumerate(rows):
        email = f"{local}.{n}@{DOMAIN}"
        name = first if not split_names else f"{first} {family}"
        students.append(Student(student_id, name, email, advisor,
                                roster_status=WITHDRAWN if enrolment == "Withdrawn" else ACTIVE,
                                given_name=first if split_names else "",
                                family_name=family if split_names else ""))
        typed = {"student_id": student_id, "email": email.upper() if shout else email,
                 "advisor_email": advisor, "roster_status": enrolment, "name": first,
                 "given_name": first, "family_name": family}
        lines.append([typed[f] for f in fields])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerows([header, *lines])
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return students, bom + out.getvalue() + draw(st.sampled_from(["", "\n", "\r\n\r\n"]))


@given(rosters())
@settings(max_examples=200, deadline=None)
def test_any_valid_roster_written_by_the_csv_module_reads_back_the_same_students(roster):
    students, text = roster
    assert parse_roster_csv(text, DOMAIN, known_advisors=ADVISORS) == students
