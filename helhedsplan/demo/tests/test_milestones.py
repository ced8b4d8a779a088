"""Demo milestone plans, made by `helhedsplan demo-data` (helhedsplan.demo.milestones)."""

import datetime

from helhedsplan.core.periods import plan_years
from helhedsplan.demo.milestones import delete_milestone_demo, generate_milestone_demo
from helhedsplan.demo.services import generate_demo_data
from helhedsplan.progress.milestones import overdue
from helhedsplan.progress.models import Milestone

UNTIL = datetime.date(2020, 2, 15)


def generate(plan, seed=1, until=UNTIL):
    delete_milestone_demo(plan)
    return generate_milestone_demo(plan, seed=seed, until=until)


def dump(plan):
    return sorted(
        (m.activity.key, m.month, m.title, m.owner, m.status, m.note)
        for m in Milestone.objects.filter(plan=plan, is_demo=True).select_related("activity")
    )


def test_every_activity_has_three_to_five_milestones_in_every_plan_year_begun(plan):
    count = generate(plan)
    assert count == Milestone.objects.filter(is_demo=True).count() > 0
    years = [y for y in plan_years(plan.start, plan.end) if y.start <= UNTIL]
    assert len(years) == 3
    for activity in plan.activities.all():
        for year in years:
            in_year = Milestone.objects.filter(
                activity=activity, month__range=(year.start, year.end)
            )
            assert 3 <= in_year.count() <= 5, (activity.key, year.label)
            assert len(set(in_year.values_list("month", flat=True))) == in_year.count()
    # No milestone plan yet for the year that has not begun.
    assert not Milestone.objects.filter(month__gt=years[-1].end).exists()


def test_statuses_follow_the_until_date(plan):
    generate(plan)
    this_month = UNTIL.replace(day=1)
    past = Milestone.objects.filter(month__lt=this_month)
    future = Milestone.objects.filter(month__gt=this_month)
    assert past.filter(status=Milestone.Status.DONE).count() > past.count() * 0.7
    assert Milestone.objects.filter(status=Milestone.Status.CANCELLED).exists()
    assert future.exists()
    assert not future.filter(status=Milestone.Status.DONE).exists()
    assert future.filter(status=Milestone.Status.PLANNED).count() > future.count() * 0.9
    late = overdue(plan, UNTIL).count()
    assert 0 < late < past.count() * 0.2


def test_owner_is_the_responsible_organisation_or_the_secretariat(plan):
    generate(plan)
    for milestone in Milestone.objects.select_related("activity__responsible_organisation"):
        organisation = milestone.activity.responsible_organisation
        assert milestone.owner in {
            "Bysekretariatet",
            organisation.name if organisation else "Bysekretariatet",
        }
    assert Milestone.objects.filter(owner="Randers Produktionshøjskole").exists()
    titles = set(Milestone.objects.values_list("title", flat=True))
    assert "Nyt hold i familieklassen starter" in titles or (
        "Forældremøde i familieklassen" in titles
    )


def test_the_same_seed_gives_the_same_milestones(plan):
    generate(plan, seed=3)
    first = dump(plan)
    generate(plan, seed=3)
    assert dump(plan) == first
    generate(plan, seed=4)
    assert dump(plan) != first


def test_real_milestones_are_never_touched(plan):
    activity = plan.activities.get(key="hotspot")
    real = Milestone.objects.create(
        plan=plan,
        activity=activity,
        month=datetime.date(2018, 9, 1),
        title="Rigtig milepæl",
        status=Milestone.Status.PLANNED,
    )
    first = generate_demo_data(plan=plan, seed=1, until=UNTIL)
    second = generate_demo_data(plan=plan, seed=1, until=UNTIL)
    assert second["deleted_milestones"] == first["milestones"] > 0
    kept = Milestone.objects.get(is_demo=False)
    assert kept == real and kept.title == "Rigtig milepæl" and kept.status == "planned"
    assert Milestone.objects.count() == first["milestones"] + 1
    assert Milestone.history.filter(id=real.id).exists()
    assert not Milestone.history.filter(is_demo=True).exists()
