"""In a real browser: the login page's button, the provider's form, and back logged in; the
login page and the no-access page pass axe-core (no serious or critical violations)."""

import pytest

from helhedsplan.accounts.models import PlanMembership
from helhedsplan.browser import serious_violations
from helhedsplan.sso.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def municipal_login(switch_on, provider, live_server):
    provider.client.redirect_uris.append(f"{live_server.url}/oidc/callback/")
    switch_on(
        HELHEDSPLAN_OIDC_ISSUER=provider.url,
        HELHEDSPLAN_OIDC_CLIENT_ID=CLIENT_ID,
        HELHEDSPLAN_OIDC_CLIENT_SECRET=CLIENT_SECRET,
    )
    return provider


def through_the_provider(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.get_by_label("User").fill(username)
    page.get_by_label("Password").fill(f"{username}-pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_an_invited_person_clicks_the_municipal_login_and_lands_on_the_plan(
    live_server, page, municipal_login, plan, invited, django_user_model
):
    page.goto(f"{live_server.url}/login/")
    assert page.get_by_role("heading", name="Kommunens login").is_visible()
    assert serious_violations(page) == []

    through_the_provider(page, live_server, "anna")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_text("anna.hansen@randers.dk").first.is_visible()
    user = django_user_model.objects.get(username="anna.hansen@randers.dk")
    assert PlanMembership.objects.get(user=user).role == "medarbejder"


def test_a_person_without_invitation_sees_the_danish_no_access_page(
    live_server, page, municipal_login, plan
):
    through_the_provider(page, live_server, "ukendt")

    assert page.url == f"{live_server.url}/sso/ingen-adgang/"
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Du er logget ind, men har ikke adgang til nogen plan endnu"
    assert serious_violations(page) == []
