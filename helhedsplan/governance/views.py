"""Meetings of the plan's bodies: the list (one meeting and what is done on it: meeting_views.py);
the body's members; the agreements and their versions (change requests: change_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import one_time_form
from helhedsplan.documents.downloads import download
from helhedsplan.documents.render_html import report_context
from helhedsplan.governance import documents, forms
from helhedsplan.governance.changes import DOCUMENT_LABELS, KOMMISSORIUM, STRATEGIC, SUB_AGREEMENT
from helhedsplan.governance.models import ChangeRequest, Meeting, Recommendation
from helhedsplan.plans.models import Body

PAST_SHOWN = 50
ALL_BODIES = "alle"
OWN_BODIES = "mine"


def own_bodies(plan, user, today) -> list[Body]:
    """The bodies the user is a member of: a membership (plans.Membership) with the user as its
    login, not ended before today."""
    return list(
        Body.objects.filter(
            Q(members__end__isnull=True) | Q(members__end__gte=today),
            plan=plan,
            members__user=user,
        )
        .distinct()
        .order_by("order", "id")
    )


@login_required
def index(request, slug):
    """The meetings, filtered by body: by default the user's own bodies when the user is a
    member of any, else all; `?organ=` picks «mine», «alle» or one body by its key."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    now = timezone.now()
    bodies = list(plan.bodies.annotate(meeting_count=Count("meetings")).order_by("order", "id"))
    own = own_bodies(plan, request.user, timezone.localdate())
    own_ids = {body.id for body in own}
    chosen = request.GET.get("organ") or (OWN_BODIES if own else ALL_BODIES)
    by_key = {body.key: body for body in bodies}
    if chosen == OWN_BODIES and own:
        shown = own
    elif chosen in by_key:
        shown = [by_key[chosen]]
    else:
        chosen, shown = ALL_BODIES, bodies
    meetings = Meeting.objects.filter(plan=plan).select_related("body").order_by("starts_at")
    if chosen != ALL_BODIES:
        meetings = meetings.filter(body__in=shown)
    meetings = list(meetings)
    past = [m for m in meetings if m.starts_at < now][::-1]
    context = {
        "access": access,
        "plan": plan,
        "chosen": chosen,
        "shown": shown,
        "own": [body for body in bodies if body.id in own_ids],
        "others": [body for body in bodies if body.id not in own_ids],
        "coming": [
            m for m in meetings if m.starts_at >= now and m.status != Meeting.Status.CANCELLED
        ],
        "past": past[:PAST_SHOWN],
        "past_count": len(past),
        "awaiting": sum(1 for m in past if m.awaits_outcome(now)),
        "recommendations": Recommendation.objects.filter(plan=plan)
        .exclude(status__in=[Recommendation.Status.DECIDED, Recommendation.Status.WITHDRAWN])
        .select_related("from_meeting__body", "board_meeting"),
        "change_requests": ChangeRequest.objects.filter(plan=plan).exclude(
            status__in=[ChangeRequest.Status.APPLIED, ChangeRequest.Status.REJECTED]
        ),
    }
    return render(request, "governance/index.html", context)


# ---- the agreements -------------------------------------------------------------------------


@login_required
def agreements(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    versions = list(plan.file_versions.order_by("-loaded_at", "-id"))
    documents_list = [(STRATEGIC, "", DOCUMENT_LABELS[STRATEGIC])]
    documents_list += [
        (SUB_AGREEMENT, focus.key, f"Delaftale: {focus.number}. {focus.name}")
        for focus in plan.focus_areas.order_by("number")
    ]
    documents_list.append((KOMMISSORIUM, "", DOCUMENT_LABELS[KOMMISSORIUM]))
    applied = {
        c.applied_version_id: c
        for c in ChangeRequest.objects.filter(plan=plan, applied_version__isnull=False)
    }
    context = {
        "access": access,
        "plan": plan,
        "documents": documents_list,
        "versions": [
            (number, version, applied.get(version.id))
            for number, version in zip(range(len(versions), 0, -1), versions, strict=True)
        ],
    }
    return render(request, "governance/agreements.html", context)


@login_required
def agreement(request, slug, document):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    versions = plan.file_versions.order_by("-loaded_at", "-id")
    raw = request.GET.get("version")
    version = versions.filter(pk=raw).first() if raw and raw.isdigit() else versions.first()
    if version is None:
        raise Http404("Planen har ingen version.")
    focus_key = request.GET.get("delaftale", "")
    try:
        report = documents.agreement(plan, version, document, focus_key)
    except documents.DocumentNotFound as missing:
        raise Http404(str(missing)) from None
    file_format = request.GET.get("format")
    if file_format:
        return download(report, f"{report.title}-{report.period_label}", file_format)
    context = {
        **report_context(report),
        "access": access,
        "plan": plan,
        "document": document,
        "focus_key": focus_key,
        "version": version,
        "versions": versions,
    }
    return render(request, "governance/agreement.html", context)


@login_required
@one_time_form
def members(request, slug, key):
    """The secretariat keeps a body's members: contact, e-mail, membership dates, the
    activities each delivers data for and the member's own user (one with access to the plan).
    Kept through reloads of the plan file."""
    access = get_plan_for_user(request, slug)
    access.require_staff()
    plan = access.plan
    body = get_object_or_404(plan.bodies, key=key)
    raw = request.POST.get("member") or request.GET.get("medlem")
    member = body.members.filter(pk=raw).first() if raw and raw.isdigit() else None
    what = f"medlemmet {member}" if member is not None else ""
    form = forms.MembershipForm(request.POST or None, instance=member, plan=plan, what=what)
    here = reverse("governance:members", args=[slug, key])
    if request.method == "POST" and form.is_valid():
        saved = None
        with form.once(request.user) as sent:
            if form.versions is None:
                saved = _save_member(form, body)
                sent.done(here)
            elif form.versions.lock(
                type(member).objects.filter(pk=member.pk),
                lambda row: model_to_dict(row, fields=forms.MembershipForm._meta.fields),
            ):
                saved = _save_member(form, body)
        if saved is not None:
            messages.success(request, f"{saved} er gemt.")
            return redirect(here)
    context = {
        "access": access,
        "plan": plan,
        "body": body,
        "members": body.members.select_related("organisation", "user").prefetch_related(
            "delivers_for"
        ),
        "member": member,
        "form": form,
    }
    return render(request, "governance/members.html", context)


@login_required
@require_POST
def member_remove(request, slug, key, pk):
    """A member taken off the body (its history keeps it)."""
    access = get_plan_for_user(request, slug)
    access.require_staff()
    body = get_object_or_404(access.plan.bodies, key=key)
    member = get_object_or_404(body.members, pk=pk)
    member.delete()
    messages.success(request, f"{member} er fjernet fra {body.name}.")
    return redirect("governance:members", slug=slug, key=key)


def _save_member(form, body):
    saved = form.save(commit=False)
    saved.body = body
    if {"role", "name", "organisation"} & set(form.changed_data):
        saved.from_file = False  # now the secretariat's: a reload will not remove it
    if saved.pk is None:
        # The body's row is the lock (inside the form's transaction): two members added at once
        # get the next two places, also after a member was removed.
        type(body).objects.select_for_update().filter(pk=body.pk).first()
        last = body.members.aggregate(last=Max("order"))["last"]
        saved.order = 0 if last is None else last + 1
    saved.save()
    form.save_m2m()
    return saved
