"""Plan years and tertials, at every edge of the Randers Nordby plan (2017-06-01..2021-05-31)."""

from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.periods import (
    Period,
    all_tertials,
    elapsed_share,
    parse_period,
    plan_year_of,
    plan_years,
    tertial_of,
    tertials,
)

START, END = date(2017, 6, 1), date(2021, 5, 31)
D = date


@st.composite
def plans(draw):
    """Any plan: mostly 1 June starts, but also odd days such as 31 January and 29 February."""
    start = draw(
        st.one_of(
            st.integers(2000, 2035).map(lambda y: date(y, 6, 1)),
            st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
            st.sampled_from([date(2020, 2, 29), date(2019, 1, 31), date(2018, 8, 31)]),
        )
    )
    return start, start + timedelta(days=draw(st.integers(0, 6 * 366)))


def days_of(start: date, end: date):
    return (start + timedelta(days=n) for n in range((end - start).days + 1))


# --- Period -------------------------------------------------------------------------------------


def test_a_period_counts_both_its_first_and_last_day():
    assert Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18").days == 365
    assert Period(D(2020, 3, 1), D(2020, 3, 1), "en dag").days == 1


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (D(2017, 5, 31), False),
        (D(2017, 6, 1), True),
        (D(2017, 12, 24), True),
        (D(2018, 5, 31), True),
        (D(2018, 6, 1), False),
    ],
)
def test_a_period_contains_its_first_and_last_day_and_nothing_outside(day, inside):
    assert Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18").contains(day) is inside


def test_a_period_cannot_end_before_it_begins():
    with pytest.raises(ValueError, match="slutter før den begynder"):
        Period(D(2018, 1, 2), D(2018, 1, 1), "baglæns")


def test_periods_sort_by_their_start():
    later = Period(D(2018, 6, 1), D(2019, 5, 31), "2018/19")
    earlier = Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18")
    assert sorted([later, earlier]) == [earlier, later]


def test_a_period_is_frozen_and_hashable():
    period = Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18")
    assert {period, Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18")} == {period}
    with pytest.raises(AttributeError):
        period.label = "andet"


# --- plan years ---------------------------------------------------------------------------------

RANDERS_YEARS = [
    ("2017/18", D(2017, 6, 1), D(2018, 5, 31), 365),
    ("2018/19", D(2018, 6, 1), D(2019, 5, 31), 365),
    ("2019/20", D(2019, 6, 1), D(2020, 5, 31), 366),  # holds 29 February 2020
    ("2020/21", D(2020, 6, 1), D(2021, 5, 31), 365),
]


def test_the_randers_plan_has_four_plan_years_from_june_to_may():
    years = plan_years(START, END)
    assert [(y.label, y.start, y.end, y.days) for y in years] == RANDERS_YEARS


def test_the_last_plan_year_is_cut_at_the_plan_end():
    years = plan_years(D(2017, 6, 1), D(2019, 12, 31))
    assert [y.label for y in years] == ["2017/18", "2018/19", "2019/20"]
    assert years[-1] == Period(D(2019, 6, 1), D(2019, 12, 31), "2019/20")


def test_a_one_day_plan_has_one_one_day_plan_year():
    assert plan_years(D(2017, 6, 1), D(2017, 6, 1)) == [
        Period(D(2017, 6, 1), D(2017, 6, 1), "2017/18")
    ]


def test_a_plan_ending_before_it_starts_has_no_plan_years():
    assert plan_years(D(2017, 6, 1), D(2017, 5, 31)) == []


def test_a_plan_not_starting_in_june_has_years_from_its_own_anniversary():
    years = plan_years(D(2018, 1, 15), D(2020, 1, 14))
    assert [(y.label, y.start, y.end) for y in years] == [
        ("2018/19", D(2018, 1, 15), D(2019, 1, 14)),
        ("2019/20", D(2019, 1, 15), D(2020, 1, 14)),
    ]


def test_a_plan_starting_on_29_february_has_its_anniversary_on_28_february():
    years = plan_years(D(2020, 2, 29), D(2024, 2, 28))
    assert [y.start for y in years] == [
        D(2020, 2, 29),
        D(2021, 2, 28),
        D(2022, 2, 28),
        D(2023, 2, 28),
    ]
    assert years[0].end == D(2021, 2, 27)


def test_a_plan_year_label_crosses_the_century_with_two_digits():
    assert plan_years(D(1999, 6, 1), D(2000, 5, 31))[0].label == "1999/00"


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2017, 5, 31), None),
        (D(2017, 6, 1), "2017/18"),
        (D(2018, 1, 31), "2017/18"),
        (D(2018, 5, 31), "2017/18"),
        (D(2018, 6, 1), "2018/19"),
        (D(2019, 5, 31), "2018/19"),
        (D(2019, 6, 1), "2019/20"),
        (D(2020, 2, 29), "2019/20"),
        (D(2020, 5, 31), "2019/20"),
        (D(2020, 6, 1), "2020/21"),
        (D(2021, 5, 31), "2020/21"),
        (D(2021, 6, 1), None),
    ],
)
def test_plan_year_of_a_day_at_every_year_boundary(day, label):
    year = plan_year_of(day, START, END)
    assert (year.label if year else None) == label


