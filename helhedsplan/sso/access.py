"""Who a person from the municipality's login is here, and which plans they may see.

Both logins (OpenID Connect and SAML) end in `sign_in` (or its parts, for
mozilla-django-oidc's hooks): the person is matched by e-mail to an existing user (an invited
person's username is the e-mail) or made a user without a password; open invitations to that
e-mail are taken; and the groups in HELHEDSPLAN_SSO_ROLE_CLAIM give the roles that
HELHEDSPLAN_SSO_ROLE_MAP names. Nothing else gives access: a person with neither is logged in
and sees that they have no plan yet.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts import invitations
from helhedsplan.accounts.access import plans_for_user
from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.plans.models import Organisation, Plan
from helhedsplan.sso.config import ROLE_NAMES, RoleGrant
from helhedsplan.sso.models import ClaimGrant

logger = logging.getLogger("helhedsplan.security.sso")

# simple_history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


@dataclass(frozen=True)
class Identity:
    """What the IdP vouches for: the e-mail, the name and the values of the role claim."""

    email: str
    via: str
    first_name: str = ""
    last_name: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)


def claim_values(value) -> frozenset[str]:
    """A claim or attribute as a set of strings: a list (groups), or one value."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset([value]) if value.strip() else frozenset()
    if isinstance(value, Iterable):
        return frozenset(str(item) for item in value if item is not None and str(item).strip())
    return frozenset([str(value)])


def valid_email(email: str | None) -> str | None:
    email = invitations.normalise_email(email or "")
    if not email or len(email) > 150:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email


def users_with_email(email: str) -> list:
    """The users an e-mail names: the one with it as username, else those with it as address
    (more than one is ambiguous and refused by the caller)."""
    users = get_user_model().objects
    found = users.filter(username__iexact=email).first()
    if found is not None:
        return [found]
    return list(users.filter(email__iexact=email)[:2])


