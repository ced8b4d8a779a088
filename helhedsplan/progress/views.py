"""The "mangler data" view for the coming steering-group meeting, and tertial approval.

The dashboard, which gathers from every app, is in workspace/."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.periods import all_tertials, parse_period, tertial_of
from helhedsplan.progress.services import missing_data, plan_progress
from helhedsplan.registrations.measurement_forms import ApprovalForm
from helhedsplan.registrations.models import TertialApproval


def as_of_from_request(request, plan) -> tuple[datetime.date, str, str | None]:
    """The date to compute at: ?dato=YYYY-MM-DD, or the end of ?tertial=, else today (in the plan)."""
    error = None
    label = request.GET.get("tertial", "")
    if label:
        try:
            return (
                min(parse_period(label, plan.start, plan.end).end, timezone.localdate()),
                label,
                None,
            )
        except ValueError as problem:
            error = str(problem)
    raw = request.GET.get("dato", "")
    if raw:
        try:
            day = datetime.date.fromisoformat(raw)
            return min(max(day, plan.start), plan.end), "", None
        except ValueError:
            error = f"«{raw}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD."
    return min(max(timezone.localdate(), plan.start), plan.end), "", error


@login_required
def missing(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    as_of, _, error = as_of_from_request(request, plan)
    tertial = tertial_of(as_of, plan.start, plan.end)
    groups = missing_data(plan_progress(plan, as_of), tertial)
    context = {
        "access": access,
        "plan": plan,
        "as_of": as_of,
        "tertial": tertial,
        "groups": groups,
        "error": error,
        "count": sum(len(rows) for _, rows in groups),
    }
    return render(request, "progress/missing.html", context)


def _confirm_approval(request, access, label, note):
    """The approval's confirmation: the tertial's criteria that still miss data, by whom."""
    plan = access.plan
    tertial = parse_period(label, plan.start, plan.end)
    as_of = min(tertial.end, timezone.localdate())
    groups = missing_data(plan_progress(plan, as_of), tertial)
    context = {
        "access": access,
        "plan": plan,
        "tertial": tertial,
        "note": note,
        "groups": groups,
        "count": sum(len(rows) for _, rows in groups),
    }
    return render(request, "progress/tertial_confirm.html", context)


@login_required
@require_GET
def tertials(request, slug):
    """The tertials with their approval; the secretariat approves one after the steering-group
    meeting, or reopens it (approve_tertial, reopen_tertial); both are recorded."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    today = timezone.localdate()
    approvals = {a.tertial: a for a in TertialApproval.objects.filter(plan=plan)}
    rows = [
        (tertial, approvals.get(tertial.label))
        for tertial in all_tertials(plan.start, plan.end)
        if tertial.start <= today
    ]
    history = (
        TertialApproval.history.filter(plan_id=plan.id)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )
    context = {"access": access, "plan": plan, "rows": rows, "history": history}
    return render(request, "progress/tertials.html", context)


def _approval(request, slug, *, approve: bool):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    if not access.is_secretariat:
        raise Http404("Kun sekretariatet godkender tertialer.")
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        return redirect("progress:tertials", slug=slug)
    label = form.cleaned_data["tertial"]
    try:
        parse_period(label, plan.start, plan.end)
    except ValueError as problem:
        messages.error(request, str(problem))
        return redirect("progress:tertials", slug=slug)
    if approve and request.POST.get("bekraeft") != "1":
        # Locking is not undone by a mistaken click: first what is still missing.
        return _confirm_approval(request, access, label, form.cleaned_data["note"])
    approval = TertialApproval.objects.filter(plan=plan, tertial=label).first() or TertialApproval(
        plan=plan, tertial=label
    )
    approval.approved = approve
    approval.changed_by = request.user
    approval.note = form.cleaned_data["note"]
    approval.save()
    verb = "godkendt og låst" if approve else "genåbnet"
    messages.success(request, f"Tertial {label} er {verb}.")
    return redirect("progress:tertials", slug=slug)


@login_required
@require_POST
def approve_tertial(request, slug):
    """A tertial approved and locked: after the confirmation that names what still misses data."""
    return _approval(request, slug, approve=True)


@login_required
@require_POST
def reopen_tertial(request, slug):
    return _approval(request, slug, approve=False)