# --- tertials -----------------------------------------------------------------------------------

RANDERS_TERTIALS_2017 = [
    ("2017/18-T1", D(2017, 6, 1), D(2017, 9, 30), 122),
    ("2017/18-T2", D(2017, 10, 1), D(2018, 1, 31), 123),
    ("2017/18-T3", D(2018, 2, 1), D(2018, 5, 31), 120),
]


def test_a_plan_year_splits_into_june_september_october_january_february_may():
    year = plan_years(START, END)[0]
    assert [(t.label, t.start, t.end, t.days) for t in tertials(year)] == RANDERS_TERTIALS_2017


def test_the_third_tertial_of_the_leap_plan_year_has_29_february():
    t3 = tertials(plan_years(START, END)[2])[2]
    assert (t3.label, t3.start, t3.end, t3.days) == (
        "2019/20-T3",
        D(2020, 2, 1),
        D(2020, 5, 31),
        121,
    )


def test_a_cut_plan_year_keeps_only_the_tertials_that_begin_before_the_cut():
    year = Period(D(2019, 6, 1), D(2019, 12, 31), "2019/20")
    assert tertials(year) == [
        Period(D(2019, 6, 1), D(2019, 9, 30), "2019/20-T1"),
        Period(D(2019, 10, 1), D(2019, 12, 31), "2019/20-T2"),
    ]
    assert tertials(Period(D(2019, 6, 1), D(2019, 8, 15), "2019/20")) == [
        Period(D(2019, 6, 1), D(2019, 8, 15), "2019/20-T1")
    ]


def test_a_plan_starting_on_the_31st_has_tertials_without_gaps():
    # 31 July + 4 months is clamped to 30 November; 8 months is 31 March again.
    year = plan_years(D(2000, 7, 31), D(2001, 7, 30))[0]
    assert [(t.start, t.end) for t in tertials(year)] == [
        (D(2000, 7, 31), D(2000, 11, 29)),
        (D(2000, 11, 30), D(2001, 3, 30)),
        (D(2001, 3, 31), D(2001, 7, 30)),
    ]


def test_the_third_tertial_ends_with_its_plan_year_when_the_start_was_29_february():
    year = plan_years(D(2020, 2, 29), D(2024, 2, 28))[-1]
    assert (year.start, year.end) == (D(2023, 2, 28), D(2024, 2, 28))
    assert tertials(year)[-1].end == D(2024, 2, 28)


def test_the_randers_plan_has_twelve_tertials_in_order():
    labels = [t.label for t in all_tertials(START, END)]
    assert labels == [
        f"{y}-T{n}" for y in ("2017/18", "2018/19", "2019/20", "2020/21") for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2017, 5, 31), None),
        (D(2017, 6, 1), "2017/18-T1"),
        (D(2017, 9, 30), "2017/18-T1"),
        (D(2017, 10, 1), "2017/18-T2"),
        (D(2017, 12, 31), "2017/18-T2"),
        (D(2018, 1, 1), "2017/18-T2"),
        (D(2018, 1, 31), "2017/18-T2"),
        (D(2018, 2, 1), "2017/18-T3"),
        (D(2018, 5, 31), "2017/18-T3"),
        (D(2018, 6, 1), "2018/19-T1"),
        (D(2020, 2, 29), "2019/20-T3"),
        (D(2021, 2, 1), "2020/21-T3"),
        (D(2021, 5, 31), "2020/21-T3"),
        (D(2021, 6, 1), None),
    ],
)
def test_tertial_of_a_day_at_every_tertial_boundary(day, label):
    tertial = tertial_of(day, START, END)
    assert (tertial.label if tertial else None) == label


# --- parse_period -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2017/18", D(2017, 6, 1), D(2018, 5, 31)),
        ("2019/20", D(2019, 6, 1), D(2020, 5, 31)),
        ("2020/21", D(2020, 6, 1), D(2021, 5, 31)),
        ("2018/19-T1", D(2018, 6, 1), D(2018, 9, 30)),
        ("2018/19-T2", D(2018, 10, 1), D(2019, 1, 31)),
        ("2018/19-T3", D(2019, 2, 1), D(2019, 5, 31)),
        ("2018/19-t2", D(2018, 10, 1), D(2019, 1, 31)),
        ("  2018/19-T2 ", D(2018, 10, 1), D(2019, 1, 31)),
    ],
)
def test_parse_period_reads_plan_years_and_tertials(label, start, end):
    period = parse_period(label, START, END)
    assert (period.start, period.end) == (start, end)


def test_parse_period_gives_the_canonical_upper_case_label():
    assert parse_period("2018/19-t2", START, END).label == "2018/19-T2"


