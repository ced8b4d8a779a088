"""Demo register series: the three Randers Nordby areas from 2014, their comparisons (the whole
plan, Randers Kommune, Region Midtjylland, the country), made up but plausible against the printed
plan's own figures, and marked as demo (is_demo, and "(demodata)" in the source).

Anchors from the printed plan (2016-17): 3,868 residents in the three areas; 38,2 % immigrants
and descendants (8,1 % in Randers Kommune); 54 % of the 18-64-year-olds outside the labour
market (25 %); 37,3 % of the 15-64-year-olds with only basic schooling; household income
338.609 kr. against 470.232 kr. (2014); 15 % moving out in 2014, 14 % in 2015; a 9th-grade
average of 4,8 against 6,7; 2,2 % of the 10-17-year-olds charged against 0,9 %.

The split of the residents is the demo's own: Gl. Jennumparken the largest, the area around
Glarbjergvej under 1,000 (so the page shows the 1,000-resident rule at work). The series improve
slowly, as a plan hopes, with a little deterministic noise.
"""

import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from helhedsplan.demo.marks import DEMO_MARK
from helhedsplan.plans.models import Area, Plan
from helhedsplan.plans.register_measures import BY_KEY
from helhedsplan.registerdata.models import RegisterValue

FIRST_YEAR = 2014

# Per area: the values in 2014 and the change per year (a share in percentage points).
AREAS = {
    "gl-jennumparken": {
        "residents": (1870, -3),
        "non_western": (54.0, -0.5),
        "outside_work_education_18_64": (47.0, -0.9),
        "convicted": (2.9, -0.08),
        "basic_education_only_30_59": (58.0, -0.8),
        "gross_income_15_64": (178_000, 2_500),
    },
    "vangdalsparken": {
        "residents": (1135, 2),
        "non_western": (41.0, -0.3),
        "outside_work_education_18_64": (42.0, -0.8),
        "convicted": (2.4, -0.06),
        "basic_education_only_30_59": (49.0, -0.6),
        "gross_income_15_64": (196_000, 3_000),
    },
    "omraadet-omkring-glarbjergvej": {
        "residents": (868, 1),
        "non_western": (33.0, -0.2),
        "outside_work_education_18_64": (39.0, -0.7),
        "convicted": (2.6, -0.07),
        "basic_education_only_30_59": (46.0, -0.5),
        "gross_income_15_64": (205_000, 3_200),
    },
}
# The common measures a board follows, for every area and the whole plan (start, per year).
COMMON = {
    "moving_out_rate": (15.0, -0.3),
    "day_care_1_5": (90.0, 0.3),
    "grade_average_9th": (4.8, 0.1),
    "basic_school_only_20_24": (41.0, -1.0),
    "youth_education_18_29": (60.0, 1.0),
    "employed_18_29": (38.0, 1.2),
    "outside_labour_market_18_64": (54.0, -1.0),
    "unemployed_18_64": (5.7, -0.2),
    "household_income": (338_609, 4_000),
    "charged_10_17": (2.2, -0.1),
}
# Where an area differs from the plan's average on the common measures (its start in 2014).
AREA_LEVELS = {
    "gl-jennumparken": {
        "charged_10_17": 2.7,
        "household_income": 318_000,
        "grade_average_9th": 4.5,
        "moving_out_rate": 16.0,
        "outside_labour_market_18_64": 57.0,
    },
    "vangdalsparken": {
        "charged_10_17": 1.8,
        "household_income": 352_000,
        "grade_average_9th": 5.1,
        "moving_out_rate": 13.5,
        "outside_labour_market_18_64": 52.0,
    },
    "omraadet-omkring-glarbjergvej": {
        "charged_10_17": 2.0,
        "household_income": 361_000,
        "grade_average_9th": 4.9,
        "moving_out_rate": 14.5,
        "outside_labour_market_18_64": 50.0,
    },
}
MUNICIPALITY = {
    "non_western": (8.1, 0.1),
    "outside_labour_market_18_64": (25.0, -0.3),
    "moving_out_rate": (9.0, 0.0),
    "day_care_1_5": (91.1, 0.1),
    "grade_average_9th": (6.7, 0.05),
    "household_income": (470_232, 6_000),
    "charged_10_17": (0.9, -0.02),
}
COUNTRY = {"convicted": (1.0, -0.02)}
REGION = {"gross_income_15_64": (345_000, 5_500)}
SOURCE = f"Danmarks Statistik {DEMO_MARK}"


