"""Sends a logged-in user who still owes a second factor to where it is given.

Placed after django-otp's OTPMiddleware (which tells whether the session was verified by a
code). The login page never logs in a user with a device without a code; this catches every
other way into a session (the admin's own login form, an invitation link, single sign-on, a
session from before the device was set up or before HELHEDSPLAN_REQUIRE_2FA was switched on).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from helhedsplan.accounts import two_factor


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._redirect(request)
        return response or self.get_response(request)

    @staticmethod
    def _redirect(request):
        user = request.user
        if not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        path = request.path
        # The API never trusts a session (bearer tokens only); static files are not pages.
        always_open = [reverse("login_code"), reverse("logout"), "/api/", settings.STATIC_URL]
        if any(path.startswith(prefix) for prefix in always_open):
            return None
        if two_factor.has_device(user):
            return _to("login_code", path)
        if two_factor.required_for(user):
            set_up = [reverse("account:two_factor"), reverse("account:two_factor_qr")]
            if path in set_up:
                return None
            return _to("account:two_factor", path)
        return None


def _to(name: str, next_path: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': next_path})}")
