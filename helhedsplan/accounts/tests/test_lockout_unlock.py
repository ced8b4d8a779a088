"""The secretariat sees on the people page who is locked out and until when, and unlocks them,
and the addresses locked that its people use, which it unlocks too; nobody else can (404),
except superusers, who also have axes' own pages in the admin."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    OFFICE,
    axes_on,  # noqa: F401  (fixture)
    fail,
    is_logged_in,
    spray,
    try_login,
)
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans.services import load_plan

pytestmark = pytest.mark.usefixtures("axes_on")
SLUG = "randers-nordby-2017-21"
PEOPLE = f"/planer/{SLUG}/personer/"


def _unlock_url(user, plan_slug=SLUG):
    membership = PlanMembership.objects.get(user=user, plan__slug=SLUG)
    return reverse("accounts:unlock", args=[plan_slug, membership.pk])


def _locked_medarbejder(client):
    fail(client, "medarbejder", 5)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 429


def test_the_people_page_shows_who_is_locked_out_and_until_when(client, sekretariat, medarbejder):
    _locked_medarbejder(client)
    last = AccessAttempt.objects.aggregate(last=Max("attempt_time"))["last"]
    until = timezone.localtime(last + timedelta(minutes=15)).strftime("%H.%M")

    client.force_login(sekretariat)
    page = client.get(PEOPLE).content.decode()
    assert f"Låst ude til kl. {until}" in page
    assert page.count("Låst ude til") == 1  # the secretariat itself is not locked
    assert "Lås op" in page
    assert "Efter 5 forkerte forsøg" in page


def test_nobody_is_shown_locked_when_the_lock_is_over(client, sekretariat, medarbejder):
    _locked_medarbejder(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    client.force_login(sekretariat)
    assert "Låst ude til" not in client.get(PEOPLE).content.decode()


def test_the_secretariat_unlocks_a_person_who_can_then_log_in_at_once(
    client, sekretariat, medarbejder, caplog
):
    _locked_medarbejder(client)
    client.force_login(sekretariat)
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        response = client.post(_unlock_url(medarbejder))
    assert response.status_code == 302
    assert "er låst op" in client.get(PEOPLE).content.decode()
    assert any(
        m.startswith("Låst op: brugernavn 'medarbejder' låst op af 'sekretariat'")
        for m in caplog.messages
    )
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_unlocking_takes_a_post(client, sekretariat, medarbejder):
    _locked_medarbejder(client)
    client.force_login(sekretariat)
    assert client.get(_unlock_url(medarbejder)).status_code == 405
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD).status_code == 429


@pytest.mark.parametrize("role", ["medarbejder", "partner", "bestyrelse"])
def test_no_other_role_can_unlock(client, request, plan, role, sekretariat):
    locked = ensure_member(plan=plan, username="laast", role=Role.LAESER, password=PASSWORD)
    fail(client, "laast", 5)
    client.force_login(request.getfixturevalue(role))
    assert client.post(_unlock_url(locked)).status_code == 404
    client.post("/logout/")
    assert try_login(client, "laast", PASSWORD, address=ELSEWHERE).status_code == 429


def test_another_plans_secretariat_cannot_unlock(client, plan, plan_text, medarbejder):
    other = load_plan(text=plan_text.replace(SLUG, "andet-omraade", 1))
    foreign = ensure_member(plan=other, username="fremmed", role=Role.SEKRETARIAT, password="x")
    _locked_medarbejder(client)
    client.force_login(foreign)
    # Neither through its own plan's address nor through the locked person's plan.
    assert client.post(_unlock_url(medarbejder, "andet-omraade")).status_code == 404
    assert client.post(_unlock_url(medarbejder)).status_code == 404
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=ELSEWHERE).status_code == 429


def test_a_superuser_unlocks_anyone_in_the_app(client, medarbejder, django_user_model):
    chef = django_user_model.objects.create_superuser("chef", "chef@example.dk", PASSWORD)
    _locked_medarbejder(client)
    client.force_login(chef)
    assert client.post(_unlock_url(medarbejder)).status_code == 302
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_superuser_sees_and_clears_attempts_in_the_admin(client, medarbejder, django_user_model):
    chef = django_user_model.objects.create_superuser("chef", "chef@example.dk", PASSWORD)
    _locked_medarbejder(client)
    client.force_login(chef)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "medarbejder" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="medarbejder")
    deleted = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302


# --- an address lock that hit the plan's people ---------------------------------------------

UNLOCK_ADDRESS = f"/planer/{SLUG}/personer/adresser/laas-op/"


@pytest.fixture
def few(settings):
    """An address limit of 8 (the limit of 50 itself: test_lockout_address.py)."""
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 8
    return settings


def _town_hall_locked(client, user="medarbejder"):
    """The plan's person has logged in from the town hall before; then someone there sprays."""
    assert try_login(client, user, PASSWORD, address=OFFICE).status_code == 302
    client.post("/logout/")
    spray(client, 8, OFFICE)
    assert try_login(client, user, PASSWORD, address=OFFICE).status_code == 429


