"""Municipal single sign-on, read from the environment (README: Kommunens login).

settings.py calls `read_sso` before Django's apps are loaded, so this module uses no models:
it turns the HELHEDSPLAN_OIDC_*, HELHEDSPLAN_SAML_*, HELHEDSPLAN_SSO_* and
HELHEDSPLAN_LOCAL_LOGIN* variables into Django settings, and refuses a value it cannot use
with a Danish ImproperlyConfigured (a typo must stop the start, never open or close the door
silently).
"""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from helhedsplan.env import env_bool, env_int, env_list, env_str

# The plan roles (helhedsplan.accounts.models.Role, which cannot be imported before the apps are
# loaded; a test keeps the two lists equal), strongest first: when two claim values give roles
# in the same plan, the first one in this order wins.
ROLE_NAMES = ("sekretariat", "medarbejder", "partner", "styregruppe", "bestyrelse", "laeser")

# The ID token's signature algorithms we accept: asymmetric only, so a leaked client secret
# cannot be used to forge identities.
SIGN_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")

DEFAULT_BUTTON = "Log ind med kommunens login"

# Attribute names that carry the e-mail address in the IdPs a municipality meets: plain LDAP
# names, ADFS/Entra claim types, OIOSAML 3 (Fælleskommunal Adgangsstyring, MitID Erhverv) and
# the LDAP OID. The first one present in the assertion is used.
DEFAULT_SAML_EMAIL_ATTRIBUTES = [
    "email",
    "mail",
    "emailaddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "https://data.gov.dk/model/core/eid/email",
    "urn:oid:0.9.2342.19200300.100.1.3",
]

# How long a loaded IdP metadata (and with it the IdP's certificate) is trusted before it is
# fetched again: an IdP that rolls its certificate is followed within the hour.
SAML_METADATA_SECONDS = 3600


@dataclass(frozen=True)
class RoleGrant:
    """One plan role that a claim value gives: plan slug, role and (for a partner) the
    organisation key in that plan."""

    plan: str
    role: str
    organisation: str | None = None


@dataclass
class SSOConfig:
    oidc: bool = False
    saml: bool = False
    local_login: bool = True
    local_login_admin: bool = False
    settings: dict = field(default_factory=dict)

    def installed_apps(self) -> list[str]:
        # djangosaml2 brings the template it uses when an IdP takes requests only by POST.
        return ["djangosaml2"] if self.saml else []

    def middleware(self) -> list[str]:
        # djangosaml2 keeps the outstanding request ids in a cookie of its own, sent along with
        # the IdP's cross-site POST (Django's session cookie is SameSite=Lax and is not).
        return (["djangosaml2.middleware.SamlSessionMiddleware"] if self.saml else []) + [
            "helhedsplan.sso.middleware.LocalLoginSwitch"
        ]

    def authentication_backends(self, backends: list[str]) -> list[str]:
        """The backends after the ones settings.py lists (django-axes' stays first)."""
        password = "helhedsplan.accounts.backends.EmailOrUsernameBackend"
        result = list(backends)
        if not self.local_login:
            result = [backend for backend in result if backend != password]
            if self.local_login_admin:
                result.append("helhedsplan.sso.backends.AdminPasswordBackend")
        if self.oidc:
            result.append("helhedsplan.sso.backends.OIDCBackend")
        if self.saml:
            result.append("helhedsplan.sso.backends.SAMLBackend")
        return result