@pytest.mark.parametrize(
    "label", ["", "2018", "2018/20", "2018-19", "2018/19-T4", "2018/19-T0", "18/19", "foo"]
)
def test_parse_period_rejects_an_unknown_label_in_danish(label):
    with pytest.raises(ValueError, match="Ukendt periode"):
        parse_period(label, START, END)


@pytest.mark.parametrize("label", ["2016/17", "2021/22", "2016/17-T3", "2021/22-T1"])
def test_parse_period_rejects_a_label_outside_the_plan_in_danish(label):
    with pytest.raises(ValueError, match="uden for planen"):
        parse_period(label, START, END)


def test_parse_period_rejects_a_tertial_cut_away_by_the_plan_end():
    with pytest.raises(ValueError, match="uden for planen"):
        parse_period("2019/20-T3", D(2017, 6, 1), D(2019, 12, 31))


# --- elapsed_share ------------------------------------------------------------------------------

YEAR_2017 = Period(D(2017, 6, 1), D(2018, 5, 31), "2017/18")
YEAR_2019 = Period(D(2019, 6, 1), D(2020, 5, 31), "2019/20")


@pytest.mark.parametrize(
    ("period", "as_of", "share"),
    [
        (YEAR_2017, D(2018, 1, 31), Fraction(245, 365)),  # DESIGN's example
        (YEAR_2017, D(2017, 5, 31), Fraction(0)),
        (YEAR_2017, D(2000, 1, 1), Fraction(0)),
        (YEAR_2017, D(2017, 6, 1), Fraction(1, 365)),
        (YEAR_2017, D(2018, 5, 30), Fraction(364, 365)),
        (YEAR_2017, D(2018, 5, 31), Fraction(1)),
        (YEAR_2017, D(2018, 6, 1), Fraction(1)),
        (YEAR_2017, D(2030, 1, 1), Fraction(1)),
        (YEAR_2019, D(2020, 2, 29), Fraction(274, 366)),
        (YEAR_2019, D(2020, 5, 31), Fraction(1)),
        (Period(D(2020, 3, 1), D(2020, 3, 1), "dag"), D(2020, 3, 1), Fraction(1)),
    ],
)
def test_elapsed_share_counts_days_with_the_as_of_day_included(period, as_of, share):
    assert elapsed_share(period, as_of) == share


# --- properties ---------------------------------------------------------------------------------


@given(plans())
def test_plan_years_are_contiguous_and_cover_the_plan_exactly(plan):
    start, end = plan
    years = plan_years(start, end)
    assert years[0].start == start
    assert years[-1].end == end
    for before, after in pairwise(years):
        assert after.start == before.end + timedelta(days=1)
    assert all(y.days <= 366 for y in years)
    assert len({y.label for y in years}) == len(years)


@given(plans())
def test_every_day_of_a_plan_lies_in_exactly_one_plan_year_and_one_tertial(plan):
    start, end = plan
    years, parts = plan_years(start, end), all_tertials(start, end)
    for day in days_of(start, end):
        assert sum(y.contains(day) for y in years) == 1
        assert sum(t.contains(day) for t in parts) == 1
    assert plan_year_of(start - timedelta(days=1), start, end) is None
    assert tertial_of(end + timedelta(days=1), start, end) is None


@given(plans(), st.data())
def test_a_day_lies_in_the_plan_year_holding_its_tertial(plan, data):
    start, end = plan
    day = data.draw(st.dates(min_value=start, max_value=end))
    year, tertial = plan_year_of(day, start, end), tertial_of(day, start, end)
    assert year.contains(day) and tertial.contains(day)
    assert tertial.label.startswith(f"{year.label}-T")


@given(plans())
def test_the_tertials_of_a_year_are_contiguous_and_cover_it(plan):
    for year in plan_years(*plan):
        parts = tertials(year)
        assert 1 <= len(parts) <= 3
        assert parts[0].start == year.start
        assert parts[-1].end == year.end
        for before, after in pairwise(parts):
            assert after.start == before.end + timedelta(days=1)
        # Four months are 120 to 123 days; only the last may be cut shorter.
        assert all(120 <= t.days <= 123 for t in parts[:-1])


@given(plans())
def test_every_label_parses_back_to_its_period(plan):
    start, end = plan
    for period in plan_years(start, end) + all_tertials(start, end):
        assert parse_period(period.label, start, end) == period
        assert parse_period(period.label.lower(), start, end) == period


@given(
    st.sampled_from(plan_years(START, END) + all_tertials(START, END)),
    st.dates(min_value=D(2016, 1, 1), max_value=D(2022, 12, 31)),
    st.dates(min_value=D(2016, 1, 1), max_value=D(2022, 12, 31)),
)
def test_elapsed_share_is_monotone_and_between_zero_and_one(period, a, b):
    early, late = sorted([a, b])
    assert 0 <= elapsed_share(period, early) <= elapsed_share(period, late) <= 1
