"""The kommissorium's fixed agenda items, and the report a meeting follows up on."""

import datetime

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


def ensure_agenda(meeting: Meeting) -> None:
    """A new meeting starts with its fixed items and the report it follows up on."""
    if meeting.agenda_items.exists():
        return
    items = FIXED_ITEMS.get(meeting.body.kind, [])
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=i, title=title, fixed=True)
        for i, title in enumerate(items, start=1)
    )
    report = attached_report(meeting)
    if report and not meeting.report_kind:
        meeting.report_kind, meeting.report_period = report
        meeting.save(update_fields=["report_kind", "report_period"])


def local_date(moment: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(moment).date()
