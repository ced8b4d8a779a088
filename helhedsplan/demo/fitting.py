"""The pure rules the demo data are fitted with, so that the progress dashboard shows the status
each criterion was given: the categories, their windows, and whole numbers fitted into them."""

import datetime
import math
import random
import re
from fractions import Fraction

AHEAD, NEAR, BEHIND, NO_DATA = "ahead", "near", "behind", "no_data"
# Where actual/expected must land at `until` for plan_progress to show the wanted status.
WINDOWS = {
    AHEAD: (Fraction(1), None),
    NEAR: (Fraction(8, 10), Fraction(1)),
    BEHIND: (Fraction(0), Fraction(8, 10)),
}
# The performance drawn for each category, before it is fitted into the window.
FACTORS = {AHEAD: (1.05, 1.3), NEAR: (0.84, 0.95), BEHIND: (0.5, 0.72)}


def fit(
    desired: float,
    expected: Fraction | None,
    category: str,
    *,
    minimum: int = 0,
    maximum: int | None = None,
) -> int:
    """The whole number nearest `desired` whose ratio to `expected` lies in the category's window."""
    fallback = max(minimum, round(desired))
    if maximum is not None:
        fallback = min(fallback, maximum)
    if not expected or category not in WINDOWS:
        return fallback
    low, high = WINDOWS[category]
    top = maximum if maximum is not None else max(int(desired * 2), math.ceil(expected * 2)) + 10
    best = None
    for value in range(max(minimum, 0), top + 1):
        ratio = Fraction(value) / expected
        if ratio < low or (high is not None and ratio >= high):
            continue
        # Behind still means some data: a criterion without any shows "mangler data".
        if category == BEHIND and value == 0:
            continue
        if best is None or abs(value - desired) < abs(best - desired):
            best = value
    return fallback if best is None else best


def spread(total: int, weights: list[Fraction]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder), summing exactly to total."""
    weight_sum = sum(weights)
    if not weight_sum:
        return [0] * len(weights)
    exact = [Fraction(total) * w / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def weekday(day: datetime.date, low: datetime.date, high: datetime.date) -> datetime.date:
    """The day moved off a weekend (Saturday back, Sunday forward) if that stays in range."""
    moved = day + datetime.timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))
    return moved if low <= moved <= high else day


def decimals(*values) -> int:
    places = [max(0, -v.normalize().as_tuple().exponent) for v in values if v is not None]
    return min(max(places, default=0), 2)


def year_of_baseline(period: str) -> int | None:
    # The year a baseline period ends in, as the progress dashboard reads it.
    digits = [int(part) for part in re.findall(r"\d{4}|(?<=/)\d{2}", period)]
    if not digits:
        return None
    return digits[-1] + 2000 if digits[-1] < 100 else digits[-1]


def draw_factor(category: str, rng: random.Random) -> float:
    """A performance for the category, before it is fitted into the window."""
    low, high = FACTORS.get(category, (1.0, 1.0))
    return rng.uniform(low, high)


def adjust_sum(values, total, rng, *, lowest, highest=None) -> None:
    """Nudge `values` one at a time until they sum to `total`, within their bounds."""
    difference = total - sum(values)
    open_up = [i for i in range(len(values)) if highest is None or values[i] < highest[i]]
    while difference and open_up:
        i = rng.choice(open_up) if difference > 0 else rng.randrange(len(values))
        if difference > 0:
            values[i] += 1
            difference -= 1
            if highest is not None and values[i] >= highest[i]:
                open_up.remove(i)
        elif values[i] > lowest[i]:
            values[i] -= 1
            difference += 1
        elif all(v <= low for v, low in zip(values, lowest, strict=True)):
            break
