"""Expected to date, combination rules and status codes, at their edges."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.periods import plan_years
from helhedsplan.core.status import (
    CUMULATIVE_RULES,
    STATUS_LABELS,
    combine_values,
    expected_to_date,
    measure_expected,
    measure_status,
    range_text,
    status_for,
    trend_status,
)

START, END = date(2017, 6, 1), date(2021, 5, 31)  # 1461 days, four plan years
D, N = date, Decimal
NON_CUMULATIVE = ["latest", "max", "average", "share"]
A_DAY_EACH_DAY = N(365)  # a yearly target of 365 makes the expected value a day count
RANK = {"behind": 0, "near": 1, "on_track": 2}

amounts = st.decimals(
    min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False
)


def expected(as_of, target=A_DAY_EACH_DAY, per="year", combine="sum", start=START, end=END):
    return expected_to_date(
        target=target, per=per, combine=combine, plan_start=start, plan_end=end, as_of=as_of
    )


def test_status_codes_have_their_danish_labels():
    assert STATUS_LABELS == {
        "on_track": "på sporet",
        "near": "tæt på",
        "behind": "bagud",
        "not_started": "ikke startet",
        "no_data": "mangler data",
        "assessed": "vurderet",
        "few": "få personer",  # outward editions only: a hidden count's statuses disagree
    }


def test_sum_and_unique_are_the_cumulative_rules():
    assert sorted(CUMULATIVE_RULES) == ["sum", "unique"]


# --- expected_to_date ---------------------------------------------------------------------------


@pytest.mark.parametrize("combine", sorted(CUMULATIVE_RULES))
@pytest.mark.parametrize(
    ("as_of", "target", "result"),
    [
        (D(2017, 5, 31), N(365), N(0)),
        (D(2010, 1, 1), N(365), N(0)),
        (D(2017, 6, 1), N(365), N(1)),
        (D(2018, 1, 31), N(365), N(245)),  # DESIGN's example: 245/365 of the first year
        (D(2018, 1, 31), N(10), N("6.71")),  # 2450/365 = 6.712...
        (D(2018, 5, 31), N(365), N(365)),
        (D(2018, 6, 1), N(365), N(366)),  # a full first year plus the first day of the second
        (D(2020, 2, 29), N(366), N(1006)),  # two full years + 274/366 of the leap year
        (D(2020, 5, 31), N(12), N(36)),
        (D(2021, 5, 30), N(365), N(1459)),
        (D(2021, 5, 31), N(12), N(48)),
        (D(2030, 1, 1), N(12), N(48)),
        (D(2019, 1, 31), N(0), N(0)),
    ],
)
def test_a_yearly_cumulative_target_counts_past_years_in_full_and_the_current_by_days(
    combine, as_of, target, result
):
    assert expected(as_of, target=target, combine=combine) == result


@pytest.mark.parametrize(
    ("as_of", "result"),
    [
        (D(2017, 5, 31), N(0)),
        (D(2017, 6, 1), N("0.07")),  # 100/1461
        (D(2018, 1, 31), N("16.77")),  # 24500/1461 = 16.769...
        (D(2021, 5, 31), N(100)),
        (D(2022, 6, 1), N(100)),
    ],
)
def test_a_whole_period_target_is_spread_over_the_plan_by_days(as_of, result):
    assert expected(as_of, target=N(100), per="period") == result


def test_a_whole_period_target_is_never_multiplied_by_the_number_of_years():
    assert expected(END, target=N(100), per="period") == N(100)
    assert expected(END, target=N(100), per="year") == N(400)


@pytest.mark.parametrize("combine", NON_CUMULATIVE)
@pytest.mark.parametrize("per", ["year", "period", ""])
@pytest.mark.parametrize(
    ("as_of", "result"),
    [
        (D(2017, 5, 31), N(0)),
        (D(2017, 6, 1), N(17)),
        (D(2019, 3, 1), N(17)),
        (D(2021, 5, 31), N(17)),
        (D(2025, 1, 1), N(17)),
    ],
)
def test_a_level_average_or_share_is_expected_in_full_from_the_plan_start(
    combine, per, as_of, result
):
    assert expected(as_of, target=N(17), per=per, combine=combine) == result


@pytest.mark.parametrize("combine", ["sum", "unique", "latest", "max", "average", "share", ""])
@pytest.mark.parametrize("per", ["year", "period", ""])
def test_nothing_is_expected_without_a_target(combine, per):
    assert expected(D(2019, 1, 1), target=None, per=per, combine=combine) is None


@pytest.mark.parametrize(
    ("target", "result"),
    [
        (N("0.02"), N("0.01")),  # 0.005 rounds up (banker's rounding would give 0.00)
        (N("0.1"), N("0.03")),  # 0.025 rounds up (banker's rounding would give 0.02)
        (N("0.01"), N("0.00")),  # 0.0025 rounds down
    ],
)
def test_expected_to_date_rounds_half_up_to_two_decimals(target, result):
    # A four-day plan: on its first day a quarter of the target is expected.
    as_of = start = D(2020, 1, 1)
    value = expected(as_of, target=target, per="period", start=start, end=start + timedelta(days=3))
    assert value == result
    assert value.as_tuple().exponent == -2


def test_expected_to_date_always_has_two_decimals():
    assert str(expected(D(2018, 1, 31))) == "245.00"
    assert str(expected(D(2017, 1, 1))) == "0.00"
    assert str(expected(D(2018, 1, 1), combine="latest", target=N("17.5"))) == "17.50"


def test_a_plan_year_cut_by_the_plan_end_still_counts_as_a_full_year():
    cut_end = D(2019, 12, 31)
    assert expected(cut_end, target=N(10), end=cut_end) == N(30)
    # Half-way through the 214 days of the cut year: 107/214 of its target.
    assert expected(D(2019, 9, 15), target=N(214), end=cut_end) == N(428 + 107)


@pytest.mark.parametrize(("combine", "per"), [("count", "year"), ("sum", "month"), ("sum", "")])
def test_expected_to_date_rejects_an_unknown_rule_or_target_period(combine, per):
    with pytest.raises(ValueError, match="Ukendt"):
        expected(D(2019, 1, 1), combine=combine, per=per)


# --- combine_values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "values", "result"),
    [
        ("sum", [1, 2, 3], N(6)),
        ("sum", [N("1.5"), 2], N("3.5")),
        ("sum", [0.1, 0.2], N("0.3")),  # floats are read as written, not in binary
        ("sum", [0], N(0)),
        ("sum", [None, 4], N(4)),
        ("sum", [], None),
        ("sum", [None], None),
        ("unique", ["A1", "B2", "A1", "C3"], N(3)),
        ("unique", ["A1"], N(1)),
        ("unique", [], None),
        ("latest", [(D(2018, 3, 1), 5), (D(2019, 3, 1), 9), (D(2018, 9, 1), 7)], N(9)),
        ("latest", [(D(2019, 3, 1), 9), (D(2018, 3, 1), 5)], N(9)),
        ("latest", [(D(2019, 3, 1), 4), (D(2019, 3, 1), 6)], N(6)),  # a tie: the last one counts
        ("latest", [(D(2019, 3, 1), 6), (D(2019, 3, 1), 4)], N(4)),
        ("latest", [(D(2019, 3, 1), None), (D(2018, 3, 1), 5)], N(5)),
        ("latest", [], None),
        ("max", [3, 7, 5], N(7)),
        ("max", [N("-2"), N("-1.5")], N("-1.5")),
        ("max", [], None),
        ("average", [1, 2, 2], N("1.67")),
        ("average", [1, 2], N("1.50")),
        ("average", [N("0.01"), 0], N("0.01")),  # 0.005 rounds up
        ("average", [N("2.345")], N("2.35")),
        ("average", [], None),
        ("share", [(10, 5)], N("50.0")),
        ("share", [(3, 1)], N("33.3")),
        ("share", [(3, 2)], N("66.7")),
        ("share", [(4, 1), (4, 2)], N("37.5")),  # pooled, not the average of 25 % and 50 %
        ("share", [(16, 1)], N("6.3")),  # 6.25 rounds up
        ("share", [(10, 10)], N("100.0")),
        ("share", [(0, 0)], None),
        ("share", [], None),
    ],
)
def test_combine_values_by_rule(rule, values, result):
    value = combine_values(rule, values)
    assert value == result
    assert value is None or isinstance(value, Decimal)


def test_an_average_and_a_share_keep_their_decimals_in_the_result():
    assert str(combine_values("average", [2, 2])) == "2.00"
    assert str(combine_values("share", [(2, 1)])) == "50.0"


def test_combine_values_rejects_an_unknown_rule():
    with pytest.raises(ValueError, match="Ukendt kombinationsregel"):
        combine_values("median", [1, 2])


# --- status_for ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected_", "direction", "started", "status"),
    [
        (None, N(10), "increase", True, "no_data"),
        (None, N(10), "increase", False, "no_data"),
        (None, None, "increase", True, "no_data"),
        (N(5), N(10), "increase", False, "not_started"),
        (N(0), N(0), "increase", True, "not_started"),
        (N(5), N(0), "increase", True, "on_track"),
        (N(3), None, "increase", True, "on_track"),
        (N(3), None, "decrease", True, "on_track"),
        # increase: the ratio actual/expected, with its 100 % and 80 % edges
        (N(12), N(10), "increase", True, "on_track"),
        (N(10), N(10), "increase", True, "on_track"),
        (N("9.99"), N(10), "increase", True, "near"),
        (N(8), N(10), "increase", True, "near"),
        (N("7.99"), N(10), "increase", True, "behind"),
        (N(0), N(10), "increase", True, "behind"),
        (N(245), N("245.00"), "increase", True, "on_track"),
        (N(196), N(245), "increase", True, "near"),  # exactly 80 %
        (N(195), N(245), "increase", True, "behind"),
        # decrease: lower is better, the ratio is expected/actual
        (N(5), N(10), "decrease", True, "on_track"),
        (N(10), N(10), "decrease", True, "on_track"),
        (N(11), N(10), "decrease", True, "near"),
        (N("12.5"), N(10), "decrease", True, "near"),  # exactly 80 %
        (N("12.51"), N(10), "decrease", True, "behind"),
        (N(0), N(10), "decrease", True, "on_track"),
        (N(0), N(0), "decrease", True, "on_track"),  # zero is the best a decrease can be
        (N(1), N(0), "decrease", True, "behind"),
        (N(5), N(10), "decrease", False, "not_started"),
    ],
)
def test_status_for(actual, expected_, direction, started, status):
    assert (
        status_for(actual=actual, expected=expected_, direction=direction, started=started)
        == status
    )


def test_a_range_is_judged_by_its_lower_bound():
    # "24-32 forløb": 24 is the target, so 24 is on track and 20 is near.
    assert status_for(actual=N(24), expected=N(24)) == "on_track"
    assert status_for(actual=N(20), expected=N(24)) == "near"


def test_status_for_accepts_ints_and_floats_as_well_as_decimals():
    assert status_for(actual=8, expected=10) == "near"
    assert status_for(actual=0.8, expected=1) == "near"


@pytest.mark.parametrize("direction", ["maintain", "up", ""])
def test_status_for_rejects_an_unknown_direction(direction):
    with pytest.raises(ValueError, match="Ukendt retning"):
        status_for(actual=N(1), expected=N(1), direction=direction)


# --- trend_status -------------------------------------------------------------------------------

JAN, JUN, DEC = D(2018, 1, 1), D(2018, 6, 1), D(2018, 12, 1)


@pytest.mark.parametrize(
    ("values", "direction", "status"),
    [
        ([], "increase", "no_data"),
        ([(JAN, N(5))], "increase", "no_data"),
        ([(JAN, N(5)), (DEC, None)], "increase", "no_data"),
        ([(JAN, N(5)), (DEC, N(8))], "increase", "on_track"),
        ([(JAN, N(5)), (DEC, N(5))], "increase", "near"),
        ([(JAN, N(5)), (DEC, N(3))], "increase", "behind"),
        ([(JAN, N(5)), (DEC, N(8))], "decrease", "behind"),
        ([(JAN, N(5)), (DEC, N(5))], "decrease", "near"),
        ([(JAN, N(5)), (DEC, N(3))], "decrease", "on_track"),
        ([(DEC, N(8)), (JAN, N(5))], "increase", "on_track"),  # the dates decide, not the order
        ([(JAN, N(5)), (JUN, N(1)), (DEC, N(6))], "increase", "on_track"),  # oldest vs newest only
        ([(JAN, N(5)), (JUN, N(9)), (DEC, N(4))], "increase", "behind"),
        ([(JAN, N(5)), (JAN, N(9))], "increase", "on_track"),  # same day: list order decides
    ],
)
def test_trend_status_compares_the_newest_value_with_the_oldest(values, direction, status):
    assert trend_status(values, direction) == status


def test_trend_status_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="Ukendt retning"):
        trend_status([(JAN, N(1)), (DEC, N(2))], "maintain")


# --- measure_expected ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "baseline", "target", "result"),
    [
        (D(2015, 6, 1), N(10), N(20), N(10)),
        (D(2016, 12, 31), N(10), N(20), N(10)),
        (D(2017, 12, 31), N(10), N(20), N("12.50")),  # 365/1461 of the way
        (D(2018, 12, 31), N(10), N(20), N("15.00")),  # 730/1461 = 0.4997
        (D(2020, 12, 30), N(10), N(20), N("19.99")),
        (D(2020, 12, 31), N(10), N(20), N(20)),
        (D(2025, 1, 1), N(10), N(20), N(20)),
        (D(2018, 12, 31), N(30), N(20), N("25.00")),  # a decreasing line
        (D(2018, 12, 31), N("14.2"), N("14.2"), N("14.20")),  # a maintained level
    ],
)
def test_a_local_measure_moves_in_a_straight_line_from_baseline_to_target(
    as_of, baseline, target, result
):
    value = measure_expected(
        baseline=baseline, baseline_year=2016, target=target, target_year=2020, as_of=as_of
    )
    assert value == result
    assert value.as_tuple().exponent == -2


def test_a_local_measure_with_target_year_equal_to_baseline_year_jumps_at_the_year_end():
    kwargs = {"baseline": N(10), "baseline_year": 2018, "target": N(20), "target_year": 2018}
    assert measure_expected(as_of=D(2018, 12, 31), **kwargs) == N(10)
    assert measure_expected(as_of=D(2019, 1, 1), **kwargs) == N(20)


# --- measure_status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "tolerance", "status"),
    [
        (N(50), N(2), "on_track"),
        (N(52), N(2), "on_track"),
        (N(48), N(2), "on_track"),
        (N("52.01"), N(2), "near"),
        (N(54), N(2), "near"),
        (N(46), N(2), "near"),
        (N("54.01"), N(2), "behind"),
        (N("45.99"), N(2), "behind"),
        (N(50), None, "on_track"),
        (N("50.1"), None, "behind"),  # no tolerance: any change is too much
        (N("49.9"), N(0), "behind"),
        (None, N(2), "no_data"),
    ],
)
def test_a_maintained_measure_is_on_track_within_its_tolerance_and_near_within_twice_it(
    actual, tolerance, status
):
    result = measure_status(
        actual=actual, expected=N(50), baseline=N(50), direction="maintain", tolerance=tolerance
    )
    assert result == status


@pytest.mark.parametrize(
    ("actual", "direction", "status"),
    [
        # increase from 10 toward an expected 20 today
        (N(25), "increase", "on_track"),
        (N(20), "increase", "on_track"),
        (N("19.99"), "increase", "near"),
        (N(18), "increase", "near"),  # 80 % of the planned progress
        (N("17.99"), "increase", "behind"),
        (N(10), "increase", "behind"),
        (N(5), "increase", "behind"),
        (None, "increase", "no_data"),
    ],
)
def test_an_increasing_measure_is_judged_by_its_progress_from_the_baseline(
    actual, direction, status
):
    assert (
        measure_status(actual=actual, expected=N(20), baseline=N(10), direction=direction) == status
    )


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (N(15), "on_track"),
        (N(20), "on_track"),
        (N("20.01"), "near"),
        (N(22), "near"),  # 80 % of the planned fall from 30 to 20
        (N("22.01"), "behind"),
        (N(30), "behind"),
        (N(35), "behind"),
        (None, "no_data"),
    ],
)
def test_a_decreasing_measure_is_judged_by_its_fall_from_the_baseline(actual, status):
    assert (
        measure_status(actual=actual, expected=N(20), baseline=N(30), direction="decrease")
        == status
    )


@pytest.mark.parametrize(
    ("direction", "actual", "status"),
    [
        ("increase", 9, "behind"),
        ("increase", 10, "on_track"),
        ("decrease", 11, "behind"),
        ("decrease", 10, "on_track"),
    ],
)
def test_a_measure_still_at_its_baseline_date_is_on_track_only_at_the_baseline_or_better(
    direction, actual, status
):
    assert (
        measure_status(actual=N(actual), expected=N(10), baseline=N(10), direction=direction)
        == status
    )


def test_measure_status_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="Ukendt retning"):
        measure_status(actual=N(1), expected=N(1), baseline=N(1), direction="trend")


# --- range_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "target_max", "text"),
    [
        (N(24), N(32), "24-32"),
        (N(17), None, "17"),
        (N("14.2"), None, "14,2"),
        (N("24.0000"), N("32.0000"), "24-32"),  # as the database stores them
        (N("20.0000"), None, "20"),
        (N("100"), None, "100"),
        (N("0.5"), N("1.25"), "0,5-1,25"),
        (N(17), N("17.0000"), "17"),  # a range of one number is that number
        (N(0), None, "0"),
        (None, None, ""),
        (None, N(32), ""),
    ],
)
def test_range_text_shows_a_range_in_danish(target, target_max, text):
    assert range_text(target, target_max) == text


# --- properties ---------------------------------------------------------------------------------


@st.composite
def plans(draw):
    start = draw(st.dates(min_value=D(2000, 1, 1), max_value=D(2035, 12, 31)))
    return start, start + timedelta(days=draw(st.integers(0, 5 * 366)))


@given(
    plans(),
    amounts,
    st.sampled_from(sorted(CUMULATIVE_RULES)),
    st.sampled_from(["year", "period"]),
    st.data(),
)
def test_a_cumulative_expectation_grows_with_time_and_reaches_the_full_total_at_the_plan_end(
    plan, target, combine, per, data
):
    start, end = plan
    window = {"min_value": start - timedelta(days=40), "max_value": end + timedelta(days=40)}
    early, late = sorted([data.draw(st.dates(**window)), data.draw(st.dates(**window))])
    kwargs = {
        "target": target,
        "per": per,
        "combine": combine,
        "plan_start": start,
        "plan_end": end,
    }
    assert expected_to_date(as_of=early, **kwargs) <= expected_to_date(as_of=late, **kwargs)
    total = target * (len(plan_years(start, end)) if per == "year" else 1)
    assert expected_to_date(as_of=end, **kwargs) == total
    assert expected_to_date(as_of=end + timedelta(days=1), **kwargs) == total
    assert expected_to_date(as_of=start - timedelta(days=1), **kwargs) == 0


@given(plans(), amounts, st.sampled_from(NON_CUMULATIVE), st.data())
def test_a_non_cumulative_expectation_is_the_target_from_the_plan_start(
    plan, target, combine, data
):
    start, end = plan
    as_of = data.draw(st.dates(min_value=start, max_value=end + timedelta(days=400)))
    kwargs = {
        "target": target,
        "per": "year",
        "combine": combine,
        "plan_start": start,
        "plan_end": end,
    }
    assert expected_to_date(as_of=as_of, **kwargs) == target


codes = st.lists(st.text(alphabet="ABCDEFGH0123456789", min_size=1, max_size=4), max_size=30)


@given(codes, st.data(), st.randoms(use_true_random=False))
def test_unique_participants_ignore_duplicates_and_order(values, data, rnd: random.Random):
    doubled = values + data.draw(
        st.lists(st.sampled_from(values), max_size=20) if values else st.just([])
    )
    rnd.shuffle(doubled)
    assert combine_values("unique", doubled) == combine_values("unique", values)
    assert combine_values("unique", values) == (N(len(set(values))) if values else None)


@given(st.lists(amounts, min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_a_sum_ignores_order_and_an_average_lies_between_min_and_max(values, rnd: random.Random):
    shuffled = values[:]
    rnd.shuffle(shuffled)
    assert combine_values("sum", shuffled) == combine_values("sum", values) == sum(values)
    assert min(values) <= combine_values("average", values) <= max(values)
    assert combine_values("max", shuffled) == max(values)


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda p: (max(p), min(p))),
        max_size=20,
    )
)
def test_a_share_of_completers_lies_between_0_and_100(pairs):
    share = combine_values("share", pairs)
    if sum(p for p, _ in pairs) == 0:
        assert share is None
    else:
        assert 0 <= share <= 100


@given(
    st.lists(st.tuples(st.dates(), amounts), min_size=1, max_size=20, unique_by=lambda dv: dv[0])
)
def test_latest_is_the_value_with_the_newest_date(values):
    assert combine_values("latest", values) == max(values)[1]


@given(st.sampled_from(["increase", "decrease"]), amounts.filter(lambda x: x > 0), amounts, amounts)
def test_status_for_is_monotone_in_actual_for_increase_and_anti_monotone_for_decrease(
    direction, expected_, a, b
):
    low, high = sorted([a, b])
    low_rank = RANK[status_for(actual=low, expected=expected_, direction=direction)]
    high_rank = RANK[status_for(actual=high, expected=expected_, direction=direction)]
    assert low_rank <= high_rank if direction == "increase" else low_rank >= high_rank


@given(amounts, amounts, st.integers(2000, 2030), st.integers(1, 10), st.dates(), st.dates())
def test_a_measure_trajectory_stays_between_baseline_and_target_and_moves_toward_the_target(
    baseline, target, baseline_year, years, a, b
):
    kwargs = {"baseline": baseline, "baseline_year": baseline_year, "target": target}
    kwargs["target_year"] = baseline_year + years
    early, late = (measure_expected(as_of=d, **kwargs) for d in sorted([a, b]))
    assert min(baseline, target) <= early <= max(baseline, target)
    assert abs(target - late) <= abs(target - early)


@given(st.sampled_from(["increase", "decrease"]), amounts, amounts, amounts, amounts)
def test_measure_status_is_monotone_in_actual(direction, baseline, expected_, a, b):
    low, high = sorted([a, b])
    kwargs = {"expected": expected_, "baseline": baseline, "direction": direction}
    low_rank, high_rank = (RANK[measure_status(actual=x, **kwargs)] for x in (low, high))
    # Toward the target is better: up for increase, down for decrease (when the target agrees).
    if (direction == "increase") == (expected_ >= baseline):
        assert low_rank <= high_rank if direction == "increase" else low_rank >= high_rank


@given(amounts, amounts, amounts)
def test_a_maintained_measure_is_symmetric_around_its_baseline(baseline, deviation, tolerance):
    kwargs = {
        "expected": baseline,
        "baseline": baseline,
        "direction": "maintain",
        "tolerance": tolerance,
    }
    assert measure_status(actual=baseline + deviation, **kwargs) == measure_status(
        actual=baseline - deviation, **kwargs
    )


@given(amounts, st.one_of(st.none(), amounts))
def test_range_text_reads_back_as_its_numbers(target, extra):
    target_max = None if extra is None else target + extra
    text = range_text(target, target_max)
    low, _, high = text.partition("-")
    assert N(low.replace(",", ".")) == target
    assert N((high or low).replace(",", ".")) == (target_max if target_max is not None else target)
