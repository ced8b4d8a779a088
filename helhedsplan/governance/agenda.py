"""The kommissorium's fixed agenda items, and the report a meeting follows up on."""

from helhedsplan.core.periods import all_tertials, plan_years
from helhedsplan.governance.models import AgendaItem, Meeting

# Kommissorium pkt. 7 (board) and the steering group's kommissorium: fixed items on every agenda.
FIXED_ITEMS = {
    "board": [
        "Fremdriftsafrapportering",
        "Monitorering",
        "Ledelsesrapportering",
        "Økonomiopfølgning",
    ],
    "steering_group": ["Fremdrift", "Nyt fra deltagerne", "Koordinering"],
}
# Which report each body gets with its agenda.
REPORT_FOR_BODY = {
    "steering_group": "fremdrift",
    "board": "monitorering",
    "political_group": "aarsrapport",
}


def attached_report(meeting: Meeting) -> tuple[str, str] | None:
    """(report kind, period): the newest period that has ended before the meeting."""
    kind = REPORT_FOR_BODY.get(meeting.body.kind)
    if kind is None:
        return None
    plan = meeting.plan
    day = meeting.starts_at.date()
    periods = (
        plan_years(plan.start, plan.end)
        if kind == "aarsrapport"
        else all_tertials(plan.start, plan.end)
    )
    ended = [p for p in periods if p.end < day]
    if not ended:
        return None
    return kind, ended[-1].label


def fixed_items(meeting: Meeting) -> list[AgendaItem]:
    """The kommissorium's fixed items of the meeting's body, not saved."""
    return [
        AgendaItem(meeting=meeting, order=i, title=title, fixed=True)
        for i, title in enumerate(FIXED_ITEMS.get(meeting.body.kind, []), start=1)
    ]


def refresh_report(meeting: Meeting) -> None:
    """A meeting moved to another day follows up the report of the period ended before it."""
    kind, period = attached_report(meeting) or ("", "")
    if (kind, period) != (meeting.report_kind, meeting.report_period):
        meeting.report_kind, meeting.report_period = kind, period
        meeting.save(update_fields=["report_kind", "report_period"])
