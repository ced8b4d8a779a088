"""SAML 2.0 end to end: pysaml2's own IdP on loopback, metadata exchanged both ways, the
AuthnRequest signed and sent by HTTP-Redirect, the assertion posted back to djangosaml2's ACS."""

import base64
import json
import re
from pathlib import Path

import pytest
import requests

from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.sso.models import ClaimGrant, ExternalIdentity
from helhedsplan.sso.tests.conftest import needs_xmlsec
from helhedsplan.sso.tests.saml_idp import GROUPS, PERSISTENT_UUID, posted_fields

pytestmark = needs_xmlsec

ROLE_MAP = {"hp-sekretariat-randers": ["randers-nordby-2017-21", "sekretariat"]}


@pytest.fixture
def client(switch_on, identity_provider, saml_keys, plan):
    key, cert = saml_keys["sp"]
    client = switch_on(
        HELHEDSPLAN_SAML_IDP_METADATA_URL=f"{identity_provider.url}/metadata",
        HELHEDSPLAN_SAML_KEY_FILE=key,
        HELHEDSPLAN_SAML_CERT_FILE=cert,
        HELHEDSPLAN_SSO_ROLE_CLAIM=GROUPS,
        HELHEDSPLAN_SSO_ROLE_MAP=json.dumps(ROLE_MAP),
    )
    # The other way: the IdP is given our metadata, as an IT department would load it.
    metadata = client.get("/saml2/metadata/")
    assert metadata.status_code == 200
    identity_provider.sp_metadata = metadata.content.decode()
    return client


def idp_answer(client, idp, username, start="/saml2/login/"):
    """To the IdP by HTTP-Redirect, its login form, and the form it posts back to us."""
    response = client.get(start)
    assert response.status_code == 302, response.content
    location = response["Location"]
    assert location.startswith(f"{idp.url}/sso/redirect?SAMLRequest=")
    assert "Signature=" in location  # our request is signed with our key
    browser = requests.Session()
    page = browser.get(location, timeout=10)
    assert page.status_code == 200, page.text
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        f"{idp.url}/sso/login",
        data={"ticket": ticket, "username": username, "password": f"{username}-pw"},
        timeout=10,
    )
    assert 'action="http://testserver/saml2/acs/"' in answer.text
    return posted_fields(answer.text)


def log_in(client, idp, username, start="/saml2/login/"):
    return client.post("/saml2/acs/", idp_answer(client, idp, username, start))


def logged_in_user(client, django_user_model):
    user_id = client.session.get("_auth_user_id")
    return django_user_model.objects.get(pk=user_id) if user_id else None


def test_our_metadata_names_our_acs_and_our_certificate(client, saml_keys):
    metadata = client.get("/saml2/metadata/").content.decode()

    assert 'entityID="http://testserver/saml2/metadata/"' in metadata
    assert 'Location="http://testserver/saml2/acs/"' in metadata
    pem = Path(saml_keys["sp"][1]).read_text()
    certificate = pem.split("-----")[2].replace("\n", "")
    assert certificate[:60] in metadata.replace("\n", "")
    assert 'AuthnRequestsSigned="true"' in metadata
    assert 'WantAssertionsSigned="true"' in metadata


def test_invited_person_logs_in_with_saml_and_gets_exactly_the_invited_role(
    client, identity_provider, invited, plan, django_user_model
):
    response = log_in(client, identity_provider, "anna")

    assert response.status_code == 302, response.content
    assert response["Location"] == "/"
    user = logged_in_user(client, django_user_model)
    assert user.username == "anna.hansen@randers.dk"
    assert (user.first_name, user.last_name) == ("Anna", "Hansen")
    assert not user.has_usable_password()
    memberships = list(PlanMembership.objects.filter(user=user))
    assert [(m.plan.slug, m.role) for m in memberships] == [(plan.slug, "medarbejder")]
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.ACCEPTED
    assert client.get("/").status_code == 200


def test_the_group_attribute_gives_the_mapped_role_in_the_mapped_plan(
    client, identity_provider, plan, django_user_model
):
    response = log_in(client, identity_provider, "bo")

    assert response["Location"] == "/"
    membership = PlanMembership.objects.get(user=logged_in_user(client, django_user_model))
    assert (membership.plan, membership.role) == (plan, "sekretariat")
    assert ClaimGrant.objects.get(membership=membership).claim_value == "hp-sekretariat-randers"


def test_an_unknown_person_is_logged_in_without_access(
    client, identity_provider, plan, django_user_model
):
    response = log_in(client, identity_provider, "ukendt")

    assert response["Location"] == "/sso/ingen-adgang/"
    user = logged_in_user(client, django_user_model)
    assert not PlanMembership.objects.filter(user=user).exists()
    assert client.get(f"/planer/{plan.slug}/").status_code == 404


