"""The access mapping both logins share: invitations, the role claim, and nothing else."""

import datetime

import pytest
from django.utils import timezone

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.conftest import PASSWORD
from helhedsplan.sso import access
from helhedsplan.sso.access import Identity
from helhedsplan.sso.config import parse_role_map
from helhedsplan.sso.models import ClaimGrant


@pytest.fixture
def role_map(settings):
    def set_map(text: str):
        settings.HELHEDSPLAN_SSO_ROLE_CLAIM = "groups"
        settings.HELHEDSPLAN_SSO_ROLE_MAP = parse_role_map(text)

    set_map("{}")
    return set_map


def person(*groups, email="bo.berg@randers.dk"):
    return Identity(email=email, via="test", first_name="Bo", groups=frozenset(groups))


def roles(user):
    return sorted(
        (m.plan.slug, m.role, m.organisation.key if m.organisation else None)
        for m in PlanMembership.objects.filter(user=user)
    )


def test_the_strongest_role_wins_when_two_groups_name_the_same_plan(plan, role_map):
    role_map(
        '{"alle": ["randers-nordby-2017-21", "laeser"],'
        ' "sek": ["randers-nordby-2017-21", "sekretariat"]}'
    )

    user = access.sign_in(person("alle", "sek"))

    assert roles(user) == [(plan.slug, "sekretariat", None)]


def test_a_partner_group_names_the_organisation(plan, role_map):
    role_map('{"skole": ["randers-nordby-2017-21", "partner", "randers-produktionshoejskole"]}')

    user = access.sign_in(person("skole"))

    assert roles(user) == [(plan.slug, "partner", "randers-produktionshoejskole")]


def test_a_group_for_a_plan_that_does_not_exist_gives_nothing(plan, role_map):
    role_map('{"g": ["ingen-saadan-plan", "sekretariat"]}')

    user = access.sign_in(person("g"))

    assert roles(user) == []
    assert not access.has_plan_access(user)


def test_groups_outside_the_map_give_nothing(plan, role_map):
    role_map('{"hp": ["randers-nordby-2017-21", "laeser"]}')

    user = access.sign_in(person("Domain Users", "hp-andet"))

    assert roles(user) == []


def test_a_changed_group_changes_the_role_at_the_next_login(plan, role_map):
    role_map(
        '{"laesere": ["randers-nordby-2017-21", "laeser"],'
        ' "bestyrelse": ["randers-nordby-2017-21", "bestyrelse"]}'
    )
    access.sign_in(person("laesere"))

    user = access.sign_in(person("bestyrelse"))

    assert roles(user) == [(plan.slug, "bestyrelse", None)]
    assert ClaimGrant.objects.get().claim_value == "bestyrelse"
    history = [h.history_change_reason for h in PlanMembership.history.filter(user=user)]
    assert "Rolle ændret af kommunens login (bestyrelse)" in history


def test_an_invited_role_is_neither_changed_nor_removed_by_groups(plan, role_map, sekretariat):
    invitations.invite(
        plan=plan,
        email="bo.berg@randers.dk",
        role="partner",
        organisation=plan.organisations.get(key="randers-produktionshoejskole"),
        by=sekretariat,
    )
    role_map('{"laesere": ["randers-nordby-2017-21", "laeser"]}')

    user = access.sign_in(person("laesere"))
    assert roles(user) == [(plan.slug, "partner", "randers-produktionshoejskole")]
    user = access.sign_in(person())

    assert roles(user) == [(plan.slug, "partner", "randers-produktionshoejskole")]
    assert not ClaimGrant.objects.exists()


def test_the_last_secretariat_keeps_the_role_when_the_group_goes(plan, role_map):
    role_map('{"sek": ["randers-nordby-2017-21", "sekretariat"]}')
    access.sign_in(person("sek"))

    user = access.sign_in(person())

    # The plan must keep someone to run it; the log says so (the secretariat acts).
    assert roles(user) == [(plan.slug, "sekretariat", None)]


def test_an_existing_user_is_matched_by_email_in_any_case(plan, django_user_model, role_map):
    existing = django_user_model.objects.create_user(
        username="bberg", email="Bo.Berg@Randers.dk", password="x"
    )

    user = access.sign_in(person(email="BO.BERG@randers.dk"))

    assert user == existing
    assert user.has_usable_password()  # its own password is left as it was


def test_two_users_with_the_same_email_are_refused(plan, django_user_model, role_map):
    django_user_model.objects.create_user(username="bo1", email="bo.berg@randers.dk")
    django_user_model.objects.create_user(username="bo2", email="bo.berg@randers.dk")

    assert access.sign_in(person()) is None


@pytest.mark.parametrize("email", ["", "ikke-en-adresse", "a@b"])
def test_no_usable_email_no_login(plan, role_map, email, django_user_model):
    assert access.sign_in(person(email=email)) is None
    assert not django_user_model.objects.exists()


def test_an_expired_or_withdrawn_invitation_gives_nothing(plan, role_map, sekretariat):
    old = invitations.invite(plan=plan, email="bo.berg@randers.dk", role="laeser", by=sekretariat)
    Invitation.objects.filter(pk=old.invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    user = access.sign_in(person())

    assert roles(user) == []
    old.invitation.refresh_from_db()
    assert old.invitation.state() == Invitation.State.EXPIRED


def test_invitations_to_several_plans_are_all_taken(plan, role_map, sekretariat):
    invitations.invite(plan=plan, email="bo.berg@randers.dk", role="bestyrelse", by=sekretariat)

    user = access.sign_in(person())

    assert roles(user) == [(plan.slug, "bestyrelse", None)]
    membership = PlanMembership.objects.get(user=user)
    assert membership.history.first().history_user == sekretariat  # who gave the access


def test_accept_verified_refuses_an_invitation_to_another_email(plan, sekretariat, outsider):
    invited = invitations.invite(
        plan=plan, email="bo.berg@randers.dk", role="laeser", by=sekretariat
    ).invitation

    with pytest.raises(invitations.AccessError):
        invitations.accept_verified(invitation=invited, user=outsider)
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING


def test_the_people_page_says_which_roles_come_from_the_municipalitys_login(
    client, plan, role_map, sekretariat
):
    role_map('{"alle": ["randers-nordby-2017-21", "laeser"]}')
    access.sign_in(person("alle"))
    assert client.login(username="sekretariat", password=PASSWORD)
    html = client.get(f"/planer/{plan.slug}/personer/").content.decode()
    rows = html[html.index("<tbody>") :].split("</tr>")
    given = [row for row in rows if '<th scope="row">Bo<br>' in row]
    assert len(given) == 1
    assert "Fra kommunens login (gruppen «alle»)" in given[0]
    assert html.count("Fra kommunens login (gruppen") == 1  # no other role is marked
