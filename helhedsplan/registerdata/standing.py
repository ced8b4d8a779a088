"""An area's standing under almenboligloven §§ 61 a-b: each criterion met or not, and by how much,
the lists it is on, the years it has been on them and what would take it off.

The law (lov om almene boliger, LBK nr. 1171 af 11/11/2024), quoted:

§ 61 a, stk. 1: "Ved et udsat boligområde forstås et område, hvor mindst to af følgende kriterier
er opfyldt:
1) Andelen af beboere i alderen 18-64 år, der er uden tilknytning til arbejdsmarked eller
   uddannelse, overstiger 40 pct. opgjort som gennemsnittet over de seneste 2 år.
2) Andelen af beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om euforiserende
   stoffer udgør mindst tre gange landsgennemsnittet opgjort som gennemsnittet over de seneste
   2 år.
3) Andelen af beboere i alderen 30-59 år, der alene har en grundskoleuddannelse, overstiger
   60 pct.
4) Den gennemsnitlige bruttoindkomst for skattepligtige i alderen 15-64 år i området eksklusive
   uddannelsessøgende udgør mindre end 55 pct. af den gennemsnitlige bruttoindkomst for samme
   gruppe i regionen."
Stk. 2: "Ved et parallelsamfund forstås et boligområde, hvor andelen af indvandrere og efterkommere
fra ikkevestlige lande overstiger 50 pct., og hvor mindst to af kriterierne i stk. 1 er opfyldt."
Stk. 3: "Ved et boligområde nævnt i stk. 1 og 2 forstås fysisk sammenhængende matrikelnumre, som i
2010 var ejet af almene boligafdelinger og havde sammenlagt mindst 1.000 beboere. [...]"
Stk. 4: "Ved et omdannelsesområde forstås et boligområde, som de seneste 5 år har opfyldt
betingelserne i stk. 2."
Stk. 5: "Social- og boligministeren offentliggør den 1. december hvert år, hvilke områder der
opfylder betingelserne i stk. 1, 2 og 4 og § 61 b."
§ 61 b: "Ved et forebyggelsesområde forstås et boligområde, jf. § 61 a, stk. 3, hvor andelen af
indvandrere og efterkommere fra ikkevestlige lande overstiger 30 pct., og hvor mindst to af
følgende kriterier er opfyldt: 1) [...] overstiger 30 pct. opgjort som gennemsnittet over de
seneste 2 år. 2) [...] udgør mindst to gange landsgennemsnittet opgjort som gennemsnittet over de
seneste 2 år. 3) [...] overstiger 60 pct. 4) [...] udgør mindre end 65 pct. af den gennemsnitlige
bruttoindkomst for samme gruppe i regionen."

How the words are read here (README: Register data):
- "overstiger" (exceeds) is strictly greater; "mindst" (at least) includes the threshold;
  "mindre end" (less than) is strictly less. Every comparison is exact, in decimals.
- The year rule: the standing for data year Y uses the values for Y, and for the criteria the law
  measures "som gennemsnittet over de seneste 2 år" the mean of Y-1 and Y. The national average
  of criterion 2 is taken over the same 2 years (the law does not say; the ministry publishes one
  2-year national figure). Criterion 4 compares with the region's figure for Y.
- Stk. 3's 1,000 residents: the law counts the residents of 2010's matrikler; an area here is on
  no list in a year when its register count of residents for that year is under 1,000, as the
  ministry's descriptions ("med mindst 1.000 beboere") apply it.
- Stk. 4's "de seneste 5 år": the area met stk. 2 in each of Y-4 .. Y.
- § 61 b does not exclude an udsat area, and neither does this: an area may be on both lists.
  (The ministry's published lists name an area once; the page says so beside such an area.)
- A value that is missing makes the criterion unknown (met is None), never met or not met; a list
  is then known only if the known criteria already decide it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from helhedsplan.core.formats import plain_number
from helhedsplan.plans.register_measures import COUNTRY, REGION

RESIDENTS = "residents"
NON_WESTERN = "non_western"
OUTSIDE_WORK = "outside_work_education_18_64"
CONVICTED = "convicted"
BASIC_EDUCATION = "basic_education_only_30_59"
GROSS_INCOME = "gross_income_15_64"
MIN_RESIDENTS = 1000

UDSAT, PARALLEL, OMDANNELSE, FOREBYGGELSE = (
    "udsat",
    "parallelsamfund",
    "omdannelsesomraade",
    "forebyggelsesomraade",
)
LIST_LABELS = {
    UDSAT: "Udsat boligområde (§ 61 a, stk. 1)",
    PARALLEL: "Parallelsamfund (§ 61 a, stk. 2)",
    OMDANNELSE: "Omdannelsesområde (§ 61 a, stk. 4)",
    FOREBYGGELSE: "Forebyggelsesområde (§ 61 b)",
}
LISTS = list(LIST_LABELS)

GREATER, AT_LEAST, LESS = ">", ">=", "<"
COMPARISON_WORDS = {GREATER: "over", AT_LEAST: "mindst", LESS: "under"}


@dataclass(frozen=True)
class Rule:
    """One numbered criterion of § 61 a, stk. 1, or § 61 b."""

    number: int
    key: str  # the measure it reads
    compare: str  # GREATER, AT_LEAST or LESS
    limit: Decimal  # a share in per cent, or a factor of the comparison's figure
    two_years: bool  # "opgjort som gennemsnittet over de seneste 2 år"
    relative_to: str | None = None  # COUNTRY or REGION: the limit is a factor of its figure


UDSAT_RULES = [
    Rule(1, OUTSIDE_WORK, GREATER, Decimal(40), two_years=True),
    Rule(2, CONVICTED, AT_LEAST, Decimal(3), two_years=True, relative_to=COUNTRY),
    Rule(3, BASIC_EDUCATION, GREATER, Decimal(60), two_years=False),
    Rule(4, GROSS_INCOME, LESS, Decimal("0.55"), two_years=False, relative_to=REGION),
]
FOREBYGGELSE_RULES = [
    Rule(1, OUTSIDE_WORK, GREATER, Decimal(30), two_years=True),
    Rule(2, CONVICTED, AT_LEAST, Decimal(2), two_years=True, relative_to=COUNTRY),
    Rule(3, BASIC_EDUCATION, GREATER, Decimal(60), two_years=False),
    Rule(4, GROSS_INCOME, LESS, Decimal("0.65"), two_years=False, relative_to=REGION),
]
PARALLEL_SHARE = Decimal(50)  # § 61 a, stk. 2: "overstiger 50 pct."
FOREBYGGELSE_SHARE = Decimal(30)  # § 61 b: "overstiger 30 pct."
OMDANNELSE_YEARS = 5  # § 61 a, stk. 4: "de seneste 5 år"
CRITERIA_NEEDED = 2  # "mindst to af følgende kriterier"

Values = dict[tuple[str, int, str], Decimal]  # (place, year, measure) -> value


def compare(value: Decimal, how: str, threshold: Decimal) -> bool:
    if how == GREATER:
        return value > threshold
    if how == AT_LEAST:
        return value >= threshold
    return value < threshold


@dataclass
class Criterion:
    key: str
    number: int
    value: Decimal | None
    threshold: Decimal | None
    compare: str
    met: bool | None
    two_years: bool

    @property
    def margin(self) -> Decimal | None:
        """How far the value lies from the threshold: positive on the side that meets it."""
        if self.value is None or self.threshold is None:
            return None
        difference = self.value - self.threshold
        return -difference if self.compare == LESS else difference

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "value": plain_number(self.value),
            "threshold": plain_number(self.threshold),
            "met": self.met,
        }


@dataclass
class Standing:
    """One area in one data year."""

    area: str
    year: int
    residents: Decimal | None
    non_western: Decimal | None
    udsat: list[Criterion]
    forebyggelse: list[Criterion]
    lists: dict[str, bool | None]  # each list: on it, not on it, or not known
    missing: list[str] = field(default_factory=list)  # "measure year" the standing lacked

    @property
    def on(self) -> list[str]:
        return [name for name in LISTS if self.lists[name]]

    def as_json(self) -> dict:
        return {
            "area": self.area,
            "year": self.year,
            "residents": plain_number(self.residents),
            "non_western": plain_number(self.non_western),
            "criteria": {
                "udsat": [criterion.as_json() for criterion in self.udsat],
                "forebyggelse": [criterion.as_json() for criterion in self.forebyggelse],
            },
            "lists": self.on,
            "unknown_lists": [name for name in LISTS if self.lists[name] is None],
            "missing": self.missing,
        }


class _Reader:
    """Reads values for one area, noting every one it lacked."""

    def __init__(self, values: Values, area: str):
        self.values, self.area, self.missing = values, area, []

    def one(self, place: str, year: int, key: str) -> Decimal | None:
        found = self.values.get((place, year, key))
        if found is None:
            note = f"{key} {year}" + ("" if place == self.area else f" ({place})")
            if note not in self.missing:
                self.missing.append(note)
        return found

    def mean(self, place: str, year: int, key: str) -> Decimal | None:
        """The mean over the data year and the year before it (the law's "seneste 2 år")."""
        both = [self.one(place, year - 1, key), self.one(place, year, key)]
        return None if None in both else (both[0] + both[1]) / 2

    def read(self, rule: Rule, year: int) -> tuple[Decimal | None, Decimal | None]:
        """The rule's value for the area and its threshold, both in the measure's unit."""
        read = self.mean if rule.two_years else self.one
        value = read(self.area, year, rule.key)
        if rule.relative_to is None:
            return value, rule.limit
        reference = read(rule.relative_to, year, rule.key)
        return value, None if reference is None else rule.limit * reference


def _criteria(reader: _Reader, rules: list[Rule], year: int) -> list[Criterion]:
    found = []
    for rule in rules:
        value, threshold = reader.read(rule, year)
        met = (
            None if value is None or threshold is None else compare(value, rule.compare, threshold)
        )
        found.append(
            Criterion(rule.key, rule.number, value, threshold, rule.compare, met, rule.two_years)
        )
    return found


def _at_least_two(criteria: list[Criterion]) -> bool | None:
    met = sum(1 for criterion in criteria if criterion.met)
    unknown = sum(1 for criterion in criteria if criterion.met is None)
    if met >= CRITERIA_NEEDED:
        return True
    return None if met + unknown >= CRITERIA_NEEDED else False


def _both(*conditions: bool | None) -> bool | None:
    """Three-valued "and": false if any is false, unknown if any is unknown, else true."""
    if any(condition is False for condition in conditions):
        return False
    return None if any(condition is None for condition in conditions) else True


def _over(value: Decimal | None, limit: Decimal) -> bool | None:
    return None if value is None else value > limit


def _year_standing(values: Values, area: str, year: int) -> Standing:
    """The standing in one year, without stk. 4 (which needs the years before)."""
    reader = _Reader(values, area)
    residents = reader.one(area, year, RESIDENTS)
    non_western = reader.one(area, year, NON_WESTERN)
    udsat = _criteria(reader, UDSAT_RULES, year)
    forebyggelse = _criteria(reader, FOREBYGGELSE_RULES, year)
    large_enough = None if residents is None else residents >= MIN_RESIDENTS
    on_udsat = _both(large_enough, _at_least_two(udsat))
    lists = {
        UDSAT: on_udsat,
        PARALLEL: _both(on_udsat, _over(non_western, PARALLEL_SHARE)),
        OMDANNELSE: None,
        FOREBYGGELSE: _both(
            large_enough, _over(non_western, FOREBYGGELSE_SHARE), _at_least_two(forebyggelse)
        ),
    }
    return Standing(area, year, residents, non_western, udsat, forebyggelse, lists, reader.missing)


def standing(values: Values, area: str, year: int) -> Standing:
    """The area's standing for data year `year` under §§ 61 a-b."""
    result = _year_standing(values, area, year)
    parallel_years = [result.lists[PARALLEL]] + [
        _year_standing(values, area, earlier).lists[PARALLEL]
        for earlier in range(year - OMDANNELSE_YEARS + 1, year)
    ]
    result.lists[OMDANNELSE] = _both(*parallel_years)
    return result


def years_on_lists(values: Values, area: str, years: Iterable[int]) -> dict[str, list[int]]:
    """The years (of those given) in which the area was on each list."""
    found = {name: [] for name in LISTS}
    for year in sorted(years):
        for name in standing(values, area, year).on:
            found[name].append(year)
    return found


def way_off(result: Standing) -> dict[str, str]:
    """For each list the area is on, what would take it off, in Danish."""
    ways = {}
    if result.lists[UDSAT]:
        ways[UDSAT] = _fewer_criteria(result.udsat) + " eller få under 1.000 beboere"
    if result.lists[PARALLEL]:
        ways[PARALLEL] = (
            "Andelen af indvandrere og efterkommere fra ikkevestlige lande skal ned på højst "
            "50 pct., eller området skal ud af listen over udsatte boligområder"
        )
    if result.lists[OMDANNELSE]:
        ways[OMDANNELSE] = (
            "Området skal ét år ikke opfylde betingelserne for et parallelsamfund (§ 61 a, stk. 4)"
        )
    if result.lists[FOREBYGGELSE]:
        ways[FOREBYGGELSE] = (
            _fewer_criteria(result.forebyggelse)
            + ", få andelen af indvandrere og efterkommere fra ikkevestlige lande ned på højst "
            "30 pct., eller få under 1.000 beboere"
        )
    return ways


def _fewer_criteria(criteria: list[Criterion]) -> str:
    met = [criterion for criterion in criteria if criterion.met]
    must_stop = len(met) - (CRITERIA_NEEDED - 1)
    numbers = ", ".join(str(criterion.number) for criterion in met)
    which = "kriterium" if must_stop == 1 else "kriterier"
    return f"Området skal holde op med at opfylde {must_stop} {which} af nr. {numbers}"
