"""Demo data for the milestone plans: 3-5 milestones per activity and plan year.

Deterministic like helhedsplan.demo.registrations (random.Random seeded from the seed, the
activity's key and the plan year). Milestones in months that have ended by `until` are mostly
done, a few cancelled, and a few (mostly recent ones) still open, so the dashboard shows some
overdue; the month of `until` and later are planned. Plan years that have not begun by `until`
get no milestone plan yet. Every row is marked is_demo; real milestones are never touched.
"""

import datetime
import random

from helhedsplan.core.periods import plan_years
from helhedsplan.demo.marks import DEMO_NOTE
from helhedsplan.plans.models import Activity, Plan
from helhedsplan.progress.milestones import month_end, months_of
from helhedsplan.progress.models import Milestone

SECRETARIAT = "Bysekretariatet"

# Titles by the part of the plan year they belong to: the start, the middle and the end.
OPENING = [
    "Opstartsmøde med samarbejdspartnere",
    "Planlægning af årets aktiviteter",
    "Rekruttering af deltagere",
    "Aftale om lokaler og praktisk planlægning",
    "Forventningsafstemning med partnerne",
]
MIDDLE = [
    "Status til styregruppen",
    "Opfølgning på succeskriterier",
    "Informationsmøde for beboerne",
    "Midtvejsevaluering med partnerne",
    "Registrering af leverancer før styregruppemødet",
    "Erfaringsudveksling med andre boligområder",
]
CLOSING = [
    "Evaluering af forløb",
    "Afrapportering til fremdriftsrapporten",
    "Erfaringsopsamling og plan for næste år",
    "Selvevaluering med deltagerne",
]
# Titles tied to the activity, by a word in its key or name (every match adds to the middle).
BY_WORD = [
    ("naboskab", ["Fællesspisning i beboerhuset", "Gårdfest i samarbejde med beboerrådet"]),
    ("formidling", ["Nyhedsbrev til beboerne udsendt", "Pressemeddelelse om indsatsen"]),
    ("hotspot", ["Kontakt til unge i området om aftenen", "Koordineringsmøde med SSP"]),
    ("uddannelsesvejledning", ["Familiesamtaler om uddannelsesvalg", "Samarbejdsmøde med UU"]),
    ("beskaeftigelse", ["Virksomhedsbesøg med de unge", "Jobsøgningsværksted"]),
    ("uddannelsestilbud", ["Brobygningsforløb starter", "Opfølgning på de unges fremmøde"]),
    ("moedregrupper", ["Ny mødregruppe starter", "Temamøde med sundhedsplejen"]),
    ("nussa", ["Supervision af personalet", "Forældremøde om NUSSA"]),
    ("sprog", ["Sprogscreening i dagtilbuddene", "Læsestund på biblioteket"]),
    ("fravaer", ["Opfølgning på fraværsstatistik med skolerne", "Forældresamtaler om fremmøde"]),
    ("familieklassen", ["Nyt hold i familieklassen starter", "Forældremøde i familieklassen"]),
    ("familiekurser", ["Familiekursus: nyt hold starter", "Opfølgningssamtaler med familierne"]),
]


def delete_milestone_demo(plan: Plan) -> int:
    count = Milestone.objects.filter(plan=plan, is_demo=True).delete()[0]
    # Demo rows leave no audit trail (see demo.registrations.delete_registrations_demo).
    Milestone.history.filter(plan_id=plan.id, is_demo=True).delete()
    return count


def generate_milestone_demo(plan: Plan, *, seed: int, until: datetime.date) -> int:
    """Milestones for every activity and plan year begun by `until`; the caller deletes old."""
    years = [year for year in plan_years(plan.start, plan.end) if year.start <= until]
    rows = []
    for activity in (
        Activity.objects.for_plan(plan)
        .select_related("responsible_organisation")
        .order_by("focus_area__number", "number")
    ):
        for year in years:
            rng = random.Random(f"{seed}:milestones:{activity.key}:{year.label}")
            rows.extend(_year_plan(plan, activity, months_of(year), until, rng))
    if rows and not any(_overdue(row, until) for row in rows):
        # There should be something to follow up on: the latest milestone already due stays open.
        due = [row for row in rows if row.month < until.replace(day=1)]
        if due:
            max(due, key=lambda row: row.month).status = Milestone.Status.IN_PROGRESS
    Milestone.objects.bulk_create(rows)
    return len(rows)


def _overdue(milestone: Milestone, until: datetime.date) -> bool:
    return milestone.month < until.replace(day=1) and milestone.is_open


def _year_plan(plan, activity, months, until, rng) -> list[Milestone]:
    count = rng.randint(3, 5)
    if len(months) >= 7:
        # One in the first quarter of the year, one in the last, the rest between.
        chosen = [rng.choice(months[:3])]
        chosen += sorted(rng.sample(months[3:-3], count - 2))
        chosen.append(rng.choice(months[-3:]))
    else:  # a short last plan year
        chosen = sorted(rng.sample(months, min(count, len(months))))
    words = f"{activity.key} {activity.name}".lower()
    own = [title for word, titles in BY_WORD if word in words for title in titles]
    between = max(0, len(chosen) - 2)
    middle = rng.sample(own, min(len(own), between))
    middle += rng.sample(MIDDLE, between - len(middle))
    rng.shuffle(middle)
    titles = [rng.choice(OPENING), *middle, rng.choice(CLOSING)][: len(chosen)]
    owner = (
        activity.responsible_organisation.name if activity.responsible_organisation else SECRETARIAT
    )
    return [
        Milestone(
            plan=plan,
            activity=activity,
            month=month,
            title=title,
            # The secretariat reports to the steering group, whoever runs the activity.
            owner=SECRETARIAT if "styregruppe" in title else owner,
            status=_status(month, until, rng),
            note=DEMO_NOTE,
            changed_by=None,
            is_demo=True,
        )
        for month, title in zip(chosen, titles, strict=True)
    ]


def _status(month: datetime.date, until: datetime.date, rng: random.Random) -> str:
    draw = rng.random()
    if month_end(month) < until:
        # Ended by `until`: recent milestones are more often still open (overdue).
        recent = (until - month).days < 120
        if draw < (0.25 if recent else 0.03):
            return rng.choice([Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS])
        if draw > 0.95:
            return Milestone.Status.CANCELLED
        return Milestone.Status.DONE
    if month <= until:
        return Milestone.Status.IN_PROGRESS if draw < 0.5 else Milestone.Status.PLANNED
    return Milestone.Status.CANCELLED if draw > 0.97 else Milestone.Status.PLANNED
