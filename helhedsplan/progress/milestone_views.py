"""Milestone plans in the app: per activity and plan year, edited by the plan's staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import one_time_form
from helhedsplan.core.periods import parse_period, plan_year_of, plan_years
from helhedsplan.plans.models import Activity
from helhedsplan.progress.milestone_forms import MilestoneForm
from helhedsplan.progress.milestones import (
    counts_by_activity,
    milestone_plan_xlsx,
    month_label,
    months_of,
)
from helhedsplan.progress.models import Milestone


def _year(plan, label: str | None):
    today = min(max(timezone.localdate(), plan.start), plan.end)
    if label:
        try:
            return parse_period(label, plan.start, plan.end)
        except ValueError:
            raise Http404("Ukendt planår.") from None
    return plan_year_of(today, plan.start, plan.end)


@login_required
def index(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    year = _year(plan, request.GET.get("planaar"))
    as_of = min(max(timezone.localdate(), plan.start), plan.end)
    counts = counts_by_activity(plan, year, as_of)
    activities = [
        (activity, counts.get(activity.id, {"total": 0, "done": 0, "late": 0}))
        for activity in Activity.objects.for_plan(plan).select_related("focus_area")
    ]
    context = {
        "access": access,
        "plan": plan,
        "year": year,
        "year_slug": year.label.replace("/", "-"),
        "years": plan_years(plan.start, plan.end),
        "activities": activities,
    }
    return render(request, "progress/milestones.html", context)


@login_required
@one_time_form
def activity_plan(request, slug, key, year_label):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    activity = get_object_or_404(
        Activity.objects.for_plan(plan).select_related("focus_area"), key=key
    )
    year = _year(plan, year_label.replace("-", "/"))
    months = months_of(year)
    edit_id = request.GET.get("ret") or request.POST.get("milestone_id")
    instance = None
    if edit_id:
        if not str(edit_id).isdigit():
            raise Http404("Milepælen findes ikke.")
        instance = get_object_or_404(Milestone, pk=edit_id, activity=activity)
    form = None
    if access.is_plan_staff:
        what = f"milepælen «{instance.title}»" if instance is not None else ""
        form = MilestoneForm(request.POST or None, instance=instance, months=months, what=what)
    if request.method == "POST":
        if form is None:
            raise Http404("Kun sekretariatet redigerer milepælsplaner.")
        if form.is_valid():
            milestone = None
            with form.once(request.user) as sent:
                if form.versions is None:
                    milestone = _save(form, plan, activity, request.user)
                    sent.done(request.path)
                elif form.versions.lock(
                    Milestone.objects.filter(pk=instance.pk),
                    lambda row: model_to_dict(row, fields=MilestoneForm._meta.fields),
                ):
                    milestone = _save(form, plan, activity, request.user)
            if milestone is not None:
                messages.success(request, f"Milepælen «{milestone.title}» er gemt.")
                return redirect(request.path)
    as_of = min(max(timezone.localdate(), plan.start), plan.end)
    by_month = {month: [] for month in months}
    for milestone in Milestone.objects.filter(
        activity=activity, month__range=(year.start, year.end)
    ):
        milestone.late = milestone.is_open and milestone.month < as_of.replace(day=1)
        by_month.setdefault(milestone.month, []).append(milestone)
    context = {
        "access": access,
        "plan": plan,
        "activity": activity,
        "year": year,
        "year_slug": year.label.replace("/", "-"),
        "rows": [(month_label(month), items) for month, items in by_month.items()],
        "form": form,
        "editing": instance,
    }
    return render(request, "progress/milestone_plan.html", context)


def _save(form, plan, activity, user) -> Milestone:
    milestone = form.save(commit=False)
    milestone.plan, milestone.activity, milestone.changed_by = plan, activity, user
    milestone.is_demo = False  # a person's edit: a demo re-run must keep it
    milestone.save()
    return milestone


@login_required
def export(request, slug, key, year_label):
    access = get_plan_for_user(request, slug)
    activity = get_object_or_404(
        Activity.objects.for_plan(access.plan).select_related("focus_area"), key=key
    )
    year = _year(access.plan, year_label.replace("-", "/"))
    response = HttpResponse(
        milestone_plan_xlsx(plan=access.plan, activity=activity, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="milepaelsplan-{activity.key}-{year_label}.xlsx"'
    )
    return response
