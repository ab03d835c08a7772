"""The service's Flask app: the factory builds it from a configuration and it
answers health checks without calling Google."""

import pytest

from service.app import create_app
from service.config import ConfigError, TestConfig


@pytest.fixture
def client():
    return create_app(TestConfig(emulator_url="http://127.0.0.1:9")).test_client()


def test_healthz_answers_ok_without_calling_google(client):
    # The config points at port 9, where nothing listens: any API call would fail.
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}


def test_the_app_carries_its_configuration():
    config = TestConfig(emulator_url="http://127.0.0.1:9", cohort="2027-2029")
    app = create_app(config)
    assert app.config["CAS"] is config and app.testing


def test_without_a_config_the_factory_reads_the_environment(monkeypatch):
    monkeypatch.setenv("CAS_EMULATOR_URL", "http://localhost:8765")
    monkeypatch.setenv("CAS_COHORT", "2030-2032")
    app = create_app()
    assert app.config["CAS"].cohort == "2030-2032" and not app.testing


def test_a_wrong_environment_stops_the_app_from_starting(monkeypatch):
    for name in ("CAS_EMULATOR_URL", "CAS_SUBJECT", "CAS_SCHOOL_DOMAIN", "CAS_COHORT"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="CAS_SUBJECT is required"):
        create_app()


def test_an_unknown_path_is_404(client):
    assert client.get("/nothing-here").status_code == 404
