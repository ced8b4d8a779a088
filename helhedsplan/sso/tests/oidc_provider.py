"""A small but real OpenID provider for the tests, built from Authlib's server pieces.

Discovery, JWKS, the authorization code flow (with a login form and automatic consent, PKCE and
nonce), the token endpoint (client secret by POST or Basic) and userinfo; ID tokens are signed
with RS256 by a key made for each test run. `tamper` makes it misbehave the way an attacker or
a misconfigured provider would: a token signed with another key under the same key id, another
nonce, another audience or another issuer.
"""

import html
import json
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    OAuth2Error,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey

CLIENT_ID = "helhedsplan-test"
CLIENT_SECRET = "hemmelig-test-noegle"
KEY_ID = "test-signing-key"


@dataclass
class Person:
    username: str
    password: str
    email: str
    given_name: str = ""
    family_name: str = ""
    groups: list[str] = field(default_factory=list)
    # None: the claim is not sent at all (as Entra ID's optional `email` claim comes).
    email_verified: bool | str | None = True
    # More claims in the ID token and userinfo, e.g. Entra ID's {"xms_edov": True}.
    extra_claims: dict = field(default_factory=dict)
    subject: str | None = None

    @property
    def sub(self) -> str:
        return self.subject or f"sub-{self.username}"


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        allowed = {"openid", "email", "profile", "groups"}
        return " ".join(part for part in (scope or "").split() if part in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class WsgiRequest(OAuth2Request):
    def __init__(self, environ, url):
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        query = environ.get("QUERY_STRING", "")
        super().__init__(
            environ["REQUEST_METHOD"], url + environ["PATH_INFO"] + "?" + query, headers=headers
        )
        self._args = dict(parse_qsl(query))
        self._form = {}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            self._form = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
        self.payload = BasicOAuth2Payload({**self._args, **self._form})

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        self.server.provider.codes[code] = Code(
            code=code,
            client_id=request.client.get_client_id(),
            redirect_uri=data.get("redirect_uri", ""),
            scope=request.client.get_allowed_scope(data.get("scope", "")),
            user=request.user,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            auth_time=int(time.time()),
        )

    def query_authorization_code(self, code, client):
        found = self.server.provider.codes.get(code)
        if found is not None and found.client_id == client.get_client_id():
            return found
        return None

    def delete_authorization_code(self, authorization_code):
        self.server.provider.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class IdToken(OpenIDCode):
    def __init__(self, provider):
        super().__init__(require_nonce=True)
        self.provider = provider

    def exists_nonce(self, nonce, request):
        return nonce in self.provider.used_nonces

    def resolve_client_private_key(self, client):
        if self.provider.tamper == "signature":
            return self.provider.other_key
        return self.provider.key

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": KEY_ID}

    def get_client_claims(self, client):
        now = int(time.time())
        claims = {
            "iss": self.provider.issuer,
            "aud": [client.get_client_id()],
            "iat": now,
            "exp": now + 300,
        }
        if self.provider.tamper == "audience":
            claims["aud"] = ["another-application"]
        if self.provider.tamper == "issuer":
            claims["iss"] = "https://someone-else.example"
        return claims

    def get_authorization_code_claims(self, authorization_code):
        claims = super().get_authorization_code_claims(authorization_code)
        self.provider.used_nonces.add(authorization_code.get_nonce())
        if self.provider.tamper == "nonce":
            claims["nonce"] = "a-nonce-from-another-login"
        return claims

    def generate_user_info(self, user, scope):
        return self.provider.user_info(user, scope)


class Server(AuthorizationServer):
    def __init__(self, provider):
        super().__init__(scopes_supported=["openid", "email", "profile", "groups"])
        self.provider = provider
        self.register_token_generator(
            "default",
            BearerTokenGenerator(access_token_generator=lambda *a, **k: secrets.token_urlsafe(32)),
        )
        self.register_grant(CodeGrant, [IdToken(provider), CodeChallenge(required=False)])

    def query_client(self, client_id):
        client = self.provider.client
        return client if client.client_id == client_id else None

    def save_token(self, token, request):
        self.provider.tokens[token["access_token"]] = (request.user, token.get("scope", ""))

    def create_oauth2_request(self, request):
        return request

    def create_json_request(self, request):
        return request

    def handle_response(self, status, body, headers):
        return status, body, headers

    def send_signal(self, name, *args, **kwargs):
        pass


LOGIN_FORM = """<!doctype html><html lang="en"><head><title>Test provider</title></head><body>
<h1>Test provider: log in</h1>{error}
<form method="post" action="{action}">
<label>User <input name="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Log in</button></form></body></html>"""


class Provider:
    """The provider's state and its WSGI application. Give it `url` (where it is served)
    before the first request; `redirect_uris` are the callback addresses it accepts."""

    def __init__(self, *, people, redirect_uris):
        self.people = {person.username: person for person in people}
        self.client = Client(CLIENT_ID, CLIENT_SECRET, list(redirect_uris))
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, tuple[Person, str]] = {}
        self.used_nonces: set[str] = set()
        self.tamper: str | None = None
        self.userinfo_sub: str | None = None
        self.url = ""
        self.server = Server(self)
        self.requests: list[str] = []

    @property
    def issuer(self) -> str:
        return self.url

    def user_info(self, user: Person, scope: str) -> UserInfo:
        scopes = set(scope.split())
        info = UserInfo(sub=user.sub)
        if "email" in scopes:
            info["email"] = user.email
            if user.email_verified is not None:
                info["email_verified"] = user.email_verified
        info.update(user.extra_claims)
        if "profile" in scopes:
            info["given_name"] = user.given_name
            info["family_name"] = user.family_name
        # Like Entra ID: the groups travel in the ID token (and here also in userinfo).
        info["groups"] = list(user.groups)
        return info

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile", "groups"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        self.requests.append(f"{environ['REQUEST_METHOD']} {path}")
        try:
            if path == "/.well-known/openid-configuration":
                status, body, headers = 200, self.discovery(), []
            elif path == "/jwks":
                status, body, headers = 200, {"keys": [self.key.as_dict(private=False)]}, []
            elif path == "/authorize":
                status, body, headers = self._authorize(environ)
            elif path == "/token":
                status, body, headers = self.server.create_token_response(
                    WsgiRequest(environ, self.url)
                )
            elif path == "/userinfo":
                status, body, headers = self._userinfo(environ)
            else:
                status, body, headers = 404, {"error": "not_found"}, []
        except OAuth2Error as error:
            status, body, headers = error()
        if isinstance(body, dict):
            body = json.dumps(body)
            headers = [*headers, ("Content-Type", "application/json")]
        elif not any(name.lower() == "content-type" for name, _ in headers):
            headers = [*headers, ("Content-Type", "text/html; charset=utf-8")]
        start_response(f"{status} X", [(str(k), str(v)) for k, v in headers])
        return [body.encode("utf-8") if isinstance(body, str) else body]

    def _authorize(self, environ):
        request = WsgiRequest(environ, self.url)
        if environ["REQUEST_METHOD"] == "GET":
            self.server.get_consent_grant(request=request, end_user=None)
            return 200, self._form(environ, ""), []
        person = self.people.get(request.form.get("username", ""))
        if person is None or not secrets.compare_digest(
            person.password, request.form.get("password", "")
        ):
            return 200, self._form(environ, "<p>Wrong user or password.</p>"), []
        grant = self.server.get_consent_grant(request=request, end_user=person)
        # Consent is automatic: the test provider has one client, and it is ours.
        return self.server.create_authorization_response(
            request=request, grant_user=person, grant=grant
        )

    def _form(self, environ, error):
        action = html.escape(f"/authorize?{environ.get('QUERY_STRING', '')}")
        return LOGIN_FORM.format(action=action, error=error)

    def _userinfo(self, environ):
        header = environ.get("HTTP_AUTHORIZATION", "")
        token = header[7:] if header.startswith("Bearer ") else ""
        found = self.tokens.get(token)
        if found is None:
            return 401, {"error": "invalid_token"}, [("WWW-Authenticate", "Bearer")]
        person, scope = found
        info = dict(self.user_info(person, scope))
        if self.userinfo_sub:
            info["sub"] = self.userinfo_sub
        return 200, info, []
