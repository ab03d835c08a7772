"""Shared fixtures: an emulator served on a real port, and real Google clients on it.

One emulator serves the whole test session; each test starts from an empty world
(``emulator`` resets it), so tests do not depend on one another.
"""

from __future__ import annotations

import pytest

from emulator.app import create_app
from emulator.server import RunningEmulator
from service.workspace import clients

COORDINATOR = "coordinator@school.example"
DEMO_COORDINATOR = "coordinator@demo-school.example"  # of the sample school


@pytest.fixture(scope="session")
def running_emulator():
    with RunningEmulator(create_app()) as running:
        yield running


@pytest.fixture
def emulator(running_emulator):
    """The running emulator, emptied before the test."""
    running_emulator.world.reset()
    return running_emulator


def _client_as(api: str, version: str, default_user: str = COORDINATOR):
    """A fixture ``<api>_as(email)``: a google-api-python-client service acting as email."""
    @pytest.fixture
    def client_as(emulator):
        def make(email: str = default_user):
            return clients.build(api, version, clients.EmulatorCredentials(email), emulator.url)
        return make
    return client_as


drive_as = _client_as("drive", "v3")
sheets_as = _client_as("sheets", "v4")
forms_as = _client_as("forms", "v1")
classroom_as = _client_as("classroom", "v1", DEMO_COORDINATOR)
gmail_as = _client_as("gmail", "v1", DEMO_COORDINATOR)


@pytest.fixture
def gspread_as(emulator):
    """``gspread_as(email)``: a gspread client acting as email."""
    def make(email: str = COORDINATOR):
        return clients.gspread_client(clients.EmulatorCredentials(email), emulator.url)
    return make


@pytest.fixture
def drive(drive_as):
    return drive_as(COORDINATOR)


@pytest.fixture
def sheets(sheets_as):
    return sheets_as(COORDINATOR)


@pytest.fixture
def people_url(emulator):
    """``people_url("https://docs.google.com/spreadsheets/d/ID/edit")``: the same link as
    the emulator returns it, on its own host, where its pages for people serve it."""
    def local(google_url: str) -> str:
        scheme_host = "/".join(google_url.split("/")[:3])
        return emulator.url + google_url[len(scheme_host):]
    return local
