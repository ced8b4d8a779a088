"""A partner registers for its organisation's activities plus those named on its access."""

from django.urls import reverse

from helhedsplan.accounts import invitations, memberships
from helhedsplan.accounts.access import PlanAccess
from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.accounts.tests.conftest import OTHER_ACTIVITY, SCHOOL_ACTIVITY, SLUG, token_of
from helhedsplan.conftest import PASSWORD
from helhedsplan.registrations.models import Registration

CREATE_OTHER = reverse("registrations:create", args=[SLUG, OTHER_ACTIVITY])


def registration_form(criterion):
    return {
        "date": "2019-02-14",
        "kind": "contact",
        "count": "1",
        "criteria": [criterion.pk],
        "age_band": "",
        "gender": "",
        "note": "",
        "codes": "",
        "completed_codes": "",
        "participants": "",
        "completed": "",
    }


def test_an_explicit_activity_lets_a_partner_register_for_it(client, plan, partner, sekretariat):
    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    assert client.login(username="partner", password=PASSWORD)
    assert client.get(CREATE_OTHER).status_code == 404
    membership = PlanMembership.objects.get(plan=plan, user=partner)
    memberships.change_role(
        membership=membership,
        role=Role.PARTNER,
        organisation=membership.organisation,
        activities=[hotspot],
        by=sekretariat,
    )
    assert client.get(CREATE_OTHER).status_code == 200
    criterion = hotspot.success_criteria.order_by("pk").first()
    response = client.post(CREATE_OTHER, registration_form(criterion))
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = Registration.objects.get()
    assert registration.activity == hotspot and registration.registered_by == partner
    # Its organisation's own activity is still its own.
    own = reverse("registrations:create", args=[SLUG, SCHOOL_ACTIVITY])
    assert client.get(own).status_code == 200


def test_the_explicit_activities_come_from_the_invitation(plan, school, sekretariat):
    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    invited = invitations.invite(
        plan=plan,
        email="anna@skole.dk",
        role=Role.PARTNER,
        organisation=school,
        activities=[hotspot],
        by=sekretariat,
    )
    user, _ = invitations.accept(token=token_of(invited.link), password="Gule-Roser-i-Nordbyen-42")
    access = PlanAccess(plan=plan, role=Role.PARTNER, organisation_id=school.id, user_id=user.id)
    assert access.may_register_for(hotspot)
    assert access.may_register_for(plan.activities.get(key=SCHOOL_ACTIVITY))
    assert not access.may_register_for(plan.activities.get(key="naboskab"))


def test_explicit_activities_give_nothing_to_another_partner(plan, partner, sekretariat):
    from helhedsplan.accounts.services import ensure_member

    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    membership = PlanMembership.objects.get(plan=plan, user=partner)
    membership.activities.set([hotspot])
    colleague = ensure_member(
        plan=plan,
        username="kollega",
        role=Role.PARTNER,
        password=PASSWORD,
        organisation=membership.organisation,
    )
    access = PlanAccess(
        plan=plan,
        role=Role.PARTNER,
        organisation_id=membership.organisation_id,
        user_id=colleague.id,
    )
    assert not access.may_register_for(hotspot)


def test_a_partner_without_an_organisation_delivers_only_what_its_access_names(
    plan, partner, django_user_model
):
    membership = PlanMembership.objects.get(plan=plan, user=partner)
    membership.organisation = None
    membership.save()
    access = PlanAccess(plan=plan, role=Role.PARTNER, organisation_id=None, user_id=partner.id)
    # Not the activities that no organisation is responsible for.
    assert access.activity_ids() == frozenset()
    hotspot = plan.activities.get(key=OTHER_ACTIVITY)
    membership.activities.set([hotspot])
    access = PlanAccess(plan=plan, role=Role.PARTNER, organisation_id=None, user_id=partner.id)
    assert access.activity_ids() == frozenset({hotspot.id})
