"""Small person counts in reports that leave the secretariat (DESIGN: privacy).

A count of persons from 1 to threshold-1 is shown as "<N". Zero is shown: it names nobody. Where a
row of counts has a total beside it, one hidden cell could be worked out from the total and the
others, so a second cell (the smallest other one above zero) is hidden too; a total that is
itself small is hidden as well.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Suppressed:
    """A person count below the plan's threshold, shown as "<5" outside the secretariat."""

    threshold: int

    def __str__(self) -> str:
        return f"<{self.threshold}"


def counts_persons(criterion) -> bool:
    """Whether a criterion's actual figure is a number of persons (or families, or one person's
    or one family's courses): unique participants always are; a count is when the plan says so
    (`counts_persons` in the plan file, a field on the criterion). The unit's wording is never
    read: "gruppeforløb" are courses, not persons, and "husstande" are persons."""
    if criterion.kind == "unique_participants":
        return True
    return criterion.kind == "count" and bool(criterion.counts_persons)


def is_share(criterion) -> bool:
    return criterion.kind == "share" or criterion.combine == "share"


def hide(value, threshold: int, *, active: bool):
    """The value, or Suppressed when it is a small positive count and suppression is on."""
    if active and value is not None and 0 < Decimal(value) < threshold:
        return Suppressed(threshold)
    return value


def hide_share(value, base: int | None, threshold: int, *, active: bool):
    """A share computed from fewer persons than the threshold would reveal them: hidden."""
    if active and value is not None and base is not None and 0 < base < threshold:
        return Suppressed(threshold)
    return value


def hide_progress(row, threshold: int, *, active: bool):
    """A criterion's actual figure (a progress row) as the reader may see it: small counts of
    persons, and shares of too few persons, are Suppressed. One rule for the reports, the
    dashboard and the API."""
    if is_share(row.criterion):
        return hide_share(row.actual, row.share_base, threshold, active=active)
    if counts_persons(row.criterion):
        return hide(row.actual, threshold, active=active)
    return row.actual


def hide_row_with_total(
    values: list, total, threshold: int, *, active: bool
) -> tuple[list, object]:
    """Cells that add up to a total: hide the small ones, then enough others that none can be
    worked out by subtraction, and the total if it is small itself."""
    cells = [hide(value, threshold, active=active) for value in values]
    total_cell = hide(total, threshold, active=active)
    hidden = [i for i, cell in enumerate(cells) if isinstance(cell, Suppressed)]
    if active and len(hidden) == 1 and not isinstance(total_cell, Suppressed):
        others = [
            (Decimal(values[i]), i)
            for i, cell in enumerate(cells)
            if not isinstance(cell, Suppressed) and cell is not None and Decimal(cell) > 0
        ]
        if others:
            cells[min(others)[1]] = Suppressed(threshold)
        else:
            total_cell = Suppressed(threshold)
    return cells, total_cell
