"""A chart's year axis: a single year (a baseline before any measurement) spans that year, not
1900-2125 as matplotlib's automatic limits would."""

from decimal import Decimal

from helhedsplan.documents.charts import _figure
from helhedsplan.documents.document import Chart, Series


def _chart(points) -> Chart:
    return Chart("Måling", "alt", "børn", [Series("Udgangspunkt", points, "baseline")])


def test_one_year_spans_that_year():
    axes = _figure(_chart([(2016, Decimal(22))])).axes[0]
    low, high = axes.get_xlim()
    assert 2014 < low < 2016 < high < 2018


def test_several_years_keep_their_own_span():
    axes = _figure(_chart([(2016, Decimal(22)), (2020, Decimal(18))])).axes[0]
    low, high = axes.get_xlim()
    assert 2015 < low < 2016 and 2020 < high < 2021
