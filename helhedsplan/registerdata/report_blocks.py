"""The register measures and the areas' standing as report blocks, for the årsrapport and the
monitoreringsrapport (next to the local measures): the whole plan's measures at the plan's start,
in the latest two data years and the municipality's figure, and each area's lists.

The latest data year a report shows is the newest imported year before the year of the report's
data date (registerdata.services.published_by: a report for 2019/20 as of 31 May 2020 shows 2019
at the latest).
"""

from helhedsplan.documents.document import NUMBER, TEXT, Column, Items, Section, Table, Text
from helhedsplan.plans.models import Plan
from helhedsplan.plans.register_measures import BY_KEY, MEASURES, MUNICIPALITY, PLAN, value_words
from helhedsplan.registerdata.annex import start_year
from helhedsplan.registerdata.services import (
    data_years,
    plan_standing,
    plan_values,
    published_by,
    shown_value,
)
from helhedsplan.registerdata.standing import LIST_LABELS

HEADING = "Registermålinger og boligområdernes status"


def add_register_blocks(
    section: Section, plan: Plan, as_of, *, suppress: bool, ways_off: bool = True
) -> None:
    """The register blocks, or a line saying there are no register data yet; `ways_off`: with
    what would take each area off its lists (the årsrapport; the monitoreringsrapport keeps to
    the figures)."""
    values = plan_values(plan, up_to=published_by(as_of))
    years = data_years(values)
    if not years:
        section.add(Text([], empty="Der er ikke importeret registerdata for planen."))
        return
    latest = years[-1]
    start = start_year(plan, years)
    shown_years = sorted({start, *years[-2:]})
    threshold = plan.small_number_threshold
    table = Table(
        title="Fælles tværgående målinger, hele planens område",
        columns=[
            Column("Måling"),
            *(
                Column(f"{year} (start)" if year == start else str(year), NUMBER)
                for year in shown_years
            ),
            Column(f"Kommunen {latest}", NUMBER),
        ],
        sheet="Registermålinger",
        empty="Ingen registermålinger for hele planens område.",
        note="Registerdata fra Danmarks Statistik og Landsbyggefondens Boligsociale Data, som de "
        "er importeret.",
    )
    for measure in MEASURES:
        cells = [values.get((PLAN, year, measure.key)) for year in shown_years]
        cells.append(values.get((MUNICIPALITY, latest, measure.key)))
        if all(cell is None for cell in cells):
            continue
        # In words by the measure's unit (a row's unit differs from the next row's): «39,0 %».
        cells = [
            value_words(shown_value(cell, measure, threshold, outward=suppress), measure.unit)
            for cell in cells
        ]
        table.rows.append([measure.label, *cells])
    section.add(table)

    lists = Table(
        title=f"Boligområdernes status efter almenboligloven §§ 61 a-b, dataår {latest}",
        columns=[Column("Område"), Column("Beboere", NUMBER), Column("Lister", TEXT)],
        sheet="Status §§ 61 a-b",
    )
    ways = []
    for area in plan_standing(plan, latest, values):
        result = area.standing
        on = ", ".join(LIST_LABELS[name] for name in result.on) or "Ingen"
        if any(state is None for state in result.lists.values()):
            on += " (data mangler til at afgøre alle lister)"
        residents = shown_value(result.residents, BY_KEY["residents"], threshold, outward=suppress)
        lists.rows.append([area.area.name, residents, on])
        ways += [
            f"{area.area.name}, {LIST_LABELS[name]}: {how}." for name, how in area.way_off.items()
        ]
    section.add(lists)
    if ways and ways_off:
        section.add(Text(["Hvad der skal til for at komme af listerne:"]))
        section.add(Items(ways))
