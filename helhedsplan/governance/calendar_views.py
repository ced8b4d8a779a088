"""The meeting calendar of a plan year: the proposal, the saved meetings, editing one meeting,
and iCalendar downloads per body and per person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.models import construct_instance
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.form_merge import form_values
from helhedsplan.core.periods import Period, plan_year_of, plan_years
from helhedsplan.governance.agenda import refresh_report
from helhedsplan.governance.calendar import (
    TZ,
    bodies_with_meetings,
    configured_holidays,
    holiday_ranges,
    meetings_in_year,
    propose_year,
    save_proposals,
)
from helhedsplan.governance.calendar_forms import MeetingForm
from helhedsplan.governance.holidays import blocked_reason
from helhedsplan.governance.ics import meetings_ics, person_meetings
from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Body, Membership


def year_slug(year: Period) -> str:
    """2018/19 in a URL: 2018-19."""
    return year.label.replace("/", "-")


def _year(plan, slug: str) -> Period:
    label = slug.replace("-", "/", 1)
    for year in plan_years(plan.start, plan.end):
        if year.label == label:
            return year
    raise Http404("Planåret findes ikke i planen.")


def _warning_text(reason: str) -> str:
    return f"Bemærk: mødet ligger på en dag uden ordinære møder ({reason})."


def _warning(meeting: Meeting, periods) -> str | None:
    return blocked_reason(meeting.starts_at.astimezone(TZ).date(), periods)


@login_required
def index(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    years = plan_years(plan.start, plan.end)
    if not years:
        raise Http404("Planen har ingen planår.")
    today = timezone.localdate()
    year = plan_year_of(today, plan.start, plan.end) or (
        years[-1] if today > plan.end else years[0]
    )
    return redirect("governance_calendar:year", slug=slug, year=year_slug(year))


@login_required
def year_view(request, slug, year):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    period = _year(plan, year)
    periods = holiday_ranges(plan, period)
    meetings = list(meetings_in_year(plan, period))
    rows = [(m, _warning(m, periods)) for m in meetings]
    planned = bodies_with_meetings(plan, period)
    pending = []
    if access.is_plan_staff:
        pending = [p for p in propose_year(plan, period) if p.body.id not in planned]
    body_ids = {m.body_id for m in meetings}
    bodies = [b for b in Body.objects.filter(plan=plan).order_by("order") if b.id in body_ids]
    # One entry per person (same name or e-mail), so the picker lists each person once.
    people, seen = [], set()
    for membership in (
        Membership.objects.filter(body__in=bodies)
        .select_related("body")
        .order_by("body__order", "order")
    ):
        key = membership.name.strip().lower() or membership.email.strip().lower()
        if key and key in seen:
            continue
        seen.add(key)
        people.append(membership)
    context = {
        "access": access,
        "plan": plan,
        "year": period,
        "year_slug": year_slug(period),
        "years": [(y, year_slug(y)) for y in plan_years(plan.start, plan.end)],
        "rows": rows,
        "pending": pending,
        "bodies": bodies,
        "people": people,
        "holidays": periods,
        "configured_holidays": bool(configured_holidays(plan, period)),
    }
    return render(request, "governance/calendar.html", context)


@login_required
@require_POST
def propose(request, slug, year):
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    period = _year(plan, year)
    result = save_proposals(plan, period, propose_year(plan, period), request.user)
    messages.success(request, result.message)
    return redirect("governance_calendar:year", slug=slug, year=year_slug(period))


@login_required
def meeting_edit(request, slug, pk):
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    meeting = get_object_or_404(Meeting.objects.select_related("body"), plan=plan, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, what="mødet")
    saved = False
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = form.versions.lock(
                Meeting.objects.filter(pk=meeting.pk),
                lambda row: form_values(MeetingForm(instance=row)),
            )
            if locked is not None:
                # The form's fields onto the row as it is now (the minutes may be newer).
                form.instance = construct_instance(form, locked, form._meta.fields)
                meeting = form.save(commit=False)
                meeting.changed_by = request.user
                meeting.save()
                if {"date", "time"} & set(form.changed_data):
                    refresh_report(meeting)
                saved = True
    if saved:
        day = meeting.starts_at.astimezone(TZ).date()
        period = plan_year_of(day, plan.start, plan.end)
        messages.success(request, f"Mødet i {meeting.body.name} er gemt.")
        if period:
            if warning := _warning(meeting, holiday_ranges(plan, period)):
                messages.warning(request, _warning_text(warning))
            return redirect("governance_calendar:year", slug=slug, year=year_slug(period))
        if warning := blocked_reason(day):
            messages.warning(request, _warning_text(warning))
        messages.warning(request, "Bemærk: mødet ligger uden for planens periode.")
        return redirect("governance:index", slug=slug)
    day = meeting.starts_at.astimezone(TZ).date()
    period = plan_year_of(day, plan.start, plan.end)
    warning = None
    if period:
        warning = _warning(meeting, holiday_ranges(plan, period))
    context = {
        "access": access,
        "plan": plan,
        "meeting": meeting,
        "form": form,
        "warning": warning,
        "year_slug": year_slug(period) if period else None,
    }
    return render(request, "governance/calendar_edit.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def body_ics(request, slug, year, body_key):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    period = _year(plan, year)
    body = get_object_or_404(Body, plan=plan, key=body_key)
    meetings = [m for m in meetings_in_year(plan, period) if m.body_id == body.id]
    content = meetings_ics(plan, meetings, f"{body.name} {period.label}")
    return _ics_response(content, f"{body.key}-{year_slug(period)}.ics")


@login_required
def membership_ics(request, slug, year, membership_id):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    period = _year(plan, year)
    membership = get_object_or_404(
        Membership.objects.select_related("body", "body__plan"), body__plan=plan, pk=membership_id
    )
    who = membership.name or membership.role
    content = meetings_ics(plan, person_meetings(membership, period), f"{who} {period.label}")
    return _ics_response(content, f"moeder-{membership.pk}-{year_slug(period)}.ics")


@login_required
def membership_pick(request, slug, year):
    """The person picker on the calendar page: on to that person's .ics file."""
    access = get_plan_for_user(request, slug)
    period = _year(access.plan, year)
    try:
        membership_id = int(request.GET.get("medlem", ""))
    except ValueError:
        raise Http404("Vælg en person.") from None
    return redirect(
        reverse(
            "governance_calendar:membership_ics",
            kwargs={"slug": slug, "year": year_slug(period), "membership_id": membership_id},
        )
    )
