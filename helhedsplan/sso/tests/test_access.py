"""The access mapping both logins share: invitations, the role claim, and nothing else."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from helhedsplan.accounts import invitations, memberships
from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.conftest import PASSWORD
from helhedsplan.sso import access
from helhedsplan.sso.access import Identity
from helhedsplan.sso.config import parse_role_map
from helhedsplan.sso.models import ClaimGrant, ExternalIdentity, UnboundLogin


@pytest.fixture
def role_map(settings):
    def set_map(text: str):
        settings.HELHEDSPLAN_SSO_ROLE_CLAIM = "groups"
        settings.HELHEDSPLAN_SSO_ROLE_MAP = parse_role_map(text)

    set_map("{}")
    return set_map


ISSUER = "https://login.randers.dk"


def person(*groups, email="bo.berg@randers.dk", subject=None, issuer=ISSUER, verified=True):
    """Bo at the provider; his subject stays the same whatever his e-mail is."""
    return Identity(
        email=email,
        via="oidc",
        issuer=issuer,
        subject=subject or "sub-bo",
        email_verified=verified,
        first_name="Bo",
        groups=frozenset(groups),
    )


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


def test_a_user_with_a_password_is_not_bound_by_email_in_any_case(
    plan, django_user_model, role_map
):
    existing = django_user_model.objects.create_user(
        username="bberg", email="Bo.Berg@Randers.dk", password="x"
    )

    with pytest.raises(access.LinkRefused) as refused:
        access.sign_in(person(email="BO.BERG@randers.dk"))

    assert refused.value.why == "brugeren har en adgangskode"
    assert not ExternalIdentity.objects.exists()
    existing.refresh_from_db()
    assert existing.has_usable_password()  # its own password is left as it was


def test_two_users_with_the_same_email_are_refused(plan, django_user_model, role_map):
    django_user_model.objects.create_user(username="bo1", email="bo.berg@randers.dk")
    django_user_model.objects.create_user(username="bo2", email="bo.berg@randers.dk")

    assert access.sign_in(person()) is None
    assert not ExternalIdentity.objects.exists()


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

    with pytest.raises(memberships.AccessError):
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


# --- bound by issuer and subject (issue 17) -----------------------------------------------------


def test_the_first_login_binds_the_new_user_to_the_issuer_and_subject(plan, role_map):
    user = access.sign_in(person())

    bound = ExternalIdentity.objects.get()
    assert (bound.user, bound.issuer, bound.subject, bound.via) == (user, ISSUER, "sub-bo", "oidc")
    assert (bound.email, bound.email_verified) == ("bo.berg@randers.dk", True)
    assert user.username == "bo.berg@randers.dk"


def test_a_changed_email_at_the_provider_keeps_the_login_on_the_same_user(
    plan, role_map, django_user_model
):
    bo = access.sign_in(person())
    anna = access.sign_in(person(email="anna.hansen@randers.dk", subject="sub-anna"))

    # Bo's address at the provider is now Anna's: he is still Bo here.
    again = access.sign_in(person(email="anna.hansen@randers.dk"))

    assert again == bo != anna
    assert ExternalIdentity.objects.get(subject="sub-bo").email == "anna.hansen@randers.dk"
    assert django_user_model.objects.count() == 2


def test_whoever_later_holds_the_address_at_the_provider_does_not_get_the_account(plan, role_map):
    access.sign_in(person())

    with pytest.raises(access.LinkRefused) as refused:
        access.sign_in(person(subject="sub-bo-ny-medarbejder"))

    assert refused.value.why == "brugeren er allerede knyttet til en anden person hos samme udbyder"
    assert ExternalIdentity.objects.count() == 1


def test_the_same_subject_at_another_provider_is_someone_else(plan, role_map):
    access.sign_in(person())

    with pytest.raises(access.LinkRefused) as refused:
        access.sign_in(person(issuer="https://someone-else.example"))

    assert refused.value.why == "brugeren er hverken inviteret eller lavet af kommunens login"


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("superuser", "brugeren er superbruger"),
        ("staff", "brugeren har adgang til administrationen (staff)"),
        ("password", "brugeren har en adgangskode"),
    ],
)
def test_a_superuser_staff_or_password_user_is_never_bound_by_email_even_when_invited(
    plan, role_map, sekretariat, django_user_model, kind, why
):
    target = django_user_model.objects.create_user(
        username="chefen", email="bo.berg@randers.dk", password="x" if kind == "password" else None
    )
    target.is_superuser = kind == "superuser"
    target.is_staff = kind == "staff"
    target.save()
    invited = invitations.invite(
        plan=plan, email="bo.berg@randers.dk", role="laeser", by=sekretariat
    ).invitation

    with pytest.raises(access.LinkRefused) as refused:
        access.sign_in(person())

    assert refused.value.why == why
    assert not ExternalIdentity.objects.exists()
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING


def test_an_invited_user_without_a_password_is_bound_and_takes_the_invitation(
    plan, role_map, sekretariat
):
    # Made by the other provider (say SAML), then invited: the invitation vouches for the login.
    other = access.sign_in(person(issuer="https://adfs.randers.dk"))
    invitations.invite(plan=plan, email="bo.berg@randers.dk", role="laeser", by=sekretariat)

    user = access.sign_in(person())

    assert user == other
    assert ExternalIdentity.objects.filter(user=user).count() == 2
    assert roles(user) == [(plan.slug, "laeser", None)]


def test_without_the_invitation_the_same_user_is_not_bound(plan, role_map):
    access.sign_in(person(issuer="https://adfs.randers.dk"))

    with pytest.raises(access.LinkRefused):
        access.sign_in(person())

    assert ExternalIdentity.objects.count() == 1


def test_an_email_the_provider_does_not_vouch_for_links_nothing_and_takes_no_invitation(
    plan, role_map, sekretariat, django_user_model
):
    boss = django_user_model.objects.create_superuser("chef", "bo.berg@randers.dk", PASSWORD)
    invited = invitations.invite(
        plan=plan, email="bo.berg@randers.dk", role="sekretariat", by=sekretariat
    ).invitation

    user = access.sign_in(person(verified=False))

    assert user != boss and not user.is_superuser and not user.is_staff
    assert user.username.startswith("sso-") and user.email == ""
    assert roles(user) == []
    invited.refresh_from_db()
    assert invited.state() == Invitation.State.PENDING
    assert access.sign_in(person(verified=False)) == user  # found again by its subject


def test_a_user_the_login_made_before_bindings_is_bound_once_at_its_next_login(
    plan, role_map, django_user_model
):
    old = django_user_model.objects.create_user(
        username="bo.berg@randers.dk", email="bo.berg@randers.dk"
    )
    UnboundLogin.objects.create(user=old)

    assert access.sign_in(person()) == old
    assert not UnboundLogin.objects.exists()
    with pytest.raises(access.LinkRefused):
        access.sign_in(person(subject="sub-en-anden"))


def test_the_migration_marks_only_users_the_login_made(plan, django_user_model, sekretariat):
    migration = importlib.import_module("helhedsplan.sso.migrations.0002_external_identity")
    made = django_user_model.objects.create_user(username="sso-made")  # no password
    django_user_model.objects.create_superuser("root", "root@example.dk")  # no password either
    django_user_model.objects.create_user(username="with-password", password="x")

    migration.mark_unbound_logins(django_apps, None)

    assert [row.user for row in UnboundLogin.objects.all()] == [made]


@pytest.mark.parametrize(
    "identity",
    [
        person(subject=" "),
        Identity(email="bo.berg@randers.dk", via="oidc", issuer="", subject="sub-bo"),
        person(subject="x" * 513),
    ],
    ids=["blank subject", "no issuer", "subject too long"],
)
def test_an_identity_without_issuer_or_subject_logs_nobody_in(
    plan, role_map, identity, django_user_model
):
    assert access.sign_in(identity) is None
    assert not django_user_model.objects.filter(email="bo.berg@randers.dk").exists()
