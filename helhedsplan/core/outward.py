"""What the outward editions show of person counts, and why nothing beside them gives one away.

The steering group, the board and readers (accounts/access.py OUTWARD_ROLES) get the outward
editions: the dashboard, the API's progress and the reports made with suppression. A person count
there follows four rules (README "Små tal og diskretionering", after Danmarks Statistik's
principle that no new information about a single person may be derived from what is published):

1. Primary suppression: 1 to threshold-1 persons are shown as "<N". Zero is shown: it names
   nobody.
2. Rounding ("afrunding"): a count of threshold or more is rounded to the nearest multiple of the
   threshold (half up), never below the threshold: 13 and 14 beboerambassadører are both "15",
   so no two figures of the same criterion, at any two dates, differ by an exact small number.
3. Status from what is shown: beside a rounded figure the status is that of the rounded figure;
   beside a hidden one it is the status every value from 1 to threshold-1 would have, or «få
   personer» when they disagree. So a status never narrows a hidden figure (the fremdriftsrapport
   2017/18-T1 showed "Forventet 2,01, Opnået <5, tæt på", which means exactly 2).
4. Yearly figures beside the cumulative one (årsrapport, aktivitetsskema): a plan year's own
   figure is shown only once the year has ended, and a year's figure is withheld ("skjult",
   secondary suppression) when, together with the cumulative figures at every year end (which
   the dashboard shows for any date), it would narrow any figure to one value above zero.

A share computed from fewer persons than the threshold is hidden as "<N" (core/suppression.py);
its status follows rule 3 over every share such a group could have.
"""

import dataclasses
import math
from decimal import Decimal
from fractions import Fraction

from helhedsplan.core.status import status_for
from helhedsplan.core.suppression import Suppressed, counts_persons, hide_share, is_share

FEW = "few"  # the status of a hidden figure whose possible values disagree (core/status.py)


@dataclasses.dataclass(frozen=True)
class Withheld(Suppressed):
    """A figure withheld so that another cannot be worked out from it (secondary suppression),
    or a plan year's own figure before the year has ended. A Suppressed, so that every renderer
    prints it as text."""

    def __str__(self) -> str:
        return "skjult"


def rounded(value, threshold: int) -> int:
    """The nearest multiple of the threshold, half up, never below the threshold."""
    exact = Fraction(Decimal(value)) / threshold
    return max(threshold, threshold * math.floor(exact + Fraction(1, 2)))


def shown_count(value, threshold: int):
    """A person count as the outward editions show it (rules 1 and 2)."""
    if isinstance(value, Suppressed):
        return value  # already shown as the outward editions show it
    if value is None or Decimal(value) <= 0:
        return value
    if Decimal(value) < threshold:
        return Suppressed(threshold)
    return Decimal(rounded(value, threshold))


def possible_counts(shown, threshold: int) -> tuple[int, int | None]:
    """The true counts (lowest, highest; None: no upper bound) a reader cannot tell apart from
    what is shown: "<5" is 1-4, "15" is 13-17, "5" is 5-7, "0" is 0."""
    if isinstance(shown, Withheld):
        return 0, None
    if isinstance(shown, Suppressed):
        return 1, threshold - 1
    value = Fraction(Decimal(shown))
    if value == 0:
        return 0, 0
    low = max(threshold, math.ceil(value - Fraction(threshold, 2)))
    return low, math.ceil(value + Fraction(threshold, 2)) - 1


def _possible_shares(threshold: int) -> set[Decimal]:
    # Every share (in per cent) of fewer persons than the threshold: c of p, 1 <= p < threshold.
    return {Decimal(100 * c) / Decimal(p) for p in range(1, threshold) for c in range(p + 1)}


def shown_status(row, shown, threshold: int) -> str:
    """The status beside a figure that is shown as `shown` (rule 3)."""
    if shown is row.actual or row.status in {"no_data", "not_started", "assessed"}:
        # Not started and missing data do not depend on the value; an unchanged figure keeps
        # its own status.
        return row.status

    def status(value) -> str:
        return status_for(
            actual=Decimal(value), expected=row.expected, direction=row.criterion.direction
        )

    if not isinstance(shown, Suppressed):
        return status(shown)  # a rounded figure: the status the reader can check against it
    if is_share(row.criterion):
        candidates = _possible_shares(threshold)
    else:
        low, high = possible_counts(shown, threshold)
        candidates = range(low, high + 1)
    statuses = {status(value) for value in candidates}
    return statuses.pop() if len(statuses) == 1 else FEW


def shown_actual(row, threshold: int):
    """A progress row's actual figure as the outward editions show it."""
    if is_share(row.criterion):
        return hide_share(row.actual, row.share_base, threshold, active=True)
    if counts_persons(row.criterion):
        return shown_count(row.actual, threshold)
    return row.actual


