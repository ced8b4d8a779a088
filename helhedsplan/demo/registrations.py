"""Demo data: plausible, deterministic registrations and measurements for one plan.

The builder's measurements and participants are in helhedsplan.demo.measurements and .participants,
the rules it fits numbers with in .fitting. The plan's economy, milestone plans and report texts
are made by .economy, .milestones and .narratives; .services makes and deletes them all together.

The same seed gives the same data (database ids aside): every random choice comes from
random.Random, seeded from the seed (and, per criterion, from the seed and the criterion's key,
so that a criterion added to the plan does not reshuffle all the others).

Each success criterion gets a "performance" (ahead, near, behind or no data), and its data are
generated so that plan_progress at `until` shows exactly that status: the totals are fitted with
the same pure rules (expected_to_date, measure_expected, measure_status) that the progress
dashboard uses. Deliveries are spread evenly over time, so progress grows as the plan runs.

Every row is marked is_demo (assessments also carry DEMO_MARK in their text, for the reader),
which is how a re-run finds them again. Real data is never touched.
"""

import datetime
import math
import random
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from helhedsplan.core.periods import Period, all_tertials, elapsed_share, plan_years
from helhedsplan.core.status import expected_to_date
from helhedsplan.demo.fitting import (
    AHEAD,
    BEHIND,
    NEAR,
    NO_DATA,
    adjust_sum,
    draw_factor,
    fit,
    weekday,
)
from helhedsplan.demo.marks import DEMO_NOTE
from helhedsplan.demo.measurements import Measurements
from helhedsplan.demo.participants import Participants
from helhedsplan.plans.models import LocalMeasure, Plan, SuccessCriterion
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
)

# Shares of the criteria per category; the rest is ahead. Each gets at least one criterion.
QUOTAS = ((NO_DATA, 0.1), (BEHIND, 0.2), (NEAR, 0.25))


def generate_registrations_demo(*, plan: Plan, seed: int, until: datetime.date) -> dict[str, int]:
    """The plan's demo registrations, measurements and assessments up to `until` (after
    delete_registrations_demo). The whole demo, across the apps, is made by demo.services."""
    builder = _Builder(plan=plan, seed=seed, until=until)
    builder.build()
    return builder.save()


def delete_registrations_demo(*, plan: Plan) -> dict[str, int]:
    """Remove the plan's demo rows and the participants only they use; nothing else."""
    registrations = Registration.objects.filter(plan=plan, is_demo=True)
    participant_ids = sorted(
        set(
            RegistrationParticipant.objects.filter(registration__in=registrations).values_list(
                "participant_id", flat=True
            )
        )
    )
    counts = {"registrations": registrations.count()}
    registrations.delete()
    orphans = 0
    # In slices: an IN list of thousands of ids is too long for some SQLite builds.
    for start in range(0, len(participant_ids), 500):
        orphans += Participant.objects.filter(
            id__in=participant_ids[start : start + 500], links__isnull=True
        ).delete()[0]
    counts["participants"] = orphans
    counts["measurements"] = Measurement.objects.filter(plan=plan, is_demo=True).delete()[0]
    counts["assessments"] = Assessment.objects.filter(plan=plan, is_demo=True).delete()[0]
    # Demo rows leave no audit trail: the deletions just recorded (and any earlier history of
    # demo rows) would otherwise pile up with every re-run and drown the real history.
    Registration.history.filter(plan_id=plan.id, is_demo=True).delete()
    Measurement.history.filter(plan_id=plan.id, is_demo=True).delete()
    Assessment.history.filter(plan_id=plan.id, is_demo=True).delete()
    return counts


