# Over 400 lines: the five reports' assemblers side by side, so their sections read against each other.
"""The five reports, each assembled once from the data into a `Report` for every renderer.

The figures are those of `plan_progress`, `measures_progress` and `economy_overview` at the
report's "data as of" date, so a report agrees with `helhedsplan progress --at` for that date.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.outward import outward_rows, shown_years
from helhedsplan.core.periods import Period, parse_period, plan_year_of, plan_years
from helhedsplan.core.suppression import counts_persons
from helhedsplan.documents.document import NUMBER, Column, Items, Report, Table, Text
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.economy.services import economy_overview
from helhedsplan.plans.models import Activity, FocusArea, OverallGoal, Plan
from helhedsplan.preparedness.activation_stats import activation_stats
from helhedsplan.progress.measures import measures_progress
from helhedsplan.progress.services import plan_progress
from helhedsplan.registerdata.report_blocks import HEADING as REGISTER_HEADING
from helhedsplan.registerdata.report_blocks import add_register_blocks
from helhedsplan.reports import blocks
from helhedsplan.reports.models import Narrative

TERTIAL_REPORTS = {ReportKind.FREMDRIFT, ReportKind.PROJEKTLEDELSE}
YEAR_REPORTS = {ReportKind.AARSRAPPORT, ReportKind.AKTIVITETSSKEMA}


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is Danish and meant for the user."""


@dataclass
class ReportRequest:
    plan: Plan
    kind: str
    period: Period
    as_of: datetime.date
    suppress: bool


