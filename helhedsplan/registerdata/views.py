"""The register data pages: the areas' standing under §§ 61 a-b, the register measures, and the
secretariat's import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import one_time_form
from helhedsplan.documents.downloads import download
from helhedsplan.registerdata.annex import NoRegisterData, annex
from helhedsplan.registerdata.display import present
from helhedsplan.registerdata.forms import ImportForm
from helhedsplan.registerdata.importer import (
    import_register_values,
    template_csv,
    template_xlsx,
)
from helhedsplan.registerdata.services import (
    criterion_charts,
    data_years,
    latest_year,
    measure_table,
    plan_standing,
    plan_values,
)


def _year(request, years: list[int], default: int | None) -> tuple[int | None, str]:
    raw = request.GET.get("aar", "")
    if not raw:
        return default, ""
    if raw.isdigit() and int(raw) in years:
        return int(raw), ""
    return default, f"Der er ingen registerdata for «{raw[:20]}». Vælg et af årene på listen."


@login_required
def overview(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    values = plan_values(plan)
    years = data_years(values)
    year, error = _year(request, years, latest_year(plan))
    areas = plan_standing(plan, year, values) if year else []
    trend_years = [y for y in years if year and y <= year][1:]
    outward = access.suppresses_small_numbers
    for area in areas:
        present(area, plan.small_number_threshold, outward=outward)
        area.charts = criterion_charts(values, area.area.key, trend_years)
    return render(
        request,
        "registerdata/overview.html",
        {
            "access": access,
            "plan": plan,
            "year": year,
            "years": years,
            "error": error,
            "areas": areas,
        },
        status=400 if error else 200,
    )


@login_required
def measures(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    table = measure_table(
        plan, request.GET.get("sted", "plan"), outward=access.suppresses_small_numbers
    )
    return render(
        request,
        "registerdata/measures.html",
        {"access": access, "plan": plan, "table": table},
        status=404 if table is None else 200,
    )


@login_required
@one_time_form
def import_values(request, slug):
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        page = reverse("registerdata:overview", args=[plan.slug])
        # A double click imports the file once; a dry run saves nothing and may be sent again.
        with form.once(request.user, claim=not dry_run) as sent:
            result = import_register_values(plan, upload.read(), upload.name, dry_run=dry_run)
            if result.ok and not dry_run:
                sent.done(page)
        if result.ok and not dry_run:
            messages.success(request, result.summary())
            return redirect(page)
        if result.ok:
            # Checked: a fresh form (not a dry run) for the real import of the same file.
            form = ImportForm()
    return render(
        request,
        "registerdata/import.html",
        {"access": access, "plan": plan, "form": form, "result": result},
        status=400 if request.method == "POST" and not (result and result.ok) else 200,
    )


@login_required
def template(request, slug, kind):
    plan = get_plan_for_user(request, slug).require_staff().plan
    if kind == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(template_xlsx(plan), content_type=content_type)
    else:
        response = HttpResponse(
            "\ufeff" + template_csv(plan), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="registerdata-skabelon.{kind}"'
    return response


@login_required
def annex_download(request, slug, file_format):
    """The strategic agreement's annex of the register measures at the plan's start."""
    plan = get_plan_for_user(request, slug).plan
    try:
        report = annex(plan)
    except NoRegisterData as missing:
        return render(
            request,
            "registerdata/no_annex.html",
            {"plan": plan, "message": str(missing)},
            status=404,
        )
    return download(report, f"{plan.slug}-bilag-registermaalinger", file_format)
