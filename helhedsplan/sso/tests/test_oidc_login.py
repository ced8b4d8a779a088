"""OpenID Connect end to end: Django's test client against a real provider on loopback."""

import json

import pytest
import requests

from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.sso.models import ClaimGrant, ExternalIdentity
from helhedsplan.sso.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person

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


# --- account takeover by e-mail (issue 17) ------------------------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@randers.dk", "chefens-kodeord")


def provider_person(provider, username, email, **kwargs):
    provider.people[username] = Person(username, f"{username}-pw", email, "Mal", "Lory", **kwargs)


def test_a_provider_user_with_a_superusers_email_and_no_email_verified_is_not_that_superuser(
    client, provider, superuser, django_user_model
):
    # As Entra ID's optional `email` claim comes: no email_verified at all.
    provider_person(provider, "mallory", "chef@randers.dk", email_verified=None)

    response = log_in(client, provider, "mallory")

    user = logged_in_user(client, django_user_model)
    assert user != superuser
    assert not user.is_superuser and not user.is_staff and user.email == ""
    assert response["Location"] == "/sso/ingen-adgang/"
    assert client.get("/admin/").status_code == 302  # to the admin's login, not the admin
    assert not ExternalIdentity.objects.filter(user=superuser).exists()


def test_with_email_verified_true_the_superuser_is_still_not_taken_over(
    client, provider, superuser
):
    provider_person(provider, "mallory", "chef@randers.dk", email_verified=True)

    response = log_in(client, provider, "mallory")

    assert response.status_code == 403
    assert "Der findes allerede en bruger med din e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize("value", [False, "false"])
def test_email_verified_false_logs_nobody_in(client, provider, invited, value, django_user_model):
    provider.people["anna"].email_verified = value

    response = log_in(client, provider, "anna")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(email="anna.hansen@randers.dk").exists()


def test_the_first_login_stores_the_issuer_and_subject(client, provider, invited):
    log_in(client, provider, "anna")

    bound = ExternalIdentity.objects.get()
    assert (bound.issuer, bound.subject, bound.via) == (provider.url, "sub-anna", "oidc")
    assert bound.user.username == "anna.hansen@randers.dk"


def test_whoever_later_holds_annas_address_at_the_provider_does_not_get_her_account(
    client, provider, invited, django_user_model
):
    log_in(client, provider, "anna")
    client.post("/logout/")
    # Anna leaves; the address is given to a new colleague with a new account at the provider.
    del provider.people["anna"]
    provider_person(provider, "ny", "anna.hansen@randers.dk")

    response = log_in(client, provider, "ny")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_changed_email_at_the_provider_does_not_move_the_login_to_another_account(
    client, provider, invited, django_user_model
):
    log_in(client, provider, "anna")
    anna = logged_in_user(client, django_user_model)
    client.post("/logout/")
    log_in(client, provider, "bo")
    bo = logged_in_user(client, django_user_model)
    client.post("/logout/")
    provider.people["anna"].email = "bo.berg@randers.dk"

    log_in(client, provider, "anna")

    assert logged_in_user(client, django_user_model) == anna != bo


def test_entra_ids_xms_edov_is_the_verification_when_configured(
    switch_on, provider, invited, plan, django_user_model
):
    client = switch_on(
        HELHEDSPLAN_OIDC_ISSUER=provider.url,
        HELHEDSPLAN_OIDC_CLIENT_ID=CLIENT_ID,
        HELHEDSPLAN_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM="xms_edov",
    )
    anna = provider.people["anna"]
    anna.email_verified, anna.extra_claims = None, {"xms_edov": True}

    response = log_in(client, provider, "anna")

    assert response["Location"] == "/"
    user = logged_in_user(client, django_user_model)
    assert [(m.plan.slug, m.role) for m in PlanMembership.objects.filter(user=user)] == [
        (plan.slug, "medarbejder")
    ]


def test_xms_edov_false_logs_nobody_in(switch_on, provider, invited):
    client = switch_on(
        HELHEDSPLAN_OIDC_ISSUER=provider.url,
        HELHEDSPLAN_OIDC_CLIENT_ID=CLIENT_ID,
        HELHEDSPLAN_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        HELHEDSPLAN_OIDC_EMAIL_VERIFIED_CLAIM="xms_edov",
    )
    anna = provider.people["anna"]
    anna.email_verified, anna.extra_claims = None, {"xms_edov": False}

    assert log_in(client, provider, "anna").status_code == 403
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING


def test_without_any_verification_an_invited_person_is_logged_in_but_takes_no_invitation(
    client, provider, invited, django_user_model
):
    provider.people["anna"].email_verified = None

    response = log_in(client, provider, "anna")

    assert response["Location"] == "/sso/ingen-adgang/"
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING
    assert not django_user_model.objects.filter(username="anna.hansen@randers.dk").exists()
