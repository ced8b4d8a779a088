"""Meetings of the plan's bodies: the list, one meeting with agenda, attendance, minutes and
decisions; recommendations to the board; change requests; the agreements and their versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.change_words import last_change
from helhedsplan.core.form_merge import track
from helhedsplan.core.once import AlreadySubmitted, already_sent, once, one_time, posted_token
from helhedsplan.documents.render_docx import render_docx
from helhedsplan.documents.render_html import report_context
from helhedsplan.documents.render_pdf import render_pdf
from helhedsplan.governance import documents, forms, services
from helhedsplan.governance.changes import DOCUMENT_LABELS, KOMMISSORIUM, STRATEGIC, SUB_AGREEMENT
from helhedsplan.governance.models import (
    Attendance,
    ChangeRequest,
    Decision,
    Meeting,
    Recommendation,
)
from helhedsplan.plans.models import Body

DOWNLOADS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
}


def _download(report, name: str, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOADS:
        raise Http404("Ukendt format.")
    content_type, render_file = DOWNLOADS[file_format]
    response = HttpResponse(render_file(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{file_format}"'
    return response


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


def _board_meetings_after(meeting):
    return Meeting.objects.filter(
        plan=meeting.plan, body__kind="board", starts_at__gt=meeting.starts_at
    ).exclude(status=Meeting.Status.CANCELLED)


@login_required
def meeting(request, slug, pk):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    item = get_object_or_404(Meeting.objects.select_related("body", "plan"), plan=plan, pk=pk)
    file_format = request.GET.get("format")
    if file_format:
        if request.GET.get("dokument") == "referat":
            if not has_minutes(item):
                return _no_document(request, access, item, "referat")
            return _download(
                documents.minutes_document(item),
                f"referat-{item.body.key}-{item.starts_at:%Y-%m-%d}",
                file_format,
            )
        if not has_agenda(item):
            return _no_document(request, access, item, "dagsorden")
        return _download(
            documents.agenda_document(item),
            f"dagsorden-{item.body.key}-{item.starts_at:%Y-%m-%d}",
            file_format,
        )

    here = reverse("governance:meeting", args=[slug, pk])
    members = _members_on(item)
    minutes_args = {"instance": item, "prefix": "referat", "members": members}
    agenda_form = one_time(forms.AgendaItemForm(prefix="punkt"))
    minutes_form = forms.MinutesForm(present=_present(item), **minutes_args)
    minutes_version = track(minutes_form, what="referatet og fremmødet")
    decision_form = one_time(forms.DecisionForm(prefix="beslutning"))
    recommendation_form = one_time(forms.RecommendationForm(prefix="indstilling"))
    if request.method == "POST":
        access.require_staff()
        action = request.POST.get("action")
        try:
            if action == "add_item":
                agenda_form = one_time(forms.AgendaItemForm(request.POST, prefix="punkt"))
                if agenda_form.is_valid():
                    with once(posted_token(agenda_form), request.user) as sent:
                        new = agenda_form.save(commit=False)
                        new.meeting = item
                        new.order = item.agenda_items.count() + 1
                        new.save()
                        sent.done(here)
                    messages.success(request, f"Punktet «{new.title}» er føjet til dagsordenen.")
                    return redirect(here)
            elif action == "outcome":
                return _mark_outcome(request, item, here)
            elif action == "minutes":
                minutes_form = forms.MinutesForm(request.POST, **minutes_args)
                minutes_version = track(minutes_form, what="referatet og fremmødet")
                if minutes_form.is_valid() and _save_minutes(
                    request, item, minutes_form, minutes_version
                ):
                    messages.success(request, "Referat og fremmøde er gemt.")
                    return redirect(here)
            elif action == "decision":
                decision_form = one_time(forms.DecisionForm(request.POST, prefix="beslutning"))
                if decision_form.is_valid():
                    with once(posted_token(decision_form), request.user) as sent:
                        decision = decision_form.save(commit=False)
                        decision.meeting = item
                        decision.changed_by = request.user
                        decision.save()
                        sent.done(here)
                    messages.success(request, "Beslutningen er gemt.")
                    return redirect(here)
            elif action == "recommendation":
                recommendation_form = one_time(
                    forms.RecommendationForm(request.POST, prefix="indstilling")
                )
                if recommendation_form.is_valid():
                    with once(posted_token(recommendation_form), request.user) as sent:
                        recommendation = recommendation_form.save(commit=False)
                        recommendation.plan = plan
                        recommendation.from_meeting = item
                        recommendation.changed_by = request.user
                        recommendation.save()
                        sent.done(here)
                    messages.success(
                        request, f"Indstillingen «{recommendation.title}» er oprettet."
                    )
                    return redirect(here)
            else:
                raise Http404("Ukendt handling.")
        except AlreadySubmitted as first:
            return already_sent(request, first, here)

    context = {
        "access": access,
        "plan": plan,
        "meeting": item,
        "agenda": item.agenda_items.all(),
        "received": item.recommendations_received.select_related("from_meeting__body", "decision"),
        "made": item.recommendations_made.select_related("board_meeting__body"),
        "decisions": item.decisions.all(),
        "members": members,
        "present": set(_present(item)),
        "attendance": list(item.attendance.all()),
        "board_meetings": _board_meetings_after(item),
        "awaits_outcome": item.awaits_outcome(),
        "has_agenda": has_agenda(item),
        "has_minutes": has_minutes(item),
        "agenda_form": agenda_form,
        "minutes_form": minutes_form,
        "decision_form": decision_form,
        "recommendation_form": recommendation_form,
    }
    return render(request, "governance/meeting.html", context)


def has_agenda(meeting) -> bool:
    return meeting.agenda_items.exists() or meeting.recommendations_received.exists()


def has_minutes(meeting) -> bool:
    """Minutes exist when they are written; attendance or decisions alone are not minutes."""
    return bool(meeting.minutes.strip())


def _no_document(request, access, meeting, what: str) -> HttpResponse:
    """A 404 that says in Danish what is missing, not a document saying that nothing exists."""
    context = {"access": access, "plan": access.plan, "meeting": meeting, "what": what}
    return render(request, "governance/no_document.html", context, status=404)


OUTCOMES = {
    Meeting.Status.HELD: "afholdt",
    Meeting.Status.CANCELLED: "aflyst",
}


def _mark_outcome(request, item, here):
    """A past meeting still «foreslået» or «planlagt» marked held or cancelled."""
    status = request.POST.get("status")
    if status not in OUTCOMES:
        raise Http404("Ukendt status.")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None:
            raise Http404("Mødet findes ikke længere.")
        if not locked.awaits_outcome():
            if locked.status == status:
                messages.info(request, f"Mødet er allerede markeret som {OUTCOMES[status]}.")
            else:
                messages.error(
                    request,
                    f"Mødet står som «{locked.get_status_display()}» og er ikke ændret. "
                    "Ret status i mødekalenderen, hvis den er forkert.",
                )
            return redirect(here)
        locked.status = status
        locked.changed_by = request.user
        locked.save(update_fields=["status", "changed_by"])
    if status == Meeting.Status.HELD:
        messages.success(
            request, "Mødet er markeret som afholdt. Skriv referatet og fremmødet nedenfor."
        )
    else:
        messages.success(request, "Mødet er markeret som aflyst.")
    return redirect(here)


def _members_on(meeting):
    """The body's members on the meeting day: a member who joined later or left before is not
    expected there."""
    day = timezone.localtime(meeting.starts_at).date()
    return [
        member
        for member in meeting.body.members.all()
        if (member.start is None or member.start <= day)
        and (member.end is None or member.end >= day)
    ]


def _present(meeting) -> list[int]:
    return [row.membership_id for row in meeting.attendance.all() if row.present]


def _save_minutes(request, item, form, versions) -> bool:
    """Save the minutes and the attendance if nobody saved them since the form was read."""
    with transaction.atomic():
        # Locked until saved: a second save waits here, then sees this one's change.
        locked = Meeting.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None:
            versions.gone()
            return False
        now = {"minutes": locked.minutes, "til_stede": _present(locked)}
        if not versions.accept(now, changed=last_change(locked)):
            return False
        locked.minutes = form.cleaned_data["minutes"]
        locked.changed_by = request.user
        if locked.status in {Meeting.Status.PROPOSED, Meeting.Status.PLANNED}:
            locked.status = Meeting.Status.HELD
        locked.save()
        _save_attendance(locked, set(form.cleaned_data["til_stede"]))
    return True


def _save_attendance(meeting, present: set[str]) -> None:
    """Tick attendance in place: rows for members who have since left the body are kept as
    they were, so the minutes of an old meeting never lose a participant."""
    existing = {row.membership_id: row for row in meeting.attendance.all() if row.membership_id}
    for member in _members_on(meeting):
        row = existing.get(member.pk) or Attendance(meeting=meeting, membership=member)
        row.name = str(member)
        row.present = str(member.pk) in present
        row.save()


@login_required
def recommendation(request, slug, pk):
    """Forward a recommendation to a board meeting, or record the board's decision on it."""
    access = get_plan_for_user(request, slug)
    access.require_staff()
    item = get_object_or_404(
        Recommendation.objects.select_related("from_meeting"), plan=access.plan, pk=pk
    )
    if request.method != "POST":
        raise Http404("Kun indsendelse.")
    action = request.POST.get("action")
    if action == "forward" and item.status != Recommendation.Status.PROPOSED:
        messages.error(request, "Indstillingen er allerede sendt til bestyrelsen.")
        return redirect("governance:meeting", slug=slug, pk=item.from_meeting_id)
    if action == "decide" and (item.status != Recommendation.Status.FORWARDED or item.decision_id):
        messages.error(
            request, "Indstillingen er ikke sendt til bestyrelsen, eller den er allerede besluttet."
        )
        return redirect(
            "governance:meeting", slug=slug, pk=item.board_meeting_id or item.from_meeting_id
        )
    if action == "forward":
        form = forms.ForwardForm(request.POST, meetings=_board_meetings_after(item.from_meeting))
        if form.is_valid():
            item.board_meeting = form.cleaned_data["board_meeting"]
            item.status = Recommendation.Status.FORWARDED
            item.changed_by = request.user
            item.save()
            messages.success(
                request,
                f"Indstillingen er sat på bestyrelsens møde {item.board_meeting.starts_at:%d.%m.%Y}.",
            )
        else:
            messages.error(request, "Vælg et kommende bestyrelsesmøde.")
        return redirect("governance:meeting", slug=slug, pk=item.from_meeting_id)
    if action == "decide" and item.board_meeting_id:
        text = request.POST.get("text", "").strip()
        if not text:
            messages.error(request, "Skriv bestyrelsens beslutning.")
        else:
            with transaction.atomic():
                decision = Decision(
                    meeting=item.board_meeting,
                    text=text,
                    consensus=bool(request.POST.get("consensus")),
                    changed_by=request.user,
                )
                decision.full_clean()
                decision.save()
                item.decision = decision
                item.status = Recommendation.Status.DECIDED
                item.changed_by = request.user
                item.save()
            messages.success(request, "Bestyrelsens beslutning om indstillingen er gemt.")
        return redirect("governance:meeting", slug=slug, pk=item.board_meeting_id)
    raise Http404("Ukendt handling.")


