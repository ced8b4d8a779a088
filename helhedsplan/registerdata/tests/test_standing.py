"""Every criterion of almenboligloven §§ 61 a-b at, just below and just above its threshold, the
2-year averages, the 1,000 residents, the 5 years of stk. 4, and an area on two lists. Pure
functions over a dictionary of values: no database."""

from decimal import Decimal

import pytest

from helhedsplan.registerdata.standing import (
    FOREBYGGELSE,
    OMDANNELSE,
    PARALLEL,
    UDSAT,
    standing,
    way_off,
    years_on_lists,
)

D = Decimal
AREA, YEAR = "jennumparken", 2020
EPSILON = D("0.01")

# Meets nothing: every criterion far on the safe side, in both years.
CALM = {
    "residents": D(1500),
    "non_western": D(10),
    "outside_work_education_18_64": D(20),
    "convicted": D(1),
    "basic_education_only_30_59": D(30),
    "gross_income_15_64": D(300_000),
}
NATIONAL_CONVICTED = D(1)  # per cent, both years
REGIONAL_INCOME = D(400_000)


def values(area=None, years=(YEAR - 1, YEAR), **overrides) -> dict:
    """Values for the area in the given years (CALM unless overridden: a value, or a dict by
    year), with the country's convicted share and the region's income."""
    found = {}
    for year in years:
        found[("land", year, "convicted")] = NATIONAL_CONVICTED
        found[("region", year, "gross_income_15_64")] = REGIONAL_INCOME
        for key, calm in CALM.items():
            value = overrides.get(key, calm)
            if isinstance(value, dict):
                value = value.get(year, calm)
            if value is not None:
                found[(area or AREA, year, key)] = D(value)
    return found


def criterion(result, group: str, key: str):
    return next(c for c in getattr(result, group) if c.key == key)


def test_an_area_that_meets_nothing_is_on_no_list():
    result = standing(values(), AREA, YEAR)
    assert result.on == []
    assert all(c.met is False for c in result.udsat + result.forebyggelse)
    assert result.missing == []


# § 61 a, stk. 1, and § 61 b: (key, group, threshold in the measure's unit, how it compares).
THRESHOLDS = [
    ("outside_work_education_18_64", "udsat", D(40), ">"),
    ("outside_work_education_18_64", "forebyggelse", D(30), ">"),
    ("convicted", "udsat", D(3) * NATIONAL_CONVICTED, ">="),
    ("convicted", "forebyggelse", D(2) * NATIONAL_CONVICTED, ">="),
    ("basic_education_only_30_59", "udsat", D(60), ">"),
    ("basic_education_only_30_59", "forebyggelse", D(60), ">"),
    ("gross_income_15_64", "udsat", D("0.55") * REGIONAL_INCOME, "<"),
    ("gross_income_15_64", "forebyggelse", D("0.65") * REGIONAL_INCOME, "<"),
]


@pytest.mark.parametrize(("key", "group", "threshold", "how"), THRESHOLDS)
@pytest.mark.parametrize("offset", [-EPSILON, D(0), EPSILON])
def test_each_criterion_at_just_below_and_just_above_its_threshold(
    key, group, threshold, how, offset
):
    value = threshold + offset
    result = standing(values(**{key: value}), AREA, YEAR)
    found = criterion(result, group, key)
    expected = {">": value > threshold, ">=": value >= threshold, "<": value < threshold}[how]
    assert found.value == value
    assert found.threshold == threshold
    assert found.met is expected
    # "overstiger" excludes the threshold, "mindst" includes it, "mindre end" excludes it.
    if offset == 0:
        assert found.met is (how == ">=")


