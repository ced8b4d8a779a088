"""What a changed target does to the rest of its success criterion (issue 18.7).

A criterion with a yearly target often also names the target for the whole period, and its
text says both: "5 eksemplarer årligt svarende til 20 i hele perioden" is target 5, per year,
period_target 20. Changing the target to 6 alone leaves "Mål for hele perioden: 20" and the
text "5 ... årligt" behind. This module says what no longer agrees and proposes the new values;
the editor shows them and lets the person choose. Plain data in, plain data out.
"""

import re
from dataclasses import dataclass

from helhedsplan.core import formats


@dataclass(frozen=True)
class Consequences:
    old_target: float
    new_target: float
    period_old: float | None = None  # the period target that no longer agrees
    period_new: float | None = None  # what it becomes with the new target
    text_old: str = ""  # the criterion's text, when it still names the old figures
    text_new: str = ""  # the text with the new figures; "" when they cannot be put in
    text_partial: bool = False  # the text does not name the old target in figures
    years: int | None = None  # plan years the period target is counted over

    @property
    def changes(self) -> dict:
        """The values the proposal puts into the criterion, by field name."""
        values = {}
        if self.period_new is not None:
            values["period_target"] = self.period_new
        if self.text_new:
            values["text"] = self.text_new
        return values

    @property
    def fields(self) -> list[str]:
        """The fields that no longer agree with the new target."""
        return [
            *(["period_target"] if self.period_old is not None else []),
            *(["text"] if self.text_old else []),
        ]


def _numeric(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _whole(value: float):
    return int(value) if float(value).is_integer() else value


def _figure(value) -> str:
    """The ways a number may be written in a text: 1000 as "1.000" or "1000", 2.5 as "2,5"."""
    grouped, plain = formats.number(value), formats.number(value, group=False)
    return "|".join(re.escape(x) for x in dict.fromkeys([grouped, plain]))


def _replace(text: str, swaps: dict) -> tuple[str, bool]:
    """Every whole figure of `swaps`' keys in `text` put as its value, in one pass (so 5 -> 20 and
    20 -> 80 do not chain). Returns the text and whether the first key was found."""
    patterns = {}
    for old, new in swaps.items():
        patterns[old] = (re.compile(rf"(?<![\d.,])(?:{_figure(old)})(?![\d]|[.,]\d)"), new)
    found = bool(patterns) and bool(next(iter(patterns.values()))[0].search(text))
    marks = {}
    for index, (pattern, new) in enumerate(patterns.values()):
        token = f"\x00{index}\x00"
        marks[token] = formats.number(new)
        text = pattern.sub(token, text)
    for token, figure in marks.items():
        text = text.replace(token, figure)
    return text, found


def plan_years(data: dict) -> int | None:
    period = data.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not (hasattr(start, "toordinal") and hasattr(end, "toordinal")):
        return None
    return max(1, round((end.toordinal() - start.toordinal() + 1) / 365.25))


def is_yearly(old: dict, new: dict) -> bool:
    """A yearly target: the one the editor asks about before saving. A target for the whole
    period is saved at once; its text, if it still names the old figure, is marked."""
    return new.get("per") == "year" or old.get("per") == "year"


def of_target_change(old: dict, new: dict, years: int | None) -> Consequences | None:
    """What no longer agrees when criterion `old` becomes `new` (both plan-file items), or None.
    A field the person changed too is theirs: no proposal for it."""
    old_target, new_target = _numeric(old.get("target")), _numeric(new.get("target"))
    if old_target is None or new_target is None or old_target == new_target:
        return None
    period_old = period_new = factor = None
    swaps = {old_target: new_target}
    old_period = _numeric(old.get("period_target"))
    if (
        new.get("per") == "year"
        and old_period is not None
        and _numeric(new.get("period_target")) == old_period
    ):
        ratio = old_period / old_target if old_target else None
        factor = ratio if ratio and float(ratio).is_integer() else years
        if factor:
            proposed = _whole(new_target * factor)
            if proposed != old_period:
                period_old, period_new = old_period, proposed
                if old_period != old_target:
                    swaps[old_period] = proposed
    text_old = text_new = ""
    partial = False
    text = old.get("text") or ""
    if text and new.get("text") == text:
        replaced, found = _replace(text, swaps)
        # Not found: the text names the target in words ("to positive historier"), or not at
        # all; the figures it has are still proposed, and the person is told to read it.
        text_old, text_new, partial = text, replaced if replaced != text else "", not found
    if period_old is None and not text_old:
        return None
    return Consequences(
        old_target=old_target,
        new_target=new_target,
        period_old=period_old,
        period_new=period_new,
        text_old=text_old,
        text_new=text_new,
        text_partial=partial,
        years=int(factor) if period_old is not None and factor else None,
    )
