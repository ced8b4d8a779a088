"""Two-step login (TOTP, django-otp): who needs a code, the half-done login, and the QR code.

A user with a confirmed TOTP device is not logged in by the password alone: the login page keeps
the user in the session as "pending" (PENDING) and asks for a code; only a right code logs in.
With HELHEDSPLAN_REQUIRE_2FA=1 a superuser must have a device: TwoFactorMiddleware sends one
without a device to the set-up page before anything else (the admin included).
"""

import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

# The session key of a login whose password was right and whose code is still to come.
PENDING = "helhedsplan_two_factor_pending"
# How long the code may take after the password, in seconds.
PENDING_SECONDS = 5 * 60
DEVICE_NAME = "Godkendelses-app"
# Marks a failed login that was a wrong code, not a wrong password (for the security log).
CODE_FLAG = "helhedsplan_two_factor_code"


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()


def has_device(user) -> bool:
    return user.is_authenticated and (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    )


def required_for(user) -> bool:
    """Whether the user may not do without a device."""
    return bool(settings.HELHEDSPLAN_REQUIRE_2FA and user.is_superuser)


SETUP_KEY = "two_factor_setup_key"


def unconfirmed_device(request) -> TOTPDevice:
    """The device being set up: the same secret on every visit until it is confirmed. Until a
    code is tried (a POST) it is kept in the session, not in the database: showing the page
    writes nothing."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    if device is not None:
        return device
    if SETUP_KEY not in request.session:
        request.session[SETUP_KEY] = default_key()
    return TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False, key=request.session[SETUP_KEY])


def secret_of(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=4,
    )
    return image.to_string(encoding="utf-8")


# --- the half-done login ---------------------------------------------------------------------


def start_pending(request, user, next_url: str) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "started": time.time(),
    }


def pending(request) -> dict | None:
    """The half-done login with its user, or None when there is none or it is too old."""
    data = request.session.get(PENDING)
    if not data:
        return None
    if time.time() - data.get("started", 0) > PENDING_SECONDS:
        clear_pending(request)
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        clear_pending(request)
        return None
    return {**data, "user": user}


def clear_pending(request) -> None:
    request.session.pop(PENDING, None)
