"""A roster from the CAS Classroom course: the course's students become students
with no advisor (Classroom has none to give; the coordinator assigns them in the
Sheet), the course's teachers from the school become the candidate advisors, and
a student who cannot be imported stops the whole import with the reason."""

import json
from pathlib import Path

import pytest

from emulator import school
from service.roster import (Advisor, RosterError, Student, diff_roster, parse_roster_csv,
                            roster_from_classroom)

DOMAIN = "demo-school.example"
SAMPLE_ROSTER = Path(__file__).resolve().parents[2] / "demo" / "sample_roster.csv"


def member(user_id, email, given, family, full=None, role="students"):
    """A Student or Teacher resource as courses.students.list / courses.teachers.list
    return them (profile.emailAddress is present only with the
    classroom.profile.emails scope)."""
    profile = {"id": user_id, "name": {"givenName": given, "familyName": family,
                                       "fullName": full or f"{given} {family}"}}
    if email is not None:
        profile["emailAddress"] = email
    return {"courseId": "123", "userId": user_id, "profile": profile}


ZOE = member("101", "Zoe.Abernathy@demo-school.example", "Zoë", "Abernathy")
JOSE = member("102", "jose.alvarado@demo-school.example", "José", "Alvarado")
AMARA = member("201", "amara.okafor@demo-school.example", "Amara", "Okafor")


def test_students_keep_their_names_and_get_the_email_lower_cased_and_no_advisor():
    roster = roster_from_classroom([ZOE, JOSE], [AMARA], DOMAIN, cohort="2026-2028")
    assert roster.students == [
        Student("zoe.abernathy", "Zoë Abernathy", "zoe.abernathy@demo-school.example",
                advisor_email="", cohort="2026-2028", given_name="Zoë", family_name="Abernathy"),
        Student("jose.alvarado", "José Alvarado", "jose.alvarado@demo-school.example",
                advisor_email="", cohort="2026-2028", given_name="José", family_name="Alvarado"),
    ]


def test_the_student_id_stands_in_from_the_email_and_is_unique_across_subdomains():
    a = member("1", "ana@demo-school.example", "Ana", "Ruiz")
    b = member("2", "ana@students.demo-school.example", "Ana", "Ng")
    c = member("3", "bo@demo-school.example", "Bo", "Li")
    ids = [s.student_id for s in roster_from_classroom([a, b, c], [], DOMAIN).students]
    assert ids == ["ana@demo-school.example", "ana@students.demo-school.example", "bo"]


def test_the_full_name_is_used_as_classroom_gives_it_or_built_from_the_parts():
    mononym = member("1", "suharto@demo-school.example", "Suharto", "", full="Suharto")
    no_full = {"userId": "2", "profile": {"emailAddress": "ng@demo-school.example",
                                          "name": {"givenName": "Mai", "familyName": "Ng"}}}
    names = [s.name for s in roster_from_classroom([mononym, no_full], [], DOMAIN).students]
    assert names == ["Suharto", "Mai Ng"]


def test_a_student_listed_twice_is_imported_once():
    assert len(roster_from_classroom([ZOE, JOSE, ZOE], [], DOMAIN).students) == 2


def test_teachers_from_the_school_are_the_candidate_advisors_and_guests_are_left_out():
    guest = member("202", "coach@gmail.com", "Sam", "Coach")
    roster = roster_from_classroom([ZOE], [AMARA, guest, AMARA], DOMAIN)
    assert roster.advisors == [Advisor("amara.okafor@demo-school.example", "Amara Okafor")]


def test_students_without_email_or_from_outside_the_school_stop_the_import_with_each_reason():
    hidden = member("103", None, "Siobhán", "O'Connor")
    guest = member("104", "ana.lopez@gmail.com", "Ana", "López")
    with pytest.raises(RosterError) as caught:
        roster_from_classroom([ZOE, hidden, guest], [AMARA], DOMAIN)
    assert [p.message for p in caught.value.problems] == [
        "Classroom student Siobhán O'Connor, email: is missing: the service needs the "
        "classroom.profile.emails scope to read it.",
        "Classroom student Ana López, email: 'ana.lopez@gmail.com' is not a demo-school.example "
        "address; remove this student from the course or give them a school account.",
    ]
    assert all(p.line is None for p in caught.value.problems)


def test_the_sample_course_read_through_the_real_client_is_the_shipped_roster(emulator, classroom_as):
    """Pages of courses.students.list as google-api-python-client returns them from the
    emulator; importing them after the CSV changes nothing and keeps the advisors."""
    school.load_file(emulator.world, school.SAMPLE)
    fixture = json.loads(school.SAMPLE.read_text(encoding="utf-8"))["courses"][0]
    classroom = classroom_as()
    [course] = classroom.courses().list().execute()["courses"]

    def every(collection):
        items, request = [], collection.list(courseId=course["id"], pageSize=25)
        while request is not None:
            page = request.execute()
            items += page.get("students", page.get("teachers", []))
            request = collection.list_next(request, page)
        return items

    roster = roster_from_classroom(every(classroom.courses().students()),
                                   every(classroom.courses().teachers()), DOMAIN,
                                   cohort="2026-2028")
    assert [s.email for s in roster.students] == fixture["students"]
    # courses.create: the owner "is the owner of the created course and added as a teacher"
    assert {a.email for a in roster.advisors} == {fixture["owner"], *fixture["teachers"]}

    in_sheet = parse_roster_csv(SAMPLE_ROSTER.read_bytes(), DOMAIN)
    diff = diff_roster([s.to_row() for s in in_sheet], roster.students)
    assert not diff.has_changes and len(diff.unchanged) == 60 and not diff.needs_advisor
    assert len(diff.id_mismatches) == 60  # the Sheet's DS10xx IDs are kept
