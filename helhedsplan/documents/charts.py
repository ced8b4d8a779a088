"""Charts of local measures with matplotlib, as PNG for HTML, PDF and Word.

Every series differs by marker and line pattern as well as by colour, so a chart printed in
black and white, or read by someone who does not tell the colours apart, still says which is
which (WCAG: never colour alone). The words are Danish, with decimal commas.

Drawing a chart costs about a tenth of a second and a report has up to a dozen, mostly the same
from one request to the next, so each PNG is kept in Django's cache under a hash of everything
that decides the picture (see `chart_key`): a changed figure gets a new key and is drawn anew, an
unchanged one is read back. The cache bounds its size (settings.CACHES) and a culled chart is
simply drawn again.
"""

import hashlib
import io
import json
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from PIL import Image

from helhedsplan.core import formats
from helhedsplan.documents.document import Chart, format_value

# (colour, marker, line style) per series style; colours pass 3:1 against white.
STYLES = {
    "baseline": ("#5a5a5a", "s", ":"),
    "measured": ("#1f5fa8", "o", "-"),
    "target": ("#a3360f", "*", "--"),
    "comparison": ("#2e7d32", "^", "-."),
}
SIZE = (6.4, 3.2)  # inches
DPI = 120  # print resolution: 768 x 384 pixels, 16 cm wide in the documents
# This file's own text is part of every key, so a change to the drawing (styles, sizes, fonts,
# formatters) draws all charts anew instead of serving the old pictures.
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
# Read from the installed package, not from matplotlib itself (imported only to draw).
MATPLOTLIB_VERSION = version("matplotlib")


def _decimal_comma(value, _position) -> str:
    return formats.number(value, 2, group=False)


@cache
def _matplotlib():
    """matplotlib, imported when the first chart is drawn: it takes half a second, which every
    process would otherwise pay at start (each command, a cron job, a gunicorn worker)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen: render to files only
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    return FigureCanvasAgg, Figure, FuncFormatter, MaxNLocator


def _figure(chart: Chart):
    _canvas, Figure, FuncFormatter, MaxNLocator = _matplotlib()
    # Figure objects, not pyplot: no global state shared between requests.
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.subplots()
    for series in chart.series:
        if not series.points:
            continue
        colour, marker, line = STYLES[series.style]
        xs = [x for x, _ in series.points]
        ys = [float(y) for _, y in series.points]
        axes.plot(
            xs,
            ys,
            color=colour,
            marker=marker,
            linestyle=line if len(xs) > 1 else "none",
            markersize=9 if series.style == "target" else 6,
            label=series.label,
        )
        for x, y in zip(xs, ys, strict=True):
            axes.annotate(
                _decimal_comma(y, None),
                (x, y),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
                color="#222222",
            )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _p: f"{int(value)}"))
    axes.yaxis.set_major_formatter(FuncFormatter(_decimal_comma))
    axes.set_xlabel("År")
    axes.set_ylabel(chart.unit or "Værdi")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.08, y=0.2)
    years = {x for series in chart.series for x, _ in series.points}
    if len(years) == 1:
        # One year alone (a baseline before any measurement): matplotlib would span 1900-2125.
        (year,) = years
        axes.set_xlim(year - 1, year + 1)
    axes.legend(fontsize=7, loc="best", frameon=False)
    # Fixed margins instead of tight_layout(), which draws the figure an extra time (40 % of the cost).
    figure.subplots_adjust(left=0.11, right=0.98, top=0.95, bottom=0.16)
    return figure


def chart_key(chart: Chart) -> str:
    """A hash of all that decides the picture: the points, labels, styles, title, unit and size,
    matplotlib's version and this module's code."""
    what = {
        "code": _CODE,
        "matplotlib": MATPLOTLIB_VERSION,
        "size": [SIZE, DPI],
        "title": chart.title,
        "unit": chart.unit,
        "series": [
            [series.label, series.style, [[str(x), str(y)] for x, y in series.points]]
            for series in chart.series
        ],
    }
    digest = hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"chart-png:{digest}"


def chart_cache():
    # Its own bounded cache where settings name one, else the default (per process, 300 entries).
    return caches["charts" if "charts" in settings.CACHES else "default"]


def draw_png(chart: Chart) -> bytes:
    """Draw the chart with matplotlib: an RGB PNG (the background is opaque white, so no alpha
    channel, which WeasyPrint would otherwise split off and compress again for every PDF)."""
    canvas = _matplotlib()[0](_figure(chart))
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG at print resolution: from the cache when the same chart was drawn before;
    kept on the chart, so the renderers of one report ask once."""
    if chart.png is None:
        key = chart_key(chart)
        chart.png = chart_cache().get(key)
        if chart.png is None:
            chart.png = draw_png(chart)
            chart_cache().set(key, chart.png, timeout=None)  # unchanged data never goes stale
    return chart.png


def chart_jpeg(chart: Chart) -> bytes:
    """The chart as JPEG, for the PDF: WeasyPrint puts a JPEG into the PDF as it is, where it
    decodes and compresses a PNG again for every PDF (a tenth of a second for the årsrapport's
    eleven charts). Quality 95 without chroma subsampling keeps the lines and the figures sharp
    at print size. Kept in the chart cache beside the PNG, under the same picture's key."""
    key = f"{chart_key(chart)}:jpeg"
    jpeg = chart_cache().get(key)
    if jpeg is None:
        buffer = io.BytesIO()
        Image.open(io.BytesIO(chart_png(chart))).save(
            buffer, format="JPEG", quality=95, subsampling=0, dpi=(DPI, DPI)
        )
        jpeg = buffer.getvalue()
        chart_cache().set(key, jpeg, timeout=None)
    return jpeg


def describe(series_list, unit: str) -> str:
    """The text alternative: each series with its values, e.g. "Målt: 2018: 12,5 %; 2019: 12 %"."""
    parts = []
    for series in series_list:
        if not series.points:
            continue
        values = "; ".join(
            f"{int(x)}: {format_value(Decimal(y), 'number')}{' ' + unit if unit else ''}"
            for x, y in series.points
        )
        parts.append(f"{series.label}: {values}")
    return ". ".join(parts) + "." if parts else "Ingen tal at vise."
