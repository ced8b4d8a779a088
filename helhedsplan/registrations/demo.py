"""Demo data: plausible, deterministic registrations and measurements for one plan.

The plan's economy, milestone plans and report texts are made by their own apps; helhedsplan.demo
makes and deletes them all together.

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
import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from helhedsplan.core.periods import Period, all_tertials, elapsed_share, plan_years
from helhedsplan.core.status import expected_to_date, measure_expected, measure_status
from helhedsplan.plans.models import LocalMeasure, Plan, SuccessCriterion
from helhedsplan.registrations.models import (
    Assessment,
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
)

DEMO_NOTE = "Demodata"
DEMO_MARK = "(demodata)"
CODE_PREFIX = "D-"

AHEAD, NEAR, BEHIND, NO_DATA = "ahead", "near", "behind", "no_data"
# Where actual/expected must land at `until` for plan_progress to show the wanted status.
WINDOWS = {
    AHEAD: (Fraction(1), None),
    NEAR: (Fraction(8, 10), Fraction(1)),
    BEHIND: (Fraction(0), Fraction(8, 10)),
}
# The performance drawn for each category, before it is fitted into the window.
FACTORS = {AHEAD: (1.05, 1.3), NEAR: (0.84, 0.95), BEHIND: (0.5, 0.72)}
# Shares of the criteria per category; the rest is ahead. Each gets at least one criterion.
QUOTAS = ((NO_DATA, 0.1), (BEHIND, 0.2), (NEAR, 0.25))

# The assessment texts hold no personal data: they speak of the activity, never of a person.
ASSESSMENT_TEXTS = {
    "on_track": [
        "Styregruppen vurderer, at indsatsen virker efter hensigten.",
        "Tilbagemeldingerne i selvevalueringsskemaerne er overvejende positive.",
        "Samarbejdet med partnerne fungerer godt, og deltagerne melder om tydeligt udbytte.",
    ],
    "near": [
        "Indsatsen er godt i gang, men effekten ses endnu ikke hos alle deltagere.",
        "Tilbagemeldingerne er positive, men der er få besvarelser; styregruppen følger op.",
    ],
    "behind": [
        "Indsatsen er forsinket; rekrutteringen af deltagere går langsommere end planlagt.",
        "Styregruppen vurderer, at indsatsen skal justeres i næste tertial.",
    ],
    "not_started": ["Succeskriteriet er endnu ikke kvalificeret; vurderingen følger."],
}
ASSESSMENT_STATUS = {AHEAD: "on_track", NEAR: "near", BEHIND: "behind"}

# Age bands by the criterion's unit (the first match wins), then by activity.
AGE_BANDS = (
    ("børn/unge", ["10-14", "15-17"]),
    ("unge", ["15-17", "18-24"]),
    ("forældre", ["25-29", "30-64"]),
    ("familie", ["25-29", "30-64"]),
    ("beboer", ["18-24", "25-29", "30-64", "30-64", "65+"]),
)
CHILD_BANDS = (("moedre", ["0-2"]), ("nussa", ["3-5"]), ("sprog", ["3-5"]))
GENDERS = ["k", "m", "k", "m", ""]
_PERCENT_IN_TEXT = re.compile(r"(\d+(?:,\d+)?)\s*%")


def generate_registrations_demo(*, plan: Plan, seed: int, until: datetime.date) -> dict[str, int]:
    """The plan's demo registrations, measurements and assessments up to `until` (after
    delete_registrations_demo). The whole demo, across the apps, is made by helhedsplan.demo."""
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


def _fit(
    desired: float,
    expected: Fraction | None,
    category: str,
    *,
    minimum: int = 0,
    maximum: int | None = None,
) -> int:
    """The whole number nearest `desired` whose ratio to `expected` lies in the category's window."""
    fallback = max(minimum, round(desired))
    if maximum is not None:
        fallback = min(fallback, maximum)
    if not expected or category not in WINDOWS:
        return fallback
    low, high = WINDOWS[category]
    top = maximum if maximum is not None else max(int(desired * 2), math.ceil(expected * 2)) + 10
    best = None
    for value in range(max(minimum, 0), top + 1):
        ratio = Fraction(value) / expected
        if ratio < low or (high is not None and ratio >= high):
            continue
        # Behind still means some data: a criterion without any shows "mangler data".
        if category == BEHIND and value == 0:
            continue
        if best is None or abs(value - desired) < abs(best - desired):
            best = value
    return fallback if best is None else best


