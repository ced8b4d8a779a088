"""Charts are drawn once per picture: the same figures are read from the cache, a changed figure
is drawn anew, and the cached PNG is the one a fresh drawing gives."""

import dataclasses
import datetime
import io
from decimal import Decimal

import pytest
from PIL import Image, ImageChops

from helhedsplan.documents import charts
from helhedsplan.documents.document import Chart, Series
from helhedsplan.registrations.models import Measurement
from helhedsplan.reports.services import make_report


@pytest.fixture(autouse=True)
def empty_cache():
    charts.chart_cache().clear()
    yield
    charts.chart_cache().clear()


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The titles of the charts matplotlib draws, in order; the drawing itself still happens."""
    titles = []
    draw = charts.draw_png

    def spy(chart):
        titles.append(chart.title)
        return draw(chart)

    monkeypatch.setattr(charts, "draw_png", spy)
    return titles


def chart(**changes) -> Chart:
    """A new Chart object each time, as each request assembles its report anew."""
    made = Chart(
        title="Måling 1.1: Fraflytning",
        alt="",
        unit="%",
        series=[
            Series("Udgangspunkt", [(2016, Decimal("14.2"))], "baseline"),
            Series("Målt", [(2017, Decimal("13.1")), (2018, Decimal("12.5"))], "measured"),
            Series("Mål 2021", [(2016, Decimal("14.2")), (2021, Decimal("10"))], "target"),
        ],
    )
    return dataclasses.replace(made, **changes)


def pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_the_same_figures_are_drawn_once(drawn):
    first = charts.chart_png(chart())
    again = charts.chart_png(chart())

    assert drawn == ["Måling 1.1: Fraflytning"]
    assert again == first


@pytest.mark.parametrize(
    "changes",
    [
        {
            "series": [
                Series("Målt", [(2017, Decimal("13.1")), (2018, Decimal("12.4"))], "measured")
            ]
        },
        {"series": [Series("Målt", [(2017, Decimal("13.1"))], "measured")]},
        {"series": [Series("Målt i alt", [(2017, Decimal("13.1"))], "measured")]},
        {"series": [Series("Målt", [(2017, Decimal("13.1"))], "comparison")]},
        {"unit": "procent"},
        {"title": "Måling 1.2: Fraflytning"},
    ],
    ids=["value", "point", "label", "style", "unit", "title"],
)
def test_a_changed_chart_is_drawn_anew(drawn, changes):
    charts.chart_png(chart())
    charts.chart_png(chart(**changes))

    assert len(drawn) == 2


def test_a_changed_value_gives_a_different_picture():
    before = charts.chart_png(chart())
    changed = chart()
    changed.series[1].points[-1] = (2018, Decimal("9.5"))

    assert ImageChops.difference(pixels(before), pixels(charts.chart_png(changed))).getbbox()


def test_the_cached_picture_is_the_one_a_fresh_drawing_gives(drawn):
    charts.chart_png(chart())
    cached = charts.chart_png(chart())

    assert len(drawn) == 1
    fresh = charts.draw_png(chart())
    assert ImageChops.difference(pixels(cached), pixels(fresh)).getbbox() is None


def test_another_matplotlib_draws_anew(monkeypatch):
    before = charts.chart_key(chart())
    monkeypatch.setattr(charts, "MATPLOTLIB_VERSION", "99.0")

    assert charts.chart_key(chart()) != before


def test_the_png_is_opaque_rgb_at_print_resolution():
    image = Image.open(io.BytesIO(charts.chart_png(chart())))

    assert image.mode == "RGB"  # no alpha channel for WeasyPrint to split off on every PDF
    assert image.size == (768, 384)
    assert round(image.info["dpi"][0]) == 120


def test_a_report_draws_its_charts_once_for_every_format_and_request(data, drawn):
    report = make_report(
        plan=data, kind="monitorering", period="2018/19", file_format="html", suppress=True
    )
    titles = [
        block.title
        for section in report.report.sections
        for block in section.blocks
        if block.block == "chart"
    ]
    assert sorted(drawn) == sorted(titles)
    assert len(titles) > 5

    for file_format in ("pdf", "docx", "xlsx", "html"):
        make_report(
            plan=data, kind="monitorering", period="2018/19", file_format=file_format, suppress=True
        )
    assert len(drawn) == len(titles)

    # A new measurement changes one chart: that one is drawn again, the others are not.
    measure = data.local_measures.get(key="fraflytning")
    Measurement.objects.create(
        plan=data,
        local_measure=measure,
        date=datetime.date(2019, 3, 31),
        value=Decimal("11.0"),
        source="Test",
    )
    make_report(plan=data, kind="monitorering", period="2018/19", file_format="pdf", suppress=True)
    changed = drawn[len(titles) :]
    assert changed == [f"Måling {measure.focus_area.number}.{measure.number}: {measure.text}"]


def test_matplotlib_is_imported_only_when_a_chart_is_drawn():
    """Half a second at every process start (a command, a cron job, a worker) is saved: the
    report modules load without matplotlib. Checked in a fresh interpreter (subprocess)."""
    import subprocess
    import sys

    code = (
        "import sys, django, os; os.environ.setdefault('DEBUG', '1');"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'helhedsplan.settings'; django.setup();"
        "import helhedsplan.reports.views, helhedsplan.documents.charts as c;"
        "assert 'matplotlib' not in sys.modules, 'imported at start';"
        "c.draw_png(c.Chart(title='t', alt='', unit='', series=[]));"
        "assert 'matplotlib' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
