"""The strategic agreement's annex of the register measures at the plan's start.

The printed plan, section 4: "Et bilag med de centralt genererede målinger ved indsatsens
starttidspunkt skal vedlægges nærværende aftale." The measures "at the start" are those of the
newest data year before the year the plan starts (register data for a year are published the year
after), or the first year imported if there is none before. The annex leaves the secretariat (it
is attached to the agreement), so small person counts are hidden in it, always.
"""

from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.documents.document import NUMBER, TEXT, Column, Items, Report, Table, Text
from helhedsplan.plans.models import Area, Plan
from helhedsplan.plans.register_measures import (
    COMPARISONS,
    COUNT,
    MEASURES,
    MUNICIPALITY,
    PLAN,
    value_words,
)
from helhedsplan.registerdata.services import (
    data_years,
    plan_standing,
    plan_values,
    shown_value,
)
from helhedsplan.registerdata.standing import LIST_LABELS

TITLE = "Bilag: Fælles tværgående målinger"


class NoRegisterData(LookupError):
    """The plan has no register data to make the annex of."""


def start_year(plan: Plan, years: list[int]) -> int | None:
    before = [year for year in years if year < plan.start.year]
    return max(before) if before else (min(years) if years else None)


def annex(plan: Plan) -> Report:
    values = plan_values(plan)
    year = start_year(plan, data_years(values))
    if year is None:
        raise NoRegisterData("Planen har ingen registerdata endnu, så bilaget kan ikke dannes.")
    now = timezone.localtime()
    report = Report(
        kind="bilag",
        title=TITLE,
        plan_name=plan.name,
        period_label=f"ved indsatsens start ({year})",
        period_start=plan.start,
        period_end=plan.end,
        as_of=now.date(),
        made_at=now,
        suppressed=True,
        threshold=plan.small_number_threshold,
        facts=[
            ("Plan", plan.name),
            ("Planperiode", formats.period_words(plan.start, plan.end)),
            ("Dataår", str(year)),
            ("Dannet", formats.datetime_words(now)),
        ],
        audience=f"Bilag til den strategiske samarbejdsaftale. Antal personer under "
        f"{plan.small_number_threshold} vises som «<{plan.small_number_threshold}».",
        footer=f"{plan.name} · {TITLE} ved indsatsens start · dataår {year}",
        organisation=plan.secretariat.name if plan.secretariat_id else "",
    )
    intro = report.section("Om målingerne")
    intro.add(
        Text(
            [
                "Landsbyggefonden indhenter årligt en status på en række centralt genererede, "
                "registerbaserede målinger, som er fælles for alle boligsociale indsatser med "
                "støtte fra fonden. Det er en forudsætning for støtten, at bestyrelsen løbende "
                "følger, hvordan målingerne udvikler sig (den strategiske aftale, afsnit 4).",
                f"Bilaget viser målingerne for dataåret {year}, det seneste år før planens "
                f"start {formats.date_words(plan.start)}, for hvert boligområde, hele planens "
                "område og kommunen.",
            ]
        )
    )
    places = [
        (area.key, area.name) for area in Area.objects.filter(plan=plan).order_by("order")
    ] + [(PLAN, COMPARISONS[PLAN]), (MUNICIPALITY, COMPARISONS[MUNICIPALITY])]
    places = [(key, name) for key, name in places if any(k[0] == key for k in values)]
    table = Table(
        title=f"Registermålinger {year}",
        columns=[Column("Måling", TEXT), *(Column(name, NUMBER) for _, name in places)],
        empty="Ingen registermålinger for året.",
    )
    threshold = plan.small_number_threshold
    for measure in MEASURES:
        cells = [values.get((key, year, measure.key)) for key, _ in places]
        if all(cell is None for cell in cells):
            continue
        shown = [
            value_words(shown_value(cell, measure, threshold, outward=True), measure.unit)
            for cell in cells
        ]
        unit = "" if measure.unit == COUNT else f" ({measure.unit})"
        table.rows.append([f"{measure.label}{unit}", *shown])
    report.section("Målingerne").add(table)
    lists = report.section("Boligområdernes status efter almenboligloven §§ 61 a-b")
    lines = []
    for area in plan_standing(plan, year, values):
        on = [LIST_LABELS[name] for name in area.standing.on]
        unknown = [
            LIST_LABELS[name] for name, state in area.standing.lists.items() if state is None
        ]
        text = f"{area.area.name}: {', '.join(on) if on else 'på ingen af listerne'}"
        if unknown:
            text += f" (kan ikke afgøres af data: {', '.join(unknown)})"
        lines.append(text + ".")
    lists.add(Items(lines))
    return report
