"""People in a plan (the secretariat's page) and the invitation link (the invited person's)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helhedsplan.accounts import invitations, lockout, memberships, unlocking
from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.accounts.invitations import InvitationRefused
from helhedsplan.accounts.memberships import AccessError
from helhedsplan.accounts.models import Invitation, PlanMembership, Role, role_label
from helhedsplan.accounts.people_forms import AcceptForm, InviteForm, RoleForm
from helhedsplan.plans.models import Activity

# The backend a new person's first login is recorded with (axes' comes first in the list, but
# it only guards and cannot load a user back from the session).
PASSWORD_BACKEND = "helhedsplan.accounts.backends.EmailOrUsernameBackend"
# The link of the invitation just made, shown once on the next view of the people page.
SHOWN_LINK = "accounts_invitation_link"
HISTORY_ROWS = 25
ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


def _secretariat(request, slug):
    """The people page is the secretariat's alone: 404 for every other role, as for outsiders."""
    access = get_plan_for_user(request, slug)
    if not access.is_secretariat:
        raise Http404("Siden findes ikke.")
    return access


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def person_name(user) -> str:
    if user is None:
        return "(slettet bruger)"
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _memberships(plan):
    activities = Activity.objects.select_related("focus_area").order_by(
        "focus_area__number", "number"
    )
    rows = list(
        PlanMembership.objects.filter(plan=plan)
        # claim_grant: a role given by the municipality's login (the sso app's ClaimGrant),
        # which the next login may change; the page says so.
        .select_related("user", "group", "organisation", "claim_grant")
        .prefetch_related(Prefetch("activities", queryset=activities))
    )
    rows.sort(key=lambda m: (ROLE_ORDER.get(m.role, 99), m.user.get_username().lower()))
    return rows


