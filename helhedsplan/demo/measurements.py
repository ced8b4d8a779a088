"""Demo measurements and assessments: criterion figures per tertial, register figures per year
for the local measures, and the steering group's assessments of the qualitative criteria. A part
of the registrations' builder (helhedsplan.demo.registrations)."""

import datetime
import re
from decimal import Decimal
from fractions import Fraction

from helhedsplan.core import formats
from helhedsplan.core.periods import Period, plan_years
from helhedsplan.core.status import measure_expected, measure_status
from helhedsplan.demo.fitting import (
    AHEAD,
    BEHIND,
    NEAR,
    decimals,
    draw_factor,
    fit,
    year_of_baseline,
)
from helhedsplan.demo.marks import DEMO_MARK, DEMO_NOTE
from helhedsplan.plans.models import LocalMeasure
from helhedsplan.registrations.models import Assessment, Measurement

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
_PERCENT_IN_TEXT = re.compile(r"(\d+(?:,\d+)?)\s*%")


class Measurements:
    """The builder's measurements and assessments: needs plan, until, past_tertials,
    measurements and assessments (helhedsplan.demo.registrations._Builder)."""

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
        final = fit(draw_factor(category, rng) * float(target), Fraction(target), category)
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
            float(formats.parse_number(found[1]))
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
        baseline_year = year_of_baseline(baselines[-1].period) or days[0].year - 1
        places = decimals(baseline, measure.target_value, measure.tolerance)
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
            candidates = [draw_factor(category, rng) + (0.3 if category == AHEAD else 0)]
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
