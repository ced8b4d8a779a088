"""The building blocks several reports share: criteria, milestones, missing data, economy, measures.

Each function reads what it needs with a fixed number of queries and returns document blocks.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Q

from helhedsplan.core import formats
from helhedsplan.core.outward import outward_row
from helhedsplan.core.periods import Period
from helhedsplan.core.status import STATUS_LABELS
from helhedsplan.documents.charts import describe
from helhedsplan.documents.document import (
    DATE,
    MONEY,
    NUMBER,
    PERCENT,
    Chart,
    Column,
    Items,
    Series,
    Table,
)
from helhedsplan.economy.services import EconomyOverview
from helhedsplan.plans.models import LocalMeasure
from helhedsplan.progress.measures import MeasureProgress, year_of_period
from helhedsplan.progress.milestones import month_label
from helhedsplan.progress.models import Milestone
from helhedsplan.progress.services import CriterionProgress, missing_data
from helhedsplan.registerdata.services import measure_series, published_by
from helhedsplan.registrations.models import Measurement

OPEN = [Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS]


def activity_number(activity) -> str:
    """Activities are numbered within their focus area: 2.1 is the first of focus area 2."""
    return f"{activity.focus_area.number}.{activity.number}"


def activity_label(activity) -> str:
    return f"{activity_number(activity)} {activity.name}"


def target_text(criterion) -> str:
    """ "80 børn pr. planår", "70–80 %", "kvalitativ vurdering"."""
    if criterion.target is None:
        return criterion.get_kind_display() if criterion.kind == "qualitative" else "intet måltal"
    text = formats.number(criterion.target)
    if criterion.target_max is not None:
        text += f"–{formats.number(criterion.target_max)}"
    if criterion.unit:
        text += f" {criterion.unit}"
    if criterion.per == "year":
        text += " pr. planår"
    elif criterion.per == "period":
        text += " i perioden"
    return text


def shown_actual(row: CriterionProgress, threshold: int, suppress: bool):
    """The actual figure as a reader outside the secretariat may see it (core/outward.py; a row
    that is already outward stays as it is)."""
    criterion = row.criterion
    if criterion.kind == "qualitative":
        return row.assessment.get_status_display() if row.assessment else None
    return outward_row(row, threshold, active=suppress).actual


def criteria_table(
    rows: list[CriterionProgress], title: str, *, threshold: int, suppress: bool
) -> Table:
    table = Table(
        title=title,
        columns=[
            Column("Succeskriterium"),
            Column("Mål"),
            Column("Forventet til dato", NUMBER),
            Column("Opnået", NUMBER),
            Column("Status"),
        ],
        sheet=title,
    )
    for row in rows:
        table.rows.append(
            [
                row.criterion.text,
                target_text(row.criterion),
                row.expected_shown,
                shown_actual(row, threshold, suppress),
                row.status_label,
            ]
        )
    return table


def assessments(rows: list[CriterionProgress]) -> Items | None:
    texts = [
        f"{row.criterion.text}: {row.assessment.get_status_display()}. {row.assessment.text}".strip()
        for row in rows
        if row.assessment is not None and row.assessment.text
    ]
    return Items(texts) if texts else None


def status_counts_table(progress_rows: list[CriterionProgress], title: str) -> Table:
    """Criteria per status, per focus area and in all: counts of criteria, never of persons."""
    codes = [code for code in STATUS_LABELS]
    counts: dict[str, Counter] = {}
    for row in progress_rows:
        focus = row.criterion.activity.focus_area
        counts.setdefault(f"{focus.number}. {focus.name}", Counter())[row.status] += 1
    used = [code for code in codes if any(c[code] for c in counts.values())]
    table = Table(
        title=title,
        columns=[Column("Indsatsområde")]
        + [Column(STATUS_LABELS[code].capitalize(), NUMBER) for code in used]
        + [Column("I alt", NUMBER)],
        sheet="Status",
    )
    for label, counter in counts.items():
        table.rows.append([label] + [counter[code] for code in used] + [sum(counter.values())])
    overall = Counter(row.status for row in progress_rows)
    table.total = ["I alt"] + [overall[code] for code in used] + [len(progress_rows)]
    return table


def milestone_table(plan, period: Period, as_of: datetime.date) -> Table:
    """Milestones due in the period, and the ones still open from before it."""
    milestones = (
        Milestone.objects.filter(plan=plan)
        .filter(
            Q(month__range=(period.start, period.end)) | Q(month__lt=period.start, status__in=OPEN)
        )
        .select_related("activity__focus_area")
        .order_by("month", "activity__number", "id")
    )
    first_open_month = as_of.replace(day=1)
    table = Table(
        title="Milepæle, der forfalder i perioden eller er forsinkede",
        columns=[
            Column("Måned"),
            Column("Aktivitet"),
            Column("Milepæl"),
            Column("Ansvarlig"),
            Column("Status"),
            Column("Forsinket"),
        ],
        sheet="Milepæle",
        empty="Ingen milepæle forfalder i perioden.",
    )
    for milestone in milestones:
        late = milestone.status in OPEN and milestone.month < first_open_month
        table.rows.append(
            [
                month_label(milestone.month),
                activity_label(milestone.activity),
                milestone.title,
                milestone.owner,
                milestone.get_status_display(),
                "forsinket" if late else "",
            ]
        )
    return table


def milestone_counts_table(plan, year: Period, as_of: datetime.date) -> Table:
    from helhedsplan.plans.models import Activity
    from helhedsplan.progress.milestones import counts_by_activity

    counts = counts_by_activity(plan, year, as_of)
    table = Table(
        title=f"Milepælsplaner {year.label}: status pr. aktivitet",
        columns=[
            Column("Aktivitet"),
            Column("Milepæle", NUMBER),
            Column("Gennemført", NUMBER),
            Column("Forsinkede", NUMBER),
        ],
        sheet="Milepælsstatus",
    )
    totals = [0, 0, 0]
    for activity in (
        Activity.objects.for_plan(plan)
        .select_related("focus_area")
        .order_by("focus_area__number", "number")
    ):
        row = counts.get(activity.id, {"total": 0, "done": 0, "late": 0})
        values = [row["total"], row["done"], row["late"]]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        table.rows.append([activity_label(activity), *values])
    table.total = ["I alt", *totals]
    return table


def missing_table(progress, tertial: Period | None) -> Table:
    table = Table(
        title="Data, der mangler for tertialet, og hvem der leverer dem",
        columns=[
            Column("Leverer data"),
            Column("Aktivitet"),
            Column("Succeskriterium"),
            Column("Seneste data", DATE),
        ],
        sheet="Mangler data",
        empty="Ingen data mangler.",
    )
    for partner, rows in missing_data(progress, tertial):
        for row in rows:
            table.rows.append(
                [
                    partner,
                    activity_label(row.criterion.activity),
                    row.criterion.text,
                    row.last_date,
                ]
            )
    return table


def economy_table(economy: EconomyOverview) -> Table:
    table = Table(
        title=f"Budget og forbrug pr. {formats.date_short(economy.as_of)}",
        columns=[
            Column("Post"),
            Column("Budget LBF", MONEY),
            Column("Budget lokal", MONEY),
            Column("Budget i alt", MONEY),
            Column("Forbrug", MONEY),
            Column("Rest", MONEY),
            Column("Forbrugt", PERCENT),
            Column("Tempo"),
        ],
        sheet="Økonomi",
        note=(
            f"{formats.percent(economy.elapsed_share, None)} af planperioden er gået. Tempoet er "
            "«i takt», når forbruget er inden for 10 procentpoint af den andel."
        ),
    )

    def cells(line):
        return [
            line.label,
            line.budget_lbf,
            line.budget_local,
            line.budget_total,
            line.spent_total,
            line.remaining,
            line.spent_share,
            line.pace,
        ]

    table.rows = [cells(line) for line in economy.lines]
    table.total = cells(economy.total)
    return table


def hours_table(economy: EconomyOverview) -> Table:
    table = Table(
        title="Erlagte medarbejdertimer",
        columns=[Column("Organisation"), Column("Timer", NUMBER)],
        sheet="Medarbejdertimer",
        empty="Der er ikke registreret medarbejdertimer.",
        note=(
            f"Erlagt {formats.number(economy.hours_contributed)} timer mod "
            f"{formats.number(economy.hours_planned)} planlagte til dato "
            f"({formats.percent(economy.hours_share, None)}), "
            f"over {formats.number(economy.weeks_elapsed)} uger."
        ),
    )
    table.rows = [[line.organisation_name, line.hours] for line in economy.hours]
    table.total = ["I alt", economy.hours_contributed]
    return table


# ---- local measures -----------------------------------------------------------------------


def yearly_values(plan, as_of: datetime.date) -> dict[int, dict[int, Decimal]]:
    """The latest measured value of each local measure in each calendar year, in one query."""
    values: dict[int, dict[int, Decimal]] = {}
    for measure_id, day, value in (
        Measurement.objects.filter(plan=plan, local_measure__isnull=False, date__lte=as_of)
        .order_by("local_measure", "date", "id")
        .values_list("local_measure", "date", "value")
    ):
        values.setdefault(measure_id, {})[day.year] = value
    # A measure fed from register data takes its yearly values from the series instead: the
    # plan's own years (the years before it are the measure's baselines).
    fed = LocalMeasure.objects.for_plan(plan).exclude(register_measure="")
    for measure_id, years in measure_series(plan, fed, published_by(as_of)).items():
        values[measure_id] = {
            year: found.value for year, found in years.items() if year >= plan.start.year
        }
    return values


def measure_chart(measure: LocalMeasure, measured: dict[int, Decimal]) -> Chart:
    figures = list(measure.figures.all())
    baselines = [
        (year_of_period(f.period), f.value)
        for f in figures
        if f.role == "baseline" and f.value is not None and year_of_period(f.period)
    ]
    comparisons = [
        (year_of_period(f.period), f.value, f.label)
        for f in figures
        if f.role == "comparison" and f.value is not None and year_of_period(f.period)
    ]
    series = [Series("Udgangspunkt", baselines, "baseline")]
    series.append(Series("Målt", sorted(measured.items()), "measured"))
    if measure.target_value is not None and measure.target_year:
        start = baselines[-1:] if baselines else []
        series.append(
            Series(
                f"Mål {measure.target_year}",
                [*start, (measure.target_year, measure.target_value)],
                "target",
            )
        )
    label = comparisons[0][2] if comparisons else "Sammenligning"
    series.append(
        Series(label or "Sammenligning", [(x, y) for x, y, _ in comparisons], "comparison")
    )
    title = f"Måling {measure.focus_area.number}.{measure.number}: {measure.text}"
    return Chart(
        title=title,
        alt=f"{title} {describe(series, measure.unit)}",
        unit=measure.unit,
        series=series,
    )


def measures_table(
    rows: list[MeasureProgress],
    measured: dict[int, dict[int, Decimal]],
    years: list[int],
    title: str,
    sheet: str,
) -> Table:
    """Every local measure: baseline, the value of each year, target, comparison and status."""
    table = Table(
        title=title,
        columns=[Column("Måling"), Column("Enhed"), Column("Udgangspunkt", NUMBER)]
        + [Column(str(year), NUMBER) for year in years]
        + [Column("Mål", NUMBER), Column("Målår"), Column("Sammenligning"), Column("Status")],
        sheet=sheet,
    )
    for row in rows:
        measure = row.measure
        comparison = "; ".join(
            f"{f.label} {f.period}: {formats.number(f.value)}"
            for f in measure.figures.all()
            if f.role == "comparison" and f.value is not None
        )
        values = measured.get(measure.id, {})
        table.rows.append(
            [
                f"{measure.focus_area.number}.{measure.number} {measure.text}"
                + (f" (fra registerdata: {row.source})" if row.source else ""),
                measure.unit,
                row.baseline,
            ]
            + [values.get(year) for year in years]
            + [measure.target_value, str(measure.target_year or ""), comparison, row.status_label]
        )
    return table
