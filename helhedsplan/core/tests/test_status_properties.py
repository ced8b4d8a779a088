"""Properties of the status rules (helhedsplan.core.status) over many drawn plans and values:
expectations grow with time, combinations ignore order, statuses are monotone in the actual value.
The cases at the edges are in test_status.py."""

import random
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.periods import plan_years
from helhedsplan.core.status import (
    CUMULATIVE_RULES,
    combine_values,
    expected_to_date,
    measure_expected,
    measure_status,
    status_for,
)
from helhedsplan.core.tests.test_status import (
    NON_CUMULATIVE,
    RANK,
    D,
    N,
    amounts,
)


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
