import datetime
from decimal import Decimal

import pytest

from helhedsplan.economy.models import Expense, StaffHours
from helhedsplan.economy.services import economy_overview, pace_status

AS_OF = datetime.date(2019, 5, 31)  # 730 of 1461 days: 50,0 % of the plan period


def _expense(plan, key, month, amount, financing="lbf"):
    focus = plan.focus_areas.get(key=key) if key else None
    return Expense.objects.create(
        plan=plan,
        focus_area=focus,
        month=datetime.date.fromisoformat(month),
        amount=Decimal(amount),
        financing=financing,
    )


@pytest.fixture
def spending(plan):
    _expense(plan, "tryghed-og-trivsel", "2017-06-01", "80000")
    _expense(plan, "tryghed-og-trivsel", "2018-01-01", "25000", "local")
    _expense(plan, "tryghed-og-trivsel", "2018-02-01", "-5000")  # a correction
    _expense(plan, "uddannelse-og-beskaeftigelse", "2018-03-01", "3000000")
    _expense(plan, "uddannelse-og-beskaeftigelse", "2019-05-01", "1000000", "local")
    _expense(plan, "", "2018-09-01", "700000")  # not assigned to a focus area
    _expense(plan, "tryghed-og-trivsel", "2019-06-01", "999999")  # after the as-of date
    return plan


def _line(overview, label_start):
    return next(line for line in overview.lines if line.label.startswith(label_start))


def test_budgets_follow_the_plan_and_the_unassigned_part(plan):
    overview = economy_overview(plan, AS_OF)
    assert overview.total.budget_lbf == 16_055_000
    assert overview.total.budget_local == 13_086_000
    assert overview.total.budget_total == 29_141_000
    unassigned = overview.lines[-1]
    assert unassigned.label == "Ikke fordelt på indsatsområder"
    assert (unassigned.budget_lbf, unassigned.budget_local) == (569_000, 291_000)
    assert unassigned.budget_total == 860_000
    assert sum(line.budget_total for line in overview.lines) == 29_141_000
    assert _line(overview, "1.").budget_total == 4_307_000
    assert overview.elapsed_share == Decimal("50.0")


def test_spent_remaining_and_pace(spending):
    overview = economy_overview(spending, AS_OF)
    safety = _line(overview, "1.")
    assert (safety.spent_lbf, safety.spent_local) == (75_000, 25_000)
    assert safety.remaining == 4_207_000
    assert safety.spent_share == Decimal("2.3")
    assert safety.pace == "bagud"
    education = next(line for line in overview.lines if "Uddannelse" in line.label)
    assert education.spent_total == 4_000_000
    assert education.spent_share == Decimal("48.2")
    assert education.pace == "i takt"
    unassigned = overview.lines[-1]
    assert unassigned.spent_lbf == 700_000
    assert unassigned.spent_share == Decimal("81.4")
    assert unassigned.pace == "foran"
    assert overview.total.spent_total == 4_800_000
    assert overview.total.remaining == 29_141_000 - 4_800_000


def test_pace_follows_the_date(spending):
    # On 31 May 2018 a quarter of the period has gone; the education spending is ahead of it.
    early = economy_overview(spending, datetime.date(2018, 5, 31))
    education = next(line for line in early.lines if "Uddannelse" in line.label)
    assert early.elapsed_share == Decimal("25.0")
    assert education.spent_total == 3_000_000
    assert education.pace == "foran"


@pytest.mark.parametrize(
    ("spent", "elapsed", "status"),
    [
        (Decimal("50"), Decimal("50"), "i takt"),
        (Decimal("60"), Decimal("50"), "i takt"),
        (Decimal("60.1"), Decimal("50"), "foran"),
        (Decimal("39.9"), Decimal("50"), "bagud"),
        (None, Decimal("50"), "intet budget"),
    ],
)
def test_pace_status(spent, elapsed, status):
    assert pace_status(spent, elapsed) == status


def test_staff_hours_against_the_plan(plan):
    organisation = plan.organisations.first()
    for month, hours in (("2017-06-01", "100"), ("2017-07-01", "50.5"), ("2020-01-01", "7")):
        StaffHours.objects.create(
            plan=plan,
            organisation=organisation,
            month=datetime.date.fromisoformat(month),
            hours=Decimal(hours),
        )
    overview = economy_overview(plan, datetime.date(2017, 7, 12))  # six weeks
    assert [(h.organisation_name, h.hours) for h in overview.hours] == [
        (organisation.name, Decimal("150.5"))
    ]
    # 25 + 37 + 49 + 34 = 145 hours a week in the sub-agreements, times six weeks.
    assert overview.weeks_elapsed == 6
    assert overview.hours_planned == 870
    assert overview.hours_share == Decimal("17.3")