def test_the_people_page_shows_a_locked_address_the_plans_people_use(
    client, sekretariat, medarbejder, few
):
    _town_hall_locked(client)
    client.force_login(sekretariat)
    page = client.get(PEOPLE).content.decode()
    assert "Spærrede adresser" in page
    assert f"<strong>{OFFICE}</strong>: spærret til kl." in page
    assert "efter 8 forkerte forsøg; bruges af 1 af planens personer" in page
    assert "Lås adressen op" in page


def test_a_failed_login_of_the_plans_person_also_ties_the_address_to_the_plan(
    client, sekretariat, medarbejder, few
):
    try_login(client, "medarbejder", "tastefejl", address=OFFICE)
    spray(client, 7, OFFICE)
    client.force_login(sekretariat)
    assert f"<strong>{OFFICE}</strong>" in client.get(PEOPLE).content.decode()


def test_the_secretariat_unlocks_the_address_and_its_people_log_in_again(
    client, sekretariat, medarbejder, few, caplog
):
    _town_hall_locked(client)
    client.force_login(sekretariat)
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        response = client.post(UNLOCK_ADDRESS, {"address": OFFICE})
    assert response.status_code == 302
    page = client.get(PEOPLE).content.decode()
    assert f"Adressen {OFFICE} er låst op" in page
    assert "Spærrede adresser" not in page
    assert any(
        m.startswith(f"Låst op: adresse {OFFICE} låst op af 'sekretariat' for planen")
        for m in caplog.messages
    )
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302


def test_an_address_that_hit_no_one_in_the_plan_is_neither_shown_nor_unlocked(
    client, sekretariat, medarbejder, few
):
    spray(client, 8, OFFICE)  # nobody of the plan has been near this address
    client.force_login(sekretariat)
    assert "Spærrede adresser" not in client.get(PEOPLE).content.decode()
    for address in (OFFICE, "ikke-en-adresse", ""):
        response = client.post(UNLOCK_ADDRESS, {"address": address}, follow=True)
        assert "Adressen er ikke spærret for nogen i planen" in response.content.decode()
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_another_plans_secretariat_cannot_unlock_our_address(
    client, plan, plan_text, medarbejder, few
):
    other = load_plan(text=plan_text.replace(SLUG, "andet-omraade", 1))
    foreign = ensure_member(plan=other, username="fremmed", role=Role.SEKRETARIAT, password="x")
    _town_hall_locked(client)
    client.force_login(foreign)
    assert client.post(UNLOCK_ADDRESS, {"address": OFFICE}).status_code == 404
    theirs = "/planer/andet-omraade/personer/adresser/laas-op/"
    assert "Spærrede adresser" not in client.get("/planer/andet-omraade/personer/").content.decode()
    client.post(theirs, {"address": OFFICE})
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_unlocking_an_address_keeps_the_failures_of_people_outside_the_plan(
    client, plan, plan_text, sekretariat, medarbejder, few
):
    other = load_plan(text=plan_text.replace(SLUG, "andet-omraade", 1))
    ensure_member(plan=other, username="fremmed", role=Role.MEDARBEJDER, password=PASSWORD)
    fail(client, "fremmed", 5, address=OFFICE)  # locks the name "fremmed" (another plan's)
    _town_hall_locked(client)
    client.force_login(sekretariat)
    client.post(UNLOCK_ADDRESS, {"address": OFFICE})
    assert AccessAttempt.objects.filter(ip_address=OFFICE, username="fremmed").exists()
    assert not AccessAttempt.objects.filter(
        ip_address=OFFICE, username__startswith="gaet-"
    ).exists()
    client.post("/logout/")
    assert try_login(client, "fremmed", PASSWORD, address=ELSEWHERE).status_code == 429
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302


@pytest.mark.parametrize("role", ["medarbejder", "partner", "bestyrelse"])
def test_no_other_role_can_unlock_an_address(client, request, role, medarbejder, few):
    _town_hall_locked(client)
    client.force_login(request.getfixturevalue(role))
    assert client.post(UNLOCK_ADDRESS, {"address": OFFICE}).status_code == 404
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_unlocking_an_address_takes_a_post(client, sekretariat, medarbejder, few):
    _town_hall_locked(client)
    client.force_login(sekretariat)
    assert client.get(UNLOCK_ADDRESS, {"address": OFFICE}).status_code == 405
