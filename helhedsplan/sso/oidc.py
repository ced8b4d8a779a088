"""The two OpenID Connect addresses (start and callback), on top of mozilla-django-oidc's: the
authorization endpoint comes from discovery, and a refused or failed login shows a Danish page
instead of an error or a silent redirect."""

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from helhedsplan.sso import access, discovery, views

logger = logging.getLogger("helhedsplan.security.sso")


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: off to the provider with state, nonce and a PKCE challenge."""

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_OP_AUTH_ENDPOINT = None

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery.provider().authorization_endpoint
        except discovery.ProviderUnavailable as error:
            logger.error("OpenID-udbyderen kan ikke nås: %s", error)
            return views.login_failed(request, views.UNAVAILABLE)
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: the code is exchanged, the ID token checked and the person let in."""

    def get(self, request):
        try:
            return super().get(request)
        except (discovery.ProviderUnavailable, requests.RequestException) as error:
            logger.error("OpenID-login mislykkedes, udbyderen svarede ikke: %s", error)
            return views.login_failed(request, views.UNAVAILABLE)
        except SuspiciousOperation as error:
            logger.warning("OpenID-login afvist: %s", error)
            return views.login_failed(request, views.REFUSED)
        except access.LinkRefused:
            return views.login_failed(request, views.NOT_LINKED)

    def login_failure(self):
        if self.request.GET.get("error"):
            logger.warning(
                "OpenID-udbyderen afviste login: %s %s",
                self.request.GET.get("error"),
                self.request.GET.get("error_description", ""),
            )
        return views.login_failed(self.request, views.REFUSED)

    @property
    def success_url(self):
        return access.after_login_url(self.user, super().success_url)
