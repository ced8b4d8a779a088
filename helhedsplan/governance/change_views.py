"""Change requests to the agreements: the list with the two ways to propose one (a new target
for a success criterion, or a changed plan file), and one request's page with what is done on it
(the board's decision, Landsbyggefonden's approval, in force, rejected). Read with GET, changed
through one POST view per action, as the meeting page (meeting_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import one_time_form
from helhedsplan.governance import forms, services
from helhedsplan.governance.changes import DOCUMENT_LABELS
from helhedsplan.governance.models import ChangeRequest, Decision, Meeting


def _list_url(request, slug, *args, **kwargs) -> str:
    return reverse("governance:changes", args=[slug])


@login_required
@require_GET
def changes(request, slug):
    return _list_page(request, get_plan_for_user(request, slug))


def _list_page(request, access, **sent):
    plan = access.plan
    context = {
        "access": access,
        "plan": plan,
        "requests": ChangeRequest.objects.filter(plan=plan).select_related("decision__meeting"),
        "criterion_form": forms.CriterionChangeForm(plan=plan, prefix="kriterium"),
        "file_form": forms.PlanFileChangeForm(prefix="fil"),
    } | sent
    return render(request, "governance/changes.html", context)


@login_required
@require_POST
@one_time_form(fallback=_list_url)
def propose_criterion(request, slug):
    """A new target (or text) for one success criterion, proposed."""
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    form = forms.CriterionChangeForm(request.POST, plan=plan, prefix="kriterium")
    if form.is_valid():
        data = form.cleaned_data
        try:
            text = services.criterion_change_text(
                plan,
                criterion_key=data["criterion"].key,
                target=data["target"],
                target_max=data["target_max"],
                per=data["per"],
                text=data["text"],
            )
            return _propose(request, plan, form, text)
        except services.ChangeRefused as refused:
            messages.error(request, str(refused))
    return _list_page(request, access, criterion_form=form)


@login_required
@require_POST
@one_time_form(fallback=_list_url)
def propose_file(request, slug):
    """A changed plan file, proposed (the form checked its size and that it is UTF-8)."""
    access = get_plan_for_user(request, slug).require_staff()
    form = forms.PlanFileChangeForm(request.POST, request.FILES, prefix="fil")
    if form.is_valid():
        try:
            return _propose(request, access.plan, form, form.cleaned_data["file"])
        except services.ChangeRefused as refused:
            messages.error(request, str(refused))
    return _list_page(request, access, file_form=form)


def _propose(request, plan, form, text: str):
    """One change request per form sent: a second POST of the same form shows the first."""
    with form.once(request.user) as sent:
        change = services.propose(
            plan=plan,
            title=form.cleaned_data["title"],
            reason=form.cleaned_data["reason"],
            proposed_text=text,
            user=request.user,
        )
        sent.done(reverse("governance:change", args=[plan.slug, change.pk]))
    return redirect(sent.url)


# ---- one change request -------------------------------------------------------------------------


def _board_meetings(plan):
    return Meeting.objects.filter(plan=plan, body__kind="board").exclude(
        status=Meeting.Status.CANCELLED
    )


def _change(request, slug, pk, *, staff=False):
    access = get_plan_for_user(request, slug)
    if staff:
        access.require_staff()
    return access, get_object_or_404(ChangeRequest, plan=access.plan, pk=pk)


@login_required
@require_GET
def change(request, slug, pk):
    return _change_page(request, *_change(request, slug, pk))


def _change_page(request, access, item, **sent):
    grouped: dict[str, list[str]] = {}
    for row in item.changes:
        label = DOCUMENT_LABELS[row["document"]] + (
            f" ({row['focus_area']})" if row["focus_area"] else ""
        )
        grouped.setdefault(label, []).append(row["text"])
    context = {
        "access": access,
        "plan": access.plan,
        "change": item,
        "grouped": grouped,
        "decide_form": forms.DecideChangeForm(
            meetings=_board_meetings(access.plan), prefix="beslut"
        ),
        "lbf_form": forms.LbfApprovalForm(instance=item, prefix="lbf"),
        "history": item.history.select_related("history_user").order_by("-history_date")[:20],
    } | sent
    return render(request, "governance/change.html", context)


def _refused_or_done(request, access, item, step, said: str, **sent):
    """Run `step`; its refusal (ChangeRefused) is said on the page, else `said`."""
    try:
        step()
    except services.ChangeRefused as refused:
        messages.error(request, str(refused))
        return _change_page(request, access, item, **sent)
    messages.success(request, said)
    return redirect("governance:change", slug=access.plan.slug, pk=item.pk)


@login_required
@require_POST
def decide_change(request, slug, pk):
    """The board's decision on the change request, recorded."""
    access, item = _change(request, slug, pk, staff=True)
    form = forms.DecideChangeForm(
        request.POST, meetings=_board_meetings(access.plan), prefix="beslut"
    )
    if not form.is_valid():
        return _change_page(request, access, item, decide_form=form)

    def record():
        data = form.cleaned_data
        with transaction.atomic():
            decision = Decision.objects.create(
                meeting=data["meeting"],
                text=data["text"],
                consensus=data["consensus"],
                changed_by=request.user,
            )
            services.record_decision(item, decision)

    return _refused_or_done(
        request, access, item, record, "Bestyrelsens beslutning er registreret.", decide_form=form
    )


@login_required
@require_POST
def approve_change(request, slug, pk):
    """Landsbyggefondens approval, recorded."""
    access, item = _change(request, slug, pk, staff=True)
    form = forms.LbfApprovalForm(
        request.POST, instance=ChangeRequest.objects.get(pk=item.pk), prefix="lbf"
    )
    if not form.is_valid():
        return _change_page(request, access, item, lbf_form=form)
    return _refused_or_done(
        request,
        access,
        item,
        lambda: services.record_lbf_approval(
            item,
            approved_on=form.cleaned_data["lbf_approved_on"],
            reference=form.cleaned_data["lbf_reference"],
        ),
        "Landsbyggefondens godkendelse er registreret.",
        lbf_form=form,
    )


@login_required
@require_POST
def apply_change(request, slug, pk):
    """The change takes effect: a new version of the plan file."""
    access, item = _change(request, slug, pk, staff=True)
    return _refused_or_done(
        request,
        access,
        item,
        lambda: services.apply_change(item, user=request.user),
        "Ændringen er trådt i kraft. Den tidligere version kan stadig læses.",
    )


@login_required
@require_POST
def reject_change(request, slug, pk):
    """A proposed or decided change rejected: the plan stays as it is."""
    _access, item = _change(request, slug, pk, staff=True)
    if item.status in {ChangeRequest.Status.PROPOSED, ChangeRequest.Status.DECIDED}:
        item.status = ChangeRequest.Status.REJECTED
        item.save()
        messages.success(request, "Forslaget er afvist. Planen er uændret.")
    return redirect("governance:change", slug=slug, pk=pk)
