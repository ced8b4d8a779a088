"""People's roles in a plan: the checks on a role, changing it, removing access, and who has
access. One transaction per action; every change is kept in the history (who, when). Invitations
(how a person gets a role in the first place) are in invitations."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F

from helhedsplan.accounts.models import PlanMembership, Role, role_label
from helhedsplan.plans.models import Activity, Organisation, Plan

# simple_history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


class AccessError(Exception):
    """A refused action on people and roles, with a Danish message for page and command line."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def check_role(
    *, plan: Plan, role: str, organisation: Organisation | None, activities: Iterable[Activity]
) -> tuple[Group, list[Activity]]:
    """The role's group and the activities, when they fit the plan; else AccessError."""
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
        group, activities = check_role(
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
