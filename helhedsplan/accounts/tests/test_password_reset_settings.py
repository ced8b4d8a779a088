"""The reset link's hours and the request limits come from the environment and refuse nonsense;
without EMAIL_HOST the e-mail goes to the console."""

import os
import subprocess
import sys

import pytest

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.PASSWORD_RESET_TIMEOUT, s.HELHEDSPLAN_RESET_HOURS, s.HELHEDSPLAN_RESET_PER_EMAIL, "
    "s.HELHEDSPLAN_RESET_PER_ADDRESS, s.HELHEDSPLAN_RESET_WINDOW_MINUTES, s.EMAIL_BACKEND)"
)
NAMES = [
    "HELHEDSPLAN_RESET_HOURS",
    "HELHEDSPLAN_RESET_PER_EMAIL",
    "HELHEDSPLAN_RESET_PER_ADDRESS",
    "HELHEDSPLAN_RESET_WINDOW_MINUTES",
    "EMAIL_HOST",
]


def settings_with(**environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="helhedsplan.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_defaults_are_two_hours_three_per_email_ten_per_address_in_an_hour():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "7200",
        "2",
        "3",
        "10",
        "60",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_the_environment_sets_the_numbers_and_a_mail_server_sends_for_real():
    result = settings_with(
        HELHEDSPLAN_RESET_HOURS="1",
        HELHEDSPLAN_RESET_PER_EMAIL="2",
        HELHEDSPLAN_RESET_PER_ADDRESS="20",
        HELHEDSPLAN_RESET_WINDOW_MINUTES="30",
        EMAIL_HOST="smtp.randers.dk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "3600",
        "1",
        "2",
        "20",
        "30",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HELHEDSPLAN_RESET_HOURS", "0", "HELHEDSPLAN_RESET_HOURS skal være 1 eller større"),
        ("HELHEDSPLAN_RESET_HOURS", "to", "skal være et helt tal"),
        (
            "HELHEDSPLAN_RESET_PER_EMAIL",
            "0",
            "HELHEDSPLAN_RESET_PER_EMAIL skal være 1 eller større",
        ),
        (
            "HELHEDSPLAN_RESET_PER_ADDRESS",
            "0",
            "HELHEDSPLAN_RESET_PER_ADDRESS skal være 1 eller større",
        ),
        (
            "HELHEDSPLAN_RESET_WINDOW_MINUTES",
            "0",
            "HELHEDSPLAN_RESET_WINDOW_MINUTES skal være 1 eller større",
        ),
    ],
)
def test_a_bad_value_stops_the_start_with_a_clear_message(name, value, message):
    result = settings_with(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr
