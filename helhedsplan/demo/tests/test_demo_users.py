"""`helhedsplan demo-users SLUG`: one demo user per role in the plan, named after the role."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.demo.users import DEMO_PARTNER_ORGANISATION


def test_every_role_gets_a_demo_user_with_the_password_printed(plan, monkeypatch):
    monkeypatch.setenv("HELHEDSPLAN_DEMO_PASSWORD", "Demo-Kode-2026")
    out = io.StringIO()
    call_command("demo-users", plan.slug, stdout=out)
    printed = out.getvalue()
    assert f"Demobrugere i {plan.name} (adgangskode: Demo-Kode-2026):" in printed
    for role in Role:
        membership = PlanMembership.objects.select_related("user").get(
            plan=plan, user__username=role.value
        )
        assert membership.role == role.value
        assert membership.user.check_password("Demo-Kode-2026")
        assert f"  {role.value:<12} {role.label}" in printed
    partner = PlanMembership.objects.get(plan=plan, user__username=Role.PARTNER.value)
    assert partner.organisation.key == DEMO_PARTNER_ORGANISATION
    assert PlanMembership.objects.get(
        plan=plan, user__username=Role.SEKRETARIAT.value
    ).user.is_staff


def test_an_unknown_plan_is_refused_in_danish(db):
    with pytest.raises(CommandError) as refused:
        call_command("demo-users", "findes-ikke")
    assert "Der er ingen plan med det korte navn «findes-ikke»" in str(refused.value)
