"""One meeting: the page (GET: agenda, attendance, minutes, decisions, recommendations, and the
agenda and minutes as documents), and one POST view per thing done on it, as healthchecks does:
an agenda item, the outcome (held or cancelled), the minutes with the attendance, a decision, a
recommendation to the board; a recommendation forwarded to a board meeting or decided there.

A form sent with errors is answered with the meeting page, that form showing the errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core import formats
from helhedsplan.core.once import one_time_form
from helhedsplan.documents.downloads import download
from helhedsplan.governance import documents, forms
from helhedsplan.governance.models import Attendance, Decision, Meeting, Recommendation


def _meeting(request, slug, pk, *, staff=False):
    access = get_plan_for_user(request, slug)
    if staff:
        access.require_staff()
    item = get_object_or_404(
        Meeting.objects.select_related("body", "plan"), plan=access.plan, pk=pk
    )
    return access, item


def _page_url(request, slug, pk, *args, **kwargs) -> str:
    return reverse("governance:meeting", args=[slug, pk])


def _board_meetings_after(meeting):
    return Meeting.objects.filter(
        plan=meeting.plan, body__kind="board", starts_at__gt=meeting.starts_at
    ).exclude(status=Meeting.Status.CANCELLED)


@login_required
@require_GET
def meeting(request, slug, pk):
    access, item = _meeting(request, slug, pk)
    file_format = request.GET.get("format")
    if file_format:
        if request.GET.get("dokument") == "referat":
            if not has_minutes(item):
                return _no_document(request, access, item, "referat")
            return download(
                documents.minutes_document(item),
                f"referat-{item.body.key}-{item.starts_at:%Y-%m-%d}",
                file_format,
            )
        if not has_agenda(item):
            return _no_document(request, access, item, "dagsorden")
        return download(
            documents.agenda_document(item),
            f"dagsorden-{item.body.key}-{item.starts_at:%Y-%m-%d}",
            file_format,
        )
    return _page(request, access, item)


def _page(request, access, item, **sent) -> HttpResponse:
    """The meeting page; `sent`: a form sent with errors, shown in place of its empty one."""
    members = _members_on(item)
    forms_shown = {
        "agenda_form": forms.AgendaItemForm(prefix="punkt"),
        "minutes_form": forms.MinutesForm(
            instance=item, prefix="referat", members=members, present=_present(item)
        ),
        "decision_form": forms.DecisionForm(prefix="beslutning"),
        "recommendation_form": forms.RecommendationForm(prefix="indstilling"),
    } | sent
    context = {
        "access": access,
        "plan": access.plan,
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
        **forms_shown,
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


# ---- the things done on the page, one POST view each --------------------------------------------


def _create(request, slug, pk, shown_as: str, form_class, prefix: str, fill, said):
    """A row made on the page from one form, once however often it is sent: `fill(row, access,
    meeting)` sets what the form does not, `said(row)` is the message."""
    access, item = _meeting(request, slug, pk, staff=True)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _page(request, access, item, **{shown_as: form})
    with form.once(request.user) as sent:
        row = form.save(commit=False)
        fill(row, request, access, item)
        row.save()
        sent.done(_page_url(request, slug, pk))
    messages.success(request, said(row))
    return redirect("governance:meeting", slug=slug, pk=pk)


def _next_item(new, request, access, meeting) -> None:
    # The meeting's row is the lock: two items added at once get the next two numbers.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    new.meeting = meeting
    new.order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1


@login_required
@require_POST
@one_time_form(fallback=_page_url)
def add_item(request, slug, pk):
    return _create(
        request,
        slug,
        pk,
        "agenda_form",
        forms.AgendaItemForm,
        "punkt",
        _next_item,
        lambda new: f"Punktet «{new.title}» er føjet til dagsordenen.",
    )


OUTCOMES = {
    Meeting.Status.HELD: "afholdt",
    Meeting.Status.CANCELLED: "aflyst",
}


@login_required
@require_POST
def mark_outcome(request, slug, pk):
    """A past meeting still «foreslået» or «planlagt» marked held or cancelled."""
    _access, item = _meeting(request, slug, pk, staff=True)
    here = _page_url(request, slug, pk)
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


@login_required
@require_POST
def minutes(request, slug, pk):
    access, item = _meeting(request, slug, pk, staff=True)
    form = forms.MinutesForm(
        request.POST, instance=item, prefix="referat", members=_members_on(item)
    )
    if form.is_valid() and _save_minutes(request, item, form):
        messages.success(request, "Referat og fremmøde er gemt.")
        return redirect("governance:meeting", slug=slug, pk=pk)
    return _page(request, access, item, minutes_form=form)


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


def _save_minutes(request, item, form) -> bool:
    """Save the minutes and the attendance if nobody saved them since the form was read."""
    with transaction.atomic():
        locked = form.versions.lock(
            Meeting.objects.filter(pk=item.pk),
            lambda row: {"minutes": row.minutes, "til_stede": _present(row)},
        )
        if locked is None:
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


def _decision_of(decision, request, access, meeting) -> None:
    decision.meeting = meeting
    decision.changed_by = request.user


@login_required
@require_POST
@one_time_form(fallback=_page_url)
def add_decision(request, slug, pk):
    return _create(
        request,
        slug,
        pk,
        "decision_form",
        forms.DecisionForm,
        "beslutning",
        _decision_of,
        lambda decision: "Beslutningen er gemt.",
    )


def _recommendation_of(recommendation, request, access, meeting) -> None:
    recommendation.plan = access.plan
    recommendation.from_meeting = meeting
    recommendation.changed_by = request.user


@login_required
@require_POST
@one_time_form(fallback=_page_url)
def add_recommendation(request, slug, pk):
    return _create(
        request,
        slug,
        pk,
        "recommendation_form",
        forms.RecommendationForm,
        "indstilling",
        _recommendation_of,
        lambda recommendation: f"Indstillingen «{recommendation.title}» er oprettet.",
    )


# ---- a recommendation: to the board, and the board's decision -----------------------------------


def _recommendation(request, slug, pk):
    access = get_plan_for_user(request, slug)
    access.require_staff()
    return get_object_or_404(
        Recommendation.objects.select_related("from_meeting"), plan=access.plan, pk=pk
    )


@login_required
@require_POST
def forward_recommendation(request, slug, pk):
    """Put a recommendation on a coming board meeting's agenda."""
    item = _recommendation(request, slug, pk)
    if item.status != Recommendation.Status.PROPOSED:
        messages.error(request, "Indstillingen er allerede sendt til bestyrelsen.")
        return redirect("governance:meeting", slug=slug, pk=item.from_meeting_id)
    form = forms.ForwardForm(request.POST, meetings=_board_meetings_after(item.from_meeting))
    if form.is_valid():
        item.board_meeting = form.cleaned_data["board_meeting"]
        item.status = Recommendation.Status.FORWARDED
        item.changed_by = request.user
        item.save()
        messages.success(
            request,
            "Indstillingen er sat på bestyrelsens møde "
            f"{formats.date_short(item.board_meeting.starts_at)}.",
        )
    else:
        messages.error(request, "Vælg et kommende bestyrelsesmøde.")
    return redirect("governance:meeting", slug=slug, pk=item.from_meeting_id)


@login_required
@require_POST
def decide_recommendation(request, slug, pk):
    """Record the board's decision on a recommendation sent to it."""
    item = _recommendation(request, slug, pk)
    if item.status != Recommendation.Status.FORWARDED or item.decision_id:
        messages.error(
            request, "Indstillingen er ikke sendt til bestyrelsen, eller den er allerede besluttet."
        )
        return redirect(
            "governance:meeting", slug=slug, pk=item.board_meeting_id or item.from_meeting_id
        )
    if not item.board_meeting_id:
        raise Http404("Ukendt handling.")
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
