"""Register values read for a plan in one query, and the plan's areas' standing from them."""

from dataclasses import dataclass

from django.db.models import Max

from helhedsplan.plans.models import Area, Plan
from helhedsplan.registerdata.models import RegisterValue
from helhedsplan.registerdata.standing import (
    RESIDENTS,
    Standing,
    Values,
    standing,
    way_off,
    years_on_lists,
)


def plan_values(plan: Plan, *, up_to: int | None = None) -> Values:
    """Every value of the plan, keyed (place, year, measure): one query, a few thousand rows for a
    plan with ten years of data."""
    rows = RegisterValue.objects.filter(plan=plan)
    if up_to is not None:
        rows = rows.filter(year__lte=up_to)
    return {
        (place, year, measure): value
        for place, year, measure, value in rows.values_list("place", "year", "measure", "value")
    }


def latest_year(plan: Plan) -> int | None:
    """The newest year with a residents count for one of the plan's areas: the data year a
    standing is shown for unless another is asked for."""
    keys = Area.objects.filter(plan=plan).values("key")
    found = RegisterValue.objects.filter(plan=plan, measure=RESIDENTS, place__in=keys).aggregate(
        year=Max("year")
    )
    return found["year"]


def data_years(values: Values) -> list[int]:
    return sorted({year for _, year, _ in values})


@dataclass
class AreaStanding:
    """An area of the plan with its standing in the data year and its years on each list."""

    area: Area
    standing: Standing
    years_on: dict[str, list[int]]
    way_off: dict[str, str]

    def as_json(self) -> dict:
        return {**self.standing.as_json(), "name": self.area.name, "years_on_lists": self.years_on}


def plan_standing(plan: Plan, year: int, values: Values | None = None) -> list[AreaStanding]:
    """Each area's standing for data year `year` (registerdata/standing.py: the year rule)."""
    values = plan_values(plan, up_to=year) if values is None else values
    # The trend goes back as far as the data lets a standing be made: the first year with data
    # plus the two-year averages' year before, and stk. 4's five years.
    years = [y for y in data_years(values) if y <= year]
    trend_years = years[1:] if len(years) > 1 else years
    found = []
    for area in Area.objects.filter(plan=plan).order_by("order"):
        result = standing(values, area.key, year)
        found.append(
            AreaStanding(
                area,
                result,
                years_on_lists(values, area.key, trend_years),
                way_off(result),
            )
        )
    return found
