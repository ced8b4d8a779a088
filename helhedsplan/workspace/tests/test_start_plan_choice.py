"""`/`: the start page of the user's current plan, chosen once and remembered across logins."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.workspace.models import StartPlan
from helhedsplan.workspace.tests.conftest import login

SLUG = "randers-nordby-2017-21"


@pytest.fixture
def two_plans(plan, empty_plan):
    """A medarbejder in Randers Nordby who is also secretariat of the new plan."""
    ensure_member(plan=plan, username="anna", role=Role.MEDARBEJDER, password=PASSWORD)
    return ensure_member(plan=empty_plan, username="anna", role=Role.SEKRETARIAT, password=PASSWORD)


def shown_plan(response):
    return response.context["plan"].slug


def test_after_login_the_user_lands_on_the_start_page(client, plan, today, medarbejder):
    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/"
    response = client.post(
        reverse("login"), {"username": "medarbejder", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "<h1>Start: Boligsocial helhedsplan for Randers Nordby 2017-21</h1>" in (
        response.content.decode()
    )


def test_one_plan_needs_no_choice(client, plan, today, partner):
    response = login(client, "partner").get("/")
    assert shown_plan(response) == SLUG
    assert "Vælg en anden plan" not in response.content.decode()


def test_with_several_plans_the_user_chooses_and_the_choice_is_remembered_across_logins(
    client, two_plans, empty_plan, today
):
    response = login(client, "anna").get("/")
    html = response.content.decode()
    assert "<h1>Vælg plan</h1>" in html
    assert f'href="/?plan={empty_plan.slug}"' in html and f'href="/?plan={SLUG}"' in html
    assert "Din rolle: Boligsocial medarbejder" in html and "Din rolle: Sekretariat" in html
    assert 'class="tag">Udkast' in html

    response = client.get("/", {"plan": empty_plan.slug})
    assert response.status_code == 302 and response["Location"] == "/"
    assert StartPlan.objects.get(user=two_plans).plan == empty_plan

    client.logout()
    response = login(client, "anna").get("/")
    assert shown_plan(response) == empty_plan.slug
    assert response.context["part"] == "staff" and response.context["access"].is_secretariat


def test_the_header_picker_switches_the_start_page_and_shows_the_menu_of_that_plan(
    client, two_plans, empty_plan, today
):
    login(client, "anna").get("/", {"plan": empty_plan.slug})
    response = client.get("/", {"plan": SLUG}, follow=True)
    assert shown_plan(response) == SLUG
    html = response.content.decode()
    assert f'<option value="{SLUG}" selected>' in html
    assert f'<a href="/planer/{SLUG}/start/" aria-current="page">Start</a>' in html
    assert "Vælg en anden plan" in html
    assert StartPlan.objects.get(user=two_plans).plan.slug == SLUG


def test_a_plan_without_access_is_ignored_with_a_message(
    client, two_plans, plan, empty_plan, today
):
    login(client, "anna").get("/", {"plan": empty_plan.slug})
    ensure_member(plan=plan, username="other", role=Role.SEKRETARIAT, password=PASSWORD)
    plan.memberships.filter(user=two_plans).delete()
    response = client.get("/", {"plan": SLUG}, follow=True)
    assert shown_plan(response) == empty_plan.slug
    assert f"Planen «{SLUG}» findes ikke, eller du har ikke adgang til den." in (
        response.content.decode()
    )
    assert StartPlan.objects.get(user=two_plans).plan == empty_plan
    assert client.get("/", {"plan": "findes-ikke"}, follow=True).status_code == 200


def test_a_remembered_plan_the_user_has_lost_access_to_is_not_shown(
    client, two_plans, plan, empty_plan, today
):
    StartPlan.objects.create(user=two_plans, plan=empty_plan)
    empty_plan.memberships.filter(user=two_plans).delete()
    response = login(client, "anna").get("/")
    assert shown_plan(response) == SLUG


def test_the_chooser_can_be_opened_again_from_the_start_page(client, two_plans, plan, today):
    login(client, "anna").get("/", {"plan": SLUG})
    assert "<h1>Vælg plan</h1>" in client.get("/", {"vaelg": "1"}).content.decode()


def test_a_user_without_a_plan_is_told_to_contact_the_secretariat(client, db, outsider):
    html = login(client, "outsider").get("/").content.decode()
    assert "<h1>Du har endnu ikke adgang til nogen plan</h1>" in html
    assert "Kontakt sekretariatet" in html
    assert "Opret en ny plan" not in html


def test_a_user_who_may_create_plans_is_offered_a_new_plan(client, db, outsider):
    outsider.user_permissions.add(Permission.objects.get(codename="create_plan"))
    html = login(client, "outsider").get("/").content.decode()
    try:
        create = reverse("planning_create:start")
    except NoReverseMatch:  # helper B's page is being built alongside
        create = "/ny-plan/"
    assert f'<a class="button" href="{create}">Opret en ny plan</a>' in html
