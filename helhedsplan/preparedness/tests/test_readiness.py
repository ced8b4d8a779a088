import datetime

import pytest
from django.utils import timezone

from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Body
from helhedsplan.preparedness.models import Activation, Contact, IncidentType
from helhedsplan.preparedness.services import (
    ensure_contacts,
    last_plan_year,
    readiness,
    tel_links,
)

TODAY = datetime.date(2026, 11, 26)  # after the plan's end: its last year 2020/21 is checked
MEMBERS = [
    "Peter Larsen",
    "Claus Hansen",
    "Allan Aarslev",
    "Lene Gorm Jørgensen",
    "Louise Hou Kragh",
    "Peder Petersen",
]
DEPUTIES = {"Niels Jørgensen": "Allan Aarslev", "Else-Marie Revsbeck": "Lene Gorm Jørgensen"}
PRESS = ["Pia Hesselvig", "Kenneth Taylor Hansen"]
RESOURCES = [
    "Brandvæsnet",
    "Daginstitutioner",
    "Skolen",
    "Opsøgende medarbejdere",
    "Klubmedarbejdere",
    "Viceværter",
]
# The people who must be reachable, in the plan's order: each deputy under the member.
PEOPLE = [
    *MEMBERS[:3],
    "Niels Jørgensen",
    MEMBERS[3],
    "Else-Marie Revsbeck",
    *MEMBERS[4:],
    *PRESS,
]
WITHOUT_DEPUTY = ["Peter Larsen", "Claus Hansen", "Louise Hou Kragh", "Peder Petersen"]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def held_status_meeting(plan, day: datetime.date) -> Meeting:
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(kind=Body.Kind.PREPAREDNESS),
        starts_at=_at(day),
        status=Meeting.Status.HELD,
    )


def fill_everything(plan, today: datetime.date = TODAY) -> None:
    """What the secretariat does to make the demo plan's beredskab ready."""
    ensure_contacts(plan)
    for number, member in enumerate(
        Contact.objects.filter(plan=plan, kind=Contact.Kind.MEMBER, deputies__isnull=True)
    ):
        Contact.objects.create(
            plan=plan,
            kind=Contact.Kind.DEPUTY,
            role=f"Suppleant for {member.name}",
            name=f"Suppleant {number + 1}",
            deputy_for=member,
        )
    for number, contact in enumerate(Contact.objects.filter(plan=plan)):
        contact.phone = f"20 21 82 {number:02d}"
        contact.confirmed_on = today
        contact.save()
    year = last_plan_year(plan, today)
    held_status_meeting(plan, year.start + datetime.timedelta(days=30))
    Activation.objects.filter(plan=plan, status=Activation.Status.CLOSED).update(
        evaluation="Beredskabet virkede.", evaluated_at=timezone.now()
    )


def closed_activation(plan, **fields) -> Activation:
    return Activation.objects.create(
        plan=plan,
        incident_type=IncidentType.ARSON,
        occurred_at=_at(datetime.date(2020, 3, 2)),
        description="Ild i en container.",
        status=Activation.Status.CLOSED,
        closed_at=_at(datetime.date(2020, 3, 3)),
        **fields,
    )


def test_ensure_contacts_makes_the_people_of_the_demo_plan(plan):
    assert ensure_contacts(plan) == 16
    by_kind = {
        kind: list(
            Contact.objects.filter(plan=plan, kind=kind).values_list("name", "role", "level")
        )
        for kind in Contact.Kind.values
    }
    assert [name for name, _, _ in by_kind["member"]] == MEMBERS
    assert {name for name, _, _ in by_kind["deputy"]} == set(DEPUTIES)
    assert [name for name, _, _ in by_kind["press"]] == PRESS
    assert [role for _, role, _ in by_kind["resource"]] == RESOURCES
    assert {level for _, _, level in by_kind["resource"]} == {"executing"}
    assert {level for _, _, level in by_kind["member"]} == {"coordinating"}
    press = Contact.objects.get(plan=plan, name="Pia Hesselvig")
    assert (press.role, press.organisation.name) == ("Forretningsfører", "Lejerbo")


def test_each_deputy_is_linked_to_the_member_named_in_the_role(plan):
    ensure_contacts(plan)
    for deputy, member in DEPUTIES.items():
        assert Contact.objects.get(plan=plan, name=deputy).deputy_for.name == member


def test_ensure_contacts_is_idempotent_and_keeps_what_was_edited(plan):
    ensure_contacts(plan)
    allan = Contact.objects.get(plan=plan, name="Allan Aarslev")
    allan.phone = "22 70 12 26"
    allan.save()
    Contact.objects.filter(plan=plan, role="Skolen").delete()
    assert ensure_contacts(plan) == 0
    assert Contact.objects.filter(plan=plan).count() == 15
    assert Contact.objects.get(pk=allan.pk).phone == "22 70 12 26"


