# Over 400 lines: one sign-in path (match, bind, create, claims to roles) whose safety checks read in order.
"""Who a person from the municipality's login is here, and which plans they may see.

Both logins (OpenID Connect and SAML) end in `sign_in`. A person is known by the provider
(issuer or IdP entity id) and the provider's id for them (subject or NameID), bound to a user
(ExternalIdentity) at their first login. Every later login finds the user by that pair alone.

At the first login the e-mail decides only this, and only when the provider vouches for it
(`Identity.email_verified`):
- no user has the e-mail: a new user named by it, without a password, is made and bound;
- a user has it and was made by the municipality's login (UnboundLogin) or is invited now (an
  open invitation to the e-mail), has no password, is neither staff nor superuser and has no
  other identity at this provider: it is bound;
- any other user with the e-mail (a password, staff, a superuser, bound to another person at the
  provider): the login is refused (LinkRefused), and the security log says why.
An e-mail the provider does not vouch for links nothing and takes no invitation: the person gets
a user of their own, named by the provider's id, with no e-mail.

Then open invitations to a vouched e-mail are taken, and the groups in HELHEDSPLAN_SSO_ROLE_CLAIM
give the roles HELHEDSPLAN_SSO_ROLE_MAP names. Nothing else gives access: a person with neither
is logged in and sees that they have no plan yet.
"""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts import invitations, memberships
from helhedsplan.accounts.access import plans_for_user
from helhedsplan.accounts.memberships import REASON_LENGTH
from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.plans.models import Organisation, Plan
from helhedsplan.sso.config import ROLE_NAMES, RoleGrant
from helhedsplan.sso.models import ClaimGrant, ExternalIdentity, UnboundLogin

logger = logging.getLogger("helhedsplan.security.sso")


# The longest issuer and subject ExternalIdentity keeps.
ISSUER_LENGTH = 1024
SUBJECT_LENGTH = 512


@dataclass(frozen=True)
class Identity:
    """What the IdP vouches for: who it is (issuer and subject), the e-mail and whether the
    provider says it has verified it, the name and the values of the role claim. `via` is
    ExternalIdentity.Via's value ("oidc" or "saml")."""

    email: str
    via: str
    issuer: str = ""
    subject: str = ""
    email_verified: bool = False
    first_name: str = ""
    last_name: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)

    @property
    def protocol(self) -> str:
        return (
            ExternalIdentity.Via(self.via).label if self.via in ExternalIdentity.Via else self.via
        )


class LinkRefused(Exception):
    """A user already has the e-mail and may not be bound to this login automatically."""

    def __init__(self, email: str, why: str):
        super().__init__(f"{email}: {why}")
        self.email = email
        self.why = why


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


def pseudonym(identity: Identity) -> str:
    """A username for a person whose e-mail the provider does not vouch for: from the provider's
    id, so that no e-mail (username, invitation, password reset) ever leads to this user."""
    digest = hashlib.sha256(f"{identity.issuer}\n{identity.subject}".encode()).hexdigest()
    return f"sso-{digest[:20]}"


