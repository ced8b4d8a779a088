"""The secretariat sees on the people page who is locked out and until when, and unlocks them;
nobody else can (404), except superusers, who also have axes' own pages in the admin."""

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
    axes_on,  # noqa: F401  (fixture)
    fail,
    is_logged_in,
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
