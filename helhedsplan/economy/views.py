"""The economy page: budget against actual, pace and staff hours; forms and import to register."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import one_time_form
from helhedsplan.economy.forms import ExpenseForm, ImportForm, StaffHoursForm
from helhedsplan.economy.importer import import_expenses, template_csv
from helhedsplan.economy.services import economy_overview


@login_required
def overview(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    error = None
    as_of = min(max(timezone.localdate(), plan.start), plan.end)
    raw = request.GET.get("dato", "")
    if raw:
        try:
            as_of = min(max(datetime.date.fromisoformat(raw), plan.start), plan.end)
        except ValueError:
            error = f"«{raw}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD."
    return render(
        request,
        "economy/overview.html",
        {
            "access": access,
            "plan": plan,
            "as_of": as_of,
            "error": error,
            "economy": economy_overview(plan, as_of),
        },
    )


@one_time_form
def _form_view(request, slug, form_class, title, lead, saved_message):
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    form = form_class(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        overview = reverse("economy:overview", args=[plan.slug])
        with form.once(request.user) as sent:
            item = form.save(commit=False)
            item.plan = plan
            item.registered_by = request.user
            item.save()
            sent.done(overview)
        messages.success(request, saved_message)
        return redirect(overview)
    return render(
        request,
        "economy/form.html",
        {"access": access, "plan": plan, "form": form, "title": title, "lead": lead},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def expense_new(request, slug):
    return _form_view(
        request,
        slug,
        ExpenseForm,
        "Registrér en udgift",
        "Én udgift i én måned, med indsatsområde og finansiering. Den kommer med i "
        "budgetopfølgningen under Økonomi.",
        "Udgiften er gemt.",
    )


@login_required
def hours_new(request, slug):
    return _form_view(
        request,
        slug,
        StaffHoursForm,
        "Registrér erlagte medarbejdertimer",
        "De timer, en organisation har lagt i planens aktiviteter i én måned. De sammenlignes "
        "med delaftalernes aftalte timer pr. uge.",
        "Medarbejdertimerne er gemt.",
    )


@login_required
@one_time_form
def expense_import(request, slug):
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        overview = reverse("economy:overview", args=[plan.slug])
        # A double click imports the file once (the second post is shown the first result).
        with form.once(request.user) as sent:
            result = import_expenses(
                plan=plan, source=upload.read(), filename=upload.name, user=request.user
            )
            if result.ok:
                sent.done(overview)
        if result.ok:
            messages.success(request, result.summary())
            return redirect(overview)
    return render(
        request,
        "economy/import.html",
        {"access": access, "plan": plan, "form": form, "result": result},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_template(request, slug):
    get_plan_for_user(request, slug).require_staff()
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="udgifter-skabelon.csv"'
    return response
