"""Fixtures of the service's integration tests: the sample school in the emulator with
the `cas` settings pointing at it, and the `cas` command run in-process."""

from __future__ import annotations

import pytest

from emulator import school as school_fixture
from service.cli import main

COORDINATOR = "coordinator@demo-school.example"


@pytest.fixture
def school(emulator, monkeypatch):
    """The sample school loaded, the `cas` settings pointing at it; its course ID."""
    school_fixture.load_file(emulator.world, school_fixture.SAMPLE)
    monkeypatch.setenv("CAS_EMULATOR_URL", emulator.url)
    monkeypatch.setenv("CAS_SUBJECT", COORDINATOR)
    monkeypatch.setenv("CAS_SCHOOL_DOMAIN", "demo-school.example")
    monkeypatch.setenv("CAS_COHORT", "2026-2028")
    [course_id] = list(emulator.world.classroom.courses)
    return course_id


@pytest.fixture
def cas(capsys):
    """``cas(*args)``: run the command; (exit code, stdout, stderr)."""
    def run(*args):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err
    return run
