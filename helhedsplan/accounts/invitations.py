"""People in a plan: inviting by e-mail, accepting the one-time link, changing a role and
removing access. One transaction per action; every change is kept in the history (who, when).

The link carries a random token (`secrets.token_urlsafe(32)`); only its SHA-256 is stored, so a
leaked database does not give working links. A link is used once, expires after
HELHEDSPLAN_INVITATION_DAYS days, and dies when the secretariat sends a new one or withdraws it.
"""

import datetime
import secrets
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from helhedsplan.accounts.models import Invitation, PlanMembership, Role, hash_token, role_label
from helhedsplan.plans.models import Activity, Organisation, Plan

ASK_FOR_A_NEW_ONE = "Bed sekretariatet om en ny invitation."
# simple_history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


class AccessError(Exception):
    """A refused action on people and roles, with a Danish message for page and command line."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvitationRefused(Exception):
    """An invitation link that cannot be used: unknown, used, expired, replaced or withdrawn."""

    def __init__(self, state: str, title: str, message: str, invitation=None):
        super().__init__(f"{title} {message}")
        self.state = state
        self.title = title
        self.message = message
        self.invitation = invitation


UNKNOWN = "unknown"


@dataclass
class Invited:
    """The result of inviting or resending: the row, the link (shown once) and the e-mail."""

    invitation: Invitation
    link: str
    emailed: bool = False
    mail_error: str = ""


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def link_for(token: str, *, base_url: str | None = None) -> str:
    base = (base_url or settings.HELHEDSPLAN_BASE_URL).rstrip("/")
    return base + reverse("invitations:accept", args=[token])


def existing_user(email: str):
    """The user an e-mail belongs to: the one with it as username, else the one with it as
    e-mail address (only when exactly one has it)."""
    users = get_user_model().objects
    email = normalise_email(email)
    user = users.filter(username__iexact=email).first()
    if user is not None:
        return user
    found = list(users.filter(email__iexact=email)[:2])
    return found[0] if len(found) == 1 else None


def _check_role(
    *, plan: Plan, role: str, organisation: Organisation | None, activities: Iterable[Activity]
) -> tuple[Group, list[Activity]]:
    if role not in Role.values:
        allowed = ", ".join(Role.values)
        raise AccessError(f"Rollen «{role}» findes ikke. Vælg en af: {allowed}.", "role")
    activities = list(activities)
    if role == Role.PARTNER and organisation is None:
        raise AccessError(
            "En partner skal have en organisation: den organisation, personen leverer data for.",
            "organisation",
        )
    if organisation is not None and organisation.plan_id != plan.id:
        raise AccessError(
            f"Organisationen «{organisation.name}» hører ikke til planen {plan.name}.",
            "organisation",
        )
    foreign = [activity.name for activity in activities if activity.plan_id != plan.id]
    if foreign:
        raise AccessError(
            f"Aktiviteten «{foreign[0]}» hører ikke til planen {plan.name}.", "activities"
        )
    if activities and role != Role.PARTNER:
        raise AccessError(
            "Kun en partner leverer data for udvalgte aktiviteter; de andre roller ser alle.",
            "activities",
        )
    # The groups come from a data migration; get_or_create also survives a flushed test database.
    group, _ = Group.objects.get_or_create(name=role)
    return group, activities


def _send(invitation: Invitation, link: str) -> tuple[bool, str]:
    """E-mail the link when a mail server is set up (EMAIL_HOST); otherwise the secretariat
    sends the link it is shown. A failing server never undoes the invitation."""
    if not settings.EMAIL_HOST:
        return False, ""
    context = {
        "invitation": invitation,
        "plan": invitation.plan,
        "link": link,
        "role": invitation.role_label,
        "inviter": invitation.created_by,
        "days": settings.HELHEDSPLAN_INVITATION_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation.txt", context)
    try:
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
            fail_silently=False,
        )
    except (OSError, smtplib.SMTPException) as error:
        return False, str(error) or error.__class__.__name__
    return True, ""


def _new_invitation(
    *,
    plan: Plan,
    email: str,
    group: Group,
    organisation: Organisation | None,
    activities: list[Activity],
    by,
    now: datetime.datetime,
) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        plan=plan,
        group=group,
        organisation=organisation,
        token_hash=hash_token(token),
        created_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.HELHEDSPLAN_INVITATION_DAYS),
    )
    if by is not None:
        invitation._history_user = by
    invitation.save()
    invitation.activities.set(activities)
    return invitation, token


def _replace_open(queryset, *, by) -> None:
    # One by one (not update()), so each replaced link is in the history.
    for old in queryset.select_for_update():
        old.replaced = True
        if by is not None:
            old._history_user = by
        old.save(update_fields=["replaced"])


def invite(
    *,
    plan: Plan,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    activities: Iterable[Activity] = (),
    by=None,
    now: datetime.datetime | None = None,
    base_url: str | None = None,
) -> Invited:
    """Invite `email` to `plan` in `role`; an earlier open invitation to the same person and
    plan stops working. The link is e-mailed when a mail server is set up."""
    now = _now(now)
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise AccessError(f"«{email}» er ikke en gyldig e-mailadresse.", "email") from None
    if len(email) > 150:
        raise AccessError("E-mailadressen må højst have 150 tegn.", "email")
    group, activities = _check_role(
        plan=plan, role=role, organisation=organisation, activities=activities
    )
    user = existing_user(email)
    if user is not None:
        membership = PlanMembership.objects.filter(plan=plan, user=user).first()
        if membership is not None:
            raise AccessError(
                f"{email} har allerede adgang til planen som {membership.role_label}. "
                "Skift rollen i listen over personer i stedet.",
                "email",
            )
    with transaction.atomic():
        _replace_open(Invitation.objects.open().filter(plan=plan, email__iexact=email), by=by)
        invitation, token = _new_invitation(
            plan=plan,
            email=email,
            group=group,
            organisation=organisation,
            activities=activities,
            by=by,
            now=now,
        )
    link = link_for(token, base_url=base_url)
    emailed, error = _send(invitation, link)
    return Invited(invitation=invitation, link=link, emailed=emailed, mail_error=error)


def resend(
    *,
    invitation: Invitation,
    by=None,
    now: datetime.datetime | None = None,
    base_url: str | None = None,
) -> Invited:
    """A new link (and a new expiry) for an open invitation; the old link stops working."""
    now = _now(now)
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.state(now) not in {Invitation.State.PENDING, Invitation.State.EXPIRED}:
            raise AccessError(
                f"Invitationen til {current.email} kan ikke sendes igen: den er "
                f"{current.State(current.state(now)).label.lower()}."
            )
        _replace_open(Invitation.objects.filter(pk=current.pk), by=by)
        new, token = _new_invitation(
            plan=current.plan,
            email=current.email,
            group=current.group,
            organisation=current.organisation,
            activities=list(current.activities.all()),
            by=by or current.created_by,
            now=now,
        )
    link = link_for(token, base_url=base_url)
    emailed, error = _send(new, link)
    return Invited(invitation=new, link=link, emailed=emailed, mail_error=error)


@transaction.atomic
def withdraw(*, invitation: Invitation, by=None, now: datetime.datetime | None = None) -> None:
    now = _now(now)
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.state(now) not in {Invitation.State.PENDING, Invitation.State.EXPIRED}:
        raise AccessError(f"Invitationen til {current.email} er ikke længere åben.")
    current.withdrawn_at = now
    if by is not None:
        current._history_user = by
    current.save(update_fields=["withdrawn_at"])


REFUSALS = {
    UNKNOWN: (
        "Linket kendes ikke",
        "Linket er ikke gyldigt. Måske er det kun kopieret delvist, eller der er ændret i det. "
        + ASK_FOR_A_NEW_ONE,
    ),
    Invitation.State.ACCEPTED: (
        "Linket er allerede brugt",
        "Invitationen er taget imod, og linket kan kun bruges én gang. Har du valgt en "
        "adgangskode, så log ind med din e-mail. Ellers: " + ASK_FOR_A_NEW_ONE.lower(),
    ),
    Invitation.State.EXPIRED: ("Linket er udløbet", ASK_FOR_A_NEW_ONE),
    Invitation.State.REPLACED: (
        "Der er sendt et nyere link",
        "Sekretariatet har sendt dig et nyt link; brug det nyeste. Kan du ikke finde det: "
        + ASK_FOR_A_NEW_ONE.lower(),
    ),
    Invitation.State.WITHDRAWN: (
        "Invitationen er trukket tilbage",
        "Sekretariatet har trukket invitationen tilbage. Mener du, at du skal have adgang: "
        + ASK_FOR_A_NEW_ONE.lower(),
    ),
}


def _refuse(state: str, invitation: Invitation | None = None) -> InvitationRefused:
    title, message = REFUSALS[state]
    if state == Invitation.State.EXPIRED and invitation is not None:
        expired = timezone.localtime(invitation.expires_at)
        message = f"Invitationen udløb {expired:%d.%m.%Y kl. %H.%M}. {ASK_FOR_A_NEW_ONE}"
    return InvitationRefused(state, title, message, invitation)


def open_invitation(token: str, *, now: datetime.datetime | None = None) -> Invitation:
    """The invitation a link names, when it can still be used; else InvitationRefused."""
    invitation = (
        Invitation.objects.select_related("plan", "group", "organisation", "created_by")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise _refuse(UNKNOWN)
    state = invitation.state(_now(now))
    if state != Invitation.State.PENDING:
        raise _refuse(state, invitation)
    return invitation


def accept(
    *,
    token: str,
    password: str | None = None,
    user=None,
    now: datetime.datetime | None = None,
):
    """Take an invitation: a new person chooses a password (a user named by the e-mail is
    made); a person who already has a user gives it (logged in) and gets the role in the plan.
    Returns (user, membership). Twice, in parallel or not, gives one membership."""
    now = _now(now)
    invitation = open_invitation(token, now=now)
    found = existing_user(invitation.email)
    if found is not None:
        if user is None or user.pk != found.pk:
            raise AccessError(
                f"Der findes allerede en bruger med {invitation.email}. Log ind som den bruger "
                "og åbn linket igen."
            )
        if not found.is_active:
            raise AccessError("Din bruger er spærret. Kontakt sekretariatet.")
    if found is None:
        if not password:
            raise AccessError("Vælg en adgangskode.", "new_password1")
        candidate = get_user_model()(username=invitation.email, email=invitation.email)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise AccessError(" ".join(error.messages), "new_password1") from None
    with transaction.atomic():
        _claim(invitation, now)
        if found is None:
            try:
                with transaction.atomic():
                    found = get_user_model().objects.create_user(
                        username=invitation.email, email=invitation.email, password=password
                    )
            except IntegrityError:
                raise AccessError(
                    f"Der findes allerede en bruger med {invitation.email}. Log ind som den "
                    "bruger og åbn linket igen."
                ) from None
        membership = _grant(invitation, found, now)
    return found, membership


def accept_verified(*, invitation: Invitation, user, now: datetime.datetime | None = None):
    """Take an invitation without its link, for a user whose e-mail the municipality's login
    (single sign-on) has just vouched for: the same claim and role as `accept`."""
    now = _now(now)
    emails = {normalise_email(user.username), normalise_email(user.email)}
    if invitation.email not in emails:
        raise AccessError(f"Invitationen er til {invitation.email}, ikke til {user.username}.")
    if not user.is_active:
        raise AccessError("Din bruger er spærret. Kontakt sekretariatet.")
    with transaction.atomic():
        _claim(invitation, now)
        membership = _grant(invitation, user, now)
    return user, membership


def _claim(invitation: Invitation, now: datetime.datetime) -> None:
    # Only one of two parallel accepts updates the row; the other finds it used.
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        replaced=False,
        expires_at__gt=now,
    ).update(accepted_at=now)
    if not claimed:
        invitation.refresh_from_db()
        raise _refuse(invitation.state(now), invitation)


def _grant(invitation: Invitation, user, now: datetime.datetime) -> PlanMembership:
    membership = PlanMembership.objects.filter(plan=invitation.plan, user=user).first()
    if membership is None:
        membership = PlanMembership(
            plan=invitation.plan,
            user=user,
            group=invitation.group,
            organisation=invitation.organisation,
            created_at=now,
        )
        # The history names who gave the access: the one who invited.
        membership._history_user = invitation.created_by
        membership._change_reason = "Tog imod invitationen"
        membership.save()
        membership.activities.set(invitation.activities.all())
    invitation.refresh_from_db()
    invitation.accepted_by = user
    invitation._history_user = user
    invitation.save(update_fields=["accepted_by"])
    return membership


def _secretariat_left(membership: PlanMembership) -> bool:
    """Whether someone else keeps the plan. The plan's secretariat rows are locked, so two
    secretariat members removing each other at the same time cannot leave the plan with none."""
    others = (
        PlanMembership.objects.select_for_update(of=("self",))
        .filter(plan_id=membership.plan_id, group__name=Role.SEKRETARIAT)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )
    return bool(list(others))


LAST_SECRETARIAT = (
    "Planen skal have mindst én person i sekretariatet. Invitér eller udpeg en anden til "
    "sekretariatet først."
)


def change_role(
    *,
    membership: PlanMembership,
    role: str,
    organisation: Organisation | None = None,
    activities: Iterable[Activity] = (),
    by=None,
) -> PlanMembership:
    """A new role (and, for a partner, organisation and activities) for a person in a plan."""
    with transaction.atomic():
        current = (
            PlanMembership.objects.select_for_update(of=("self",))
            .select_related("group", "plan", "organisation")
            .get(pk=membership.pk)
        )
        group, activities = _check_role(
            plan=current.plan, role=role, organisation=organisation, activities=activities
        )
        if (
            current.role == Role.SEKRETARIAT
            and role != Role.SEKRETARIAT
            and not _secretariat_left(current)
        ):
            raise AccessError(LAST_SECRETARIAT, "role")
        before = current.role
        reason = (
            f"Rolle ændret fra {role_label(before)} til {role_label(role)}"
            if before != role
            else "Organisation eller aktiviteter ændret"
        )
        current.group = group
        current.organisation = organisation
        if by is not None:
            current._history_user = by
        current._change_reason = reason[:REASON_LENGTH]
        current.save()
        current.activities.set(activities)
    return current


def remove_access(*, membership: PlanMembership, by=None) -> None:
    """The person loses the plan at once (every request checks the membership); the history
    keeps who had which role, and who removed it. Listeners (beredskab) clean up their links."""
    with transaction.atomic():
        current = (
            PlanMembership.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=membership.pk)
            .first()
        )
        if current is None:
            return
        if current.role == Role.SEKRETARIAT and not _secretariat_left(current):
            raise AccessError(LAST_SECRETARIAT)
        if by is not None:
            current._history_user = by
        current._change_reason = "Adgang fjernet"
        current.delete()


def users_with_access(plan: Plan):
    """The users who have a role in the plan (for choices such as a body member's user), each
    with `plan_role`: the role's key in this plan (one membership per user and plan)."""
    return (
        get_user_model()
        .objects.filter(plan_memberships__plan=plan)
        .annotate(plan_role=F("plan_memberships__group__name"))
        .order_by("first_name", "last_name", "username")
    )