def _series(start: float, step: float, years: int, noise: random.Random, spread: float) -> list:
    found = []
    for index in range(years):
        value = start + step * index + noise.uniform(-spread, spread) * abs(step or start * 0.01)
        found.append(value)
    return found


def _levelled(common: dict, levels: dict) -> dict:
    return {key: (levels.get(key, start), step) for key, (start, step) in common.items()}


def _value(key: str, raw: float) -> Decimal:
    unit = BY_KEY[key].unit
    if unit in ("antal", "kr."):
        return Decimal(round(raw))
    return Decimal(str(round(max(raw, 0), 1)))


def _rows(plan: Plan, seed: int, last_year: int) -> list[RegisterValue]:
    noise = random.Random(seed)
    years = list(range(FIRST_YEAR, last_year + 1))
    keys = set(Area.objects.filter(plan=plan).values_list("key", flat=True))
    places: list[tuple[str, dict]] = [
        (area, {**measures, **_levelled(COMMON, AREA_LEVELS[area])})
        for area, measures in AREAS.items()
        if area in keys
    ]
    places += [("kommune", MUNICIPALITY), ("land", COUNTRY), ("region", REGION)]
    rows = []
    for place, measures in places:
        for key, (start, step) in measures.items():
            for year, raw in zip(years, _series(start, step, len(years), noise, 0.6), strict=True):
                rows.append(
                    RegisterValue(
                        plan=plan,
                        place=place,
                        year=year,
                        measure=key,
                        value=_value(key, raw),
                        source=SOURCE,
                        is_demo=True,
                    )
                )
    _match_the_printed_total(rows)
    return rows + _whole_plan(plan, rows)


def _whole_plan(plan: Plan, rows: list[RegisterValue]) -> list[RegisterValue]:
    """The whole plan's figures from its areas': the residents added up, every other measure
    the residents-weighted mean, so that the plan lies between its areas as it would."""
    areas = set(AREAS)
    residents = {
        (row.place, row.year): row.value
        for row in rows
        if row.measure == "residents" and row.place in areas
    }
    sums: dict[tuple[int, str], list[Decimal]] = {}
    for row in rows:
        if row.place not in areas:
            continue
        weight = residents.get((row.place, row.year), Decimal(0))
        total = sums.setdefault((row.year, row.measure), [Decimal(0), Decimal(0)])
        total[0] += row.value if row.measure == "residents" else row.value * weight
        total[1] += weight
    whole = []
    for (year, key), (total, weight) in sorted(sums.items()):
        value = total if key == "residents" else total / weight
        whole.append(
            RegisterValue(
                plan=plan,
                place="plan",
                year=year,
                measure=key,
                value=_value(key, float(value)),
                source=SOURCE,
                is_demo=True,
            )
        )
    return whole


PRINTED_YEAR, PRINTED_RESIDENTS = 2016, 3868  # "3868 beboere (... april 2016)"


def _match_the_printed_total(rows: list[RegisterValue]) -> None:
    """The three areas' residents add up to the printed plan's 3,868 in 2016 (the largest area
    takes the difference)."""
    counts = [r for r in rows if r.year == PRINTED_YEAR and r.measure == "residents"]
    if len(counts) == len(AREAS):
        largest = max(counts, key=lambda r: r.value)
        largest.value += PRINTED_RESIDENTS - sum(r.value for r in counts)


def generate_register_demo(plan: Plan, *, seed: int, last_year: int) -> int:
    """The plan's demo register series from 2014 to `last_year` (any earlier demo series
    replaced; imported series are never touched, and a value imported for a place, year and
    measure wins over the demo's)."""
    delete_register_demo(plan)
    taken = set(RegisterValue.objects.filter(plan=plan).values_list("place", "year", "measure"))
    rows = [
        row
        for row in _rows(plan, seed, last_year)
        if (row.place, row.year, row.measure) not in taken
    ]
    bulk_create_with_history(rows, RegisterValue, batch_size=500)
    return len(rows)


def delete_register_demo(plan: Plan) -> int:
    return RegisterValue.objects.filter(plan=plan, is_demo=True).delete()[0]
