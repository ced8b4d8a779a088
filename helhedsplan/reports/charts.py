"""Charts of local measures with matplotlib, as PNG for HTML, PDF and Word.

Every series differs by marker and line pattern as well as by colour, so a chart printed in
black and white, or read by someone who does not tell the colours apart, still says which is
which (WCAG: never colour alone). The words are Danish, with decimal commas.
"""

import io
from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helhedsplan.reports.document import Chart, format_value

matplotlib.use("Agg")  # no screen: render to files only
matplotlib.rcParams["font.family"] = "DejaVu Sans"

# (colour, marker, line style) per series style; colours pass 3:1 against white.
STYLES = {
    "baseline": ("#5a5a5a", "s", ":"),
    "measured": ("#1f5fa8", "o", "-"),
    "target": ("#a3360f", "*", "--"),
    "comparison": ("#2e7d32", "^", "-."),
}


def _decimal_comma(value, _position) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _figure(chart: Chart) -> Figure:
    # Figure objects, not pyplot: no global state shared between requests.
    figure = Figure(figsize=(6.4, 3.2), dpi=100)
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
    axes.legend(fontsize=7, loc="best", frameon=False)
    # Fixed margins instead of tight_layout(), which draws the figure an extra time (40 % of the cost).
    figure.subplots_adjust(left=0.11, right=0.98, top=0.95, bottom=0.16)
    return figure


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG at print resolution; made once per chart and kept on it."""
    if chart.png is None:
        buffer = io.BytesIO()
        _figure(chart).savefig(buffer, format="png", dpi=120)
        chart.png = buffer.getvalue()
    return chart.png


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
