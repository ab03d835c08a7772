"""The service's configuration: CAS_* environment variables, the production,
emulator and test configurations, and how `cas config` shows them."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cas
from service.config import Config, ConfigError, EmulatorConfig, TestConfig

SCHOOL = {"CAS_SUBJECT": "cas.coordinator@school.example",
          "CAS_SCHOOL_DOMAIN": "school.example", "CAS_COHORT": "2026-2028"}


def test_without_an_emulator_url_the_service_talks_to_google_as_the_subject():
    config = Config.from_env(SCHOOL)
    assert type(config) is Config and config.name == "production"
    assert not config.uses_emulator and config.emulator_url is None
    assert config.subject == "cas.coordinator@school.example"
    assert config.school_domain == "school.example" and config.cohort == "2026-2028"
    assert "Google" in config.describe_backend()


def test_production_names_every_missing_setting_at_once():
    with pytest.raises(ConfigError) as caught:
        Config.from_env({})
    message = str(caught.value)
    for name in ("CAS_SUBJECT", "CAS_SCHOOL_DOMAIN"):
        assert name in message


def test_the_cohort_is_optional_the_web_service_finds_every_cohort_itself():
    config = Config.from_env({**SCHOOL, "CAS_COHORT": ""})
    assert config.cohort == ""


def test_the_web_service_names_each_setting_it_lacks():
    assert len(Config.from_env(SCHOOL).web_problems()) == 4
    complete = Config.from_env({
        **SCHOOL, "CAS_TASKS_QUEUE_PARENT": "projects/p/locations/europe-west1",
        "CAS_PUSH_TOPIC": "projects/p/topics/cas-forms", "CAS_PUSH_AUDIENCE": "https://x/push",
        "CAS_PUSH_SERVICE_ACCOUNT": "cas-push@p.iam.gserviceaccount.com"})
    assert complete.web_problems() == []
    # The emulator's configuration knows its queues and push account; not the audience.
    emulator = Config.from_env({"CAS_EMULATOR_URL": "http://127.0.0.1:8765"})
    assert emulator.tasks_queue_parent == "projects/emulator-project/locations/us-central1"
    assert [p.split()[0] for p in emulator.web_problems()] == ["CAS_PUSH_AUDIENCE"]


@pytest.mark.parametrize("name, value, complaint", [
    ("CAS_TASKS_QUEUE_PARENT", "projects/p", "projects/PROJECT/locations/LOCATION"),
    ("CAS_PUSH_TOPIC", "cas-forms", "projects/PROJECT/topics/TOPIC"),
    ("CAS_PUSH_SERVICE_ACCOUNT", "pubsub", "service account email"),
    ("CAS_LIVE_GRACE_DAYS", "two months", "whole number of days"),
])
def test_a_malformed_web_setting_is_refused_with_the_reason(name, value, complaint):
    with pytest.raises(ConfigError, match=complaint):
        Config.from_env({**SCHOOL, name: value})


def test_the_local_task_secret_is_never_shown():
    config = Config.from_env({**SCHOOL, "CAS_LOCAL_TASK_SECRET": "s3cret"})
    assert config.settings()["CAS_LOCAL_TASK_SECRET"] == "(set, not shown)"


def test_blank_values_count_as_missing():
    with pytest.raises(ConfigError, match="CAS_SUBJECT is required"):
        Config.from_env({**SCHOOL, "CAS_SUBJECT": "   "})


@pytest.mark.parametrize("name, value, complaint", [
    ("CAS_SUBJECT", "coordinator", "must be an email address"),
    ("CAS_SCHOOL_DOMAIN", "https://school.example", "must be a domain name"),
    ("CAS_COHORT", "2026/2028", "may not contain '/'"),
])
def test_a_malformed_setting_is_refused_with_the_reason(name, value, complaint):
    with pytest.raises(ConfigError, match=complaint):
        Config.from_env({**SCHOOL, name: value})


def test_an_emulator_url_selects_the_emulator_config_with_the_demo_school_as_default():
    config = Config.from_env({"CAS_EMULATOR_URL": "http://127.0.0.1:8765/"})
    assert isinstance(config, EmulatorConfig) and config.name == "emulator"
    assert config.uses_emulator and config.emulator_url == "http://127.0.0.1:8765"
    assert config.subject == "coordinator@demo-school.example"
    assert config.school_domain == "demo-school.example"
    assert "emulator at http://127.0.0.1:8765" in config.describe_backend()


def test_school_settings_override_the_emulator_defaults():
    config = Config.from_env({**SCHOOL, "CAS_EMULATOR_URL": "http://localhost:9000"})
    assert config.emulator_url == "http://localhost:9000"
    assert config.subject == "cas.coordinator@school.example"


@pytest.mark.parametrize("url", [
    "http://10.0.0.5:8765", "http://emulator.school.example:8765", "https://127.0.0.1:8765",
    "http://127.0.0.1.evil.example:8765", "ftp://localhost:8765", "127.0.0.1:8765",
])
def test_an_emulator_anywhere_but_this_machine_is_refused(url):
    with pytest.raises(ConfigError, match="must point at an emulator on this machine"):
        Config.from_env({"CAS_EMULATOR_URL": url})


def test_an_emulator_url_with_a_path_is_refused():
    with pytest.raises(ConfigError, match="just scheme, host and port"):
        Config.from_env({"CAS_EMULATOR_URL": "http://127.0.0.1:8765/drive/v3"})


def test_the_test_config_is_the_emulator_config_in_testing_mode():
    config = TestConfig(emulator_url="http://127.0.0.1:1234")
    assert config.testing and not Config.testing
    assert config.uses_emulator and config.subject == "coordinator@demo-school.example"


def test_the_emulator_config_cannot_be_built_without_an_emulator():
    with pytest.raises(ConfigError, match="needs CAS_EMULATOR_URL"):
        EmulatorConfig(emulator_url=None)


def test_cas_config_prints_the_settings_and_says_it_talks_to_the_emulator():
    result = CliRunner().invoke(cas, ["config"], env={
        "CAS_EMULATOR_URL": "http://127.0.0.1:8765", "CAS_SUBJECT": "", "CAS_SCHOOL_DOMAIN": "",
        "CAS_COHORT": "2027-2029"})
    assert result.exit_code == 0, result.output
    assert "CAS_COHORT" in result.output and "2027-2029" in result.output
    assert "coordinator@demo-school.example  (default)" in result.output
    assert "Talks to: the local emulator at http://127.0.0.1:8765" in result.output


def test_cas_config_says_google_in_production():
    result = CliRunner().invoke(cas, ["config"], env={**SCHOOL, "CAS_EMULATOR_URL": ""})
    assert result.exit_code == 0, result.output
    assert "Configuration: production" in result.output
    assert "Talks to: Google" in result.output


def test_cas_config_fails_with_what_to_fix():
    result = CliRunner().invoke(cas, ["config"], env={"CAS_EMULATOR_URL": "http://10.1.1.1:80"})
    assert result.exit_code == 2
    assert "must point at an emulator on this machine" in result.output


def test_python_dash_m_service_is_the_cas_command():
    done = subprocess.run([sys.executable, "-m", "service", "config"], capture_output=True,
                          text=True, env={"CAS_EMULATOR_URL": "http://127.0.0.1:8765"},
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Talks to: the local emulator" in done.stdout
