"""Attacks on the lockout itself: a client that writes its own X-Forwarded-For, and anyone who
locks a user name they know (names are e-mails). The header is read only from a trusted proxy;
a locked user name still lets its owner in with password plus two-step code, and a reset link
(clear_user_lock) or the secretariat lifts the rest."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhedsplan.accounts import lockout, unlocking
from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    HOME,
    LOCKED_TITLE,
    OFFICE,
    WRONG_PASSWORD,
    axes_on,  # noqa: F401  (fixture)
    code_for_device,
    fail,
    is_logged_in,
    lockout_block,
    spray,
    try_login,
)
from helhedsplan.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("axes_on")
ATTACKER = "192.0.2.66"
PROXY = "10.0.0.2"


@pytest.fixture
def few(settings):
    """An address limit of 8, so that attacks on it need not send 50 requests each (the limit
    of 50 itself: test_lockout_address.py)."""
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 8
    return settings


# --- X-Forwarded-For ----------------------------------------------------------------------


def _address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return lockout.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_a_client_reaching_gunicorn_directly_cannot_rotate_the_header_past_the_address_lock(
    client, medarbejder, few
):
    few.HELHEDSPLAN_PROXY_COUNT = 1
    for number in range(8):
        try_login(
            client,
            f"gaet-{number}",
            WRONG_PASSWORD,
            address=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number + 1}",
        )
    locked = try_login(
        client, "medarbejder", PASSWORD, address=ATTACKER, HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert locked.status_code == 429


def test_a_client_reaching_gunicorn_directly_cannot_lock_a_victims_address(
    client, medarbejder, few
):
    few.HELHEDSPLAN_PROXY_COUNT = 1
    for number in range(8):
        try_login(
            client, f"gaet-{number}", WRONG_PASSWORD, address=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE
        )
    # The victim comes through the proxy on the same machine (127.0.0.1, trusted by default).
    response = try_login(
        client, "medarbejder", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert response.status_code == 302
    assert is_logged_in(client)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked(client, medarbejder, few):
    few.HELHEDSPLAN_PROXY_COUNT = 1
    few.HELHEDSPLAN_TRUSTED_PROXIES = ["10.0.0.0/24"]
    for number in range(8):
        # The attacker's own entry on the left is not read: only the one our proxy wrote.
        try_login(
            client,
            f"gaet-{number}",
            WRONG_PASSWORD,
            address=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.18.0.{number}, {OFFICE}",
        )
    locked = try_login(client, "medarbejder", PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=OFFICE)
    assert locked.status_code == 429
    other = try_login(client, "medarbejder", PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    assert other.status_code == 302


def test_the_header_is_read_only_from_a_listed_proxy(settings):
    settings.HELHEDSPLAN_PROXY_COUNT = 1
    settings.HELHEDSPLAN_TRUSTED_PROXIES = ["10.0.0.2", "fd00::/8"]
    assert _address("10.0.0.2", OFFICE) == OFFICE
    assert _address("10.0.0.3", OFFICE) == "10.0.0.3"  # not listed
    assert _address("fd00::1", f"attacker, {OFFICE}") == OFFICE
    assert _address("2001:db8::1", OFFICE) == "2001:db8::1"
    assert _address("10.0.0.2", "2001:DB8:0:0::7") == "2001:db8::7"  # written one way only
    assert _address("10.0.0.2") == "10.0.0.2"  # a proxy that sent no header
    assert _address("10.0.0.2", "ikke-en-adresse") == "10.0.0.2"


def test_without_a_proxy_count_the_header_is_never_read(settings):
    settings.HELHEDSPLAN_PROXY_COUNT = 0
    settings.HELHEDSPLAN_TRUSTED_PROXIES = ["10.0.0.2"]
    assert _address("10.0.0.2", OFFICE) == "10.0.0.2"


def test_two_proxies_are_followed_only_while_each_is_trusted(settings):
    settings.HELHEDSPLAN_PROXY_COUNT = 2
    settings.HELHEDSPLAN_TRUSTED_PROXIES = ["10.0.0.2", "10.0.1.5"]
    # client -> 10.0.1.5 (outer proxy) -> 10.0.0.2 (inner proxy) -> gunicorn
    assert _address("10.0.0.2", f"lie, {OFFICE}, 10.0.1.5") == OFFICE
    # A client that goes round the outer proxy to the inner one is itself the client.
    assert _address("10.0.0.2", f"{OFFICE}, {ATTACKER}") == ATTACKER
    # Never more entries than there are proxies, whatever the client wrote further left.
    assert _address("10.0.0.2", f"{OFFICE}, 10.0.1.5, 10.0.1.5") == "10.0.1.5"


# --- a locked user name: password plus the second step ------------------------------------


@pytest.fixture
def device(medarbejder, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own brake would slow the tests down
    return TOTPDevice.objects.create(user=medarbejder, name="Telefon", confirmed=True)


def _wrong_code(device) -> str:
    valid = {code_for_device(device, offset_steps=step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def _lock_the_name_from_afar(client, name="medarbejder"):
    """Someone who knows the e-mail locks the user name from an address of their own."""
    fail(client, name, 5, address=ATTACKER)


def with_code(client, username, password, code, address=OFFICE):
    return client.post(
        "/login/",
        {"username": username, "password": password, "code": code},
        REMOTE_ADDR=address,
    )


def test_a_locked_user_with_two_step_login_still_logs_in_with_password_and_code(
    client, device, caplog
):
    _lock_the_name_from_afar(client)
    refused = try_login(client, "medarbejder", PASSWORD, address=OFFICE)
    assert refused.status_code == 429
    assert 'name="code"' in refused.text  # the locked page offers the second step
    assert "Har du to-trins-login, kan du logge ind alligevel" in lockout_block(refused)

    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        response = with_code(client, "medarbejder", PASSWORD, code_for_device(device))
    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id  # verified, no code page
    assert (
        "Logget ind med adgangskode og to-trins-kode trods spærret brugernavn: 'medarbejder'"
        in caplog.messages
    )


def test_a_user_at_the_code_step_finishes_even_if_the_name_is_locked_meanwhile(client, device):
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE)["Location"] == "/login/kode/"
    _lock_the_name_from_afar(client)
    response = client.post("/login/kode/", {"code": code_for_device(device)}, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_locked_page_is_the_same_for_a_made_up_name(client, device):
    _lock_the_name_from_afar(client)
    fail(client, "findes-ikke@example.dk", 5, address=ATTACKER)
    real = try_login(client, "medarbejder", PASSWORD, address=OFFICE)
    made_up = try_login(client, "findes-ikke@example.dk", PASSWORD, address=OFFICE)
    assert lockout_block(real) == lockout_block(made_up)
    assert ('name="code"' in real.text) and ('name="code"' in made_up.text)


def test_a_wrong_password_or_a_wrong_code_gets_the_same_answer_and_is_counted(client, device):
    _lock_the_name_from_afar(client)
    wrong_password = with_code(client, "medarbejder", WRONG_PASSWORD, code_for_device(device))
    wrong_code = with_code(client, "medarbejder", PASSWORD, _wrong_code(device))
    assert wrong_password.status_code == wrong_code.status_code == 429
    assert lockout_block(wrong_password) == lockout_block(wrong_code)
    assert "Det lykkedes ikke at logge ind med adgangskode og kode" in lockout_block(wrong_code)
    assert not is_logged_in(client)
    # Three more from this address and the pair (name, address) is locked: the guesser's own
    # address is shut for this name, the right password and code included ...
    for _ in range(3):
        with_code(client, "medarbejder", WRONG_PASSWORD, "123456")
    device.throttle_reset()
    refused = with_code(client, "medarbejder", PASSWORD, code_for_device(device))
    assert refused.status_code == 429
    assert not is_logged_in(client)
    # ... while the owner at another address still gets in.
    device.refresh_from_db()
    device.throttle_reset()
    assert (
        with_code(client, "medarbejder", PASSWORD, code_for_device(device), ELSEWHERE).status_code
        == 302
    )


def test_axes_record_of_a_failure_keeps_neither_the_password_nor_the_code(client, device):
    _lock_the_name_from_afar(client)
    with_code(client, "medarbejder", WRONG_PASSWORD, "918273")
    post_data = AccessAttempt.objects.get(username="medarbejder", ip_address=OFFICE).post_data
    assert "code=********************" in post_data
    assert "918273" not in post_data
    assert WRONG_PASSWORD not in post_data


def test_without_two_step_login_the_lock_holds_also_for_the_right_password(client, medarbejder):
    _lock_the_name_from_afar(client)
    response = with_code(client, "medarbejder", PASSWORD, "123456")
    assert response.status_code == 429
    assert LOCKED_TITLE in response.text
    assert not is_logged_in(client)


def test_a_locked_address_holds_also_for_password_and_code(client, device, few):
    spray(client, 8, OFFICE)
    response = with_code(client, "medarbejder", PASSWORD, code_for_device(device))
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_a_code_in_the_wrong_format_gets_a_danish_message_and_is_not_counted(client, device):
    _lock_the_name_from_afar(client)
    for _ in range(6):
        response = with_code(client, "medarbejder", WRONG_PASSWORD, "12a")
    assert response.status_code == 429
    assert "Skriv de 6 cifre, appen viser, fx 123456." in response.text
    assert with_code(client, "medarbejder", PASSWORD, code_for_device(device)).status_code == 302


def test_guessing_codes_from_many_addresses_meets_django_otps_brake(client, device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    _lock_the_name_from_afar(client)
    # Someone with the password guesses codes: each wrong code doubles the wait (10, 20, 40 s
    # …) for the device, whatever the address; a right code during the wait is refused too.
    with_code(client, "medarbejder", PASSWORD, _wrong_code(device), address="198.18.0.1")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    right = with_code(client, "medarbejder", PASSWORD, code_for_device(device), "198.18.0.2")
    assert right.status_code == 429
    assert not is_logged_in(client)


def test_when_no_lock_remains_the_form_with_a_code_is_an_ordinary_login(client, medarbejder):
    wrong = with_code(client, "medarbejder", WRONG_PASSWORD, "123456")
    assert wrong.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in wrong.text
    assert with_code(client, "medarbejder", PASSWORD, "123456").status_code == 302
    assert is_logged_in(client)


# --- a reset link clears the user-name lock (helper for the password reset) ----------------


def test_clear_user_lock_ends_the_user_name_lock(client, django_user_model, caplog):
    django_user_model.objects.create_user(
        username="anna.lund@skole.dk", email="anna.lund@skole.dk", password=PASSWORD
    )
    fail(client, "Anna.Lund@Skole.dk", 5, address=ATTACKER)
    assert try_login(client, "anna.lund@skole.dk", PASSWORD, address=OFFICE).status_code == 429
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        assert unlocking.clear_user_lock("anna.lund@skole.dk") == 1
    assert any(
        m.startswith("Lås på brugernavn 'anna.lund@skole.dk' ophævet") for m in caplog.messages
    )
    assert try_login(client, "anna.lund@skole.dk", PASSWORD, address=OFFICE).status_code == 302


def test_clear_user_lock_leaves_an_address_lock_and_other_names(client, medarbejder, few):
    spray(client, 8, OFFICE)
    fail(client, "bo@example.dk", 5, address=HOME)
    unlocking.clear_user_lock("medarbejder")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429
    assert try_login(client, "bo@example.dk", PASSWORD, address=ELSEWHERE).status_code == 429