def test_an_altered_assertion_is_refused(client, identity_provider, invited, django_user_model):
    fields = idp_answer(client, identity_provider, "anna")
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    assert xml.count("anna.hansen@randers.dk") >= 1
    # Someone changes who the signed assertion is about.
    fields["SAMLResponse"] = base64.b64encode(
        xml.replace("anna.hansen@randers.dk", "bo.berg@randers.dk").encode()
    ).decode()

    response = client.post("/saml2/acs/", fields)

    assert response.status_code == 403
    assert "Du blev ikke logget ind" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(email="bo.berg@randers.dk").exists()


def test_an_unsigned_assertion_is_refused(client, identity_provider, invited, django_user_model):
    identity_provider.sign_assertion = False

    response = log_in(client, identity_provider, "anna")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(username="anna.hansen@randers.dk").exists()


def test_an_answer_posted_twice_is_refused_the_second_time(client, identity_provider, invited):
    fields = idp_answer(client, identity_provider, "anna")
    assert client.post("/saml2/acs/", fields).status_code == 302
    client.post("/logout/")

    again = client.post("/saml2/acs/", fields)

    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_assertion_encrypted_to_our_certificate_is_read_with_our_key(
    client, identity_provider, invited, saml_keys, django_user_model
):
    identity_provider.encrypt_to = saml_keys["sp"][1]

    fields = idp_answer(client, identity_provider, "anna")
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    assert "EncryptedAssertion" in xml and "anna.hansen@randers.dk" not in xml
    response = client.post("/saml2/acs/", fields)

    assert response["Location"] == "/"
    assert logged_in_user(client, django_user_model).username == "anna.hansen@randers.dk"


def test_an_idp_whose_metadata_cannot_be_read_gives_a_danish_page(switch_on, plan):
    client = switch_on(HELHEDSPLAN_SAML_IDP_METADATA_URL="http://127.0.0.1:9/metadata")

    response = client.get("/saml2/login/")

    assert response.status_code == 502
    assert "Kommunens login svarer ikke" in response.content.decode()


# --- bound by the IdP's entity id and the NameID (issue 17) ------------------------------------


def test_the_first_login_binds_the_user_to_the_idps_entity_id_and_the_name_id(
    client, identity_provider, invited
):
    log_in(client, identity_provider, "anna")

    bound = ExternalIdentity.objects.get()
    assert (bound.issuer, bound.subject, bound.via) == (
        f"{identity_provider.url}/metadata",
        "anna.hansen@randers.dk",
        "saml",
    )


def test_an_assertion_with_a_superusers_email_is_not_that_superuser(
    client, identity_provider, django_user_model
):
    boss = django_user_model.objects.create_superuser("chef", "anna.hansen@randers.dk", "kode")

    response = log_in(client, identity_provider, "anna")

    assert response.status_code == 403
    assert "Der findes allerede en bruger med din e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.filter(user=boss).exists()


def test_with_a_persistent_name_id_a_changed_email_keeps_the_same_user(
    client, identity_provider, invited, django_user_model
):
    identity_provider.people["anna"].persistent_id = "p-anna-7f3a"
    identity_provider.people["bo"].persistent_id = "p-bo-19c2"
    log_in(client, identity_provider, "anna")
    anna = logged_in_user(client, django_user_model)
    client.post("/logout/")
    log_in(client, identity_provider, "bo")
    bo = logged_in_user(client, django_user_model)
    client.post("/logout/")
    identity_provider.people["anna"].email = "bo.berg@randers.dk"

    response = log_in(client, identity_provider, "anna")

    assert response.status_code == 302
    assert logged_in_user(client, django_user_model) == anna != bo
    assert ExternalIdentity.objects.get(user=anna).subject == "p-anna-7f3a"


def test_a_transient_name_id_identifies_nobody_and_is_refused(
    client, identity_provider, invited, django_user_model
):
    identity_provider.transient = True

    response = log_in(client, identity_provider, "anna")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(email="anna.hansen@randers.dk").exists()


def test_the_subject_attribute_gives_the_lasting_id_when_the_name_id_is_transient(
    switch_on, identity_provider, saml_keys, invited, django_user_model
):
    key, cert = saml_keys["sp"]
    client = switch_on(
        HELHEDSPLAN_SAML_IDP_METADATA_URL=f"{identity_provider.url}/metadata",
        HELHEDSPLAN_SAML_KEY_FILE=key,
        HELHEDSPLAN_SAML_CERT_FILE=cert,
        HELHEDSPLAN_SAML_SUBJECT_ATTRIBUTE=PERSISTENT_UUID,
    )
    identity_provider.sp_metadata = client.get("/saml2/metadata/").content.decode()
    identity_provider.transient = True

    log_in(client, identity_provider, "anna")
    first = logged_in_user(client, django_user_model)
    client.post("/logout/")
    log_in(client, identity_provider, "anna")

    assert logged_in_user(client, django_user_model) == first
    assert ExternalIdentity.objects.get().subject == "urn:uuid:anna-0001"
