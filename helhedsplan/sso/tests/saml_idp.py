"""pysaml2's own identity provider (saml2.server.Server) as a tiny WSGI application.

It publishes its metadata at /metadata, takes AuthnRequests by the HTTP-Redirect binding at
/sso/redirect (checking our signature on them), shows a login form, and answers with a signed
assertion (optionally encrypted to our certificate) in an auto-posting form, as ADFS and
Fælleskommunal Adgangsstyring do. `sign_assertion=False` makes it send an unsigned one.
"""

import html
import secrets
import shutil
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import (
    AUTHN_PASSWORD_PROTECTED,
    NAME_FORMAT_URI,
    NAMEID_FORMAT_EMAILADDRESS,
    NAMEID_FORMAT_PERSISTENT,
    NAMEID_FORMAT_TRANSIENT,
    NameID,
)
from saml2.server import Server

GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
# OIOSAML 3's lasting id for an employee (NemLog-in, MitID Erhverv, FK Adgangsstyring).
PERSISTENT_UUID = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"


@dataclass
class Person:
    username: str
    password: str
    email: str
    given_name: str = ""
    family_name: str = ""
    groups: list[str] = field(default_factory=list)
    # A persistent NameID (the IdP's lasting id for the person); None: the e-mail is the NameID,
    # as an ADFS with the default "E-Mail Address" NameID rule sends it.
    persistent_id: str | None = None


LOGIN_FORM = """<!doctype html><html lang="en"><head><title>Test IdP</title></head><body>
<h1>Test IdP: log in</h1>{error}
<form method="post" action="/sso/login"><input type="hidden" name="ticket" value="{ticket}">
<label>User <input name="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Log in</button></form></body></html>"""


class IdentityProvider:
    def __init__(self, *, people, key_file, cert_file):
        self.people = {person.username: person for person in people}
        self.key_file = key_file
        self.cert_file = cert_file
        self.url = ""
        self.sp_metadata: str | None = None
        self.sign_assertion = True
        self.encrypt_to: str | None = None  # our (the SP's) certificate file
        self.transient = False  # a new random NameID at every login, as some IdPs do
        self.pending: dict[str, tuple] = {}
        self.seen_requests: list = []
        self._server = None

    def _config(self, metadata: dict) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{self.url}/metadata",
                "xmlsec_binary": shutil.which("xmlsec1"),
                "key_file": self.key_file,
                "cert_file": self.cert_file,
                "metadata": metadata,
                "service": {
                    "idp": {
                        "name": "Test IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.url}/sso/redirect", BINDING_HTTP_REDIRECT),
                            ],
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [
                            NAMEID_FORMAT_EMAILADDRESS,
                            NAMEID_FORMAT_PERSISTENT,
                            NAMEID_FORMAT_TRANSIENT,
                        ],
                        "want_authn_requests_signed": True,
                    }
                },
                "debug": 0,
            }
        )
        return config

    def metadata_xml(self) -> str:
        return entity_descriptor(self._config({})).to_string().decode("utf-8")

    @property
    def server(self) -> Server:
        if self._server is None:
            if self.sp_metadata is None:
                raise RuntimeError("The IdP has not been given the SP's metadata")
            self._server = Server(config=self._config({"inline": [self.sp_metadata]}))
        return self._server

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/metadata":
            return self._reply(start_response, "200 OK", self.metadata_xml(), "text/xml")
        if path == "/sso/redirect":
            query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            request = self.server.parse_authn_request(
                query["SAMLRequest"],
                BINDING_HTTP_REDIRECT,
                relay_state=query.get("RelayState"),
                sigalg=query.get("SigAlg"),
                signature=query.get("Signature"),
            )
            self.seen_requests.append(request.message)
            ticket = secrets.token_urlsafe(16)
            self.pending[ticket] = (request.message, query.get("RelayState", ""))
            page = LOGIN_FORM.format(ticket=ticket, error="")
            return self._reply(start_response, "200 OK", page)
        if path == "/sso/login":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
            message, relay_state = self.pending[form["ticket"]]
            person = self.people.get(form.get("username", ""))
            if person is None or person.password != form.get("password"):
                page = LOGIN_FORM.format(ticket=form["ticket"], error="<p>Wrong password.</p>")
                return self._reply(start_response, "200 OK", page)
            del self.pending[form["ticket"]]
            return self._reply(start_response, "200 OK", self._answer(message, relay_state, person))
        return self._reply(start_response, "404 Not Found", "not found")

    def _answer(self, message, relay_state: str, person: Person) -> str:
        server = self.server
        args = server.response_args(message, [BINDING_HTTP_POST])
        identity = {"mail": [person.email], PERSISTENT_UUID: [f"urn:uuid:{person.username}-0001"]}
        if person.given_name:
            identity["givenName"] = [person.given_name]
        if person.family_name:
            identity["sn"] = [person.family_name]
        if person.groups:
            identity[GROUPS] = list(person.groups)
        extra = {}
        if self.encrypt_to:
            with open(self.encrypt_to) as cert:
                extra = {"encrypt_assertion": True, "encrypt_cert_assertion": cert.read()}
        response = server.create_authn_response(
            identity,
            name_id=self._name_id(person),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": self.url},
            sign_assertion=self.sign_assertion,
            sign_response=False,
            **args,
            **extra,
        )
        http_args = server.apply_binding(
            BINDING_HTTP_POST, str(response), args["destination"], relay_state, response=True
        )
        return http_args["data"]

    def _name_id(self, person: Person) -> NameID:
        if self.transient:
            return NameID(format=NAMEID_FORMAT_TRANSIENT, text=secrets.token_hex(16))
        if person.persistent_id:
            return NameID(format=NAMEID_FORMAT_PERSISTENT, text=person.persistent_id)
        return NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=person.email)

    @staticmethod
    def _reply(start_response, status, body, content_type="text/html"):
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8")])
        return [body.encode("utf-8")]


def posted_fields(page: str) -> dict[str, str]:
    """The hidden fields of the IdP's auto-posting form (SAMLResponse, RelayState)."""
    import re

    fields = {}
    for match in re.finditer(r"<input[^>]*>", page):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value:
            fields[name.group(1)] = html.unescape(value.group(1))
    return fields
