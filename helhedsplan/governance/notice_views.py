"""Underretning: the board and the secretariat raise a matter, which proposes an extraordinary
board meeting (strategic agreement, pkt. 9)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core.once import one_time_form
from helhedsplan.governance.models import Notice
from helhedsplan.governance.notice_forms import NoticeForm
from helhedsplan.governance.notices import raise_notice


def _notice_access(request, slug):
    access = get_plan_for_user(request, slug)
    if not (access.is_secretariat or access.role == Role.BESTYRELSE):
        # A 404 like an unknown plan: notices are for the board and the secretariat only.
        raise Http404("Siden findes ikke.")
    return access


@login_required
def notice_list(request, slug):
    access = _notice_access(request, slug)
    plan = access.plan
    notices = (
        Notice.objects.filter(plan=plan)
        .select_related("meeting__body", "raised_by")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "governance/notice_list.html",
        {"access": access, "plan": plan, "notices": notices},
    )


@login_required
@one_time_form
def notice_create(request, slug):
    access = _notice_access(request, slug)
    plan = access.plan
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notices = reverse("governance_notices:list", args=[plan.slug])
        with form.once(request.user) as sent:
            result = raise_notice(
                plan=plan,
                user=request.user,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
            )
            sent.done(notices)
        meeting = result.notice.meeting
        if meeting is not None:
            when = formats.date_format(
                timezone.localtime(meeting.starts_at), r"l \d\e\n j. F Y \k\l. H.i"
            )
            text = (
                f"Underretningen er gemt. Der er foreslået et ekstraordinært bestyrelsesmøde "
                f"{when}; sekretariatet bekræfter tid og sted."
            )
        else:
            text = (
                "Underretningen er gemt. Planen har ingen bestyrelse registreret, så "
                "sekretariatet indkalder til mødet."
            )
        if result.mailed:
            text += f" Bestyrelsen og sekretariatet har fået besked ({len(result.recipients)} modtagere)."
            messages.success(request, text)
        else:
            text += (
                " Der kunne ikke sendes e-mail til bestyrelsen og sekretariatet – "
                "giv sekretariatet besked direkte."
            )
            messages.warning(request, text)
        return redirect("governance_notices:list", plan.slug)
    return render(
        request,
        "governance/notice_form.html",
        {"access": access, "plan": plan, "form": form},
        status=400 if request.method == "POST" else 200,
    )
