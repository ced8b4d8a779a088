"""Demo texts for the reports, so that the demo plan's reports read like real ones.

The texts follow the computed statuses (an activity behind gets a text about catching up), are
chosen with random.Random(seed) like the rest of the demo data, and are marked is_demo.
"""

import datetime
import random

from helhedsplan.core.periods import all_tertials, plan_years
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.plans.models import Activity, FocusArea, Plan
from helhedsplan.progress.services import plan_progress
from helhedsplan.reports.models import Narrative

BY_STATUS = {
    "on_track": [
        "Aktiviteten forløber som planlagt, og samarbejdet med partnerne fungerer godt.",
        "Aktiviteten er på sporet. Deltagerne melder positivt tilbage, og rekrutteringen går som ventet.",
    ],
    "behind": [
        "Aktiviteten er bagud i forhold til målene. Rekrutteringen styrkes i næste tertial i samarbejde med partnerne.",
        "Færre end ventet har deltaget. Styregruppen drøfter, om tilbuddet skal justeres.",
    ],
    "no_data": [
        "Der mangler data for tertialet; den ansvarlige partner er rykket for tallene.",
    ],
}
SUMMARIES = [
    "Helhedsplanen er i god fremdrift. De fleste succeskriterier er på sporet, og de aktiviteter, "
    "der er bagud, har en plan for at indhente det.",
    "Tertialet har været præget af godt samarbejde i boligområderne. Enkelte aktiviteter er bagud, "
    "og sekretariatet følger tæt op.",
]


def _activity_status(rows) -> str:
    statuses = {row.status for row in rows}
    if "behind" in statuses:
        return "behind"
    if statuses <= {"no_data", "not_started"}:
        return "no_data"
    return "on_track"


def generate_demo_narratives(plan: Plan, *, seed: int, until: datetime.date) -> int:
    rng = random.Random(f"{seed}-narratives")
    activities = list(Activity.objects.for_plan(plan).order_by("focus_area__number", "number"))
    focus_areas = list(FocusArea.objects.for_plan(plan).order_by("number"))
    texts: list[Narrative] = []

    def add(report, period, topic, text):
        texts.append(
            Narrative(plan=plan, report=report, period=period, topic=topic, text=text, is_demo=True)
        )

    for tertial in all_tertials(plan.start, plan.end):
        if tertial.end > until:
            break
        rows = plan_progress(plan, tertial.end).criteria
        add(ReportKind.FREMDRIFT, tertial.label, "", rng.choice(SUMMARIES))
        for activity in activities:
            own = [row for row in rows if row.criterion.activity_id == activity.id]
            add(
                ReportKind.FREMDRIFT,
                tertial.label,
                f"activity:{activity.key}",
                rng.choice(BY_STATUS[_activity_status(own)]),
            )
        behind = sum(1 for row in rows if row.status == "behind")
        add(
            ReportKind.PROJEKTLEDELSE,
            tertial.label,
            "risks",
            f"{behind} succeskriterier er bagud. Den største risiko er rekrutteringen af deltagere; "
            "den håndteres i tæt dialog med partnerne.",
        )
    for year in plan_years(plan.start, plan.end):
        if year.end > until:
            break
        add(ReportKind.AARSRAPPORT, year.label, "", rng.choice(SUMMARIES))
        for focus in focus_areas:
            add(
                ReportKind.AARSRAPPORT,
                year.label,
                f"focus_area:{focus.key}",
                f"Indsatsområdet «{focus.name}» har i {year.label} arbejdet efter delaftalen. "
                f"Målingerne nedenfor viser udviklingen mod målene for {plan.end.year}.",
            )
        add(
            ReportKind.MONITORERING,
            year.label,
            "",
            "Monitoreringen viser udviklingen i de lokalt opstillede målinger.",
        )
    # A text a person has written (is_demo off) is kept; the demo only fills the empty topics.
    taken = set(Narrative.objects.filter(plan=plan).values_list("report", "period", "topic"))
    texts = [t for t in texts if (t.report, t.period, t.topic) not in taken]
    Narrative.objects.bulk_create(texts)
    return len(texts)


def delete_demo_narratives(plan: Plan) -> int:
    Narrative.history.filter(plan_id=plan.id, is_demo=True).delete()
    return Narrative.objects.filter(plan=plan, is_demo=True).delete()[0]
