"""An area's standing in the words and figures a page or a report shows."""

from dataclasses import dataclass

from helhedsplan.core import formats
from helhedsplan.plans.register_measures import BY_KEY, PERCENT, value_words
from helhedsplan.registerdata.services import AreaStanding, shown_value
from helhedsplan.registerdata.standing import (
    COMPARISON_WORDS,
    FOREBYGGELSE,
    LIST_LABELS,
    LISTS,
    UDSAT,
)

GROUPS = [
    ("udsat", "Kriterierne for et udsat boligområde (§ 61 a, stk. 1)"),
    ("forebyggelse", "Kriterierne for et forebyggelsesområde (§ 61 b)"),
]


@dataclass
class CriterionRow:
    label: str
    value: str
    threshold: str
    met: bool | None
    margin: str


def margin_words(margin, unit: str) -> str:
    """How far the value lies from the threshold, + on the side that meets it; a share's margin
    in percentage points."""
    if margin is None:
        return value_words(None, unit)
    sign = "+" if margin > 0 else ""
    if unit == PERCENT:
        return f"{sign}{formats.number(margin, 1, fixed=True)} procentpoint"
    return sign + value_words(margin, unit)


def criterion_rows(criteria) -> list[CriterionRow]:
    rows = []
    for criterion in criteria:
        measure = BY_KEY[criterion.key]
        averaged = ", gennemsnit af 2 år" if criterion.two_years else ""
        how = COMPARISON_WORDS[criterion.compare]
        rows.append(
            CriterionRow(
                label=f"{criterion.number}. {measure.label}{averaged}",
                value=value_words(criterion.value, measure.unit),
                threshold=f"{how} {value_words(criterion.threshold, measure.unit)}"
                if criterion.threshold is not None
                else value_words(None, measure.unit),
                met=criterion.met,
                margin=margin_words(criterion.margin, measure.unit),
            )
        )
    return rows


def present(area: AreaStanding, threshold: int, *, outward: bool) -> AreaStanding:
    """Adds to `area` what the templates show (in place; returns it)."""
    result = area.standing
    residents = shown_value(result.residents, BY_KEY["residents"], threshold, outward=outward)
    area.residents_words = value_words(residents, BY_KEY["residents"].unit)
    area.lists_shown = [(LIST_LABELS[name], result.lists[name]) for name in LISTS]
    area.on_labels = [LIST_LABELS[name] for name in result.on]
    area.both_lists = result.lists[UDSAT] and result.lists[FOREBYGGELSE]
    area.way_off_shown = [(LIST_LABELS[name], how) for name, how in area.way_off.items()]
    area.undecided = [LIST_LABELS[name] for name in LISTS if result.lists[name] is None]
    area.years_shown = [
        (LIST_LABELS[name], years) for name, years in area.years_on.items() if years
    ]
    area.missing_words = ", ".join(result.missing)
    area.groups = [
        (group, title, criterion_rows(getattr(result, group))) for group, title in GROUPS
    ]
    return area
