"""One plan's progress at a date: every success criterion's target, expected, actual and status.

All figures come from a fixed number of aggregate queries over the whole plan (never a query or
a loop over registrations per criterion), so the cost does not grow with the number of rows read
in Python. The pure rules (periods, expected-to-date, status) live in periods.py and status.py.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.db.models import (
    Avg,
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)

from helhedsplan.core.formats import plain_number
from helhedsplan.core.periods import plan_years, tertial_of
from helhedsplan.core.status import (
    STATUS_LABELS,
    expected_to_date,
    status_for,
    trend_status,
)
from helhedsplan.plans.models import Plan, SuccessCriterion
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Registration,
    RegistrationParticipant,
)

# Which criteria are counted from registrations, and which from measurements.
FROM_REGISTRATIONS = {"count", "unique_participants", "average", "share"}
FROM_MEASUREMENTS = {"level", "trend"}


# The kinds and rules whose figure is a number of persons or things, shown whole.
WHOLE_KINDS = {"count", "unique_participants"}
FRACTIONAL_RULES = {"average", "share"}


def counts_whole(criterion: SuccessCriterion) -> bool:
    return criterion.kind in WHOLE_KINDS and criterion.combine not in FRACTIONAL_RULES


@dataclass
class CriterionProgress:
    criterion: SuccessCriterion
    expected: Decimal | None
    actual: Decimal | None
    status: str
    last_date: datetime.date | None = None
    assessment: Assessment | None = None
    registrations: int = 0
    # The persons a share is computed from; a report suppresses a share of too few persons.
    share_base: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def expected_shown(self) -> Decimal | None:
        """The expected figure as pages and reports show it: a count of persons or things in
        whole numbers (267 children, not 266,74); shares, averages and levels keep decimals.
        The status is still judged against the exact figure."""
        if self.expected is None or not counts_whole(self.criterion):
            return self.expected
        return self.expected.quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    def as_json(self) -> dict:
        c = self.criterion
        return {
            "activity": c.activity.key,
            "criterion": c.key,
            "kind": c.kind,
            "combine": c.combine or None,
            "per": c.per or None,
            "target": plain_number(c.target),
            "target_max": plain_number(c.target_max),
            "period_target": plain_number(c.period_target),
            "unit": c.unit,
            "expected": plain_number(self.expected),
            "actual": plain_number(self.actual),
            "status": self.status,
            "status_label": self.status_label,
            "assessment": (
                {"status": self.assessment.status, "text": self.assessment.text}
                if self.assessment
                else None
            ),
        }


@dataclass
class PlanProgress:
    plan: Plan
    as_of: datetime.date
    criteria: list[CriterionProgress] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for row in self.criteria:
            counts[row.status] += 1
        return counts


def _year_bucket(plan: Plan, field_name: str) -> Case:
    """SQL that maps a date to the index of its plan year (0, 1, 2, …)."""
    return Case(
        *[
            When(**{f"{field_name}__range": (year.start, year.end)}, then=Value(index))
            for index, year in enumerate(plan_years(plan.start, plan.end))
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _within(since: datetime.date | None, field_name: str) -> Q:
    """Only the rows from `since` on (a plan year's own results); everything when None."""
    return Q(**{f"{field_name}__gte": since}) if since else Q()


def _registration_figures(
    plan: Plan, as_of: datetime.date, since: datetime.date | None = None
) -> dict[int, dict]:
    rows = (
        Registration.objects.filter(_within(since, "date"), plan=plan, date__lte=as_of)
        .values("criteria")
        .annotate(
            total=Sum("count"),
            largest=Max("count"),
            participants_sum=Sum("participants"),
            completed_sum=Sum("completed"),
            average=Avg("participants"),
            registrations=Count("id"),
            last_date=Max("date"),
        )
    )
    return {row["criteria"]: row for row in rows if row["criteria"] is not None}


def _unique_participants(
    plan: Plan, as_of: datetime.date, since: datetime.date | None = None
) -> tuple[dict, dict]:
    unique = SuccessCriterion.objects.for_plan(plan).filter(kind="unique_participants")
    links = RegistrationParticipant.objects.filter(
        _within(since, "registration__date"), registration__plan=plan, registration__date__lte=as_of
    )
    # Each criterion is counted only the way its target asks: over the period, or per year.
    per_period = {
        row["registration__criteria"]: row["n"]
        for row in links.filter(registration__criteria__in=unique.exclude(per="year"))
        .values("registration__criteria")
        .annotate(n=Count("participant", distinct=True))
    }
    per_year: dict[int, int] = {}
    # Unique within each plan year, then added up over the years (DESIGN: "unique within year").
    for row in (
        links.filter(registration__criteria__in=unique.filter(per="year"))
        .values("registration__criteria", year=_year_bucket(plan, "registration__date"))
        .annotate(n=Count("participant", distinct=True))
    ):
        key = row["registration__criteria"]
        per_year[key] = per_year.get(key, 0) + row["n"]
    return per_period, per_year


def _measurement_annotations(as_of: datetime.date, since: datetime.date | None = None) -> dict:
    values = Measurement.objects.filter(
        _within(since, "date"), criterion=OuterRef("pk"), date__lte=as_of
    )
    return {
        "latest_value": Subquery(values.order_by("-date", "-id").values("value")[:1]),
        "first_value": Subquery(values.order_by("date", "id").values("value")[:1]),
        "first_date": Subquery(values.order_by("date", "id").values("date")[:1]),
        "measured_on": Subquery(values.order_by("-date", "-id").values("date")[:1]),
        "max_value": Subquery(
            values.order_by().values("criterion").annotate(m=Max("value")).values("m")[:1]
        ),
        "avg_value": Subquery(
            values.order_by().values("criterion").annotate(m=Avg("value")).values("m")[:1]
        ),
        "measurement_count": Count(
            "measurements",
            filter=Q(measurements__date__lte=as_of) & _within(since, "measurements__date"),
        ),
    }


def _assessments(plan: Plan, as_of: datetime.date) -> dict[int, Assessment]:
    current = tertial_of(as_of, plan.start, plan.end)
    found: dict[int, Assessment] = {}
    # The newest assessment up to the current tertial (labels sort chronologically).
    for assessment in Assessment.objects.filter(plan=plan).order_by("tertial"):
        if current is None or assessment.tertial <= current.label:
            found[assessment.criterion_id] = assessment
    return found


def plan_progress(
    plan: Plan, as_of: datetime.date, *, since: datetime.date | None = None
) -> PlanProgress:
    """Progress from the plan's start (or from `since`, for one year's own results) to `as_of`.

    With `since`, the actual figures count only what happened from that day; the expected
    figures and statuses still refer to the whole plan up to `as_of`.
    """
    criteria = (
        SuccessCriterion.objects.for_plan(plan)
        .select_related(
            "activity__focus_area", "activity__responsible_organisation", "responsible_organisation"
        )
        .annotate(**_measurement_annotations(as_of, since))
        .order_by("activity__focus_area__number", "activity__number", "order")
    )
    figures = _registration_figures(plan, as_of, since)
    unique_period, unique_year = _unique_participants(plan, as_of, since)
    assessments = _assessments(plan, as_of)
    started = as_of >= plan.start
    result = PlanProgress(plan=plan, as_of=as_of)
    for criterion in criteria:
        row = figures.get(criterion.id, {})
        actual, last_date = None, row.get("last_date")
        if criterion.kind in FROM_REGISTRATIONS and row:
            actual = _registration_actual(criterion, row, unique_period, unique_year)
        elif criterion.kind in FROM_MEASUREMENTS and criterion.measurement_count:
            actual = {
                "max": criterion.max_value,
                "average": criterion.avg_value,
            }.get(criterion.combine, criterion.latest_value)
            last_date = criterion.measured_on
        expected = None
        if criterion.kind != "qualitative":
            expected = expected_to_date(
                target=criterion.target,
                per=criterion.per or "period",
                combine=criterion.combine or "latest",
                plan_start=plan.start,
                plan_end=plan.end,
                as_of=as_of,
            )
        assessment = assessments.get(criterion.id)
        if criterion.kind == "qualitative":
            status = "assessed" if assessment else "no_data"
        elif criterion.kind == "trend":
            status = _trend(criterion)
        else:
            status = status_for(
                actual=actual, expected=expected, direction=criterion.direction, started=started
            )
        result.criteria.append(
            CriterionProgress(
                criterion=criterion,
                expected=expected,
                actual=None if actual is None else Decimal(actual).quantize(Decimal("0.01")),
                status=status,
                last_date=last_date,
                assessment=assessment,
                registrations=row.get("registrations", 0),
                share_base=row.get("participants_sum")
                if criterion.kind == "share" or criterion.combine == "share"
                else None,
            )
        )
    return result


def _registration_actual(criterion, row, unique_period, unique_year):
    rule = criterion.combine
    if criterion.kind == "unique_participants":
        source = unique_year if criterion.per == "year" else unique_period
        return Decimal(source.get(criterion.id, 0))
    if criterion.kind == "share" or rule == "share":
        if not row["participants_sum"]:
            return None
        return Decimal(100 * (row["completed_sum"] or 0)) / Decimal(row["participants_sum"])
    if criterion.kind == "average" or rule == "average":
        return None if row["average"] is None else Decimal(str(row["average"]))
    if rule == "max":
        return Decimal(row["largest"])
    return Decimal(row["total"] or 0)


def _trend(criterion) -> str:
    if criterion.measurement_count < 2:
        return "no_data"
    return trend_status(
        [
            (criterion.first_date, criterion.first_value),
            (criterion.measured_on, criterion.latest_value),
        ],
        direction=criterion.direction,
    )


def missing_data(progress: PlanProgress, tertial) -> list[tuple[str, list[CriterionProgress]]]:
    """The criteria with no data in the tertial so far, grouped by the partner who delivers it.

    Counted criteria miss data when nothing has been registered since the tertial began;
    qualitative ones when they have no assessment.
    """

    def lacks(row: CriterionProgress) -> bool:
        if row.criterion.kind == "qualitative":
            return row.assessment is None
        return row.last_date is None or (tertial is not None and row.last_date < tertial.start)

    def partner(row: CriterionProgress) -> str:
        organisation = row.criterion.deliverer
        return organisation.name if organisation else "Ingen ansvarlig angivet"

    rows = sorted(
        (row for row in progress.criteria if lacks(row)),
        key=lambda row: (partner(row), row.criterion.activity.number, row.criterion.order),
    )
    return [(name, list(group)) for name, group in groupby(rows, partner)]
