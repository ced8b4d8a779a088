"""A measurement (a local measure's or a level/trend criterion's figure on a date): every rule it
keeps, named at once, before it is saved (the form, the API)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.periods import tertial_of
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.plans.models import LocalMeasure, Plan, SuccessCriterion
from helhedsplan.registrations.models import Measurement
from helhedsplan.registrations.services import MEASURED_KINDS, RegistrationRefused, locked_tertial

# Measurement.value is DecimalField(max_digits=14, decimal_places=4).
_MAX_DIGITS, _DECIMAL_PLACES = 14, 4
_SOURCE_MAX, _PERIOD_MAX = 300, 20


def build_measurement(
    plan: Plan,
    *,
    local_measure_key: str | None,
    criterion_key: str | None,
    date: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    period: str = "",
    today: datetime.date | None = None,
) -> Measurement:
    """Every rule a measurement keeps, all named at once (RegistrationRefused); unsaved if none."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    local_measure = criterion = None
    if bool(local_measure_key) == bool(criterion_key):
        add(
            "__all__",
            "Angiv enten en lokalt opstillet måling (local_measure) eller et succeskriterium (criterion) "
            "– præcis én af dem.",
        )
    elif local_measure_key:
        local_measure = LocalMeasure.objects.for_plan(plan).filter(key=local_measure_key).first()
        if local_measure is None:
            add(
                "local_measure",
                f"Planen har ingen lokalt opstillet måling med nøglen «{local_measure_key}».",
            )
        elif local_measure.register_measure:
            add(
                "local_measure",
                f"Målingen «{local_measure.key}» hentes fra registerdata "
                f"({local_measure.get_register_measure_display()}) og tastes ikke. Importér "
                "registerdata i stedet.",
            )
    else:
        criterion = SuccessCriterion.objects.for_plan(plan).filter(key=criterion_key).first()
        if criterion is None:
            add("criterion", f"Planen har intet succeskriterium med nøglen «{criterion_key}».")
        elif criterion.kind not in MEASURED_KINDS:
            add(
                "criterion",
                f"Succeskriteriet «{criterion.key}» opgøres ikke ved målinger, men ved "
                "registreringer eller vurdering. Kun niveau- og udviklingskriterier måles.",
            )
    if not plan.start <= date <= plan.end:
        add(
            "date",
            f"Datoen {formats.date_short(date)} ligger uden for planperioden "
            f"({formats.period_short(plan.start, plan.end)}).",
        )
    elif date > today:
        add("date", f"Datoen {formats.date_short(date)} ligger i fremtiden.")
    else:
        label = locked_tertial(plan, date)
        if label:
            add("date", f"Tertialet {label} er godkendt og låst. Sekretariatet kan genåbne det.")
    if not value.is_finite():
        add("value", "Skal være et tal.")
    else:
        places = max(0, -value.as_tuple().exponent)
        whole_digits = len(value.as_tuple().digits) - places
        if places > _DECIMAL_PLACES:
            add("value", f"Højst {_DECIMAL_PLACES} decimaler.")
        if whole_digits > _MAX_DIGITS - _DECIMAL_PLACES:
            add("value", f"Højst {_MAX_DIGITS - _DECIMAL_PLACES} cifre før kommaet.")
    source, period = (source or "").strip(), (period or "").strip()
    if not source:
        add("source", "Angiv, hvor tallet kommer fra.")
    elif len(source) > _SOURCE_MAX:
        add("source", f"Højst {_SOURCE_MAX} tegn.")
    if len(period) > _PERIOD_MAX:
        add("period", f"Højst {_PERIOD_MAX} tegn.")
    for name, text in (("source", source), ("note", note), ("period", period)):
        if looks_like_cpr(text):
            add(name, CPR_MESSAGE)
    if errors:
        raise RegistrationRefused(errors)
    if not period:
        tertial = tertial_of(date, plan.start, plan.end)
        period = tertial.label if tertial else ""
    return Measurement(
        plan=plan,
        local_measure=local_measure,
        criterion=criterion,
        date=date,
        period=period,
        value=Decimal(value),
        source=source,
        note=note or "",
    )