# ---- change requests ------------------------------------------------------------------------


@login_required
def changes(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    criterion_form = one_time(forms.CriterionChangeForm(plan=plan, prefix="kriterium"))
    file_form = one_time(forms.PlanFileChangeForm(prefix="fil"))
    if request.method == "POST":
        access.require_staff()
        try:
            if request.POST.get("action") == "criterion":
                criterion_form = one_time(
                    forms.CriterionChangeForm(request.POST, plan=plan, prefix="kriterium")
                )
                if criterion_form.is_valid():
                    data = criterion_form.cleaned_data
                    text = services.criterion_change_text(
                        plan,
                        criterion_key=data["criterion"].key,
                        target=data["target"],
                        target_max=data["target_max"],
                        per=data["per"],
                        text=data["text"],
                    )
                    return _propose(request, plan, criterion_form, text)
            else:
                file_form = one_time(
                    forms.PlanFileChangeForm(request.POST, request.FILES, prefix="fil")
                )
                if file_form.is_valid():
                    # The text: the form checked size and UTF-8.
                    return _propose(request, plan, file_form, file_form.cleaned_data["file"])
        except services.ChangeRefused as refused:
            messages.error(request, str(refused))
    context = {
        "access": access,
        "plan": plan,
        "requests": ChangeRequest.objects.filter(plan=plan).select_related("decision__meeting"),
        "criterion_form": criterion_form,
        "file_form": file_form,
    }
    return render(request, "governance/changes.html", context)


def _propose(request, plan, form, text: str):
    """One change request per form sent: a second POST of the same form shows the first."""
    try:
        with once(posted_token(form), request.user) as sent:
            change = services.propose(
                plan=plan,
                title=form.cleaned_data["title"],
                reason=form.cleaned_data["reason"],
                proposed_text=text,
                user=request.user,
            )
            sent.done(reverse("governance:change", args=[plan.slug, change.pk]))
    except AlreadySubmitted as first:
        return already_sent(request, first, reverse("governance:changes", args=[plan.slug]))
    return redirect(sent.url)


@login_required
def change(request, slug, pk):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    item = get_object_or_404(ChangeRequest, plan=plan, pk=pk)
    board_meetings = Meeting.objects.filter(plan=plan, body__kind="board").exclude(
        status=Meeting.Status.CANCELLED
    )
    decide_form = forms.DecideChangeForm(meetings=board_meetings, prefix="beslut")
    lbf_form = forms.LbfApprovalForm(instance=item, prefix="lbf")
    if request.method == "POST":
        access.require_staff()
        action = request.POST.get("action")
        try:
            if action == "decide":
                decide_form = forms.DecideChangeForm(
                    request.POST, meetings=board_meetings, prefix="beslut"
                )
                if decide_form.is_valid():
                    data = decide_form.cleaned_data
                    with transaction.atomic():
                        decision = Decision.objects.create(
                            meeting=data["meeting"],
                            text=data["text"],
                            consensus=data["consensus"],
                            changed_by=request.user,
                        )
                        services.record_decision(item, decision)
                    messages.success(request, "Bestyrelsens beslutning er registreret.")
                    return redirect("governance:change", slug=slug, pk=pk)
            elif action == "lbf":
                lbf_form = forms.LbfApprovalForm(
                    request.POST, instance=ChangeRequest.objects.get(pk=item.pk), prefix="lbf"
                )
                if lbf_form.is_valid():
                    services.record_lbf_approval(
                        item,
                        approved_on=lbf_form.cleaned_data["lbf_approved_on"],
                        reference=lbf_form.cleaned_data["lbf_reference"],
                    )
                    messages.success(request, "Landsbyggefondens godkendelse er registreret.")
                    return redirect("governance:change", slug=slug, pk=pk)
            elif action == "apply":
                services.apply_change(item, user=request.user)
                messages.success(
                    request, "Ændringen er trådt i kraft. Den tidligere version kan stadig læses."
                )
                return redirect("governance:change", slug=slug, pk=pk)
            elif action == "reject":
                if item.status in {ChangeRequest.Status.PROPOSED, ChangeRequest.Status.DECIDED}:
                    item.status = ChangeRequest.Status.REJECTED
                    item.save()
                    messages.success(request, "Forslaget er afvist. Planen er uændret.")
                return redirect("governance:change", slug=slug, pk=pk)
        except services.ChangeRefused as refused:
            messages.error(request, str(refused))
    grouped: dict[str, list[str]] = {}
    for row in item.changes:
        label = DOCUMENT_LABELS[row["document"]] + (
            f" ({row['focus_area']})" if row["focus_area"] else ""
        )
        grouped.setdefault(label, []).append(row["text"])
    context = {
        "access": access,
        "plan": plan,
        "change": item,
        "grouped": grouped,
        "decide_form": decide_form,
        "lbf_form": lbf_form,
        "history": item.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "governance/change.html", context)


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
        return _download(report, f"{report.title}-{report.period_label}", file_format)
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
    form = forms.MembershipForm(request.POST or None, instance=member, plan=plan)
    versions = track(form, what=f"medlemmet {member}") if member is not None else None
    if versions is None:
        one_time(form)
    here = reverse("governance:members", args=[slug, key])
    if request.method == "POST":
        if request.POST.get("action") == "delete" and member is not None:
            member.delete()
            messages.success(request, f"{member} er fjernet fra {body.name}.")
            return redirect(here)
        if form.is_valid():
            saved = None
            try:
                with once(posted_token(form) if versions is None else "", request.user) as sent:
                    if versions is None:
                        saved = _save_member(form, body)
                        sent.done(here)
                    else:
                        # Locked until saved: a second save waits here, then sees this one.
                        locked = type(member).objects.select_for_update().filter(pk=member.pk)
                        locked = locked.first()
                        if locked is None:
                            versions.gone()
                        elif versions.accept(
                            model_to_dict(locked, fields=forms.MembershipForm._meta.fields),
                            changed=last_change(locked),
                        ):
                            saved = _save_member(form, body)
            except AlreadySubmitted as first:
                return already_sent(request, first, here)
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


def _save_member(form, body):
    saved = form.save(commit=False)
    saved.body = body
    if {"role", "name", "organisation"} & set(form.changed_data):
        saved.from_file = False  # now the secretariat's: a reload will not remove it
    if saved.pk is None:
        saved.order = body.members.count()
    saved.save()
    form.save_m2m()
    return saved