def outward_row(row, threshold: int, *, active: bool):
    """A copy of a progress row as its reader may see it: `actual` is the shown figure (a
    number, or Suppressed), `status` follows from it. The row itself is left as it is (the kept
    rows are shared between roles)."""
    if not active:
        return row
    shown = shown_actual(row, threshold)
    if shown is row.actual:
        return row
    return dataclasses.replace(row, actual=shown, status=shown_status(row, shown, threshold))


def outward_rows(rows, threshold: int, *, active: bool) -> list:
    return [outward_row(row, threshold, active=active) for row in rows]


# ---- a plan year's own figure beside the cumulative ones (rule 4) ---------------------------


def year_relation(criterion) -> str:
    """How a plan year's own figure relates to the cumulative figure: "sum" (deliveries and
    unique participants counted per year add up), "max" (the largest), or "union" (unique
    participants over the period: the year's persons are among the cumulative ones)."""
    if criterion.kind == "unique_participants":
        return "sum" if criterion.per == "year" else "union"
    return "max" if criterion.combine == "max" else "sum"


def _year_values(relation: str, before: int, after: int) -> tuple[int, int] | None:
    """The year's own values (lowest, highest) that take the cumulative figure from `before` to
    `after` (None: none does)."""
    if after < before:
        return None
    if relation == "sum":
        return after - before, after - before
    if relation == "union":
        # The year holds the newcomers at least, and no more persons than the cumulative count.
        return after - before, after
    return (0, after) if after == before else (after, after)  # max


def _meet(span: tuple[int, int] | None, low: int, high: int | None):
    if span is None:
        return None
    lo, hi = max(span[0], low), span[1] if high is None else min(span[1], high)
    return (lo, hi) if lo <= hi else None


def narrowed(relation: str, years: list, totals: list, threshold: int) -> bool:
    """Whether what is shown (each year's own figure, and the cumulative figure at each year's
    end) narrows any of them, or a withheld one, to a single value above zero. The reader's
    reasoning, done exactly: the cumulative values still possible at each year end, forwards and
    backwards through the years."""
    spans = [possible_counts(total, threshold) for total in totals]
    year_spans = [possible_counts(year, threshold) for year in years]
    # A cumulative figure is always shown, so its span is bounded.
    forward = [{0}]
    for (low, high), (y_low, y_high) in zip(spans, year_spans, strict=True):
        forward.append(
            {
                after
                for after in range(low, high + 1)
                if any(
                    _meet(_year_values(relation, before, after), y_low, y_high)
                    for before in forward[-1]
                )
            }
        )
    possible = [set() for _ in forward]
    possible[-1] = forward[-1]
    for k in range(len(spans), 0, -1):
        y_low, y_high = year_spans[k - 1]
        possible[k - 1] = {
            before
            for before in forward[k - 1]
            if any(
                _meet(_year_values(relation, before, after), y_low, y_high) for after in possible[k]
            )
        }
    for k in range(1, len(possible)):
        if len(possible[k]) == 1 and next(iter(possible[k])) > 0:
            return True
        y_low, y_high = year_spans[k - 1]
        found = [
            span
            for before in possible[k - 1]
            for after in possible[k]
            if (span := _meet(_year_values(relation, before, after), y_low, y_high))
        ]
        if not found:
            continue  # not what the data gave: nothing to narrow
        least, most = min(s[0] for s in found), max(s[1] for s in found)
        if least == most and least > 0:
            return True
    return False


def shown_years(
    criterion, years: list, totals: list, threshold: int, *, closed: list[bool]
) -> list:
    """Each plan year's own person count as the outward editions show it, beside the
    cumulative figures at each year's end (`totals`, true values): rounded or "<N", "skjult"
    while the year runs, and "skjult" where it would narrow a figure (rule 4). Decided year by
    year from the years up to it only, so that the årsrapport of a year and a later
    aktivitetsskema show the same."""
    relation = year_relation(criterion)
    # No figure (no registration in a year) is known to be 0.
    shown_totals = [shown_count(total or Decimal(0), threshold) for total in totals]
    shown: list = []
    for k, (value, done) in enumerate(zip(years, closed, strict=True)):
        cell = shown_count(value or Decimal(0), threshold) if done else Withheld(threshold)
        if not isinstance(cell, Withheld) and narrowed(
            relation, [*shown, cell], shown_totals[: k + 1], threshold
        ):
            cell = Withheld(threshold)
        shown.append(cell)
    return [None if value is None else cell for value, cell in zip(years, shown, strict=True)]
