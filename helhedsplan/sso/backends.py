"""Authentication backends for the municipality's login, and the break-glass admin password.

Both SSO backends hand the verified identity to helhedsplan.sso.access: who the person is at
the provider (OIDC issuer and `sub`; SAML IdP entity id and NameID), which finds or binds the
user, the e-mail and whether the provider vouches for it, and the role claim.
"""

import logging
import time

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from djangosaml2.backends import Saml2Backend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from saml2.saml import NAMEID_FORMAT_TRANSIENT

from helhedsplan.accounts.backends import EmailOrUsernameBackend
from helhedsplan.sso import access, discovery

logger = logging.getLogger("helhedsplan.security.sso")

# Seconds of clock difference allowed between us and the provider for "exp" and "iat".
LEEWAY = 60


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the endpoints from the issuer's discovery document
    and the checks it leaves to us: the ID token's issuer, audience and expiry, and that the
    userinfo answer is about the same person."""

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every request's get_user(); the provider is only asked
        # when a login actually comes back with a code.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = None
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_OP_JWKS_ENDPOINT = None
        self.issuer = settings.HELHEDSPLAN_OIDC_ISSUER

    def authenticate(self, request, **kwargs):
        if request is None or not request.GET.get("code") or not request.GET.get("state"):
            return None
        if "nonce" not in kwargs:
            # Only the callback view passes the nonce it kept; a password form posted to an
            # address with ?code=&state= is not an OpenID login.
            return None
        found = discovery.provider()
        self.issuer = found.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = found.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = found.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks_uri
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID-token afvist: {error}") from None
        if payload.get("iss") != self.issuer:
            raise SuspiciousOperation(f"ID-token fra en anden udsteder: {payload.get('iss')!r}")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation(f"ID-token til en anden modtager: {audience!r}")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID-token med flere modtagere uden os som azp")
        now = time.time()
        if not isinstance(payload.get("exp"), int | float) or payload["exp"] < now - LEEWAY:
            raise SuspiciousOperation("ID-token er udløbet eller har ingen udløbstid")
        if isinstance(payload.get("iat"), int | float) and payload["iat"] > now + LEEWAY:
            raise SuspiciousOperation("ID-token er udstedt i fremtiden")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims (Entra ID puts the groups and roles only there) with the
        userinfo endpoint's on top, when the provider has one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo handler om en anden person end ID-tokenet")
            claims.update(info)
        return claims

    def _identity(self, claims) -> access.Identity:
        email = str(claims.get(settings.HELHEDSPLAN_OIDC_EMAIL_CLAIM) or "")
        role_claim = settings.HELHEDSPLAN_SSO_ROLE_CLAIM
        return access.Identity(
            email=access.valid_email(email) or email,
            via="oidc",
            issuer=self.issuer,
            subject=str(claims.get("sub") or ""),
            email_verified=self.email_verified(claims),
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            groups=access.claim_values(claims.get(role_claim)) if role_claim else frozenset(),
        )

    @staticmethod
    def verification_claims(claims) -> dict:
        """The claims that say whether the provider verified the e-mail, of those it sent:
        OpenID Connect's `email_verified` and HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM (Entra ID:
        `xms_edov`, "email domain owner verified")."""
        names = {"email_verified", settings.HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM}
        return {name: claims[name] for name in sorted(names) if name in claims}

    def email_verified(self, claims) -> bool:
        """True only when a verification claim is sent and every one sent says true (JSON true;
        "true" as a string, which some providers send). Sent by none: not verified."""
        sent = self.verification_claims(claims)
        return bool(sent) and all(_is_true(value) for value in sent.values())

    def verify_claims(self, claims):
        refusing = [name for name, value in self.verification_claims(claims).items()]
        refusing = [name for name in refusing if not _is_true(claims[name])]
        if refusing:
            logger.warning(
                "OpenID-login afvist: udbyderen siger, at e-mailen ikke er bekræftet (%s)",
                ", ".join(f"{name}={claims[name]!r}" for name in refusing),
            )
            return False
        if not claims.get("sub"):
            logger.warning("OpenID-login afvist: ID-tokenet har intet sub")
            return False
        email = claims.get(settings.HELHEDSPLAN_OIDC_EMAIL_CLAIM)
        return access.valid_email(str(email or "")) is not None

    def get_or_create_user(self, access_token, id_token, payload):
        """mozilla-django-oidc finds users by e-mail; ours are found by issuer and subject
        (helhedsplan.sso.access.sign_in)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        return access.sign_in(self._identity(claims))

    def describe_user_by_claims(self, claims):
        return f"sub {claims.get('sub')} hos {self.issuer}"