def test_the_check_names_every_gap_of_the_demo_plan(plan):
    ensure_contacts(plan)
    gaps = readiness(plan, TODAY)
    named = [(gap.code, gap.contact.name if gap.contact else None) for gap in gaps]
    assert named == [
        *[("phone_missing", name) for name in PEOPLE],
        *[("deputy_missing", name) for name in WITHOUT_DEPUTY],
        *[("confirmation_missing", name) for name in PEOPLE],
        ("status_meeting_missing", None),
    ]
    assert (
        gaps[0].text == "Peter Larsen (Afdelingsleder og SSP-koordinator) mangler et telefonnummer."
    )
    assert gaps[-1].text == (
        "Beredskabsstyregruppen har ikke holdt sit årlige statusmøde i planåret 2020/21."
    )
    # Resources are called in through the group: no phone or confirmation is demanded of them.
    assert not [gap for gap in gaps if gap.contact and gap.contact.kind == "resource"]


def test_the_check_is_empty_once_every_gap_is_filled(plan):
    closed_activation(plan)
    fill_everything(plan)
    assert readiness(plan, TODAY) == []


def test_a_confirmation_older_than_twelve_months_is_a_gap(plan):
    fill_everything(plan)
    Contact.objects.filter(plan=plan, name="Claus Hansen").update(
        confirmed_on=datetime.date(2025, 11, 25)
    )
    Contact.objects.filter(plan=plan, name="Peter Larsen").update(
        confirmed_on=datetime.date(2025, 11, 26)
    )
    gaps = readiness(plan, TODAY)
    assert [(g.code, g.contact.name) for g in gaps] == [("confirmation_old", "Claus Hansen")]
    assert "25.11.2025" in gaps[0].text


def test_an_activation_closed_without_evaluation_is_a_gap(plan):
    fill_everything(plan)
    activation = closed_activation(plan)
    Activation.objects.create(
        plan=plan,
        incident_type=IncidentType.THREATS,
        occurred_at=_at(datetime.date(2020, 4, 1)),
        description="Stadig åben.",
    )
    gaps = readiness(plan, TODAY)
    assert [(g.code, g.activation) for g in gaps] == [("evaluation_missing", activation)]
    assert "afsluttet, men ikke evalueret" in gaps[0].text


def test_a_member_without_a_deputy_is_a_gap_until_one_is_added(plan):
    fill_everything(plan)
    Contact.objects.filter(plan=plan, name="Else-Marie Revsbeck").update(deputy_for=None)
    gaps = readiness(plan, TODAY)
    assert [(g.code, g.contact.name) for g in gaps] == [("deputy_missing", "Lene Gorm Jørgensen")]


@pytest.mark.parametrize(
    ("today", "label"),
    [
        pytest.param(datetime.date(2018, 5, 31), None, id="nothing is due in the first year"),
        pytest.param(datetime.date(2018, 6, 1), "2017/18", id="the first year, once it is over"),
        pytest.param(datetime.date(2020, 1, 15), "2018/19", id="the year before today's"),
        pytest.param(datetime.date(2021, 5, 31), "2019/20", id="on the plan's last day"),
        pytest.param(datetime.date(2021, 6, 1), "2020/21", id="the last year once it has ended"),
    ],
)
def test_the_status_meeting_is_checked_in_the_last_completed_plan_year(plan, today, label):
    year = last_plan_year(plan, today)
    assert (year.label if year else None) == label


def test_only_a_held_meeting_of_the_preparedness_group_in_that_year_counts(plan):
    fill_everything(plan)
    Meeting.objects.all().delete()
    other = plan.bodies.exclude(kind=Body.Kind.PREPAREDNESS).first()
    Meeting.objects.create(
        plan=plan, body=other, starts_at=_at(datetime.date(2020, 9, 1)), status="held"
    )
    group = plan.bodies.get(kind=Body.Kind.PREPAREDNESS)
    Meeting.objects.create(
        plan=plan, body=group, starts_at=_at(datetime.date(2020, 9, 1)), status="planned"
    )
    held_status_meeting(plan, datetime.date(2020, 5, 31))  # plan year 2019/20
    assert [g.code for g in readiness(plan, TODAY)] == ["status_meeting_missing"]
    held_status_meeting(plan, datetime.date(2021, 5, 31))
    assert readiness(plan, TODAY) == []


def test_the_check_takes_a_fixed_number_of_queries(plan, django_assert_num_queries):
    fill_everything(plan)
    for day in range(1, 6):
        closed_activation(plan)
        Contact.objects.create(plan=plan, kind="member", role=f"Medlem {day}")
    with django_assert_num_queries(3):
        gaps = readiness(plan, TODAY)
    assert len(gaps) == 5 * 3 + 5  # each new member: phone, deputy, confirmation; evaluations


def test_a_plan_without_a_preparedness_group_says_so(plan):
    plan.bodies.filter(kind=Body.Kind.PREPAREDNESS).delete()
    plan.preparedness = {}
    plan.save()
    assert ensure_contacts(plan) == 0
    codes = [gap.code for gap in readiness(plan, TODAY)]
    assert codes == ["members_missing", "status_meeting_missing"]


def test_two_numbers_in_one_phone_field_make_two_links():
    assert tel_links("89122924/20758355") == [
        ("89122924", "tel:89122924"),
        ("20758355", "tel:20758355"),
    ]
    assert tel_links("+45 42 14 86 00") == [("+45 42 14 86 00", "tel:+4542148600")]
    assert tel_links("") == []