def _fail(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(message)


def parse_role_map(text: str | None) -> dict[str, tuple[RoleGrant, ...]]:
    """HELHEDSPLAN_SSO_ROLE_MAP: a JSON object from claim value to [plan, role] (or
    [plan, "partner", organisation]), or to a list of such for several plans."""
    name = "HELHEDSPLAN_SSO_ROLE_MAP"
    if text is None or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(
            f"{name} er ikke gyldig JSON ({error.msg}, tegn {error.pos + 1}). Eksempel: "
            '\'{"hp-sekretariat-randers": ["randers-nordby-2017-21", "sekretariat"]}\''
        ) from None
    if not isinstance(data, dict):
        raise _fail(f"{name} skal være et JSON-objekt: {{gruppe: [plan, rolle]}}.")
    result = {}
    for value, target in data.items():
        if not value.strip():
            raise _fail(f"{name}: en gruppe (nøgle) må ikke være tom.")
        nested = isinstance(target, list) and target and isinstance(target[0], list)
        items = target if nested else [target]
        grants = []
        for item in items:
            if (
                not isinstance(item, list)
                or len(item) not in (2, 3)
                or not all(isinstance(part, str) and part.strip() for part in item)
            ):
                raise _fail(
                    f'{name}: «{value}» skal pege på [plan, rolle] eller [plan, "partner", '
                    f"organisation] eller en liste af dem, ikke {json.dumps(target)}."
                )
            plan, role, *organisation = (part.strip() for part in item)
            if role not in ROLE_NAMES:
                raise _fail(
                    f"{name}: rollen «{role}» for «{value}» findes ikke. "
                    f"Vælg en af: {', '.join(ROLE_NAMES)}."
                )
            if role == "partner" and not organisation:
                raise _fail(
                    f"{name}: «{value}» giver rollen partner i {plan} og skal også nævne "
                    'organisationen (nøglen fra planfilen): [plan, "partner", organisation].'
                )
            if organisation and role != "partner":
                raise _fail(
                    f"{name}: kun en partner har en organisation; «{value}» giver rollen {role}."
                )
            grants.append(RoleGrant(plan, role, organisation[0] if organisation else None))
        plans = [grant.plan for grant in grants]
        if len(plans) != len(set(plans)):
            raise _fail(f"{name}: «{value}» nævner samme plan to gange.")
        result[value] = tuple(grants)
    return result


def _required(name: str, why: str) -> str:
    value = (env_str(name) or "").strip()
    if not value:
        raise _fail(f"{name} skal sættes, når {why}.")
    return value


def _https_or_loopback(name: str, url: str) -> str:
    lowered = url.lower()
    loopback = lowered.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
    if not (lowered.startswith("https://") or loopback):
        raise _fail(f"{name} skal være en https://-adresse, ikke {url!r}.")
    return url.rstrip("/")


def _oidc(settings: dict) -> None:
    why = "HELHEDSPLAN_OIDC_ISSUER er sat"
    issuer = _https_or_loopback("HELHEDSPLAN_OIDC_ISSUER", env_str("HELHEDSPLAN_OIDC_ISSUER"))
    scopes = env_str("HELHEDSPLAN_OIDC_SCOPES", "openid email profile").split()
    if "openid" not in scopes:
        raise _fail("HELHEDSPLAN_OIDC_SCOPES skal indeholde «openid».")
    algorithm = env_str("HELHEDSPLAN_OIDC_SIGN_ALGO", "RS256").strip()
    if algorithm not in SIGN_ALGORITHMS:
        raise _fail(
            f"HELHEDSPLAN_OIDC_SIGN_ALGO skal være en af {', '.join(SIGN_ALGORITHMS)}, "
            f"ikke {algorithm!r}."
        )
    timeout = env_int("HELHEDSPLAN_OIDC_TIMEOUT", 10)
    if timeout < 1:
        raise _fail("HELHEDSPLAN_OIDC_TIMEOUT skal være 1 sekund eller mere.")
    settings.update(
        HELHEDSPLAN_OIDC_ISSUER=issuer,
        HELHEDSPLAN_OIDC_EMAIL_CLAIM=env_str("HELHEDSPLAN_OIDC_EMAIL_CLAIM", "email").strip(),
        # The claim that says the provider verified the e-mail, besides OpenID's email_verified
        # (Entra ID sends none of its own; its optional claim xms_edov says the domain is one
        # the tenant has verified).
        HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM=(
            env_str("HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM", "email_verified").strip()
            or "email_verified"
        ),
        HELHEDSPLAN_OIDC_LABEL=env_str("HELHEDSPLAN_OIDC_LABEL", DEFAULT_BUTTON),
        # mozilla-django-oidc's own settings; the endpoints come from the issuer's discovery
        # document when someone logs in (helhedsplan/sso/discovery.py).
        OIDC_RP_CLIENT_ID=_required("HELHEDSPLAN_OIDC_CLIENT_ID", why),
        OIDC_RP_CLIENT_SECRET=_required("HELHEDSPLAN_OIDC_CLIENT_SECRET", why),
        OIDC_RP_SCOPES=" ".join(scopes),
        OIDC_RP_SIGN_ALGO=algorithm,
        OIDC_USE_NONCE=True,
        OIDC_USE_PKCE=env_bool("HELHEDSPLAN_OIDC_PKCE", default=True),
        OIDC_CREATE_USER=True,
        OIDC_TIMEOUT=timeout,
        OIDC_AUTHENTICATE_CLASS="helhedsplan.sso.oidc.AuthenticationRequestView",
        OIDC_CALLBACK_CLASS="helhedsplan.sso.oidc.CallbackView",
    )


def _readable_file(name: str, value: str | None) -> str | None:
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise _fail(f"{name}: filen {value} findes ikke (eller er ikke en fil).")
    return str(path)


def _saml(settings: dict, base_url: str) -> None:
    import saml2
    from saml2 import xmldsig

    metadata_url = (env_str("HELHEDSPLAN_SAML_IDP_METADATA_URL") or "").strip()
    metadata_file = (env_str("HELHEDSPLAN_SAML_IDP_METADATA_FILE") or "").strip()
    if metadata_url and metadata_file:
        raise _fail(
            "Sæt enten HELHEDSPLAN_SAML_IDP_METADATA_URL eller HELHEDSPLAN_SAML_IDP_METADATA_FILE, "
            "ikke begge."
        )
    metadata_file = _readable_file("HELHEDSPLAN_SAML_IDP_METADATA_FILE", metadata_file)
    xmlsec = shutil.which("xmlsec1")
    if xmlsec is None:
        raise _fail(
            "SAML-login kræver programmet xmlsec1, som tjekker IdP'ens signaturer "
            "(Debian/Ubuntu: apt-get install xmlsec1)."
        )
    key_file = _readable_file("HELHEDSPLAN_SAML_KEY_FILE", env_str("HELHEDSPLAN_SAML_KEY_FILE"))
    cert_file = _readable_file("HELHEDSPLAN_SAML_CERT_FILE", env_str("HELHEDSPLAN_SAML_CERT_FILE"))
    if bool(key_file) != bool(cert_file):
        raise _fail(
            "HELHEDSPLAN_SAML_KEY_FILE og HELHEDSPLAN_SAML_CERT_FILE hører sammen: sæt begge "
            "(vores nøgle og certifikat) eller ingen af dem."
        )
    if metadata_url:
        source = {"url": _https_or_loopback("HELHEDSPLAN_SAML_IDP_METADATA_URL", metadata_url)}
        metadata_cert = _readable_file(
            "HELHEDSPLAN_SAML_IDP_METADATA_CERT", env_str("HELHEDSPLAN_SAML_IDP_METADATA_CERT")
        )
        if metadata_cert:
            # The metadata's own signature is checked with this certificate (FK Adgangsstyring
            # signs its metadata).
            source["cert"] = metadata_cert
        metadata = {"remote": [source]}
    else:
        metadata = {"local": [metadata_file]}
    entity_id = (env_str("HELHEDSPLAN_SAML_ENTITY_ID") or f"{base_url}/saml2/metadata/").strip()
    sp = {
        "name": "Helhedsplan",
        "endpoints": {
            "assertion_consumer_service": [(f"{base_url}/saml2/acs/", saml2.BINDING_HTTP_POST)],
        },
        # Only answers to requests we sent (no IdP-initiated login), and only with a signed
        # assertion: an ADFS signs the assertion, not the response, by default.
        "allow_unsolicited": False,
        "want_assertions_signed": True,
        "want_response_signed": False,
        "authn_requests_signed": bool(key_file),
        "logout_requests_signed": bool(key_file),
        "signing_algorithm": xmldsig.SIG_RSA_SHA256,
        "digest_algorithm": xmldsig.DIGEST_SHA256,
    }
    name_id_format = (env_str("HELHEDSPLAN_SAML_NAMEID_FORMAT") or "").strip()
    if name_id_format:
        sp["name_id_policy_format"] = name_id_format
        sp["name_id_format_allow_create"] = True
    config = {
        "xmlsec_binary": xmlsec,
        "entityid": entity_id,
        "allow_unknown_attributes": True,
        "service": {"sp": sp},
        "metadata": metadata,
        # A little leeway for clocks that are not quite in step with the IdP's.
        "accepted_time_diff": 60,
        "debug": 0,
    }
    if key_file:
        config["key_file"] = key_file
        config["cert_file"] = cert_file
        # The same pair decrypts assertions the IdP encrypts to our certificate.
        config["encryption_keypairs"] = [{"key_file": key_file, "cert_file": cert_file}]
    emails = env_list("HELHEDSPLAN_SAML_EMAIL_ATTRIBUTE", DEFAULT_SAML_EMAIL_ATTRIBUTES)
    if not emails:
        raise _fail("HELHEDSPLAN_SAML_EMAIL_ATTRIBUTE må ikke være tom.")
    settings.update(
        HELHEDSPLAN_SAML_EMAIL_ATTRIBUTES=emails,
        # The attribute with the IdP's lasting id for the person, when the NameID is not one.
        HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE=(
            env_str("HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE") or ""
        ).strip(),
        HELHEDSPLAN_SAML_LABEL=env_str("HELHEDSPLAN_SAML_LABEL", DEFAULT_BUTTON),
        HELHEDSPLAN_SAML_METADATA_SECONDS=SAML_METADATA_SECONDS,
        # djangosaml2's own settings.
        SAML_CONFIG=config,
        SAML_CONFIG_LOADER="helhedsplan.sso.saml.config_loader",
        SAML_DEFAULT_BINDING=saml2.BINDING_HTTP_REDIRECT,
        SAML_SESSION_COOKIE_NAME="saml_session",
        SAML_ATTRIBUTE_MAPPING={},
        SAML_CREATE_UNKNOWN_USER=True,
        SAML_ACS_FAILURE_RESPONSE_FUNCTION="helhedsplan.sso.views.saml_failure",
    )


def read_sso(*, base_url: str) -> SSOConfig:
    """The SSO configuration from the environment; `base_url` is HELHEDSPLAN_BASE_URL (our
    SAML entity id and assertion consumer address are made from it)."""
    oidc = bool((env_str("HELHEDSPLAN_OIDC_ISSUER") or "").strip())
    saml = bool(
        (env_str("HELHEDSPLAN_SAML_IDP_METADATA_URL") or "").strip()
        or (env_str("HELHEDSPLAN_SAML_IDP_METADATA_FILE") or "").strip()
    )
    local_login = env_bool("HELHEDSPLAN_LOCAL_LOGIN", default=True)
    local_login_admin = env_bool("HELHEDSPLAN_LOCAL_LOGIN_ADMIN", default=False)
    if not local_login and not (oidc or saml):
        raise _fail(
            "HELHEDSPLAN_LOCAL_LOGIN=0 slår adgangskoder fra, men kommunens login er ikke slået "
            "til (HELHEDSPLAN_OIDC_ISSUER eller HELHEDSPLAN_SAML_IDP_METADATA_URL/_FILE), så "
            "ingen ville kunne logge ind."
        )
    role_claim = (env_str("HELHEDSPLAN_SSO_ROLE_CLAIM") or "").strip()
    role_map = parse_role_map(env_str("HELHEDSPLAN_SSO_ROLE_MAP"))
    if role_map and not role_claim:
        raise _fail(
            "HELHEDSPLAN_SSO_ROLE_MAP er sat, men HELHEDSPLAN_SSO_ROLE_CLAIM (navnet på det claim "
            "eller den SAML-attribut, der bærer grupperne, fx groups) mangler."
        )
    config = SSOConfig(
        oidc=oidc, saml=saml, local_login=local_login, local_login_admin=local_login_admin
    )
    config.settings.update(
        HELHEDSPLAN_SSO_OIDC=oidc,
        HELHEDSPLAN_SSO_SAML=saml,
        HELHEDSPLAN_LOCAL_LOGIN=local_login,
        HELHEDSPLAN_LOCAL_LOGIN_ADMIN=local_login_admin,
        HELHEDSPLAN_SSO_ROLE_CLAIM=role_claim,
        HELHEDSPLAN_SSO_ROLE_MAP=role_map,
    )
    if oidc:
        _oidc(config.settings)
    if saml:
        _saml(config.settings, base_url.rstrip("/"))
    return config