def _is_true(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _first(attributes: dict, names) -> str:
    lowered = {key.lower(): values for key, values in attributes.items()}
    for name in names:
        values = lowered.get(name.lower())
        if values:
            return str(values[0])
    return ""


class SAMLBackend(Saml2Backend):
    """djangosaml2's backend, with the user found by e-mail through helhedsplan.sso.access. The
    attribute names are the ones the IdP sends (no conversion: helhedsplan.sso.saml)."""

    def authenticate(
        self,
        request,
        session_info=None,
        attribute_mapping=None,
        create_unknown_user=True,
        assertion_info=None,
        **kwargs,
    ):
        if not session_info or "ava" not in session_info:
            return None
        attributes = self.clean_attributes(session_info["ava"], session_info.get("issuer"))
        if not self.is_authorized(
            attributes, attribute_mapping or {}, session_info.get("issuer"), assertion_info
        ):
            return None
        identity = self.identity(
            attributes, session_info.get("name_id"), str(session_info.get("issuer") or "")
        )
        user = access.sign_in(identity)
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def subject(attributes: dict, name_id) -> str:
        """The IdP's lasting id for the person: HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE's value when
        set (OIOSAML 3's persistent UUID, Entra's objectidentifier), else the NameID. A
        transient NameID changes at every login and identifies nobody: refused."""
        attribute = settings.HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE
        if attribute:
            subject = _first(attributes, [attribute])
            if not subject:
                logger.warning("SAML-login afvist: attributten %s mangler i svaret", attribute)
            return subject
        if name_id is None or not (name_id.text or "").strip():
            logger.warning("SAML-login afvist: svaret har intet NameID")
            return ""
        if name_id.format == NAMEID_FORMAT_TRANSIENT:
            logger.warning(
                "SAML-login afvist: IdP'en sender et transient NameID, som skifter ved hvert "
                "login. Bed om et persistent NameID, eller sæt HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE"
            )
            return ""
        return name_id.text.strip()

    def identity(self, attributes: dict, name_id, issuer: str = "") -> access.Identity:
        email = _first(attributes, settings.HELHEDSPLAN_SAML_EMAIL_ATTRIBUTES)
        if not email and name_id is not None and (name_id.format or "").endswith("emailAddress"):
            email = name_id.text or ""
        role_claim = settings.HELHEDSPLAN_SSO_ROLE_CLAIM
        groups = frozenset()
        if role_claim:
            lowered = {key.lower(): values for key, values in attributes.items()}
            groups = access.claim_values(lowered.get(role_claim.lower()))
        return access.Identity(
            email=email,
            via="saml",
            issuer=issuer,
            subject=self.subject(attributes, name_id),
            # SAML has no claim that says so: the e-mail is the IdP's word, signed, from the
            # municipality's own directory (README: Kommunens login).
            email_verified=True,
            first_name=_first(
                attributes,
                [
                    "givenName",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                    "https://data.gov.dk/model/core/eid/firstName",
                    "urn:oid:2.5.4.42",
                ],
            ),
            last_name=_first(
                attributes,
                [
                    "sn",
                    "surname",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                    "https://data.gov.dk/model/core/eid/lastName",
                    "urn:oid:2.5.4.4",
                ],
            ),
            groups=groups,
        )

    def user_can_authenticate(self, user) -> bool:
        return user is not None and user.is_active


class AdminPasswordBackend(EmailOrUsernameBackend):
    """With HELHEDSPLAN_LOCAL_LOGIN=0 and HELHEDSPLAN_LOCAL_LOGIN_ADMIN=1, in place of the
    password backend: a superuser's password still works (the way in when the municipality's
    login is down, at /login/?adgangskode=1); everyone else's is refused as a wrong one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and user.is_superuser:
            return user
        return None