def create_user(identity: Identity):
    """A user without a password (they log in through the municipality): named by the e-mail
    when the provider vouches for it, else by `pseudonym` and without an e-mail."""
    email = identity.email if identity.email_verified else ""
    user = get_user_model()(
        username=email or pseudonym(identity),
        email=email,
        first_name=identity.first_name[:150],
        last_name=identity.last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    logger.info(
        "Ny bruger %s fra kommunens login (%s, %s)",
        user.username,
        identity.protocol,
        identity.issuer,
    )
    return user


def _update_names(user, identity: Identity) -> None:
    changed = []
    for name in ("first_name", "last_name"):
        value = getattr(identity, name)[:150]
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if not user.email and identity.email_verified:
        user.email = identity.email
        changed.append("email")
    if changed:
        user.save(update_fields=changed)


def _take_invitations(user, identity: Identity, now) -> None:
    if not identity.email_verified:
        # An invitation goes to an e-mail: only an e-mail the provider vouches for takes it.
        return
    pending = Invitation.objects.open().filter(email__iexact=identity.email, expires_at__gt=now)
    for invitation in pending.select_related("plan", "group"):
        try:
            invitations.accept_verified(invitation=invitation, user=user, now=now)
        except (memberships.AccessError, invitations.InvitationRefused) as error:
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
            memberships.remove_access(membership=membership)
        except memberships.AccessError as error:
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


def _open_invitations(email: str, now):
    return Invitation.objects.open().filter(email__iexact=email, expires_at__gt=now)


def _why_not_bound(user, identity: Identity, now) -> str | None:
    """Why an existing user with the login's e-mail may not be bound to it (None: it may)."""
    if user.is_superuser:
        return "brugeren er superbruger"
    if user.is_staff:
        return "brugeren har adgang til administrationen (staff)"
    if user.has_usable_password():
        return "brugeren har en adgangskode"
    if ExternalIdentity.objects.filter(user=user, issuer=identity.issuer).exists():
        return "brugeren er allerede knyttet til en anden person hos samme udbyder"
    made_by_sso = UnboundLogin.objects.filter(user=user).exists()
    if not made_by_sso and not _open_invitations(identity.email, now).exists():
        return "brugeren er hverken inviteret eller lavet af kommunens login"
    return None


def _bind(user, identity: Identity, now) -> ExternalIdentity:
    UnboundLogin.objects.filter(user=user).delete()
    return ExternalIdentity.objects.create(
        user=user,
        via=identity.via,
        issuer=identity.issuer,
        subject=identity.subject,
        email=identity.email[:254],
        email_verified=identity.email_verified,
        created_at=now,
        last_login_at=now,
    )


def _first_login(identity: Identity, now):
    """The user for a subject seen for the first time, bound to it; None when refused."""
    found = users_with_email(identity.email) if identity.email_verified else []
    if len(found) > 1:
        logger.warning(
            "Login via %s afvist: flere brugere har e-mailen %s", identity.protocol, identity.email
        )
        return None
    with transaction.atomic():
        if found:
            user = found[0]
            if not user.is_active:
                logger.warning(
                    "Login via %s afvist: brugeren %s er spærret", identity.protocol, identity.email
                )
                return None
            why = _why_not_bound(user, identity, now)
            if why is not None:
                logger.warning(
                    "Login via %s afvist: %s (%s hos %s) har samme e-mail som en bruger, der ikke "
                    "knyttes automatisk: %s",
                    identity.protocol,
                    identity.email,
                    identity.subject,
                    identity.issuer,
                    why,
                )
                raise LinkRefused(identity.email, why)
            logger.info(
                "%s (%s hos %s) knyttet til den eksisterende bruger %s",
                identity.email,
                identity.subject,
                identity.issuer,
                user.username,
            )
        else:
            user = create_user(identity)
        _bind(user, identity, now)
    return user


def sign_in(identity: Identity, now=None):
    """The user for a verified identity with its access brought up to date, or None when the
    identity is incomplete, the e-mail missing or ambiguous, or the user blocked. Raises
    LinkRefused when the e-mail belongs to a user that may not be bound automatically."""
    now = now or timezone.now()
    if not identity.issuer.strip() or not identity.subject.strip():
        logger.warning("Login via %s uden udbyder eller id afvist", identity.protocol)
        return None
    if len(identity.issuer) > ISSUER_LENGTH or len(identity.subject) > SUBJECT_LENGTH:
        logger.warning("Login via %s afvist: udbyderens id er for langt", identity.protocol)
        return None
    email = valid_email(identity.email)
    if email is None:
        logger.warning(
            "Login via %s uden gyldig e-mail afvist: %r", identity.protocol, identity.email
        )
        return None
    if email != identity.email:
        identity = replace(identity, email=email)
    bound = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if bound is not None:
        user = bound.user
        if bound.email != email[:254] or bound.email_verified != identity.email_verified:
            # Kept for the record; the login stays with this user whatever the e-mail.
            logger.info(
                "%s hos %s har nu e-mailen %s (før %s); brugeren er stadig %s",
                identity.subject,
                identity.issuer,
                email,
                bound.email,
                user.username,
            )
        bound.email, bound.email_verified, bound.last_login_at = (
            email[:254],
            identity.email_verified,
            now,
        )
        bound.save(update_fields=["email", "email_verified", "last_login_at"])
    else:
        try:
            user = _first_login(identity, now)
        except IntegrityError:
            # Another tab bound the same person at the same moment: use its binding.
            bound = ExternalIdentity.objects.select_related("user").filter(
                issuer=identity.issuer, subject=identity.subject
            )
            user = bound.first().user if bound.exists() else None
        if user is None:
            return None
    if not user.is_active:
        logger.warning("Login via %s afvist: brugeren %s er spærret", identity.protocol, email)
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
