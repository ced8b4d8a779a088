"""The start page's status chart: success criteria per status per focus area, as stacked bars.

The geometry is computed here and drawn by workspace/_status_chart.html as inline SVG, so the
chart needs no script and no image request. Each status has its own pattern as well as its own
colour (status is never told by colour alone), and the table beside the chart gives the same
numbers as text.
"""

from dataclasses import dataclass, field

from helhedsplan.core.status import STATUS_LABELS

WIDTH = 640
LABEL_HEIGHT = 20  # the focus area's name above its bar
BAR_HEIGHT = 24
ROW_GAP = 14
TOTAL_ROOM = 110  # room right of the longest bar for "NN i alt"
LABEL_CHARS = 70


@dataclass
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    key: str
    label: str
    total: int
    counts: dict[str, int]
    label_y: int
    bar_y: int
    total_x: float
    segments: list[Segment] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # the counts in the order of the statuses shown


@dataclass
class StatusChart:
    bars: list[Bar]
    statuses: list[tuple[str, str]]  # the statuses that occur: (code, Danish label)
    width: int
    height: int
    bar_height: int = BAR_HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars)

    @property
    def description(self) -> str:
        """The chart in words, for its aria-label (the table beside it has the same numbers)."""
        parts = []
        for bar in self.bars:
            counts = ", ".join(f"{seg.count} {seg.label}" for seg in bar.segments)
            parts.append(f"{bar.label}: {counts or 'ingen succeskriterier'}")
        return "Søjlediagram over succeskriterier pr. status for hvert indsatsområde. " + (
            "; ".join(parts) + "."
        )

    @property
    def status_totals(self) -> list[tuple[str, str, int]]:
        return [
            (code, label, sum(bar.counts[code] for bar in self.bars))
            for code, label in self.statuses
        ]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def status_chart(focus_areas, rows) -> StatusChart:
    """Stacked bars, one per focus area (in plan order, empty ones too), from the rows of
    progress.services.plan_progress (one per criterion)."""
    counts: dict[int, dict[str, int]] = {
        fa.id: dict.fromkeys(STATUS_LABELS, 0) for fa in focus_areas
    }
    for row in rows:
        focus_id = row.criterion.activity.focus_area_id
        if focus_id in counts:
            counts[focus_id][row.status] += 1
    present = [
        (code, label)
        for code, label in STATUS_LABELS.items()
        if any(per_focus[code] for per_focus in counts.values())
    ]
    largest = max((sum(c.values()) for c in counts.values()), default=0)
    scale = (WIDTH - TOTAL_ROOM) / largest if largest else 0
    bars, y = [], 0
    for focus in focus_areas:
        per_status = counts[focus.id]
        label_y = y + LABEL_HEIGHT - 5
        bar_y = y + LABEL_HEIGHT
        x = 0.0
        segments = []
        for code, label in present:
            count = per_status[code]
            if not count:
                continue
            width = round(count * scale, 1)
            segments.append(Segment(code, label, count, round(x, 1), width))
            x += width
        bars.append(
            Bar(
                key=focus.key,
                label=_short(f"{focus.number}. {focus.name}"),
                total=sum(per_status.values()),
                counts=per_status,
                label_y=label_y,
                bar_y=bar_y,
                total_x=round(x + 8, 1),
                segments=segments,
                cells=[per_status[code] for code, _ in present],
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return StatusChart(bars=bars, statuses=present, width=WIDTH, height=max(y, 1))
