"""OpenID Connect end to end: Django's test client against a real provider on loopback."""

import json

import pytest
import requests

from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.sso.models import ClaimGrant
from helhedsplan.sso.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

ROLE_MAP = {"hp-sekretariat-randers": ["randers-nordby-2017-21", "sekretariat"]}


@pytest.fixture
def client(switch_on, provider, plan):
    return switch_on(
        HELHEDSPLAN_OIDC_ISSUER=provider.url,
        HELHEDSPLAN_OIDC_CLIENT_ID=CLIENT_ID,
        HELHEDSPLAN_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        HELHEDSPLAN_SSO_ROLE_CLAIM="groups",
        HELHEDSPLAN_SSO_ROLE_MAP=json.dumps(ROLE_MAP),
    )


def log_in(client, provider, username, password=None, start="/oidc/authenticate/"):
    """The browser's way: to the provider, its login form, back to our callback."""
    response = client.get(start)
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{provider.url}/authorize?")
    assert "nonce=" in authorize and "code_challenge=" in authorize  # replay and code theft
    browser = requests.Session()
    page = browser.get(authorize, timeout=10)
    assert page.status_code == 200, page.text
    assert "Test provider: log in" in page.text
    answer = browser.post(
        authorize,
        data={"username": username, "password": password or f"{username}-pw"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    assert callback.startswith("http://testserver/oidc/callback/?code=")
    return client.get(callback.removeprefix("http://testserver"))


def logged_in_user(client, django_user_model):
    user_id = client.session.get("_auth_user_id")
    return django_user_model.objects.get(pk=user_id) if user_id else None


def test_invited_person_logs_in_with_openid_connect_and_gets_exactly_the_invited_role(
    client, provider, invited, plan, django_user_model
):
    response = log_in(client, provider, "anna")

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = logged_in_user(client, django_user_model)
    assert user.username == "anna.hansen@randers.dk"
    assert (user.first_name, user.last_name) == ("Anna", "Hansen")
    assert not user.has_usable_password()
    memberships = list(PlanMembership.objects.filter(user=user))
    assert [(m.plan.slug, m.role) for m in memberships] == [(plan.slug, "medarbejder")]
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.ACCEPTED
    assert invited.accepted_by == user
    # The provider was really asked: discovery, login, token, keys and userinfo.
    assert {"GET /.well-known/openid-configuration", "POST /token", "GET /jwks"} <= set(
        provider.requests
    )
    assert "GET /userinfo" in provider.requests
    assert client.get("/").status_code == 200


def test_the_role_claim_gives_the_mapped_role_in_the_mapped_plan(
    client, provider, plan, django_user_model
):
    response = log_in(client, provider, "bo")

    assert response["Location"] == "/"
    user = logged_in_user(client, django_user_model)
    membership = PlanMembership.objects.get(user=user)
    assert (membership.plan, membership.role) == (plan, "sekretariat")
    assert ClaimGrant.objects.get(membership=membership).claim_value == "hp-sekretariat-randers"


def test_the_role_goes_when_the_group_is_gone_at_the_next_login(
    client, provider, plan, django_user_model, sekretariat
):
    log_in(client, provider, "bo")
    client.post("/logout/")
    provider.people["bo"].groups = []

    response = log_in(client, provider, "bo")

    assert response["Location"] == "/sso/ingen-adgang/"
    user = logged_in_user(client, django_user_model)
    assert not PlanMembership.objects.filter(user=user).exists()
    assert not ClaimGrant.objects.exists()


def test_an_unknown_person_is_logged_in_without_access_and_told_so_in_danish(
    client, provider, plan, django_user_model
):
    response = log_in(client, provider, "ukendt")

    assert response["Location"] == "/sso/ingen-adgang/"
    user = logged_in_user(client, django_user_model)
    assert user.email == "ukendt@randers.dk"
    assert not PlanMembership.objects.filter(user=user).exists()
    page = client.get("/sso/ingen-adgang/")
    assert "Du er logget ind, men har ikke adgang til nogen plan endnu" in page.content.decode()
    assert "ukendt@randers.dk" in page.content.decode()
    assert client.get(f"/planer/{plan.slug}/").status_code == 404


@pytest.mark.parametrize(
    "tamper",
    ["signature", "nonce", "audience", "issuer"],
    ids=["wrong-signature", "wrong-nonce", "wrong-audience", "wrong-issuer"],
)
def test_a_tampered_id_token_logs_nobody_in(client, provider, invited, tamper, django_user_model):
    provider.tamper = tamper

    response = log_in(client, provider, "anna")

    assert response.status_code == 403
    assert "Du blev ikke logget ind" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(username="anna.hansen@randers.dk").exists()
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING


def test_userinfo_about_another_person_logs_nobody_in(client, provider, invited):
    provider.userinfo_sub = "sub-bo"

    response = log_in(client, provider, "anna")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_replayed_callback_logs_nobody_in(client, provider, invited, django_user_model):
    response = client.get("/oidc/authenticate/")
    browser = requests.Session()
    answer = browser.post(
        response["Location"],
        data={"username": "anna", "password": "anna-pw"},
        allow_redirects=False,
        timeout=10,
    )
    callback = answer.headers["Location"].removeprefix("http://testserver")
    assert client.get(callback).status_code == 302
    client.post("/logout/")

    again = client.get(callback)

    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_provider_refusing_the_login_shows_the_danish_page(client, provider):
    client.get("/oidc/authenticate/")

    response = client.get("/oidc/callback/?error=access_denied&state=x")

    assert response.status_code == 403
    assert "Du blev ikke logget ind" in response.content.decode()


def test_a_provider_that_cannot_be_reached_gives_a_danish_page(switch_on, plan):
    client = switch_on(
        HELHEDSPLAN_OIDC_ISSUER="http://127.0.0.1:9",
        HELHEDSPLAN_OIDC_CLIENT_ID=CLIENT_ID,
        HELHEDSPLAN_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        HELHEDSPLAN_OIDC_TIMEOUT="2",
    )

    response = client.get("/oidc/authenticate/")

    assert response.status_code == 502
    assert "Kommunens login svarer ikke" in response.content.decode()


def test_the_next_page_is_kept_through_the_login(client, provider, invited, plan):
    response = log_in(
        client, provider, "anna", start=f"/oidc/authenticate/?next=/planer/{plan.slug}/"
    )

    assert response["Location"] == f"/planer/{plan.slug}/"


def test_a_blocked_user_is_not_let_in(client, provider, invited, django_user_model):
    django_user_model.objects.create_user(
        username="anna.hansen@randers.dk", email="anna.hansen@randers.dk", is_active=False
    )

    response = log_in(client, provider, "anna")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING
