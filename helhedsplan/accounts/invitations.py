"""Invitations to a plan: inviting by e-mail, sending again, withdrawing, and accepting the
one-time link. One transaction per action; every change is kept in the history (who, when).
A person's role once in the plan (changing it, removing access) is in memberships; the e-mail
with the link is sent by mail.

The link carries a random token (`secrets.token_urlsafe(32)`); only its SHA-256 is stored, so a
leaked database does not give working links. A link is used once, expires after
HELHEDSPLAN_INVITATION_DAYS days, and dies when the secretariat sends a new one or withdraws it.
"""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.mail import send_invitation
from helhedsplan.accounts.memberships import AccessError, check_role
from helhedsplan.accounts.models import Invitation, PlanMembership, hash_token
from helhedsplan.core import formats
from helhedsplan.plans.models import Activity, Organisation, Plan

ASK_FOR_A_NEW_ONE = "Bed sekretariatet om en ny invitation."


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
    group, activities = check_role(
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
    emailed, error = send_invitation(invitation, link)
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
    emailed, error = send_invitation(new, link)
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
        message = f"Invitationen udløb {formats.datetime_short(expired)}. {ASK_FOR_A_NEW_ONE}"
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
