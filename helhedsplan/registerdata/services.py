"""Register values read for a plan in one query, and the plan's areas' standing from them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from helhedsplan.core.suppression import Suppressed
from helhedsplan.plans.models import Area, Plan
from helhedsplan.plans.register_measures import BY_KEY, COMPARISONS, MEASURES, PLAN, value_words
from helhedsplan.registerdata.charts import SHARE_NAMES, criterion_chart
from helhedsplan.registerdata.models import RegisterValue
from helhedsplan.registerdata.standing import (
    FOREBYGGELSE_SHARE,
    LIST_LABELS,
    NON_WESTERN,
    PARALLEL_SHARE,
    RESIDENTS,
    Standing,
    Values,
    standing,
    way_off,
    years_on_lists,
)


def published_by(day) -> int:
    """The newest data year a date can show: register figures for a year are published in the
    course of the year after (Danmarks Statistik's yearly figures; Landsbyggefonden's portal is
    updated twice a year), so a report or a dashboard as of a day shows at most the year before
    its own. The register page itself shows every year imported."""
    return day.year - 1


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


def criterion_charts(values: Values, area: str, years: list[int]) -> list:
    """One chart per criterion of §§ 61 a-b (and the non-western share) over the years."""
    standings = [standing(values, area, year) for year in years]
    charts = []
    for index, rule in enumerate(standings[0].udsat if standings else []):
        series = [
            (
                result.year,
                result.udsat[index].value,
                result.udsat[index].threshold,
                result.forebyggelse[index].threshold,
            )
            for result in standings
        ]
        measure = BY_KEY[rule.key]
        averaged = " (gennemsnit af 2 år)" if rule.two_years else ""
        charts.append(
            criterion_chart(
                f"Kriterium {rule.number}: {measure.label}{averaged}", measure.unit, series
            )
        )
    share = [
        (result.year, result.non_western, PARALLEL_SHARE, FOREBYGGELSE_SHARE)
        for result in standings
    ]
    if standings:
        charts.append(
            criterion_chart(BY_KEY[NON_WESTERN].label, BY_KEY[NON_WESTERN].unit, share, SHARE_NAMES)
        )
    return charts


def shown_value(value: Decimal | None, measure, threshold: int, *, outward: bool):
    """A register value as a page or report shows it: a count of persons below the plan's
    threshold is hidden ("<5") in what leaves the secretariat, although it arrives already
    discretion-treated from the source. Register figures are published as they are, so a count
    at or above the threshold is not rounded."""
    if outward and measure.counts_persons and value is not None and 0 < value < threshold:
        return Suppressed(threshold)
    return value


@dataclass
class MeasureTable:
    place: str
    place_name: str
    places: list[tuple[str, str]]  # every place with data: key, name
    years: list[int]
    rows: list[tuple[object, list[str], str]]  # measure, the values in words by year, sources


def place_names(plan: Plan) -> dict[str, str]:
    names = dict(Area.objects.filter(plan=plan).order_by("order").values_list("key", "name"))
    return {**names, **COMPARISONS}


def measure_table(plan: Plan, place: str, *, outward: bool) -> MeasureTable | None:
    """Every measure with a value for the place, by year (None: the place is not the plan's)."""
    names = place_names(plan)
    if place not in names:
        return None
    rows = RegisterValue.objects.filter(plan=plan, place=place)
    years = sorted(set(rows.values_list("year", flat=True)))
    found: dict[str, dict[int, Decimal]] = {}
    sources: dict[str, set[str]] = {}
    for key, year, value, source in rows.values_list("measure", "year", "value", "source"):
        found.setdefault(key, {})[year] = value
        sources.setdefault(key, set()).add(source)
    threshold = plan.small_number_threshold
    table_rows = []
    for measure in MEASURES:
        if measure.key not in found:
            continue
        cells = [
            value_words(
                shown_value(found[measure.key].get(year), measure, threshold, outward=outward),
                measure.unit,
            )
            for year in years
        ]
        table_rows.append((measure, cells, ", ".join(sorted(s for s in sources[measure.key] if s))))
    with_data = set(RegisterValue.objects.filter(plan=plan).values_list("place", flat=True))
    places = [(key, name) for key, name in names.items() if key in with_data or key == place]
    return MeasureTable(place, names[place], places, years, table_rows)


@dataclass
class LatestStanding:
    """The newest data year's lists per area, for a start page."""

    year: int
    areas: list[tuple[str, list[str], bool]]  # name, the lists (in words), anything undecided


def latest_standing(plan: Plan) -> LatestStanding | None:
    year = latest_year(plan)
    if year is None:
        return None
    areas = []
    for area in plan_standing(plan, year):
        result = area.standing
        undecided = any(state is None for state in result.lists.values())
        areas.append((area.area.name, [LIST_LABELS[name] for name in result.on], undecided))
    return LatestStanding(year, areas)


@dataclass
class SeriesValue:
    value: Decimal
    source: str


def measure_series(plan: Plan, measures, up_to_year: int) -> dict[int, dict[int, SeriesValue]]:
    """The register values of the local measures fed from register data (by measure id, then
    year), up to a year, in one query."""
    wanted = {
        (m.register_place or PLAN, m.register_measure): m.id for m in measures if m.register_measure
    }
    found: dict[int, dict[int, SeriesValue]] = {}
    if not wanted:
        return found
    rows = RegisterValue.objects.filter(
        plan=plan,
        year__lte=up_to_year,
        measure__in={key for _, key in wanted},
        place__in={place for place, _ in wanted},
    ).order_by("year")
    for place, key, year, value, source in rows.values_list(
        "place", "measure", "year", "value", "source"
    ):
        if (place, key) in wanted:
            found.setdefault(wanted[(place, key)], {})[year] = SeriesValue(value, source)
    return found