def _history(plan) -> list[dict]:
    records = list(
        PlanMembership.history.filter(plan_id=plan.id)
        .select_related("user", "group", "history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
    )
    rows = []
    for record in records:
        role = role_label(record.group.name) if record.group else "ukendt rolle"
        reason = record.history_change_reason or ""
        if record.history_type == "+":
            what = f"Fik adgang som {role}"
            if reason:
                what += f" ({reason.lower()})"
        elif record.history_type == "-":
            what = f"Adgang fjernet (var {role})"
        else:
            what = reason or f"Oplysninger ændret (rolle: {role})"
        rows.append(
            {
                "when": record.history_date,
                "person": person_name(record.user),
                "what": what,
                "by": person_name(record.history_user) if record.history_user_id else "–",
            }
        )
    return rows


def _remember_link(request, plan, invited: invitations.Invited) -> None:
    request.session[SHOWN_LINK] = {
        "plan": plan.slug,
        "email": invited.invitation.email,
        "link": invited.link,
        "emailed": invited.emailed,
        "mail_error": invited.mail_error,
    }


def _apply_error(form, error: AccessError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
@never_cache
def people(request, slug):
    """Everyone with access, open invitations, the invite form and the recent history."""
    access = _secretariat(request, slug)
    plan = access.plan
    days = settings.HELHEDSPLAN_INVITATION_DAYS
    form = InviteForm(request.POST or None, plan=plan, days=days)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = invitations.invite(
                plan=plan,
                email=data["email"],
                role=data["role"],
                organisation=data["organisation"],
                activities=data["activities"],
                by=request.user,
                base_url=_base_url(request),
            )
        except AccessError as error:
            _apply_error(form, error)
        else:
            _remember_link(request, plan, invited)
            return redirect(reverse("accounts:people", args=[slug]) + "#nyt-link")
    shown = request.session.pop(SHOWN_LINK, None)
    if shown and shown.get("plan") != slug:
        shown = None
    pending = (
        Invitation.objects.open()
        .filter(plan=plan)
        .select_related("group", "organisation", "created_by")
        .prefetch_related("activities")
        .order_by("email", "-created_at")
    )
    memberships = _memberships(plan)
    usernames = [m.user.get_username() for m in memberships]
    locked = unlocking.locked_until_by_username(usernames)
    for membership in memberships:
        membership.locked_until = locked.get(membership.user.get_username())
    context = {
        "access": access,
        "plan": plan,
        "memberships": memberships,
        "lockout_failures": settings.HELHEDSPLAN_LOGIN_FAILURES,
        "lockout_minutes": lockout.lockout_minutes(),
        "locked_addresses": unlocking.locked_addresses_for(usernames),
        "address_failures": settings.HELHEDSPLAN_ADDRESS_FAILURES,
        "invitations": pending,
        "history": _history(plan),
        "form": form,
        "shown": shown,
        "days": days,
        "email_set_up": bool(settings.EMAIL_HOST),
    }
    return render(request, "accounts/people.html", context)


def _invitation(plan, pk) -> Invitation:
    return get_object_or_404(Invitation.objects.filter(plan=plan), pk=pk)


@login_required
@require_POST
def resend(request, slug, pk):
    access = _secretariat(request, slug)
    invitation = _invitation(access.plan, pk)
    try:
        invited = invitations.resend(
            invitation=invitation, by=request.user, base_url=_base_url(request)
        )
    except AccessError as error:
        messages.error(request, error.message)
        return redirect("accounts:people", slug=slug)
    _remember_link(request, access.plan, invited)
    return redirect(reverse("accounts:people", args=[slug]) + "#nyt-link")


@login_required
@require_POST
def withdraw(request, slug, pk):
    access = _secretariat(request, slug)
    invitation = _invitation(access.plan, pk)
    try:
        invitations.withdraw(invitation=invitation, by=request.user)
    except AccessError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Invitationen til {invitation.email} er trukket tilbage; linket virker ikke."
        )
    return redirect("accounts:people", slug=slug)


def _membership(plan, pk) -> PlanMembership:
    return get_object_or_404(
        PlanMembership.objects.filter(plan=plan).select_related("user", "group", "organisation"),
        pk=pk,
    )


@login_required
def change_role(request, slug, pk):
    access = _secretariat(request, slug)
    plan = access.plan
    membership = _membership(plan, pk)
    initial = {
        "role": membership.role,
        "organisation": membership.organisation,
        "activities": list(membership.activities.all()),
    }
    form = RoleForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            memberships.change_role(
                membership=membership,
                role=data["role"],
                organisation=data["organisation"],
                activities=data["activities"],
                by=request.user,
            )
        except AccessError as error:
            _apply_error(form, error)
        else:
            name = person_name(membership.user)
            messages.success(request, f"{name} er nu {role_label(data['role'])} i planen.")
            if membership.user_id == request.user.id and data["role"] != Role.SEKRETARIAT:
                return redirect("plans:overview", slug=slug)
            return redirect("accounts:people", slug=slug)
    context = {
        "access": access,
        "plan": plan,
        "membership": membership,
        "person": person_name(membership.user),
        "form": form,
    }
    return render(request, "accounts/change_role.html", context)


@login_required
def remove(request, slug, pk):
    """A confirmation page; the POST removes the access at once (the history keeps it)."""
    access = _secretariat(request, slug)
    plan = access.plan
    membership = _membership(plan, pk)
    error = ""
    if request.method == "POST":
        try:
            memberships.remove_access(membership=membership, by=request.user)
        except AccessError as refused:
            error = refused.message
        else:
            name = person_name(membership.user)
            messages.success(request, f"{name} har ikke længere adgang til {plan.name}.")
            if membership.user_id == request.user.id:
                return redirect("home")
            return redirect("accounts:people", slug=slug)
    context = {
        "access": access,
        "plan": plan,
        "membership": membership,
        "person": person_name(membership.user),
        "is_self": membership.user_id == request.user.id,
        "error": error,
    }
    return render(request, "accounts/remove.html", context, status=422 if error else 200)


@login_required
@require_POST
def unlock(request, slug, pk):
    """Lift a person's lockout after failed logins (the security log records who did it)."""
    access = _secretariat(request, slug)
    membership = _membership(access.plan, pk)
    unlocking.unlock_user(user=membership.user, by=request.user)
    messages.success(
        request, f"{person_name(membership.user)} er låst op og kan logge ind igen med det samme."
    )
    return redirect("accounts:people", slug=slug)


@login_required
@require_POST
def unlock_address(request, slug):
    """Lift an address's lock that hit this plan's people (their town hall, say). Only such an
    address, and only the failures about no one outside the plan (unlocking.unlock_address)."""
    access = _secretariat(request, slug)
    address = request.POST.get("address", "").strip()
    usernames = PlanMembership.objects.filter(plan=access.plan).values_list(
        "user__username", flat=True
    )
    try:
        unlocking.unlock_address(
            address=address, usernames=usernames, by=request.user, plan_name=access.plan.name
        )
    except unlocking.AddressNotLocked:
        messages.error(
            request,
            "Adressen er ikke spærret for nogen i planen (måske er spærringen allerede "
            "ophørt), så der er intet at låse op.",
        )
    else:
        messages.success(
            request, f"Adressen {address} er låst op; planens personer kan logge ind derfra igen."
        )
    return redirect("accounts:people", slug=slug)


def _refused(request, refused: InvitationRefused):
    status = 404 if refused.state == invitations.UNKNOWN else 410
    return render(request, "accounts/invitation_refused.html", {"refused": refused}, status=status)


@never_cache
def accept(request, token):
    """The invited person's page: choose a password (new) or confirm (already has a user)."""
    try:
        invitation = invitations.open_invitation(token)
    except InvitationRefused as refused:
        return _refused(request, refused)
    found = invitations.existing_user(invitation.email)
    user = request.user if request.user.is_authenticated else None
    if found is not None:
        mode = "confirm" if user is not None and user.pk == found.pk else "login"
        if mode == "login" and user is not None:
            mode = "other_user"
        form = None
    else:
        mode = "password"
        candidate = get_user_model()(username=invitation.email, email=invitation.email)
        form = AcceptForm(candidate, request.POST or None)
    error = ""
    posted = request.method == "POST" and (
        mode == "confirm" or (mode == "password" and form.is_valid())
    )
    if posted:
        try:
            accepted_user, _ = invitations.accept(
                token=token,
                password=form.cleaned_data["new_password1"] if form else None,
                user=user if mode == "confirm" else None,
            )
        except InvitationRefused as refused:
            return _refused(request, refused)
        except AccessError as refused:
            if form is not None:
                _apply_error(form, refused)
            else:
                error = refused.message
        else:
            if mode == "password":
                login(request, accepted_user, backend=PASSWORD_BACKEND)
            messages.success(
                request,
                f"Velkommen. Du har nu adgang til {invitation.plan.name} som "
                f"{invitation.role_label}.",
            )
            return redirect("home")
    context = {
        "invitation": invitation,
        "mode": mode,
        "form": form,
        "error": error,
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    return render(request, "accounts/accept.html", context)
