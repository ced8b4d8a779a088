"""A criterion over the years against its thresholds, as inline SVG (drawn by
registerdata/_criterion_chart.html): the area's value as a solid line with round marks, the § 61 a
threshold dashed and the § 61 b threshold dotted, each line named in words beside the chart, so
nothing is told by colour alone. The table under each chart gives the same numbers as text."""

from dataclasses import dataclass, field
from decimal import Decimal

from helhedsplan.core import formats
from helhedsplan.plans.register_measures import value_words

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 88, 16, 12, 28
TICKS = 4


@dataclass
class Line:
    name: str  # in words, in the legend
    kind: str  # "value", "udsat" or "forebyggelse": the line's pattern
    points: str = ""  # "x,y x,y ..." for <polyline>
    marks: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, value in words


@dataclass
class Chart:
    title: str
    unit: str
    lines: list[Line]
    years: list[tuple[float, str]]  # x, label
    ticks: list[tuple[float, str]]  # y, label
    rows: list[tuple[int, str, str, str]]  # year, value, § 61 a threshold, § 61 b threshold
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT

    @property
    def description(self) -> str:
        """The chart in one sentence, for a screen reader."""
        shown = [f"{year}: {value}" for year, value, _, _ in self.rows if value != formats.EMPTY]
        return f"{self.title}. " + ("; ".join(shown) if shown else "Ingen værdier.")


STEPS = [Decimal(step) for step in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "7.5", "8", "10")]


def nice_top(largest: Decimal) -> Decimal:
    """The axis' top: TICKS steps of a round size (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a
    power of ten) with a little room above the largest value: 0, 15, 30, 45, 60 %."""
    if largest <= 0:
        return Decimal(TICKS)
    wanted = largest * Decimal("1.05") / TICKS
    power = Decimal(10) ** wanted.adjusted()
    step = next(factor * power for factor in STEPS if factor * power >= wanted)
    return step * TICKS


UDSAT_NAMES = ("Grænse, udsat boligområde (§ 61 a)", "Grænse, forebyggelsesområde (§ 61 b)")
SHARE_NAMES = ("Grænse, parallelsamfund (§ 61 a, stk. 2)", "Grænse, forebyggelsesområde (§ 61 b)")


def criterion_chart(title: str, unit: str, series: list[tuple], names=UDSAT_NAMES) -> Chart:
    """`series`: (year, value, § 61 a threshold, § 61 b threshold) for each data year; `names`:
    the two thresholds in words."""
    numbers = [v for _, *values in series for v in values if v is not None]
    top = nice_top(max(numbers, default=Decimal(1)))
    years = [year for year, *_ in series]
    span = max(len(years) - 1, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + plot_width * index / span, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_height * float(1 - value / top), 1)

    lines = [
        Line("Områdets værdi", "value"),
        Line(names[0], "udsat"),
        Line(names[1], "forebyggelse"),
    ]
    for which, line in enumerate(lines, start=1):
        points = [
            (x(index), y(values[which]), value_words(values[which], unit))
            for index, values in enumerate(series)
            if values[which] is not None
        ]
        line.points = " ".join(f"{px},{py}" for px, py, _ in points)
        line.marks = points if line.kind == "value" else []
    ticks = [
        (y(top * step / TICKS), value_words(top * step / TICKS, unit)) for step in range(TICKS + 1)
    ]
    rows = [(year, *(value_words(value, unit) for value in values)) for year, *values in series]
    return Chart(
        title=title,
        unit=unit,
        lines=lines,
        years=[(x(index), str(year)) for index, year in enumerate(years)],
        ticks=ticks,
        rows=rows,
    )
