"""The invitation services: invite, accept once, expire, resend, withdraw, and bad input."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from helhedsplan.accounts import invitations
from helhedsplan.accounts.invitations import InvitationRefused
from helhedsplan.accounts.memberships import AccessError
from helhedsplan.accounts.models import Invitation, PlanMembership, Role
from helhedsplan.accounts.tests.conftest import OTHER_ACTIVITY, token_of
from helhedsplan.plans.services import load_plan

PASSWORD = "Gule-Roser-i-Nordbyen-42"
EMAIL = "laerer@skole.dk"


def invite_partner(plan, school, sekretariat, **extra):
    return invitations.invite(
        plan=plan,
        email="Anna.Lund@Skole.dk ",
        role=Role.PARTNER,
        organisation=school,
        by=sekretariat,
        **extra,
    )


def test_an_invitation_keeps_only_the_hash_of_its_link(plan, school, sekretariat):
    invited = invite_partner(plan, school, sekretariat)
    token = token_of(invited.link)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.email == "anna.lund@skole.dk"
    assert invitation.created_by == sekretariat
    assert invited.link.startswith("http://127.0.0.1:8000/invitation/")
    assert len(token) >= 40
    assert not any(token in str(value) for value in Invitation.objects.values().get().values())


def test_a_link_is_valid_for_seven_days(plan, school, sekretariat):
    now = timezone.now()
    invitation = invite_partner(plan, school, sekretariat, now=now).invitation
    assert invitation.expires_at == now + datetime.timedelta(days=7)


def test_accepting_makes_a_user_named_by_the_email_with_the_role(plan, school, sekretariat):
    invited = invite_partner(plan, school, sekretariat, activities=[])
    user, membership = invitations.accept(token=token_of(invited.link), password=PASSWORD)
    assert user.username == "anna.lund@skole.dk" and user.email == "anna.lund@skole.dk"
    assert user.check_password(PASSWORD) and not user.is_staff
    assert membership.role == Role.PARTNER and membership.organisation == school
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    record = membership.history.get()
    assert record.history_type == "+" and record.history_user == sekretariat


def test_a_link_used_twice_is_refused_and_changes_nothing(plan, school, sekretariat):
    token = token_of(invite_partner(plan, school, sekretariat).link)
    invitations.accept(token=token, password=PASSWORD)
    with pytest.raises(InvitationRefused) as refused:
        invitations.accept(token=token, password="En-Anden-Kode-99")
    assert refused.value.state == Invitation.State.ACCEPTED
    assert refused.value.title == "Linket er allerede brugt"
    assert PlanMembership.objects.filter(user__username="anna.lund@skole.dk").count() == 1
    assert get_user_model().objects.get(username="anna.lund@skole.dk").check_password(PASSWORD)


def test_an_expired_link_is_refused(plan, school, sekretariat):
    now = timezone.now()
    token = token_of(invite_partner(plan, school, sekretariat, now=now).link)
    later = now + datetime.timedelta(days=7, seconds=1)
    with pytest.raises(InvitationRefused) as refused:
        invitations.accept(token=token, password=PASSWORD, now=later)
    assert refused.value.state == Invitation.State.EXPIRED
    assert "Bed sekretariatet om en ny invitation" in refused.value.message
    assert not get_user_model().objects.filter(username="anna.lund@skole.dk").exists()


def test_the_last_minute_of_the_seventh_day_still_works(plan, school, sekretariat):
    now = timezone.now()
    token = token_of(invite_partner(plan, school, sekretariat, now=now).link)
    almost = now + datetime.timedelta(days=7) - datetime.timedelta(minutes=1)
    user, _ = invitations.accept(token=token, password=PASSWORD, now=almost)
    assert user.username == "anna.lund@skole.dk"


def test_a_tampered_link_is_refused(plan, school, sekretariat):
    token = token_of(invite_partner(plan, school, sekretariat).link)
    with pytest.raises(InvitationRefused) as refused:
        invitations.accept(token=token[:-1] + ("A" if token[-1] != "A" else "B"), password=PASSWORD)
    assert refused.value.state == invitations.UNKNOWN
    assert Invitation.objects.get().accepted_at is None


def test_resending_gives_a_new_link_and_the_old_one_stops_working(plan, school, sekretariat):
    old = invite_partner(plan, school, sekretariat)
    new = invitations.resend(invitation=old.invitation, by=sekretariat)
    assert new.invitation.pk != old.invitation.pk and new.link != old.link
    with pytest.raises(InvitationRefused) as refused:
        invitations.accept(token=token_of(old.link), password=PASSWORD)
    assert refused.value.state == Invitation.State.REPLACED
    assert refused.value.title == "Der er sendt et nyere link"
    _, membership = invitations.accept(token=token_of(new.link), password=PASSWORD)
    assert membership.organisation == school


def test_inviting_the_same_person_again_replaces_the_open_invitation(plan, school, sekretariat):
    first = invite_partner(plan, school, sekretariat)
    second = invitations.invite(
        plan=plan, email="anna.lund@skole.dk", role=Role.LAESER, by=sekretariat
    )
    with pytest.raises(InvitationRefused):
        invitations.accept(token=token_of(first.link), password=PASSWORD)
    _, membership = invitations.accept(token=token_of(second.link), password=PASSWORD)
    assert membership.role == Role.LAESER


def test_resending_keeps_the_role_organisation_and_activities(plan, school, sekretariat):
    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    old = invite_partner(plan, school, sekretariat, activities=[hotspot]).invitation
    new = invitations.resend(invitation=old, by=sekretariat).invitation
    assert (new.email, new.group, new.organisation) == (old.email, old.group, old.organisation)
    assert list(new.activities.all()) == [hotspot]


def test_an_expired_invitation_can_be_resent(plan, school, sekretariat):
    past = timezone.now() - datetime.timedelta(days=30)
    old = invite_partner(plan, school, sekretariat, now=past).invitation
    assert old.state() == Invitation.State.EXPIRED
    new = invitations.resend(invitation=old, by=sekretariat)
    assert new.invitation.state() == Invitation.State.PENDING


def test_a_used_invitation_cannot_be_resent(plan, school, sekretariat):
    invited = invite_partner(plan, school, sekretariat)
    invitations.accept(token=token_of(invited.link), password=PASSWORD)
    with pytest.raises(AccessError, match="kan ikke sendes igen"):
        invitations.resend(invitation=invited.invitation, by=sekretariat)


def test_a_withdrawn_link_is_refused(plan, school, sekretariat):
    invited = invite_partner(plan, school, sekretariat)
    invitations.withdraw(invitation=invited.invitation, by=sekretariat)
    with pytest.raises(InvitationRefused) as refused:
        invitations.accept(token=token_of(invited.link), password=PASSWORD)
    assert refused.value.state == Invitation.State.WITHDRAWN


def test_a_partner_needs_an_organisation(plan, sekretariat):
    with pytest.raises(AccessError, match="En partner skal have en organisation") as error:
        invitations.invite(plan=plan, email=EMAIL, role=Role.PARTNER, by=sekretariat)
    assert error.value.field == "organisation"
    assert not Invitation.objects.exists()


def test_an_organisation_of_another_plan_is_refused(plan, plan_text, sekretariat):
    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    foreign = other.organisations.get(key="randers-produktionshoejskole")
    with pytest.raises(AccessError, match="hører ikke til planen"):
        invitations.invite(
            plan=plan, email=EMAIL, role=Role.PARTNER, organisation=foreign, by=sekretariat
        )
    assert not Invitation.objects.exists()


def test_an_activity_of_another_plan_is_refused(plan, plan_text, school, sekretariat):
    other = load_plan(text=plan_text.replace("randers-nordby-2017-21", "andet-omraade", 1))
    foreign = other.activities.get(key=OTHER_ACTIVITY)
    with pytest.raises(AccessError, match="hører ikke til planen"):
        invite_partner(plan, school, sekretariat, activities=[foreign])
    assert not Invitation.objects.exists()


def test_an_unknown_role_and_a_bad_email_are_refused(plan, sekretariat):
    with pytest.raises(AccessError, match="Rollen «chef» findes ikke"):
        invitations.invite(plan=plan, email=EMAIL, role="chef", by=sekretariat)
    with pytest.raises(AccessError, match="ikke en gyldig e-mailadresse"):
        invitations.invite(plan=plan, email="ikke-en-mail", role=Role.LAESER, by=sekretariat)
    assert not Invitation.objects.exists()


def test_someone_who_already_has_access_is_not_invited_again(plan, partner, sekretariat):
    partner.email = "partner@skole.dk"
    partner.save()
    with pytest.raises(AccessError, match="har allerede adgang til planen som Partner"):
        invitations.invite(plan=plan, email="PARTNER@skole.dk", role=Role.LAESER, by=sekretariat)


def test_an_existing_user_accepts_by_being_logged_in_and_keeps_the_password(
    plan, plan_text, sekretariat, outsider
):
    outsider.email = "outsider@kommune.dk"
    outsider.set_password("Egen-Kode-123!")
    outsider.save()
    invited = invitations.invite(
        plan=plan, email="outsider@kommune.dk", role=Role.LAESER, by=sekretariat
    )
    token = token_of(invited.link)
    with pytest.raises(AccessError, match="Log ind som den bruger"):
        invitations.accept(token=token, password="Ny-Kode-456!")
    assert Invitation.objects.get().accepted_at is None
    user, membership = invitations.accept(token=token, user=outsider)
    assert user == outsider and membership.role == Role.LAESER
    outsider.refresh_from_db()
    assert outsider.check_password("Egen-Kode-123!")
    assert get_user_model().objects.filter(email__iexact="outsider@kommune.dk").count() == 1


def test_a_weak_password_is_refused_by_djangos_validators(plan, school, sekretariat):
    token = token_of(invite_partner(plan, school, sekretariat).link)
    with pytest.raises(AccessError) as error:
        invitations.accept(token=token, password="12345678")
    assert "adgangskode" in error.value.message.lower()
    assert Invitation.objects.get().accepted_at is None
    assert not get_user_model().objects.filter(username="anna.lund@skole.dk").exists()


class ParallelAccept:
    """A password validator that, the first time it runs, lets a second request take the same
    invitation: the moment between the first request reading the link as open and claiming it."""

    token = ""
    done = False

    def validate(self, password, user=None):
        if not ParallelAccept.done:
            ParallelAccept.done = True
            invitations.accept(token=ParallelAccept.token, password="Et-Andet-Kodeord-77")

    def get_help_text(self):
        return ""


def test_two_parallel_accepts_give_one_user_and_one_membership(plan, school, sekretariat):
    token = token_of(invite_partner(plan, school, sekretariat).link)
    ParallelAccept.token, ParallelAccept.done = token, False
    validators = [{"NAME": f"{__name__}.ParallelAccept"}]
    with (
        override_settings(AUTH_PASSWORD_VALIDATORS=validators),
        pytest.raises(InvitationRefused) as refused,
    ):
        invitations.accept(token=token, password=PASSWORD)
    assert refused.value.state == Invitation.State.ACCEPTED
    assert get_user_model().objects.filter(username="anna.lund@skole.dk").count() == 1
    assert (
        PlanMembership.objects.filter(plan=plan, user__username="anna.lund@skole.dk").count() == 1
    )
    # The first to claim it won: its password is the one that works.
    user = get_user_model().objects.get(username="anna.lund@skole.dk")
    assert user.check_password("Et-Andet-Kodeord-77")
