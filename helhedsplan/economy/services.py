"""Budget against actual, spending pace and contributed staff hours, computed in SQL."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.periods import Period, elapsed_share
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.economy.models import Expense, Financing, StaffHours
from helhedsplan.plans.models import FocusArea, Plan, SubAgreement

# Spending within this many percentage points of the elapsed share is "i takt".
PACE_TOLERANCE = Decimal(10)
UNASSIGNED_LABEL = "Ikke fordelt på indsatsområder"
ZERO = Decimal(0)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def check_month(plan: Plan, month: datetime.date, *, today: datetime.date | None = None) -> str:
    """The Danish reason a month may not be registered, or "" when it may."""
    today = today or timezone.localdate()
    if month.day != 1:
        return "Måneden skal angives som den første dag i måneden."
    if not first_of_month(plan.start) <= month <= plan.end:
        return (
            f"Måneden {formats.month_short(month)} ligger uden for planperioden "
            f"({formats.month_short(plan.start)}–{formats.month_short(plan.end)})."
        )
    if month > first_of_month(today):
        return f"Måneden {formats.month_short(month)} ligger i fremtiden."
    return ""


def check_note(note: str) -> str:
    return CPR_MESSAGE if looks_like_cpr(note) else ""


def pace_status(spent_share: Decimal | None, elapsed: Decimal) -> str:
    """'i takt' within ±10 points of the elapsed share, 'foran' faster, 'bagud' slower."""
    if spent_share is None:
        return "intet budget"
    difference = spent_share - elapsed
    if difference > PACE_TOLERANCE:
        return "foran"
    if difference < -PACE_TOLERANCE:
        return "bagud"
    return "i takt"


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class BudgetLine:
    label: str
    focus_area: FocusArea | None
    budget_lbf: Decimal
    budget_local: Decimal
    spent_lbf: Decimal
    spent_local: Decimal
    elapsed_share: Decimal

    @property
    def budget_total(self) -> Decimal:
        return self.budget_lbf + self.budget_local

    @property
    def spent_total(self) -> Decimal:
        return self.spent_lbf + self.spent_local

    @property
    def remaining(self) -> Decimal:
        return self.budget_total - self.spent_total

    @property
    def spent_share(self) -> Decimal | None:
        return _percent(self.spent_total, self.budget_total)

    @property
    def pace(self) -> str:
        return pace_status(self.spent_share, self.elapsed_share)


@dataclass
class HoursLine:
    organisation_name: str
    hours: Decimal


@dataclass
class EconomyOverview:
    plan: Plan
    as_of: datetime.date
    elapsed_share: Decimal  # percent of the plan period elapsed, the as-of day included
    lines: list[BudgetLine]
    total: BudgetLine
    hours: list[HoursLine] = field(default_factory=list)
    hours_contributed: Decimal = ZERO
    hours_planned: Decimal = ZERO
    weeks_elapsed: Decimal = ZERO

    @property
    def hours_share(self) -> Decimal | None:
        return _percent(self.hours_contributed, self.hours_planned)


def economy_overview(plan: Plan, as_of: datetime.date) -> EconomyOverview:
    period = Period(plan.start, plan.end, "plan")
    share = elapsed_share(period, as_of)
    elapsed = (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal("0.1"))

    # One grouped query: spent per (focus area or none, financing) up to the as-of month.
    spent = {
        (row["focus_area_id"], row["financing"]): row["total"] or ZERO
        for row in Expense.objects.for_plan(plan)
        .filter(month__lte=as_of)
        .values("focus_area_id", "financing")
        .annotate(total=Sum("amount"))
        .order_by()
    }

    def spent_of(focus_id, financing):
        return spent.get((focus_id, financing), ZERO)

    lines = []
    for focus in FocusArea.objects.for_plan(plan).select_related("sub_agreement"):
        agreement = getattr(focus, "sub_agreement", None)
        lines.append(
            BudgetLine(
                label=f"{focus.number}. {focus.name}",
                focus_area=focus,
                budget_lbf=Decimal(agreement.budget_lbf if agreement else 0),
                budget_local=Decimal(agreement.budget_local if agreement else 0),
                spent_lbf=spent_of(focus.id, Financing.LBF),
                spent_local=spent_of(focus.id, Financing.LOCAL),
                elapsed_share=elapsed,
            )
        )
    assigned = SubAgreement.objects.filter(focus_area__plan=plan).aggregate(
        lbf=Sum("budget_lbf"), local=Sum("budget_local")
    )
    lines.append(
        BudgetLine(
            label=UNASSIGNED_LABEL,
            focus_area=None,
            budget_lbf=Decimal(plan.budget_lbf - (assigned["lbf"] or 0)),
            budget_local=Decimal(plan.budget_local - (assigned["local"] or 0)),
            spent_lbf=spent_of(None, Financing.LBF),
            spent_local=spent_of(None, Financing.LOCAL),
            elapsed_share=elapsed,
        )
    )
    total = BudgetLine(
        label="I alt",
        focus_area=None,
        budget_lbf=Decimal(plan.budget_lbf),
        budget_local=Decimal(plan.budget_local),
        spent_lbf=sum((v for (_, f), v in spent.items() if f == Financing.LBF), ZERO),
        spent_local=sum((v for (_, f), v in spent.items() if f == Financing.LOCAL), ZERO),
        elapsed_share=elapsed,
    )

    hours = [
        HoursLine(row["organisation__name"], row["total"] or ZERO)
        for row in StaffHours.objects.for_plan(plan)
        .filter(month__lte=as_of)
        .values("organisation_id", "organisation__name", "organisation__order")
        .annotate(total=Sum("hours"))
        .order_by("organisation__order", "organisation__name")
    ]
    # Assumption: the plan's hours are the sub-agreements' staff hours per week, summed over the
    # focus areas, times the weeks elapsed (days from the plan's start to the as-of day, both
    # included, divided by 7). Holidays are not deducted, and the sub-agreements do not split the
    # hours between organisations, so contributed hours are compared with the plan in total.
    per_week = (
        SubAgreement.objects.filter(focus_area__plan=plan).aggregate(
            hours=Sum("staff_hours_per_week")
        )["hours"]
        or ZERO
    )
    days = 0 if as_of < plan.start else (min(as_of, plan.end) - plan.start).days + 1
    weeks = (Decimal(days) / 7).quantize(Decimal("0.1"))
    return EconomyOverview(
        plan=plan,
        as_of=as_of,
        elapsed_share=elapsed,
        lines=lines,
        total=total,
        hours=hours,
        hours_contributed=sum((h.hours for h in hours), ZERO),
        hours_planned=(Decimal(per_week) * Decimal(days) / 7).quantize(Decimal("0.1")),
        weeks_elapsed=weeks,
    )
