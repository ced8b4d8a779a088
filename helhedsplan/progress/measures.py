"""The local measures' progress: along the straight line from the (last) baseline to the target,
with the actual from the newest measurement, or from the register series a measure is fed from."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    OuterRef,
    Subquery,
)

from helhedsplan.core.status import (
    STATUS_LABELS,
    measure_expected,
    measure_status,
)
from helhedsplan.plans.models import LocalMeasure, Plan
from helhedsplan.registerdata.services import measure_series, published_by
from helhedsplan.registrations.models import (
    Measurement,
)

# Which criteria are counted from registrations, and which from measurements.
FROM_REGISTRATIONS = {"count", "unique_participants", "average", "share"}
FROM_MEASUREMENTS = {"level", "trend"}


@dataclass
class MeasureProgress:
    measure: LocalMeasure
    baseline: Decimal | None
    expected: Decimal | None
    actual: Decimal | None
    status: str
    # Where the actual comes from when the measure is fed from register data: «Boligstatistiske
    # Nøgletal, 2020»; empty for a typed measurement.
    source: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def measures_progress(plan: Plan, as_of: datetime.date) -> list[MeasureProgress]:
    """Local measures along the straight line from the (last) baseline to the target."""
    latest = Measurement.objects.filter(local_measure=OuterRef("pk"), date__lte=as_of).order_by(
        "-date", "-id"
    )
    measures = (
        LocalMeasure.objects.for_plan(plan)
        .select_related("focus_area")
        .prefetch_related("figures")
        .annotate(
            actual=Subquery(
                latest.values("value")[:1],
                output_field=DecimalField(max_digits=14, decimal_places=4),
            )
        )
    )
    measures = list(measures)
    # A measure fed from register data: its newest yearly value published by the date.
    series = measure_series(plan, measures, published_by(as_of))
    rows = []
    for measure in measures:
        source = ""
        if measure.register_measure:
            years = series.get(measure.id, {})
            latest = max(years) if years else None
            measure.actual = years[latest].value if latest else None
            source = f"{years[latest].source or 'Registerdata'}, {latest}" if latest else ""
        baselines = [
            f for f in measure.figures.all() if f.role == "baseline" and f.value is not None
        ]
        baseline = baselines[-1] if baselines else None
        baseline_year = year_of_period(baseline.period) if baseline else None
        expected = None
        if baseline and measure.target_value is not None and measure.target_year and baseline_year:
            expected = measure_expected(
                baseline=baseline.value,
                baseline_year=baseline_year,
                target=measure.target_value,
                target_year=measure.target_year,
                as_of=as_of,
            )
        if measure.actual is None or (expected is None and measure.direction != "maintain"):
            status = "no_data"
        else:
            status = measure_status(
                actual=measure.actual,
                expected=expected if expected is not None else baseline.value,
                baseline=baseline.value if baseline else measure.actual,
                direction=measure.direction,
                tolerance=measure.tolerance,
            )
        rows.append(
            MeasureProgress(
                measure=measure,
                baseline=baseline.value if baseline else None,
                expected=expected,
                actual=measure.actual,
                status=status,
                source=source,
            )
        )
    return rows


def year_of_period(period: str) -> int | None:
    """The year a baseline period ends in: "2014" -> 2014, "2011-2015" -> 2015, "2015/16" -> 2016."""
    digits = [int(part) for part in re.findall(r"\d{4}|(?<=/)\d{2}", period)]
    if not digits:
        return None
    last = digits[-1]
    return last + 2000 if last < 100 else last
