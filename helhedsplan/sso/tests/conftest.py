"""Switching single sign-on on for a test, as the environment would, and the test IdPs."""

import copy
import os
import shutil

import pytest
from django.test import Client

from helhedsplan.accounts import invitations
from helhedsplan.sso import discovery, saml
from helhedsplan.sso.config import read_sso
from helhedsplan.sso.tests import oidc_provider, saml_idp
from helhedsplan.sso.tests.keys import key_pair
from helhedsplan.sso.tests.loopback import Loopback

PREFIXES = ("HELHEDSPLAN_OIDC_", "HELHEDSPLAN_SAML_", "HELHEDSPLAN_SSO_", "HELHEDSPLAN_LOCAL_LOGIN")
CALLBACK = "http://testserver/oidc/callback/"

needs_xmlsec = pytest.mark.skipif(
    shutil.which("xmlsec1") is None,
    reason="xmlsec1 mangler: SAML-testene kræver Debians xmlsec1 (apt-get install xmlsec1); CI har den",
)


@pytest.fixture
def sso_env(monkeypatch):
    """Sets only the given SSO variables (the rest unset) and reads them as settings.py does."""

    def read(**env):
        for name in list(os.environ):
            if name.startswith(PREFIXES):
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return read_sso(base_url="http://testserver")

    return read


@pytest.fixture
def switch_on(settings, sso_env):
    """switch_on(**env): the settings.py SSO section run again with this environment, and a
    fresh test client (its middleware is read on its first request)."""
    backends = [b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("helhedsplan.sso")]
    if "helhedsplan.accounts.backends.EmailOrUsernameBackend" not in backends:
        backends.append("helhedsplan.accounts.backends.EmailOrUsernameBackend")
    middleware = [
        m for m in settings.MIDDLEWARE if not m.startswith(("helhedsplan.sso", "djangosaml2"))
    ]

    def apply(**env):
        config = sso_env(**env)
        for name, value in config.settings.items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = config.authentication_backends(backends)
        at = middleware.index("axes.middleware.AxesMiddleware")
        settings.MIDDLEWARE = [*middleware[:at], *config.middleware(), *middleware[at:]]
        settings.ROOT_URLCONF = "helhedsplan.sso.tests.urls"
        discovery.forget()
        saml.forget()
        return Client()

    yield apply
    discovery.forget()
    saml.forget()


@pytest.fixture
def invited(plan, sekretariat):
    """Anna from the municipality, invited to the plan as medarbejder (not accepted yet)."""
    return invitations.invite(
        plan=plan, email="Anna.Hansen@randers.dk", role="medarbejder", by=sekretariat
    ).invitation


OIDC_PEOPLE = [
    oidc_provider.Person("anna", "anna-pw", "anna.hansen@randers.dk", "Anna", "Hansen"),
    oidc_provider.Person(
        "bo", "bo-pw", "bo.berg@randers.dk", "Bo", "Berg", groups=["hp-sekretariat-randers"]
    ),
    oidc_provider.Person("ukendt", "ukendt-pw", "ukendt@randers.dk", "Ulla", "Kendt"),
]


@pytest.fixture
def provider():
    """A real OpenID provider on 127.0.0.1 (Authlib), for this test only."""
    # Copies: a test that changes a person at the provider changes no other test's.
    op = oidc_provider.Provider(people=copy.deepcopy(OIDC_PEOPLE), redirect_uris=[CALLBACK])
    with Loopback(op) as served:
        op.url = served.url
        yield op


SAML_PEOPLE = [
    saml_idp.Person("anna", "anna-pw", "anna.hansen@randers.dk", "Anna", "Hansen"),
    saml_idp.Person(
        "bo", "bo-pw", "bo.berg@randers.dk", "Bo", "Berg", groups=["hp-sekretariat-randers"]
    ),
    saml_idp.Person("ukendt", "ukendt-pw", "ukendt@randers.dk", "Ulla", "Kendt"),
]


@pytest.fixture(scope="session")
def saml_keys(tmp_path_factory):
    """Made at test time with `cryptography`: ours (the SP's) and the IdP's."""
    directory = tmp_path_factory.mktemp("saml-keys")
    return {"sp": key_pair(directory, "sp"), "idp": key_pair(directory, "idp")}


@pytest.fixture
def identity_provider(saml_keys):
    """pysaml2's IdP on 127.0.0.1, for this test only; it learns our metadata from
    `exchange_metadata`."""
    key, cert = saml_keys["idp"]
    idp = saml_idp.IdentityProvider(people=copy.deepcopy(SAML_PEOPLE), key_file=key, cert_file=cert)
    with Loopback(idp) as served:
        idp.url = served.url
        yield idp
