"""Two-step login with TOTP: set up on "To-trins-login" with a code from the secret the page
shows, then every login asks for a code after the password; codes are computed by django-otp's
own TOTP, as an authenticator app would. Superusers must use it when HELHEDSPLAN_REQUIRE_2FA=1."""

import logging
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhedsplan.accounts import two_factor
from helhedsplan.accounts.tests.security_helpers import (
    LOCKED_TITLE,
    axes_on,  # noqa: F401  (fixture)
    code_for_device,
    code_for_secret,
    is_logged_in,
    try_login,
)
from helhedsplan.conftest import PASSWORD

PAGE = "/konto/to-trins-login/"
QR = "/konto/to-trins-login/qr.svg"
CODE_PAGE = "/login/kode/"
OVERVIEW = "/planer/randers-nordby-2017-21/"


def secret_on(response) -> str:
    match = re.search(r'<code class="secret" id="hemmelighed">([A-Z2-7 ]+)</code>', response.text)
    assert match, "no secret on the page"
    return match.group(1)


def a_wrong_code(device) -> str:
    valid = {code_for_device(device, offset_steps=step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


@pytest.fixture
def device(medarbejder):
    return TOTPDevice.objects.create(user=medarbejder, name="Telefon", confirmed=True)


def test_a_user_sets_up_two_step_login_with_a_code_from_the_secret_shown(
    client, medarbejder, caplog
):
    client.force_login(medarbejder)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "<h1>To-trins-login</h1>" in page.text
    secret = secret_on(page)
    assert len(secret.replace(" ", "")) == 32  # 20 random bytes in base32

    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        response = client.post(PAGE, {"code": code_for_secret(secret)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=medarbejder)
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id
    assert "To-trins-login er slået til" in client.get(PAGE).text
    assert "To-trins-login slået til: 'medarbejder'" in caplog.messages


def test_the_qr_code_is_an_svg_image_of_the_same_secret(client, medarbejder, settings):
    client.force_login(medarbejder)
    secret = secret_on(client.get(PAGE)).replace(" ", "")
    image = client.get(QR)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.startswith(b"<?xml") or image.content.startswith(b"<svg")
    assert b"<path" in image.content and b"<script" not in image.content
    assert "no-store" in image["Cache-Control"]
    # Shown, not stored: the secret waits in the session until a code is tried.
    assert not TOTPDevice.objects.filter(user=medarbejder).exists()
    url = _setup_device(client, medarbejder).config_url
    assert url.startswith("otpauth://totp/Helhedsplan%3Amedarbejder?")
    assert f"secret={secret}" in url and "issuer=Helhedsplan" in url


def test_the_secret_stays_the_same_until_confirmed_and_is_never_shown_again(client, medarbejder):
    client.force_login(medarbejder)
    secret = secret_on(client.get(PAGE))
    assert secret_on(client.get(PAGE)) == secret
    client.post(PAGE, {"code": code_for_secret(secret)})
    assert 'class="secret"' not in client.get(PAGE).text
    assert client.get(QR).status_code == 404


def test_a_wrong_code_does_not_switch_it_on(client, medarbejder):
    client.force_login(medarbejder)
    client.get(PAGE)
    pending = _setup_device(client, medarbejder)
    response = client.post(PAGE, {"code": a_wrong_code(pending)})
    assert response.status_code == 422
    assert "Koden passer ikke" in response.text
    assert not TOTPDevice.objects.filter(user=medarbejder, confirmed=True).exists()
    assert client.post(PAGE, {"code": "12ab"}).status_code == 422


def test_the_login_asks_for_the_code_after_the_password(client, device):
    response = try_login(client, "medarbejder", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    assert not is_logged_in(client)
    assert client.get(OVERVIEW).status_code == 302  # still not in

    page = client.get(CODE_PAGE)
    assert page.status_code == 200
    assert "Skriv koden fra din app" in page.text

    done = client.post(CODE_PAGE, {"code": code_for_device(device)})
    assert done.status_code == 302
    assert done["Location"] == "/"
    assert is_logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(OVERVIEW).status_code == 200


def test_the_code_step_keeps_where_the_user_was_going(client, device):
    client.post("/login/", {"username": "medarbejder", "password": PASSWORD, "next": OVERVIEW})
    done = client.post(CODE_PAGE, {"code": code_for_device(device)})
    assert done["Location"] == OVERVIEW


def test_a_wrong_code_is_refused(client, device):
    try_login(client, "medarbejder", PASSWORD)
    response = client.post(CODE_PAGE, {"code": a_wrong_code(device)})
    assert response.status_code == 422
    assert "Koden passer ikke" in response.text
    assert not is_logged_in(client)


def test_django_otp_brakes_quick_retries_and_says_how_long_to_wait(client, device):
    try_login(client, "medarbejder", PASSWORD)
    client.post(CODE_PAGE, {"code": a_wrong_code(device)})
    response = client.post(CODE_PAGE, {"code": code_for_device(device)})
    assert response.status_code == 422
    assert "Vent 1 sekund, og prøv igen" in response.text
    assert not is_logged_in(client)


def test_a_code_is_accepted_only_once(client, device):
    code = code_for_device(device)
    try_login(client, "medarbejder", PASSWORD)
    assert client.post(CODE_PAGE, {"code": code}).status_code == 302
    client.post("/logout/")

    try_login(client, "medarbejder", PASSWORD)
    assert client.post(CODE_PAGE, {"code": code}).status_code == 422
    assert not is_logged_in(client)


def test_a_half_done_login_expires(client, device):
    try_login(client, "medarbejder", PASSWORD)
    session = client.session
    session[two_factor.PENDING]["started"] -= two_factor.PENDING_SECONDS + 1
    session.save()
    response = client.post(CODE_PAGE, {"code": code_for_device(device)})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not is_logged_in(client)


def test_the_code_page_without_a_password_sends_to_the_login(client, device):
    assert client.get(CODE_PAGE)["Location"] == "/login/"


@pytest.mark.usefixtures("axes_on")
def test_guessing_codes_locks_out_like_guessing_passwords(client, device, settings, caplog):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own brake would slow the test down
    try_login(client, "medarbejder", PASSWORD)
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        answers = [client.post(CODE_PAGE, {"code": a_wrong_code(device)}) for _ in range(5)]
    assert [a.status_code for a in answers] == [422, 422, 422, 422, 429]
    assert LOCKED_TITLE in answers[-1].text
    assert (
        "Forkert kode i to-trins-login: brugernavn 'medarbejder' fra 127.0.0.1 (forsøg 1 af 5)"
        in (caplog.messages)
    )
    # The half-done login is gone, and the password alone is refused now.
    assert client.get(CODE_PAGE)["Location"] == "/login/"
    assert try_login(client, "medarbejder", PASSWORD).status_code == 429


def test_a_session_without_the_code_is_sent_to_the_code_page(client, device, medarbejder):
    client.force_login(medarbejder)  # as the invitation link or single sign-on would
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"] == "/login/kode/?next=%2Fplaner%2Franders-nordby-2017-21%2F"
    assert client.get(PAGE)["Location"].startswith(CODE_PAGE)  # no removal without a code

    done = client.post(CODE_PAGE, {"code": code_for_device(device), "next": OVERVIEW})
    assert done["Location"] == OVERVIEW
    assert client.get(OVERVIEW).status_code == 200


def test_a_user_removes_two_step_login_with_a_current_code(client, device, caplog):
    try_login(client, "medarbejder", PASSWORD)
    client.post(CODE_PAGE, {"code": code_for_device(device)})
    assert client.post(PAGE, {"remove-code": a_wrong_code(device)}).status_code == 422
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    device.refresh_from_db()
    device.throttle_reset()
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        removed = client.post(PAGE, {"remove-code": code_for_device(device, offset_steps=1)})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert "To-trins-login slået fra: 'medarbejder'" in caplog.messages
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD)["Location"] == "/"


@pytest.fixture
def chef(db, django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@example.dk", PASSWORD)


def test_a_superuser_without_a_device_is_sent_to_set_one_up_when_required(
    client, plan, chef, settings
):
    settings.HELHEDSPLAN_REQUIRE_2FA = True
    client.force_login(chef)
    for path in (OVERVIEW, "/", "/admin/", "/admin/axes/accessattempt/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{PAGE}?next="), path

    page = client.get(f"{PAGE}?next=/admin/")
    assert page.status_code == 200
    assert "Som superbruger skal du slå to-trins-login til" in page.text
    assert client.get(QR).status_code == 200
    done = client.post(PAGE, {"code": code_for_secret(secret_on(page)), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(OVERVIEW).status_code == 200


def test_a_superuser_is_not_forced_without_the_setting(client, plan, chef):
    client.force_login(chef)
    assert client.get("/admin/").status_code == 200


def test_a_required_device_cannot_be_removed(client, chef, settings):
    settings.HELHEDSPLAN_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=chef, name="Telefon", confirmed=True)
    try_login(client, "chef", PASSWORD)
    client.post(CODE_PAGE, {"code": code_for_device(device)})
    response = client.post(PAGE, {"remove-code": code_for_device(device, offset_steps=1)})
    assert response.status_code == 200
    assert "Påkrævet" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_api_is_not_sent_to_the_code_page(client, device, medarbejder):
    client.force_login(medarbejder)
    # The API never takes a session: 401 (a token is needed), not a redirect to a page.
    assert client.get("/api/v1/plans/randers-nordby-2017-21/registrations").status_code == 401


def test_a_superuser_removes_a_lost_phone_in_the_admin_without_seeing_its_secret(
    client, device, chef
):
    client.force_login(chef)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    assert "medarbejder" in listing.text
    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert device.key not in change.text
    deleted = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD)["Location"] == "/"


def _setup_device(client, user) -> TOTPDevice:
    """The device being set up, as the page keeps it: its secret in the session, unsaved."""
    return TOTPDevice(user=user, key=client.session[two_factor.SETUP_KEY])
