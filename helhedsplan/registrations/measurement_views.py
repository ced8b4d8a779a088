"""Measurements (register data and measured levels) and qualitative assessments, per plan."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.change_words import last_change
from helhedsplan.core.once import one_time_form
from helhedsplan.core.periods import all_tertials, tertial_of
from helhedsplan.registrations.measurement_forms import AssessmentForm, MeasurementForm
from helhedsplan.registrations.measurements import build_measurement
from helhedsplan.registrations.models import Assessment, Measurement
from helhedsplan.registrations.services import (
    RegistrationRefused,
    locked_tertial,
)


@login_required
@one_time_form
def measurements(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    may_write = access.is_plan_staff
    form = MeasurementForm(request.POST or None, plan=plan) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise Http404("Kun sekretariatet registrerer målinger.")
        valid = form.is_valid()
        # An empty POST leaves the form unbound (request.POST or None): no cleaned_data, no 500.
        data = form.cleaned_data if form.is_bound else {}
        # Even when the form refuses a field, the shared rules name every other problem at once.
        if "target" in data and "date" in data:
            try:
                measurement = build_measurement(
                    plan,
                    **form.measured_keys(),
                    date=data["date"],
                    value=data.get("value", Decimal(0)),
                    source=data.get("source", "-"),
                    note=data.get("note", ""),
                )
            except RegistrationRefused as refused:
                for name, texts in refused.errors.items():
                    field = name if name in form.fields else "target"
                    for text in texts:
                        if field not in form.errors or valid:
                            form.add_error(field, text)
            else:
                if valid:
                    measurement.registered_by = request.user
                    here = reverse("registrations:measurements", args=[slug])
                    with form.once(request.user) as submission:
                        measurement.save()
                        submission.done(here)
                    messages.success(request, "Målingen er gemt.")
                    return redirect(here)
    rows = (
        Measurement.objects.filter(plan=plan)
        .select_related("local_measure", "criterion", "registered_by")
        .order_by("-date", "-id")[:200]
    )
    context = {"access": access, "plan": plan, "form": form, "rows": rows}
    return render(request, "registrations/measurements.html", context)


@login_required
def assess(request, slug, key):
    # Partners register deliveries; measurements and assessments are the plan staff's.
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    criterion = get_object_or_404(
        plan.success_criteria.select_related("activity"), key=key, kind="qualitative"
    )
    tertials = all_tertials(plan.start, plan.end)
    label = request.GET.get("tertial") or request.POST.get("tertial_label")
    current = next((t for t in tertials if t.label == label), None) or tertial_of(
        min(max(timezone.localdate(), plan.start), plan.end),
        plan.start,
        plan.end,
    )
    existing = Assessment.objects.filter(criterion=criterion, tertial=current.label).first()
    initial = _assessment_values(existing)
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        what=f"vurderingen for {current.label}",
        read_values=initial,
    )
    if request.method == "POST" and form.is_valid():
        locked = locked_tertial(plan, current.end)
        if locked:
            form.add_error(None, f"Tertialet {locked} er godkendt og låst.")
        else:
            saved = False
            with transaction.atomic():
                # The criterion's row is the lock: also the first assessment of a tertial,
                # which has no row yet, is saved by one person at a time.
                type(criterion).objects.select_for_update().filter(pk=criterion.pk).first()
                now = Assessment.objects.filter(criterion=criterion, tertial=current.label).first()
                if form.versions.accept(_assessment_values(now), changed=last_change(now)):
                    Assessment.objects.update_or_create(
                        plan=plan,
                        criterion=criterion,
                        tertial=current.label,
                        defaults={
                            "status": form.cleaned_data["status"],
                            "text": form.cleaned_data["text"],
                            "assessed_by": request.user,
                        },
                    )
                    saved = True
            if saved:
                messages.success(request, f"Vurderingen for {current.label} er gemt.")
                return redirect(f"{request.path}?tertial={current.label}")
    history = Assessment.history.filter(criterion_id=criterion.id).select_related("history_user")
    context = {
        "access": access,
        "plan": plan,
        "criterion": criterion,
        "tertial": current,
        "tertials": tertials,
        "form": form,
        "history": history.order_by("-history_date")[:50],
    }
    return render(request, "registrations/assess.html", context)


def _assessment_values(assessment: Assessment | None) -> dict:
    """The assessment as its form shows it; no assessment yet reads as empty fields."""
    if assessment is None:
        return {"status": "", "text": ""}
    return {"status": assessment.status, "text": assessment.text}
