"""Demo expenses and staff hours, made by `helhedsplan demo-data` (helhedsplan.demo.economy)."""

import datetime
from decimal import Decimal

from helhedsplan.demo.economy import delete_economy_demo, generate_economy_demo
from helhedsplan.demo.services import generate_demo_data
from helhedsplan.economy.models import Expense, Financing, StaffHours
from helhedsplan.economy.services import economy_overview

UNTIL = datetime.date(2020, 5, 31)


def generate(plan, seed=1, until=UNTIL):
    delete_economy_demo(plan)
    return generate_economy_demo(plan, seed=seed, until=until)


def dump(plan):
    expenses = sorted(
        (e.focus_area.key if e.focus_area else "", e.month, e.financing, e.amount, e.note)
        for e in Expense.objects.filter(plan=plan, is_demo=True).select_related("focus_area")
    )
    hours = sorted(
        (h.organisation.key, h.month, h.hours)
        for h in StaffHours.objects.filter(plan=plan, is_demo=True).select_related("organisation")
    )
    return expenses, hours


def test_every_month_has_expenses_in_whole_kroner_up_to_until(plan):
    counts = generate(plan)
    assert counts["expenses"] == Expense.objects.filter(is_demo=True).count() > 0
    assert counts["staff_hours"] == StaffHours.objects.filter(is_demo=True).count() > 0
    months = set(Expense.objects.values_list("month", flat=True))
    assert len(months) == 36  # June 2017 to May 2020
    assert min(months) == datetime.date(2017, 6, 1)
    assert max(months) == datetime.date(2020, 5, 1)
    assert all(day.day == 1 for day in months)
    for amount in Expense.objects.values_list("amount", flat=True):
        assert amount > 0
        assert amount == amount.to_integral_value()
    # Both financings, every focus area and the part not assigned to one.
    assert set(Expense.objects.values_list("financing", flat=True)) == set(Financing.values)
    assert Expense.objects.filter(focus_area__isnull=True).exists()
    assert set(Expense.objects.values_list("focus_area", flat=True)) >= set(
        plan.focus_areas.values_list("id", flat=True)
    )


def test_focus_areas_are_ahead_on_pace_and_behind_at_until(plan):
    generate(plan)
    overview = economy_overview(plan, UNTIL)
    paces = [line.pace for line in overview.lines]
    assert {"foran", "i takt", "bagud"} <= set(paces)
    assert overview.total.spent_total > 0
    for line in overview.lines:
        # Spending grows in step with the plan: not all of it in one month.
        assert line.spent_share is not None and line.spent_share > 40


def test_staff_hours_are_near_the_agreed_hours_for_the_responsible_organisations(plan):
    generate(plan)
    overview = economy_overview(plan, UNTIL)
    assert Decimal(85) <= overview.hours_share <= Decimal(115)
    responsible = set(
        plan.activities.filter(responsible_organisation__isnull=False).values_list(
            "responsible_organisation__name", flat=True
        )
    )
    assert {line.organisation_name for line in overview.hours} == responsible
    # Staff hours are not the same every month: there is noise, and July is quiet.
    hours = StaffHours.objects.filter(organisation__key="bysekretariatet")
    assert len(set(hours.values_list("hours", flat=True))) > 10
    july = hours.get(month=datetime.date(2018, 7, 1)).hours
    august = hours.get(month=datetime.date(2018, 8, 1)).hours
    assert july < august


def test_the_same_seed_gives_the_same_economy_and_another_seed_another(plan):
    generate(plan, seed=4)
    first = dump(plan)
    generate(plan, seed=4)
    assert dump(plan) == first
    generate(plan, seed=5)
    assert dump(plan) != first


def test_real_expenses_and_hours_are_never_touched(plan):
    focus = plan.focus_areas.order_by("number").first()
    organisation = plan.organisations.get(key="bysekretariatet")
    real_expense = Expense.objects.create(
        plan=plan,
        focus_area=focus,
        month=datetime.date(2018, 3, 1),
        amount=Decimal("1234.50"),
        financing=Financing.LBF,
        note="Rigtig udgift",
    )
    real_hours = StaffHours.objects.create(
        plan=plan, organisation=organisation, month=datetime.date(2018, 3, 1), hours=Decimal(12)
    )
    first = generate_demo_data(plan=plan, seed=1, until=UNTIL)
    second = generate_demo_data(plan=plan, seed=1, until=UNTIL)
    assert second["deleted_expenses"] == first["expenses"] > 0
    assert second["deleted_staff_hours"] == first["staff_hours"] > 0
    assert Expense.objects.filter(is_demo=False).get() == real_expense
    assert Expense.objects.get(id=real_expense.id).amount == Decimal("1234.50")
    assert StaffHours.objects.filter(is_demo=False).get() == real_hours
    assert Expense.objects.count() == first["expenses"] + 1
    # The real rows keep their history; the demo rows leave none.
    assert Expense.history.filter(id=real_expense.id).exists()
    assert StaffHours.history.filter(id=real_hours.id).exists()
    assert not Expense.history.filter(is_demo=True).exists()
    assert not StaffHours.history.filter(is_demo=True).exists()
