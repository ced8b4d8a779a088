"""Django's admin shows a plan's secretariat only the plans it keeps: one installation holds many
plans, and a secretariat is staff with the plans app's permissions."""

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan


@pytest.fixture
def other_plan(plan, plan_text):
    other = load_plan(text=plan_text.replace("slug: randers-nordby-2017-21", "slug: anden-plan", 1))
    other.name = "Anden plan, som sekretariatet ikke har"
    other.save()
    ensure_member(
        plan=other, username="andet-sekretariat", role=Role.SEKRETARIAT, password=PASSWORD
    )
    return other


def test_a_secretariat_lists_only_its_own_plans_rows(client, plan, other_plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert plan.name in html
    assert other_plan.name not in html
    members = client.get(reverse("admin:plans_membership_changelist")).content.decode()
    count = m.Membership.objects.filter(body__plan=plan).count()
    assert f"{count} medlemmer" in members or f"{count} medlem" in members


def test_another_plans_rows_cannot_be_opened_or_changed(client, plan, other_plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    member = m.Membership.objects.filter(body__plan=other_plan).first()
    change = reverse("admin:plans_membership_change", args=[member.pk])
    response = client.get(change)
    # The admin answers a row outside the queryset as "does not exist": a redirect to its index.
    assert response.status_code == 302
    assert client.post(change, {"role": "Ændret", "name": "x"}).status_code == 302
    member.refresh_from_db()
    assert member.role != "Ændret"
    plan_change = reverse("admin:plans_plan_change", args=[other_plan.pk])
    assert client.get(plan_change).status_code == 302


def test_a_superuser_sees_every_plan(client, plan, other_plan, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.dk", PASSWORD)
    client.login(username="admin", password=PASSWORD)
    html = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert plan.name in html and other_plan.name in html
