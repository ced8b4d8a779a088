"""Starting a plan: templates, the successor of a plan, the creating user's role, in force."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.planning.creation import (
    CreationError,
    create_plan,
    mark_in_force,
    plan_end,
    successor_data,
    successor_name,
    successor_text,
    template_text,
)
from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import PlanFileError, validate_text
from helhedsplan.plans.services import export_plan, plan_as_data
from helhedsplan.registrations.models import Measurement, Registration

START = datetime.date(2021, 6, 1)
LBF_AREAS = [
    ("uddannelse-og-livschancer", "Uddannelse og livschancer"),
    ("beskaeftigelse", "Beskæftigelse"),
    ("kriminalitetsforebyggelse", "Kriminalitetsforebyggelse"),
    ("sammenhaengskraft-og-medborgerskab", "Sammenhængskraft og medborgerskab"),
]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            m.Plan,
            m.Organisation,
            m.FocusArea,
            m.LocalMeasure,
            m.Activity,
            m.SuccessCriterion,
            m.Body,
            m.Membership,
            m.PlanFileVersion,
            PlanMembership,
        )
    }


@pytest.mark.parametrize("template", ["lbf-2019", "empty"])
def test_every_template_is_a_valid_plan_file_with_the_plans_own_names(template):
    text = template_text(template, slug="nordby-2021-25", name='Nordby: "2021-25"', start=START)
    plan_in, _ = validate_text(text)
    assert plan_in.slug == "nordby-2021-25"
    assert plan_in.name == 'Nordby: "2021-25"'
    assert (plan_in.period.start, plan_in.period.end) == (START, datetime.date(2025, 5, 31))


def test_the_lbf_template_has_the_four_focus_areas_two_bodies_and_a_secretariat():
    plan_in, _ = validate_text(template_text("lbf-2019", slug="ny", name="Ny", start=START))
    assert [(f.number, f.key, f.name) for f in plan_in.focus_areas] == [
        (i + 1, key, name) for i, (key, name) in enumerate(LBF_AREAS)
    ]
    assert all(f.budget.lbf == f.budget.local == 0 and f.purpose for f in plan_in.focus_areas)
    assert [(b.key, b.kind, b.meets_per_year, b.members) for b in plan_in.bodies] == [
        ("bestyrelse", "board", 2, []),
        ("styregruppe", "steering_group", 3, []),
    ]
    assert all(b.meeting_rule and b.purpose for b in plan_in.bodies)
    assert plan_in.secretariat == "sekretariat"
    assert [(o.key, o.kind, o.name) for o in plan_in.organisations] == [
        ("sekretariat", "other", "Sekretariatet")
    ]


def test_an_unknown_template_is_named_in_danish():
    with pytest.raises(CreationError, match="Skabelonen «lbf-2030» findes ikke"):
        template_text("lbf-2030", slug="ny", name="Ny", start=START)


def test_a_plan_runs_four_plan_years():
    assert plan_end(datetime.date(2021, 6, 1)) == datetime.date(2025, 5, 31)
    assert plan_end(datetime.date(2024, 2, 29)) == datetime.date(2028, 2, 28)


def test_the_successors_name_carries_the_new_years(plan):
    assert successor_name(plan, START) == "Boligsocial helhedsplan for Randers Nordby 2021-25"
    plan.name = "Helhedsplan Nordby 2017-2021"
    assert successor_name(plan, START) == "Helhedsplan Nordby 2021-2025"
    plan.name = "Helhedsplan Nordby"
    assert successor_name(plan, START) == "Helhedsplan Nordby (2021-25)"


def test_a_template_plan_is_created_as_a_draft_and_its_creator_is_its_secretariat(db):
    user = get_user_model().objects.create_user(username="leder")
    text = template_text("lbf-2019", slug="nordby-2021-25", name="Nordby 2021-25", start=START)
    plan = create_plan(text=text, user=user, source_name="skabelon lbf-2019")
    assert plan.status == m.Plan.Status.DRAFT
    membership = PlanMembership.objects.get(plan=plan)
    assert (membership.user, membership.role) == (user, Role.SEKRETARIAT)
    assert membership.organisation == plan.secretariat
    assert plan.file_versions.get().loaded_by == "leder"
    assert plan.focus_areas.count() == 4


def test_an_existing_short_name_is_refused_and_nothing_changes(plan, sekretariat):
    before = counts()
    exported = export_plan(plan)
    text = template_text("empty", slug=plan.slug, name="Erstatning", start=START)
    with pytest.raises(CreationError, match="Der findes allerede en plan med det korte navn"):
        create_plan(text=text, user=sekretariat)
    assert counts() == before
    plan.refresh_from_db()
    assert export_plan(plan) == exported
    assert plan.status == m.Plan.Status.IN_FORCE


def test_an_invalid_file_names_its_problems_and_saves_nothing(db):
    before = counts()
    text = template_text("empty", slug="ny", name="Ny", start=START).replace(
        "budget: {lbf: 0, local: 0}", "budget: {lbf: -1, local: x}"
    )
    with pytest.raises(PlanFileError) as error:
        create_plan(text=text, user=None)
    assert [p.path for p in error.value.problems] == ["budget.lbf", "budget.local"]
    assert counts() == before


def test_a_plan_may_not_be_its_own_predecessor(db):
    text = template_text("empty", slug="ny", name="Ny", start=START) + "predecessor: ny\n"
    with pytest.raises(PlanFileError) as error:
        validate_text(text)
    assert [(p.path, p.message) for p in error.value.problems] == [
        ("predecessor", "en plan kan ikke afløse sig selv")
    ]


def test_a_predecessor_not_in_the_installation_is_left_empty(db):
    text = template_text("empty", slug="ny", name="Ny", start=START) + "predecessor: findes-ikke\n"
    plan = create_plan(text=text)
    assert plan.predecessor is None
    assert "predecessor" not in plan_as_data(plan)


@pytest.fixture
def measured(plan):
    """Two measurements of one local measure, the newest second; and a registration."""
    measure = plan.local_measures.get(key="klagesager")
    criterion = plan.success_criteria.first()
    Measurement.objects.create(
        plan=plan, local_measure=measure, date=datetime.date(2020, 10, 1), value=50, source="x"
    )
    Measurement.objects.create(
        plan=plan,
        local_measure=measure,
        date=datetime.date(2021, 3, 31),
        period="2020/21-T3",
        value=Decimal("48.5"),
        source="RandersBolig",
    )
    Measurement.objects.create(
        plan=plan, criterion=criterion, date=datetime.date(2021, 4, 1), value=3, source="x"
    )
    Registration.objects.create(
        plan=plan,
        activity=criterion.activity,
        date=datetime.date(2020, 9, 1),
        kind="event",
        count=1,
    )
    return plan


def _measure(data, key):
    return next(
        lm for f in data["focus_areas"] for lm in f.get("local_measures", []) if lm["key"] == key
    )


def test_the_successor_copies_the_structure_and_moves_dates_on_by_whole_years(measured):
    old = plan_as_data(measured)
    new = successor_data(
        measured, slug="randers-nordby-2021-25", name="Nordby 2021-25", start=START
    )
    assert (new["slug"], new["name"], new["predecessor"]) == (
        "randers-nordby-2021-25",
        "Nordby 2021-25",
        "randers-nordby-2017-21",
    )
    assert new["period"] == {"start": START, "end": datetime.date(2025, 5, 31)}
    for key in ("organisations", "areas", "departments", "overall_goals", "bodies", "budget"):
        assert new[key] == old[key], key
    for before, after in zip(old["focus_areas"], new["focus_areas"], strict=True):
        assert after["activities"] == before["activities"]
        assert after["budget"] == before["budget"]
        assert after["valid"] == {
            "start": before["valid"]["start"].replace(year=before["valid"]["start"].year + 4),
            "end": before["valid"]["end"].replace(year=before["valid"]["end"].year + 4),
        }
        for lm_before, lm_after in zip(
            before["local_measures"], after["local_measures"], strict=True
        ):
            assert lm_after["target"]["year"] == lm_before["target"]["year"] + 4
    # Measures without measurements keep their old baselines (and the text on them).
    assert _measure(new, "fraflytning")["baselines"] == _measure(old, "fraflytning")["baselines"]
    assert _measure(new, "fraflytning")["baseline_text"]


def test_the_successors_baseline_is_proposed_from_the_latest_measurement(measured):
    new = successor_data(measured, slug="ny", name="Ny", start=START)
    measure = _measure(new, "klagesager")
    assert measure["baselines"] == [
        {
            "period": "2020/21-T3",
            "value": 48.5,
            "note": "Foreslået ud fra seneste måling i Boligsocial helhedsplan for Randers "
            "Nordby 2017-21 (31. marts 2021): ret den, når den endelige baseline kendes.",
        }
    ]
    assert "baseline_text" not in measure


def test_a_measurement_without_a_period_proposes_its_year(plan):
    measure = plan.local_measures.get(key="fraflytning")
    Measurement.objects.create(
        plan=plan, local_measure=measure, date=datetime.date(2020, 12, 31), value=12, source="x"
    )
    baseline = _measure(successor_data(plan, slug="ny", name="Ny", start=START), "fraflytning")
    assert baseline["baselines"][0]["period"] == "2020"
    assert baseline["baselines"][0]["value"] == 12


def test_the_successor_is_built_with_a_fixed_number_of_queries(
    measured, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        successor_data(measured, slug="ny", name="Ny", start=START)


def test_a_created_successor_has_no_registrations_measurements_or_other_peoples_access(
    measured, sekretariat, partner
):
    text = successor_text(measured, slug="randers-nordby-2021-25", name="Ny", start=START)
    new = create_plan(text=text, user=sekretariat, member_details_from=measured)
    assert new.predecessor == measured
    assert new.status == m.Plan.Status.DRAFT
    assert Registration.objects.filter(plan=new).count() == 0
    assert Measurement.objects.filter(plan=new).count() == 0
    assert list(
        PlanMembership.objects.filter(plan=new).values_list("user__username", flat=True)
    ) == ["sekretariat"]
    assert new.activities.count() == measured.activities.count()
    assert new.success_criteria.count() == measured.success_criteria.count()
    assert new.local_measures.count() == measured.local_measures.count()
    assert m.Membership.objects.filter(body__plan=new).count() == (
        m.Membership.objects.filter(body__plan=measured).count()
    )
    # The old plan is untouched.
    assert Registration.objects.filter(plan=measured).count() == 1
    assert Measurement.objects.filter(plan=measured).count() == 3


def test_body_members_keep_the_email_and_login_the_app_keeps_on_them(plan, sekretariat):
    chair = m.Membership.objects.get(body__plan=plan, body__key="bestyrelse", name="Michael Maaløe")
    chair.email = "mm@example.org"
    chair.user = sekretariat
    chair.save()
    text = successor_text(plan, slug="ny", name="Ny", start=START)
    new = create_plan(text=text, user=sekretariat, member_details_from=plan)
    copied = m.Membership.objects.get(body__plan=new, body__key="bestyrelse", name="Michael Maaløe")
    assert (copied.email, copied.user) == ("mm@example.org", sekretariat)
    assert m.Membership.objects.filter(body__plan=new).exclude(email="").count() == 1


def test_the_created_successor_exports_exactly_the_data_it_was_made_from(measured):
    data = successor_data(measured, slug="ny-plan", name="Ny", start=START)
    new = create_plan(text=successor_text(measured, slug="ny-plan", name="Ny", start=START))
    assert plan_as_data(new) == data


# --- in force --------------------------------------------------------------------------------

TODAY = datetime.date(2021, 9, 1)


@pytest.fixture
def draft(db):
    return create_plan(text=template_text("empty", slug="udkast", name="Udkast", start=START))


def test_a_draft_goes_in_force_with_both_dates_and_the_history_says_who(draft, sekretariat):
    mark_in_force(
        draft,
        board_approved_on=datetime.date(2021, 5, 10),
        lbf_approved_on=datetime.date(2021, 6, 20),
        user=sekretariat,
        today=TODAY,
    )
    draft.refresh_from_db()
    assert draft.status == m.Plan.Status.IN_FORCE
    assert (draft.board_approved_on, draft.lbf_approved_on) == (
        datetime.date(2021, 5, 10),
        datetime.date(2021, 6, 20),
    )
    assert draft.status_changed_by == sekretariat
    latest = draft.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "in_force",
        sekretariat,
        "Sat i kraft",
    )
    assert draft.history.filter(status="draft").exists()


@pytest.mark.parametrize(
    ("board", "lbf", "message"),
    [
        (None, datetime.date(2021, 6, 1), "bestyrelsens godkendelse"),
        (datetime.date(2021, 6, 1), None, "Landsbyggefondens godkendelse"),
        (datetime.date(2021, 9, 2), datetime.date(2021, 9, 2), "Bestyrelsens godkendelse kan ikke"),
        (datetime.date(2021, 6, 1), datetime.date(2021, 9, 2), "Landsbyggefondens godkendelse kan"),
        (datetime.date(2021, 6, 1), datetime.date(2021, 5, 31), "kan ikke ligge før bestyrelsens"),
    ],
)
def test_in_force_needs_both_dates_in_order_and_not_in_the_future(draft, board, lbf, message):
    with pytest.raises(CreationError, match=message):
        mark_in_force(draft, board_approved_on=board, lbf_approved_on=lbf, today=TODAY)
    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.board_approved_on is None


def test_the_same_day_for_board_and_lbf_is_accepted(draft):
    day = datetime.date(2021, 6, 1)
    mark_in_force(draft, board_approved_on=day, lbf_approved_on=day, today=TODAY)
    assert not draft.is_draft


def test_a_plan_in_force_cannot_be_put_in_force_again(plan):
    with pytest.raises(CreationError, match="allerede i kraft"):
        mark_in_force(
            plan,
            board_approved_on=datetime.date(2021, 5, 1),
            lbf_approved_on=datetime.date(2021, 5, 2),
            today=TODAY,
        )
    plan.refresh_from_db()
    assert plan.board_approved_on is None


def test_a_successor_states_counts_persons_for_every_count_as_its_predecessor_does(
    plan, sekretariat
):
    # A value changed in the app (the editor, the admin) is what the copy carries on.
    plan.success_criteria.filter(key="nussa-forloeb").update(counts_persons=True)
    text = successor_text(plan, slug="randers-nordby-2021-25", name="Ny", start=START)
    new = create_plan(text=text, user=sekretariat)
    counts = {"kind": m.SuccessCriterion.Kind.COUNT}
    old = dict(plan.success_criteria.filter(**counts).values_list("key", "counts_persons"))
    copied = dict(new.success_criteria.filter(**counts).values_list("key", "counts_persons"))
    assert copied == old
    assert (copied["nussa-forloeb"], copied["hotspot-gruppeforloeb-antal"]) == (True, False)
    assert copied["familie-raadgivningsforloeb"] is True
