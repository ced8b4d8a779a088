"""The criterion charts' geometry: round ticks, the lines where the values are, and the same
numbers in words for a screen reader and the table under the chart."""

from decimal import Decimal as D

import pytest

from helhedsplan.registerdata.charts import BOTTOM, HEIGHT, TOP, criterion_chart, nice_top


@pytest.mark.parametrize(
    ("largest", "top"),
    [(D("45.8"), D(60)), (D("3.0"), D("3.2")), (D(268_507), D(300_000)), (D(0), D(4))],
)
def test_the_axis_top_is_round_with_room_above(largest, top):
    assert nice_top(largest) == top


def test_a_chart_has_the_value_and_both_thresholds_and_says_them_in_words():
    chart = criterion_chart(
        "Kriterium 1",
        "pct.",
        [(2019, D(45), D(40), D(30)), (2020, None, D(40), D(30))],
    )
    value, udsat, forebyggelse = chart.lines
    assert value.points.count(",") == 1  # 2020 has no value: one point only
    assert udsat.points.count(",") == 2 and forebyggelse.points.count(",") == 2
    assert [label for _, label in chart.ticks] == ["0,0 %", "15,0 %", "30,0 %", "45,0 %", "60,0 %"]
    # 45 on an axis of 0-60: three quarters up the plot.
    _, y, words = value.marks[0]
    assert y == pytest.approx(TOP + (HEIGHT - TOP - BOTTOM) * 0.25, abs=0.1)
    assert words == "45,0 %"
    assert chart.rows == [(2019, "45,0 %", "40,0 %", "30,0 %"), (2020, "–", "40,0 %", "30,0 %")]
    assert chart.description == "Kriterium 1. 2019: 45,0 %"
