"""Pages for starting a plan (from a template, as a successor, from a file) and for putting a
draft in force. Only users allowed to create plans see the first; only the plan's secretariat
the second. Everyone else gets 404, as for a plan they are not a member of."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core import formats
from helhedsplan.core.privacy import looks_like_cpr
from helhedsplan.planning.create_forms import InForceForm, SuccessorForm, TemplateForm, UploadForm
from helhedsplan.planning.creation import (
    TEMPLATES,
    CreationError,
    create_plan,
    mark_in_force,
    successor_name,
    successor_text,
    template_text,
)
from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import PlanFileError, PlanFileProblem, validate_text


def _require_creator(request) -> None:
    user = request.user
    if not (user.is_superuser or user.has_perm("plans.create_plan")):
        raise Http404("Siden findes ikke.")


def _secretariat_plans(user):
    """The plans the user may continue: those where the user is the secretariat."""
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(
        memberships__user=user, memberships__group__name=Role.SEKRETARIAT
    ).distinct()


def _edit_url(slug: str) -> str:
    try:
        return reverse("planning_edit:index", args=[slug])
    except NoReverseMatch:  # the editor's own page; its address is fixed
        return f"/planer/{slug}/rediger/"


def _created(request, plan: Plan):
    messages.success(
        request,
        format_html(
            "Planen «{}» er oprettet som <strong>udkast</strong> ({} – {}). Ret den under "
            '<a href="{}">Redigér planen</a>, og sæt den i kraft, når bestyrelsen og '
            "Landsbyggefonden har godkendt den.",
            plan.name,
            formats.date_short(plan.start),
            formats.date_short(plan.end),
            _edit_url(plan.slug),
        ),
    )
    return redirect("plans:overview", slug=plan.slug)


def _create(request, form, text: str, source_name: str, **options):
    """Create the plan, or put the reason on the form; nothing is saved on error."""
    try:
        plan = create_plan(text=text, user=request.user, source_name=source_name, **options)
    except CreationError as error:
        form.add_error("slug" if "slug" in form.fields else None, str(error))
    except PlanFileError as error:
        for problem in error.problems:
            form.add_error(None, str(problem))
    else:
        return _created(request, plan)
    return None


def _page(request, template: str, context: dict, form):
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@login_required
def start(request):
    _require_creator(request)
    return render(
        request,
        "planning/create_start.html",
        {"templates": TEMPLATES, "successor_count": _secretariat_plans(request.user).count()},
    )


@login_required
def from_template(request):
    _require_creator(request)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        text = template_text(
            data["template"], slug=data["slug"], name=data["name"], start=data["start"]
        )
        response = _create(request, form, text, f"skabelon {data['template']}")
        if response:
            return response
    return _page(
        request,
        "planning/create_form.html",
        {
            "title": "Ny plan fra en skabelon",
            "lead": "Start en ny plan som udkast ud fra Landsbyggefondens skabelon eller en tom "
            "plan. Du bliver planens sekretariat og kan rette den, til den sættes i kraft.",
            "submit": "Opret planen",
        },
        form,
    )


@login_required
def successor(request):
    _require_creator(request)
    plans = _secretariat_plans(request.user).order_by("-start", "name")
    initial = {}
    chosen = plans.filter(slug=request.GET.get("plan", "")).first() or plans.first()
    if chosen is not None:
        initial = {"source": chosen, "start": chosen.end + datetime.timedelta(days=1)}
    form = SuccessorForm(request.POST or None, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["source"]
        name = data["name"] or successor_name(source, data["start"])
        text = successor_text(source, slug=data["slug"], name=name, start=data["start"])
        response = _create(
            request, form, text, f"kopi af {source.slug}", member_details_from=source
        )
        if response:
            return response
    return _page(
        request,
        "planning/create_form.html",
        {
            "title": "Ny plan som afløser for en plan",
            "lead": "Start den næste plan som udkast med en af dine planers struktur. Datoer "
            "og målår flyttes de hele år frem, og baselines foreslås ud fra de seneste målinger.",
            "submit": "Opret den nye plan",
            "no_plans": not plans.exists(),
        },
        form,
    )


def _cpr_problems(text: str) -> list[PlanFileProblem]:
    return [
        PlanFileProblem("", "ligner et CPR-nummer. Skriv aldrig CPR-numre i en planfil", line)
        for line, content in enumerate(text.splitlines(), start=1)
        if looks_like_cpr(content)
    ]


@login_required
def upload(request):
    _require_creator(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[PlanFileProblem] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            validate_text(text)
        except PlanFileError as error:
            problems = list(error.problems)
        problems += _cpr_problems(text)
        if not problems:
            name = request.FILES["file"].name
            response = _create(
                request,
                form,
                text,
                name,
                allowed_predecessors=_secretariat_plans(request.user),
            )
            if response:
                return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "planning/create_upload.html",
        {"form": form, "problems": problems},
        status=status,
    )


@login_required
def in_force(request, slug):
    access = get_plan_for_user(request, slug)
    if not access.is_secretariat:
        raise Http404("Siden findes ikke.")
    plan = access.plan
    form = InForceForm(request.POST or None) if plan.is_draft else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            mark_in_force(
                plan,
                board_approved_on=form.cleaned_data["board_approved_on"],
                lbf_approved_on=form.cleaned_data["lbf_approved_on"],
                user=request.user,
            )
        except CreationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Planen «{plan.name}» er nu i kraft. Ændringer sker herefter gennem "
                "ændringsforslag, som bestyrelsen beslutter.",
            )
            return redirect("plans:overview", slug=plan.slug)
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "planning/in_force.html",
        {
            "access": access,
            "plan": plan,
            "form": form,
            "edit_url": _edit_url(plan.slug),
        },
        status=status,
    )
