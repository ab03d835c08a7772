"""A generated fictional school for benchmarks and cost tests: a coordinator,
``advisors`` advisors who teach one CAS Classroom course, and ``students``
students in it, with the roster CSV a coordinator would export.

Names are combinations of a few fictional given and family names, made unique by
the student ID, so any size is available without a shipped file. The fixture is
in the format of ``emulator/fixtures/sample_school.json`` (see emulator/school.py).
"""

from __future__ import annotations

import csv
import dataclasses
import io

DOMAIN = "bench-school.example"
COORDINATOR = f"coordinator@{DOMAIN}"
COHORT = "2026-2028"

GIVEN = ("Ada", "Bram", "Chiara", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas",
         "Kaia", "Luca", "Mina", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tove")
FAMILY = ("Achebe", "Brandt", "Castell", "Dahl", "Ekwueme", "Ferreira", "Gallo", "Haddad",
          "Ivanova", "Jensen", "Kowal", "Lindgren", "Moreau", "Nakamura", "Okoro", "Petrov",
          "Quispe", "Rossi", "Sato", "Tanaka", "Ulloa", "Varga", "Weiss", "Yilmaz")


@dataclasses.dataclass(frozen=True)
class Person:
    email: str
    given: str
    family: str
    student_id: str = ""
    advisor_email: str = ""


@dataclasses.dataclass
class School:
    advisors: list[Person]
    students: list[Person]
    course_id: str = "880000000001"
    course_name: str = f"CAS {COHORT}"

    def fixture(self) -> dict:
        """The school as the emulator loads it (POST /emulator/school)."""
        people = [Person(COORDINATOR, "Morgan", "Ashdown"), *self.advisors, *self.students]
        return {"school": {"name": "Bench School", "domain": DOMAIN},
                "users": [{"email": p.email, "name": {"givenName": p.given,
                                                      "familyName": p.family}}
                          for p in people],
                "courses": [{"id": self.course_id, "name": self.course_name,
                             "section": "IB Diploma", "owner": COORDINATOR,
                             "teachers": [a.email for a in self.advisors],
                             "students": [s.email for s in self.students]}]}

    def roster_csv(self) -> str:
        """The roster as a school's information system exports it."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Student ID", "First name", "Last name", "Email", "Advisor email",
                         "Cohort"])
        for s in self.students:
            writer.writerow([s.student_id, s.given, s.family, s.email, s.advisor_email, COHORT])
        return out.getvalue()


def default_advisors(students: int) -> int:
    """About one advisor for 15 students, as IB schools commonly staff CAS."""
    return max(1, round(students / 15))


def make_school(students: int, advisors: int | None = None) -> School:
    """``students`` students shared round-robin among ``advisors`` advisors."""
    if students < 1:
        raise ValueError("a school needs at least one student")
    advisors = default_advisors(students) if advisors is None else advisors
    if advisors < 1:
        raise ValueError("a school needs at least one advisor")
    staff = [Person(f"advisor{n:03}@{DOMAIN}", GIVEN[(n * 7) % len(GIVEN)],
                    FAMILY[(n * 5) % len(FAMILY)]) for n in range(1, advisors + 1)]
    pupils = []
    for n in range(students):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[(n // len(GIVEN)) % len(FAMILY)]
        student_id = f"BS{10001 + n}"
        pupils.append(Person(f"{given}.{family}.{student_id}@{DOMAIN}".lower(), given, family,
                             student_id, staff[n % advisors].email))
    return School(staff, pupils)