def test_the_two_year_criteria_use_the_mean_of_the_data_year_and_the_year_before():
    # 38 and 43: mean 40.5 > 40 although the data year alone (43) and the year before (38)
    # would each say something else of the other's side.
    result = standing(values(outside_work_education_18_64={YEAR - 1: 38, YEAR: 43}), AREA, YEAR)
    found = criterion(result, "udsat", "outside_work_education_18_64")
    assert found.value == D("40.5") and found.met is True
    # 43 and 37: mean exactly 40, which does not exceed 40.
    result = standing(values(outside_work_education_18_64={YEAR - 1: 37, YEAR: 43}), AREA, YEAR)
    assert criterion(result, "udsat", "outside_work_education_18_64").met is False


def test_the_national_average_of_the_convicted_share_is_taken_over_the_same_two_years():
    found_values = values(convicted={YEAR - 1: D("2.8"), YEAR: D("3.0")})
    found_values[("land", YEAR - 1, "convicted")] = D("0.9")
    found_values[("land", YEAR, "convicted")] = D("1.0")
    found = criterion(standing(found_values, AREA, YEAR), "udsat", "convicted")
    assert found.value == D("2.9")
    assert found.threshold == D("2.85")  # 3 x 0.95
    assert found.met is True
    assert found.margin == D("0.05")


def test_the_income_criterion_compares_with_the_regions_figure_of_the_data_year():
    found_values = values(gross_income_15_64=D(219_000))
    found_values[("region", YEAR, "gross_income_15_64")] = D(400_000)
    found = criterion(standing(found_values, AREA, YEAR), "udsat", "gross_income_15_64")
    assert found.threshold == D(220_000)
    assert found.met is True
    assert found.margin == D(1000)  # below the threshold by 1.000 kr.: the side that meets it


def udsat_values(**overrides):
    """Meets criteria 1 and 3 of § 61 a, stk. 1 (and so also of § 61 b)."""
    return values(outside_work_education_18_64=45, basic_education_only_30_59=65, **overrides)


def test_two_criteria_make_an_udsat_area_and_one_does_not():
    assert standing(udsat_values(), AREA, YEAR).on == [UDSAT]
    one = values(outside_work_education_18_64=45)
    assert standing(one, AREA, YEAR).lists[UDSAT] is False


@pytest.mark.parametrize(("residents", "listed"), [(999, False), (1000, True), (1001, True)])
def test_an_area_under_1000_residents_is_on_no_list(residents, listed):
    result = standing(udsat_values(residents=residents, non_western=60), AREA, YEAR)
    assert result.lists[UDSAT] is listed
    assert result.lists[PARALLEL] is listed
    assert result.lists[FOREBYGGELSE] is listed


@pytest.mark.parametrize(
    ("share", "parallel", "forebyggelse"),
    [
        (D("49.99"), False, True),
        (D(50), False, True),
        (D("50.01"), True, True),
        (D("29.99"), False, False),
        (D(30), False, False),
        (D("30.01"), False, True),
    ],
)
def test_the_non_western_share_at_just_below_and_just_above_50_and_30_per_cent(
    share, parallel, forebyggelse
):
    result = standing(udsat_values(non_western=share), AREA, YEAR)
    assert result.lists[PARALLEL] is parallel
    assert result.lists[FOREBYGGELSE] is forebyggelse


def test_an_area_can_be_udsat_and_forebyggelsesomraade_at_once():
    result = standing(udsat_values(non_western=40), AREA, YEAR)
    assert result.on == [UDSAT, FOREBYGGELSE]


def test_a_forebyggelsesomraade_needs_two_of_its_own_lower_criteria():
    # 35 % outside work meets § 61 b nr. 1 (over 30) but not § 61 a nr. 1 (over 40); income at
    # 60 % of the region meets § 61 b nr. 4 (under 65) but not § 61 a nr. 4 (under 55).
    result = standing(
        values(outside_work_education_18_64=35, gross_income_15_64=240_000, non_western=35),
        AREA,
        YEAR,
    )
    assert result.on == [FOREBYGGELSE]
    assert [c.met for c in result.udsat] == [False, False, False, False]
    assert [c.met for c in result.forebyggelse] == [True, False, False, True]


