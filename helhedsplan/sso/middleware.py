"""HELHEDSPLAN_LOCAL_LOGIN=0: passwords are refused, before any backend sees them.

The password backend is also left out of AUTHENTICATION_BACKENDS then (helhedsplan.sso.config);
this middleware makes the refusal visible and Danish instead of "wrong password":
- a POST to the login form is refused (403), except with HELHEDSPLAN_LOCAL_LOGIN_ADMIN=1, when
  helhedsplan.sso.backends.AdminPasswordBackend lets superusers (and only them) in;
- an invitation link opened by someone not logged in offers the municipality's login instead of
  a new password (the invitation is taken when they log in with the invited e-mail).
"""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger("helhedsplan.security.sso")


class LocalLoginSwitch:
    def __init__(self, get_response):
        self.get_response = get_response
        self.invitation_prefix = reverse("invitations:accept", args=["x"])[:-2]

    def __call__(self, request):
        if settings.HELHEDSPLAN_LOCAL_LOGIN:
            return self.get_response(request)
        path = request.path_info
        if (
            path == reverse("login")
            and request.method == "POST"
            and not settings.HELHEDSPLAN_LOCAL_LOGIN_ADMIN
        ):
            logger.warning("Login med adgangskode afvist: slået fra (HELHEDSPLAN_LOCAL_LOGIN=0)")
            return render(request, "sso/local_login_off.html", status=403)
        if path.startswith(self.invitation_prefix) and not request.user.is_authenticated:
            return render(request, "sso/invitation.html")
        return self.get_response(request)