def _spread(total: int, weights: list[Fraction]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder), summing exactly to total."""
    weight_sum = sum(weights)
    if not weight_sum:
        return [0] * len(weights)
    exact = [Fraction(total) * w / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _weekday(day: datetime.date, low: datetime.date, high: datetime.date) -> datetime.date:
    """The day moved off a weekend (Saturday back, Sunday forward) if that stays in range."""
    moved = day + datetime.timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))
    return moved if low <= moved <= high else day


def _decimals(*values) -> int:
    places = [max(0, -v.normalize().as_tuple().exponent) for v in values if v is not None]
    return min(max(places, default=0), 2)


def _baseline_year(period: str) -> int | None:
    # The year a baseline period ends in, as the progress dashboard reads it.
    digits = [int(part) for part in re.findall(r"\d{4}|(?<=/)\d{2}", period)]
    if not digits:
        return None
    return digits[-1] + 2000 if digits[-1] < 100 else digits[-1]


class _Builder:
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
            if measure_categories[measure.id] != NO_DATA:
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

    @staticmethod
    def _factor(category: str, rng: random.Random) -> float:
        low, high = FACTORS.get(category, (1.0, 1.0))
        return rng.uniform(low, high)

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
            days.append(_weekday(start + datetime.timedelta(days=offset), start, self.until))
        return sorted(days)

    def _count(self, criterion, category, rng) -> None:
        expected = self._expected(criterion)
        if expected is None:  # no target: a modest, steady delivery
            expected = Fraction(4 * sum(elapsed_share(y, self.until) for y in self.years))
        total = _fit(self._factor(category, rng) * float(expected), expected, category)
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
        factor = self._factor(category, rng)
        total = _fit(
            factor * float(target) * len(days),
            Fraction(target) * len(days),
            category,
            minimum=len(days),
        )
        values = [
            max(1, round(factor * float(target) + rng.gauss(0, 0.15 * float(target)))) for _ in days
        ]
        _adjust_sum(values, total, rng, lowest=[1] * len(values))
        for day, value in zip(days, values, strict=True):
            self._register(criterion, day, "event", participants=value)

    def _share(self, criterion, category, rng) -> None:
        target = criterion.target if criterion.target is not None else Decimal(80)
        courses = []
        for tertial in all_tertials(self.plan.start, self.plan.end):
            day = _weekday(
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
        factor = self._factor(category, rng)
        completed = _fit(factor * float(expected), expected, category, maximum=participants)
        parts = [math.floor(Fraction(completed * p, participants)) for _, _, p in courses]
        _adjust_sum(
            parts, completed, rng, lowest=[0] * len(parts), highest=[p for *_, p in courses]
        )
        for (day, end, people), done in zip(courses, parts, strict=True):
            self._register(
                criterion, day, "course", participants=people, completed=done, end_date=end
            )

    def _unique_participants(self, criterion, category, rng) -> None:
        target = criterion.target if criterion.target is not None else Decimal(20)
        per_year = criterion.per == "year"
        if per_year:
            scopes = self.years
            weights = [elapsed_share(y, self.until) for y in self.years]
        else:
            scopes = [Period(self.plan.start, self.until, "hele perioden")]
            weights = [Fraction(1)]
        expected = self._expected(criterion, target)
        total = _fit(self._factor(category, rng) * float(expected or 0), expected, category)
        yearly = (
            float(target)
            if per_year
            else float(target) / max(1, len(plan_years(self.plan.start, self.plan.end)))
        )
        # Big groups meet weekly, small ones every other week or once a month.
        cadence = 7 if yearly >= 40 else (14 if yearly >= 15 else 28)
        contact = "kontakt" in criterion.key
        kind = "contact" if contact else "session"
        weekday = rng.randint(0, 3)
        first = self.plan.start + datetime.timedelta(days=(weekday - self.plan.start.weekday()) % 7)
        schedule = []
        day = first
        while day <= self.until:
            # Groups pause for the summer holiday; outreach contacts go on all year.
            if contact or day.month != 7:
                schedule.append(day)
            day += datetime.timedelta(days=cadence)
        bands = _age_bands(criterion)
        attendance: dict[datetime.date, list[str]] = defaultdict(list)
        for index, (scope, number) in enumerate(zip(scopes, _spread(total, weights), strict=True)):
            sessions = [d for d in schedule if scope.contains(d)] or [scope.start]
            reuse = 0.35 if index else 0.15
            for code in self._codes(criterion.activity_id, number, reuse, bands, rng):
                start = rng.randrange(len(sessions))
                times = (
                    rng.choice([1, 1, 2, 3])
                    if contact
                    else rng.randint(2, 8 if cadence == 7 else 5)
                )
                for session in sessions[start : start + times]:
                    attendance[session].append(code)
        for day in sorted(attendance):
            codes = attendance[day]
            self._register(criterion, day, kind, participants=len(codes), codes=codes)

    def _codes(self, activity_id, number, reuse, bands, rng) -> list[str]:
        """`number` distinct codes: some known to the activity already (a forløb goes on), the
        rest new pseudonyms."""
        pool = self.pools[activity_id]
        known = rng.sample(pool, min(len(pool), round(number * reuse)))
        fresh = [self._new_participant(bands, rng) for _ in range(number - len(known))]
        pool.extend(fresh)
        return known + fresh

    def _new_participant(self, bands, rng) -> str:
        while True:
            self.next_number += 1
            code = f"{CODE_PREFIX}{self.next_number:04d}"
            if code not in self.taken:
                break
        self.participants[code] = Participant(
            plan=self.plan,
            code=code,
            age_band=rng.choice(bands) if bands else "",
            area=rng.choice(self.areas) if self.areas else None,
            gender=rng.choice(GENDERS),
        )
        return code

    # -- measurements and assessments ---------------------------------------------------------

    def _measure(self, criterion, tertial: Period, value: Decimal) -> None:
        self.measurements.append(
            Measurement(
                plan=self.plan,
                criterion=criterion,
                date=tertial.end,
                period=tertial.label,
                value=value,
                source=DEMO_NOTE,
                note=DEMO_NOTE,
                is_demo=True,
            )
        )

    def _level(self, criterion, category, rng) -> None:
        if not self.past_tertials:
            return
        target = criterion.target if criterion.target is not None else Decimal(10)
        final = _fit(self._factor(category, rng) * float(target), Fraction(target), category)
        start = final * rng.uniform(0.4, 0.7)
        steps = len(self.past_tertials) - 1
        for index, tertial in enumerate(self.past_tertials):
            value = final if index == steps else round(start + (final - start) * index / steps)
            self._measure(criterion, tertial, Decimal(value))

    def _trend(self, criterion, category, rng) -> None:
        if len(self.past_tertials) < 2:
            return
        found = _PERCENT_IN_TEXT.search(criterion.text)
        base = (
            float(found[1].replace(",", "."))
            if found
            else {"%": 30.0, "fraværsdage": 12.0}.get(criterion.unit, rng.uniform(300, 600))
        )
        places = 1 if base < 100 else 0
        # "Good" is the direction the criterion asks for.
        good = -1 if criterion.direction == "decrease" else 1
        sign = {AHEAD: good, BEHIND: -good}.get(category, 0)
        change = rng.uniform(0.1, 0.3) * sign
        steps = len(self.past_tertials) - 1
        for index, tertial in enumerate(self.past_tertials):
            value = base * (1 + change * index / steps)
            if 0 < index < steps:
                value *= 1 + rng.uniform(-0.04, 0.04)
            self._measure(criterion, tertial, Decimal(str(round(max(value, 0), places))))

    def _qualitative(self, criterion, category, rng) -> None:
        taken = set(
            Assessment.objects.filter(criterion=criterion).values_list("tertial", flat=True)
        )
        last = len(self.past_tertials) - 1
        started = False
        for index, tertial in enumerate(self.past_tertials):
            # Not every tertial is assessed; the newest one always is, so the status is current.
            if tertial.label in taken or (index < last and (index == 0 or rng.random() < 0.3)):
                continue
            # Some criteria were only qualified during the first year: "not started" until then.
            started = started or index > 2 or rng.random() < 0.5
            status = ASSESSMENT_STATUS[category] if started else "not_started"
            text = rng.choice(ASSESSMENT_TEXTS[status])
            self.assessments.append(
                Assessment(
                    plan=self.plan,
                    criterion=criterion,
                    tertial=tertial.label,
                    status=status,
                    text=f"{text} {DEMO_MARK}",
                    assessed_by=None,
                    is_demo=True,
                )
            )

    def _local_measure(self, measure: LocalMeasure, category: str, rng) -> None:
        baselines = [
            f for f in measure.figures.all() if f.role == "baseline" and f.value is not None
        ]
        # Register data are yearly: one figure per plan year, as it stands on 31 December.
        days = [
            day
            for year in plan_years(self.plan.start, self.plan.end)
            for day in {
                datetime.date(year.start.year, 12, 31),
                datetime.date(year.end.year, 12, 31),
            }
            if year.contains(day) and day <= self.until
        ]
        days.sort()
        if not baselines or not days:
            return
        baseline = baselines[-1].value
        baseline_year = _baseline_year(baselines[-1].period) or days[0].year - 1
        places = _decimals(baseline, measure.target_value, measure.tolerance)
        step = Decimal(1).scaleb(-places)

        def line(day: datetime.date) -> Decimal:
            if measure.target_value is None or measure.direction == "maintain":
                return baseline
            return measure_expected(
                baseline=baseline,
                baseline_year=baseline_year,
                target=measure.target_value,
                target_year=measure.target_year or days[-1].year,
                as_of=day,
            )

        def values_for(gain: float) -> list[Decimal]:
            values = []
            for index, day in enumerate(days):
                if measure.direction == "maintain":
                    value = baseline + Decimal(str(gain))
                elif measure.target_value is None:
                    # No target: a gentle drift in the wanted direction (or against it).
                    drift = Decimal(str(0.03 * gain)) * (index + 1)
                    sign = -1 if measure.direction == "decrease" else 1
                    value = baseline * (1 + sign * drift)
                else:
                    value = baseline + (line(day) - baseline) * Decimal(str(gain))
                if index < len(days) - 1:
                    value *= Decimal(str(1 + rng.uniform(-0.01, 0.01)))
                values.append(max(value, Decimal(0)).quantize(step))
            return values

        def status(values: list[Decimal]) -> str | None:
            if measure.direction != "maintain" and measure.target_value is None:
                return None
            return measure_status(
                actual=values[-1],
                expected=line(self.until),
                baseline=baseline,
                direction=measure.direction,
                tolerance=measure.tolerance,
            )

        wanted = ASSESSMENT_STATUS[category]
        tolerance = float(measure.tolerance or 0)
        if measure.direction == "maintain":
            low, high = {AHEAD: (0, 0.8), NEAR: (1.2, 1.8), BEHIND: (2.5, 4)}[category]
            sign = rng.choice([-1, 1])
            candidates = [sign * rng.uniform(low, high) * max(tolerance, float(step))]
            candidates += [sign * k / 20 * max(tolerance, float(step)) for k in range(81)]
        else:
            candidates = [self._factor(category, rng) + (0.3 if category == AHEAD else 0)]
            candidates += sorted(
                (k / 20 for k in range(-10, 41)), key=lambda g: abs(g - candidates[0])
            )
        chosen = None
        state = rng.getstate()
        for gain in candidates:
            rng.setstate(state)  # the same noise for every candidate: only the gain differs
            values = values_for(gain)
            if status(values) in (None, wanted):
                chosen = values
                break
        if chosen is None:
            rng.setstate(state)
            chosen = values_for(candidates[0])
        source = measure.data_source or DEMO_NOTE
        for day, value in zip(days, chosen, strict=True):
            self.measurements.append(
                Measurement(
                    plan=self.plan,
                    local_measure=measure,
                    date=day,
                    period=str(day.year),
                    value=value,
                    source=f"{source} {day.year} {DEMO_MARK}"[:300],
                    note=DEMO_NOTE,
                    is_demo=True,
                )
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


def _adjust_sum(values, total, rng, *, lowest, highest=None) -> None:
    """Nudge `values` one at a time until they sum to `total`, within their bounds."""
    difference = total - sum(values)
    open_up = [i for i in range(len(values)) if highest is None or values[i] < highest[i]]
    while difference and open_up:
        i = rng.choice(open_up) if difference > 0 else rng.randrange(len(values))
        if difference > 0:
            values[i] += 1
            difference -= 1
            if highest is not None and values[i] >= highest[i]:
                open_up.remove(i)
        elif values[i] > lowest[i]:
            values[i] -= 1
            difference += 1
        elif all(v <= low for v, low in zip(values, lowest, strict=True)):
            break


def _count_kind(criterion: SuccessCriterion) -> str:
    words = f"{criterion.unit} {criterion.key}".lower()
    if any(w in words for w in ("nyhedsmail", "histori", "eksemplar", "omslag", "presse")):
        return "publication"
    if "møde" in words or "moede" in words:
        return "meeting"
    if "forløb" in words or "forloeb" in words:
        return "course"
    return "event"


def _age_bands(criterion: SuccessCriterion) -> list[str]:
    unit = criterion.unit.lower()
    for word, bands in AGE_BANDS:
        if word in unit:
            return bands
    if "børn" in unit:
        for word, bands in CHILD_BANDS:
            if word in criterion.activity.key:
                return bands
        return ["6-9", "10-14"]
    return []