def create_user(identity: Identity):
    """A user named by the e-mail, without a password: they log in through the municipality."""
    user = get_user_model()(
        username=identity.email,
        email=identity.email,
        first_name=identity.first_name[:150],
        last_name=identity.last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    logger.info("Ny bruger %s fra kommunens login (%s)", identity.email, identity.via)
    return user


def _update_names(user, identity: Identity) -> None:
    changed = []
    for name in ("first_name", "last_name"):
        value = getattr(identity, name)[:150]
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if not user.email:
        user.email = identity.email
        changed.append("email")
    if changed:
        user.save(update_fields=changed)


def _take_invitations(user, identity: Identity, now) -> None:
    pending = Invitation.objects.open().filter(email__iexact=identity.email, expires_at__gt=now)
    for invitation in pending.select_related("plan", "group"):
        try:
            invitations.accept_verified(invitation=invitation, user=user, now=now)
        except (invitations.AccessError, invitations.InvitationRefused) as error:
            logger.warning(
                "Invitationen til %s i %s blev ikke taget: %s",
                identity.email,
                invitation.plan.slug,
                error,
            )
        else:
            logger.info(
                "%s tog invitationen til %s som %s via kommunens login",
                identity.email,
                invitation.plan.slug,
                invitation.role,
            )


def wanted_roles(groups: Iterable[str]) -> dict[str, tuple[str, RoleGrant]]:
    """Plan slug -> (group, grant) for the groups the role map names; the strongest role wins
    when two groups name the same plan."""
    role_map = settings.HELHEDSPLAN_SSO_ROLE_MAP
    wanted: dict[str, tuple[str, RoleGrant]] = {}
    for group in sorted(groups):
        for grant in role_map.get(group, ()):
            current = wanted.get(grant.plan)
            if current is None or ROLE_NAMES.index(grant.role) < ROLE_NAMES.index(current[1].role):
                wanted[grant.plan] = (group, grant)
    return wanted


def _reason(text: str) -> str:
    return text[:REASON_LENGTH]


def _apply_claims(user, identity: Identity, now) -> None:
    if not settings.HELHEDSPLAN_SSO_ROLE_CLAIM:
        return
    wanted = wanted_roles(identity.groups)
    plans = {plan.slug: plan for plan in Plan.objects.filter(slug__in=wanted)}
    for slug, (group_value, grant) in wanted.items():
        plan = plans.get(slug)
        if plan is None:
            logger.warning(
                "HELHEDSPLAN_SSO_ROLE_MAP: gruppen %s nævner planen %s, som ikke findes",
                group_value,
                slug,
            )
            continue
        organisation = None
        if grant.organisation:
            organisation = (
                Organisation.objects.for_plan(plan).filter(key=grant.organisation).first()
            )
            if organisation is None:
                logger.warning(
                    "HELHEDSPLAN_SSO_ROLE_MAP: organisationen %s findes ikke i %s",
                    grant.organisation,
                    slug,
                )
                continue
        group, _ = Group.objects.get_or_create(name=grant.role)
        membership = (
            PlanMembership.objects.select_related("group").filter(user=user, plan=plan).first()
        )
        if membership is None:
            membership = PlanMembership(
                user=user, plan=plan, group=group, organisation=organisation, created_at=now
            )
            membership._change_reason = _reason(f"Rolle fra kommunens login ({group_value})")
            membership.save()
            ClaimGrant.objects.create(membership=membership, claim_value=group_value)
            logger.info(
                "%s fik %s i %s fra gruppen %s", identity.email, grant.role, slug, group_value
            )
            continue
        claimed = ClaimGrant.objects.filter(membership=membership).first()
        if claimed is None:
            # An invitation or the secretariat gave this role; that decision stands.
            continue
        if membership.group_id != group.id or membership.organisation_id != (
            organisation.id if organisation else None
        ):
            membership.group = group
            membership.organisation = organisation
            membership._change_reason = _reason(f"Rolle ændret af kommunens login ({group_value})")
            membership.save()
        if claimed.claim_value != group_value:
            claimed.claim_value = group_value
            claimed.save(update_fields=["claim_value"])
    # Roles the groups gave before and no longer give go, as when the secretariat removes them.
    for claimed in ClaimGrant.objects.filter(membership__user=user).select_related(
        "membership__plan", "membership__group"
    ):
        if claimed.membership.plan.slug in wanted:
            continue
        membership = claimed.membership
        try:
            invitations.remove_access(membership=membership)
        except invitations.AccessError as error:
            logger.warning(
                "%s er ikke længere i gruppen %s, men beholder %s i %s: %s",
                identity.email,
                claimed.claim_value,
                membership.role,
                membership.plan.slug,
                error.message,
            )
        else:
            logger.info(
                "%s mistede %s i %s: gruppen %s gives ikke længere",
                identity.email,
                membership.role,
                membership.plan.slug,
                claimed.claim_value,
            )


def arrive(user, identity: Identity, now=None):
    """A matched (or new) user has logged in: names, open invitations and claimed roles."""
    now = now or timezone.now()
    with transaction.atomic():
        _update_names(user, identity)
        _take_invitations(user, identity, now)
        _apply_claims(user, identity, now)
    return user


def sign_in(identity: Identity, now=None):
    """The user for a verified identity with its access brought up to date, or None when the
    e-mail is missing, ambiguous or belongs to a blocked user."""
    email = valid_email(identity.email)
    if email is None:
        logger.warning("Login via %s uden gyldig e-mail afvist: %r", identity.via, identity.email)
        return None
    if email != identity.email:
        identity = Identity(
            email=email,
            via=identity.via,
            first_name=identity.first_name,
            last_name=identity.last_name,
            groups=identity.groups,
        )
    found = users_with_email(email)
    if len(found) > 1:
        logger.warning("Login via %s afvist: flere brugere har e-mailen %s", identity.via, email)
        return None
    if found:
        user = found[0]
    else:
        try:
            with transaction.atomic():
                user = create_user(identity)
        except IntegrityError:
            # Another tab logged the same person in at the same moment.
            user = users_with_email(email)[0]
    if not user.is_active:
        logger.warning("Login via %s afvist: brugeren %s er spærret", identity.via, email)
        return None
    return arrive(user, identity, now=now)


def has_plan_access(user) -> bool:
    return plans_for_user(user).exists()


def after_login_url(user, wanted: str) -> str:
    """Where a fresh SSO login goes: where it was going, or the page that says there is no
    plan yet (someone who may start plans goes to the start page, which offers that)."""
    if has_plan_access(user) or user.has_perm("plans.create_plan"):
        return wanted
    return reverse("sso:no_access")