def parallel_in(years_met: set[int], first: int = 2010, last: int = YEAR):
    """A parallelsamfund in the given years, otherwise below the non-western share."""
    shares = {year: 60 if year in years_met else 40 for year in range(first - 1, last + 1)}
    return udsat_values(years=range(first - 1, last + 1), non_western=shares)


def test_an_omdannelsesomraade_has_been_a_parallelsamfund_each_of_the_last_5_years():
    every_year = parallel_in(set(range(YEAR - 4, YEAR + 1)))
    assert standing(every_year, AREA, YEAR).lists[OMDANNELSE] is True
    four_years = parallel_in(set(range(YEAR - 3, YEAR + 1)))
    assert standing(four_years, AREA, YEAR).lists[OMDANNELSE] is False
    gap = parallel_in(set(range(YEAR - 4, YEAR + 1)) - {YEAR - 2})
    assert standing(gap, AREA, YEAR).lists[OMDANNELSE] is False
    not_now = parallel_in(set(range(YEAR - 5, YEAR)))
    result = standing(not_now, AREA, YEAR)
    assert result.lists[OMDANNELSE] is False and result.lists[PARALLEL] is False


def test_the_years_on_each_list_and_what_would_take_the_area_off():
    data = parallel_in(set(range(2014, YEAR + 1)), first=2012)
    years = years_on_lists(data, AREA, range(2013, YEAR + 1))
    assert years[UDSAT] == list(range(2013, YEAR + 1))
    assert years[PARALLEL] == list(range(2014, YEAR + 1))
    assert years[OMDANNELSE] == list(range(2018, YEAR + 1))
    ways = way_off(standing(data, AREA, YEAR))
    assert ways[UDSAT].startswith("Området skal holde op med at opfylde 1 kriterium af nr. 1, 3")
    assert "højst 50 pct." in ways[PARALLEL]
    assert set(ways) == {UDSAT, PARALLEL, OMDANNELSE, FOREBYGGELSE}


def test_a_missing_value_makes_its_criterion_unknown_and_a_list_unknown_only_if_it_decides():
    # The year before is missing: both 2-year criteria are unknown.
    data = udsat_values()
    del data[(AREA, YEAR - 1, "outside_work_education_18_64")]
    result = standing(data, AREA, YEAR)
    assert criterion(result, "udsat", "outside_work_education_18_64").met is None
    assert "outside_work_education_18_64 2019" in result.missing
    # Criterion 3 is met, criterion 1 unknown, 2 and 4 not met: undecided.
    assert result.lists[UDSAT] is None
    # The non-western share (10 %) decides the other three lists whatever criterion 1 is.
    assert result.as_json()["unknown_lists"] == [UDSAT]
    # Two known criteria decide it whatever the unknown one is.
    data = udsat_values(gross_income_15_64=100_000)
    del data[(AREA, YEAR - 1, "outside_work_education_18_64")]
    assert standing(data, AREA, YEAR).lists[UDSAT] is True


def test_no_residents_count_means_no_list_can_be_decided_yes():
    data = udsat_values()
    del data[(AREA, YEAR, "residents")]
    result = standing(data, AREA, YEAR)
    assert result.lists[UDSAT] is None
    assert result.on == []


def test_the_json_carries_the_keys_the_command_promises():
    found = standing(udsat_values(), AREA, YEAR).as_json()
    assert set(found) >= {"area", "residents", "criteria", "lists"}
    assert [c["key"] for c in found["criteria"]["udsat"]] == [
        "outside_work_education_18_64",
        "convicted",
        "basic_education_only_30_59",
        "gross_income_15_64",
    ]
    assert found["criteria"]["udsat"][0] == {
        "key": "outside_work_education_18_64",
        "value": 45,
        "threshold": 40,
        "met": True,
    }
    assert found["lists"] == ["udsat"]
