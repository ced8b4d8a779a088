"""The login page with the municipality's login, and passwords switched off."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from helhedsplan.accounts import invitations
from helhedsplan.conftest import PASSWORD
from helhedsplan.sso.tests.conftest import needs_xmlsec
from helhedsplan.sso.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

OIDC = {
    "HELHEDSPLAN_OIDC_ISSUER": "https://sso.randers.dk/realms/kommune",
    "HELHEDSPLAN_OIDC_CLIENT_ID": CLIENT_ID,
    "HELHEDSPLAN_OIDC_CLIENT_SECRET": CLIENT_SECRET,
}
BUTTON = "Log ind med kommunens login"


def test_without_sso_there_are_no_sso_addresses_and_no_buttons(db):
    client = Client()

    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/saml2/metadata/").status_code == 404
    assert client.get("/sso/ingen-adgang/").status_code == 404
    page = client.get("/login/").content.decode()
    assert BUTTON not in page
    assert 'name="password"' in page


def test_the_login_page_offers_the_municipal_login_next_to_the_password(switch_on, db):
    client = switch_on(**OIDC)

    page = client.get("/login/?next=/planer/").content.decode()

    assert BUTTON in page
    assert 'href="/oidc/authenticate/?next=/planer/"' in page
    assert 'name="password"' in page


def test_local_passwords_keep_working_while_sso_is_on(switch_on, sekretariat):
    client = switch_on(**OIDC)

    response = client.post("/login/", {"username": "sekretariat", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sekretariat.pk)


def test_passwords_off_hides_the_form_and_refuses_a_right_password(switch_on, sekretariat):
    client = switch_on(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0")

    page = client.get("/login/").content.decode()
    response = client.post("/login/", {"username": "sekretariat", "password": PASSWORD})

    assert BUTTON in page
    assert 'name="password"' not in page
    assert response.status_code == 403
    assert "Her logger man ikke ind med brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_off_refuses_them_in_the_backends_too(switch_on, sekretariat, rf):
    from django.contrib.auth import authenticate

    switch_on(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0")

    assert authenticate(rf.post("/"), username="sekretariat", password=PASSWORD) is None


def test_the_admin_exception_lets_only_a_superuser_in_with_a_password(
    switch_on, sekretariat, django_user_model
):
    django_user_model.objects.create_superuser("nodadmin", "it@randers.dk", PASSWORD)
    client = switch_on(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0", HELHEDSPLAN_LOCAL_LOGIN_ADMIN="1")

    assert 'name="password"' not in client.get("/login/").content.decode()
    assert 'name="password"' in client.get("/login/?adgangskode=1").content.decode()
    staff = client.post("/login/", {"username": "sekretariat", "password": PASSWORD})
    assert staff.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in staff.content.decode()
    assert "_auth_user_id" not in client.session
    admin = client.post("/login/", {"username": "nodadmin", "password": PASSWORD})

    assert admin.status_code == 302
    assert client.session["_auth_user_id"] == str(
        django_user_model.objects.get(username="nodadmin").pk
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_passwords_off_an_invitation_link_offers_the_municipal_login(
    switch_on, plan, sekretariat, django_user_model, method
):
    invited = invitations.invite(plan=plan, email="ny@randers.dk", role="laeser", by=sekretariat)
    client = switch_on(**OIDC, HELHEDSPLAN_LOCAL_LOGIN="0")
    path = urlsplit(invited.link).path

    response = getattr(client, method)(
        path, {"new_password1": "en-lang-adgangskode-1", "new_password2": "en-lang-adgangskode-1"}
    )

    page = response.content.decode()
    assert "Tag imod invitationen" in page
    assert BUTTON in page
    assert 'name="new_password1"' not in page
    assert not django_user_model.objects.filter(username="ny@randers.dk").exists()


@needs_xmlsec
def test_both_protocols_show_two_buttons_with_their_own_words(switch_on, db, tmp_path):
    metadata = tmp_path / "idp.xml"
    metadata.write_text("<md/>")
    client = switch_on(
        **OIDC,
        HELHEDSPLAN_OIDC_LABEL="Log ind med Randers Kommunes Entra ID",
        HELHEDSPLAN_SAML_IDP_METADATA_FILE=str(metadata),
        HELHEDSPLAN_SAML_LABEL="Log ind med Fælleskommunal Adgangsstyring",
    )

    page = client.get("/login/").content.decode()

    assert 'href="/oidc/authenticate/">Log ind med Randers Kommunes Entra ID<' in page
    assert 'href="/saml2/login/">Log ind med Fælleskommunal Adgangsstyring<' in page


def test_the_no_access_page_sends_someone_with_a_plan_home(switch_on, sekretariat):
    client = switch_on(**OIDC)
    client.force_login(sekretariat)

    assert client.get("/sso/ingen-adgang/")["Location"] == "/"


def test_the_no_access_page_asks_an_anonymous_visitor_to_log_in(switch_on, db):
    client = switch_on(**OIDC)

    assert client.get("/sso/ingen-adgang/")["Location"].startswith("/login/")
