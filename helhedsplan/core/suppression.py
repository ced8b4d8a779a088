"""Small person counts in reports that leave the secretariat (DESIGN: privacy).

Which figures count persons, and the "<N" a small one is shown as; a share of fewer persons than
the threshold is hidden as well. How the outward editions show a count (1 to threshold-1 as "<N",
zero as it is, the rest rounded), and the yearly figures that could be worked out from the
cumulative ones, are in core/outward.py.
"""

from dataclasses import dataclass


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


def hide_share(value, base: int | None, threshold: int, *, active: bool):
    """A share computed from fewer persons than the threshold would reveal them: hidden."""
    if active and value is not None and base is not None and 0 < base < threshold:
        return Suppressed(threshold)
    return value
