"""djangosaml2's configuration loader and assertion consumer, fitted to the municipality.

The configuration (with the IdP's metadata, fetched from its address) is loaded once an hour,
not on every request. Attribute names are kept exactly as the IdP sends them, so the README
can say "the attribute's name in your IdP" instead of pysaml2's own renamings.
"""

import copy
import json
import logging
import threading
import time

from django.conf import settings
from djangosaml2.views import AssertionConsumerServiceView, LoginView
from saml2.config import SPConfig

from helhedsplan.sso import access, views

logger = logging.getLogger("helhedsplan.security.sso")

_lock = threading.Lock()


class SAMLUnavailable(Exception):
    """The IdP's metadata (and so its address and certificate) could not be loaded."""


_cache: dict[str, tuple[float, SPConfig]] = {}


def config_loader(request=None) -> SPConfig:
    key = json.dumps(settings.SAML_CONFIG, sort_keys=True, default=str)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < settings.HELHEDSPLAN_SAML_METADATA_SECONDS:
            return cached[1]
    conf = SPConfig()
    try:
        conf.load(copy.deepcopy(settings.SAML_CONFIG))
    except Exception as error:  # pysaml2 raises many kinds for a bad or missing metadata
        raise SAMLUnavailable(f"IdP'ens metadata kunne ikke læses: {error}") from error
    if not list(conf.metadata.identity_providers()):
        raise SAMLUnavailable("IdP'ens metadata kunne ikke læses eller nævner ingen IdP")
    # No converters: pysaml2 then names every attribute by the Name the IdP gave it.
    conf.attribute_converters = []
    with _lock:
        _cache.clear()
        _cache[key] = (now, conf)
    return conf


def forget() -> None:
    with _lock:
        _cache.clear()


class SAMLLoginView(LoginView):
    """/saml2/login/: an AuthnRequest to the IdP by the HTTP-Redirect binding."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except SAMLUnavailable as error:
            logger.error("SAML-login kunne ikke starte: %s", error)
            return views.login_failed(request, views.UNAVAILABLE)


class AssertionConsumerView(AssertionConsumerServiceView):
    """/saml2/acs/: the IdP's signed answer; djangosaml2 and pysaml2 check it."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except SAMLUnavailable as error:
            logger.error("SAML-svar kunne ikke læses: %s", error)
            return views.login_failed(request, views.UNAVAILABLE)
        except access.LinkRefused:
            return views.login_failed(request, views.NOT_LINKED)

    def custom_redirect(self, user, relay_state, session_info):
        wanted = access.after_login_url(user, relay_state)
        return wanted if wanted != relay_state else None
