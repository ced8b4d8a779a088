"""Helpers for the lockout and two-step login tests: axes switched on, logins from an address,
time that passes for the lockout, and codes from django-otp's own TOTP."""

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django_otp.oath import TOTP

WRONG_PASSWORD = "Forkert-Gaet-4711"
# Addresses from the documentation ranges (RFC 5737): never anyone's real address.
HOME = "192.0.2.10"
OFFICE = "198.51.100.20"
ELSEWHERE = "203.0.113.30"
LOCKED_TITLE = "Login er midlertidigt spærret"


@pytest.fixture
def axes_on(settings):
    """The test settings switch axes off (Django's client.login has no request); on here."""
    settings.AXES_ENABLED = True
    return settings


def try_login(client, username: str, password: str, address: str = HOME, **extra):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username: str, times: int, address: str = HOME):
    return [try_login(client, username, WRONG_PASSWORD, address) for _ in range(times)][-1]


def spray(client, times: int, address: str = OFFICE, *, first: int = 0, **extra):
    """Wrong passwords for `times` different made-up user names from one address (password
    spraying, or a town hall's colleagues mistyping); the last answer."""
    return [
        try_login(client, f"gaet-{number}@example.dk", WRONG_PASSWORD, address, **extra)
        for number in range(first, first + times)
    ][-1]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def move_time(*, minutes: int = 0, seconds: int = 0) -> None:
    """Let time pass for the lockout: every failure axes has recorded becomes that much older
    (axes compares the time of the last failure with now)."""
    delta = timedelta(minutes=minutes, seconds=seconds)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


def lockout_block(response) -> str:
    """The lockout notice of a login page, as text without tags."""
    html = response.content.decode()
    match = re.search(r'<div class="lockout" role="alert">(.*?)</div>', html, re.S)
    assert match, "no lockout notice on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def code_for_secret(secret: str, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows for the secret the page gave it."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + offset_steps * 30
    return f"{totp.token():06d}"


def code_for_device(device, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"
