"""Fixtures of the Classroom and Gmail tests: the sample school loaded into the
emulator, and google-api-python-client services acting as one of its people.

Test modules import the fixtures they use (``from _school import classroom_as``)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from emulator import school as school_fixture
from service.workspace import clients

COORDINATOR = "coordinator@demo-school.example"
ADMIN = "admin@demo-school.example"


@pytest.fixture
def school(emulator):
    """The sample school (emulator/fixtures/sample_school.json), loaded: its course ID,
    the coordinator, the advisors and the students by email, as the fixture lists them."""
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    data = json.loads(school_fixture.SAMPLE.read_text(encoding="utf-8"))
    course = data["courses"][0]
    [course_id] = list(emulator.world.classroom.courses)
    return SimpleNamespace(course_id=course_id, coordinator=COORDINATOR, admin=ADMIN,
                           advisors=course["teachers"], students=course["students"],
                           users={u["email"]: u for u in data["users"]}, data=data)


@pytest.fixture
def classroom_as(emulator):
    """``classroom_as(email)``: a Classroom v1 service acting as that person."""
    def make(email: str = COORDINATOR):
        return clients.build("classroom", "v1", clients.EmulatorCredentials(email), emulator.url)
    return make


@pytest.fixture
def gmail_as(emulator):
    """``gmail_as(email)``: a Gmail v1 service acting as that person."""
    def make(email: str = COORDINATOR):
        return clients.build("gmail", "v1", clients.EmulatorCredentials(email), emulator.url)
    return make


def google_error(caught) -> dict:
    """The ``error`` object of Google's envelope, from a caught HttpError."""
    return json.loads(caught.value.content)["error"]
