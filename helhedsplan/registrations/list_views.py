"""The registrations a person may see, filtered and paged, and the same rows as a CSV file."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.spreadsheets import safe_cell
from helhedsplan.plans.models import Activity, SuccessCriterion
from helhedsplan.registrations.importer import COLUMNS
from helhedsplan.registrations.models import Registration


def _filtered(request, access):
    """The registrations the role may see, narrowed by the list's filters (also for export)."""
    registrations = Registration.objects.visible_to(access)
    filters = {
        "mine": request.GET.get("mine") == "1",
        "activity_key": request.GET.get("aktivitet") or "",
        # The dashboard's drill-down: the registrations behind one criterion's figure.
        "criterion_key": request.GET.get("kriterium") or "",
        "until": parse_date(request.GET.get("til") or ""),
    }
    if filters["mine"]:
        registrations = registrations.filter(registered_by_id=access.user_id)
    if filters["activity_key"]:
        registrations = registrations.filter(activity__key=filters["activity_key"])
    if filters["criterion_key"]:
        registrations = registrations.filter(criteria__key=filters["criterion_key"])
    if filters["until"]:
        registrations = registrations.filter(date__lte=filters["until"])
    return registrations.order_by("-date", "-id"), filters


@login_required
def index(request, slug):
    access = get_plan_for_user(request, slug).require_registration_reader()
    registrations, filters = _filtered(request, access)
    registrations = registrations.select_related("activity", "registered_by")
    activities = Activity.objects.for_plan(access.plan).filter(id__in=access.activity_ids())
    page = Paginator(registrations, 50).get_page(request.GET.get("side"))
    context = {
        "access": access,
        "plan": access.plan,
        "page": page,
        "activities": activities.select_related("focus_area"),
        "query": request.GET.urlencode(),
        **filters,
        # The drill-down names its criterion by its text (issue 18), not by its key.
        "criterion": SuccessCriterion.objects.for_plan(access.plan)
        .filter(key=filters["criterion_key"])
        .first()
        if filters["criterion_key"]
        else None,
    }
    return render(request, "registrations/index.html", context)


@login_required
def export(request, slug):
    """The list as CSV in the import format, so that an export can be corrected and re-imported."""
    access = get_plan_for_user(request, slug).require_registration_reader()
    registrations, _ = _filtered(request, access)
    registrations = registrations.select_related("activity").prefetch_related(
        "criteria", "links__participant"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registreringer-{access.plan.slug}.csv"'
    )
    response.write("\ufeff")  # a BOM, so that Danish Excel reads æøå
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in registrations:
        codes = (
            ";".join(link.participant.code for link in r.links.all())
            if access.sees_participant_codes
            else ""
        )
        # safe_cell: a note such as "=HYPERLINK(...)" is text in Excel, never a formula;
        # the importer takes the apostrophe off again (core/spreadsheets.py).
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    r.activity.key,
                    "|".join(c.key for c in r.criteria.all()),
                    r.date.isoformat(),
                    r.end_date.isoformat() if r.end_date else "",
                    r.kind,
                    r.count,
                    "" if r.participants is None else r.participants,
                    "" if r.completed is None else r.completed,
                    codes,
                    r.note,
                )
            ]
        )
    return response
