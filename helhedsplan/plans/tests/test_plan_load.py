"""`helhedsplan plan load FILE`: all or nothing, and a replace keeps the plan's identity."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.accounts.models import PlanMembership
from helhedsplan.plans import models as m
from helhedsplan.plans.planfile import PlanFileError
from helhedsplan.plans.services import export_plan, load_plan


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            m.Plan,
            m.Organisation,
            m.Area,
            m.CoverageRule,
            m.Department,
            m.OverallGoal,
            m.FocusArea,
            m.SubAgreement,
            m.SubAgreementParty,
            m.LocalMeasure,
            m.MeasureFigure,
            m.Activity,
            m.SubActivity,
            m.SuccessCriterion,
            m.Body,
            m.Membership,
            m.PlanFileVersion,
        )
    }


def test_load_command_creates_the_plan_and_records_the_file(no_plan, tmp_path, plan_text, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text, encoding="utf-8")
    call_command("plan", "load", str(path))
    assert "er indlæst" in capsys.readouterr().out
    plan = m.Plan.objects.get(slug="randers-nordby-2017-21")
    version = plan.file_versions.get()
    assert version.content == plan_text
    assert version.source_name == "plan.yaml"
    assert len(version.sha256) == 64


def test_an_invalid_file_changes_nothing(plan, tmp_path, plan_text, capsys):
    before = snapshot()
    path = tmp_path / "broken.yaml"
    path.write_text(
        plan_text.replace("name: Hotspot", "name: 12").replace("residents: 3868", "residents: -1")
    )
    with pytest.raises(CommandError) as refused:
        call_command("plan", "load", str(path))
    assert refused.value.returncode == 1
    assert "Intet er gemt" in str(refused.value)
    assert snapshot() == before


def test_a_load_that_fails_midway_leaves_the_database_exactly_as_it_was(
    plan, plan_text, monkeypatch
):
    before = snapshot()
    exported_before = export_plan(plan)
    changed = plan_text.replace("residents: 3868", "residents: 4000")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(m.Membership, "save", explode)  # late in the load: bodies come last
    with pytest.raises(RuntimeError):
        load_plan(text=changed)
    assert snapshot() == before
    plan.refresh_from_db()
    assert plan.residents == 3868
    assert export_plan(plan) == exported_before


def test_replacing_a_plan_keeps_its_identity_and_its_users(plan, plan_text, sekretariat):
    replaced = load_plan(text=plan_text.replace("residents: 3868", "residents: 3900"))
    assert replaced.pk == plan.pk
    assert replaced.residents == 3900
    assert PlanMembership.objects.filter(plan=replaced, user=sekretariat).exists()
    assert replaced.activities.count() == 12
    assert replaced.file_versions.count() == 2


def test_two_plans_live_side_by_side(plan, plan_text):
    other = load_plan(
        text=plan_text.replace("slug: randers-nordby-2017-21", "slug: randers-nordby-2021-25")
    )
    assert other.pk != plan.pk
    assert m.Activity.objects.for_plan(plan).count() == 12
    assert m.Activity.objects.for_plan(other).count() == 12
    # afd. 24 exists in two organisations, in each of the two plans.
    assert m.Department.objects.filter(number=24).count() == 4


def test_validation_errors_raise_before_any_query(db, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(PlanFileError):
        load_plan(text="slug: Not A Slug\n")


def test_deleting_a_plan_removes_its_whole_structure(plan):
    plan.delete()
    assert snapshot() == dict.fromkeys(snapshot(), 0)


def test_an_area_with_departments_cannot_be_deleted_alone(plan):
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):
        plan.areas.get(key="gl-jennumparken").delete()


def _register_on_hotspot(plan):
    import datetime

    from helhedsplan.registrations.services import RegistrationInput, save_registration

    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    return save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=datetime.date(2018, 3, 1),
            kind="contact",
            criteria=[criterion],
            codes=["P-1"],
        ),
    )


def test_reloading_a_plan_in_use_keeps_registrations_and_roles_attached(plan, plan_text, partner):
    registration = _register_on_hotspot(plan)
    membership = PlanMembership.objects.get(user=partner)
    organisation_id = membership.organisation_id
    load_plan(text=plan_text.replace("name: HotSpot Nordbyen", "name: HotSpot i Nordbyen", 1))
    registration.refresh_from_db()
    membership.refresh_from_db()
    assert registration.activity.name == "HotSpot i Nordbyen"
    assert list(registration.criteria.values_list("key", flat=True)) == ["hotspot-kontakt"]
    assert membership.organisation_id == organisation_id


def test_removing_an_activity_that_has_registrations_is_refused_and_changes_nothing(
    plan, plan_text
):
    import yaml

    _register_on_hotspot(plan)
    data = yaml.safe_load(plan_text)
    data["focus_areas"][1]["activities"] = []  # Kriminalpræventiv indsats: only HotSpot
    before = snapshot()
    with pytest.raises(PlanFileError) as error:
        load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    # Its criterion with the registration is the first thing that cannot go.
    assert "«hotspot-kontakt» er fjernet fra planfilen, men der er registreret data på den" in str(
        error.value
    )
    assert snapshot() == before


def test_removing_an_unused_activity_removes_it(plan, plan_text):
    import yaml

    data = yaml.safe_load(plan_text)
    data["focus_areas"][1]["activities"] = []
    load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    assert not plan.activities.filter(key="hotspot").exists()
    assert plan.activities.count() == 11


def test_a_reload_keeps_bodies_and_what_the_app_keeps_on_members(plan, plan_text):
    board = plan.bodies.get(key="bestyrelse")
    member = board.members.order_by("order").first()
    member.email = "formand@example.dk"
    member.save()
    member.delivers_for.add(plan.activities.get(key="hotspot"))
    reloaded = load_plan(text=plan_text.replace("residents: 3868", "residents: 3900"))
    assert reloaded.bodies.get(key="bestyrelse").pk == board.pk
    kept = m.Membership.objects.get(pk=member.pk)
    assert kept.email == "formand@example.dk"
    assert list(kept.delivers_for.values_list("key", flat=True)) == ["hotspot"]
    assert board.members.count() == 8


def test_removing_a_criterion_that_has_registrations_is_refused_and_changes_nothing(
    plan, plan_text
):
    import yaml

    registration = _register_on_hotspot(plan)
    data = yaml.safe_load(plan_text)
    hotspot = data["focus_areas"][1]["activities"][0]
    assert hotspot["key"] == "hotspot"
    hotspot["success_criteria"] = [
        c for c in hotspot["success_criteria"] if c["key"] != "hotspot-kontakt"
    ]
    before = snapshot()
    with pytest.raises(PlanFileError) as error:
        load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    assert "«hotspot-kontakt» er fjernet fra planfilen" in str(error.value)
    assert snapshot() == before
    assert list(registration.criteria.values_list("key", flat=True)) == ["hotspot-kontakt"]


def test_a_member_renamed_in_the_file_keeps_what_the_app_keeps_on_them(plan, plan_text, partner):
    import yaml

    board = plan.bodies.get(key="bestyrelse")
    member = board.members.order_by("order")[1]
    member.email = "naestformand@example.dk"
    member.user = partner
    member.save()
    data = yaml.safe_load(plan_text)
    entry = next(b for b in data["bodies"] if b["key"] == "bestyrelse")["members"][1]
    assert entry["role"] == member.role
    entry["name"] = "Et nyt navn"
    load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    renamed = m.Membership.objects.get(pk=member.pk)
    assert renamed.name == "Et nyt navn"
    assert (renamed.email, renamed.user) == ("naestformand@example.dk", partner)
    assert board.members.count() == 8
