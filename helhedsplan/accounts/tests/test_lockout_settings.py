"""The lockout's and two-step login's settings come from the environment and refuse nonsense."""

import os
import subprocess
import sys

import pytest

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.HELHEDSPLAN_LOGIN_FAILURES, int(s.AXES_COOLOFF_TIME.total_seconds()), "
    "s.HELHEDSPLAN_LOCKOUT_PER_ADDRESS, s.HELHEDSPLAN_PROXY_COUNT, s.HELHEDSPLAN_REQUIRE_2FA, "
    "s.HELHEDSPLAN_ADDRESS_FAILURES, ','.join(s.HELHEDSPLAN_TRUSTED_PROXIES))"
)
NAMES = [
    "HELHEDSPLAN_LOGIN_FAILURES",
    "HELHEDSPLAN_LOCKOUT_MINUTES",
    "HELHEDSPLAN_LOCKOUT_PER_ADDRESS",
    "HELHEDSPLAN_PROXY_COUNT",
    "HELHEDSPLAN_REQUIRE_2FA",
    "HELHEDSPLAN_ADDRESS_FAILURES",
    "HELHEDSPLAN_TRUSTED_PROXIES",
]


def settings_with(**environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="helhedsplan.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_defaults_are_five_failures_fifty_per_address_and_fifteen_minutes():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "900", "True", "0", "False", "50", "127.0.0.1,::1"]


def test_the_environment_sets_the_numbers():
    result = settings_with(
        HELHEDSPLAN_LOGIN_FAILURES="3",
        HELHEDSPLAN_LOCKOUT_MINUTES="1",
        HELHEDSPLAN_LOCKOUT_PER_ADDRESS="0",
        HELHEDSPLAN_PROXY_COUNT="1",
        HELHEDSPLAN_REQUIRE_2FA="1",
        HELHEDSPLAN_ADDRESS_FAILURES="3",
        HELHEDSPLAN_TRUSTED_PROXIES="10.0.0.2, 10.1.0.0/16,fd00::/8",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "3",
        "60",
        "False",
        "1",
        "True",
        "3",
        "10.0.0.2,10.1.0.0/16,fd00::/8",
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HELHEDSPLAN_LOGIN_FAILURES", "fem", "skal være et helt tal"),
        ("HELHEDSPLAN_LOGIN_FAILURES", "0", "HELHEDSPLAN_LOGIN_FAILURES skal være 1 eller større"),
        (
            "HELHEDSPLAN_LOCKOUT_MINUTES",
            "0",
            "HELHEDSPLAN_LOCKOUT_MINUTES skal være 1 eller større",
        ),
        ("HELHEDSPLAN_PROXY_COUNT", "-1", "HELHEDSPLAN_PROXY_COUNT skal være 0 eller større"),
        ("HELHEDSPLAN_REQUIRE_2FA", "måske", "HELHEDSPLAN_REQUIRE_2FA skal være 1/0"),
        (
            "HELHEDSPLAN_ADDRESS_FAILURES",
            "4",
            "HELHEDSPLAN_ADDRESS_FAILURES skal være mindst HELHEDSPLAN_LOGIN_FAILURES (5)",
        ),
        ("HELHEDSPLAN_ADDRESS_FAILURES", "mange", "skal være et helt tal"),
        (
            "HELHEDSPLAN_TRUSTED_PROXIES",
            "10.0.0.2,proxy.lan",
            "HELHEDSPLAN_TRUSTED_PROXIES: 'proxy.lan' er hverken en IP-adresse eller et net",
        ),
    ],
)
def test_a_bad_value_stops_the_start_with_a_clear_message(name, value, message):
    result = settings_with(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr
