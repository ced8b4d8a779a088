"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from helhedsplan.env import env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1", True), ("true", True), ("JA", True), ("0", False), ("off", False), ("", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("HP_FLAG", raw)
    assert env_bool("HP_FLAG") is value


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("HP_FLAG", "måske")
    with pytest.raises(ImproperlyConfigured, match="HP_FLAG"):
        env_bool("HP_FLAG")


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("HP_N", "fem")
    with pytest.raises(ImproperlyConfigured, match="helt tal"):
        env_int("HP_N", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HP_HOSTS", "a.dk, b.dk,,")
    assert env_list("HP_HOSTS", []) == ["a.dk", "b.dk"]
    monkeypatch.delenv("HP_HOSTS")
    assert env_list("HP_HOSTS", ["x"]) == ["x"]


def _run_cli(env_changes, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "helhedsplan.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = _run_cli({"DEBUG": "0", "HELHEDSPLAN_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY skal sættes" in result.stderr
    assert "Traceback" not in result.stderr


def test_allowed_hosts_are_required_when_debug_is_off(tmp_path):
    result = _run_cli(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50, "HELHEDSPLAN_VAR_DIR": str(tmp_path)}, "check"
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS skal sættes" in result.stderr


def test_debug_mode_generates_and_keeps_a_secret_key_in_var(tmp_path):
    env = {"DEBUG": "1", "HELHEDSPLAN_VAR_DIR": str(tmp_path)}
    assert _run_cli(env, "check").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    assert _run_cli(env, "check").returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_a_bad_database_url_is_reported_plainly(tmp_path):
    result = _run_cli(
        {"DEBUG": "1", "HELHEDSPLAN_VAR_DIR": str(tmp_path), "DATABASE_URL": "nosuchdb://x"},
        "check",
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_ui_language_is_danish(settings):
    assert settings.LANGUAGE_CODE == "da"
    assert settings.USE_THOUSAND_SEPARATOR is True


def test_an_unexpected_authorization_header_never_reaches_the_log():
    import logging

    from helhedsplan.core.logging import DropCredentials

    record = logging.LogRecord(
        "django", logging.ERROR, __file__, 1, "Unexpected auth - 'Basic dXNlcjpwdw=='", None, None
    )
    assert DropCredentials().filter(record) is False
    other = logging.LogRecord("django", logging.ERROR, __file__, 1, "Something else", None, None)
    assert DropCredentials().filter(other) is True
