"""A person's role in a plan: changing it, removing access, and the plan never left without a
secretariat."""

import pytest
from django.contrib.auth import get_user_model

from helhedsplan.accounts import memberships
from helhedsplan.accounts.memberships import AccessError
from helhedsplan.accounts.models import PlanMembership, Role


def test_changing_a_role_is_kept_in_the_history(plan, partner, sekretariat):
    membership = PlanMembership.objects.get(user=partner, plan=plan)
    memberships.change_role(membership=membership, role=Role.LAESER, by=sekretariat)
    membership.refresh_from_db()
    assert membership.role == Role.LAESER
    record = membership.history.latest()
    assert record.history_type == "~" and record.history_user == sekretariat
    assert record.history_change_reason == "Rolle ændret fra Partner til Læser"


def test_a_role_change_to_partner_needs_an_organisation(plan, medarbejder, sekretariat):
    membership = PlanMembership.objects.get(user=medarbejder, plan=plan)
    with pytest.raises(AccessError, match="En partner skal have en organisation"):
        memberships.change_role(membership=membership, role=Role.PARTNER, by=sekretariat)
    membership.refresh_from_db()
    assert membership.role == Role.MEDARBEJDER


def test_the_last_secretariat_cannot_be_removed_or_demoted(plan, sekretariat):
    membership = PlanMembership.objects.get(user=sekretariat, plan=plan)
    with pytest.raises(AccessError, match="mindst én person i sekretariatet"):
        memberships.change_role(membership=membership, role=Role.LAESER, by=sekretariat)
    with pytest.raises(AccessError, match="mindst én person i sekretariatet"):
        memberships.remove_access(membership=membership, by=sekretariat)
    assert PlanMembership.objects.get(pk=membership.pk).role == Role.SEKRETARIAT


def test_removing_access_keeps_a_history_row_naming_who_removed_it(plan, partner, sekretariat):
    membership = PlanMembership.objects.get(user=partner, plan=plan)
    memberships.remove_access(membership=membership, by=sekretariat)
    assert not PlanMembership.objects.filter(pk=membership.pk).exists()
    record = PlanMembership.history.filter(id=membership.pk).latest()
    assert record.history_type == "-" and record.history_user == sekretariat
    assert record.user == partner and record.group.name == Role.PARTNER
    assert get_user_model().objects.filter(pk=partner.pk).exists()  # the user stays