class _Builder(Participants, Measurements):
    def __init__(self, *, plan: Plan, seed: int, until: datetime.date):
        self.plan = plan
        self.seed = seed
        self.until = until
        self.rng = random.Random(seed)
        self.areas = list(plan.areas.order_by("order", "key"))
        self.years = [
            Period(y.start, min(y.end, until), y.label)
            for y in plan_years(plan.start, plan.end)
            if y.start <= until
        ]
        self.past_tertials = [t for t in all_tertials(plan.start, plan.end) if t.end <= until]
        # Real participants keep their codes; the demo numbers around them.
        self.taken = {
            code.upper()
            for code in Participant.objects.filter(plan=plan).values_list("code", flat=True)
        }
        self.next_number = 0
        self.participants: dict[str, Participant] = {}
        self.pools: dict[int, list[str]] = defaultdict(list)  # activity id -> codes
        self.registrations: list[tuple[Registration, int, list[str]]] = []
        self.measurements: list[Measurement] = []
        self.assessments: list[Assessment] = []

    # -- the plan's criteria and measures ------------------------------------------------------

    def build(self) -> None:
        criteria = list(
            SuccessCriterion.objects.for_plan(self.plan)
            .select_related("activity")
            .order_by("activity__focus_area__number", "activity__number", "order", "key")
        )
        categories = self._categories([c for c in criteria if c.kind != "qualitative"])
        categories.update(
            self._categories(
                [c for c in criteria if c.kind == "qualitative"],
                quotas=((NO_DATA, 0.25), (BEHIND, 0.15), (NEAR, 0.25)),
            )
        )
        for criterion in criteria:
            category = categories[criterion.id]
            if category == NO_DATA:
                continue
            rng = random.Random(f"{self.seed}:{criterion.key}")
            getattr(self, f"_{criterion.kind}")(criterion, category, rng)
        measures = list(
            LocalMeasure.objects.for_plan(self.plan)
            .prefetch_related("figures")
            .order_by("focus_area__number", "number", "key")
        )
        measure_categories = self._categories(
            measures, quotas=((NO_DATA, 0.08), (BEHIND, 0.25), (NEAR, 0.25)), at_least=0
        )
        for measure in measures:
            # A measure fed from register data gets its values from the demo's register series.
            if measure_categories[measure.id] != NO_DATA and not measure.register_measure:
                rng = random.Random(f"{self.seed}:measure:{measure.key}")
                self._local_measure(measure, measure_categories[measure.id], rng)

    def _categories(self, items, *, quotas=QUOTAS, at_least: int = 1) -> dict[int, str]:
        order = list(items)
        self.rng.shuffle(order)
        categories, position = {}, 0
        for category, share in quotas:
            number = max(at_least, round(len(order) * share))
            for item in order[position : position + number]:
                categories[item.id] = category
            position += number
        for item in order[position:]:
            categories[item.id] = AHEAD
        return categories

    def _expected(self, criterion: SuccessCriterion, target=None) -> Fraction | None:
        # The same call plan_progress makes, so the fitted totals meet the dashboard's figures.
        value = expected_to_date(
            target=criterion.target if target is None else target,
            per=criterion.per or "period",
            combine=criterion.combine or "latest",
            plan_start=self.plan.start,
            plan_end=self.plan.end,
            as_of=self.until,
        )
        return None if value is None else Fraction(value)

    # -- registrations -------------------------------------------------------------------------

    def _register(
        self,
        criterion: SuccessCriterion,
        day: datetime.date,
        kind: str,
        *,
        participants: int | None = None,
        completed: int | None = None,
        end_date: datetime.date | None = None,
        codes: list[str] | None = None,
    ) -> None:
        activity = criterion.activity
        registration = Registration(
            plan=self.plan,
            activity=activity,
            sub_activity_id=criterion.sub_activity_id,
            date=day,
            end_date=end_date,
            kind=kind,
            count=1,
            participants=participants,
            completed=completed,
            note=DEMO_NOTE,
            registered_by=None,
            organisation_id=(
                criterion.responsible_organisation_id or activity.responsible_organisation_id
            ),
            is_demo=True,
        )
        self.registrations.append((registration, criterion.id, sorted(codes or [])))

    def _even_dates(self, number: int, rng: random.Random) -> list[datetime.date]:
        """`number` weekdays spread evenly from the plan start to `until`, with some jitter."""
        start, span = self.plan.start, (self.until - self.plan.start).days
        days = []
        for i in range(number):
            offset = round((i + rng.uniform(0.15, 0.85)) / number * span)
            days.append(weekday(start + datetime.timedelta(days=offset), start, self.until))
        return sorted(days)

    def _count(self, criterion, category, rng) -> None:
        expected = self._expected(criterion)
        if expected is None:  # no target: a modest, steady delivery
            expected = Fraction(4 * sum(elapsed_share(y, self.until) for y in self.years))
        total = fit(draw_factor(category, rng) * float(expected), expected, category)
        kind = _count_kind(criterion)
        for day in self._even_dates(total, rng):
            if kind == "publication":
                self._register(criterion, day, kind)
            elif kind == "meeting":
                self._register(criterion, day, kind, participants=rng.randint(3, 8))
            elif kind == "course":
                participants = rng.randint(5, 12)
                end = min(day + datetime.timedelta(weeks=rng.randint(6, 12)), self.until)
                completed = max(0, participants - rng.choice([0, 0, 1, 1, 2, 3]))
                self._register(
                    criterion,
                    day,
                    kind,
                    participants=participants,
                    completed=completed,
                    end_date=end,
                )
            else:
                self._register(criterion, day, kind, participants=rng.randint(8, 40))

    def _average(self, criterion, category, rng) -> None:
        target = criterion.target if criterion.target is not None else Decimal(20)
        weekday = rng.choice([1, 3])  # fællesspisning on a Tuesday or a Thursday
        days = []
        month = self.plan.start.replace(day=1)
        while month <= self.until:
            day = month.replace(day=10)
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
            if self.plan.start <= day <= self.until:
                days.append(day)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        if not days:
            return
        factor = draw_factor(category, rng)
        total = fit(
            factor * float(target) * len(days),
            Fraction(target) * len(days),
            category,
            minimum=len(days),
        )
        values = [
            max(1, round(factor * float(target) + rng.gauss(0, 0.15 * float(target)))) for _ in days
        ]
        adjust_sum(values, total, rng, lowest=[1] * len(values))
        for day, value in zip(days, values, strict=True):
            self._register(criterion, day, "event", participants=value)

    def _share(self, criterion, category, rng) -> None:
        target = criterion.target if criterion.target is not None else Decimal(80)
        courses = []
        for tertial in all_tertials(self.plan.start, self.plan.end):
            day = weekday(
                tertial.start + datetime.timedelta(days=rng.randint(7, 40)),
                self.plan.start,
                self.until,
            )
            if day <= self.until:
                end = min(day + datetime.timedelta(weeks=rng.randint(10, 14)), self.until)
                courses.append((day, end, rng.randint(6, 14)))
        if not courses:
            return
        participants = sum(p for _, _, p in courses)
        expected = Fraction(target) / 100 * participants
        factor = draw_factor(category, rng)
        completed = fit(factor * float(expected), expected, category, maximum=participants)
        parts = [math.floor(Fraction(completed * p, participants)) for _, _, p in courses]
        adjust_sum(parts, completed, rng, lowest=[0] * len(parts), highest=[p for *_, p in courses])
        for (day, end, people), done in zip(courses, parts, strict=True):
            self._register(
                criterion, day, "course", participants=people, completed=done, end_date=end
            )

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> dict[str, int]:
        participants = Participant.objects.bulk_create(self.participants.values())
        ids = {p.code: p.id for p in participants}
        registrations = Registration.objects.bulk_create([r for r, _, _ in self.registrations])
        through = Registration.criteria.through
        through.objects.bulk_create(
            through(registration_id=registration.id, successcriterion_id=criterion_id)
            for registration, (_, criterion_id, _) in zip(
                registrations, self.registrations, strict=True
            )
        )
        links = [
            RegistrationParticipant(registration_id=registration.id, participant_id=ids[code])
            for registration, (_, _, codes) in zip(registrations, self.registrations, strict=True)
            for code in codes
        ]
        RegistrationParticipant.objects.bulk_create(links)
        Measurement.objects.bulk_create(self.measurements)
        Assessment.objects.bulk_create(self.assessments)
        return {
            "registrations": len(registrations),
            "participants": len(participants),
            "participations": len(links),
            "criterion_measurements": sum(1 for m in self.measurements if m.criterion_id),
            "local_measurements": sum(1 for m in self.measurements if m.local_measure_id),
            "assessments": len(self.assessments),
        }


def _count_kind(criterion: SuccessCriterion) -> str:
    words = f"{criterion.unit} {criterion.key}".lower()
    if any(w in words for w in ("nyhedsmail", "histori", "eksemplar", "omslag", "presse")):
        return "publication"
    if "møde" in words or "moede" in words:
        return "meeting"
    if "forløb" in words or "forloeb" in words:
        return "course"
    return "event"
