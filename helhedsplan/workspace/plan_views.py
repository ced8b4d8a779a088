"""Read-only pages of one plan: its frame, focus areas, activities, areas and bodies. They live
here, above accounts, because every view starts with the same access check."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, render

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.plans import models as m
from helhedsplan.plans.addresses import AddressError
from helhedsplan.plans.coverage import check_plan_address
from helhedsplan.plans.forms import AddressCheckForm


def _budget_rows(plan: m.Plan) -> dict:
    focus_areas = (
        m.FocusArea.objects.for_plan(plan)
        .select_related("sub_agreement")
        .annotate(activity_count=Count("activities", distinct=True))
    )
    # The focus-area budgets of a real plan need not add up to its total (Randers Nordby's
    # leave 860.000 kr. unassigned), so the difference is shown, never hidden.
    totals = focus_areas.aggregate(
        lbf=Sum("sub_agreement__budget_lbf"), local=Sum("sub_agreement__budget_local")
    )
    lbf, local = totals["lbf"] or 0, totals["local"] or 0
    return {
        "focus_areas": focus_areas,
        "assigned": {"lbf": lbf, "local": local, "total": lbf + local},
        "unassigned": {
            "lbf": plan.budget_lbf - lbf,
            "local": plan.budget_local - local,
            "total": plan.budget_total - lbf - local,
        },
    }


@login_required
def overview(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    counts = {
        "areas": plan.areas.count(),
        "departments": plan.departments.count(),
        "organisations": plan.organisations.filter(kind=m.Organisation.Kind.HOUSING).count(),
        "activities": plan.activities.count(),
        "criteria": plan.success_criteria.count(),
        "measures": plan.local_measures.count(),
    }
    context = {
        "access": access,
        "plan": plan,
        "counts": counts,
        "goals": plan.overall_goals.all(),
        **_budget_rows(plan),
    }
    return render(request, "plans/overview.html", context)


@login_required
def focus_area(request, slug, key):
    access = get_plan_for_user(request, slug)
    focus = get_object_or_404(
        m.FocusArea.objects.for_plan(access.plan).select_related("sub_agreement"), key=key
    )
    measures = focus.local_measures.prefetch_related("figures")
    activities = focus.activities.annotate(criteria_count=Count("success_criteria")).select_related(
        "responsible_organisation"
    )
    parties = focus.sub_agreement.parties.select_related("organisation")
    context = {
        "access": access,
        "plan": access.plan,
        "focus": focus,
        "agreement": focus.sub_agreement,
        "parties": parties,
        "measures": measures,
        "activities": activities,
    }
    return render(request, "plans/focus_area.html", context)


@login_required
def activities(request, slug):
    access = get_plan_for_user(request, slug)
    focus_areas = m.FocusArea.objects.for_plan(access.plan).prefetch_related(
        Prefetch(
            "activities",
            queryset=m.Activity.objects.annotate(
                criteria_count=Count("success_criteria", distinct=True),
                sub_count=Count("sub_activities", distinct=True),
            ).select_related("responsible_organisation"),
        )
    )
    return render(
        request,
        "plans/activities.html",
        {"access": access, "plan": access.plan, "focus_areas": focus_areas},
    )


@login_required
def activity(request, slug, key):
    access = get_plan_for_user(request, slug)
    item = get_object_or_404(
        m.Activity.objects.for_plan(access.plan).select_related(
            "focus_area", "responsible_organisation"
        ),
        key=key,
    )
    criteria = item.success_criteria.select_related("responsible_organisation", "sub_activity")
    context = {
        "access": access,
        "plan": access.plan,
        "activity": item,
        "sub_activities": item.sub_activities.all(),
        "criteria": criteria,
    }
    return render(request, "plans/activity.html", context)


@login_required
def areas(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    form = AddressCheckForm(request.GET or None)
    result = None
    if form.is_valid():
        try:
            result = check_plan_address(plan, form.cleaned_data["adresse"])
        except AddressError as error:
            form.add_error("adresse", str(error))
    area_list = plan.areas.prefetch_related(
        "coverage",
        Prefetch(
            "departments",
            queryset=m.Department.objects.select_related("organisation").order_by(
                "organisation__order", "number"
            ),
        ),
    )
    context = {
        "access": access,
        "plan": plan,
        "areas": area_list,
        "form": form,
        "result": result,
        "organisations": plan.organisations.select_related("parent"),
    }
    return render(request, "plans/areas.html", context)


@login_required
def bodies(request, slug):
    access = get_plan_for_user(request, slug)
    body_list = access.plan.bodies.prefetch_related(
        Prefetch("members", queryset=m.Membership.objects.select_related("organisation"))
    )
    return render(
        request, "plans/bodies.html", {"access": access, "plan": access.plan, "bodies": body_list}
    )
