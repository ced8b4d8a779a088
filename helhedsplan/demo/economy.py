"""Demo data for the economy: monthly expenses per focus area and contributed staff hours.

Deterministic like helhedsplan.demo.registrations: every random choice comes from a
random.Random seeded from the seed (and the focus area's or organisation's key, so that one added
to the plan does not reshuffle the others). Every row is marked is_demo; real rows are never
touched.

Each budget line (the focus areas and the part not assigned to one) gets a pace: its spending up
to `until` is drawn so that economy_overview shows it "foran", "i takt" or "bagud" there, and is
spread over the months with some noise, so the pace holds roughly all the way.
"""

import datetime
import random
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum

from helhedsplan.core.periods import Period, elapsed_share
from helhedsplan.demo.marks import DEMO_NOTE
from helhedsplan.economy.models import Expense, Financing, StaffHours
from helhedsplan.economy.services import PACE_TOLERANCE
from helhedsplan.plans.models import Activity, FocusArea, Plan, SubAgreement

AHEAD, ON_PACE, BEHIND = "foran", "i takt", "bagud"
UNASSIGNED_KEY = "ikke-fordelt"
# Holidays: fewer hours in July (summer) and December (Christmas).
MONTH_FACTOR = {7: 0.45, 12: 0.8}


def months_until(start: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The first day of each month from start's month to until's month, both included."""
    months, day = [], start.replace(day=1)
    while day <= until:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _spread(total: int, weights: list[float]) -> list[int]:
    """`total` whole kroner split in proportion to `weights`, summing exactly to `total`."""
    fractions = [Fraction(round(w * 10_000)) for w in weights]
    weight_sum = sum(fractions)
    if not weight_sum or not total:
        return [0] * len(weights)
    exact = [Fraction(total) * w / weight_sum for w in fractions]
    parts = [int(x) for x in exact]  # floor: total and weights are not negative
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _target_share(pace: str, elapsed: float, rng: random.Random) -> float:
    """The share of the budget (in percent) spent at `until` for the wanted pace."""
    tolerance = float(PACE_TOLERANCE)
    if pace == AHEAD:
        return elapsed + rng.uniform(tolerance + 3, tolerance + 9)
    if pace == BEHIND:
        return max(0.0, elapsed - rng.uniform(tolerance + 4, tolerance + 15))
    return elapsed + rng.uniform(-tolerance + 4, tolerance - 4)


def delete_economy_demo(plan: Plan) -> dict[str, int]:
    counts = {
        "expenses": Expense.objects.filter(plan=plan, is_demo=True).delete()[0],
        "staff_hours": StaffHours.objects.filter(plan=plan, is_demo=True).delete()[0],
    }
    # Demo rows leave no audit trail (see demo.registrations.delete_registrations_demo).
    Expense.history.filter(plan_id=plan.id, is_demo=True).delete()
    StaffHours.history.filter(plan_id=plan.id, is_demo=True).delete()
    return counts


def generate_economy_demo(plan: Plan, *, seed: int, until: datetime.date) -> dict[str, int]:
    """Expenses and staff hours from the plan's start to `until`; the caller deletes old ones."""
    expenses = _expenses(plan, seed, until)
    hours = _staff_hours(plan, seed, until)
    Expense.objects.bulk_create(expenses)
    StaffHours.objects.bulk_create(hours)
    return {"expenses": len(expenses), "staff_hours": len(hours)}


def _budget_lines(plan: Plan) -> list[tuple[str, FocusArea | None, int, int]]:
    """(key, focus area or None, budget LBF, budget local) as economy_overview has its lines."""
    lines = []
    for focus in FocusArea.objects.for_plan(plan).select_related("sub_agreement"):
        agreement = getattr(focus, "sub_agreement", None)
        if agreement is not None:
            lines.append((focus.key, focus, agreement.budget_lbf, agreement.budget_local))
    assigned = SubAgreement.objects.filter(focus_area__plan=plan).aggregate(
        lbf=Sum("budget_lbf"), local=Sum("budget_local")
    )
    lines.append(
        (
            UNASSIGNED_KEY,
            None,
            max(0, plan.budget_lbf - (assigned["lbf"] or 0)),
            max(0, plan.budget_local - (assigned["local"] or 0)),
        )
    )
    return [line for line in lines if line[2] or line[3]]


def _expenses(plan: Plan, seed: int, until: datetime.date) -> list[Expense]:
    months = months_until(plan.start, until)
    share = elapsed_share(Period(plan.start, plan.end, "plan"), until)
    elapsed = float(share) * 100
    lines = _budget_lines(plan)
    # Each pace at least once (when there are lines enough), the rest drawn.
    rng = random.Random(f"{seed}:economy")
    order = list(range(len(lines)))
    rng.shuffle(order)
    paces = {}
    for position, index in enumerate(order):
        paces[index] = (
            [AHEAD, BEHIND, ON_PACE][position]
            if position < 3
            else rng.choice([AHEAD, ON_PACE, ON_PACE, BEHIND])
        )
    rows = []
    for index, (key, focus, budget_lbf, budget_local) in enumerate(lines):
        line_rng = random.Random(f"{seed}:economy:{key}")
        target = _target_share(paces[index], elapsed, line_rng) / 100
        # Spending is uneven: a slow start, lumps (a course bought, a festival), quiet summers.
        weights = []
        for number, month in enumerate(months):
            weight = line_rng.uniform(0.6, 1.4) * (0.5 if month.month == 7 else 1.0)
            if number < 3:
                weight *= 0.6 + 0.15 * number
            if line_rng.random() < 0.08:
                weight *= line_rng.uniform(1.8, 3.0)
            weights.append(weight)
        for financing, budget in ((Financing.LBF, budget_lbf), (Financing.LOCAL, budget_local)):
            total = round(budget * target)
            for month, amount in zip(months, _spread(total, weights), strict=True):
                if amount:
                    rows.append(
                        Expense(
                            plan=plan,
                            focus_area=focus,
                            month=month,
                            amount=Decimal(amount),
                            financing=financing,
                            note=DEMO_NOTE,
                            is_demo=True,
                        )
                    )
    return rows


def _staff_hours(plan: Plan, seed: int, until: datetime.date) -> list[StaffHours]:
    """Hours per responsible organisation and month, near the sub-agreements' hours per week."""
    per_focus = {
        agreement.focus_area_id: float(agreement.staff_hours_per_week or 0)
        for agreement in SubAgreement.objects.filter(focus_area__plan=plan)
    }
    activities = list(
        Activity.objects.for_plan(plan)
        .filter(responsible_organisation__isnull=False)
        .select_related("responsible_organisation")
        .order_by("focus_area__number", "number")
    )
    in_focus: dict[int, int] = {}
    for activity in activities:
        in_focus[activity.focus_area_id] = in_focus.get(activity.focus_area_id, 0) + 1
    # A focus area's hours are shared by its activities, each credited to its organisation.
    weekly: dict[int, float] = {}
    organisations = {}
    for activity in activities:
        organisation = activity.responsible_organisation
        organisations[organisation.id] = organisation
        share = per_focus.get(activity.focus_area_id, 0.0) / in_focus[activity.focus_area_id]
        weekly[organisation.id] = weekly.get(organisation.id, 0.0) + share
    # Focus areas without a responsible organisation on any activity: shared out by weight.
    planned = sum(per_focus.values())
    credited = sum(weekly.values())
    scale = planned / credited if credited else 0.0
    rows = []
    for organisation_id, hours_per_week in weekly.items():
        organisation = organisations[organisation_id]
        rng = random.Random(f"{seed}:hours:{organisation.key}")
        level = rng.uniform(0.88, 1.08)  # some partners deliver a little more, some less
        for month in months_until(plan.start, until):
            first = max(month, plan.start)
            last = min(_next_month(month) - datetime.timedelta(days=1), until, plan.end)
            days = (last - first).days + 1
            hours = (
                hours_per_week
                * scale
                * days
                / 7
                * level
                * MONTH_FACTOR.get(month.month, 1.0)
                * rng.uniform(0.85, 1.2)
            )
            if round(hours) > 0:
                rows.append(
                    StaffHours(
                        plan=plan,
                        organisation=organisation,
                        month=month,
                        hours=Decimal(round(hours)),
                        note=DEMO_NOTE,
                        is_demo=True,
                    )
                )
    return rows
