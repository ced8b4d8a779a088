"""Issue 18, point 4: meetings planned before Meeting.save() gave every new meeting its agenda got
the kommissorium's fixed items only when staff first opened them; until then the agenda of a
past meeting was empty. This fills in the fixed items and the report each meeting follows up on
for every meeting that has no agenda items yet.

The lists are copied here as they were when the migration was written, so later changes to
governance/agenda.py do not change what this migration did.
"""

from django.db import migrations

from helhedsplan.core.periods import all_tertials, plan_years

FIXED_ITEMS = {
    "board": [
        "Fremdriftsafrapportering",
        "Monitorering",
        "Ledelsesrapportering",
        "Økonomiopfølgning",
    ],
    "steering_group": ["Fremdrift", "Nyt fra deltagerne", "Koordinering"],
}
REPORT_FOR_BODY = {
    "steering_group": "fremdrift",
    "board": "monitorering",
    "political_group": "aarsrapport",
}


def _report(meeting):
    kind = REPORT_FOR_BODY.get(meeting.body.kind)
    if kind is None:
        return None
    plan = meeting.plan
    periods = (
        plan_years(plan.start, plan.end)
        if kind == "aarsrapport"
        else all_tertials(plan.start, plan.end)
    )
    ended = [p for p in periods if p.end < meeting.starts_at.date()]
    return (kind, ended[-1].label) if ended else None


def fill_agendas(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    meetings = Meeting.objects.filter(agenda_items__isnull=True).select_related("body", "plan")
    items = []
    for meeting in meetings.iterator(chunk_size=500):
        items += [
            AgendaItem(meeting=meeting, order=i, title=title, fixed=True)
            for i, title in enumerate(FIXED_ITEMS.get(meeting.body.kind, []), start=1)
        ]
        report = _report(meeting)
        if report and not meeting.report_kind:
            meeting.report_kind, meeting.report_period = report
            meeting.save(update_fields=["report_kind", "report_period"])
    AgendaItem.objects.bulk_create(items, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(fill_agendas, migrations.RunPython.noop)]
