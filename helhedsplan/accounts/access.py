"""The one access check every plan view calls: which plan, and in which role."""

from dataclasses import dataclass

from django.http import Http404

from helhedsplan.accounts.models import PlanMembership, Role
from helhedsplan.plans.models import Plan


@dataclass(frozen=True)
class PlanAccess:
    plan: Plan
    role: str
    organisation_id: int | None = None

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SEKRETARIAT

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role


def plans_for_user(user):
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(memberships__user=user)


def get_plan_for_user(request, slug: str) -> PlanAccess:
    """The plan `slug` as the logged-in user may see it; 404 when the user has no role in it.

    A 404 rather than a 403, so that plan names are not revealed to outsiders.
    """
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None or not request.user.is_authenticated:
        raise Http404("Planen findes ikke.")
    if request.user.is_superuser:
        return PlanAccess(plan=plan, role=Role.SEKRETARIAT)
    membership = (
        PlanMembership.objects.filter(user=request.user, plan=plan).select_related("group").first()
    )
    if membership is None:
        raise Http404("Planen findes ikke.")
    return PlanAccess(plan=plan, role=membership.role, organisation_id=membership.organisation_id)
