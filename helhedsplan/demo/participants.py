"""Demo participants: pseudonymous codes, age bands and attendance for the criteria that count
unique participants. A part of the registrations' builder (helhedsplan.demo.registrations)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from helhedsplan.core.periods import Period, elapsed_share, plan_years
from helhedsplan.demo.fitting import draw_factor, fit, spread
from helhedsplan.plans.models import SuccessCriterion
from helhedsplan.registrations.models import Participant

CODE_PREFIX = "D-"
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


class Participants:
    """The builder's participants: needs plan, until, years, areas, taken, next_number,
    participants, pools, _expected and _register (helhedsplan.demo.registrations._Builder)."""

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
        total = fit(draw_factor(category, rng) * float(expected or 0), expected, category)
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
        bands = age_bands(criterion)
        attendance: dict[datetime.date, list[str]] = defaultdict(list)
        for index, (scope, number) in enumerate(zip(scopes, spread(total, weights), strict=True)):
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


def age_bands(criterion: SuccessCriterion) -> list[str]:
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