def resolve(
    plan: Plan,
    kind: str,
    period_label: str,
    *,
    suppress: bool,
    at: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ReportRequest:
    """Check the kind and period; data as of the period's end, or today while it runs."""
    if kind not in ReportKind.values:
        names = ", ".join(ReportKind.values)
        raise ReportError(f"Ukendt rapport «{kind}». Vælg en af: {names}.")
    try:
        period = parse_period(period_label, plan.start, plan.end)
    except ValueError as problem:
        raise ReportError(str(problem)) from None
    is_tertial = "-T" in period.label
    if kind in TERTIAL_REPORTS and not is_tertial:
        raise ReportError(
            f"{ReportKind(kind).label}en gælder et tertial: skriv fx {period.label}-T1."
        )
    if kind in YEAR_REPORTS and is_tertial:
        raise ReportError(
            f"{ReportKind(kind).label} gælder et planår: skriv fx {period.label.split('-')[0]}."
        )
    today = today or timezone.localdate()
    if period.start > today:
        raise ReportError(f"Perioden {period.label} er ikke begyndt endnu.")
    as_of = at or min(period.end, today)
    if not period.start <= as_of <= period.end:
        raise ReportError(
            f"Datoen {formats.date_short(as_of)} ligger uden for perioden {period.label} "
            f"({formats.period_short(period.start, period.end)})."
        )
    return ReportRequest(plan=plan, kind=kind, period=period, as_of=as_of, suppress=suppress)


def narrative_topics(plan: Plan, kind: str) -> list[tuple[str, str]]:
    """The texts the secretariat writes for a report: (topic, label), in report order."""
    if kind == ReportKind.FREMDRIFT:
        return [("", "Samlet status for tertialet")] + [
            (f"activity:{a.key}", f"Aktivitet {blocks.activity_label(a)}")
            for a in Activity.objects.for_plan(plan)
            .select_related("focus_area")
            .order_by("focus_area__number", "number")
        ]
    if kind == ReportKind.PROJEKTLEDELSE:
        return [("", "Sammenfatning"), ("risks", "Risici"), ("open_items", "Åbne punkter")]
    if kind == ReportKind.AARSRAPPORT:
        return (
            [("", "Sammenfatning")]
            + [
                (f"focus_area:{f.key}", f"Indsatsområde {f.number}: {f.name}")
                for f in FocusArea.objects.for_plan(plan).order_by("number")
            ]
            + [("outlook", "Perspektivering og det kommende år")]
        )
    if kind == ReportKind.MONITORERING:
        return [("", "Indledning til bestyrelsen")]
    return [("", "Bemærkninger")]


def narratives(plan: Plan, kind: str, period_label: str) -> dict[str, str]:
    return dict(
        Narrative.objects.filter(plan=plan, report=kind, period=period_label).values_list(
            "topic", "text"
        )
    )


def _text(texts: dict[str, str], topic: str) -> Text:
    paragraphs = [part.strip() for part in texts.get(topic, "").split("\n\n") if part.strip()]
    return Text(paragraphs, empty="Ingen tekst skrevet endnu.")


def _new_report(request: ReportRequest) -> Report:
    plan = request.plan
    return Report(
        kind=request.kind,
        title=ReportKind(request.kind).label,
        plan_name=plan.name,
        period_label=request.period.label,
        period_start=request.period.start,
        period_end=request.period.end,
        as_of=request.as_of,
        made_at=timezone.localtime(),
        suppressed=request.suppress,
        threshold=plan.small_number_threshold,
        organisation=plan.secretariat.name if plan.secretariat_id else "",
    )


def _by_activity(rows):
    return [
        (
            focus,
            [
                (activity, list(items))
                for activity, items in groupby(group, lambda r: r.criterion.activity)
            ],
        )
        for focus, group in groupby(rows, lambda r: r.criterion.activity.focus_area)
    ]


def fremdrift(request: ReportRequest) -> Report:
    plan, tertial = request.plan, request.period
    report = _new_report(request)
    texts = narratives(plan, request.kind, tertial.label)
    progress = plan_progress(plan, request.as_of)
    threshold = plan.small_number_threshold
    rows = _shown(request, progress)

    summary = report.section("Sammenfatning")
    summary.add(_text(texts, ""))
    summary.add(blocks.status_counts_table(rows, "Succeskriterier efter status"))

    for focus, activities in _by_activity(rows):
        report.section(f"Indsatsområde {focus.number}: {focus.name}")
        for activity, rows in activities:
            section = report.section(f"Aktivitet {blocks.activity_label(activity)}", level=3)
            section.add(_text(texts, f"activity:{activity.key}"))
            section.add(
                blocks.criteria_table(
                    rows,
                    f"Succeskriterier, aktivitet {blocks.activity_number(activity)}",
                    threshold=threshold,
                    suppress=request.suppress,
                )
            )
            if found := blocks.assessments(rows):
                section.add(found)

    report.section("Milepæle").add(blocks.milestone_table(plan, tertial, request.as_of))
    report.section("Manglende data").add(blocks.missing_table(progress, tertial))
    return report


def projektledelse(request: ReportRequest) -> Report:
    plan, tertial = request.plan, request.period
    report = _new_report(request)
    texts = narratives(plan, request.kind, tertial.label)
    progress = plan_progress(plan, request.as_of)
    economy = economy_overview(plan, request.as_of)
    year = plan_year_of(tertial.start, plan.start, plan.end)
    rows = _shown(request, progress)

    summary = report.section("Sammenfatning")
    summary.add(_text(texts, ""))
    summary.add(blocks.status_counts_table(rows, "Succeskriterier efter status"))

    milestones = report.section("Milepælsplaner")
    milestones.add(blocks.milestone_counts_table(plan, year, request.as_of))
    milestones.add(blocks.milestone_table(plan, tertial, request.as_of))

    report.section("Økonomi").add(blocks.economy_table(economy))
    report.section("Medarbejdertimer").add(blocks.hours_table(economy))

    risks = report.section("Risici")
    risks.add(_text(texts, "risks"))
    behind = [
        f"Aktivitet {blocks.activity_number(row.criterion.activity)}: {row.criterion.text} ({row.status_label})"
        for row in rows
        if row.status in {"behind", "near"}
    ]
    risks.add(Items(behind) if behind else Text([], empty="Ingen succeskriterier er bagud."))

    open_items = report.section("Åbne punkter")
    open_items.add(_text(texts, "open_items"))
    open_items.add(blocks.missing_table(progress, tertial))
    return report


def _measures_sections(report: Report, request: ReportRequest, texts: dict | None) -> None:
    """Per focus area: (the narrative,) every local measure's chart and a table of them all."""
    plan = request.plan
    measures = measures_progress(plan, request.as_of)
    measured = blocks.yearly_values(plan, request.as_of)
    years = sorted({year for values in measured.values() for year in values})
    for focus, rows in groupby(measures, lambda row: row.measure.focus_area):
        rows = list(rows)
        section = report.section(f"Indsatsområde {focus.number}: {focus.name}")
        if texts is not None:
            section.add(_text(texts, f"focus_area:{focus.key}"))
        section.add(
            blocks.measures_table(
                rows,
                measured,
                years,
                f"Lokalt opstillede målinger, indsatsområde {focus.number}",
                sheet=f"Målinger {focus.number}",
            )
        )
        for row in rows:
            section.add(blocks.measure_chart(row.measure, measured.get(row.measure.id, {})))


def _register_section(report: Report, request: ReportRequest, *, ways_off: bool) -> None:
    """Next to the local measures: the register measures and the areas' standing (issue 20)."""
    section = report.section(REGISTER_HEADING)
    add_register_blocks(
        section, request.plan, request.as_of, suppress=request.suppress, ways_off=ways_off
    )


def aarsrapport(request: ReportRequest) -> Report:
    plan, year = request.plan, request.period
    report = _new_report(request)
    texts = narratives(plan, request.kind, year.label)
    progress = plan_progress(plan, request.as_of)
    this_year = {
        row.criterion.id: row
        for row in plan_progress(plan, request.as_of, since=year.start).criteria
    }
    threshold = plan.small_number_threshold
    rows = _shown(request, progress)
    # Outward, the year's own person counts follow rule 4 of core/outward.py, decided from
    # every plan year up to this one (as the aktivitetsskema decides them).
    own_years = _years_up_to(plan, request.as_of, with_ends=True) if request.suppress else []
    years_shown = _shown_years(request, own_years) if request.suppress else {}

    summary = report.section("Sammenfatning")
    summary.add(_text(texts, ""))
    summary.add(blocks.status_counts_table(rows, "Succeskriterier efter status"))

    _measures_sections(report, request, texts)
    _register_section(report, request, ways_off=True)

    results = report.section("Aktiviteternes resultater")
    for focus, activities in _by_activity(rows):
        table = Table(
            title=f"Indsatsområde {focus.number}: {focus.name}",
            columns=[
                Column("Aktivitet"),
                Column("Succeskriterium"),
                Column("Mål"),
                Column(f"Resultat {year.label}", NUMBER),
                Column("Til dato", NUMBER),
                Column("Status"),
            ],
            sheet=f"Resultater {focus.number}",
        )
        for activity, rows in activities:
            for row in rows:
                year_row = this_year[row.criterion.id]
                year_value = blocks.shown_actual(year_row, threshold, request.suppress)
                if row.criterion.id in years_shown:
                    year_value = years_shown[row.criterion.id][-1]
                to_date = blocks.shown_actual(row, threshold, request.suppress)
                table.rows.append(
                    [
                        blocks.activity_label(activity),
                        row.criterion.text,
                        blocks.target_text(row.criterion),
                        year_value,
                        to_date,
                        row.status_label,
                    ]
                )
        results.add(table)

    economy = economy_overview(plan, request.as_of)
    report.section("Økonomi").add(blocks.economy_table(economy))
    report.section("Medarbejdertimer").add(blocks.hours_table(economy))
    report.section("Beredskab").add(_activations_table(plan, year))
    report.section("Perspektivering").add(_text(texts, "outlook"))
    return report


def _activations_table(plan: Plan, year) -> Table:
    """How often the beredskab was activated in the year, by type of incident."""
    rows = [row for row in activation_stats(plan) if row.year_label == year.label]
    table = Table(
        title=f"Aktiveringer af beredskabet {year.label}",
        columns=[Column("Hændelse"), Column("Aktiveringer", NUMBER)],
        sheet="Beredskab",
        empty="Beredskabet har ikke været aktiveret i planåret.",
    )
    table.rows = [[row.incident_label.capitalize(), row.count] for row in rows]
    if rows:
        table.total = ["I alt", sum(row.count for row in rows)]
    return table


def _shown(request: ReportRequest, progress) -> list:
    """The criteria as the report's reader may see them: for an outward report the figures and
    statuses of core/outward.py (the status table and the risks count those statuses)."""
    return outward_rows(
        progress.criteria, request.plan.small_number_threshold, active=request.suppress
    )


def _years_up_to(
    plan: Plan, as_of: datetime.date, *, with_ends: bool
) -> list[tuple[Period, dict, dict]]:
    """Each plan year begun by `as_of`: (year, its own figures, the figures from the plan's
    start to the year's end; these only `with_ends`, for the outward rule on yearly figures)."""
    result = []
    for year in plan_years(plan.start, plan.end):
        if year.start > as_of:
            break
        end = min(year.end, as_of)
        own = {row.criterion.id: row for row in plan_progress(plan, end, since=year.start).criteria}
        to_end = (
            {row.criterion.id: row for row in plan_progress(plan, end).criteria}
            if with_ends
            else {}
        )
        result.append((year, own, to_end))
    return result


def _shown_years(request: ReportRequest, years) -> dict[int, list]:
    """Per person criterion: each plan year's own figure as an outward report shows it (rule 4
    of core/outward.py: only ended years, and withheld where it would narrow a figure)."""
    if not years:
        return {}
    threshold = request.plan.small_number_threshold
    closed = [year.end <= request.as_of for year, _, _ in years]
    shown = {}
    for criterion_id, row in years[-1][2].items():
        criterion = row.criterion
        if not counts_persons(criterion):
            continue
        shown[criterion_id] = shown_years(
            criterion,
            [own[criterion_id].actual for _, own, _ in years],
            [to_end[criterion_id].actual for _, _, to_end in years],
            threshold,
            closed=closed,
        )
    return shown


def monitorering(request: ReportRequest) -> Report:
    plan = request.plan
    report = _new_report(request)
    texts = narratives(plan, request.kind, request.period.label)
    report.section("Indledning").add(_text(texts, ""))
    goals = OverallGoal.objects.for_plan(plan).values_list("text", flat=True)
    report.section("De overordnede mål").add(Items(list(goals)))
    _measures_sections(report, request, None)
    _register_section(report, request, ways_off=False)
    return report


def aktivitetsskema(request: ReportRequest) -> Report:
    """LBF's activity form: every criterion's target and result in each plan year so far."""
    plan = request.plan
    report = _new_report(request)
    texts = narratives(plan, request.kind, request.period.label)
    own_years = _years_up_to(plan, request.as_of, with_ends=request.suppress)
    years = [year for year, _, _ in own_years]
    total = plan_progress(plan, request.as_of)
    per_year = [own for _, own, _ in own_years]
    threshold = plan.small_number_threshold
    years_shown = _shown_years(request, own_years) if request.suppress else {}
    table = Table(
        title="Aktivitetsskema",
        columns=[
            Column("Indsatsområde"),
            Column("Aktivitet"),
            Column("Succeskriterium"),
            Column("Mål", NUMBER),
            Column("Enhed"),
        ]
        + [Column(year.label, NUMBER) for year in years]
        + [Column("Til dato", NUMBER), Column("Status")],
        sheet="Aktivitetsskema",
    )
    for row in _shown(request, total):
        criterion = row.criterion
        cells = years_shown.get(criterion.id) or [
            blocks.shown_actual(by_year[criterion.id], threshold, request.suppress)
            for by_year in per_year
        ]
        cumulative = blocks.shown_actual(row, threshold, request.suppress)
        table.rows.append(
            [
                f"{criterion.activity.focus_area.number}. {criterion.activity.focus_area.name}",
                blocks.activity_label(criterion.activity),
                criterion.text,
                criterion.target,
                " ".join(filter(None, [criterion.unit, criterion.get_per_display()])),
                *cells,
                cumulative,
                row.status_label,
            ]
        )
    report.section("Bemærkninger").add(_text(texts, ""))
    report.section("Aktiviteter og succeskriterier pr. planår").add(table)
    return report


ASSEMBLERS = {
    ReportKind.FREMDRIFT: fremdrift,
    ReportKind.PROJEKTLEDELSE: projektledelse,
    ReportKind.AARSRAPPORT: aarsrapport,
    ReportKind.MONITORERING: monitorering,
    ReportKind.AKTIVITETSSKEMA: aktivitetsskema,
}


def assemble(request: ReportRequest) -> Report:
    return ASSEMBLERS[ReportKind(request.kind)](request)
