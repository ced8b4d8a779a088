"""The vocabulary of register measures: the keys an import file's `measure` column may hold, each
with its Danish name, its unit and where it usually comes from.

The first six are what almenboligloven §§ 61 a-b measure an area by (registerdata/standing.py).
The rest are the register-based measures a board follows: the strategic agreement's section 4
("Fælles tværgående målinger", gathered yearly by Landsbyggefonden and shown in its portal
Boligsociale Data) and the tables of Boligstatistiske Nøgletal and Beboerdata that the Randers
Nordby plan's baselines cite. A value always arrives as a share, an average or a total for the
whole area, already discretion-treated at the source: never a person.

Here in plans, below registerdata, because a local measure of the plan file may name a register
series as its source (`register_series: {measure, area}`, plans/planfile/focus_fields.py).
"""

from dataclasses import dataclass

from helhedsplan.core import formats
from helhedsplan.core.suppression import Suppressed

PERCENT, COUNT, KRONER, DAYS, GRADE = "pct.", "antal", "kr.", "dage", "karakter"

# Where a measure is usually taken from; the import's `source` column may name another.
DST = "Danmarks Statistik"
LBF_DATA = "Landsbyggefondens Boligsociale Data"
BOLIGSTAT = "Boligstatistiske Nøgletal (Danmarks Statistik)"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # Danish, as on every page and in every report
    unit: str
    source: str
    counts_persons: bool = False  # a count of people: hidden below the plan's threshold outward


MEASURES = [
    # almenboligloven §§ 61 a-b
    Measure("residents", "Antal beboere", COUNT, DST, counts_persons=True),
    Measure(
        "outside_work_education_18_64",
        "Andel 18-64-årige uden tilknytning til arbejdsmarked eller uddannelse",
        PERCENT,
        DST,
    ),
    Measure(
        "convicted",
        "Andel beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om "
        "euforiserende stoffer",
        PERCENT,
        DST,
    ),
    Measure(
        "basic_education_only_30_59",
        "Andel 30-59-årige, der alene har en grundskoleuddannelse",
        PERCENT,
        DST,
    ),
    Measure(
        "gross_income_15_64",
        "Gennemsnitlig bruttoindkomst for skattepligtige 15-64-årige ekskl. uddannelsessøgende",
        KRONER,
        DST,
    ),
    Measure(
        "non_western",
        "Andel indvandrere og efterkommere fra ikkevestlige lande",
        PERCENT,
        DST,
    ),
    # The common measures a board follows (section 4) and the seed's baseline tables.
    Measure("households", "Antal husstande", COUNT, BOLIGSTAT),
    Measure("moving_out_rate", "Fraflytningsprocent", PERCENT, BOLIGSTAT),
    Measure("moved_in", "Antal tilflyttere", COUNT, BOLIGSTAT, counts_persons=True),
    Measure("moved_out", "Antal fraflyttere", COUNT, BOLIGSTAT, counts_persons=True),
    Measure("children_0_17", "Antal børn og unge 0-17 år", COUNT, DST, counts_persons=True),
    Measure("children_single_provider", "Andel børn, der bor hos én forsørger", PERCENT, BOLIGSTAT),
    Measure("day_care_1_5", "Andel 1-5-årige i dagtilbud", PERCENT, BOLIGSTAT),
    Measure(
        "grade_average_9th",
        "Karaktergennemsnit i dansk og matematik, 9. klasse",
        GRADE,
        LBF_DATA,
    ),
    Measure(
        "basic_school_only_20_24",
        "Andel 20-24-årige med grundskolen som højeste fuldførte uddannelse, ikke i uddannelse",
        PERCENT,
        LBF_DATA,
    ),
    Measure(
        "youth_education_18_29",
        "Andel 18-29-årige, der har fuldført eller er i gang med en ungdomsuddannelse",
        PERCENT,
        BOLIGSTAT,
    ),
    Measure("employed_18_29", "Andel 18-29-årige i beskæftigelse", PERCENT, BOLIGSTAT),
    Measure(
        "outside_labour_market_18_64",
        "Andel 18-64-årige uden for arbejdsmarkedet",
        PERCENT,
        BOLIGSTAT,
    ),
    Measure("unemployed_18_64", "Andel ledige 18-64-årige", PERCENT, BOLIGSTAT),
    Measure("public_support_18_64", "Andel 18-64-årige på offentlig forsørgelse", PERCENT, DST),
    Measure("household_income", "Gennemsnitlig husstandsindkomst", KRONER, BOLIGSTAT),
    Measure(
        "charged_10_17",
        "Andel 10-17-årige sigtet mindst én gang for overtrædelse af straffeloven",
        PERCENT,
        LBF_DATA,
    ),
]
BY_KEY = {measure.key: measure for measure in MEASURES}

# The places a value may be for, beside the plan's own areas (their keys).
PLAN, MUNICIPALITY, REGION, COUNTRY = "plan", "kommune", "region", "land"
COMPARISONS = {
    PLAN: "Hele planens område",
    MUNICIPALITY: "Kommunen",
    REGION: "Regionen",
    COUNTRY: "Hele landet",
}


def value_words(value, unit: str) -> str:
    """A register value in words, by its unit: «45,0 %», «220.000 kr.», «1.500»; a hidden count
    as it is shown («<5»), a missing one as «–»."""
    if value is None:
        return formats.EMPTY
    if isinstance(value, Suppressed):
        return str(value)
    if unit == KRONER:
        return formats.amount(value)
    if unit == PERCENT:
        return formats.percent(value, 1, fixed=True)
    if unit == GRADE:
        return formats.number(value, 1, fixed=True)
    return formats.number(value)


# What a local measure's register source may name beside the plan's own areas.
REGISTER_PLACES = (PLAN, MUNICIPALITY)
REGISTER_CHOICES = tuple((measure.key, measure.label) for measure in MEASURES)
