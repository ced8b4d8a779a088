"""The SSO environment variables: what they switch on, and loud Danish errors on bad values."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from helhedsplan.accounts.models import Role
from helhedsplan.sso.config import ROLE_NAMES, RoleGrant, parse_role_map
from helhedsplan.sso.tests.conftest import PREFIXES, needs_xmlsec

AXES = "axes.backends.AxesStandaloneBackend"
PASSWORD = "helhedsplan.accounts.backends.EmailOrUsernameBackend"
OIDC = {
    "HELHEDSPLAN_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    "HELHEDSPLAN_OIDC_CLIENT_ID": "app-id",
    "HELHEDSPLAN_OIDC_CLIENT_SECRET": "secret",
}


def refused(sso_env, **env) -> str:
    with pytest.raises(ImproperlyConfigured) as error:
        sso_env(**env)
    return str(error.value)


def test_the_role_names_are_the_plan_roles_strongest_first():
    assert list(ROLE_NAMES) == list(Role.values)


def test_nothing_is_switched_on_without_variables(sso_env):
    config = sso_env()

    assert (config.oidc, config.saml, config.local_login) == (False, False, True)
    assert config.authentication_backends([AXES, PASSWORD]) == [AXES, PASSWORD]


def test_the_role_map_reads_one_plan_several_plans_and_partners():
    text = json.dumps(
        {
            "hp-sekretariat": ["randers-nordby-2017-21", "sekretariat"],
            "hp-laesere": [["plan-a", "laeser"], ["plan-b", "bestyrelse"]],
            "skole": ["randers-nordby-2017-21", "partner", "randers-produktionshoejskole"],
        }
    )

    assert parse_role_map(text) == {
        "hp-sekretariat": (RoleGrant("randers-nordby-2017-21", "sekretariat"),),
        "hp-laesere": (RoleGrant("plan-a", "laeser"), RoleGrant("plan-b", "bestyrelse")),
        "skole": (RoleGrant("randers-nordby-2017-21", "partner", "randers-produktionshoejskole"),),
    }


@pytest.mark.parametrize(
    ("role_map", "message"),
    [
        ("{hp: [", "HELHEDSPLAN_SSO_ROLE_MAP er ikke gyldig JSON"),
        ('["plan", "sekretariat"]', "skal være et JSON-objekt"),
        ('{"g": ["plan", "chef"]}', "rollen «chef» for «g» findes ikke. Vælg en af: sekretariat"),
        ('{"g": ["plan", "partner"]}', "skal også nævne organisationen"),
        ('{"g": ["plan", "laeser", "skolen"]}', "kun en partner har en organisation"),
        ('{"g": "plan"}', "skal pege på [plan, rolle]"),
        ('{"g": {"plan": "laeser"}}', "skal pege på [plan, rolle]"),
        ('{"g": [["p", "laeser"], ["p", "sekretariat"]]}', "nævner samme plan to gange"),
    ],
)
def test_a_bad_role_map_stops_the_start_with_a_danish_message(sso_env, role_map, message):
    text = refused(sso_env, HELHEDSPLAN_SSO_ROLE_CLAIM="groups", HELHEDSPLAN_SSO_ROLE_MAP=role_map)

    assert message in text


def test_a_role_map_without_the_claim_name_is_refused(sso_env):
    text = refused(sso_env, HELHEDSPLAN_SSO_ROLE_MAP='{"g": ["p", "laeser"]}')

    assert "HELHEDSPLAN_SSO_ROLE_CLAIM" in text


def test_openid_connect_needs_client_id_and_secret(sso_env):
    text = refused(sso_env, HELHEDSPLAN_OIDC_ISSUER="https://sso.randers.dk/realms/kommune")

    assert "HELHEDSPLAN_OIDC_CLIENT_ID skal sættes, når HELHEDSPLAN_OIDC_ISSUER er sat" in text


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HELHEDSPLAN_OIDC_ISSUER", "http://sso.randers.dk", "skal være en https://-adresse"),
        ("HELHEDSPLAN_OIDC_SIGN_ALGO", "HS256", "HELHEDSPLAN_OIDC_SIGN_ALGO skal være en af RS256"),
        ("HELHEDSPLAN_OIDC_SCOPES", "email profile", "skal indeholde «openid»"),
        ("HELHEDSPLAN_OIDC_PKCE", "måske", "skal være 1/0, true/false eller yes/no"),
        ("HELHEDSPLAN_OIDC_TIMEOUT", "ti", "skal være et helt tal"),
    ],
)
def test_a_bad_openid_value_is_refused_in_danish(sso_env, name, value, message):
    assert message in refused(sso_env, **{**OIDC, name: value})


def test_openid_connect_gives_mozilla_django_oidc_its_settings(sso_env):
    config = sso_env(**OIDC, HELHEDSPLAN_OIDC_SCOPES="openid email profile")

    assert config.oidc and not config.saml
    assert config.settings["OIDC_RP_CLIENT_ID"] == "app-id"
    assert config.settings["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert config.settings["OIDC_USE_PKCE"] is True
    assert config.settings["HELHEDSPLAN_OIDC_ISSUER"] == OIDC["HELHEDSPLAN_OIDC_ISSUER"]
    assert config.authentication_backends([AXES, PASSWORD]) == [
        AXES,
        PASSWORD,
        "helhedsplan.sso.backends.OIDCBackend",
    ]


def test_passwords_cannot_be_switched_off_without_a_municipal_login(sso_env):
    text = refused(sso_env, HELHEDSPLAN_LOCAL_LOGIN="0")

    assert "ingen ville kunne logge ind" in text


def test_passwords_off_takes_the_password_backend_out(sso_env):
    config = sso_env(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0")

    assert config.authentication_backends([AXES, PASSWORD]) == [
        AXES,
        "helhedsplan.sso.backends.OIDCBackend",
    ]


def test_passwords_off_with_the_admin_exception_keeps_a_superuser_only_backend(sso_env):
    config = sso_env(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0", HELHEDSPLAN_LOCAL_LOGIN_ADMIN="1")

    assert config.authentication_backends([AXES, PASSWORD]) == [
        AXES,
        "helhedsplan.sso.backends.AdminPasswordBackend",
        "helhedsplan.sso.backends.OIDCBackend",
    ]


@needs_xmlsec
def test_saml_reads_its_metadata_file_keys_and_entity_id(sso_env, tmp_path, saml_keys):
    metadata = tmp_path / "idp.xml"
    metadata.write_text("<md/>")
    key, cert = saml_keys["sp"]

    config = sso_env(
        HELHEDSPLAN_SAML_IDP_METADATA_FILE=str(metadata),
        HELHEDSPLAN_SAML_KEY_FILE=key,
        HELHEDSPLAN_SAML_CERT_FILE=cert,
        HELHEDSPLAN_SAML_ENTITY_ID="https://helhedsplan.randers.dk/saml",
    )

    saml = config.settings["SAML_CONFIG"]
    assert config.saml and not config.oidc
    assert saml["entityid"] == "https://helhedsplan.randers.dk/saml"
    assert saml["metadata"] == {"local": [str(metadata)]}
    assert saml["service"]["sp"]["want_assertions_signed"] is True
    assert saml["service"]["sp"]["allow_unsolicited"] is False
    assert saml["service"]["sp"]["authn_requests_signed"] is True
    assert saml["encryption_keypairs"] == [{"key_file": key, "cert_file": cert}]
    assert "djangosaml2.middleware.SamlSessionMiddleware" in config.middleware()


@needs_xmlsec
@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "HELHEDSPLAN_SAML_IDP_METADATA_URL": "https://adfs.randers.dk/metadata.xml",
                "HELHEDSPLAN_SAML_IDP_METADATA_FILE": "/etc/idp.xml",
            },
            "ikke begge",
        ),
        (
            {"HELHEDSPLAN_SAML_IDP_METADATA_FILE": "/findes/ikke.xml"},
            "filen /findes/ikke.xml findes ikke",
        ),
        (
            {
                "HELHEDSPLAN_SAML_IDP_METADATA_URL": "https://adfs.randers.dk/metadata.xml",
                "HELHEDSPLAN_SAML_KEY_FILE": __file__,
            },
            "hører sammen",
        ),
        ({"HELHEDSPLAN_SAML_IDP_METADATA_URL": "ftp://adfs.randers.dk/m.xml"}, "https://"),
    ],
)
def test_a_bad_saml_value_is_refused_in_danish(sso_env, env, message):
    assert message in refused(sso_env, **env)


def test_the_command_line_stops_at_once_on_a_bad_setting_with_the_danish_message():
    env = {name: value for name, value in os.environ.items() if not name.startswith(PREFIXES)}
    env.update(DEBUG="1", HELHEDSPLAN_SSO_ROLE_CLAIM="groups", HELHEDSPLAN_SSO_ROLE_MAP='{"g": 1')

    result = subprocess.run(
        [sys.executable, "-c", "from helhedsplan.cli import main; main()", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "HELHEDSPLAN_SSO_ROLE_MAP er ikke gyldig JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_saml_without_xmlsec1_stops_the_start_and_says_how_to_install_it(sso_env, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    text = refused(sso_env, HELHEDSPLAN_SAML_IDP_METADATA_URL="https://adfs.randers.dk/m.xml")

    assert "SAML-login kræver programmet xmlsec1" in text
    assert "apt-get install xmlsec1" in text
